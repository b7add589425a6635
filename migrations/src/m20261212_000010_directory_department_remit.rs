//! City departments record their remit: what the department is responsible for, and so what
//! its officers may do (`hub_common::Remit`, stored as its SCREAMING_SNAKE_CASE name).
//!
//! Expand only: a nullable column, null for every organization that is not a department. The
//! departments registered so far are filled from their names (the two the hub knows by name,
//! "Sở Giáo dục và Đào tạo" and "Sở Công Thương", compared folded as `name_search` holds
//! them); any other department keeps null, and its officers act within no remit until it is
//! set. A release that does not know the column keeps working.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DirectoryOrganizations {
    Table,
    Kind,
    NameSearch,
    DepartmentRemit,
}

/// Folded name fragments of the departments registered before this column, and their remit.
const KNOWN: [(&str, &str); 2] =
    [("so giao duc va dao tao%", "EDUCATION_AND_TRAINING"), ("so cong thuong%", "INDUSTRY_AND_TRADE")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use DirectoryOrganizations as O;
        manager
            .alter_table(Table::alter().table(O::Table).add_column(text_null(O::DepartmentRemit)).to_owned())
            .await?;
        for (name, remit) in KNOWN {
            manager
                .exec_stmt(
                    Query::update()
                        .table(O::Table)
                        .value(O::DepartmentRemit, remit)
                        .and_where(Expr::col(O::Kind).eq("DEPARTMENT"))
                        .and_where(Expr::col(O::NameSearch).like(name))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use DirectoryOrganizations as O;
        manager.alter_table(Table::alter().table(O::Table).drop_column(O::DepartmentRemit).to_owned()).await
    }
}
