//! `/offers/:id`: one offer in full, and the way to apply (or to manage it, for its owner).
//! Closed offers stay readable by their owner and by candidates who applied.

use leptos::prelude::*;
use offreapi_types::{Offer, OfferStatus, Role};

use crate::api::{encode, use_api};
use crate::components::status::{show_result, use_title};
use crate::components::table::StatusBadge;
use crate::i18n::{date, tr, txt, use_i18n};
use crate::pages::offers::{Location, SkillList};
use crate::session::use_session;

#[component]
pub fn OfferPage(id: i64) -> impl IntoView {
    let api = use_api();
    use_title(txt::OFFERS_TITLE);
    let offer =
        LocalResource::new(move || async move { api.get::<Offer>(&format!("/offers/{id}")).await });
    move || show_result(offer.get(), |offer| view! { <OfferDetail offer/> })
}

#[component]
fn OfferDetail(offer: Offer) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = offer.id;
    let owner_id = offer.owner_id;
    let open = offer.status == OfferStatus::Open;
    let created = offer.created_at;
    let location = offer.location.clone();
    let questions = offer.questions.clone();
    let has_questions = !questions.is_empty();

    let actions = move || {
        let user = session.user();
        match user.as_ref().map(|u| u.role) {
            _ if !open => view! { <p class="notice">{tr(txt::OFFER_CLOSED)}</p> }.into_any(),
            Some(Role::Candidate) => view! {
                <a href=format!("/offers/{id}/apply") class="button">{tr(txt::APPLY)}</a>
            }
            .into_any(),
            Some(Role::Recruiter) if user.as_ref().is_some_and(|u| u.id == owner_id) => view! {
                <a href=format!("/recruiter/offers/{id}/dashboard") class="button">{tr(txt::DASHBOARD)}</a>
                " "
                <a href=format!("/recruiter/offers/{id}/edit") class="button secondary">{tr(txt::EDIT)}</a>
            }
            .into_any(),
            Some(Role::Recruiter) => ().into_any(),
            None => view! {
                <p>
                    <a href=format!("/signin?next={}", encode(&format!("/offers/{id}/apply")))>
                        {tr(txt::SIGN_IN_TO_APPLY)}
                    </a>
                </p>
            }
            .into_any(),
        }
    };

    view! {
        <article class="offer">
            <h1>{offer.title}</h1>
            <p class="meta">
                <StatusBadge open/>
                " "
                <Location location/>
                " · "
                <span>{tr(txt::PUBLISHED_ON)} " " {move || date(i18n.lang(), created)}</span>
            </p>
            <section>
                <h2>{tr(txt::SKILLS)}</h2>
                <SkillList skills=offer.skills/>
            </section>
            <section>
                <h2>{tr(txt::DESCRIPTION)}</h2>
                <p class="description">{offer.description}</p>
            </section>
            {has_questions.then(|| view! {
                <section>
                    <h2>{tr(txt::QUESTIONS)}</h2>
                    <ol>{questions.into_iter().map(|q| view! { <li>{q}</li> }).collect_view()}</ol>
                </section>
            })}
            <div class="actions">{actions}</div>
        </article>
    }
}
