//! The OpenAPI 3.1 document, generated from the handlers' annotations and the wire types.
//! `offreapi openapi` prints it; the server serves it at `/api/openapi.json` with Swagger UI.

use offreapi_types::offers_schema::{QuestionText, SkillName};
use offreapi_types::{
    Application, ApplicationStatus, AuthResponse, Dashboard, FieldError, HealthStatus,
    HistogramBucket, LoginRequest, Offer, OfferInput, OfferStatus, Page, Problem,
    RankedApplication, RegisterRequest, Role, ScoreExplanation, User,
};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::routes;

/// The body of `POST /offers/{id}/applications` (multipart/form-data); any other part is a 400.
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ApplicationUpload {
    /// The CV, a PDF file (at most `OFFREAPI_MAX_UPLOAD_BYTES` for the whole request).
    #[schema(value_type = String, format = Binary, content_media_type = "application/pdf")]
    cv: Vec<u8>,
    /// A JSON array with one answer per screening question, in order, e.g. `["Dans un mois"]`.
    #[schema(nullable = false)]
    answers: Option<String>,
}

/// A PDF file.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct PdfFile(Vec<u8>);

#[derive(OpenApi)]
#[openapi(
    info(
        title = "OffreAPI",
        description = "Job offers, PDF CV intake and explainable CV scoring.\n\n\
            Sign in with `POST /api/v1/auth/login` (or register), then send the token as \
            `Authorization: Bearer <token>`. Errors are RFC 9457 problem details. Lists are \
            `{items, total, page, per_page}` with pages from 1 and at most 100 items a page.",
        license(name = "MIT")
    ),
    paths(
        routes::auth::register,
        routes::auth::login,
        routes::me::me,
        routes::me::my_offers,
        routes::applications::list_mine,
        routes::offers::list,
        routes::offers::create,
        routes::offers::get,
        routes::offers::update,
        routes::offers::delete,
        routes::applications::submit,
        routes::applications::list_for_offer,
        routes::applications::download_cv,
        routes::applications::withdraw,
        routes::dashboard::show,
        routes::dashboard::ranking_csv,
        routes::health::healthz,
        routes::health::readyz,
        routes::health::metrics,
    ),
    components(schemas(
        Application, ApplicationStatus, AuthResponse, Dashboard, FieldError, HealthStatus,
        HistogramBucket, LoginRequest, Offer, OfferInput, OfferStatus, Page<Offer>,
        Page<Application>, Problem, RankedApplication, RegisterRequest, Role, ScoreExplanation,
        User, ApplicationUpload, SkillName, QuestionText
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Accounts and session tokens"),
        (name = "me", description = "The signed-in user and their own lists"),
        (name = "offers", description = "Job offers: public reading, recruiters' edits"),
        (name = "applications", description = "Applying with a PDF CV; reading and withdrawing"),
        (name = "dashboard", description = "Per-offer statistics and ranking, for the owner"),
        (name = "operations", description = "Probes and metrics for orchestrators and Prometheus"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".to_owned());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The document as pretty JSON, as committed in `openapi/openapi.json`.
pub fn document_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
