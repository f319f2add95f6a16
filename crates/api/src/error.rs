//! The API's errors and their RFC 9457 problem-details responses.
//! Every failure, ours or actix's own (bad JSON, unknown route, wrong method), leaves as a problem.

use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::ServiceResponse;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use offreapi_types::{FieldError, Problem, PROBLEM_CONTENT_TYPE};
use sea_orm::DbErr;

/// An error a handler returns; its variant decides the status code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    RequestTimeout(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{detail}")]
    Validation {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 422 for input that is well-formed but unusable, with a problem type of its own.
    #[error("{1}")]
    Unprocessable(&'static str, String),
    #[error("{0}")]
    Busy(String),
    #[error("too many attempts: try again in {retry_after_seconds} s")]
    RateLimited { retry_after_seconds: u64 },
    #[error("the database is unavailable: try again shortly")]
    Unavailable(#[source] DbErr),
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// A 422 for one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        ApiError::from_field_errors(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// A 422 listing every invalid field.
    pub fn from_field_errors(errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        ApiError::Validation { detail, errors }
    }

    fn slug(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad-request",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not-found",
            ApiError::Conflict(_) => "conflict",
            ApiError::RequestTimeout(_) => "request-timeout",
            ApiError::PayloadTooLarge(_) => "payload-too-large",
            ApiError::UnsupportedMediaType(_) => "unsupported-media-type",
            ApiError::Validation { .. } => "validation",
            ApiError::RateLimited { .. } => "rate-limited",
            ApiError::Unprocessable(slug, _) => slug,
            ApiError::Busy(_) => "busy",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    fn to_problem(&self) -> Problem {
        let status = self.status_code();
        Problem {
            kind: format!("/problems/{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.to_string(),
            instance: None,
            errors: match self {
                ApiError::Validation { errors, .. } => errors.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unprocessable(..) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(%cause, "internal error"),
            ApiError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            _ => {}
        }
        let mut response = problem_response(&self.to_problem());
        let headers = response.headers_mut();
        match self {
            ApiError::Unauthorized(_) => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::RateLimited {
                retry_after_seconds,
            } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_seconds));
            }
            ApiError::Unavailable(_) | ApiError::Busy(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            _ => {}
        }
        response
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        crate::metrics::db_errors().inc();
        if is_connection_error(&error) {
            ApiError::Unavailable(error)
        } else {
            ApiError::Internal(format!("database error: {error}"))
        }
    }
}

impl From<crate::intake::ExtractionFailure> for ApiError {
    fn from(failure: crate::intake::ExtractionFailure) -> Self {
        use crate::intake::ExtractionFailure as F;
        let slug = match &failure {
            F::Busy => return ApiError::Busy(failure.to_string()),
            F::Encrypted => "pdf-encrypted",
            F::NoText => "pdf-no-text",
            F::TooManyPages { .. } => "pdf-too-many-pages",
            F::Malformed(_) => "pdf-malformed",
            F::Timeout => "pdf-timeout",
            F::Crashed => "pdf-unreadable",
        };
        ApiError::Unprocessable(slug, failure.to_string())
    }
}

/// Whether a database error means "the database cannot be reached" rather than a bad query.
pub fn is_connection_error(error: &DbErr) -> bool {
    use sea_orm::sqlx::Error as SqlxError;
    use sea_orm::RuntimeErr;
    let sqlx_error = match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Query(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    match sqlx_error {
        SqlxError::Io(_)
        | SqlxError::PoolTimedOut
        | SqlxError::PoolClosed
        | SqlxError::Tls(_)
        | SqlxError::WorkerCrashed => true,
        // PostgreSQL's own words for "going away": class 08 (connection exception) and 57P
        // (admin or crash shutdown, cannot connect now), as when it is stopped mid-query.
        SqlxError::Database(e) => e
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status)
        .content_type(PROBLEM_CONTENT_TYPE)
        .json(problem)
}

/// Maps actix's JSON body errors: syntax 400, too big 413, not JSON 415. Bodies are read as
/// any JSON value first, so a wrong shape is `JsonObject`'s 422, never an error here.
pub fn json_error_handler(error: JsonPayloadError, _request: &HttpRequest) -> actix_web::Error {
    let api_error = match &error {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => {
            ApiError::PayloadTooLarge(format!("the JSON body is larger than {limit} bytes"))
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType(
            "send the body as JSON with `Content-Type: application/json`".to_owned(),
        ),
        JsonPayloadError::Deserialize(e) => {
            ApiError::BadRequest(format!("the body is not valid JSON: {e}"))
        }
        other => ApiError::BadRequest(format!("could not read the JSON body: {other}")),
    };
    api_error.into()
}

/// Maps query-string errors (a page that is not a number, say) to 400.
pub fn query_error_handler(error: QueryPayloadError, _request: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest(format!("invalid query string: {error}")).into()
}

/// Maps path errors (`/offers/abc`) to 404: no resource has such an id.
pub fn path_error_handler(_error: PathError, request: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound(format!("nothing is found at {}", request.path())).into()
}

/// The fallback service: unknown routes are a 404 problem.
pub async fn route_not_found(request: HttpRequest) -> HttpResponse {
    ApiError::NotFound(format!(
        "no route matches {} {}",
        request.method(),
        request.path()
    ))
    .error_response()
}

/// Turns any error response that is not already a problem (a 405 from the router, say) into one,
/// keeping its status and headers.
pub fn problem_for_bare_error<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_CONTENT_TYPE.as_bytes()));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => format!(
            "{} is not allowed on {}",
            response.request().method(),
            response.request().path()
        ),
        _ => status
            .canonical_reason()
            .unwrap_or("the request failed")
            .to_owned(),
    };
    let problem = Problem {
        kind: "about:blank".to_owned(),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
        instance: None,
        errors: Vec::new(),
    };
    let (request, mut http_response) = response.into_parts();
    http_response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
    );
    let body = serde_json::to_string(&problem).unwrap_or_default();
    let http_response: HttpResponse<BoxBody> = http_response.set_body(BoxBody::new(body));
    let response: ServiceResponse<EitherBody<B, BoxBody>> =
        ServiceResponse::new(request, http_response).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(response))
}
