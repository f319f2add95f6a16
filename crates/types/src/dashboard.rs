//! The per-offer dashboard: summary statistics, a histogram and the ranking of candidates.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /offers/{id}/dashboard`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub offer_id: i64,
    pub offer_title: String,
    /// Applications counted (all of them are scored unless `rescoring` is true).
    pub count: u64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Population standard deviation.
    pub std_dev: Option<f64>,
    /// Ten buckets over [0, 1]: [0, 0.1), [0.1, 0.2), …, [0.9, 1].
    pub histogram: Vec<HistogramBucket>,
    /// Best first; ties go to the earlier application.
    pub ranking: Vec<RankedApplication>,
    /// True while scores are being recomputed after the offer was edited.
    pub rescoring: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistogramBucket {
    pub from: f64,
    pub to: f64,
    pub count: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedApplication {
    pub rank: u64,
    pub application_id: i64,
    pub candidate_name: String,
    pub score: Option<f64>,
    pub matched_skills: Vec<String>,
    pub missing_skills: Vec<String>,
    pub top_terms: Vec<String>,
    pub submitted_at: DateTime<Utc>,
}
