//! The page for addresses that match no route.
//! It says so plainly and offers the way back to the offers.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::status::use_title;
use crate::i18n::{tr, txt, use_i18n};

#[component]
pub fn NotFound() -> impl IntoView {
    use_title(txt::NOT_FOUND_TITLE);
    view! {
        <h1>{tr(txt::NOT_FOUND_TITLE)}</h1>
        <p>{tr(txt::NOT_FOUND_BODY)}</p>
        <p><A href="/">{tr(txt::BACK_TO_OFFERS)}</A></p>
    }
}
