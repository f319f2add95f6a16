//! `/recruiter/offers/:id/dashboard`: the offer's figures, score histogram, ranking chart and
//! table of candidates with their CVs and the CSV export. Refreshes while scores are recomputed.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use offreapi_types::{Dashboard, RankedApplication, Role};

use crate::api::{use_api, Api, ApiError};
use crate::components::charts::{Histogram, RankingChart};
use crate::components::guard::RequireRole;
use crate::components::status::{show_result, use_title, ErrorMessage};
use crate::components::table::Table;
use crate::i18n::{decimal, percent, tr, txt, use_i18n, Lang, Text};

/// How often the page asks again while the server says scores are being recomputed.
const RESCORING_POLL: Duration = Duration::from_secs(2);

#[component]
pub fn DashboardPage(id: i64) -> impl IntoView {
    use_title(txt::DASHBOARD_TITLE);
    view! {
        <RequireRole role=Role::Recruiter>
            <DashboardLoader id/>
        </RequireRole>
    }
}

#[component]
fn DashboardLoader(id: i64) -> impl IntoView {
    let api = use_api();
    let dashboard = LocalResource::new(move || async move {
        api.get::<Dashboard>(&format!("/offers/{id}/dashboard"))
            .await
    });
    Effect::new(move |_| {
        if let Some(Ok(current)) = dashboard.get() {
            if current.rescoring {
                set_timeout(move || dashboard.refetch(), RESCORING_POLL);
            }
        }
    });
    move || {
        show_result(
            dashboard.get(),
            |dashboard| view! { <DashboardView dashboard/> },
        )
    }
}

fn figure(lang: Lang, value: Option<f64>, as_percent: bool) -> String {
    match value {
        Some(v) if as_percent => percent(lang, v),
        Some(v) => decimal(lang, v, 2),
        None => "—".into(),
    }
}

#[component]
fn Figure(label: Text, value: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="figure">
            <dt>{move || i18n.t(label)}</dt>
            <dd>{value}</dd>
        </div>
    }
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let offer_id = dashboard.offer_id;
    let download_error = RwSignal::new(None::<ApiError>);
    let d = dashboard.clone();
    let (mean, median, std_dev, min, max) = (d.mean, d.median, d.std_dev, d.min, d.max);
    let count = d.count;
    let has_scores = dashboard.ranking.iter().any(|r| r.score.is_some());

    let export = move |_| {
        spawn_local(async move {
            let path = format!("/offers/{offer_id}/ranking.csv");
            if let Err(e) = api
                .download(&path, &format!("offer-{offer_id}-ranking.csv"))
                .await
            {
                download_error.set(Some(e));
            }
        });
    };

    view! {
        <h1>{tr(txt::DASHBOARD_TITLE)} " — " <a href=format!("/offers/{offer_id}")>{dashboard.offer_title.clone()}</a></h1>
        {dashboard.rescoring.then(|| view! {
            <p class="notice" role="status" aria-live="polite">{tr(txt::RESCORING)}</p>
        })}
        <dl class="figures">
            <Figure label=txt::APPLICATIONS value=Signal::derive(move || count.to_string())/>
            <Figure label=txt::MEAN value=Signal::derive(move || figure(i18n.lang(), mean, true))/>
            <Figure label=txt::MEDIAN value=Signal::derive(move || figure(i18n.lang(), median, true))/>
            <Figure label=txt::SPREAD value=Signal::derive(move || figure(i18n.lang(), std_dev, false))/>
            <Figure
                label=txt::RANGE
                value=Signal::derive(move || format!("{} – {}", figure(i18n.lang(), min, true), figure(i18n.lang(), max, true)))
            />
        </dl>
        {if has_scores {
            view! {
                <div class="charts">
                    <figure>
                        <figcaption>{tr(txt::HISTOGRAM)}</figcaption>
                        <Histogram buckets=dashboard.histogram.clone()/>
                    </figure>
                    <figure>
                        <figcaption>{tr(txt::RANKING)}</figcaption>
                        <RankingChart ranking=dashboard.ranking.clone()/>
                    </figure>
                </div>
            }.into_any()
        } else {
            view! { <p class="empty">{tr(txt::CHART_EMPTY)}</p> }.into_any()
        }}
        <section>
            <h2>{tr(txt::RANKING)}</h2>
            <p>
                <button type="button" class="secondary" on:click=export>{tr(txt::EXPORT_CSV)}</button>
            </p>
            {move || download_error.get().map(|error| view! { <ErrorMessage error/> })}
            <RankingTable ranking=dashboard.ranking api download_error/>
        </section>
    }
}

#[component]
fn RankingTable(
    ranking: Vec<RankedApplication>,
    api: Api,
    download_error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if ranking.is_empty() {
        return view! { <p class="empty">{tr(txt::NO_CANDIDATES)}</p> }.into_any();
    }
    let rows = ranking
        .into_iter()
        .map(|entry| {
            let application_id = entry.application_id;
            let score = entry.score;
            let filename = format!("cv-{}.pdf", entry.candidate_name.replace(' ', "-"));
            let download = move |_| {
                let filename = filename.clone();
                spawn_local(async move {
                    let path = format!("/applications/{application_id}/cv");
                    if let Err(e) = api.download(&path, &filename).await {
                        download_error.set(Some(e));
                    }
                });
            };
            let list = move |items: Vec<String>| {
                move || if items.is_empty() { i18n.t(txt::NONE).to_owned() } else { items.join(", ") }
            };
            view! {
                <tr class="ranking-row">
                    <td>{entry.rank}</td>
                    <td class="candidate">{entry.candidate_name}</td>
                    <td class="score">{move || score.map(|s| percent(i18n.lang(), s)).unwrap_or_else(|| i18n.t(txt::NOT_SCORED).to_owned())}</td>
                    <td class="matched">{list(entry.matched_skills)}</td>
                    <td class="missing">{list(entry.missing_skills)}</td>
                    <td class="terms">{entry.top_terms.join(", ")}</td>
                    <td>
                        <button type="button" class="link-button" on:click=download>
                            {tr(txt::DOWNLOAD_CV)}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let headers = vec![
        txt::RANK,
        txt::CANDIDATE,
        txt::SCORE,
        txt::MATCHED_SKILLS,
        txt::MISSING_SKILLS,
        txt::TOP_TERMS,
        txt::CV,
    ];
    view! { <Table headers class="ranking-table">{rows}</Table> }.into_any()
}
