//! Pages for one role only: anyone else is sent elsewhere with a message saying why.
//! Signed-out users go to sign-in (and come back after); the wrong role goes to the offers.

use crate::router::use_location;
use leptos::prelude::*;
use offreapi_types::Role;

use crate::i18n::txt;
use crate::session::use_session;

#[component]
pub fn RequireRole(role: Role, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    Effect::new(move |_| match session.role() {
        Some(current) if current == role => {}
        Some(_) => {
            let why = match role {
                Role::Recruiter => txt::RECRUITERS_ONLY,
                Role::Candidate => txt::CANDIDATES_ONLY,
            };
            session.set_notice(why, "/");
            location.go("/", true);
        }
        None => {
            session.set_notice_unless_set(txt::SIGN_IN_REQUIRED, "/signin");
            location.to_sign_in();
        }
    });
    move || (session.role() == Some(role)).then(|| children())
}
