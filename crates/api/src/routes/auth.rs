//! `POST /auth/register` and `POST /auth/login`: accounts and session tokens.
//! Both are rate limited per client address; login failures never say whether the email exists.

use std::net::IpAddr;

use actix_web::{web, HttpRequest, HttpResponse};
use offreapi_types::{AuthResponse, FieldError, LoginRequest, Problem, RegisterRequest};

use crate::auth::{hash_password, verify_password};
use crate::domain::{Email, Password, PersonName};
use crate::error::ApiError;
use crate::extract::JsonObject;
use crate::services::users::{self, NewUser};
use crate::startup::AppState;

#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "auth", operation_id = "register",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created; signed in", body = AuthResponse),
        (status = 400, description = "Malformed JSON or query string", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Conflict with the current state", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Wrong content type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Valid shape, unusable values", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn register(
    request: HttpRequest,
    state: web::Data<AppState>,
    body: JsonObject<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    limit(&request, &state)?;
    let body = body.into_inner();
    let mut errors = Vec::new();
    let email = Email::parse(&body.email)
        .map_err(|m| errors.push(field("email", m)))
        .ok();
    let password = Password::parse(body.password)
        .map_err(|m| errors.push(field("password", m)))
        .ok();
    let full_name = PersonName::parse(&body.full_name)
        .map_err(|m| errors.push(field("full_name", m)))
        .ok();
    let (Some(email), Some(password), Some(full_name)) = (email, password, full_name) else {
        return Err(ApiError::from_field_errors(errors));
    };

    let password_hash = hash_password(password.expose().to_owned()).await?;
    let user = users::create(
        &state.db,
        NewUser {
            email,
            password_hash,
            full_name,
            role: body.role,
        },
    )
    .await?;
    tracing::info!(user_id = user.id, role = user.role.as_str(), "registered");
    state
        .metrics
        .registrations
        .with_label_values(&[user.role.as_str()])
        .inc();
    let response = session_for(&state, user)?;
    Ok(HttpResponse::Created().json(response))
}

#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth", operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = AuthResponse),
        (status = 400, description = "Malformed JSON or query string", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Wrong content type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Valid shape, unusable values", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn login(
    request: HttpRequest,
    state: web::Data<AppState>,
    body: JsonObject<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let logins = &state.metrics.logins;
    limit(&request, &state).inspect_err(|_| logins.with_label_values(&["rate_limited"]).inc())?;
    let body = body.into_inner();
    let refused = || ApiError::Unauthorized("wrong email or password".to_owned());
    // A malformed email cannot belong to anyone, but it still costs a hash check so
    // that timing does not tell it apart from a wrong password.
    let account = match Email::parse(&body.email) {
        Ok(email) => users::find_by_email(&state.db, &email).await?,
        Err(_) => None,
    };
    let stored_hash = account.as_ref().map(|a| a.password_hash.clone());
    if !verify_password(body.password, stored_hash).await? {
        logins.with_label_values(&["failure"]).inc();
        return Err(refused());
    }
    logins.with_label_values(&["success"]).inc();
    let account = account.ok_or_else(refused)?;
    let user = users::to_wire(account)?;
    Ok(HttpResponse::Ok().json(session_for(&state, user)?))
}

fn session_for(state: &AppState, user: offreapi_types::User) -> Result<AuthResponse, ApiError> {
    let token = state
        .tokens
        .issue(user.id, user.role)
        .map_err(|e| ApiError::Internal(format!("token signing failed: {e}")))?;
    Ok(AuthResponse {
        token,
        expires_in: state.tokens.lifetime().as_secs(),
        user,
    })
}

fn limit(request: &HttpRequest, state: &AppState) -> Result<(), ApiError> {
    let client = client_address(request, state.trust_forwarded_for);
    state
        .auth_limiter
        .check(client)
        .map_err(|retry_after_seconds| ApiError::RateLimited {
            retry_after_seconds,
        })
}

/// The address a rate limit applies to: the peer, or the client named by a trusted proxy.
fn client_address(request: &HttpRequest, trust_forwarded_for: bool) -> IpAddr {
    let forwarded = trust_forwarded_for
        .then(|| request.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.trim().parse::<IpAddr>().ok());
    forwarded
        .or_else(|| request.peer_addr().map(|a| a.ip()))
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

fn field(name: &str, message: String) -> FieldError {
    FieldError {
        field: name.to_owned(),
        message,
    }
}
