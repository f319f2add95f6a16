//! Applications on the wire: a candidate's CV sent to an offer, with its score once computed.
//! The CV itself travels as multipart on the way in and as `application/pdf` on the way out.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::OfferStatus;

/// Where an application stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplicationStatus {
    /// Received, its CV read and stored.
    Submitted,
}

/// Why a CV got its score: the offer's skills it shows and lacks, and the words that weighed most.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreExplanation {
    pub matched_skills: Vec<String>,
    pub missing_skills: Vec<String>,
    pub top_terms: Vec<String>,
}

/// One candidate's application to one offer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: i64,
    pub offer_id: i64,
    pub offer_title: String,
    pub offer_status: OfferStatus,
    pub candidate_id: i64,
    pub candidate_name: String,
    pub status: ApplicationStatus,
    /// One answer per screening question of the offer, in order (empty when none were given).
    pub answers: Vec<String>,
    /// The uploaded file's name, sanitised, for display only.
    pub cv_filename: String,
    pub cv_bytes: u64,
    pub cv_pages: u32,
    /// Characters of text extracted from the CV.
    pub text_chars: u64,
    /// In [0, 1]; absent until the application is scored.
    pub score: Option<f64>,
    pub explanation: Option<ScoreExplanation>,
    pub submitted_at: DateTime<Utc>,
}
