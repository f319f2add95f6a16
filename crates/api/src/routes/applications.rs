//! Applications: a candidate applies with a PDF CV; owners and candidates list them; the CV
//! can be downloaded by the two people entitled to it; candidates may withdraw.

use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{web, HttpRequest, HttpResponse};
use offreapi_types::{Application, OfferStatus, Page, PageQuery, Problem, Role};

use crate::auth::AuthUser;
use crate::configuration::ScoringMode;
use crate::domain::{Answers, Pagination};
use crate::error::ApiError;
use crate::intake::{looks_like_pdf, read_upload};
use crate::openapi::{ApplicationUpload, PdfFile};
use crate::services::applications::{self, NewApplication};
use crate::services::{offers, scoring};
use crate::startup::AppState;

/// `POST /offers/{id}/applications`: multipart with `cv` (a PDF) and optional `answers`.
#[utoipa::path(
    post, path = "/api/v1/offers/{id}/applications", tag = "applications", operation_id = "apply_to_offer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The offer’s id")),
    request_body(content = ApplicationUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Received, read and scored", body = Application),
        (status = 400, description = "Malformed JSON or query string", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resource", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The upload did not arrive in time", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Conflict with the current state", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Wrong content type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Valid shape, unusable values", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn submit(
    user: AuthUser,
    state: web::Data<AppState>,
    offer_id: web::Path<i64>,
    request: HttpRequest,
    multipart: Multipart,
) -> Result<HttpResponse, ApiError> {
    let candidate = user.require(Role::Candidate)?;
    let metrics = &state.metrics;
    let intake = |outcome: &str| metrics.pdf_outcomes.with_label_values(&[outcome]).inc();
    let attempt = |outcome: &str| metrics.applications.with_label_values(&[outcome]).inc();
    let declared =
        declared_length(&request, state.max_upload_bytes).inspect_err(|_| intake("too_large"))?;
    require_multipart(&request)?;

    let offer = offers::find_model(&state.db, offer_id.into_inner()).await?;
    if offer.status != OfferStatus::Open.as_str() {
        attempt("closed_offer");
        return Err(ApiError::Conflict(
            "this offer is closed and no longer takes applications".to_owned(),
        ));
    }
    if applications::has_applied(&state.db, offer.id, candidate.id).await? {
        attempt("duplicate");
        return Err(applications::already_applied());
    }

    let expected = declared.unwrap_or(state.max_upload_bytes);
    // Held until the answer: the body's bytes live through extraction and the insert.
    let _memory = state.upload_memory.reserve(expected).await?;
    let upload = read_upload(multipart, state.max_upload_bytes, expected)
        .await
        .inspect_err(|e| {
            if matches!(e, ApiError::PayloadTooLarge(_)) {
                intake("too_large");
            }
        })?;
    let cv = upload.cv.ok_or_else(|| {
        ApiError::BadRequest("attach the CV as a PDF file in the `cv` form field".to_owned())
    })?;
    let answers = Answers::parse(upload.answers.as_deref(), offer.questions.0.len())?;
    if !looks_like_pdf(&cv.bytes) {
        intake("not_pdf");
        attempt("refused_cv");
        return Err(ApiError::UnsupportedMediaType(
            "the CV is not a PDF file: export it as PDF and upload it again".to_owned(),
        ));
    }

    let started = std::time::Instant::now();
    let extraction = state.extractor.extract(&cv.bytes).await;
    let outcome = extraction.as_ref().map_or_else(|f| f.outcome(), |_| "ok");
    metrics
        .pdf_duration
        .with_label_values(&[outcome])
        .observe(started.elapsed().as_secs_f64());
    intake(outcome);
    let extracted = extraction.inspect_err(|failure| {
        attempt("refused_cv");
        tracing::info!(
            outcome = failure.outcome(),
            offer_id = offer.id,
            "CV refused"
        );
    })?;
    let started = std::time::Instant::now();
    let score =
        scoring::score_one(state.scoring, &offer, candidate.id, extracted.text.clone()).await?;
    metrics
        .scoring_duration
        .with_label_values(&[scorer_label(state.scoring)])
        .observe(started.elapsed().as_secs_f64());
    let application = applications::submit(
        &state.db,
        offer.id,
        candidate.id,
        NewApplication {
            answers: answers.into_inner(),
            filename: cv.filename,
            pdf: cv.bytes,
            cv: extracted,
            score,
        },
    )
    .await
    .inspect_err(|e| {
        if matches!(e, ApiError::Conflict(_)) {
            attempt("duplicate");
        }
    })?;
    state.dashboard_cache.invalidate();
    attempt("accepted");
    tracing::info!(
        application_id = application.id,
        offer_id = offer.id,
        "application received"
    );
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!(
                "{}/applications/{}",
                offreapi_types::API_PREFIX,
                application.id
            ),
        ))
        .json(application))
}

