//! Scoring applications with the configured scorer, and recomputing an offer's scores after
//! an edit (inline when there are few, in the background otherwise, resumed after a restart).

use std::sync::Arc;

use chrono::Utc;
use offreapi_scoring::{simulated_score, Offer as ScoredOffer, OfferProfile};
use offreapi_types::ScoreExplanation;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::configuration::ScoringMode;
use crate::entities::{application, offer};
use crate::error::ApiError;

const BATCH: u64 = 200;

/// An offer ready to score applications against, in the configured mode.
pub enum PreparedOffer {
    Real(Box<OfferProfile>),
    Simulated { offer_id: i64 },
}

/// A computed score and its explanation.
pub struct Scored {
    pub value: f64,
    pub explanation: ScoreExplanation,
}

pub fn prepare(mode: ScoringMode, offer: &offer::Model) -> PreparedOffer {
    match mode {
        ScoringMode::Real => PreparedOffer::Real(Box::new(OfferProfile::new(ScoredOffer {
            title: &offer.title,
            description: &offer.description,
            skills: &offer.skills.0,
        }))),
        ScoringMode::Simulated => PreparedOffer::Simulated {
            offer_id: i64::from(offer.id),
        },
    }
}

impl PreparedOffer {
    pub fn score(&self, candidate_id: i32, cv_text: &str) -> Scored {
        match self {
            PreparedOffer::Real(profile) => {
                let score = profile.score_text(cv_text);
                Scored {
                    value: score.value,
                    explanation: ScoreExplanation {
                        matched_skills: score.matched_skills,
                        missing_skills: score.missing_skills,
                        top_terms: score.top_terms,
                    },
                }
            }
            PreparedOffer::Simulated { offer_id } => Scored {
                value: simulated_score(*offer_id, i64::from(candidate_id)),
                explanation: ScoreExplanation::default(),
            },
        }
    }
}

/// Scores one CV off the async workers (analysis of a long CV takes a few milliseconds).
pub async fn score_one(
    mode: ScoringMode,
    offer: &offer::Model,
    candidate_id: i32,
    cv_text: String,
) -> Result<Scored, ApiError> {
    let prepared = prepare(mode, offer);
    tokio::task::spawn_blocking(move || prepared.score(candidate_id, &cv_text))
        .await
        .map_err(|e| ApiError::Internal(format!("scoring task failed: {e}")))
}

#[derive(Debug, FromQueryResult)]
struct CvToScore {
    id: i32,
    candidate_id: i32,
    cv_text: String,
}

/// Recomputes the scores of `offer_id`'s applications after an edit: inline when there are at
/// most `inline_limit`, else in a background task while the dashboard says so.
pub async fn refresh_scores(
    db: DatabaseConnection,
    mode: ScoringMode,
    offer_id: i32,
    inline_limit: u64,
) -> Result<(), ApiError> {
    let count = application::Entity::find()
        .filter(application::Column::OfferId.eq(offer_id))
        .count(&db)
        .await?;
    if count <= inline_limit {
        return rescore_offer(&db, mode, offer_id).await;
    }
    tokio::spawn(async move {
        if let Err(error) = rescore_offer(&db, mode, offer_id).await {
            tracing::error!(offer_id, %error, "rescoring failed; it resumes at the next start");
        }
    });
    Ok(())
}

/// Rescores every application of the offer in batches, then clears its `scores_refreshing`
/// flag. If the offer is edited again meanwhile, this pass stops and the newer one finishes.
pub async fn rescore_offer(
    db: &DatabaseConnection,
    mode: ScoringMode,
    offer_id: i32,
) -> Result<(), ApiError> {
    let Some(offer) = offer::Entity::find_by_id(offer_id).one(db).await? else {
        return Ok(());
    };
    let version = offer.updated_at;
    let prepared = Arc::new(prepare(mode, &offer));
    let started = std::time::Instant::now();
    let mut after_id = 0;
    let mut rescored = 0usize;
    loop {
        let batch: Vec<CvToScore> = application::Entity::find()
            .select_only()
            .columns([
                application::Column::Id,
                application::Column::CandidateId,
                application::Column::CvText,
            ])
            .filter(application::Column::OfferId.eq(offer_id))
            .filter(application::Column::Id.gt(after_id))
            .order_by_asc(application::Column::Id)
            .limit(BATCH)
            .into_model::<CvToScore>()
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after_id = last.id;
        let scorer = Arc::clone(&prepared);
        let scored = tokio::task::spawn_blocking(move || {
            batch
                .iter()
                .map(|cv| (cv.id, scorer.score(cv.candidate_id, &cv.cv_text)))
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| ApiError::Internal(format!("scoring task failed: {e}")))?;
        if offer_changed_since(db, offer_id, version).await? {
            return Ok(());
        }
        let transaction = db.begin().await?;
        let now = Utc::now();
        for (id, score) in scored {
            application::ActiveModel {
                id: Set(id),
                score: Set(Some(score.value)),
                explanation: Set(Some(explanation_json(&score.explanation))),
                scored_at: Set(Some(now)),
                ..Default::default()
            }
            .update(&transaction)
            .await?;
            rescored += 1;
        }
        transaction.commit().await?;
    }
    if offer_changed_since(db, offer_id, version).await? {
        return Ok(());
    }
    let mut row = offer.into_active_model();
    row.scores_refreshing = Set(false);
    row.update(db).await?;
    tracing::info!(
        offer_id,
        rescored,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "offer rescored"
    );
    Ok(())
}

async fn offer_changed_since(
    db: &DatabaseConnection,
    offer_id: i32,
    version: chrono::DateTime<Utc>,
) -> Result<bool, ApiError> {
    let current = offer::Entity::find_by_id(offer_id).one(db).await?;
    Ok(current.is_none_or(|o| o.updated_at != version))
}

/// Resumes rescoring interrupted by a restart.
pub async fn resume_pending(db: DatabaseConnection, mode: ScoringMode) -> Result<(), ApiError> {
    let pending: Vec<offer::Model> = offer::Entity::find()
        .filter(offer::Column::ScoresRefreshing.eq(true))
        .all(&db)
        .await?;
    for offer in pending {
        tracing::info!(offer_id = offer.id, "resuming interrupted rescoring");
        rescore_offer(&db, mode, offer.id).await?;
    }
    Ok(())
}

pub fn explanation_json(explanation: &ScoreExplanation) -> serde_json::Value {
    serde_json::to_value(explanation).unwrap_or(serde_json::Value::Null)
}
