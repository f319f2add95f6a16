//! Liveness and readiness probes.
//! `/healthz` says the process answers; `/readyz` says the database does too.

use std::time::Duration;

use actix_web::{web, HttpResponse};
use offreapi_types::{HealthStatus, Problem};
use serde_json::json;

use crate::error::ApiError;
use crate::startup::AppState;

const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

#[utoipa::path(
    get, path = "/healthz", tag = "operations", operation_id = "healthz",
    responses((status = 200, description = "The process answers", body = HealthStatus))
)]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

#[utoipa::path(
    get, path = "/readyz", tag = "operations", operation_id = "readyz",
    responses(
        (status = 200, description = "The database answers", body = HealthStatus),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match tokio::time::timeout(READINESS_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(json!({ "status": "ready" }))),
        Ok(Err(error)) => Err(ApiError::Unavailable(error)),
        Err(_) => Err(ApiError::Unavailable(sea_orm::DbErr::Custom(format!(
            "no answer within {} s",
            READINESS_TIMEOUT.as_secs()
        )))),
    }
}

#[utoipa::path(
    get, path = "/metrics", tag = "operations", operation_id = "metrics",
    responses((status = 200, description = "Prometheus text exposition format 0.0.4", body = String, content_type = "text/plain; version=0.0.4"))
)]
/// `GET /metrics`: every metric in Prometheus' text format.
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render(&state.db))
}
