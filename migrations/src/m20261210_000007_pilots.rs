//! Pilots: pilot career-education models, the plan's indicators and targets, the measurements
//! schools and officers report against them, and the yearly reports schools owe the Department
//! of Education and Training.
//!
//! The six indicators of Hải Phòng's plan implementing Decision 522/QĐ-TTg and the plan's 2020
//! and 2025 targets are reference data every deployment needs, so this migration inserts them;
//! newer targets are rows added later (by officers), never edits of these.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use uuid::Uuid;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PilotsIndicators {
    Table,
    Code,
    NameVi,
    NameEn,
    Unit,
    Direction,
    Counts,
    SchoolLevel,
    Position,
}

#[derive(DeriveIden)]
enum PilotsTargets {
    Table,
    Id,
    IndicatorCode,
    AreaId,
    Value,
    FromYear,
    ToYear,
    SourceDocument,
    IssuedOn,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PilotsMeasurements {
    Table,
    Id,
    IndicatorCode,
    SubjectId,
    OrganizationId,
    AreaId,
    Year,
    Version,
    Numerator,
    Denominator,
    Evidence,
    CorrectionReason,
    ReportedBy,
    ReportedFor,
    ReportedAt,
}

#[derive(DeriveIden)]
enum PilotsAnnualReports {
    Table,
    Id,
    OrganizationId,
    Year,
    Status,
    Summary,
    DocumentUrl,
    SubmittedAt,
    DecidedAt,
    DecidedBy,
    ReturnReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PilotsModels {
    Table,
    Id,
    Name,
    Approach,
    LeadOrganizationId,
    AreaId,
    StartsOn,
    EndsOn,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PilotsModelParticipants {
    Table,
    PilotModelId,
    OrganizationId,
}

#[derive(DeriveIden)]
enum PilotsMilestones {
    Table,
    Id,
    PilotModelId,
    Title,
    DueOn,
    ReachedOn,
    Position,
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

const REPORT_STATUSES: &[&str] = &["DRAFT", "SUBMITTED", "ACCEPTED", "RETURNED"];
const PILOT_STATUSES: &[&str] = &["PLANNED", "RUNNING", "COMPLETED", "DISCONTINUED"];

/// The plan's indicators: code, Vietnamese name, English name, what is counted, school level.
const INDICATORS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "LOWER_SECONDARY_CAREER_PROGRAMME",
        "Tỷ lệ trường THCS có chương trình giáo dục hướng nghiệp gắn với hoạt động sản xuất, kinh doanh tại địa phương",
        "Lower-secondary schools with a career programme tied to local production and business",
        "SCHOOLS",
        "LOWER_SECONDARY",
    ),
    (
        "UPPER_SECONDARY_CAREER_PROGRAMME",
        "Tỷ lệ trường THPT có chương trình giáo dục hướng nghiệp gắn với hoạt động sản xuất, kinh doanh tại địa phương",
        "Upper-secondary schools with a career programme tied to local production and business",
        "SCHOOLS",
        "UPPER_SECONDARY",
    ),
    (
        "LOWER_SECONDARY_COUNSELLING_TEACHER",
        "Tỷ lệ trường THCS có giáo viên kiêm nhiệm làm nhiệm vụ tư vấn nghề nghiệp",
        "Lower-secondary schools with a career-counselling teacher",
        "SCHOOLS",
        "LOWER_SECONDARY",
    ),
    (
        "UPPER_SECONDARY_COUNSELLING_TEACHER",
        "Tỷ lệ trường THPT có giáo viên kiêm nhiệm làm nhiệm vụ tư vấn nghề nghiệp",
        "Upper-secondary schools with a career-counselling teacher",
        "SCHOOLS",
        "UPPER_SECONDARY",
    ),
    (
        "LOWER_SECONDARY_TO_VOCATIONAL",
        "Tỷ lệ học sinh tốt nghiệp THCS tiếp tục học tập tại các cơ sở giáo dục nghề nghiệp",
        "Lower-secondary graduates continuing into vocational training",
        "GRADUATES",
        "LOWER_SECONDARY",
    ),
    (
        "UPPER_SECONDARY_TO_COLLEGE",
        "Tỷ lệ học sinh tốt nghiệp THPT theo học giáo dục nghề nghiệp trình độ cao đẳng",
        "Upper-secondary graduates continuing into college-level vocational training",
        "GRADUATES",
        "UPPER_SECONDARY",
    ),
];

/// The plan's targets per indicator (same order as `INDICATORS`): by 2020, by 2025.
const PLAN_TARGETS: &[(f64, f64)] =
    &[(55.0, 100.0), (60.0, 100.0), (55.0, 100.0), (60.0, 100.0), (30.0, 40.0), (40.0, 45.0)];

/// The document the plan's targets come from. The city plan's own number and date are not
/// recorded here; it is dated with the decision it implements, so any later document
/// supersedes it.
pub const PLAN_SOURCE: &str = "Kế hoạch của UBND thành phố Hải Phòng thực hiện Quyết định số 522/QĐ-TTg ngày 14/5/2018 của Thủ tướng Chính phủ phê duyệt Đề án “Giáo dục hướng nghiệp và định hướng phân luồng học sinh trong giáo dục phổ thông giai đoạn 2018-2025”";
const PLAN_ISSUED_ON: &str = "2018-05-14";
/// Namespace of the seeded target ids (stable across databases).
const TARGET_NAMESPACE: Uuid = Uuid::from_u128(0x7069_6c6f_7473_2d74_6172_6765_7473_0001);

fn organization_fk(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn area_fk(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(DirectoryAreas::Table, DirectoryAreas::Id)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn indicator_fk(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(PilotsIndicators::Table, PilotsIndicators::Code)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
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
        use PilotsIndicators as I;
        manager
            .create_table(
                Table::create()
                    .table(I::Table)
                    .col(text(I::Code).primary_key())
                    .col(text(I::NameVi))
                    .col(text(I::NameEn))
                    .col(text(I::Unit))
                    .col(text(I::Direction))
                    .col(text(I::Counts))
                    .col(text(I::SchoolLevel))
                    .col(integer(I::Position))
                    .check(Expr::col(I::Unit).is_in(["PERCENT"]))
                    .check(Expr::col(I::Direction).is_in(["HIGHER_IS_BETTER", "LOWER_IS_BETTER"]))
                    .check(Expr::col(I::Counts).is_in(["SCHOOLS", "GRADUATES"]))
                    .check(Expr::col(I::SchoolLevel).is_in(["LOWER_SECONDARY", "UPPER_SECONDARY"]))
                    .to_owned(),
            )
            .await?;

        use PilotsTargets as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(pk_uuid(T::Id))
                    .col(text(T::IndicatorCode))
                    .col(uuid_null(T::AreaId))
                    .col(double(T::Value))
                    .col(integer(T::FromYear))
                    .col(integer_null(T::ToYear))
                    .col(text(T::SourceDocument))
                    .col(date(T::IssuedOn))
                    .col(text(T::CreatedBy))
                    .col(timestamp_with_time_zone(T::CreatedAt))
                    .foreign_key(&mut indicator_fk("fk_pilots_targets_indicator", T::Table, T::IndicatorCode))
                    .foreign_key(&mut area_fk("fk_pilots_targets_area", T::Table, T::AreaId))
                    .check(Expr::col(T::Value).gte(0).and(Expr::col(T::Value).lte(100)))
                    .check(
                        Expr::col(T::ToYear).is_null().or(Expr::col(T::ToYear).gte(Expr::col(T::FromYear))),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_pilots_targets_indicator", T::Table, &["indicator_code"], false).await?;

        use PilotsMeasurements as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(pk_uuid(M::Id))
                    .col(text(M::IndicatorCode))
                    // The organization or area measured, whichever it is: one column to keep
                    // versions unique, with the two typed columns below for the foreign keys.
                    .col(uuid(M::SubjectId))
                    .col(uuid_null(M::OrganizationId))
                    .col(uuid_null(M::AreaId))
                    .col(integer(M::Year))
                    .col(integer(M::Version))
                    .col(big_integer(M::Numerator))
                    .col(big_integer(M::Denominator))
                    .col(text_null(M::Evidence))
                    .col(text_null(M::CorrectionReason))
                    .col(text(M::ReportedBy))
                    .col(uuid_null(M::ReportedFor))
                    .col(timestamp_with_time_zone(M::ReportedAt))
                    .foreign_key(&mut indicator_fk(
                        "fk_pilots_measurements_indicator",
                        M::Table,
                        M::IndicatorCode,
                    ))
                    .foreign_key(&mut organization_fk(
                        "fk_pilots_measurements_organization",
                        M::Table,
                        M::OrganizationId,
                    ))
                    .foreign_key(&mut area_fk("fk_pilots_measurements_area", M::Table, M::AreaId))
                    .check(
                        Expr::col(M::OrganizationId)
                            .is_not_null()
                            .and(Expr::col(M::AreaId).is_null())
                            .and(Expr::col(M::SubjectId).eq(Expr::col(M::OrganizationId)))
                            .or(Expr::col(M::OrganizationId)
                                .is_null()
                                .and(Expr::col(M::AreaId).is_not_null())
                                .and(Expr::col(M::SubjectId).eq(Expr::col(M::AreaId)))),
                    )
                    .check(Expr::col(M::Version).gte(1))
                    .check(Expr::col(M::Denominator).gt(0))
                    .check(
                        Expr::col(M::Numerator)
                            .gte(0)
                            .and(Expr::col(M::Numerator).lte(Expr::col(M::Denominator))),
                    )
                    .check(Expr::col(M::Version).eq(1).or(Expr::col(M::CorrectionReason).is_not_null()))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_pilots_measurements_version",
            M::Table,
            &["indicator_code", "subject_id", "year", "version"],
            true,
        )
        .await?;
        index(manager, "ix_pilots_measurements_year", M::Table, &["indicator_code", "year"], false).await?;

        use PilotsAnnualReports as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_uuid(R::Id))
                    .col(uuid(R::OrganizationId))
                    .col(integer(R::Year))
                    .col(text(R::Status))
                    .col(text(R::Summary))
                    .col(text_null(R::DocumentUrl))
                    .col(timestamp_with_time_zone_null(R::SubmittedAt))
                    .col(timestamp_with_time_zone_null(R::DecidedAt))
                    .col(text_null(R::DecidedBy))
                    .col(text_null(R::ReturnReason))
                    .col(timestamp_with_time_zone(R::CreatedAt))
                    .col(timestamp_with_time_zone(R::UpdatedAt))
                    .foreign_key(&mut organization_fk(
                        "fk_pilots_annual_reports_organization",
                        R::Table,
                        R::OrganizationId,
                    ))
                    .check(Expr::col(R::Status).is_in(REPORT_STATUSES.iter().copied()))
                    .check(Expr::col(R::Status).eq("DRAFT").or(Expr::col(R::SubmittedAt).is_not_null()))
                    .check(Expr::col(R::Status).ne("RETURNED").or(Expr::col(R::ReturnReason).is_not_null()))
                    .to_owned(),
            )
            .await?;
        // One report per organization and year; corrections happen by returning it.
        index(manager, "ux_pilots_annual_reports_year", R::Table, &["organization_id", "year"], true).await?;
        index(manager, "ix_pilots_annual_reports_year", R::Table, &["year", "status"], false).await?;

        use PilotsModels as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(pk_uuid(P::Id))
                    .col(text(P::Name))
                    .col(text(P::Approach))
                    .col(uuid(P::LeadOrganizationId))
                    .col(uuid_null(P::AreaId))
                    .col(date(P::StartsOn))
                    .col(date_null(P::EndsOn))
                    .col(text(P::Status))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .col(timestamp_with_time_zone(P::UpdatedAt))
                    .foreign_key(&mut organization_fk(
                        "fk_pilots_models_lead",
                        P::Table,
                        P::LeadOrganizationId,
                    ))
                    .foreign_key(&mut area_fk("fk_pilots_models_area", P::Table, P::AreaId))
                    .check(Expr::col(P::Status).is_in(PILOT_STATUSES.iter().copied()))
                    .check(Expr::col(P::EndsOn).is_null().or(Expr::col(P::EndsOn).gt(Expr::col(P::StartsOn))))
                    .to_owned(),
            )
            .await?;

