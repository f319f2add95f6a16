//! The `offers` table: a job offer and the folded keys its search runs on.

use sea_orm::entity::prelude::*;
use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

/// A list of strings kept as one JSON column (skills, screening questions).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize, FromJsonQueryResult)]
pub struct StringList(pub Vec<String>);

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub owner_id: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub location: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub skills: StringList,
    #[sea_orm(column_type = "JsonBinary")]
    pub questions: StringList,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub search_key: String,
    #[sea_orm(column_type = "Text")]
    pub skills_key: String,
    pub location_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// True while the applications' scores are being recomputed after an edit.
    pub scores_refreshing: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::OwnerId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    Owner,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
