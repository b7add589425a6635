//! Internships: offers posted by enterprises and the nominations schools make for them.
//!
//! The rules a database can hold are held here, so they stand even against a buggy service or a
//! race between two requests: seats are positive, accepted nominations never exceed seats, the
//! dates make sense, a student is nominated to an offer once per school.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InternshipsOffers {
    Table,
    Id,
    EnterpriseId,
    Title,
    TitleSearch,
    Description,
    Sector,
    AreaId,
    Seats,
    AcceptedCount,
    EligibleLevels,
    StartDate,
    EndDate,
    ApplicationDeadline,
    StipendVnd,
    Status,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum InternshipsNominations {
    Table,
    Id,
    OfferId,
    NominatingOrganizationId,
    StudentRef,
    Grade,
    Note,
    Status,
    Hours,
    Evaluation,
    DecidedAt,
    CompletedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DirectoryOrganizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DirectoryAreas {
    Table,
    Id,
}

const OFFER_STATUSES: &[&str] = &["DRAFT", "PUBLISHED", "CLOSED", "CANCELLED"];
const NOMINATION_STATUSES: &[&str] = &["SUBMITTED", "ACCEPTED", "REJECTED", "WITHDRAWN", "COMPLETED"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use InternshipsOffers as O;
        manager
            .create_table(
                Table::create()
                    .table(O::Table)
                    .col(pk_uuid(O::Id))
                    .col(uuid(O::EnterpriseId))
                    .col(text(O::Title))
                    .col(text(O::TitleSearch))
                    .col(text(O::Description))
                    .col(text(O::Sector))
                    .col(uuid(O::AreaId))
                    .col(integer(O::Seats))
                    .col(integer(O::AcceptedCount).default(0))
                    // Levels as `|A|B|`, so "open to level X" is `LIKE '%|X|%'` on both back-ends.
                    .col(text(O::EligibleLevels))
                    .col(date(O::StartDate))
                    .col(date(O::EndDate))
                    .col(date(O::ApplicationDeadline))
                    .col(big_integer_null(O::StipendVnd))
                    .col(text(O::Status))
                    .col(timestamp_with_time_zone_null(O::PublishedAt))
                    .col(timestamp_with_time_zone(O::CreatedAt))
                    .col(timestamp_with_time_zone(O::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_internships_offers_enterprise")
                            .from(O::Table, O::EnterpriseId)
                            .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_internships_offers_area")
                            .from(O::Table, O::AreaId)
                            .to(DirectoryAreas::Table, DirectoryAreas::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(O::Status).is_in(OFFER_STATUSES.iter().copied()))
                    .check(Expr::col(O::Seats).gte(1))
                    // The seat rule itself: concurrent accepts race on one conditional UPDATE,
                    // and this check is the last line if a code path ever forgets the condition.
                    .check(
                        Expr::col(O::AcceptedCount)
                            .gte(0)
                            .and(Expr::col(O::AcceptedCount).lte(Expr::col(O::Seats))),
                    )
                    .check(Expr::col(O::EligibleLevels).like("|_%|"))
                    .check(Expr::col(O::EndDate).gt(Expr::col(O::StartDate)))
                    .check(Expr::col(O::ApplicationDeadline).lte(Expr::col(O::StartDate)))
                    .check(Expr::col(O::StipendVnd).is_null().or(Expr::col(O::StipendVnd).gte(0)))
                    // Whatever was ever published keeps the moment it was.
                    .check(
                        Expr::col(O::Status)
                            .is_in(["DRAFT", "CANCELLED"])
                            .or(Expr::col(O::PublishedAt).is_not_null()),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("ix_internships_offers_status_id", vec![O::Status, O::Id]),
            ("ix_internships_offers_enterprise", vec![O::EnterpriseId]),
            ("ix_internships_offers_area", vec![O::AreaId]),
            ("ix_internships_offers_sector", vec![O::Sector]),
        ] {
            let mut index = Index::create().name(name).table(O::Table).to_owned();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }

        use InternshipsNominations as N;
        manager
            .create_table(
                Table::create()
                    .table(N::Table)
                    .col(pk_uuid(N::Id))
                    .col(uuid(N::OfferId))
                    .col(uuid(N::NominatingOrganizationId))
                    .col(text(N::StudentRef))
                    .col(integer(N::Grade))
                    .col(text_null(N::Note))
                    .col(text(N::Status))
                    .col(integer_null(N::Hours))
                    .col(text_null(N::Evaluation))
                    .col(timestamp_with_time_zone_null(N::DecidedAt))
                    .col(timestamp_with_time_zone_null(N::CompletedAt))
                    .col(timestamp_with_time_zone(N::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_internships_nominations_offer")
                            .from(N::Table, N::OfferId)
                            .to(O::Table, O::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_internships_nominations_organization")
                            .from(N::Table, N::NominatingOrganizationId)
                            .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(N::Status).is_in(NOMINATION_STATUSES.iter().copied()))
                    // Grades 6-12 are general education; 13-15 are years 1-3 of college or
                    // intermediate vocational training.
                    .check(Expr::col(N::Grade).between(6, 15))
                    .check(Expr::col(N::Hours).is_null().or(Expr::col(N::Hours).between(1, 2000)))
                    .check(
                        Expr::col(N::Status).ne("COMPLETED").or(Expr::col(N::Hours)
                            .is_not_null()
                            .and(Expr::col(N::CompletedAt).is_not_null())),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_internships_nominations_offer_school_student")
                    .table(N::Table)
                    .col(N::OfferId)
                    .col(N::NominatingOrganizationId)
                    .col(N::StudentRef)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_internships_nominations_organization")
                    .table(N::Table)
                    .col(N::NominatingOrganizationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [InternshipsNominations::Table.into_iden(), InternshipsOffers::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
