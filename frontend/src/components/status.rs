//! What the user sees while a request runs and when it fails: never a blank page.
//! Errors show the API's own problem message; loading states are announced to screen readers.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{tr, txt, use_i18n, Text};

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {tr(txt::LOADING)}
        </p>
    }
}

#[component]
pub fn ErrorMessage(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error" role="alert">
            <strong>{tr(txt::ERROR_TITLE)}</strong>
            <p class="error-message">{move || error.message(i18n.lang())}</p>
        </div>
    }
}

/// A form's last row: the API's error, if any, then the submit button, busy while `pending`.
#[component]
pub fn SubmitRow(
    pending: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    label: Text,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || error.get().map(|error| view! { <ErrorMessage error/> })}
        <button type="submit" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            {move || i18n.t(if pending.get() { txt::WORKING } else { label })}
        </button>
    }
}

/// Renders a loaded value, or the loading state, or the error, for a `LocalResource`.
pub fn show_result<T, V>(value: Option<Result<T, ApiError>>, render: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match value {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => view! { <ErrorMessage error/> }.into_any(),
        Some(Ok(value)) => render(value).into_any(),
    }
}

/// Keeps the browser tab's title on the page's heading, in the current language.
pub fn use_title(text: crate::i18n::Text) {
    let i18n = use_i18n();
    Effect::new(move |_| document().set_title(&format!("{} · OffreAPI", i18n.t(text))));
}
