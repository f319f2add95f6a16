//! A flag on offers that says their applications' scores are being recomputed, so dashboards
//! can say so and an interrupted recomputation resumes at the next start.

use sea_orm_migration::prelude::*;

use crate::m20261124_000001_users_and_offers::Offers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RescoringColumn {
    ScoresRefreshing,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Offers::Table)
                    .add_column(
                        ColumnDef::new(RescoringColumn::ScoresRefreshing)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Offers::Table)
                    .drop_column(RescoringColumn::ScoresRefreshing)
                    .to_owned(),
            )
            .await
    }
}
