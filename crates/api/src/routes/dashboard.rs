//! `GET /offers/{id}/dashboard` and `GET /offers/{id}/ranking.csv`: for the offer's owner.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{web, HttpResponse};
use offreapi_types::{Dashboard, Problem, Role};

use crate::auth::AuthUser;
use crate::csv;
use crate::error::ApiError;
use crate::services::{dashboard, offers};
use crate::startup::AppState;

#[utoipa::path(
    get, path = "/api/v1/offers/{id}/dashboard", tag = "dashboard", operation_id = "get_dashboard", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The offer’s id")),
    responses(
        (status = 200, description = "Statistics, histogram and ranking", body = Dashboard),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resource", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn show(
    user: AuthUser,
    state: web::Data<AppState>,
    offer_id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let offer_id = offer_id.into_inner();
    // The key names the user: an entry exists only after that user passed the owner check.
    let key = format!("dashboard {offer_id} for {}", user.id);
    let read = owned_dashboard(user, &state, offer_id);
    // Rescoring rewrites scores in the background, out of the cache's sight: those dashboards
    // are always read afresh, and the first read after the end caches the final state.
    let keep = |dashboard: &Dashboard| !dashboard.rescoring;
    state.dashboard_cache.serve(key, read, keep).await
}

#[utoipa::path(
    get, path = "/api/v1/offers/{id}/ranking.csv", tag = "dashboard", operation_id = "get_ranking_csv", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The offer’s id")),
    responses(
        (status = 200, description = "The ranking as CSV (RFC 4180)", body = String, content_type = "text/csv"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resource", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn ranking_csv(
    user: AuthUser,
    state: web::Data<AppState>,
    offer_id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let dashboard = owned_dashboard(user, &state, offer_id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!(
                "offer-{}-ranking.csv",
                dashboard.offer_id
            ))],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(to_csv(&dashboard)))
}

/// The dashboard of `offer_id` if `user` is the recruiter who owns it.
async fn owned_dashboard(
    user: AuthUser,
    state: &AppState,
    offer_id: i64,
) -> Result<Dashboard, ApiError> {
    let recruiter = user.require(Role::Recruiter)?;
    let offer = offers::find_owned(&state.db, offer_id, recruiter.id).await?;
    dashboard::for_offer(&state.db, &offer).await
}

fn to_csv(dashboard: &Dashboard) -> String {
    let mut out = csv::record(&[
        "rank",
        "application_id",
        "candidate_name",
        "score",
        "matched_skills",
        "missing_skills",
        "top_terms",
        "submitted_at",
    ]);
    for row in &dashboard.ranking {
        out.push_str(&csv::record(&[
            row.rank.to_string(),
            row.application_id.to_string(),
            row.candidate_name.clone(),
            row.score.map(|s| format!("{s:.4}")).unwrap_or_default(),
            row.matched_skills.join("; "),
            row.missing_skills.join("; "),
            row.top_terms.join("; "),
            row.submitted_at.to_rfc3339(),
        ]));
    }
    out
}
