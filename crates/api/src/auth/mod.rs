//! Authentication: password hashing, session tokens, the signed-in-user extractor, rate limits.
//! Handlers ask for an `AuthUser` argument and get a 401 problem when there is none.

mod extractor;
mod password;
mod rate_limit;
mod token;

pub use extractor::AuthUser;
pub use password::{hash_password, verify_password};
pub use rate_limit::RateLimiter;
pub use token::{Claims, TokenKeys};
