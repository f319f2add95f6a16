//! `/`: the public list of open offers, with search, filters and pagination.
//! The filters live in the address, so a search can be shared and the back button undoes it.

use crate::router::use_location;
use leptos::prelude::*;
use offreapi_types::{Offer, Page};

use crate::api::{query_string, use_api};
use crate::components::pager::Pager;
use crate::components::status::{show_result, use_title};
use crate::i18n::{date, tr, txt, use_i18n};

#[component]
pub fn OffersPage() -> impl IntoView {
    let api = use_api();
    let location = use_location();
    use_title(txt::OFFERS_TITLE);

    let param = move |key: &str| location.query(key).unwrap_or_default();
    let filters = move || {
        vec![
            ("q", param("q")),
            ("location", param("location")),
            ("skill", param("skill")),
        ]
    };
    let page = move || param("page").parse::<u64>().unwrap_or(1).max(1);
    let offers = LocalResource::new(move || {
        let mut pairs = filters();
        pairs.push(("page", page().to_string()));
        let path = format!("/offers{}", query_string(&pairs));
        async move { api.get::<Page<Offer>>(&path).await }
    });

    // The form's fields start from the address and are applied on submit.
    let terms = RwSignal::new(param("q"));
    let place = RwSignal::new(param("location"));
    let skill = RwSignal::new(param("skill"));
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs = [
            ("q", terms.get_untracked()),
            ("location", place.get_untracked()),
            ("skill", skill.get_untracked()),
        ];
        location.go(&format!("/{}", query_string(&pairs)), false);
    };
    let reset = move |_| {
        terms.set(String::new());
        place.set(String::new());
        skill.set(String::new());
    };

    view! {
        <h1>{tr(txt::OFFERS_TITLE)}</h1>
        <form class="search" role="search" on:submit=search>
            <div class="field">
                <label for="search-q">{tr(txt::SEARCH_TERMS)}</label>
                <input id="search-q" type="search" name="q" bind:value=terms/>
            </div>
            <div class="field">
                <label for="search-location">{tr(txt::SEARCH_LOCATION)}</label>
                <input id="search-location" type="text" name="location" bind:value=place/>
            </div>
            <div class="field">
                <label for="search-skill">{tr(txt::SEARCH_SKILL)}</label>
                <input id="search-skill" type="text" name="skill" bind:value=skill/>
            </div>
            <div class="actions">
                <button type="submit">{tr(txt::SEARCH)}</button>
                <a href="/" on:click=reset class="button secondary">
                    {tr(txt::SEARCH_RESET)}
                </a>
            </div>
        </form>
        {move || show_result(offers.get(), move |page_of: Page<Offer>| {
            let count = page_of.total;
            let href = move |n: u64| {
                let mut pairs = filters();
                pairs.push(("page", n.to_string()));
                format!("/{}", query_string(&pairs))
            };
            view! {
                <p class="result-count" role="status">{count} " " {tr(txt::RESULTS)}</p>
                {if page_of.items.is_empty() {
                    view! { <p class="empty">{tr(txt::NO_OFFERS)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="offer-list">
                            {page_of.items.into_iter().map(|offer| view! { <OfferCard offer/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <Pager page=page_of.page total=page_of.total per_page=page_of.per_page href/>
            }
        })}
    }
}

#[component]
fn OfferCard(offer: Offer) -> impl IntoView {
    let i18n = use_i18n();
    let location = offer.location.clone();
    let created = offer.created_at;
    view! {
        <li class="card offer-card">
            <h2><a href=format!("/offers/{}", offer.id)>{offer.title}</a></h2>
            <p class="meta">
                <Location location/>
                " · "
                <span>{tr(txt::PUBLISHED_ON)} " " {move || date(i18n.lang(), created)}</span>
            </p>
            <SkillList skills=offer.skills/>
        </li>
    }
}

/// Where the job is, or a word saying the offer does not tell.
#[component]
pub fn Location(location: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="location">
            {move || if location.is_empty() { i18n.t(txt::LOCATION_ANYWHERE).to_owned() } else { location.clone() }}
        </span>
    }
}

/// Skills as a list of tags.
#[component]
pub fn SkillList(skills: Vec<String>, #[prop(optional)] class: &'static str) -> impl IntoView {
    view! {
        <ul class=format!("tags {class}")>
            {skills.into_iter().map(|skill| view! { <li class="tag">{skill}</li> }).collect_view()}
        </ul>
    }
}
