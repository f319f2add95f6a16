//! Business operations over the database: the only layer that builds queries.
//! Functions take domain types in and give wire types out.

pub mod applications;
pub mod dashboard;
pub mod offers;
pub mod scoring;
pub mod users;
