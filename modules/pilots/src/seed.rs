//! Demo pilots data on top of the directory's demo set: measurements of every demo secondary
//! school for the school years 2024-2025 and 2025-2026 (the hub's years 2025 and 2026), one of
//! them corrected; yearly reports for this calendar year in every state, with some schools not
//! yet reporting, and for last year; and two pilot models. The indicators and the plan's
//! targets come from the migration, not from here. Seeded rows get no outbox events.

use chrono::{Datelike, NaiveDate, Utc};
use directory::seed::demo_organization_id;
use hub_common::seed::{SeedReport, SeedSkipped};
use hub_common::time::today;
use sea_orm::{
    ActiveValue::Set, DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait, TransactionTrait,
};
use uuid::Uuid;

use crate::entity::{annual_report, measurement, milestone, participant, pilot_model};
use crate::kinds::{PilotStatus, ReportStatus};
use crate::service::insertable_measurement;

/// One school year of a school: has a career programme, has a counselling teacher, graduates
/// continuing (into vocational training or college, by level), graduates.
type SchoolYear = (bool, bool, i64, i64);

/// Demo secondary schools with their 2025 and 2026 figures. Numbers are invented but of a
/// plausible size for Hải Phòng schools.
const UPPER: &[(&str, [SchoolYear; 2])] = &[
    ("thpt-tran-phu", [(true, true, 15, 420), (true, true, 18, 430)]),
    ("thpt-ngo-quyen", [(true, true, 160, 610), (true, true, 190, 620)]),
    ("thpt-thai-phien", [(false, true, 150, 560), (true, true, 170, 575)]),
    ("thpt-kien-an", [(true, false, 180, 480), (true, true, 205, 490)]),
    ("thpt-hai-an", [(true, true, 170, 450), (true, true, 196, 460)]),
    ("thpt-do-son", [(false, true, 140, 330), (true, true, 150, 335)]),
    ("thpt-an-lao", [(true, false, 160, 360), (true, true, 172, 370)]),
    ("thpt-cat-ba", [(false, false, 60, 140), (false, true, 66, 145)]),
];
const LOWER: &[(&str, [SchoolYear; 2])] = &[
    ("thcs-chu-van-an", [(true, true, 70, 380), (true, true, 85, 390)]),
    ("thcs-hong-bang", [(true, false, 95, 300), (true, true, 105, 310)]),
    ("thcs-tran-phu", [(false, true, 60, 350), (true, true, 72, 355)]),
    ("thcs-to-hieu", [(true, true, 110, 320), (true, true, 118, 330)]),
    ("thcs-ngo-quyen", [(false, true, 80, 290), (false, true, 90, 300)]),
    ("thcs-dong-hai", [(true, false, 120, 340), (true, true, 135, 350)]),
    ("thcs-cat-ba", [(false, false, 55, 150), (true, false, 60, 155)]),
];
const YEARS: [i32; 2] = [2025, 2026];

/// The one corrected figure: Kiến An first reported fewer college entrants for 2026.
const CORRECTED: (&str, i32, i64, &str) =
    ("thpt-kien-an", 2026, 190, "Bổ sung học sinh trúng tuyển cao đẳng đợt 2");

/// Reports for this calendar year (status, return reason) and for last year (accepted).
const REPORTS_THIS_YEAR: &[(&str, ReportStatus, Option<&str>)] = &[
    ("thpt-tran-phu", ReportStatus::Accepted, None),
    ("thpt-ngo-quyen", ReportStatus::Submitted, None),
    ("thcs-chu-van-an", ReportStatus::Submitted, None),
    ("cd-cong-nghiep-hp", ReportStatus::Submitted, None),
    ("thpt-kien-an", ReportStatus::Returned, Some("Thiếu số liệu học sinh tham gia trải nghiệm nghề nghiệp")),
    ("thcs-hong-bang", ReportStatus::Draft, None),
];
const REPORTS_LAST_YEAR: &[&str] =
    &["thpt-tran-phu", "thpt-ngo-quyen", "thpt-kien-an", "thcs-chu-van-an", "thcs-to-hieu", "cd-hang-hai-1"];

struct DemoPilot {
    name: &'static str,
    approach: &'static str,
    lead: &'static str,
    participants: &'static [&'static str],
    area: Option<&'static str>,
    period: (&'static str, &'static str),
    status: PilotStatus,
    /// Title, due, reached.
    milestones: &'static [(&'static str, &'static str, Option<&'static str>)],
}

