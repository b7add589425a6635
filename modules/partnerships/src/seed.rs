//! Demo partnerships and engagements on top of the directory's demo data set: one active
//! partnership with engagements under it, one proposal still waiting for a party, and one
//! whose period has ended (stored `ACTIVE`, so it reads `EXPIRED` like any other). Dates are
//! counted from today. Seeded rows get no outbox events: nothing happened "now".

use chrono::{NaiveDate, TimeDelta, Utc};
use directory::seed::demo_organization_id;
use hub_common::seed::{SeedReport, SeedSkipped};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};
use uuid::Uuid;

use crate::entity::{commitment, engagement, engagement_organization, engagement_reach, partnership, party};
use crate::kinds::{CommitmentKind, EngagementKind, PartnershipKind, PartnershipStatus};
use crate::service::validate::today;

struct DemoPartnership {
    kind: PartnershipKind,
    title: &'static str,
    /// The proposer first.
    parties: &'static [&'static str],
    /// Parties that have accepted (the proposer always has).
    accepted: usize,
    status: PartnershipStatus,
    /// Days from today: valid from, valid to.
    days: (i64, i64),
    commitments: &'static [(CommitmentKind, i64)],
}

struct DemoEngagement {
    /// Index into `PARTNERSHIPS`, if held under one.
    partnership: Option<usize>,
    kind: EngagementKind,
    recorder: &'static str,
    others: &'static [&'static str],
    days_ago: i64,
    reach: &'static [(i32, i32)],
    two_way: bool,
    notes: &'static str,
}

const PARTNERSHIPS: &[DemoPartnership] = &[
    DemoPartnership {
        kind: PartnershipKind::TrainingCooperation,
        title: "Hợp tác đào tạo nghề logistics cảng biển",
        parties: &["dn-logistics-bach-dang", "cd-cong-nghiep-hp", "thpt-tran-phu"],
        accepted: 3,
        status: PartnershipStatus::Active,
        days: (-200, 530),
        commitments: &[
            (CommitmentKind::InternshipSeats, 20),
            (CommitmentKind::CareerTalks, 2),
            (CommitmentKind::Engagements, 4),
        ],
    },
    DemoPartnership {
        kind: PartnershipKind::InternshipProgramme,
        title: "Chương trình thực tập đóng tàu cho học sinh nghề",
        parties: &["dn-dong-tau-trieu-xanh", "cd-hang-hai-1"],
        accepted: 1,
        status: PartnershipStatus::Proposed,
        days: (30, 760),
        commitments: &[(CommitmentKind::InternshipSeats, 10)],
    },
    DemoPartnership {
        kind: PartnershipKind::CareerCounselling,
        title: "Tư vấn hướng nghiệp ngành điện tử",
        parties: &["dn-dien-tu-trang-kenh", "thpt-ngo-quyen"],
        accepted: 2,
        status: PartnershipStatus::Active,
        days: (-400, -35),
        commitments: &[(CommitmentKind::CareerTalks, 3)],
    },
];

const ENGAGEMENTS: &[DemoEngagement] = &[
    DemoEngagement {
        partnership: Some(0),
        kind: EngagementKind::CompanyVisit,
        recorder: "dn-logistics-bach-dang",
        others: &["thpt-tran-phu"],
        days_ago: 40,
        reach: &[(11, 42), (12, 38)],
        two_way: true,
        notes: "Tham quan kho bãi Đình Vũ, học sinh thử điều khiển mô phỏng cẩu bờ.",
    },
    DemoEngagement {
        partnership: Some(0),
        kind: EngagementKind::GuestTalk,
        recorder: "dn-logistics-bach-dang",
        others: &["cd-cong-nghiep-hp"],
        days_ago: 12,
        reach: &[(13, 60)],
        two_way: false,
        notes: "Nói chuyện về nghề điều độ cảng.",
    },
    DemoEngagement {
        partnership: Some(2),
        kind: EngagementKind::CareerDay,
        recorder: "thpt-ngo-quyen",
        others: &["dn-dien-tu-trang-kenh"],
        days_ago: 120,
        reach: &[(10, 120), (11, 110), (12, 95)],
        two_way: true,
        notes: "Ngày hội tư vấn, hướng nghiệp với gian trưng bày linh kiện điện tử.",
    },
    DemoEngagement {
        partnership: None,
        kind: EngagementKind::WorkshopExperience,
        recorder: "cd-bach-nghe-hp",
        others: &["thcs-chu-van-an"],
        days_ago: 20,
        reach: &[(9, 35)],
        two_way: true,
        notes: "Học sinh lớp 9 thực hành tại xưởng cơ khí của trường cao đẳng.",
    },
];

fn day(today: NaiveDate, offset: i64) -> NaiveDate {
    today + TimeDelta::days(offset)
}

