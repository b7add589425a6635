//! Memberships may hold the role `DEPARTMENT_OFFICER` (the only role in a city department).
//!
//! Expand only: the role check allows one more value, so a release that does not know it keeps
//! working (it never writes it). PostgreSQL swaps the check in place. SQLite cannot alter a
//! check, so the table is rebuilt the way its documentation prescribes (create the new table,
//! copy the rows, drop the old one, rename, recreate the index), inside one transaction; no
//! other table refers to memberships, so foreign keys need no special care.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DirectoryOrganizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DirectoryMemberships {
    Table,
    Id,
    OrganizationId,
    Subject,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DirectoryMembershipsRebuilt {
    Table,
}

const ROLES_BEFORE: &[&str] = &["ORG_MEMBER", "ORG_ADMIN"];
const ROLES: &[&str] = &["ORG_MEMBER", "ORG_ADMIN", "DEPARTMENT_OFFICER"];
const CHECK_NAME: &str = "ck_directory_memberships_role";
const UNIQUE_INDEX: &str = "ux_directory_memberships_subject_organization";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        // SQLite's rebuild must not stop half-way (its DDL is transactional too).
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Postgres => replace_check_on_postgres(manager, ROLES).await,
            _ => rebuild_on_sqlite(manager, ROLES).await,
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Officers' memberships cannot satisfy the older check; they go with it.
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(DirectoryMemberships::Table)
                    .and_where(Expr::col(DirectoryMemberships::Role).is_not_in(ROLES_BEFORE.iter().copied()))
                    .to_owned(),
            )
            .await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => replace_check_on_postgres(manager, ROLES_BEFORE).await,
            _ => rebuild_on_sqlite(manager, ROLES_BEFORE).await,
        }
    }
}

/// Drops every check on the role column (the first migration's is named by PostgreSQL, so it
/// is found by its definition) and adds one, named, allowing `roles`.
async fn replace_check_on_postgres(manager: &SchemaManager<'_>, roles: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    db.execute_raw(Statement::from_string(
        DbBackend::Postgres,
        r#"DO $$
DECLARE
    found record;
BEGIN
    FOR found IN
        SELECT conname FROM pg_constraint
        WHERE conrelid = 'directory_memberships'::regclass
          AND contype = 'c'
          AND pg_get_constraintdef(oid) LIKE '%role%'
    LOOP
        EXECUTE format('ALTER TABLE directory_memberships DROP CONSTRAINT %I', found.conname);
    END LOOP;
END $$"#
            .to_owned(),
    ))
    .await?;
    let allowed = roles.iter().map(|role| format!("'{role}'")).collect::<Vec<_>>().join(", ");
    db.execute_raw(Statement::from_string(
        DbBackend::Postgres,
        format!("ALTER TABLE directory_memberships ADD CONSTRAINT {CHECK_NAME} CHECK (role IN ({allowed}))"),
    ))
    .await?;
    Ok(())
}

/// Rebuilds the table with a check allowing `roles`, keeping every row.
async fn rebuild_on_sqlite(manager: &SchemaManager<'_>, roles: &[&str]) -> Result<(), DbErr> {
    use DirectoryMemberships as M;
    manager
        .create_table(
            Table::create()
                .table(DirectoryMembershipsRebuilt::Table)
                .col(pk_uuid(M::Id))
                .col(uuid(M::OrganizationId))
                .col(text(M::Subject))
                .col(text(M::Role))
                .col(timestamp_with_time_zone(M::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_directory_memberships_organization")
                        .from(DirectoryMembershipsRebuilt::Table, M::OrganizationId)
                        .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .check(Expr::col(M::Role).is_in(roles.iter().copied()))
                .to_owned(),
        )
        .await?;
    let columns = || [M::Id, M::OrganizationId, M::Subject, M::Role, M::CreatedAt];
    manager
        .exec_stmt(
            Query::insert()
                .into_table(DirectoryMembershipsRebuilt::Table)
                .columns(columns())
                .select_from(Query::select().columns(columns()).from(M::Table).to_owned())
                .map_err(|err| DbErr::Migration(err.to_string()))?
                .to_owned(),
        )
        .await?;
    manager.drop_table(Table::drop().table(M::Table).to_owned()).await?;
    manager
        .rename_table(Table::rename().table(DirectoryMembershipsRebuilt::Table, M::Table).to_owned())
        .await?;
    manager
        .create_index(
            Index::create()
                .name(UNIQUE_INDEX)
                .table(M::Table)
                .col(M::Subject)
                .col(M::OrganizationId)
                .unique()
                .to_owned(),
        )
        .await
}
