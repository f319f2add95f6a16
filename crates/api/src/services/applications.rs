//! Applications: submitting one (application row and PDF in one transaction), listing them
//! for an offer's owner or for a candidate, serving the CV, and withdrawing.

use std::collections::HashMap;

use chrono::Utc;
use offreapi_types::{Application, ApplicationStatus, OfferStatus, Page, Role, ScoreExplanation};
use sea_orm::sea_query::NullOrdering;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set, SqlErr, TransactionTrait,
};

use crate::auth::AuthUser;
use crate::domain::Pagination;
use crate::entities::offer::StringList;
use crate::entities::{application, cv_document, offer, user};
use crate::error::ApiError;
use crate::intake::ExtractedCv;
use crate::services::scoring::{explanation_json, Scored};

/// A checked application, ready to store.
pub struct NewApplication {
    pub answers: Vec<String>,
    pub filename: String,
    pub pdf: Vec<u8>,
    pub cv: ExtractedCv,
    pub score: Scored,
}

/// The columns lists need: everything but the CV text.
#[derive(Debug, FromQueryResult)]
struct ApplicationRow {
    id: i32,
    offer_id: i32,
    candidate_id: i32,
    answers: StringList,
    cv_filename: String,
    cv_bytes: i64,
    cv_pages: i32,
    text_chars: i32,
    score: Option<f64>,
    explanation: Option<serde_json::Value>,
    submitted_at: chrono::DateTime<Utc>,
}

fn rows() -> Select<application::Entity> {
    use application::Column as C;
    application::Entity::find().select_only().columns([
        C::Id,
        C::OfferId,
        C::CandidateId,
        C::Answers,
        C::CvFilename,
        C::CvBytes,
        C::CvPages,
        C::TextChars,
        C::Score,
        C::Explanation,
        C::SubmittedAt,
    ])
}

pub async fn has_applied(
    db: &DatabaseConnection,
    offer_id: i32,
    candidate_id: i32,
) -> Result<bool, ApiError> {
    let count = application::Entity::find()
        .filter(application::Column::OfferId.eq(offer_id))
        .filter(application::Column::CandidateId.eq(candidate_id))
        .count(db)
        .await?;
    Ok(count > 0)
}

/// Stores the application and its PDF atomically; a second application of the same candidate
/// to the same offer is refused by the database's unique index (409), even when concurrent.
pub async fn submit(
    db: &DatabaseConnection,
    offer_id: i32,
    candidate_id: i32,
    new: NewApplication,
) -> Result<Application, ApiError> {
    let transaction = db.begin().await?;
    let row = application::ActiveModel {
        offer_id: Set(offer_id),
        candidate_id: Set(candidate_id),
        status: Set("submitted".to_owned()),
        answers: Set(StringList(new.answers)),
        cv_filename: Set(new.filename),
        cv_bytes: Set(i64::try_from(new.pdf.len()).unwrap_or(i64::MAX)),
        cv_pages: Set(i32::try_from(new.cv.pages).unwrap_or(i32::MAX)),
        text_chars: Set(i32::try_from(new.cv.text.chars().count()).unwrap_or(i32::MAX)),
        cv_text: Set(new.cv.text),
        score: Set(Some(new.score.value)),
        explanation: Set(Some(explanation_json(&new.score.explanation))),
        submitted_at: Set(Utc::now()),
        scored_at: Set(Some(Utc::now())),
        ..Default::default()
    };
    let inserted = match row.insert(&transaction).await {
        Ok(inserted) => inserted,
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(already_applied());
        }
        Err(error) => return Err(error.into()),
    };
    cv_document::ActiveModel {
        application_id: Set(inserted.id),
        content: Set(new.pdf),
    }
    .insert(&transaction)
    .await?;
    transaction.commit().await.map_err(|error| {
        if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
            already_applied()
        } else {
            error.into()
        }
    })?;
    let row = rows()
        .filter(application::Column::Id.eq(inserted.id))
        .into_model::<ApplicationRow>()
        .one(db)
        .await?
        .ok_or_else(|| ApiError::Internal("the new application vanished".to_owned()))?;
    Ok(to_wire(db, vec![row]).await?.remove(0))
}

pub fn already_applied() -> ApiError {
    ApiError::Conflict("you have already applied to this offer".to_owned())
}

/// An offer's applications, best score first (its owner only; checked by the caller).
pub async fn list_for_offer(
    db: &DatabaseConnection,
    offer_id: i32,
    pagination: Pagination,
) -> Result<Page<Application>, ApiError> {
    let query = rows()
        .filter(application::Column::OfferId.eq(offer_id))
        .order_by_with_nulls(application::Column::Score, Order::Desc, NullOrdering::Last);
    page_of(db, query, pagination).await
}

/// A candidate's own applications, newest first.
pub async fn list_for_candidate(
    db: &DatabaseConnection,
    candidate_id: i32,
    pagination: Pagination,
) -> Result<Page<Application>, ApiError> {
    let query = rows()
        .filter(application::Column::CandidateId.eq(candidate_id))
        .order_by_desc(application::Column::SubmittedAt);
    page_of(db, query, pagination).await
}

