//! sea-orm entities: the rows of each table as Rust structs.
//! Only `services` touches them; routes see wire types and domain types.

pub mod application;
pub mod cv_document;
pub mod offer;
pub mod user;
