//! Job offers: publish, search, read, edit, close and delete.
//! Search runs on folded copies of the text, so it ignores case and accents on every database.

use chrono::Utc;
use offreapi_scoring::fold::{fold, query_terms};
use offreapi_types::{Offer, OfferStatus, Page};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};

use crate::domain::{OfferDraft, Pagination};
use crate::entities::offer::{self, StringList};
use crate::error::ApiError;

/// Filters of the public offer list, already validated.
#[derive(Debug, Default)]
pub struct OfferFilter {
    pub q: Option<String>,
    pub location: Option<String>,
    pub skill: Option<String>,
}

pub async fn create(
    db: &DatabaseConnection,
    owner_id: i32,
    draft: OfferDraft,
) -> Result<Offer, ApiError> {
    let now = Utc::now();
    let mut row = offer::ActiveModel {
        owner_id: Set(owner_id),
        status: Set(draft.status.unwrap_or_default().as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        scores_refreshing: Set(false),
        ..Default::default()
    };
    set_editable_fields(&mut row, draft);
    to_wire(row.insert(db).await?)
}

/// Open offers matching `filter`, newest first.
pub async fn search(
    db: &DatabaseConnection,
    filter: &OfferFilter,
    pagination: Pagination,
) -> Result<Page<Offer>, ApiError> {
    let mut condition = Condition::all().add(offer::Column::Status.eq(OfferStatus::Open.as_str()));
    for term in filter.q.as_deref().map(query_terms).unwrap_or_default() {
        condition = condition.add(contains(offer::Column::SearchKey, &term));
    }
    if let Some(location) = filter.location.as_deref().map(|l| fold(l.trim())) {
        if !location.is_empty() {
            condition = condition.add(contains(offer::Column::LocationKey, &location));
        }
    }
    if let Some(skill) = filter.skill.as_deref().map(|s| fold(s.trim())) {
        if !skill.is_empty() {
            condition = condition.add(contains(offer::Column::SkillsKey, &format!("|{skill}|")));
        }
    }
    page_of(db, offer::Entity::find().filter(condition), pagination).await
}

/// Every offer of one recruiter, open or closed, newest first.
pub async fn list_owned(
    db: &DatabaseConnection,
    owner_id: i32,
    pagination: Pagination,
) -> Result<Page<Offer>, ApiError> {
    let query = offer::Entity::find().filter(offer::Column::OwnerId.eq(owner_id));
    page_of(db, query, pagination).await
}

pub async fn get(db: &DatabaseConnection, id: i64) -> Result<Offer, ApiError> {
    to_wire(find_model(db, id).await?)
}

/// What an edit changed.
pub struct Updated {
    pub offer: Offer,
    /// Title, description or skills changed: the applications' scores are out of date.
    pub scoring_changed: bool,
}

/// Replaces the editable fields; only the owner may.
pub async fn update(
    db: &DatabaseConnection,
    id: i64,
    editor_id: i32,
    draft: OfferDraft,
) -> Result<Updated, ApiError> {
    let model = find_owned(db, id, editor_id).await?;
    let scoring_changed = model.title != draft.title
        || model.description != draft.description
        || model.skills.0 != draft.skills;
    let status = draft.status;
    let mut row = model.into_active_model();
    if let Some(status) = status {
        row.status = Set(status.as_str().to_owned());
    }
    set_editable_fields(&mut row, draft);
    row.updated_at = Set(Utc::now());
    if scoring_changed {
        row.scores_refreshing = Set(true);
    }
    Ok(Updated {
        offer: to_wire(row.update(db).await?)?,
        scoring_changed,
    })
}

pub async fn delete(db: &DatabaseConnection, id: i64, editor_id: i32) -> Result<(), ApiError> {
    let model = find_owned(db, id, editor_id).await?;
    offer::Entity::delete_by_id(model.id).exec(db).await?;
    Ok(())
}

/// The offer `id`, or 404.
pub async fn find_model(db: &DatabaseConnection, id: i64) -> Result<offer::Model, ApiError> {
    let not_found = || ApiError::NotFound(format!("offer {id} does not exist"));
    let id = i32::try_from(id).map_err(|_| not_found())?;
    offer::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(not_found)
}

/// The offer `id` if `user_id` owns it: 404 when it does not exist, 403 when it is someone else's.
pub async fn find_owned(
    db: &DatabaseConnection,
    id: i64,
    user_id: i32,
) -> Result<offer::Model, ApiError> {
    let model = find_model(db, id).await?;
    if model.owner_id != user_id {
        return Err(ApiError::Forbidden(format!(
            "offer {id} belongs to another recruiter"
        )));
    }
    Ok(model)
}

fn set_editable_fields(row: &mut offer::ActiveModel, draft: OfferDraft) {
    let folded_skills: Vec<String> = draft.skills.iter().map(|s| fold(s)).collect();
    row.search_key = Set(fold(&format!(
        "{}\n{}\n{}",
        draft.title,
        draft.description,
        draft.skills.join("\n")
    )));
    row.skills_key = Set(folded_skills
        .iter()
        .map(|s| format!("|{s}|"))
        .collect::<String>());
    row.location_key = Set(fold(&draft.location));
    row.title = Set(draft.title);
    row.description = Set(draft.description);
    row.location = Set(draft.location);
    row.skills = Set(StringList(draft.skills));
    row.questions = Set(StringList(draft.questions));
}

/// `column LIKE '%needle%'`, with the needle's own wildcards escaped.
fn contains(column: offer::Column, needle: &str) -> sea_orm::sea_query::SimpleExpr {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Expr::col((offer::Entity, column)).like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}

async fn page_of(
    db: &DatabaseConnection,
    query: Select<offer::Entity>,
    pagination: Pagination,
) -> Result<Page<Offer>, ApiError> {
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(offer::Column::CreatedAt)
        .order_by_desc(offer::Column::Id)
        .offset(pagination.offset())
        .limit(pagination.per_page)
        .all(db)
        .await?;
    Ok(Page {
        items: rows.into_iter().map(to_wire).collect::<Result<_, _>>()?,
        total,
        page: pagination.page,
        per_page: pagination.per_page,
    })
}

pub fn to_wire(model: offer::Model) -> Result<Offer, ApiError> {
    let status = model
        .status
        .parse::<OfferStatus>()
        .map_err(|e| ApiError::Internal(format!("offer {}: {e}", model.id)))?;
    Ok(Offer {
        id: i64::from(model.id),
        owner_id: i64::from(model.owner_id),
        title: model.title,
        description: model.description,
        location: model.location,
        skills: model.skills.0,
        questions: model.questions.0,
        status,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}
