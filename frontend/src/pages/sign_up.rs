//! `/signup`: a new account, as a candidate or a recruiter (the role is chosen here, once).
//! The API's field errors (email taken, password too short) are shown under the form.

use leptos::prelude::*;
use offreapi_types::{RegisterRequest, Role};

use crate::api::{use_api, ApiError};
use crate::components::status::{use_title, SubmitRow};
use crate::i18n::{tr, txt, use_i18n};
use crate::pages::sign_in::{send_credentials, use_signed_in};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    use_title(txt::SIGN_UP_TITLE);
    let full_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Candidate);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let signed_in = use_signed_in();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = RegisterRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            full_name: full_name.get_untracked(),
            role: role.get_untracked(),
        };
        send_credentials(
            api,
            "/auth/register",
            body,
            pending,
            error,
            signed_in.clone(),
        );
    };
    let role_option = move |value: Role, id: &'static str, text| {
        view! {
            <label class="choice" for=id>
                <input
                    id=id
                    type="radio"
                    name="role"
                    value=value.as_str()
                    prop:checked=move || role.get() == value
                    on:change=move |_| role.set(value)
                />
                {move || i18n.t(text)}
            </label>
        }
    };

    view! {
        <div class="narrow">
            <h1>{tr(txt::SIGN_UP_TITLE)}</h1>
            <form class="stacked" on:submit=submit>
                <fieldset class="field">
                    <legend>{tr(txt::ROLE)}</legend>
                    {role_option(Role::Candidate, "role-candidate", txt::ROLE_CANDIDATE)}
                    {role_option(Role::Recruiter, "role-recruiter", txt::ROLE_RECRUITER)}
                </fieldset>
                <div class="field">
                    <label for="full-name">{tr(txt::FULL_NAME)}</label>
                    <input id="full-name" type="text" autocomplete="name" required bind:value=full_name/>
                </div>
                <div class="field">
                    <label for="email">{tr(txt::EMAIL)}</label>
                    <input id="email" type="email" autocomplete="email" required bind:value=email/>
                </div>
                <div class="field">
                    <label for="password">{tr(txt::PASSWORD)}</label>
                    <input
                        id="password" type="password" autocomplete="new-password" required minlength="8"
                        aria-describedby="password-hint" bind:value=password
                    />
                    <small id="password-hint">{tr(txt::PASSWORD_HINT)}</small>
                </div>
                <SubmitRow pending error label=txt::SUBMIT_SIGN_UP/>
            </form>
            <p>{tr(txt::HAVE_ACCOUNT)} " " <a href="/signin">{tr(txt::NAV_SIGN_IN)}</a></p>
        </div>
    }
}
