//! The `applications` table: one candidate's application to one offer, with the CV's text.

use sea_orm::entity::prelude::*;

use super::offer::StringList;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub offer_id: i32,
    pub candidate_id: i32,
    pub status: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub answers: StringList,
    pub cv_filename: String,
    pub cv_bytes: i64,
    pub cv_pages: i32,
    #[sea_orm(column_type = "Text")]
    pub cv_text: String,
    pub text_chars: i32,
    pub score: Option<f64>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub explanation: Option<Json>,
    pub submitted_at: DateTimeUtc,
    pub scored_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::offer::Entity",
        from = "Column::OfferId",
        to = "super::offer::Column::Id",
        on_delete = "Cascade"
    )]
    Offer,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::CandidateId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    Candidate,
}

impl Related<super::offer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Offer.def()
    }
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Candidate.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
