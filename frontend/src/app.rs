//! The app's shell: language and session contexts, the header, and the routes.
//! Addresses mirror the product's vocabulary so deep links read well (`/offers/42`).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

use crate::api::encode;
use crate::components::nav::Nav;
use crate::i18n::{use_i18n, I18n};
use crate::pages::apply::ApplyPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::my_applications::MyApplicationsPage;
use crate::pages::my_offers::MyOffersPage;
use crate::pages::not_found::NotFound;
use crate::pages::offer::OfferPage;
use crate::pages::offer_form::{EditOfferPage, NewOfferPage};
use crate::pages::offers::OffersPage;
use crate::pages::sign_in::SignInPage;
use crate::pages::sign_up::SignUpPage;
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    Session::provide();
    view! {
        <Router>
            <SessionWatch/>
            <Nav/>
            <main id="main" tabindex="-1">
                <GlobalNotice/>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=OffersPage/>
                    <Route path=path!("/offers/:id") view=OfferPage/>
                    <Route path=path!("/offers/:id/apply") view=ApplyPage/>
                    <Route path=path!("/signin") view=SignInPage/>
                    <Route path=path!("/signup") view=SignUpPage/>
                    <Route path=path!("/me/applications") view=MyApplicationsPage/>
                    <Route path=path!("/recruiter/offers") view=MyOffersPage/>
                    <Route path=path!("/recruiter/offers/new") view=NewOfferPage/>
                    <Route path=path!("/recruiter/offers/:id/edit") view=EditOfferPage/>
                    <Route path=path!("/recruiter/offers/:id/dashboard") view=DashboardPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// Sends the user to sign-in, with the way back, when the API ends their session.
#[component]
fn SessionWatch() -> impl IntoView {
    let session = crate::session::use_session();
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |previous: Option<u32>| {
        let expirations = session.expirations();
        if previous.is_some_and(|previous| previous != expirations) {
            let here = location.pathname.get_untracked() + &location.search.get_untracked();
            let options = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate(&format!("/signin?next={}", encode(&here)), options);
        }
        expirations
    });
}

/// A message left for the current page by the page that sent the user here (not sign-in's own).
#[component]
fn GlobalNotice() -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::session::use_session();
    let location = use_location();
    move || {
        let path = location.pathname.get();
        (path != "/signin" && path != "/recruiter/offers")
            .then(|| session.notice_for(&path))
            .flatten()
            .map(|text| view! { <p class="notice" role="status">{move || i18n.t(text)}</p> })
    }
}
