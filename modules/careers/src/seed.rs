//! Loads the demo data set (`demo_data`): the occupations, support policies, programmes of the
//! directory's demo colleges and centres with three years of admissions, events in the coming
//! months with some registrations, and labour-market bulletins for the last eight quarters,
//! marked as demonstration figures. Dates count from today. Seeded rows get no outbox events:
//! nothing happened "now".

use chrono::{Datelike, TimeDelta, Utc};
use directory::seed::{demo_area_id, demo_organization_id};
use hub_common::seed::{SeedReport, SeedSkipped};
use hub_common::text::fold_for_search;
use hub_common::time;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};
use uuid::Uuid;

use crate::demo_data::{
    BULLETIN_OCCUPATIONS, BULLETIN_PUBLISHER, BULLETIN_SECTIONS, BULLETIN_SOURCE, EVENTS, OCCUPATIONS,
    POLICIES, PROGRAMMES,
};
use crate::entity::{
    admission, bulletin, event, occupation, policy, programme, programme_occupation, programme_policy,
    registration,
};
use crate::kinds::{
    BulletinPeriod, CareerEventStatus, EntryPoint, ProgrammeStatus, RegistrationStatus, encode_set,
};

/// The year and quarter `back` quarters before the one containing today.
fn quarter_before(year: i32, quarter: i32, back: i32) -> (i32, i32) {
    let index = year * 4 + (quarter - 1) - back;
    (index.div_euclid(4), index.rem_euclid(4) + 1)
}