const PILOTS: &[DemoPilot] = &[
    DemoPilot {
        name: "Trường THPT gắn kết doanh nghiệp logistics cảng biển",
        approach: "Học sinh lớp 10-11 học chuyên đề nghề logistics do giảng viên cao đẳng và kỹ sư doanh nghiệp cùng dạy, trải nghiệm tại xưởng mô phỏng của trường cao đẳng và tại kho bãi Đình Vũ.",
        lead: "cd-cong-nghiep-hp",
        participants: &["thpt-tran-phu", "thpt-ngo-quyen", "dn-logistics-bach-dang"],
        area: None,
        period: ("2025-09-05", "2027-05-31"),
        status: PilotStatus::Running,
        milestones: &[
            ("Ký kết phối hợp ba bên", "2025-10-15", Some("2025-10-10")),
            ("Học sinh lớp 11 trải nghiệm tại xưởng", "2026-03-31", Some("2026-03-20")),
            ("Tổng kết năm học thứ nhất", "2026-06-15", Some("2026-06-12")),
            ("Báo cáo đánh giá, đề xuất nhân rộng", "2027-05-31", None),
        ],
    },
    DemoPilot {
        name: "Tư vấn hướng nghiệp THCS gắn với nghề biển và du lịch Cát Bà",
        approach: "Giáo viên tư vấn của trường THCS và THPT trên đảo cùng doanh nghiệp du lịch tổ chức ngày hội nghề và tuần trải nghiệm nghề lễ tân, buồng phòng, hướng dẫn viên cho học sinh lớp 9.",
        lead: "thcs-cat-ba",
        participants: &["thpt-cat-ba", "dn-khach-san-hon-suong"],
        area: Some("HP-DK-CATHAI"),
        period: ("2027-01-04", "2028-05-31"),
        status: PilotStatus::Planned,
        milestones: &[
            ("Khảo sát nguyện vọng nghề nghiệp học sinh lớp 9", "2027-02-28", None),
            ("Tuần trải nghiệm nghề du lịch", "2027-04-30", None),
        ],
    },
];

fn day(text: &str) -> anyhow::Result<NaiveDate> {
    Ok(NaiveDate::parse_from_str(text, "%Y-%m-%d")?)
}

/// Inserts the demo set in one transaction, unless pilot models exist already or the
/// directory is not the demo one.
pub async fn seed_demo(db: &DatabaseConnection) -> anyhow::Result<SeedReport> {
    if pilot_model::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::skipped(SeedSkipped::AlreadyPopulated));
    }
    if !directory::seed::holds_demo_organization(db, "thpt-tran-phu").await? {
        return Ok(SeedReport::skipped(SeedSkipped::NoDemoDirectory));
    }
    let txn = db.begin().await?;
    let measurements = seed_measurements(&txn).await?;
    let reports = seed_reports(&txn).await?;
    seed_pilots(&txn).await?;
    txn.commit().await?;
    Ok(SeedReport::loaded([
        ("measurements", measurements),
        ("yearly reports", reports),
        ("pilot models", PILOTS.len()),
    ]))
}

async fn seed_measurements(txn: &DatabaseTransaction) -> anyhow::Result<usize> {
    let now = Utc::now();
    let mut rows = Vec::new();
    let levels = [
        (
            UPPER,
            [
                "UPPER_SECONDARY_CAREER_PROGRAMME",
                "UPPER_SECONDARY_COUNSELLING_TEACHER",
                "UPPER_SECONDARY_TO_COLLEGE",
            ],
        ),
        (
            LOWER,
            [
                "LOWER_SECONDARY_CAREER_PROGRAMME",
                "LOWER_SECONDARY_COUNSELLING_TEACHER",
                "LOWER_SECONDARY_TO_VOCATIONAL",
            ],
        ),
    ];
    for (schools, [programme, counselling, continuing]) in levels {
        for (key, figures) in schools {
            let org = demo_organization_id(key);
            for (year, (has_programme, has_counsellor, went_on, graduates)) in YEARS.iter().zip(figures) {
                let row =
                    |code: &str, numerator: i64, denominator: i64, version: i32, reason: Option<&str>| {
                        measurement::Model {
                            id: Uuid::now_v7(),
                            indicator_code: code.to_owned(),
                            subject_id: org,
                            organization_id: Some(org),
                            area_id: None,
                            year: *year,
                            version,
                            numerator,
                            denominator,
                            evidence: Some(format!(
                                "Báo cáo tổng kết năm học {}-{} của nhà trường",
                                year - 1,
                                year
                            )),
                            correction_reason: reason.map(str::to_owned),
                            reported_by: "demo-seed".to_owned(),
                            reported_for: Some(org),
                            reported_at: now,
                        }
                    };
                rows.push(row(programme, i64::from(*has_programme), 1, 1, None));
                rows.push(row(counselling, i64::from(*has_counsellor), 1, 1, None));
                let (corrected_key, corrected_year, first_figure, reason) = CORRECTED;
                if *key == corrected_key && *year == corrected_year {
                    rows.push(row(continuing, first_figure, *graduates, 1, None));
                    rows.push(row(continuing, *went_on, *graduates, 2, Some(reason)));
                } else {
                    rows.push(row(continuing, *went_on, *graduates, 1, None));
                }
            }
        }
    }
    let count = rows.len();
    measurement::Entity::insert_many(rows.iter().map(insertable_measurement))
        .exec_without_returning(txn)
        .await?;
    Ok(count)
}

