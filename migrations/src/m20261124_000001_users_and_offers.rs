//! Accounts and job offers.
//! Offers carry folded copies of their searchable text so search is accent-blind on both databases.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(
                        ColumnDef::new(Users::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Users::Email)
                            .string_len(254)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Users::PasswordHash)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Users::FullName).string_len(200).not_null())
                    .col(ColumnDef::new(Users::Role).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Users::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Offers::Table)
                    .col(
                        ColumnDef::new(Offers::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Offers::OwnerId).integer().not_null())
                    .col(ColumnDef::new(Offers::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Offers::Description).text().not_null())
                    .col(ColumnDef::new(Offers::Location).string_len(200).not_null())
                    .col(ColumnDef::new(Offers::Skills).json_binary().not_null())
                    .col(ColumnDef::new(Offers::Questions).json_binary().not_null())
                    .col(ColumnDef::new(Offers::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Offers::SearchKey).text().not_null())
                    .col(ColumnDef::new(Offers::SkillsKey).text().not_null())
                    .col(
                        ColumnDef::new(Offers::LocationKey)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Offers::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Offers::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offers_owner")
                            .from(Offers::Table, Offers::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_index(
                Index::create()
                    .name("idx_offers_status_created")
                    .table(Offers::Table)
                    .col(Offers::Status)
                    .col(Offers::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_offers_owner")
                    .table(Offers::Table)
                    .col(Offers::OwnerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Offers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    FullName,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Offers {
    Table,
    Id,
    OwnerId,
    Title,
    Description,
    Location,
    Skills,
    Questions,
    Status,
    /// Folded title, description and skills, for `q`.
    SearchKey,
    /// Folded skills, each wrapped in `|`, for the exact `skill` filter.
    SkillsKey,
    /// Folded location, for the `location` filter.
    LocationKey,
    CreatedAt,
    UpdatedAt,
}
