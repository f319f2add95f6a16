//! `/signin`: email and password; afterwards the user goes back where they were heading.
//! The page also shows why the user was sent here (session expired, page needs an account).

use crate::router::{query_value, use_location};
use leptos::prelude::*;
use leptos::task::spawn_local;
use offreapi_types::{AuthResponse, LoginRequest, Role};

use crate::api::{use_api, Api, ApiError};
use crate::components::status::{use_title, SubmitRow};
use crate::i18n::{tr, txt, use_i18n};
use crate::session::use_session;

/// Where to go after signing in: the `next` address if it is one of ours, else the role's home.
pub fn destination(next: Option<String>, role: Role) -> String {
    match next {
        // Only paths on this site: "//host" or "https://…" would leave it.
        Some(next) if next.starts_with('/') && !next.starts_with("//") => next,
        _ => match role {
            Role::Recruiter => "/recruiter/offers".into(),
            Role::Candidate => "/".into(),
        },
    }
}

/// Sends the user on after a successful sign-in or sign-up.
pub fn use_signed_in() -> impl Fn(AuthResponse) + Clone {
    let session = use_session();
    let location = use_location();
    move |response: AuthResponse| {
        let role = response.user.role;
        session.sign_in(response);
        let next = location.search.with_untracked(|s| query_value(s, "next"));
        location.go(&destination(next, role), false);
    }
}

/// Posts credentials to `path` and signs in with the answer; `pending` and `error` follow it.
pub fn send_credentials<B: serde::Serialize + 'static>(
    api: Api,
    path: &'static str,
    body: B,
    pending: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    signed_in: impl Fn(AuthResponse) + 'static,
) {
    pending.set(true);
    error.set(None);
    spawn_local(async move {
        match api.post::<_, AuthResponse>(path, &body).await {
            Ok(response) => signed_in(response),
            Err(e) => error.set(Some(e)),
        }
        pending.set(false);
    });
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    use_title(txt::SIGN_IN_TITLE);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let signed_in = use_signed_in();
    let location = use_location();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        send_credentials(api, "/auth/login", body, pending, error, signed_in.clone());
    };
    let sign_up_href = move || match location.query("next") {
        Some(next) => format!("/signup?next={}", crate::api::encode(&next)),
        None => "/signup".into(),
    };

    view! {
        <div class="narrow">
            <h1>{tr(txt::SIGN_IN_TITLE)}</h1>
            {move || session.notice_for("/signin").map(|text| view! {
                <p class="notice" role="status">{move || i18n.t(text)}</p>
            })}
            <form class="stacked" on:submit=submit>
                <div class="field">
                    <label for="email">{tr(txt::EMAIL)}</label>
                    <input id="email" type="email" autocomplete="email" required bind:value=email/>
                </div>
                <div class="field">
                    <label for="password">{tr(txt::PASSWORD)}</label>
                    <input id="password" type="password" autocomplete="current-password" required bind:value=password/>
                </div>
                <SubmitRow pending error label=txt::SUBMIT_SIGN_IN/>
            </form>
            <p>{tr(txt::NO_ACCOUNT)} " " <a href=sign_up_href>{tr(txt::NAV_SIGN_UP)}</a></p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            destination(Some("/offers/4/apply".into()), Role::Candidate),
            "/offers/4/apply"
        );
        assert_eq!(
            destination(Some("//evil.example".into()), Role::Candidate),
            "/"
        );
        assert_eq!(
            destination(Some("https://evil.example".into()), Role::Recruiter),
            "/recruiter/offers"
        );
        assert_eq!(destination(None, Role::Recruiter), "/recruiter/offers");
    }
}
