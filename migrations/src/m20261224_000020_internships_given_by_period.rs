//! The participation reports count, per enterprise, the offers published, the nominations
//! decided and the placements completed over a period (`Internships::given_by_enterprise`).
//! Without these indexes each report read every offer and every nomination to keep those of
//! the period. Now:
//! - offers by `published_at`, carrying the status, enterprise and seats the count needs, so
//!   PostgreSQL can answer from the index alone (once a vacuum has marked the table's pages
//!   all-visible; until then it reads the table);
//! - nominations by `decided_at` and by `completed_at`: most are undecided (null) and are not
//!   read at all.
//!
//! Expand only: three indexes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InternshipsOffers {
    Table,
    PublishedAt,
    Status,
    EnterpriseId,
    Seats,
}

#[derive(DeriveIden)]
enum InternshipsNominations {
    Table,
    DecidedAt,
    CompletedAt,
}

const OFFERS_PUBLISHED: &str = "ix_internships_offers_published";
const NOMINATIONS_DECIDED: &str = "ix_internships_nominations_decided";
const NOMINATIONS_COMPLETED: &str = "ix_internships_nominations_completed";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use InternshipsNominations as N;
        use InternshipsOffers as O;
        let indexes = [
            Index::create()
                .name(OFFERS_PUBLISHED)
                .table(O::Table)
                .col(O::PublishedAt)
                .col(O::Status)
                .col(O::EnterpriseId)
                .col(O::Seats)
                .to_owned(),
            Index::create().name(NOMINATIONS_DECIDED).table(N::Table).col(N::DecidedAt).to_owned(),
            Index::create().name(NOMINATIONS_COMPLETED).table(N::Table).col(N::CompletedAt).to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            (OFFERS_PUBLISHED, InternshipsOffers::Table.into_iden()),
            (NOMINATIONS_DECIDED, InternshipsNominations::Table.into_iden()),
            (NOMINATIONS_COMPLETED, InternshipsNominations::Table.into_iden()),
        ] {
            manager.drop_index(Index::drop().name(name).table(table).to_owned()).await?;
        }
        Ok(())
    }
}
