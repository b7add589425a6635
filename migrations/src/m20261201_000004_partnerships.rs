//! Partnerships: agreements between enterprises and schools or colleges, their parties and
//! yearly commitments, and the engagements (career days, visits, talks) that reach students.
//!
//! `EXPIRED` is not a stored status: an `ACTIVE` row reads as expired once `valid_to` has
//! passed, so the check below admits only what a person can decide.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PartnershipsPartnerships {
    Table,
    Id,
    Kind,
    Title,
    Summary,
    SignedOn,
    ValidFrom,
    ValidTo,
    DocumentUrl,
    DocumentSha256,
    Status,
    ProposedBy,
    RenewedFromId,
    ActivatedAt,
    TerminatedAt,
    TerminatedBy,
    TerminationReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PartnershipsParties {
    Table,
    PartnershipId,
    OrganizationId,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum PartnershipsCommitments {
    Table,
    Id,
    PartnershipId,
    Kind,
    PerYear,
    Description,
    Position,
}

#[derive(DeriveIden)]
enum PartnershipsEngagements {
    Table,
    Id,
    Kind,
    HeldOn,
    RecordedBy,
    PartnershipId,
    TwoWay,
    Notes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PartnershipsEngagementOrganizations {
    Table,
    EngagementId,
    OrganizationId,
}

#[derive(DeriveIden)]
enum PartnershipsEngagementReach {
    Table,
    EngagementId,
    Grade,
    Students,
}

#[derive(DeriveIden)]
enum DirectoryOrganizations {
    Table,
    Id,
}

const KINDS: &[&str] = &[
    "MOU",
    "TRAINING_COOPERATION",
    "INTERNSHIP_PROGRAMME",
    "EQUIPMENT_SPONSORSHIP",
    "CAREER_COUNSELLING",
    "SCHOLARSHIP",
    "OTHER",
];
const STORED_STATUSES: &[&str] = &["PROPOSED", "ACTIVE", "TERMINATED"];
const COMMITMENT_KINDS: &[&str] =
    &["INTERNSHIP_SEATS", "CAREER_TALKS", "ENGAGEMENTS", "EQUIPMENT_VALUE_VND", "OTHER"];
const ENGAGEMENT_KINDS: &[&str] = &[
    "CAREER_DAY",
    "COMPANY_VISIT",
    "GUEST_TALK",
    "COUNSELLING_SESSION",
    "WORKSHOP_EXPERIENCE",
    "JOB_SHADOWING",
];

fn organization_fk(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager.create_index(Index::create().name(name).table(table).col(column).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PartnershipsPartnerships as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(pk_uuid(P::Id))
                    .col(text(P::Kind))
                    .col(text(P::Title))
                    .col(text_null(P::Summary))
                    .col(date_null(P::SignedOn))
                    .col(date(P::ValidFrom))
                    .col(date(P::ValidTo))
                    .col(text_null(P::DocumentUrl))
                    .col(text_null(P::DocumentSha256))
                    .col(text(P::Status))
                    .col(uuid(P::ProposedBy))
                    .col(uuid_null(P::RenewedFromId))
                    .col(timestamp_with_time_zone_null(P::ActivatedAt))
                    .col(timestamp_with_time_zone_null(P::TerminatedAt))
                    .col(uuid_null(P::TerminatedBy))
                    .col(text_null(P::TerminationReason))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .col(timestamp_with_time_zone(P::UpdatedAt))
                    .foreign_key(&mut organization_fk("fk_partnerships_proposed_by", P::Table, P::ProposedBy))
                    .foreign_key(&mut organization_fk(
                        "fk_partnerships_terminated_by",
                        P::Table,
                        P::TerminatedBy,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partnerships_renewed_from")
                            .from(P::Table, P::RenewedFromId)
                            .to(P::Table, P::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(P::Kind).is_in(KINDS.iter().copied()))
                    .check(Expr::col(P::Status).is_in(STORED_STATUSES.iter().copied()))
                    .check(Expr::col(P::ValidTo).gt(Expr::col(P::ValidFrom)))
                    // A document is a URL and the hash of what was signed, or nothing.
                    .check(Expr::col(P::DocumentUrl).is_null().eq(Expr::col(P::DocumentSha256).is_null()))
                    .check(
                        Expr::col(P::DocumentSha256).is_null().or(Expr::cust("length(document_sha256) = 64")),
                    )
                    .check(
                        Expr::col(P::Status).ne("TERMINATED").or(Expr::col(P::TerminationReason)
                            .is_not_null()
                            .and(Expr::col(P::TerminatedAt).is_not_null())
                            .and(Expr::col(P::TerminatedBy).is_not_null())),
                    )
                    .check(Expr::col(P::Status).eq("PROPOSED").or(
                        Expr::col(P::ActivatedAt).is_not_null().or(Expr::col(P::Status).eq("TERMINATED")),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_partnerships_valid_to", P::Table, P::ValidTo).await?;
        index(manager, "ix_partnerships_renewed_from", P::Table, P::RenewedFromId).await?;

        use PartnershipsParties as Pa;
        manager
            .create_table(
                Table::create()
                    .table(Pa::Table)
                    .col(uuid(Pa::PartnershipId))
                    .col(uuid(Pa::OrganizationId))
                    .col(timestamp_with_time_zone_null(Pa::AcceptedAt))
                    .primary_key(Index::create().col(Pa::PartnershipId).col(Pa::OrganizationId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partnerships_parties_partnership")
                            .from(Pa::Table, Pa::PartnershipId)
                            .to(P::Table, P::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut organization_fk(
                        "fk_partnerships_parties_organization",
                        Pa::Table,
                        Pa::OrganizationId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_partnerships_parties_organization", Pa::Table, Pa::OrganizationId).await?;

        use PartnershipsCommitments as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(pk_uuid(C::Id))
                    .col(uuid(C::PartnershipId))
                    .col(text(C::Kind))
                    .col(big_integer(C::PerYear))
                    .col(text_null(C::Description))
                    .col(integer(C::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partnerships_commitments_partnership")
                            .from(C::Table, C::PartnershipId)
                            .to(P::Table, P::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(C::Kind).is_in(COMMITMENT_KINDS.iter().copied()))
                    .check(Expr::col(C::PerYear).gt(0))
                    .check(Expr::col(C::Kind).ne("OTHER").or(Expr::col(C::Description).is_not_null()))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_partnerships_commitments_partnership", C::Table, C::PartnershipId).await?;

        use PartnershipsEngagements as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(pk_uuid(E::Id))
                    .col(text(E::Kind))
                    .col(date(E::HeldOn))
                    .col(uuid(E::RecordedBy))
                    .col(uuid_null(E::PartnershipId))
                    .col(boolean(E::TwoWay))
                    .col(text_null(E::Notes))
                    .col(timestamp_with_time_zone(E::CreatedAt))
                    .col(timestamp_with_time_zone(E::UpdatedAt))
                    .foreign_key(&mut organization_fk(
                        "fk_partnerships_engagements_recorded_by",
                        E::Table,
                        E::RecordedBy,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partnerships_engagements_partnership")
                            .from(E::Table, E::PartnershipId)
                            .to(P::Table, P::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(E::Kind).is_in(ENGAGEMENT_KINDS.iter().copied()))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_partnerships_engagements_partnership", E::Table, E::PartnershipId).await?;
        index(manager, "ix_partnerships_engagements_held_on", E::Table, E::HeldOn).await?;

        use PartnershipsEngagementOrganizations as EO;
        manager
            .create_table(
                Table::create()
                    .table(EO::Table)
                    .col(uuid(EO::EngagementId))
                    .col(uuid(EO::OrganizationId))
                    .primary_key(Index::create().col(EO::EngagementId).col(EO::OrganizationId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partnerships_engagement_organizations_engagement")
                            .from(EO::Table, EO::EngagementId)
                            .to(E::Table, E::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut organization_fk(
                        "fk_partnerships_engagement_organizations_organization",
                        EO::Table,
                        EO::OrganizationId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_partnerships_engagement_organizations_organization",
            EO::Table,
            EO::OrganizationId,
        )
        .await?;

        use PartnershipsEngagementReach as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(uuid(R::EngagementId))
                    .col(integer(R::Grade))
                    .col(integer(R::Students))
                    .primary_key(Index::create().col(R::EngagementId).col(R::Grade))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partnerships_engagement_reach_engagement")
                            .from(R::Table, R::EngagementId)
                            .to(E::Table, E::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // The grades the hub knows: 6-12 general education, 13-15 college years.
                    .check(Expr::col(R::Grade).between(6, 15))
                    .check(Expr::col(R::Students).gt(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PartnershipsEngagementReach::Table.into_iden(),
            PartnershipsEngagementOrganizations::Table.into_iden(),
            PartnershipsEngagements::Table.into_iden(),
            PartnershipsCommitments::Table.into_iden(),
            PartnershipsParties::Table.into_iden(),
            PartnershipsPartnerships::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
