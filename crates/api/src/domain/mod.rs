//! Domain types that can only hold valid values: parsing them is the validation.
//! Routes turn wire bodies into these before anything touches the database.

mod answers;
mod email;
mod offer;
mod pagination;
mod password;
mod person_name;

pub use answers::Answers;
pub use email::Email;
pub use offer::{OfferDraft, MAX_QUESTIONS, MAX_SKILLS};
pub use pagination::Pagination;
pub use password::Password;
pub use person_name::PersonName;
