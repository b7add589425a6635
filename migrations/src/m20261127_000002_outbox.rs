//! The transactional outbox: events written in the same transaction as the change they
//! announce, then relayed to the event bus. The row id is the event's cursor.
//!
//! Also `hub_deployment`, one row naming this database's deployment, so that hubs sharing a
//! Redis but not a database (staging beside production, parallel test runs) never read each
//! other's events: the Redis channel carries the deployment id.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HubOutbox {
    Table,
    Id,
    Topic,
    Payload,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum HubDeployment {
    Table,
    Id,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(HubOutbox::Table)
                    .col(big_pk_auto(HubOutbox::Id))
                    .col(text(HubOutbox::Topic))
                    .col(text(HubOutbox::Payload))
                    .col(timestamp_with_time_zone(HubOutbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(HubOutbox::SentAt))
                    .to_owned(),
            )
            .await?;
        // Resume reads one topic after a cursor; the relay reads what is not sent yet.
        manager
            .create_index(
                Index::create()
                    .name("ix_hub_outbox_topic_id")
                    .table(HubOutbox::Table)
                    .col(HubOutbox::Topic)
                    .col(HubOutbox::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_hub_outbox_sent_at_id")
                    .table(HubOutbox::Table)
                    .col(HubOutbox::SentAt)
                    .col(HubOutbox::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HubDeployment::Table)
                    .col(pk_uuid(HubDeployment::Id))
                    .col(timestamp_with_time_zone(HubDeployment::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // A migration runs once per database, so this is the deployment's one and only id.
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(HubDeployment::Table)
                    .columns([HubDeployment::Id, HubDeployment::CreatedAt])
                    .values_panic([
                        sea_orm::Value::from(uuid::Uuid::new_v4()).into(),
                        sea_orm::Value::from(chrono::Utc::now()).into(),
                    ])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(HubDeployment::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(HubOutbox::Table).to_owned()).await
    }
}
