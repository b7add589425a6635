//! Careers: the occupation catalogue (Danh mục nghề nghiệp Việt Nam, Decision 34/2020/QĐ-TTg),
//! vocational programmes with their occupations and support policies, admissions and outcomes
//! per programme and year (versioned), career events with school registrations, and
//! labour-market bulletins.
//!
//! Registered students never exceed an event's capacity: a check constraint says so, and the
//! service registers inside one write transaction that locks the event row on PostgreSQL
//! (`BEGIN IMMEDIATE` serializes writers on SQLite).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CareersOccupations {
    Table,
    Code,
    NameVi,
    NameEn,
    NameSearch,
    Description,
    TrainingLevels,
    VsicSections,
    Skills,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CareersSupportPolicies {
    Table,
    Id,
    Title,
    Description,
    LegalSource,
    SourceUrl,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CareersProgrammes {
    Table,
    Id,
    InstitutionId,
    AreaId,
    Name,
    NameSearch,
    TradeCode,
    Level,
    DurationMonths,
    TuitionVnd,
    CombinesGeneralEducation,
    EntryPoints,
    Description,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CareersProgrammeOccupations {
    Table,
    ProgrammeId,
    OccupationCode,
}

#[derive(DeriveIden)]
enum CareersProgrammePolicies {
    Table,
    ProgrammeId,
    PolicyId,
}

#[derive(DeriveIden)]
enum CareersAdmissions {
    Table,
    Id,
    ProgrammeId,
    Year,
    Version,
    Quota,
    Applications,
    Enrolled,
    EnrolledLowerSecondary,
    EnrolledUpperSecondary,
    Graduates,
    #[sea_orm(iden = "employed_within_12_months")]
    EmployedWithin12Months,
    CorrectionReason,
    ReportedBy,
    ReportedAt,
}

#[derive(DeriveIden)]
enum CareersEvents {
    Table,
    Id,
    HostId,
    Kind,
    Title,
    Description,
    Place,
    AreaId,
    StartsAt,
    EndsAt,
    Capacity,
    RegisteredStudents,
    Grades,
    Status,
    PublishedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CareersRegistrations {
    Table,
    Id,
    EventId,
    OrganizationId,
    Students,
    Status,
    RegisteredBy,
    CreatedAt,
    CancelledAt,
}

#[derive(DeriveIden)]
enum CareersBulletins {
    Table,
    Id,
    PeriodKind,
    Year,
    PeriodNumber,
    OccupationCode,
    VsicSection,
    AreaId,
    Vacancies,
    JobSeekers,
    Hires,
    Forecast,
    Publisher,
    SourceDocument,
    Demonstration,
    PublishedBy,
    PublishedAt,
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

const LEVELS: &[&str] = &["ELEMENTARY", "INTERMEDIATE", "COLLEGE"];
const PROGRAMME_STATUSES: &[&str] = &["PUBLISHED", "WITHDRAWN"];
const EVENT_KINDS: &[&str] = &["CAREER_DAY", "OPEN_DAY", "COMPANY_VISIT"];
const EVENT_STATUSES: &[&str] = &["PUBLISHED", "CANCELLED"];
const REGISTRATION_STATUSES: &[&str] = &["REGISTERED", "CANCELLED"];
const PERIOD_KINDS: &[&str] = &["QUARTER", "HALF_YEAR", "YEAR"];

fn fk(
    name: &str,
    table: impl IntoIden,
    column: impl IntoIden,
    to: impl IntoIden,
    to_column: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(table, column).to(to, to_column).on_delete(on_delete).to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut statement = Index::create().name(name).table(table).to_owned();
    for column in columns {
        statement.col(Alias::new(*column));
    }
    if unique {
        statement.unique();
    }
    manager.create_index(statement).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use CareersOccupations as O;
        manager
            .create_table(
                Table::create()
                    .table(O::Table)
                    // A tier-4 or tier-5 code of Decision 34/2020/QĐ-TTg: 4 or 5 digits.
                    .col(text(O::Code).primary_key())
                    .col(text(O::NameVi))
                    .col(text(O::NameEn))
                    // Both names folded for accent-insensitive search.
                    .col(text(O::NameSearch))
                    .col(text(O::Description))
                    // `|ELEMENTARY|COLLEGE|`: the vocational levels that train for it.
                    .col(text(O::TrainingLevels))
                    // `|C|H|`: VSIC 2018 sections (one letter each).
                    .col(text(O::VsicSections))
                    // A JSON array of short texts; shown, never queried.
                    .col(text(O::Skills))
                    .col(timestamp_with_time_zone(O::CreatedAt))
                    .col(timestamp_with_time_zone(O::UpdatedAt))
                    .check(Expr::cust("LENGTH(code) BETWEEN 4 AND 5"))
                    .to_owned(),
            )
            .await?;

        use CareersSupportPolicies as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(pk_uuid(S::Id))
                    .col(text(S::Title))
                    .col(text(S::Description))
                    // The legal document it rests on ("Nghị định 81/2021/NĐ-CP, Điều 15").
                    .col(text(S::LegalSource))
                    .col(text_null(S::SourceUrl))
                    .col(timestamp_with_time_zone(S::CreatedAt))
                    .to_owned(),
            )
            .await?;

        use CareersProgrammes as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(pk_uuid(P::Id))
                    .col(uuid(P::InstitutionId))
                    .col(uuid(P::AreaId))
                    .col(text(P::Name))
                    .col(text(P::NameSearch))
                    // A level-IV code of the vocational training list (7 digits); none for
                    // elementary programmes, which that list does not cover.
                    .col(text_null(P::TradeCode))
                    .col(text(P::Level))
                    .col(integer(P::DurationMonths))
                    .col(big_integer(P::TuitionVnd))
                    .col(boolean(P::CombinesGeneralEducation))
                    // `|AFTER_GRADE_9|AFTER_GRADE_12|`.
                    .col(text(P::EntryPoints))
                    .col(text(P::Description))
                    .col(text(P::Status))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .col(timestamp_with_time_zone(P::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_careers_programmes_institution",
                        P::Table,
                        P::InstitutionId,
                        DirectoryOrganizations::Table,
                        DirectoryOrganizations::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_careers_programmes_area",
                        P::Table,
                        P::AreaId,
                        DirectoryAreas::Table,
                        DirectoryAreas::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .check(Expr::col(P::Level).is_in(LEVELS.iter().copied()))
                    .check(Expr::col(P::Status).is_in(PROGRAMME_STATUSES.iter().copied()))
                    .check(Expr::col(P::DurationMonths).between(1, 60))
                    .check(Expr::col(P::TuitionVnd).gte(0))
                    .check(Expr::col(P::EntryPoints).ne("|"))
                    .check(Expr::col(P::Level).eq("ELEMENTARY").or(Expr::col(P::TradeCode).is_not_null()))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_careers_programmes_institution", P::Table, &["institution_id"], false).await?;
        index(manager, "ix_careers_programmes_level", P::Table, &["level", "status"], false).await?;

        use CareersProgrammeOccupations as PO;
        manager
            .create_table(
                Table::create()
                    .table(PO::Table)
                    .col(uuid(PO::ProgrammeId))
                    .col(text(PO::OccupationCode))
                    .primary_key(Index::create().col(PO::ProgrammeId).col(PO::OccupationCode))
                    .foreign_key(&mut fk(
                        "fk_careers_programme_occupations_programme",
                        PO::Table,
                        PO::ProgrammeId,
                        P::Table,
                        P::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_careers_programme_occupations_occupation",
                        PO::Table,
                        PO::OccupationCode,
                        O::Table,
                        O::Code,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_careers_programme_occupations_code", PO::Table, &["occupation_code"], false)
            .await?;

        use CareersProgrammePolicies as PP;
        manager
            .create_table(
                Table::create()
                    .table(PP::Table)
                    .col(uuid(PP::ProgrammeId))
                    .col(uuid(PP::PolicyId))
                    .primary_key(Index::create().col(PP::ProgrammeId).col(PP::PolicyId))
                    .foreign_key(&mut fk(
                        "fk_careers_programme_policies_programme",
                        PP::Table,
                        PP::ProgrammeId,
                        P::Table,
                        P::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_careers_programme_policies_policy",
                        PP::Table,
                        PP::PolicyId,
                        S::Table,
                        S::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        use CareersAdmissions as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(pk_uuid(A::Id))
                    .col(uuid(A::ProgrammeId))
                    // The year the intake was admitted (graduates are of earlier intakes).
                    .col(integer(A::Year))
                    .col(integer(A::Version))
                    .col(integer(A::Quota))
                    .col(integer(A::Applications))
                    .col(integer(A::Enrolled))
                    .col(integer(A::EnrolledLowerSecondary))
                    .col(integer(A::EnrolledUpperSecondary))
                    .col(integer_null(A::Graduates))
                    .col(integer_null(A::EmployedWithin12Months))
                    .col(text_null(A::CorrectionReason))
                    .col(text(A::ReportedBy))
                    .col(timestamp_with_time_zone(A::ReportedAt))
                    .foreign_key(&mut fk(
                        "fk_careers_admissions_programme",
                        A::Table,
                        A::ProgrammeId,
                        P::Table,
                        P::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::col(A::Version).gte(1))
                    .check(Expr::col(A::Version).eq(1).or(Expr::col(A::CorrectionReason).is_not_null()))
                    .check(Expr::col(A::Quota).gte(0))
                    .check(Expr::col(A::Applications).gte(0))
                    .check(Expr::col(A::Enrolled).gte(0))
                    .check(Expr::col(A::EnrolledLowerSecondary).gte(0))
                    .check(Expr::col(A::EnrolledUpperSecondary).gte(0))
                    .check(
                        Expr::col(A::EnrolledLowerSecondary)
                            .add(Expr::col(A::EnrolledUpperSecondary))
                            .lte(Expr::col(A::Enrolled)),
                    )
                    .check(Expr::col(A::Graduates).is_null().or(Expr::col(A::Graduates).gte(0)))
                    .check(
                        Expr::col(A::EmployedWithin12Months).is_null().or(Expr::col(A::Graduates)
                            .is_not_null()
                            .and(Expr::col(A::EmployedWithin12Months).gte(0))
                            .and(Expr::col(A::EmployedWithin12Months).lte(Expr::col(A::Graduates)))),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ux_careers_admissions_version", A::Table, &["programme_id", "year", "version"], true)
            .await?;

        use CareersEvents as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(pk_uuid(E::Id))
                    .col(uuid(E::HostId))
                    .col(text(E::Kind))
                    .col(text(E::Title))
                    .col(text(E::Description))
                    .col(text(E::Place))
                    .col(uuid(E::AreaId))
                    .col(timestamp_with_time_zone(E::StartsAt))
                    .col(timestamp_with_time_zone(E::EndsAt))
                    .col(integer(E::Capacity))
                    .col(integer(E::RegisteredStudents))
                    // `|9|12|`: the grades the event is for.
                    .col(text(E::Grades))
                    .col(text(E::Status))
                    .col(timestamp_with_time_zone(E::PublishedAt))
                    .col(timestamp_with_time_zone(E::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_careers_events_host",
                        E::Table,
                        E::HostId,
                        DirectoryOrganizations::Table,
                        DirectoryOrganizations::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_careers_events_area",
                        E::Table,
                        E::AreaId,
                        DirectoryAreas::Table,
                        DirectoryAreas::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .check(Expr::col(E::Kind).is_in(EVENT_KINDS.iter().copied()))
                    .check(Expr::col(E::Status).is_in(EVENT_STATUSES.iter().copied()))
                    .check(Expr::col(E::Capacity).between(1, 100_000))
                    .check(Expr::col(E::RegisteredStudents).gte(0))
                    // The rule the whole registration path exists for.
                    .check(Expr::col(E::RegisteredStudents).lte(Expr::col(E::Capacity)))
                    .check(Expr::col(E::EndsAt).gt(Expr::col(E::StartsAt)))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_careers_events_starts", E::Table, &["starts_at"], false).await?;
        index(manager, "ix_careers_events_host", E::Table, &["host_id"], false).await?;

        use CareersRegistrations as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_uuid(R::Id))
                    .col(uuid(R::EventId))
                    .col(uuid(R::OrganizationId))
                    .col(integer(R::Students))
                    .col(text(R::Status))
                    .col(text(R::RegisteredBy))
                    .col(timestamp_with_time_zone(R::CreatedAt))
                    .col(timestamp_with_time_zone_null(R::CancelledAt))
                    .foreign_key(&mut fk(
                        "fk_careers_registrations_event",
                        R::Table,
                        R::EventId,
                        E::Table,
                        E::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_careers_registrations_organization",
                        R::Table,
                        R::OrganizationId,
                        DirectoryOrganizations::Table,
                        DirectoryOrganizations::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .check(Expr::col(R::Status).is_in(REGISTRATION_STATUSES.iter().copied()))
                    .check(Expr::col(R::Students).between(1, 100_000))
                    .check(Expr::col(R::Status).ne("CANCELLED").or(Expr::col(R::CancelledAt).is_not_null()))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_careers_registrations_event", R::Table, &["event_id"], false).await?;
        index(manager, "ix_careers_registrations_organization", R::Table, &["organization_id"], false)
            .await?;

        use CareersBulletins as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(pk_uuid(B::Id))
                    .col(text(B::PeriodKind))
                    .col(integer(B::Year))
                    // The quarter (1-4), the half (1-2), or 1 for a year.
                    .col(integer(B::PeriodNumber))
                    .col(text_null(B::OccupationCode))
                    .col(text_null(B::VsicSection))
                    .col(uuid(B::AreaId))
                    .col(integer(B::Vacancies))
                    .col(integer(B::JobSeekers))
                    .col(integer(B::Hires))
                    .col(text(B::Forecast))
                    .col(text(B::Publisher))
                    .col(text(B::SourceDocument))
                    // Demonstration figures (the demo data set), never official ones.
                    .col(boolean(B::Demonstration))
                    .col(text(B::PublishedBy))
                    .col(timestamp_with_time_zone(B::PublishedAt))
                    .foreign_key(&mut fk(
                        "fk_careers_bulletins_occupation",
                        B::Table,
                        B::OccupationCode,
                        O::Table,
                        O::Code,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_careers_bulletins_area",
                        B::Table,
                        B::AreaId,
                        DirectoryAreas::Table,
                        DirectoryAreas::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .check(Expr::col(B::PeriodKind).is_in(PERIOD_KINDS.iter().copied()))
                    .check(
                        Expr::col(B::PeriodKind)
                            .eq("QUARTER")
                            .and(Expr::col(B::PeriodNumber).between(1, 4))
                            .or(Expr::col(B::PeriodKind)
                                .eq("HALF_YEAR")
                                .and(Expr::col(B::PeriodNumber).between(1, 2)))
                            .or(Expr::col(B::PeriodKind).eq("YEAR").and(Expr::col(B::PeriodNumber).eq(1))),
                    )
                    // Exactly one of an occupation and a VSIC section.
                    .check(
                        Expr::col(B::OccupationCode)
                            .is_null()
                            .and(Expr::col(B::VsicSection).is_not_null())
                            .or(Expr::col(B::OccupationCode)
                                .is_not_null()
                                .and(Expr::col(B::VsicSection).is_null())),
                    )
                    .check(Expr::col(B::Vacancies).gte(0))
                    .check(Expr::col(B::JobSeekers).gte(0))
                    .check(Expr::col(B::Hires).gte(0))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_careers_bulletins_occupation", B::Table, &["occupation_code", "year"], false)
            .await?;
        index(
            manager,
            "ix_careers_bulletins_period",
            B::Table,
            &["year", "period_kind", "period_number"],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CareersBulletins::Table.into_iden(),
            CareersRegistrations::Table.into_iden(),
            CareersEvents::Table.into_iden(),
            CareersAdmissions::Table.into_iden(),
            CareersProgrammePolicies::Table.into_iden(),
            CareersProgrammeOccupations::Table.into_iden(),
            CareersProgrammes::Table.into_iden(),
            CareersSupportPolicies::Table.into_iden(),
            CareersOccupations::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
