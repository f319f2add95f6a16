//! `/offers` and `/offers/{id}`: the public list and the owner's edits.

use actix_web::{web, HttpResponse};
use offreapi_types::{Offer, OfferInput, OfferSearch, Page, Problem, Role};

use crate::auth::AuthUser;
use crate::domain::{OfferDraft, Pagination};
use crate::error::ApiError;
use crate::extract::JsonObject;
use crate::services::offers::{self, OfferFilter};
use crate::services::scoring;
use crate::startup::AppState;

/// Longest accepted search parameter, in characters.
const MAX_FILTER_CHARS: usize = 200;

#[utoipa::path(
    get, path = "/api/v1/offers", tag = "offers", operation_id = "list_offers",
    params(OfferSearch),
    responses(
        (status = 200, description = "Open offers, newest first", body = Page<Offer>),
        (status = 400, description = "Malformed JSON or query string", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Valid shape, unusable values", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<OfferSearch>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let pagination = Pagination::parse(query.page, query.per_page)?;
    for (name, value) in [
        ("q", &query.q),
        ("location", &query.location),
        ("skill", &query.skill),
    ] {
        if value
            .as_ref()
            .is_some_and(|v| v.chars().count() > MAX_FILTER_CHARS)
        {
            return Err(ApiError::invalid_field(
                name,
                format!("must be at most {MAX_FILTER_CHARS} characters"),
            ));
        }
    }
    let filter = OfferFilter {
        q: query.q,
        location: query.location,
        skill: query.skill,
    };
    let key = format!(
        "list {:?} {:?} {:?} {} {}",
        filter.q, filter.location, filter.skill, pagination.page, pagination.per_page
    );
    let read = offers::search(&state.db, &filter, pagination);
    state.public_cache.serve(key, read, |_| true).await
}

#[utoipa::path(
    post, path = "/api/v1/offers", tag = "offers", operation_id = "create_offer", security(("bearer" = [])),
    request_body = OfferInput,
    responses(
        (status = 201, description = "Published", body = Offer, headers(("Location" = String, description = "The offer’s URL"))),
        (status = 400, description = "Malformed JSON or query string", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Wrong content type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Valid shape, unusable values", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn create(
    user: AuthUser,
    state: web::Data<AppState>,
    body: JsonObject<OfferInput>,
) -> Result<HttpResponse, ApiError> {
    let user = user.require(Role::Recruiter)?;
    let draft = OfferDraft::parse(body.into_inner())?;
    let offer = offers::create(&state.db, user.id, draft).await?;
    state.public_cache.invalidate();
    tracing::info!(offer_id = offer.id, "offer published");
    state.metrics.offers_published.inc();
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("{}/offers/{}", offreapi_types::API_PREFIX, offer.id),
        ))
        .json(offer))
}

#[utoipa::path(
    get, path = "/api/v1/offers/{id}", tag = "offers", operation_id = "get_offer",
    params(("id" = i64, Path, description = "The offer’s id")),
    responses(
        (status = 200, description = "The offer, open or closed", body = Offer),
        (status = 404, description = "No such resource", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get(state: web::Data<AppState>, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let read = offers::get(&state.db, id);
    state
        .public_cache
        .serve(format!("offer {id}"), read, |_| true)
        .await
}

#[utoipa::path(
    put, path = "/api/v1/offers/{id}", tag = "offers", operation_id = "update_offer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The offer’s id")),
    request_body = OfferInput,
    responses(
        (status = 200, description = "Edited; a change of title, description or skills rescores the applications", body = Offer),
        (status = 400, description = "Malformed JSON or query string", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resource", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Wrong content type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Valid shape, unusable values", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn update(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: JsonObject<OfferInput>,
) -> Result<HttpResponse, ApiError> {
    let user = user.require(Role::Recruiter)?;
    let draft = OfferDraft::parse(body.into_inner())?;
    let updated = offers::update(&state.db, id.into_inner(), user.id, draft).await?;
    state.public_cache.invalidate();
    state.dashboard_cache.invalidate();
    if updated.scoring_changed {
        let offer_id = i32::try_from(updated.offer.id)
            .map_err(|_| ApiError::Internal("offer id out of range".to_owned()))?;
        scoring::refresh_scores(
            state.db.clone(),
            state.scoring,
            offer_id,
            state.rescore_inline_limit,
        )
        .await?;
    }
    Ok(HttpResponse::Ok().json(updated.offer))
}

#[utoipa::path(
    delete, path = "/api/v1/offers/{id}", tag = "offers", operation_id = "delete_offer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The offer’s id")),
    responses(
        (status = 204, description = "Deleted, with its applications and CVs"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resource", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn delete(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let user = user.require(Role::Recruiter)?;
    offers::delete(&state.db, id.into_inner(), user.id).await?;
    state.public_cache.invalidate();
    state.dashboard_cache.invalidate();
    Ok(HttpResponse::NoContent().finish())
}
