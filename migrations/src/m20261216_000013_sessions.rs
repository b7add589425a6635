//! Browser sessions of the sign-in pages (`gateway/src/auth/sessions.rs`): the hub is the
//! OpenID Connect client, so the browser holds only a random session id in an HttpOnly cookie.
//! The row is keyed by the id's SHA-256, so a copy of the table signs nobody in, and it keeps
//! who signed in rather than any token.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HubSessions {
    Table,
    IdHash,
    Subject,
    Email,
    DevelopmentOrganization,
    DevelopmentRoles,
    ExpiresAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(HubSessions::Table)
                    .col(text(HubSessions::IdHash).primary_key())
                    .col(text(HubSessions::Subject))
                    .col(text_null(HubSessions::Email))
                    .col(uuid_null(HubSessions::DevelopmentOrganization))
                    .col(text_null(HubSessions::DevelopmentRoles))
                    .col(timestamp_with_time_zone(HubSessions::ExpiresAt))
                    .col(timestamp_with_time_zone(HubSessions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // Expired sessions are deleted in bulk by expiry.
        manager
            .create_index(
                Index::create()
                    .name("ix_hub_sessions_expires_at")
                    .table(HubSessions::Table)
                    .col(HubSessions::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(HubSessions::Table).to_owned()).await
    }
}
