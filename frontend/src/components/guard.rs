//! Pages for one role only: anyone else is sent elsewhere with a message saying why.
//! Signed-out users go to sign-in (and come back after); the wrong role goes to the offers.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use offreapi_types::Role;

use crate::api::encode;
use crate::i18n::txt;
use crate::session::use_session;

#[component]
pub fn RequireRole(role: Role, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        let replace = NavigateOptions {
            replace: true,
            ..Default::default()
        };
        match session.role() {
            Some(current) if current == role => {}
            Some(_) => {
                let why = match role {
                    Role::Recruiter => txt::RECRUITERS_ONLY,
                    Role::Candidate => txt::CANDIDATES_ONLY,
                };
                session.set_notice(why, "/");
                navigate("/", replace);
            }
            None => {
                let here = location.pathname.get_untracked() + &location.search.get_untracked();
                session.set_notice_unless_set(txt::SIGN_IN_REQUIRED, "/signin");
                navigate(&format!("/signin?next={}", encode(&here)), replace);
            }
        }
    });
    move || (session.role() == Some(role)).then(|| children())
}
