//! The page for addresses that match no route.
//! It says so plainly and offers the way back to the offers.

use leptos::prelude::*;

use crate::components::status::use_title;
use crate::i18n::{tr, txt};

#[component]
pub fn NotFound() -> impl IntoView {
    use_title(txt::NOT_FOUND_TITLE);
    view! {
        <h1>{tr(txt::NOT_FOUND_TITLE)}</h1>
        <p>{tr(txt::NOT_FOUND_BODY)}</p>
        <p><a href="/">{tr(txt::BACK_TO_OFFERS)}</a></p>
    }
}
