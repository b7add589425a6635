//! Invitations to join an organization: sent to an email address, accepted with a secret code
//! of which only the SHA-256 is stored.
//!
//! Expand only: a new table that the previous release never reads.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DirectoryOrganizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DirectoryInvitations {
    Table,
    Id,
    OrganizationId,
    Email,
    Role,
    CodeHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    AcceptedBy,
    RevokedAt,
}

const ROLES: &[&str] = &["ORG_MEMBER", "ORG_ADMIN", "DEPARTMENT_OFFICER"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use DirectoryInvitations as I;
        manager
            .create_table(
                Table::create()
                    .table(I::Table)
                    .col(pk_uuid(I::Id))
                    .col(uuid(I::OrganizationId))
                    // Trimmed and lower-cased by the service.
                    .col(text(I::Email))
                    .col(text(I::Role))
                    // Lower-case hex SHA-256 of the code; the code itself is never stored.
                    .col(text_uniq(I::CodeHash))
                    .col(text(I::InvitedBy))
                    .col(timestamp_with_time_zone(I::CreatedAt))
                    .col(timestamp_with_time_zone(I::ExpiresAt))
                    .col(timestamp_with_time_zone_null(I::AcceptedAt))
                    .col(text_null(I::AcceptedBy))
                    .col(timestamp_with_time_zone_null(I::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directory_invitations_organization")
                            .from(I::Table, I::OrganizationId)
                            .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(I::Role).is_in(ROLES.iter().copied()))
                    .check(Expr::col(I::ExpiresAt).gt(Expr::col(I::CreatedAt)))
                    // Accepted means both when and by whom; an invitation is accepted or
                    // revoked, never both.
                    .check(Expr::col(I::AcceptedAt).is_null().and(Expr::col(I::AcceptedBy).is_null()).or(
                        Expr::col(I::AcceptedAt).is_not_null().and(Expr::col(I::AcceptedBy).is_not_null()),
                    ))
                    .check(Expr::col(I::AcceptedAt).is_null().or(Expr::col(I::RevokedAt).is_null()))
                    .to_owned(),
            )
            .await?;
        // Listing an organization's invitations, newest (UUIDv7) first.
        manager
            .create_index(
                Index::create()
                    .name("ix_directory_invitations_organization")
                    .table(I::Table)
                    .col(I::OrganizationId)
                    .col(I::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DirectoryInvitations::Table).to_owned()).await
    }
}
