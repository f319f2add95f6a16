//! The app's shell: language, session and location contexts, the header, and the page of the
//! current address. Addresses read like the product (`/offers/42`), so deep links work.

use leptos::prelude::*;

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
use crate::router::{use_location, Location, Route};
use crate::session::{use_session, Session};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    Session::provide();
    let location = Location::provide();
    watch_session();
    // A new page for each new route; query changes stay within the page.
    let route = Memo::new(move |_| location.route());
    let page = move || match route.get() {
        Route::Offers => view! { <OffersPage/> }.into_any(),
        Route::Offer(id) => view! { <OfferPage id/> }.into_any(),
        Route::Apply(id) => view! { <ApplyPage id/> }.into_any(),
        Route::SignIn => view! { <SignInPage/> }.into_any(),
        Route::SignUp => view! { <SignUpPage/> }.into_any(),
        Route::MyApplications => view! { <MyApplicationsPage/> }.into_any(),
        Route::MyOffers => view! { <MyOffersPage/> }.into_any(),
        Route::NewOffer => view! { <NewOfferPage/> }.into_any(),
        Route::EditOffer(id) => view! { <EditOfferPage id/> }.into_any(),
        Route::Dashboard(id) => view! { <DashboardPage id/> }.into_any(),
        Route::NotFound => view! { <NotFound/> }.into_any(),
    };
    view! {
        <Nav/>
        <main id="main" tabindex="-1">
            <GlobalNotice/>
            {page}
        </main>
    }
}

/// Sends the user to sign-in, with the way back, when the API ends their session.
fn watch_session() {
    let session = use_session();
    let location = use_location();
    Effect::new(move |previous: Option<u32>| {
        let expirations = session.expirations();
        if previous.is_some_and(|previous| previous != expirations) {
            location.to_sign_in();
        }
        expirations
    });
}

/// A message left for the current page by the page that sent the user here (sign-in and
/// "my offers" show theirs in place).
#[component]
fn GlobalNotice() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    move || {
        let path = location.path.get();
        (path != "/signin" && path != "/recruiter/offers")
            .then(|| session.notice_for(&path))
            .flatten()
            .map(|text| view! { <p class="notice" role="status">{move || i18n.t(text)}</p> })
    }
}
