//! Job offers on the wire: what a recruiter writes, what everyone reads, and list pages.
//! Limits on lengths and list sizes are enforced by the server and named in its errors.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether an offer still takes applications.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfferStatus {
    #[default]
    Open,
    Closed,
}

impl OfferStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Open => "open",
            OfferStatus::Closed => "closed",
        }
    }
}

/// The editable fields of an offer: the body of `POST /offers` and `PUT /offers/{id}`.
///
/// `status` may be left out: a new offer is open, and an edit keeps the current status.
/// Other fields a client might send (owner, id, timestamps) are ignored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferInput {
    /// 1 to 200 characters.
    #[cfg_attr(feature = "openapi", schema(example = "Développeuse backend Rust"))]
    pub title: String,
    /// 1 to 20,000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "API web en Rust et PostgreSQL, déployées sur Kubernetes.")
    )]
    pub description: String,
    /// At most 200 characters; may be empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Lyon"))]
    pub location: String,
    /// At most 50 skills of 1 to 60 characters; duplicates (ignoring case) are dropped.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(["Rust", "PostgreSQL", "Kubernetes"])))]
    pub skills: Vec<String>,
    /// At most 20 screening questions of 1 to 500 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(["Quand pouvez-vous commencer ?"])))]
    pub questions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OfferStatus>,
}

/// A published job offer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub id: i64,
    pub owner_id: i64,
    pub title: String,
    pub description: String,
    pub location: String,
    pub skills: Vec<String>,
    pub questions: Vec<String>,
    pub status: OfferStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The query string of `GET /offers` (and `page`/`per_page` of the other lists).
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OfferSearch {
    /// Words that must all appear in the title, description or skills.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// Starts at 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// 20 unless given; at most 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
}

/// `page` and `per_page` of the paginated lists other than `GET /offers`.
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageQuery {
    /// Starts at 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// 20 unless given; at most 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
}

/// One page of a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}
