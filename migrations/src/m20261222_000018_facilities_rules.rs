//! Facilities rules users asked for: a host withdraws a facility (and reopens it), a weekday
//! has several opening spans (a lunch break), dated closures (Tết, public holidays,
//! maintenance) refuse bookings, and each facility sets a minimum notice and a maximum advance.
//!
//! Expand only. Opening spans move to a new table whose key lets a weekday hold several spans;
//! every row of `facilities_opening_hours` is copied into it, so every facility keeps its hours.
//! The old table stays for the release still serving (the service keeps writing each weekday's
//! first span there) and is dropped in a later release. The new facility columns are nullable
//! or have a default that means "as before" (not withdrawn, no notice, no advance limit); the
//! bookings' cancellation reason is nullable.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FacilitiesFacilities {
    Table,
    Id,
    WithdrawnAt,
    WithdrawalReason,
    MinNoticeHours,
    MaxAdvanceDays,
}

#[derive(DeriveIden)]
enum FacilitiesOpeningHours {
    Table,
    FacilityId,
    Weekday,
    OpensMinute,
    ClosesMinute,
}

#[derive(DeriveIden)]
enum FacilitiesOpeningSpans {
    Table,
    FacilityId,
    Weekday,
    OpensMinute,
    ClosesMinute,
}

#[derive(DeriveIden)]
enum FacilitiesClosures {
    Table,
    Id,
    FacilityId,
    FirstDay,
    LastDay,
    Reason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FacilitiesBookings {
    Table,
    CancellationReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use FacilitiesFacilities as F;
        // One column per statement: SQLite alters one column at a time.
        let columns: [ColumnDef; 4] = [
            timestamp_with_time_zone_null(F::WithdrawnAt),
            text_null(F::WithdrawalReason),
            // Hours between booking and the session's start; 0 is "any time before it starts".
            integer(F::MinNoticeHours)
                .default(0)
                .check(Expr::col(F::MinNoticeHours).between(0, 24 * 30))
                .take(),
            // How many days ahead a session may start; null is no limit.
            integer_null(F::MaxAdvanceDays).check(Expr::col(F::MaxAdvanceDays).between(1, 730)).take(),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(F::Table).add_column(&mut column).to_owned()).await?;
        }

        use FacilitiesOpeningSpans as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(uuid(S::FacilityId))
                    // ISO weekday: 1 is Monday, 7 is Sunday.
                    .col(integer(S::Weekday))
                    // Minutes after local midnight; several spans a day, which never overlap
                    // (checked by the service, which writes a weekday's spans together).
                    .col(integer(S::OpensMinute))
                    .col(integer(S::ClosesMinute))
                    .primary_key(Index::create().col(S::FacilityId).col(S::Weekday).col(S::OpensMinute))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_facilities_opening_spans_facility")
                            .from(S::Table, S::FacilityId)
                            .to(F::Table, F::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(S::Weekday).between(1, 7))
                    .check(Expr::col(S::OpensMinute).gte(0))
                    .check(Expr::col(S::ClosesMinute).gt(Expr::col(S::OpensMinute)))
                    .check(Expr::col(S::ClosesMinute).lte(24 * 60))
                    .to_owned(),
            )
            .await?;
        use FacilitiesOpeningHours as H;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(S::Table)
                    .columns([S::FacilityId, S::Weekday, S::OpensMinute, S::ClosesMinute])
                    .select_from(
                        Query::select()
                            .columns([H::FacilityId, H::Weekday, H::OpensMinute, H::ClosesMinute])
                            .from(H::Table)
                            .to_owned(),
                    )
                    .map_err(|err| DbErr::Migration(err.to_string()))?
                    .to_owned(),
            )
            .await?;

        use FacilitiesClosures as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(pk_uuid(C::Id))
                    .col(uuid(C::FacilityId))
                    // Hải Phòng calendar days, both included.
                    .col(date(C::FirstDay))
                    .col(date(C::LastDay))
                    .col(text(C::Reason))
                    .col(text(C::CreatedBy))
                    .col(timestamp_with_time_zone(C::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_facilities_closures_facility")
                            .from(C::Table, C::FacilityId)
                            .to(F::Table, F::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(C::LastDay).gte(Expr::col(C::FirstDay)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_facilities_closures_facility_last_day")
                    .table(C::Table)
                    .col(C::FacilityId)
                    .col(C::LastDay)
                    .to_owned(),
            )
            .await?;

        use FacilitiesBookings as B;
        manager
            .alter_table(
                Table::alter().table(B::Table).add_column(text_null(B::CancellationReason)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use FacilitiesBookings as B;
        use FacilitiesFacilities as F;
        manager
            .alter_table(Table::alter().table(B::Table).drop_column(B::CancellationReason).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(FacilitiesClosures::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(FacilitiesOpeningSpans::Table).to_owned()).await?;
        for column in [F::MaxAdvanceDays, F::MinNoticeHours, F::WithdrawalReason, F::WithdrawnAt] {
            manager.alter_table(Table::alter().table(F::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
