//! `/me/applications`: the candidate's applications with status, score and missing skills.
//! A candidate may withdraw one; the list reloads afterwards.

use crate::router::use_location;
use leptos::prelude::*;
use leptos::task::spawn_local;
use offreapi_types::{Application, Page, Role};

use crate::api::{use_api, ApiError};
use crate::components::guard::RequireRole;
use crate::components::pager::Pager;
use crate::components::status::{show_result, use_title, ErrorMessage};
use crate::components::table::Table;
use crate::i18n::{date, percent, tr, txt, use_i18n};

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Candidate>
            <MyApplications/>
        </RequireRole>
    }
}

#[component]
fn MyApplications() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let location = use_location();
    use_title(txt::MY_APPLICATIONS_TITLE);
    let page = move || {
        location
            .query("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let applications = LocalResource::new(move || {
        let path = format!("/me/applications?page={}", page());
        async move { api.get::<Page<Application>>(&path).await }
    });
    let action_error = RwSignal::new(None::<ApiError>);
    let withdraw = move |id: i64| {
        let confirmed = window()
            .confirm_with_message(i18n.t(txt::WITHDRAW_CONFIRM))
            .unwrap_or(false);
        if confirmed {
            spawn_local(async move {
                match api.delete(&format!("/applications/{id}")).await {
                    Ok(()) => applications.refetch(),
                    Err(e) => action_error.set(Some(e)),
                }
            });
        }
    };

    view! {
        <h1>{tr(txt::MY_APPLICATIONS_TITLE)}</h1>
        {move || action_error.get().map(|error| view! { <ErrorMessage error/> })}
        {move || show_result(applications.get(), move |list: Page<Application>| {
            if list.items.is_empty() {
                return view! {
                    <p class="empty">{tr(txt::NO_APPLICATIONS)} " "
                        <a href="/">{tr(txt::NAV_OFFERS)}</a></p>
                }.into_any();
            }
            let rows = list.items.into_iter().map(|application| {
                let id = application.id;
                let submitted = application.submitted_at;
                let score = application.score;
                let missing = application.explanation.map(|e| e.missing_skills).unwrap_or_default();
                view! {
                    <tr class="application-row">
                        <td><a href=format!("/offers/{}", application.offer_id)>{application.offer_title}</a></td>
                        <td>{tr(txt::SUBMITTED)}</td>
                        <td class="score">{move || score.map(|s| percent(i18n.lang(), s)).unwrap_or_else(|| i18n.t(txt::NOT_SCORED).to_owned())}</td>
                        <td class="missing">{move || if missing.is_empty() { i18n.t(txt::NONE).to_owned() } else { missing.join(", ") }}</td>
                        <td>{move || date(i18n.lang(), submitted)}</td>
                        <td>
                            <button type="button" class="secondary" on:click=move |_| withdraw(id)>
                                {tr(txt::WITHDRAW)}
                            </button>
                        </td>
                    </tr>
                }
            }).collect_view();
            view! {
                <Table headers=vec![txt::OFFER, txt::STATUS, txt::SCORE, txt::MISSING_SKILLS, txt::SUBMITTED_ON, txt::ACTIONS]>
                    {rows}
                </Table>
                <Pager page=list.page total=list.total per_page=list.per_page href=|n| format!("/me/applications?page={n}")/>
            }.into_any()
        })}
    }
}
