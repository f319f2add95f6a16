//! `/recruiter/offers/new` and `/recruiter/offers/:id/edit`: an offer's fields, skills and
//! questions as editable lists. Saving an edit rescores the offer's applications on the server.

use crate::router::use_location;
use leptos::prelude::*;
use leptos::task::spawn_local;
use offreapi_types::{Offer, OfferInput, Role};

use crate::api::{use_api, ApiError};
use crate::components::guard::RequireRole;
use crate::components::list_editor::ListEditor;
use crate::components::status::{show_result, use_title, SubmitRow};
use crate::i18n::{tr, txt, use_i18n};
use crate::session::use_session;
use crate::validate::clean_items;

#[component]
pub fn NewOfferPage() -> impl IntoView {
    use_title(txt::NEW_OFFER_TITLE);
    view! {
        <RequireRole role=Role::Recruiter>
            <OfferForm offer=None/>
        </RequireRole>
    }
}

#[component]
pub fn EditOfferPage(id: i64) -> impl IntoView {
    use_title(txt::EDIT_OFFER_TITLE);
    view! {
        <RequireRole role=Role::Recruiter>
            <EditOfferLoader id/>
        </RequireRole>
    }
}

#[component]
fn EditOfferLoader(id: i64) -> impl IntoView {
    let api = use_api();
    let offer =
        LocalResource::new(move || async move { api.get::<Offer>(&format!("/offers/{id}")).await });
    move || {
        show_result(
            offer.get(),
            |offer| view! { <OfferForm offer=Some(offer)/> },
        )
    }
}

#[component]
fn OfferForm(offer: Option<Offer>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let location = use_location();
    let editing = offer.as_ref().map(|o| o.id);
    let field = |f: fn(&Offer) -> String| offer.as_ref().map(f).unwrap_or_default();
    let title = RwSignal::new(field(|o| o.title.clone()));
    let place = RwSignal::new(field(|o| o.location.clone()));
    let description = RwSignal::new(field(|o| o.description.clone()));
    let skills = RwSignal::new(offer.as_ref().map(|o| o.skills.clone()).unwrap_or_default());
    let questions = RwSignal::new(
        offer
            .as_ref()
            .map(|o| o.questions.clone())
            .unwrap_or_default(),
    );
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = OfferInput {
            title: title.get_untracked(),
            description: description.get_untracked(),
            location: place.get_untracked(),
            skills: clean_items(&skills.get_untracked()),
            questions: clean_items(&questions.get_untracked()),
            status: None,
        };
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let saved = match editing {
                Some(id) => api.put::<_, Offer>(&format!("/offers/{id}"), &body).await,
                None => api.post::<_, Offer>("/offers", &body).await,
            };
            pending.set(false);
            match saved {
                Ok(_) => {
                    session.set_notice(txt::SAVED, "/recruiter/offers");
                    location.go("/recruiter/offers", false);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    view! {
        <h1>{move || i18n.t(if editing.is_some() { txt::EDIT_OFFER_TITLE } else { txt::NEW_OFFER_TITLE })}</h1>
        <form class="stacked" on:submit=submit>
            <div class="field">
                <label for="offer-title">{tr(txt::TITLE)}</label>
                <input id="offer-title" type="text" required maxlength="200" bind:value=title/>
            </div>
            <div class="field">
                <label for="offer-location">{tr(txt::LOCATION)}</label>
                <input id="offer-location" type="text" maxlength="200" bind:value=place/>
            </div>
            <div class="field">
                <label for="offer-description">{tr(txt::DESCRIPTION)}</label>
                <textarea id="offer-description" rows="8" required maxlength="20000" bind:value=description></textarea>
            </div>
            <ListEditor
                id="skill"
                legend=txt::SKILLS
                item_label=txt::SKILL_N
                add_label=txt::ADD_SKILL
                remove_label=txt::REMOVE
                items=skills
            />
            <ListEditor
                id="question"
                legend=txt::QUESTIONS
                item_label=txt::QUESTION_N
                add_label=txt::ADD_QUESTION
                remove_label=txt::REMOVE
                items=questions
            />
            <SubmitRow pending error label=if editing.is_some() { txt::SAVE } else { txt::PUBLISH }/>
        </form>
    }
}
