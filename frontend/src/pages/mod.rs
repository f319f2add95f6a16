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

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The numeric `:id` of the route, or `None` when the address holds something else.
pub fn route_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|id| id.parse().ok()))
}
