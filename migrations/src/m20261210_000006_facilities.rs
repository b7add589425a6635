//! Workshop facilities: vocational workshops that colleges and centres open to schools, their
//! weekly opening hours, bookings, and the per-organization secrets that protect calendar feeds.
//!
//! Two live bookings (`PENDING` or `CONFIRMED`) of one facility never overlap. On PostgreSQL an
//! exclusion constraint over half-open time ranges says so (touching bookings are allowed); on
//! SQLite, which has no such constraint, the service checks and inserts inside one `BEGIN
//! IMMEDIATE` transaction, so no two writers interleave.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FacilitiesFacilities {
    Table,
    Id,
    OwnerId,
    Name,
    Trade,
    Capacity,
    TimeZone,
    ApprovalRequired,
    Equipment,
    CreatedAt,
    UpdatedAt,
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
enum FacilitiesBookings {
    Table,
    Id,
    FacilityId,
    OrganizationId,
    StartsAt,
    EndsAt,
    Participants,
    Purpose,
    Status,
    SeriesId,
    Revision,
    BookedBy,
    DecidedBy,
    DecidedAt,
    DecisionNote,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FacilitiesCalendarTokens {
    Table,
    OrganizationId,
    TokenSha256,
    RotatedAt,
}

#[derive(DeriveIden)]
enum DirectoryOrganizations {
    Table,
    Id,
}

const STATUSES: &[&str] = &["PENDING", "CONFIRMED", "DECLINED", "CANCELLED"];
/// The only time zone facilities keep today; a column so that another could be added later
/// without reinterpreting stored hours.
const TIME_ZONE: &str = "Asia/Ho_Chi_Minh";

fn organization_fk(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use FacilitiesFacilities as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(pk_uuid(F::Id))
                    .col(uuid(F::OwnerId))
                    .col(text(F::Name))
                    .col(text(F::Trade))
                    .col(integer(F::Capacity))
                    .col(text(F::TimeZone).default(TIME_ZONE))
                    .col(boolean(F::ApprovalRequired))
                    // A JSON array of short descriptions ("12 máy tiện CNC"); shown, never queried.
                    .col(text(F::Equipment))
                    .col(timestamp_with_time_zone(F::CreatedAt))
                    .col(timestamp_with_time_zone(F::UpdatedAt))
                    .foreign_key(&mut organization_fk("fk_facilities_owner", F::Table, F::OwnerId))
                    .check(Expr::col(F::Capacity).between(1, 1000))
                    .check(Expr::col(F::TimeZone).eq(TIME_ZONE))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_facilities_owner").table(F::Table).col(F::OwnerId).to_owned(),
            )
            .await?;

        use FacilitiesOpeningHours as H;
        manager
            .create_table(
                Table::create()
                    .table(H::Table)
                    .col(uuid(H::FacilityId))
                    // ISO weekday: 1 is Monday, 7 is Sunday.
                    .col(integer(H::Weekday))
                    // Minutes after local midnight; one opening span per weekday.
                    .col(integer(H::OpensMinute))
                    .col(integer(H::ClosesMinute))
                    .primary_key(Index::create().col(H::FacilityId).col(H::Weekday))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_facilities_opening_hours_facility")
                            .from(H::Table, H::FacilityId)
                            .to(F::Table, F::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(H::Weekday).between(1, 7))
                    .check(Expr::col(H::OpensMinute).gte(0))
                    .check(Expr::col(H::ClosesMinute).gt(Expr::col(H::OpensMinute)))
                    .check(Expr::col(H::ClosesMinute).lte(24 * 60))
                    .to_owned(),
            )
            .await?;

        use FacilitiesBookings as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(pk_uuid(B::Id))
                    .col(uuid(B::FacilityId))
                    .col(uuid(B::OrganizationId))
                    .col(timestamp_with_time_zone(B::StartsAt))
                    .col(timestamp_with_time_zone(B::EndsAt))
                    .col(integer(B::Participants))
                    .col(text(B::Purpose))
                    .col(text(B::Status))
                    // The weekly series a booking was made in, if any; each occurrence is a row.
                    .col(uuid_null(B::SeriesId))
                    // Bumped on every change; calendar feeds send it as SEQUENCE.
                    .col(integer(B::Revision).default(0))
                    .col(text(B::BookedBy))
                    .col(text_null(B::DecidedBy))
                    .col(timestamp_with_time_zone_null(B::DecidedAt))
                    .col(text_null(B::DecisionNote))
                    .col(timestamp_with_time_zone_null(B::CancelledAt))
                    .col(timestamp_with_time_zone(B::CreatedAt))
                    .col(timestamp_with_time_zone(B::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_facilities_bookings_facility")
                            .from(B::Table, B::FacilityId)
                            .to(F::Table, F::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(&mut organization_fk(
                        "fk_facilities_bookings_organization",
                        B::Table,
                        B::OrganizationId,
                    ))
                    .check(Expr::col(B::EndsAt).gt(Expr::col(B::StartsAt)))
                    .check(Expr::col(B::Participants).gt(0))
                    .check(Expr::col(B::Status).is_in(STATUSES.iter().copied()))
                    .check(Expr::col(B::Status).ne("CANCELLED").or(Expr::col(B::CancelledAt).is_not_null()))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_facilities_bookings_facility_starts", B::FacilityId),
            ("ix_facilities_bookings_organization_starts", B::OrganizationId),
        ] {
            manager
                .create_index(
                    Index::create().name(name).table(B::Table).col(column).col(B::StartsAt).to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_facilities_bookings_series")
                    .table(B::Table)
                    .col(B::SeriesId)
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            // `[)` ranges: a booking ending at 10:00 and one starting at 10:00 do not overlap.
            let db = manager.get_connection();
            db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS btree_gist").await?;
            db.execute_unprepared(
                "ALTER TABLE facilities_bookings ADD CONSTRAINT facilities_bookings_no_overlap \
                 EXCLUDE USING gist (facility_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) \
                 WHERE (status IN ('PENDING', 'CONFIRMED'))",
            )
            .await?;
        }

        use FacilitiesCalendarTokens as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(uuid(T::OrganizationId).primary_key())
                    // Lower-case hex SHA-256 of the secret; the secret itself is never stored.
                    .col(text(T::TokenSha256))
                    .col(timestamp_with_time_zone(T::RotatedAt))
                    .foreign_key(&mut organization_fk(
                        "fk_facilities_calendar_tokens_organization",
                        T::Table,
                        T::OrganizationId,
                    ))
                    .check(Expr::cust("length(token_sha256) = 64"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FacilitiesCalendarTokens::Table.into_iden(),
            FacilitiesBookings::Table.into_iden(),
            FacilitiesOpeningHours::Table.into_iden(),
            FacilitiesFacilities::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
