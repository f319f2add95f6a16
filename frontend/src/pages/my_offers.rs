//! `/recruiter/offers`: the recruiter's offers, open and closed, with their actions.
//! Closing keeps an offer and its applications but takes it off the public list.

use crate::router::use_location;
use leptos::prelude::*;
use leptos::task::spawn_local;
use offreapi_types::{Offer, OfferInput, OfferStatus, Page, Role};

use crate::api::{use_api, ApiError};
use crate::components::guard::RequireRole;
use crate::components::pager::Pager;
use crate::components::status::{show_result, use_title, ErrorMessage};
use crate::components::table::{StatusBadge, Table};
use crate::i18n::{date, tr, txt, use_i18n};
use crate::session::use_session;

#[component]
pub fn MyOffersPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Recruiter>
            <MyOffers/>
        </RequireRole>
    }
}

/// The body that changes only an offer's status.
pub fn with_status(offer: &Offer, status: OfferStatus) -> OfferInput {
    OfferInput {
        title: offer.title.clone(),
        description: offer.description.clone(),
        location: offer.location.clone(),
        skills: offer.skills.clone(),
        questions: offer.questions.clone(),
        status: Some(status),
    }
}

#[component]
fn MyOffers() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let location = use_location();
    use_title(txt::MY_OFFERS_TITLE);
    let page = move || {
        location
            .query("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let offers = LocalResource::new(move || {
        let path = format!("/me/offers?page={}", page());
        async move { api.get::<Page<Offer>>(&path).await }
    });
    let action_error = RwSignal::new(None::<ApiError>);
    let set_status = move |offer: Offer, status: OfferStatus| {
        spawn_local(async move {
            let body = with_status(&offer, status);
            match api
                .put::<_, Offer>(&format!("/offers/{}", offer.id), &body)
                .await
            {
                Ok(_) => offers.refetch(),
                Err(e) => action_error.set(Some(e)),
            }
        });
    };
    let delete = move |id: i64| {
        if window()
            .confirm_with_message(i18n.t(txt::DELETE_CONFIRM))
            .unwrap_or(false)
        {
            spawn_local(async move {
                match api.delete(&format!("/offers/{id}")).await {
                    Ok(()) => offers.refetch(),
                    Err(e) => action_error.set(Some(e)),
                }
            });
        }
    };

    view! {
        <h1>{tr(txt::MY_OFFERS_TITLE)}</h1>
        {move || session.notice_for("/recruiter/offers").map(|text| view! {
            <p class="notice success" role="status">{move || i18n.t(text)}</p>
        })}
        <p><a href="/recruiter/offers/new" class="button">{tr(txt::NAV_NEW_OFFER)}</a></p>
        {move || action_error.get().map(|error| view! { <ErrorMessage error/> })}
        {move || show_result(offers.get(), move |list: Page<Offer>| {
            if list.items.is_empty() {
                return view! { <p class="empty">{tr(txt::NO_MY_OFFERS)}</p> }.into_any();
            }
            let rows = list.items.into_iter().map(|offer| {
                let id = offer.id;
                let open = offer.status == OfferStatus::Open;
                let created = offer.created_at;
                let toggle = offer.clone();
                view! {
                    <tr class="offer-row">
                        <td><a href=format!("/offers/{id}")>{offer.title}</a></td>
                        <td><StatusBadge open/></td>
                        <td>{move || date(i18n.lang(), created)}</td>
                        <td class="row-actions">
                            <a href=format!("/recruiter/offers/{id}/dashboard") class="button">{tr(txt::DASHBOARD)}</a>
                            <a href=format!("/recruiter/offers/{id}/edit") class="button secondary">{tr(txt::EDIT)}</a>
                            <button
                                type="button"
                                class="secondary"
                                on:click=move |_| set_status(toggle.clone(), if open { OfferStatus::Closed } else { OfferStatus::Open })
                            >
                                {move || i18n.t(if open { txt::CLOSE_OFFER } else { txt::REOPEN_OFFER })}
                            </button>
                            <button type="button" class="danger" on:click=move |_| delete(id)>
                                {tr(txt::DELETE)}
                            </button>
                        </td>
                    </tr>
                }
            }).collect_view();
            view! {
                <Table headers=vec![txt::TITLE, txt::STATUS, txt::PUBLISHED_ON, txt::ACTIONS]>{rows}</Table>
                <Pager page=list.page total=list.total per_page=list.per_page href=|n| format!("/recruiter/offers?page={n}")/>
            }.into_any()
        })}
    }
}