/// Inserts the demo partnerships and engagements in one transaction, unless partnerships
/// exist already or the directory is not the demo one.
pub async fn seed_demo(db: &DatabaseConnection) -> anyhow::Result<SeedReport> {
    if partnership::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::skipped(SeedSkipped::AlreadyPopulated));
    }
    if !directory::seed::holds_demo_organization(db, "dn-logistics-bach-dang").await? {
        return Ok(SeedReport::skipped(SeedSkipped::NoDemoDirectory));
    }
    let today = today();
    let now = Utc::now();
    let txn = db.begin().await?;
    let mut ids = Vec::with_capacity(PARTNERSHIPS.len());
    for demo in PARTNERSHIPS {
        let id = Uuid::now_v7();
        ids.push(id);
        let proposer = demo_organization_id(demo.parties[0]);
        partnership::Entity::insert(partnership::ActiveModel {
            id: Set(id),
            kind: Set(demo.kind),
            title: Set(demo.title.to_owned()),
            summary: Set(None),
            signed_on: Set((demo.status == PartnershipStatus::Active).then(|| day(today, demo.days.0))),
            valid_from: Set(day(today, demo.days.0)),
            valid_to: Set(day(today, demo.days.1)),
            document_url: Set(None),
            document_sha256: Set(None),
            status: Set(demo.status),
            proposed_by: Set(proposer),
            renewed_from_id: Set(None),
            activated_at: Set((demo.status == PartnershipStatus::Active).then_some(now)),
            terminated_at: Set(None),
            terminated_by: Set(None),
            termination_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        party::Entity::insert_many(demo.parties.iter().enumerate().map(|(i, key)| party::ActiveModel {
            partnership_id: Set(id),
            organization_id: Set(demo_organization_id(key)),
            accepted_at: Set((i < demo.accepted).then_some(now)),
        }))
        .exec_without_returning(&txn)
        .await?;
        for (position, (kind, per_year)) in demo.commitments.iter().enumerate() {
            commitment::Entity::insert(commitment::ActiveModel {
                id: Set(Uuid::now_v7()),
                partnership_id: Set(id),
                kind: Set(*kind),
                per_year: Set(*per_year),
                description: Set(None),
                position: Set(i32::try_from(position)?),
            })
            .exec_without_returning(&txn)
            .await?;
        }
    }
    for demo in ENGAGEMENTS {
        let id = Uuid::now_v7();
        engagement::Entity::insert(engagement::ActiveModel {
            id: Set(id),
            kind: Set(demo.kind),
            held_on: Set(day(today, -demo.days_ago)),
            recorded_by: Set(demo_organization_id(demo.recorder)),
            partnership_id: Set(demo.partnership.map(|i| ids[i])),
            two_way: Set(demo.two_way),
            notes: Set(Some(demo.notes.to_owned())),
            created_at: Set(now),
            updated_at: Set(now),
            career_event_id: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
        let organizations = std::iter::once(demo.recorder).chain(demo.others.iter().copied());
        engagement_organization::Entity::insert_many(organizations.map(|key| {
            engagement_organization::ActiveModel {
                engagement_id: Set(id),
                organization_id: Set(demo_organization_id(key)),
                // The demo's engagements are confirmed by everyone they name.
                confirmed_at: Set(Some(now)),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
        engagement_reach::Entity::insert_many(demo.reach.iter().map(|(grade, students)| {
            engagement_reach::ActiveModel {
                engagement_id: Set(id),
                grade: Set(*grade),
                students: Set(*students),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(SeedReport::loaded([("partnerships", PARTNERSHIPS.len()), ("engagements", ENGAGEMENTS.len())]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::validate;

    fn kind_of(key: &str) -> Option<directory::OrganizationKind> {
        directory::demo_data::ORGANIZATIONS.iter().find(|o| o.key == key).map(|o| o.kind)
    }

    #[test]
    fn demo_partnerships_follow_the_party_rules() {
        for demo in PARTNERSHIPS {
            let kinds: Vec<_> = demo.parties.iter().map(|key| kind_of(key)).collect();
            assert!(kinds.iter().all(Option::is_some), "{}", demo.title);
            assert!(kinds.iter().flatten().any(|k| k.is_business()), "{}", demo.title);
            assert!(kinds.iter().flatten().any(|k| k.is_school()), "{}", demo.title);
            assert!(demo.days.1 > demo.days.0 && demo.accepted >= 1 && demo.accepted <= demo.parties.len());
            assert!(validate::title(demo.title).is_ok());
        }
    }

    #[test]
    fn demo_engagements_are_valid_and_held_within_their_partnership() {
        for demo in ENGAGEMENTS {
            let rows: Vec<(i32, i32)> = demo.reach.to_vec();
            assert!(validate::reach(&rows).is_ok(), "{}", demo.notes);
            assert!(kind_of(demo.recorder).is_some() && demo.others.iter().all(|k| kind_of(k).is_some()));
            if let Some(index) = demo.partnership {
                let p = &PARTNERSHIPS[index];
                assert_eq!(p.status, PartnershipStatus::Active);
                assert!(p.parties.contains(&demo.recorder));
                assert!(-demo.days_ago >= p.days.0 && -demo.days_ago <= p.days.1, "{}", demo.notes);
            }
        }
    }
}
