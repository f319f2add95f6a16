//! A table of records: a header row of translated titles, rows supplied by the page, and a
//! wrapper that scrolls sideways on narrow screens instead of stretching the page.

use leptos::prelude::*;

use crate::i18n::{tr, Text};

#[component]
pub fn Table(
    headers: Vec<Text>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class=class>
                <thead>
                    <tr>
                        {headers.into_iter().map(|header| view! { <th scope="col">{tr(header)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// An offer's status as a coloured label with its word (the colour is never the only cue).
#[component]
pub fn StatusBadge(open: bool) -> impl IntoView {
    let (class, text) = if open {
        ("badge open", crate::i18n::txt::STATUS_OPEN)
    } else {
        ("badge closed", crate::i18n::txt::STATUS_CLOSED)
    };
    view! { <span class=class>{tr(text)}</span> }
}
