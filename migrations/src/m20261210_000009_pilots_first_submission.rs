//! Yearly reports remember their first submission. Lateness is judged by it: a report sent on
//! time, returned by an officer and sent again after 25 December was not late.
//!
//! Expand only: a nullable column, filled from `submitted_at` for reports submitted so far (for
//! them the latest submission is the best record there is). A release that does not know the
//! column keeps working; readers fall back to `submitted_at` where it is null.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PilotsAnnualReports {
    Table,
    SubmittedAt,
    FirstSubmittedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PilotsAnnualReports as R;
        manager
            .alter_table(
                Table::alter()
                    .table(R::Table)
                    .add_column(timestamp_with_time_zone_null(R::FirstSubmittedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(R::Table)
                    .value(R::FirstSubmittedAt, Expr::col(R::SubmittedAt))
                    .and_where(Expr::col(R::SubmittedAt).is_not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PilotsAnnualReports as R;
        manager.alter_table(Table::alter().table(R::Table).drop_column(R::FirstSubmittedAt).to_owned()).await
    }
}
