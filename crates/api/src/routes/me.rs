//! `GET /me` and the signed-in user's own lists.

use actix_web::{web, HttpResponse};
use offreapi_types::{Offer, Page, PageQuery, Problem, Role, User};

use crate::auth::AuthUser;
use crate::domain::Pagination;
use crate::error::ApiError;
use crate::services::{offers, users};
use crate::startup::AppState;

#[utoipa::path(
    get, path = "/api/v1/me", tag = "me", operation_id = "get_me", security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = User),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn me(user: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let found = users::find(&state.db, user.id).await?.ok_or_else(|| {
        ApiError::Unauthorized("this account no longer exists: sign in again".to_owned())
    })?;
    Ok(HttpResponse::Ok().json(found))
}

/// `GET /me/offers`: a recruiter's own offers, closed ones included.
#[utoipa::path(
    get, path = "/api/v1/me/offers", tag = "me", operation_id = "list_my_offers", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "The recruiter’s offers, closed ones included, newest first", body = Page<Offer>),
        (status = 400, description = "Malformed JSON or query string", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Valid shape, unusable values", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn my_offers(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let user = user.require(Role::Recruiter)?;
    let pagination = Pagination::parse(query.page, query.per_page)?;
    let page = offers::list_owned(&state.db, user.id, pagination).await?;
    Ok(HttpResponse::Ok().json(page))
}
