//! An organization named in someone else's engagement confirms it before it counts for them:
//! each involvement records when it was confirmed (the recorder's at once).
//!
//! Expand only: a nullable column, filled for the involvements recorded so far with their
//! engagement's creation time (they were counted before this rule, and un-counting a year's
//! figures after the fact would surprise the officers who reported them).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PartnershipsEngagementOrganizations {
    Table,
    EngagementId,
    ConfirmedAt,
}

#[derive(DeriveIden)]
enum PartnershipsEngagements {
    Table,
    Id,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PartnershipsEngagementOrganizations as EO;
        use PartnershipsEngagements as E;
        manager
            .alter_table(
                Table::alter()
                    .table(EO::Table)
                    .add_column(timestamp_with_time_zone_null(EO::ConfirmedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(EO::Table)
                    .value(
                        EO::ConfirmedAt,
                        Expr::expr(SimpleExpr::SubQuery(
                            None,
                            Box::new(
                                Query::select()
                                    .column((E::Table, E::CreatedAt))
                                    .from(E::Table)
                                    .and_where(
                                        Expr::col((E::Table, E::Id)).equals((EO::Table, EO::EngagementId)),
                                    )
                                    .to_owned()
                                    .into_sub_query_statement(),
                            ),
                        )),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PartnershipsEngagementOrganizations as EO;
        manager.alter_table(Table::alter().table(EO::Table).drop_column(EO::ConfirmedAt).to_owned()).await
    }
}
