//! The wire types of OffreAPI: every JSON body the server sends or accepts.
//! Shared by the API and the browser app so both sides speak one language; serde only, no I/O.

mod applications;
mod auth;
mod dashboard;
mod offers;
mod problem;

pub use applications::{Application, ApplicationStatus, ScoreExplanation};
pub use auth::{AuthResponse, LoginRequest, RegisterRequest, Role, User};
pub use dashboard::{Dashboard, HistogramBucket, RankedApplication};
/// Schema-only types for list items of the OpenAPI document.
#[cfg(feature = "openapi")]
pub mod offers_schema {
    pub use crate::offers::{QuestionText, SkillName};
}
pub use offers::{Offer, OfferInput, OfferSearch, OfferStatus, Page, PageQuery};
pub use problem::{FieldError, Problem, PROBLEM_CONTENT_TYPE};

/// The prefix of every versioned API route.
pub const API_PREFIX: &str = "/api/v1";

/// The body of `GET /healthz` and `GET /readyz`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HealthStatus {
    /// `ok` (alive) or `ready` (the database answers).
    pub status: String,
}