/// `GET /offers/{id}/applications`: the offer's owner only.
#[utoipa::path(
    get, path = "/api/v1/offers/{id}/applications", tag = "applications", operation_id = "list_offer_applications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The offer’s id"), PageQuery),
    responses(
        (status = 200, description = "The offer’s applications, best score first", body = Page<Application>),
        (status = 400, description = "Malformed JSON or query string", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resource", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Valid shape, unusable values", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list_for_offer(
    user: AuthUser,
    state: web::Data<AppState>,
    offer_id: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let recruiter = user.require(Role::Recruiter)?;
    let pagination = Pagination::parse(query.page, query.per_page)?;
    let offer = offers::find_owned(&state.db, offer_id.into_inner(), recruiter.id).await?;
    let page = applications::list_for_offer(&state.db, offer.id, pagination).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// `GET /me/applications`: a candidate's own.
#[utoipa::path(
    get, path = "/api/v1/me/applications", tag = "me", operation_id = "list_my_applications", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "The candidate’s applications, newest first", body = Page<Application>),
        (status = 400, description = "Malformed JSON or query string", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Valid shape, unusable values", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list_mine(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let candidate = user.require(Role::Candidate)?;
    let pagination = Pagination::parse(query.page, query.per_page)?;
    let page = applications::list_for_candidate(&state.db, candidate.id, pagination).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// `GET /applications/{id}/cv`: the PDF, byte for byte as uploaded.
#[utoipa::path(
    get, path = "/api/v1/applications/{id}/cv", tag = "applications", operation_id = "download_cv", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The application’s id")),
    responses(
        (status = 200, description = "The PDF as uploaded", body = PdfFile, content_type = "application/pdf"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resource", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn download_cv(
    user: AuthUser,
    state: web::Data<AppState>,
    application_id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (filename, bytes) =
        applications::cv_for(&state.db, application_id.into_inner(), user).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(ascii_filename(&filename))],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}

/// `DELETE /applications/{id}`: the candidate withdraws.
#[utoipa::path(
    delete, path = "/api/v1/applications/{id}", tag = "applications", operation_id = "withdraw_application", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The application’s id")),
    responses(
        (status = 204, description = "Withdrawn; the CV is deleted"),
        (status = 401, description = "Missing, expired or invalid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or not the owner", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resource", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or too busy; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn withdraw(
    user: AuthUser,
    state: web::Data<AppState>,
    application_id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let candidate = user.require(Role::Candidate)?;
    applications::withdraw(&state.db, application_id.into_inner(), candidate).await?;
    state.dashboard_cache.invalidate();
    Ok(HttpResponse::NoContent().finish())
}

/// A declared body over the limit is refused before a byte of it is read.
/// The body's declared size, if any; 413 when it is over `limit`.
fn declared_length(request: &HttpRequest, limit: usize) -> Result<Option<usize>, ApiError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(length) if length > limit as u64 => Err(ApiError::PayloadTooLarge(format!(
            "the upload is {length} bytes; the limit is {limit} bytes ({} MiB)",
            limit / (1024 * 1024)
        ))),
        // Within the limit, so it fits in a usize.
        Some(length) => Ok(Some(length as usize)),
        None => Ok(None),
    }
}

fn require_multipart(request: &HttpRequest) -> Result<(), ApiError> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if is_multipart {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType(
            "send the application as multipart/form-data with the PDF in a `cv` field".to_owned(),
        ))
    }
}

/// A header-safe version of a display name: ASCII letters, digits, `.-_` and spaces.
fn ascii_filename(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.to_ascii_lowercase().ends_with(".pdf") {
        safe
    } else {
        format!("{safe}.pdf")
    }
}

fn scorer_label(mode: ScoringMode) -> &'static str {
    match mode {
        ScoringMode::Real => "real",
        ScoringMode::Simulated => "simulated",
    }
}