/// Inserts the demo rows in one transaction, unless careers holds occupations already or the
/// directory is not the demo one.
pub async fn seed_demo(db: &DatabaseConnection) -> anyhow::Result<SeedReport> {
    if occupation::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::skipped(SeedSkipped::AlreadyPopulated));
    }
    if !directory::seed::holds_demo_organization(db, "cd-hang-hai-1").await? {
        return Ok(SeedReport::skipped(SeedSkipped::NoDemoDirectory));
    }
    let now = Utc::now();
    let today = time::today();
    let txn = db.begin().await?;

    occupation::Entity::insert_many(OCCUPATIONS.iter().map(|demo| occupation::ActiveModel {
        code: Set(demo.code.to_owned()),
        name_vi: Set(demo.name_vi.to_owned()),
        name_en: Set(demo.name_en.to_owned()),
        name_search: Set(fold_for_search(&format!("{} {}", demo.name_vi, demo.name_en))),
        description: Set(demo.description.to_owned()),
        training_levels: Set(encode_set(demo.levels.iter().map(|l| l.as_str()))),
        vsic_sections: Set(encode_set(demo.sections.iter().copied())),
        skills: Set(serde_json::to_string(demo.skills).unwrap_or_else(|_| "[]".to_owned())),
        created_at: Set(now),
        updated_at: Set(now),
    }))
    .exec_without_returning(&txn)
    .await?;

    let policy_ids: Vec<Uuid> = POLICIES.iter().map(|_| Uuid::now_v7()).collect();
    policy::Entity::insert_many(POLICIES.iter().zip(&policy_ids).map(|(demo, id)| policy::ActiveModel {
        id: Set(*id),
        title: Set(demo.title.to_owned()),
        description: Set(demo.description.to_owned()),
        legal_source: Set(demo.legal_source.to_owned()),
        source_url: Set(None),
        created_at: Set(now),
    }))
    .exec_without_returning(&txn)
    .await?;

    let year = today.year();
    let mut admissions = 0;
    for (index, demo) in PROGRAMMES.iter().enumerate() {
        let institution = directory::demo_data::ORGANIZATIONS
            .iter()
            .find(|org| org.key == demo.institution)
            .ok_or_else(|| anyhow::anyhow!("{} is not a demo organization", demo.institution))?;
        let id = Uuid::now_v7();
        programme::Entity::insert(programme::ActiveModel {
            id: Set(id),
            institution_id: Set(demo_organization_id(demo.institution)),
            area_id: Set(demo_area_id(institution.area)),
            name: Set(demo.name.to_owned()),
            name_search: Set(fold_for_search(demo.name)),
            trade_code: Set(demo.trade_code.map(str::to_owned)),
            level: Set(demo.level),
            duration_months: Set(demo.months),
            tuition_vnd: Set(demo.tuition_vnd),
            combines_general_education: Set(demo.combines),
            entry_points: Set(encode_set(demo.entry.iter().map(|e| e.as_str()))),
            description: Set(demo.description.to_owned()),
            status: Set(ProgrammeStatus::Published),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        programme_occupation::Entity::insert_many(demo.occupations.iter().map(|code| {
            programme_occupation::ActiveModel {
                programme_id: Set(id),
                occupation_code: Set((*code).to_owned()),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
        if !demo.policies.is_empty() {
            programme_policy::Entity::insert_many(demo.policies.iter().map(|p| {
                programme_policy::ActiveModel { programme_id: Set(id), policy_id: Set(policy_ids[*p]) }
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        for back in (0..3).rev() {
            let spread = ((index * 7 + back * 3) % 20) as i32;
            let applications = demo.quota * (95 + spread * 2) / 100;
            let enrolled = applications.min(demo.quota) * (85 + spread / 2) / 100;
            let lower = match (
                demo.entry.contains(&EntryPoint::AfterGrade9),
                demo.entry.contains(&EntryPoint::AfterGrade12),
            ) {
                (true, false) => enrolled,
                (true, true) => enrolled * (55 + spread) / 100,
                _ => 0,
            };
            // Graduates and their employment are known for the two earlier intakes' years.
            let graduates = (back > 0).then_some(enrolled * (78 + spread / 2) / 100);
            let employed = graduates.map(|g| g * (68 + spread) / 100);
            let rows = [(1, None), (2, Some("số liệu tốt nghiệp được đối chiếu lại với sổ gốc"))];
            // One correction, so the demo shows versioned reports.
            let versions = if index == 0 && back == 1 { &rows[..] } else { &rows[..1] };
            for (version, reason) in versions {
                let corrected = *version > 1;
                admission::Entity::insert(admission::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    programme_id: Set(id),
                    year: Set(year - back as i32),
                    version: Set(*version),
                    quota: Set(demo.quota),
                    applications: Set(applications),
                    enrolled: Set(enrolled),
                    enrolled_lower_secondary: Set(lower),
                    enrolled_upper_secondary: Set(enrolled - lower),
                    graduates: Set(graduates.map(|g| if corrected { g - 2 } else { g })),
                    employed_within_12_months: Set(employed.map(|e| if corrected { e - 3 } else { e })),
                    correction_reason: Set(reason.map(str::to_owned)),
                    reported_by: Set("demo".to_owned()),
                    reported_at: Set(now),
                })
                .exec_without_returning(&txn)
                .await?;
                admissions += 1;
            }
        }
    }

    let mut registrations = 0;
    for demo in EVENTS {
        let id = Uuid::now_v7();
        let day = today + TimeDelta::days(demo.days_from_today);
        let registered: i32 = demo.registrations.iter().map(|(_, students)| students).sum();
        event::Entity::insert(event::ActiveModel {
            id: Set(id),
            host_id: Set(demo_organization_id(demo.host)),
            kind: Set(demo.kind),
            title: Set(demo.title.to_owned()),
            description: Set(demo.description.to_owned()),
            place: Set(demo.place.to_owned()),
            area_id: Set(demo_area_id(demo.area)),
            starts_at: Set(time::at_minute(day, demo.time.0)),
            ends_at: Set(time::at_minute(day, demo.time.1)),
            capacity: Set(demo.capacity),
            registered_students: Set(registered),
            grades: Set(encode_set(
                demo.grades.iter().map(i32::to_string).collect::<Vec<_>>().iter().map(String::as_str),
            )),
            status: Set(CareerEventStatus::Published),
            published_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        for (school, students) in demo.registrations {
            registration::Entity::insert(registration::ActiveModel {
                id: Set(Uuid::now_v7()),
                event_id: Set(id),
                organization_id: Set(demo_organization_id(school)),
                students: Set(*students),
                status: Set(RegistrationStatus::Registered),
                registered_by: Set("demo".to_owned()),
                created_at: Set(now),
                cancelled_at: Set(None),
            })
            .exec_without_returning(&txn)
            .await?;
            registrations += 1;
        }
    }

    let quarter = (today.month0() / 3) as i32 + 1;
    let city = demo_area_id("HP");
    let mut bulletins = Vec::new();
    let subjects = BULLETIN_OCCUPATIONS
        .iter()
        .map(|code| (Some(*code), None))
        .chain(BULLETIN_SECTIONS.iter().map(|section| (None, Some(*section))));
    for (subject, (occupation_code, section)) in subjects.enumerate() {
        for back in 1..=8 {
            let (year, number) = quarter_before(today.year(), quarter, back);
            let base = 180 + (subject as i32 * 37) % 220;
            let trend = (8 - back) * (6 + subject as i32 % 5);
            let scale = if section.is_some() { 12 } else { 1 };
            let vacancies = (base + trend + (number * 13) % 40) * scale;
            bulletins.push(bulletin::ActiveModel {
                id: Set(Uuid::now_v7()),
                period_kind: Set(BulletinPeriod::Quarter),
                year: Set(year),
                period_number: Set(number),
                occupation_code: Set(occupation_code.map(str::to_owned)),
                vsic_section: Set(section.map(str::to_owned)),
                area_id: Set(city),
                vacancies: Set(vacancies),
                job_seekers: Set(vacancies * (60 + (subject as i32 * 11) % 50) / 100),
                hires: Set(vacancies * (45 + (back * 3) % 20) / 100),
                forecast: Set(if trend > 20 {
                    "Nhu cầu tuyển dụng dự kiến tiếp tục tăng trong quý tới (số liệu minh họa).".to_owned()
                } else {
                    "Nhu cầu tuyển dụng dự kiến ổn định trong quý tới (số liệu minh họa).".to_owned()
                }),
                publisher: Set(BULLETIN_PUBLISHER.to_owned()),
                source_document: Set(BULLETIN_SOURCE.to_owned()),
                demonstration: Set(true),
                published_by: Set("demo".to_owned()),
                published_at: Set(now),
            });
        }
    }
    let bulletin_count = bulletins.len();
    bulletin::Entity::insert_many(bulletins).exec_without_returning(&txn).await?;
    txn.commit().await?;
    Ok(SeedReport::loaded([
        ("occupations", OCCUPATIONS.len()),
        ("support policies", POLICIES.len()),
        ("programmes", PROGRAMMES.len()),
        ("admission reports", admissions),
        ("events", EVENTS.len()),
        ("registrations", registrations),
        ("bulletins", bulletin_count),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::VocationalLevel;
    use crate::service::validate;
    use directory::OrganizationKind;

    fn kind_of(key: &str) -> Option<OrganizationKind> {
        directory::demo_data::ORGANIZATIONS.iter().find(|o| o.key == key).map(|o| o.kind)
    }

    #[test]
    fn demo_rows_follow_the_rules() {
        assert!(OCCUPATIONS.len() >= 30);
        let mut codes: Vec<&str> = OCCUPATIONS.iter().map(|o| o.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), OCCUPATIONS.len(), "occupation codes are unique");
        for demo in OCCUPATIONS {
            assert!(validate::OccupationCode::parse("code", demo.code).is_ok(), "{}", demo.code);
            for section in demo.sections {
                assert!(validate::vsic_section("s", section).is_ok(), "{section}");
            }
        }
        for demo in PROGRAMMES {
            let kind = kind_of(demo.institution);
            assert!(
                matches!(
                    (kind, demo.level),
                    (Some(OrganizationKind::College), _)
                        | (
                            Some(OrganizationKind::IntermediateSchool),
                            VocationalLevel::Elementary | VocationalLevel::Intermediate
                        )
                        | (Some(OrganizationKind::VocationalCentre), VocationalLevel::Elementary)
                ),
                "{}",
                demo.name
            );
            assert!(validate::trade_code(demo.level, demo.trade_code).is_ok(), "{}", demo.name);
            assert!(!demo.combines || demo.entry.contains(&EntryPoint::AfterGrade9), "{}", demo.name);
            for code in demo.occupations {
                assert!(codes.contains(code), "{} leads to unknown {code}", demo.name);
            }
        }
        for demo in EVENTS {
            let registered: i32 = demo.registrations.iter().map(|(_, n)| n).sum();
            assert!(registered <= demo.capacity, "{}", demo.title);
            assert!(kind_of(demo.host).is_some(), "{}", demo.host);
            for (school, _) in demo.registrations {
                assert!(kind_of(school).is_some_and(|k| k.is_school()), "{school}");
            }
        }
        for code in BULLETIN_OCCUPATIONS {
            assert!(codes.contains(code), "{code}");
        }
    }

    #[test]
    fn quarters_count_back_across_years() {
        assert_eq!(quarter_before(2026, 4, 1), (2026, 3));
        assert_eq!(quarter_before(2026, 1, 1), (2025, 4));
        assert_eq!(quarter_before(2026, 2, 8), (2024, 2));
    }
}
