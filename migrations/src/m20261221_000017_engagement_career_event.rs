//! An engagement may be recorded from a career event (careers module), once per event: a
//! nullable column with a unique index. No foreign key, because the event is another module's
//! row (modules own their tables); the partnerships service checks the event through the
//! careers service when recording.
//!
//! Expand only: existing engagements keep a null, and the previous release, which does not
//! know the column, goes on inserting nulls.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PartnershipsEngagements {
    Table,
    CareerEventId,
}

const INDEX: &str = "partnerships_engagements_career_event_once";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PartnershipsEngagements as E;
        manager
            .alter_table(Table::alter().table(E::Table).add_column(uuid_null(E::CareerEventId)).to_owned())
            .await?;
        // A unique index admits many nulls on both back-ends: only engagements recorded from
        // an event are held to one per event.
        manager
            .create_index(
                Index::create().name(INDEX).table(E::Table).col(E::CareerEventId).unique().to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PartnershipsEngagements as E;
        manager.drop_index(Index::drop().name(INDEX).table(E::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(E::Table).drop_column(E::CareerEventId).to_owned()).await
    }
}
