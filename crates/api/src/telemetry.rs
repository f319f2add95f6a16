//! Logging: the tracing subscriber, and one log line per HTTP request.
//! Request lines carry the route template, never the raw path, so ids do not leak into logs.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use tracing_subscriber::EnvFilter;

use crate::configuration::LogFormat;
use crate::metrics::Metrics;
use crate::startup::AppState;

/// Installs the global subscriber; `RUST_LOG` overrides the default `info` level.
pub fn init_subscriber(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second initialisation (several servers in one test process) is harmless.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// The route template a request matched, or `unmatched` for unknown paths.
pub fn route_template(request: &actix_web::HttpRequest) -> String {
    request
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned())
}

/// Middleware: logs method, route template, status and latency of every request.
pub async fn log_request(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = request.method().clone();
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let in_flight = state.as_ref().map(|s| InFlight::enter(&s.metrics));
    let result = next.call(request).await;
    drop(in_flight);
    let elapsed = started.elapsed().as_secs_f64();
    let latency_ms = elapsed * 1000.0;
    match &result {
        Ok(response) => {
            let route = route_template(response.request());
            let status = response.status().as_u16();
            if let Some(state) = &state {
                state
                    .metrics
                    .http_duration
                    .with_label_values(&[method.as_str(), &route, &status.to_string()])
                    .observe(elapsed);
            }
            if status >= 500 {
                tracing::error!(%method, %route, status, latency_ms, "request");
            } else {
                tracing::info!(%method, %route, status, latency_ms, "request");
            }
        }
        Err(error) => {
            let status = error.as_response_error().status_code().as_u16();
            if let Some(state) = &state {
                state
                    .metrics
                    .http_duration
                    .with_label_values(&[method.as_str(), "unmatched", &status.to_string()])
                    .observe(elapsed);
            }
            tracing::warn!(%method, status, latency_ms, %error, "request");
        }
    }
    result
}

/// Counts a request as in flight until dropped, even when the handler panics.
struct InFlight<'a>(&'a Metrics);

impl<'a> InFlight<'a> {
    fn enter(metrics: &'a Metrics) -> InFlight<'a> {
        metrics.http_active.inc();
        InFlight(metrics)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.http_active.dec();
    }
}
