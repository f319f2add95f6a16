//! One file per page of the app, named after the route it answers.
//! Pages load their data with resources and compose the components of `crate::components`.

pub mod apply;
pub mod dashboard;
pub mod my_applications;
pub mod my_offers;
pub mod not_found;
pub mod offer;
pub mod offer_form;
pub mod offers;
pub mod sign_in;
pub mod sign_up;
