//! The audit log: one row per mutation field a caller ran, whatever its outcome (see the
//! `audit` module for what is recorded and why).
//!
//! The table is append-only and has no foreign keys on purpose: a record of what happened
//! must neither block nor be removed by later changes to the organizations it names.
//! `organization_ids` lists the organizations an entry concerns as lower-case UUIDs separated
//! by spaces, so the entry is one row written by one INSERT; readers filter it with `LIKE`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEntries {
    Table,
    Id,
    OccurredAt,
    Subject,
    ActingOrganizationId,
    Roles,
    Mutation,
    ObjectType,
    ObjectId,
    OrganizationIds,
    Outcome,
    Arguments,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEntries::Table)
                    .col(pk_uuid(AuditEntries::Id))
                    .col(timestamp_with_time_zone(AuditEntries::OccurredAt))
                    .col(text_null(AuditEntries::Subject))
                    .col(uuid_null(AuditEntries::ActingOrganizationId))
                    .col(text(AuditEntries::Roles))
                    .col(text(AuditEntries::Mutation))
                    .col(text_null(AuditEntries::ObjectType))
                    .col(text_null(AuditEntries::ObjectId))
                    .col(text(AuditEntries::OrganizationIds))
                    .col(text(AuditEntries::Outcome))
                    .col(text(AuditEntries::Arguments))
                    .to_owned(),
            )
            .await?;
        // Lists are newest first by id (UUIDv7); these serve the filters that narrow them most.
        for (name, column) in [
            ("ix_audit_entries_occurred_at", AuditEntries::OccurredAt),
            ("ix_audit_entries_object_id", AuditEntries::ObjectId),
            ("ix_audit_entries_mutation", AuditEntries::Mutation),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AuditEntries::Table)
                        .col(column)
                        .col(AuditEntries::Id)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditEntries::Table).to_owned()).await
    }
}
