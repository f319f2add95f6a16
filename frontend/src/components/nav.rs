//! The header: the product's name, links for the signed-in role, the language switch.
//! The link to the current page carries aria-current, which the style sheet shows.

use leptos::prelude::*;
use offreapi_types::Role;

use crate::i18n::{tr, txt, use_i18n, Text};
use crate::router::use_location;
use crate::session::use_session;

#[component]
fn NavLink(href: &'static str, text: Text) -> impl IntoView {
    let location = use_location();
    let current = move || location.path.with(|path| path == href).then_some("page");
    view! { <li><a href=href aria-current=current>{tr(text)}</a></li> }
}

#[component]
pub fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let sign_out = move |_| {
        session.sign_out();
        location.go("/", false);
    };
    let links = move || match session.role() {
        None => view! {
            <NavLink href="/signin" text=txt::NAV_SIGN_IN/>
            <NavLink href="/signup" text=txt::NAV_SIGN_UP/>
        }
        .into_any(),
        Some(Role::Candidate) => view! {
            <NavLink href="/me/applications" text=txt::NAV_MY_APPLICATIONS/>
        }
        .into_any(),
        Some(Role::Recruiter) => view! {
            <NavLink href="/recruiter/offers" text=txt::NAV_MY_OFFERS/>
            <NavLink href="/recruiter/offers/new" text=txt::NAV_NEW_OFFER/>
        }
        .into_any(),
    };
    let account = move || {
        session.user().map(|user| {
            view! {
                <span class="user-name">{user.full_name}</span>
                <button type="button" class="link-button" on:click=sign_out>
                    {tr(txt::NAV_SIGN_OUT)}
                </button>
            }
        })
    };
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main">{tr(txt::SKIP_TO_CONTENT)}</a>
            <a href="/" class="brand">{tr(txt::APP_NAME)}</a>
            <nav aria-label=tr(txt::NAV_MAIN)>
                <ul>
                    <NavLink href="/" text=txt::NAV_OFFERS/>
                    {links}
                </ul>
            </nav>
            <div class="account">
                {account}
                <button
                    type="button"
                    class="lang-switch"
                    lang=move || i18n.lang().other().code()
                    aria-label=tr(txt::SWITCH_LANGUAGE_LABEL)
                    on:click=move |_| i18n.set(i18n.lang().other())
                >
                    {tr(txt::SWITCH_LANGUAGE)}
                </button>
            </div>
        </header>
    }
}