        use PilotsModelParticipants as PP;
        manager
            .create_table(
                Table::create()
                    .table(PP::Table)
                    .col(uuid(PP::PilotModelId))
                    .col(uuid(PP::OrganizationId))
                    .primary_key(Index::create().col(PP::PilotModelId).col(PP::OrganizationId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pilots_model_participants_model")
                            .from(PP::Table, PP::PilotModelId)
                            .to(P::Table, P::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut organization_fk(
                        "fk_pilots_model_participants_organization",
                        PP::Table,
                        PP::OrganizationId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_pilots_model_participants_organization", PP::Table, &["organization_id"], false)
            .await?;

        use PilotsMilestones as MS;
        manager
            .create_table(
                Table::create()
                    .table(MS::Table)
                    .col(pk_uuid(MS::Id))
                    .col(uuid(MS::PilotModelId))
                    .col(text(MS::Title))
                    .col(date(MS::DueOn))
                    .col(date_null(MS::ReachedOn))
                    .col(integer(MS::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pilots_milestones_model")
                            .from(MS::Table, MS::PilotModelId)
                            .to(P::Table, P::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_pilots_milestones_model", MS::Table, &["pilot_model_id"], false).await?;

        seed_plan(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PilotsMilestones::Table.into_iden(),
            PilotsModelParticipants::Table.into_iden(),
            PilotsModels::Table.into_iden(),
            PilotsAnnualReports::Table.into_iden(),
            PilotsMeasurements::Table.into_iden(),
            PilotsTargets::Table.into_iden(),
            PilotsIndicators::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

/// The six indicators and the plan's targets: the 2020 targets for the school years ending in
/// 2018-2020, the 2025 targets from 2021 on, open-ended until a newer document supersedes them.
async fn seed_plan(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use PilotsIndicators as I;
    use PilotsTargets as T;
    let issued_on = chrono::NaiveDate::parse_from_str(PLAN_ISSUED_ON, "%Y-%m-%d")
        .map_err(|err| DbErr::Migration(err.to_string()))?;
    let created_at = chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(
        issued_on.and_hms_opt(0, 0, 0).unwrap_or_default(),
        chrono::Utc,
    );
    for (position, ((code, name_vi, name_en, counts, level), (by_2020, by_2025))) in
        INDICATORS.iter().zip(PLAN_TARGETS).enumerate()
    {
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(I::Table)
                    .columns([
                        I::Code,
                        I::NameVi,
                        I::NameEn,
                        I::Unit,
                        I::Direction,
                        I::Counts,
                        I::SchoolLevel,
                        I::Position,
                    ])
                    .values_panic([
                        (*code).into(),
                        (*name_vi).into(),
                        (*name_en).into(),
                        "PERCENT".into(),
                        "HIGHER_IS_BETTER".into(),
                        (*counts).into(),
                        (*level).into(),
                        <i32 as TryFrom<usize>>::try_from(position).unwrap_or(i32::MAX).into(),
                    ])
                    .to_owned(),
            )
            .await?;
        for (value, from, to) in [(*by_2020, 2018, Some(2020)), (*by_2025, 2021, None)] {
            let id = Uuid::new_v5(&TARGET_NAMESPACE, format!("{code}/{from}").as_bytes());
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(T::Table)
                        .columns([
                            T::Id,
                            T::IndicatorCode,
                            T::AreaId,
                            T::Value,
                            T::FromYear,
                            T::ToYear,
                            T::SourceDocument,
                            T::IssuedOn,
                            T::CreatedBy,
                            T::CreatedAt,
                        ])
                        .values_panic([
                            id.into(),
                            (*code).into(),
                            Option::<Uuid>::None.into(),
                            value.into(),
                            from.into(),
                            to.into(),
                            PLAN_SOURCE.into(),
                            issued_on.into(),
                            "migration".into(),
                            created_at.into(),
                        ])
                        .to_owned(),
                )
                .await?;
        }
    }
    Ok(())
}