async fn seed_reports(txn: &DatabaseTransaction) -> anyhow::Result<usize> {
    let now = Utc::now();
    let this_year = today().year();
    let mut rows = Vec::new();
    let mut report = |key: &str, year: i32, status: ReportStatus, reason: Option<&str>| {
        let decided = matches!(status, ReportStatus::Accepted | ReportStatus::Returned);
        rows.push(annual_report::ActiveModel {
            id: Set(Uuid::now_v7()),
            organization_id: Set(demo_organization_id(key)),
            year: Set(year),
            status: Set(status),
            summary: Set(format!(
                "Báo cáo kết quả giáo dục hướng nghiệp và phân luồng học sinh năm {year}: chương trình hướng nghiệp, tư vấn nghề nghiệp, phối hợp với doanh nghiệp và cơ sở giáo dục nghề nghiệp."
            )),
            document_url: Set(None),
            submitted_at: Set((status != ReportStatus::Draft).then_some(now)),
            first_submitted_at: Set((status != ReportStatus::Draft).then_some(now)),
            decided_at: Set(decided.then_some(now)),
            decided_by: Set(decided.then(|| "demo-seed".to_owned())),
            return_reason: Set(reason.map(str::to_owned)),
            created_at: Set(now),
            updated_at: Set(now),
        });
    };
    for (key, status, reason) in REPORTS_THIS_YEAR {
        report(key, this_year, *status, *reason);
    }
    for key in REPORTS_LAST_YEAR {
        report(key, this_year - 1, ReportStatus::Accepted, None);
    }
    let count = rows.len();
    annual_report::Entity::insert_many(rows).exec_without_returning(txn).await?;
    Ok(count)
}

async fn seed_pilots(txn: &DatabaseTransaction) -> anyhow::Result<()> {
    let now = Utc::now();
    for demo in PILOTS {
        let id = Uuid::now_v7();
        pilot_model::Entity::insert(pilot_model::ActiveModel {
            id: Set(id),
            name: Set(demo.name.to_owned()),
            approach: Set(demo.approach.to_owned()),
            lead_organization_id: Set(demo_organization_id(demo.lead)),
            area_id: Set(demo.area.map(directory::seed::demo_area_id)),
            starts_on: Set(day(demo.period.0)?),
            ends_on: Set(Some(day(demo.period.1)?)),
            status: Set(demo.status),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(txn)
        .await?;
        participant::Entity::insert_many(demo.participants.iter().map(|key| participant::ActiveModel {
            pilot_model_id: Set(id),
            organization_id: Set(demo_organization_id(key)),
        }))
        .exec_without_returning(txn)
        .await?;
        for (position, (title, due, reached)) in demo.milestones.iter().enumerate() {
            milestone::Entity::insert(milestone::ActiveModel {
                id: Set(Uuid::now_v7()),
                pilot_model_id: Set(id),
                title: Set((*title).to_owned()),
                due_on: Set(day(due)?),
                reached_on: Set(reached.map(day).transpose()?),
                position: Set(i32::try_from(position)?),
            })
            .exec_without_returning(txn)
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::SchoolLevel;

    fn kind_of(key: &str) -> Option<directory::OrganizationKind> {
        directory::demo_data::ORGANIZATIONS.iter().find(|o| o.key == key).map(|o| o.kind)
    }

    #[test]
    fn demo_schools_report_their_own_level_with_sane_shares() {
        for (schools, level) in [(UPPER, SchoolLevel::UpperSecondary), (LOWER, SchoolLevel::LowerSecondary)] {
            for (key, figures) in schools {
                assert!(kind_of(key).is_some_and(|kind| level.taught_by(kind)), "{key}");
                for (_, _, went_on, graduates) in figures {
                    assert!(*graduates > 0 && (0..=*graduates).contains(went_on), "{key}");
                }
            }
        }
    }

    #[test]
    fn demo_pilots_and_reports_name_demo_organizations() {
        for demo in PILOTS {
            assert!(kind_of(demo.lead).is_some_and(|k| k.is_school()), "{}", demo.name);
            assert!(demo.participants.iter().all(|k| kind_of(k).is_some()), "{}", demo.name);
            for (_, due, _) in demo.milestones {
                assert!(*due >= demo.period.0 && *due <= demo.period.1, "{}", demo.name);
            }
        }
        for (key, _, _) in REPORTS_THIS_YEAR {
            assert!(kind_of(key).is_some_and(crate::kinds::reports_yearly), "{key}");
        }
        for key in REPORTS_LAST_YEAR {
            assert!(kind_of(key).is_some_and(crate::kinds::reports_yearly), "{key}");
        }
    }
}
