//! `GET /me` and the signed-in user's own lists.

use actix_web::{web, HttpResponse};
use offreapi_types::{OfferSearch, Role};

use crate::auth::AuthUser;
use crate::domain::Pagination;
use crate::error::ApiError;
use crate::services::{offers, users};
use crate::startup::AppState;

pub async fn me(user: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let found = users::find(&state.db, user.id).await?.ok_or_else(|| {
        ApiError::Unauthorized("this account no longer exists: sign in again".to_owned())
    })?;
    Ok(HttpResponse::Ok().json(found))
}

/// `GET /me/offers`: a recruiter's own offers, closed ones included.
pub async fn my_offers(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<OfferSearch>,
) -> Result<HttpResponse, ApiError> {
    let user = user.require(Role::Recruiter)?;
    let pagination = Pagination::parse(query.page, query.per_page)?;
    let page = offers::list_owned(&state.db, user.id, pagination).await?;
    Ok(HttpResponse::Ok().json(page))
}
