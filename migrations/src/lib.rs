//! Database schema migrations for OffreAPI, one code path for SQLite and PostgreSQL.
//! The server applies them at start; `offreapi migrate` applies them alone.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_users_and_offers;
mod m20261124_000002_applications;
mod m20261124_000003_offer_rescoring_flag;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_users_and_offers::Migration),
            Box::new(m20261124_000002_applications::Migration),
            Box::new(m20261124_000003_offer_rescoring_flag::Migration),
        ]
    }
}
