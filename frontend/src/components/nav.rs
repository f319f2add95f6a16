//! The header: the product's name, links for the signed-in role, the language switch.
//! Links mark the current page with aria-current, which the style sheet shows.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use offreapi_types::Role;

use crate::i18n::{tr, txt, use_i18n};
use crate::session::use_session;

#[component]
pub fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        session.sign_out();
        navigate("/", Default::default());
    };
    let links = move || match session.role() {
        None => view! {
            <li><A href="/signin">{tr(txt::NAV_SIGN_IN)}</A></li>
            <li><A href="/signup">{tr(txt::NAV_SIGN_UP)}</A></li>
        }
        .into_any(),
        Some(Role::Candidate) => view! {
            <li><A href="/me/applications">{tr(txt::NAV_MY_APPLICATIONS)}</A></li>
        }
        .into_any(),
        Some(Role::Recruiter) => view! {
            <li><A href="/recruiter/offers" exact=true>{tr(txt::NAV_MY_OFFERS)}</A></li>
            <li><A href="/recruiter/offers/new">{tr(txt::NAV_NEW_OFFER)}</A></li>
        }
        .into_any(),
    };
    let account = move || {
        session.user().map(|user| {
            view! {
                <span class="user-name">{user.full_name}</span>
                <button type="button" class="link-button" on:click=sign_out.clone()>
                    {tr(txt::NAV_SIGN_OUT)}
                </button>
            }
        })
    };
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main">{tr(txt::SKIP_TO_CONTENT)}</a>
            <A href="/" exact=true attr:class="brand">{tr(txt::APP_NAME)}</A>
            <nav aria-label=tr(txt::NAV_MAIN)>
                <ul>
                    <li><A href="/" exact=true>{tr(txt::NAV_OFFERS)}</A></li>
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
