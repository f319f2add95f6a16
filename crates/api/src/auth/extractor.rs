//! `AuthUser`: the user behind a request's `Authorization: Bearer` token.
//! Handlers that take it are closed to anonymous callers; role checks are one method call.

use std::future::{ready, Ready};

use actix_web::http::header;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use offreapi_types::Role;

use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthUser {
    pub id: i32,
    pub role: Role,
}

impl AuthUser {
    /// Refuses (403) a user whose role is not `role`.
    pub fn require(self, role: Role) -> Result<AuthUser, ApiError> {
        if self.role == role {
            Ok(self)
        } else {
            Err(ApiError::Forbidden(format!(
                "only a {} may do this; you are signed in as a {}",
                role.as_str(),
                self.role.as_str()
            )))
        }
    }
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<AuthUser, ApiError>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(authenticate(request))
    }
}

fn authenticate(request: &HttpRequest) -> Result<AuthUser, ApiError> {
    let state = request
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal("application state is missing".to_owned()))?;
    let value = request
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| {
            ApiError::Unauthorized("sign in first: send `Authorization: Bearer <token>`".to_owned())
        })?;
    let value = value
        .to_str()
        .map_err(|_| ApiError::Unauthorized("the Authorization header is not text".to_owned()))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".to_owned())
        })?;
    let claims = state
        .tokens
        .verify(token)
        .map_err(|reason| ApiError::Unauthorized(format!("{reason}: sign in again")))?;
    let id = claims
        .sub
        .parse::<i32>()
        .map_err(|_| ApiError::Unauthorized("the token names no user: sign in again".to_owned()))?;
    Ok(AuthUser {
        id,
        role: claims.role,
    })
}