async fn page_of(
    db: &DatabaseConnection,
    query: Select<application::Entity>,
    pagination: Pagination,
) -> Result<Page<Application>, ApiError> {
    let total = query.clone().count(db).await?;
    let found = query
        .order_by_asc(application::Column::SubmittedAt)
        .order_by_asc(application::Column::Id)
        .offset(pagination.offset())
        .limit(pagination.per_page)
        .into_model::<ApplicationRow>()
        .all(db)
        .await?;
    Ok(Page {
        items: to_wire(db, found).await?,
        total,
        page: pagination.page,
        per_page: pagination.per_page,
    })
}

/// The CV's file name and bytes, for the candidate who sent it or the offer's owner.
pub async fn cv_for(
    db: &DatabaseConnection,
    application_id: i64,
    viewer: AuthUser,
) -> Result<(String, Vec<u8>), ApiError> {
    let (application, offer) = find_with_offer(db, application_id).await?;
    let allowed = match viewer.role {
        Role::Candidate => application.candidate_id == viewer.id,
        Role::Recruiter => offer.owner_id == viewer.id,
    };
    if !allowed {
        return Err(ApiError::Forbidden(
            "only the candidate and the offer's recruiter may read this CV".to_owned(),
        ));
    }
    let document = cv_document::Entity::find_by_id(application.id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("application {} has no CV", application.id)))?;
    Ok((application.cv_filename, document.content))
}

/// Deletes a candidate's own application and its CV.
pub async fn withdraw(
    db: &DatabaseConnection,
    application_id: i64,
    candidate: AuthUser,
) -> Result<(), ApiError> {
    let (application, _) = find_with_offer(db, application_id).await?;
    if application.candidate_id != candidate.id {
        return Err(ApiError::Forbidden(
            "only the candidate who applied may withdraw this application".to_owned(),
        ));
    }
    // The CV row goes with it (foreign key with ON DELETE CASCADE).
    let transaction = db.begin().await?;
    cv_document::Entity::delete_by_id(application.id)
        .exec(&transaction)
        .await?;
    application::Entity::delete_by_id(application.id)
        .exec(&transaction)
        .await?;
    transaction.commit().await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct ApplicationAccess {
    id: i32,
    offer_id: i32,
    candidate_id: i32,
    cv_filename: String,
}

#[derive(Debug, FromQueryResult)]
struct OfferOwner {
    owner_id: i32,
}

/// The application `application_id` and the owner of its offer, or 404.
async fn find_with_offer(
    db: &DatabaseConnection,
    application_id: i64,
) -> Result<(ApplicationAccess, OfferOwner), ApiError> {
    use application::Column as C;
    let not_found = || ApiError::NotFound(format!("application {application_id} does not exist"));
    let id = i32::try_from(application_id).map_err(|_| not_found())?;
    let application = application::Entity::find_by_id(id)
        .select_only()
        .columns([C::Id, C::OfferId, C::CandidateId, C::CvFilename])
        .into_model::<ApplicationAccess>()
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let owner = offer::Entity::find_by_id(application.offer_id)
        .select_only()
        .column(offer::Column::OwnerId)
        .into_model::<OfferOwner>()
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    Ok((application, owner))
}

#[derive(Debug, FromQueryResult)]
struct OfferHead {
    id: i32,
    title: String,
    status: String,
}

#[derive(Debug, FromQueryResult)]
struct CandidateName {
    id: i32,
    full_name: String,
}

/// Adds offer titles and candidate names to rows, with one query for each.
async fn to_wire(
    db: &DatabaseConnection,
    rows: Vec<ApplicationRow>,
) -> Result<Vec<Application>, ApiError> {
    let offer_ids: Vec<i32> = rows.iter().map(|r| r.offer_id).collect();
    let candidate_ids: Vec<i32> = rows.iter().map(|r| r.candidate_id).collect();
    let offers: HashMap<i32, OfferHead> = offer::Entity::find()
        .select_only()
        .columns([
            offer::Column::Id,
            offer::Column::Title,
            offer::Column::Status,
        ])
        .filter(offer::Column::Id.is_in(offer_ids))
        .into_model::<OfferHead>()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let names: HashMap<i32, String> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::FullName])
        .filter(user::Column::Id.is_in(candidate_ids))
        .into_model::<CandidateName>()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    rows.into_iter()
        .map(|row| {
            let offer = offers.get(&row.offer_id).ok_or_else(|| {
                ApiError::Internal(format!("application {} has no offer", row.id))
            })?;
            let explanation = row
                .explanation
                .map(serde_json::from_value::<ScoreExplanation>)
                .transpose()
                .map_err(|e| ApiError::Internal(format!("application {}: {e}", row.id)))?;
            Ok(Application {
                id: i64::from(row.id),
                offer_id: i64::from(row.offer_id),
                offer_title: offer.title.clone(),
                offer_status: offer
                    .status
                    .parse::<OfferStatus>()
                    .map_err(|e| ApiError::Internal(format!("offer {}: {e}", offer.id)))?,
                candidate_id: i64::from(row.candidate_id),
                candidate_name: names.get(&row.candidate_id).cloned().unwrap_or_default(),
                status: ApplicationStatus::Submitted,
                answers: row.answers.0,
                cv_filename: row.cv_filename,
                cv_bytes: u64::try_from(row.cv_bytes).unwrap_or_default(),
                cv_pages: u32::try_from(row.cv_pages).unwrap_or_default(),
                text_chars: u64::try_from(row.text_chars).unwrap_or_default(),
                score: row.score,
                explanation,
                submitted_at: row.submitted_at,
            })
        })
        .collect()
}
