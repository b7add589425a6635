//! Equipment: listings of donated or lent training equipment, the requests schools and colleges
//! make for them, and the hand-over and return records of each request.
//!
//! The promise rule lives here as well as in the service: `promised` never leaves
//! `0..=quantity`, so a code path that forgot its conditional `UPDATE` would fail rather than
//! promise more than is listed. Hand-over and return records are a ledger: triggers refuse every
//! `UPDATE` and `DELETE` on them, and a correction is a new hand-over row that names the row it
//! corrects (at most one correction per row, by a unique index).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EquipmentListings {
    Table,
    Id,
    OwnerId,
    Kind,
    Name,
    NameSearch,
    Category,
    Description,
    Quantity,
    Promised,
    Condition,
    UnitValueVnd,
    AvailableFrom,
    AvailableUntil,
    PhotoUrls,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EquipmentRequests {
    Table,
    Id,
    ListingId,
    RequesterId,
    Quantity,
    Purpose,
    ReturnBy,
    Status,
    DecisionNote,
    DecidedAt,
    HandedOverQuantity,
    ReturnedQuantity,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EquipmentHandovers {
    Table,
    Id,
    RequestId,
    Quantity,
    HandedOverOn,
    HandedOverBy,
    ReceivedBy,
    Condition,
    Notes,
    CorrectsId,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum EquipmentReturns {
    Table,
    Id,
    RequestId,
    Quantity,
    ReturnedOn,
    ReceivedBy,
    Condition,
    Notes,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum DirectoryOrganizations {
    Table,
    Id,
}

const KINDS: &[&str] = &["DONATION", "LOAN"];
const CONDITIONS: &[&str] = &["NEW", "GOOD", "FAIR", "NEEDS_REPAIR"];
const LISTING_STATUSES: &[&str] = &["AVAILABLE", "WITHDRAWN"];
const REQUEST_STATUSES: &[&str] =
    &["PENDING", "APPROVED", "DECLINED", "CANCELLED", "HANDED_OVER", "RETURNED"];
/// The ledger tables, whose rows are never changed or removed once written.
const LEDGERS: &[&str] = &["equipment_handovers", "equipment_returns"];

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: &[&str],
) -> Result<(), DbErr> {
    let mut index = Index::create().name(name).table(table).to_owned();
    for column in columns {
        index.col(Alias::new(*column));
    }
    manager.create_index(index).await
}

/// Triggers that refuse `UPDATE` and `DELETE` on a ledger table, in each back-end's dialect.
fn immutability_sql(backend: DbBackend, table: &str) -> Vec<String> {
    match backend {
        DbBackend::Postgres => vec![
            format!(
                "CREATE FUNCTION {table}_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION '{table} rows are immutable; record a correction instead'; END $$"
            ),
            format!(
                "CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION {table}_immutable()"
            ),
        ],
        _ => ["UPDATE", "DELETE"]
            .iter()
            .map(|event| {
                format!(
                    "CREATE TRIGGER {table}_no_{op} BEFORE {event} ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} rows are immutable; record a correction instead'); END",
                    op = event.to_lowercase()
                )
            })
            .collect(),
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use EquipmentListings as L;
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(pk_uuid(L::Id))
                    .col(uuid(L::OwnerId))
                    .col(text(L::Kind))
                    .col(text(L::Name))
                    .col(text(L::NameSearch))
                    .col(text(L::Category))
                    .col(text_null(L::Description))
                    .col(integer(L::Quantity))
                    .col(integer(L::Promised).default(0))
                    .col(text(L::Condition))
                    // Per unit: a listing of 10 lathes worth 80 million each is worth 800 million.
                    .col(big_integer(L::UnitValueVnd))
                    .col(date(L::AvailableFrom))
                    .col(date_null(L::AvailableUntil))
                    // A JSON array of http(s) URLs, read and written whole with the listing.
                    .col(text(L::PhotoUrls))
                    .col(text(L::Status))
                    .col(timestamp_with_time_zone(L::CreatedAt))
                    .col(timestamp_with_time_zone(L::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_equipment_listings_owner")
                            .from(L::Table, L::OwnerId)
                            .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(L::Kind).is_in(KINDS.iter().copied()))
                    .check(Expr::col(L::Condition).is_in(CONDITIONS.iter().copied()))
                    .check(Expr::col(L::Status).is_in(LISTING_STATUSES.iter().copied()))
                    .check(Expr::col(L::Quantity).gte(1))
                    // The promise rule: approvals race on one conditional UPDATE, and this is the
                    // last line if a code path ever forgets the condition.
                    .check(
                        Expr::col(L::Promised).gte(0).and(Expr::col(L::Promised).lte(Expr::col(L::Quantity))),
                    )
                    .check(Expr::col(L::UnitValueVnd).gte(0))
                    .check(
                        Expr::col(L::AvailableUntil)
                            .is_null()
                            .or(Expr::col(L::AvailableUntil).gte(Expr::col(L::AvailableFrom))),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_equipment_listings_owner", L::Table, &["owner_id"]).await?;
        index(manager, "ix_equipment_listings_status_id", L::Table, &["status", "id"]).await?;

        use EquipmentRequests as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_uuid(R::Id))
                    .col(uuid(R::ListingId))
                    .col(uuid(R::RequesterId))
                    .col(integer(R::Quantity))
                    .col(text(R::Purpose))
                    // Set for loans (the day everything is due back), null for donations.
                    .col(date_null(R::ReturnBy))
                    .col(text(R::Status))
                    .col(text_null(R::DecisionNote))
                    .col(timestamp_with_time_zone_null(R::DecidedAt))
                    .col(integer(R::HandedOverQuantity).default(0))
                    .col(integer(R::ReturnedQuantity).default(0))
                    .col(timestamp_with_time_zone(R::CreatedAt))
                    .col(timestamp_with_time_zone(R::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_equipment_requests_listing")
                            .from(R::Table, R::ListingId)
                            .to(L::Table, L::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_equipment_requests_requester")
                            .from(R::Table, R::RequesterId)
                            .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(R::Status).is_in(REQUEST_STATUSES.iter().copied()))
                    .check(Expr::col(R::Quantity).gte(1))
                    .check(
                        Expr::col(R::ReturnedQuantity)
                            .gte(0)
                            .and(Expr::col(R::ReturnedQuantity).lte(Expr::col(R::HandedOverQuantity)))
                            .and(Expr::col(R::HandedOverQuantity).lte(Expr::col(R::Quantity))),
                    )
                    .check(Expr::col(R::Status).ne("RETURNED").or(Expr::col(R::ReturnBy).is_not_null()))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_equipment_requests_listing", R::Table, &["listing_id"]).await?;
        index(manager, "ix_equipment_requests_requester", R::Table, &["requester_id"]).await?;
        index(manager, "ix_equipment_requests_status_return_by", R::Table, &["status", "return_by"]).await?;

        use EquipmentHandovers as H;
        manager
            .create_table(
                Table::create()
                    .table(H::Table)
                    .col(pk_uuid(H::Id))
                    .col(uuid(H::RequestId))
                    .col(integer(H::Quantity))
                    .col(date(H::HandedOverOn))
                    .col(text(H::HandedOverBy))
                    .col(text(H::ReceivedBy))
                    .col(text(H::Condition))
                    .col(text_null(H::Notes))
                    .col(uuid_null(H::CorrectsId))
                    .col(text(H::RecordedBy))
                    .col(timestamp_with_time_zone(H::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_equipment_handovers_request")
                            .from(H::Table, H::RequestId)
                            .to(R::Table, R::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_equipment_handovers_corrects")
                            .from(H::Table, H::CorrectsId)
                            .to(H::Table, H::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(H::Quantity).gte(1))
                    .check(Expr::col(H::Condition).is_in(CONDITIONS.iter().copied()))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_equipment_handovers_request", H::Table, &["request_id"]).await?;
        index(manager, "ix_equipment_handovers_handed_over_on", H::Table, &["handed_over_on"]).await?;
        // A record is corrected at most once; a later correction corrects the correction.
        manager
            .create_index(
                Index::create()
                    .name("ux_equipment_handovers_corrects")
                    .table(H::Table)
                    .col(H::CorrectsId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        use EquipmentReturns as Rt;
        manager
            .create_table(
                Table::create()
                    .table(Rt::Table)
                    .col(pk_uuid(Rt::Id))
                    .col(uuid(Rt::RequestId))
                    .col(integer(Rt::Quantity))
                    .col(date(Rt::ReturnedOn))
                    .col(text(Rt::ReceivedBy))
                    .col(text(Rt::Condition))
                    .col(text_null(Rt::Notes))
                    .col(text(Rt::RecordedBy))
                    .col(timestamp_with_time_zone(Rt::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_equipment_returns_request")
                            .from(Rt::Table, Rt::RequestId)
                            .to(R::Table, R::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(Rt::Quantity).gte(1))
                    .check(Expr::col(Rt::Condition).is_in(CONDITIONS.iter().copied()))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_equipment_returns_request", Rt::Table, &["request_id"]).await?;

        let backend = manager.get_database_backend();
        let connection = manager.get_connection();
        for table in LEDGERS {
            for statement in immutability_sql(backend, table) {
                connection.execute_unprepared(&statement).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EquipmentReturns::Table.into_iden(),
            EquipmentHandovers::Table.into_iden(),
            EquipmentRequests::Table.into_iden(),
            EquipmentListings::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            for table in LEDGERS {
                manager
                    .get_connection()
                    .execute_unprepared(&format!("DROP FUNCTION IF EXISTS {table}_immutable()"))
                    .await?;
            }
        }
        Ok(())
    }
}
