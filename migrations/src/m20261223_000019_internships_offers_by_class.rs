//! Offers filtered by a VSIC class (a sector filter of four or five digits, the one the offer
//! lists offer) and listed newest first read an index in order, instead of every offer of the
//! status with the filter applied row by row: `(status, substr(sector, 1, 4), id)`. Both
//! back-ends index the expression, and `OfferMatcher::condition` writes it the same way.
//!
//! Expand only: one index.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_internships_offers_status_class_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let create = format!("CREATE INDEX {INDEX} ON internships_offers (status, substr(sector, 1, 4), id)");
        manager.get_connection().execute_unprepared(&create).await.map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(&format!("DROP INDEX {INDEX}")).await.map(|_| ())
    }
}
