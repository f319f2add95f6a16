//! Applications and their CV files: one application per candidate per offer, enforced by a
//! unique index so concurrent submissions cannot both land. PDF bytes live in their own table.

use sea_orm_migration::prelude::*;

use crate::m20261124_000001_users_and_offers::{Offers, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Applications::Table)
                    .col(
                        ColumnDef::new(Applications::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Applications::OfferId).integer().not_null())
                    .col(
                        ColumnDef::new(Applications::CandidateId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Applications::Status)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Applications::Answers)
                            .json_binary()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Applications::CvFilename)
                            .string_len(255)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Applications::CvBytes)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Applications::CvPages).integer().not_null())
                    .col(ColumnDef::new(Applications::CvText).text().not_null())
                    .col(ColumnDef::new(Applications::TextChars).integer().not_null())
                    .col(ColumnDef::new(Applications::Score).double().null())
                    .col(
                        ColumnDef::new(Applications::Explanation)
                            .json_binary()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Applications::SubmittedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Applications::ScoredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_applications_offer")
                            .from(Applications::Table, Applications::OfferId)
                            .to(Offers::Table, Offers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_applications_candidate")
                            .from(Applications::Table, Applications::CandidateId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_index(
                Index::create()
                    .name("uq_applications_offer_candidate")
                    .table(Applications::Table)
                    .col(Applications::OfferId)
                    .col(Applications::CandidateId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_applications_candidate")
                    .table(Applications::Table)
                    .col(Applications::CandidateId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CvDocuments::Table)
                    .col(
                        ColumnDef::new(CvDocuments::ApplicationId)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(CvDocuments::Content).binary().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_cv_documents_application")
                            .from(CvDocuments::Table, CvDocuments::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CvDocuments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Applications::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    OfferId,
    CandidateId,
    Status,
    Answers,
    /// The client's file name, sanitised, for display only.
    CvFilename,
    CvBytes,
    CvPages,
    /// Extracted, normalised text.
    CvText,
    TextChars,
    Score,
    Explanation,
    SubmittedAt,
    ScoredAt,
}

#[derive(DeriveIden)]
enum CvDocuments {
    Table,
    ApplicationId,
    Content,
}
