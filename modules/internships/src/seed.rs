//! Demo offers and nominations on top of the directory's demo data set.
//!
//! Dates are counted from today, so a demo database always has offers open to nominations, one
//! finished placement and drafts. Seeded offers are inserted as they stand, without outbox
//! events: nothing was published "now", and a subscriber resuming from the start of the outbox
//! should not receive demo rows as news.

use chrono::{NaiveDate, TimeDelta, Utc};
use directory::seed::demo_organization_id;
use hub_common::seed::{SeedReport, SeedSkipped};
use hub_common::text::fold_for_search;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};
use uuid::Uuid;

use crate::entity::{nomination, offer};
use crate::kinds::EligibleLevel::{self, *};
use crate::kinds::{NominationStatus, OfferStatus};
use crate::service::validate::today;

struct DemoOffer {
    enterprise: &'static str,
    title: &'static str,
    description: &'static str,
    sector: &'static str,
    area: &'static str,
    seats: i32,
    levels: &'static [EligibleLevel],
    /// Days from today: start, end, application deadline.
    days: (i64, i64, i64),
    stipend_vnd: Option<i64>,
    status: OfferStatus,
}

struct DemoNomination {
    /// Index into `OFFERS`.
    offer: usize,
    school: &'static str,
    student_ref: &'static str,
    grade: i32,
    status: NominationStatus,
    hours: Option<i32>,
    evaluation: Option<&'static str>,
}

const OFFERS: &[DemoOffer] = &[
    DemoOffer {
        enterprise: "dn-logistics-bach-dang",
        title: "Thực tập sinh kho vận cảng",
        description: "Làm quen quy trình nhập, xuất và kiểm đếm hàng container tại kho bãi Đình Vũ; \
                      sử dụng phần mềm quản lý kho dưới sự hướng dẫn của kỹ thuật viên.",
        sector: "5210",
        area: "HP-P-DONGHAI",
        seats: 6,
        levels: &[UpperSecondaryGraduate, CollegeStudent],
        days: (45, 105, 30),
        stipend_vnd: Some(3_500_000),
        status: OfferStatus::Published,
    },
    DemoOffer {
        enterprise: "dn-dong-tau-trieu-xanh",
        title: "Trải nghiệm nghề hàn và lắp ráp vỏ tàu",
        description: "Một tuần tham quan xưởng, quan sát và thực hành an toàn các công đoạn hàn, \
                      gá lắp phân đoạn vỏ tàu cùng thợ lành nghề.",
        sector: "3011",
        area: "HP-P-THUYNGUYEN",
        seats: 10,
        levels: &[LowerSecondaryGraduate, UpperSecondaryStudent],
        days: (21, 26, 14),
        stipend_vnd: None,
        status: OfferStatus::Published,
    },
    DemoOffer {
        enterprise: "dn-dien-tu-trang-kenh",
        title: "Thực tập kỹ thuật viên lắp ráp linh kiện điện tử",
        description: "Thực tập trên dây chuyền SMT: kiểm tra linh kiện, vận hành máy gắn chip và \
                      kiểm tra chất lượng bo mạch.",
        sector: "2610",
        area: "HP-P-THUYNGUYEN",
        seats: 8,
        levels: &[CollegeStudent],
        days: (60, 150, 40),
        stipend_vnd: Some(4_000_000),
        status: OfferStatus::Published,
    },
    DemoOffer {
        enterprise: "dn-khach-san-hon-suong",
        title: "Thực tập lễ tân và buồng phòng mùa hè",
        description: "Hỗ trợ đón tiếp khách, làm thủ tục nhận và trả phòng, chuẩn bị buồng phòng \
                      theo tiêu chuẩn khách sạn ba sao tại Cát Bà.",
        sector: "5510",
        area: "HP-DK-CATHAI",
        seats: 5,
        levels: &[UpperSecondaryStudent, UpperSecondaryGraduate],
        days: (30, 75, 20),
        stipend_vnd: Some(2_500_000),
        status: OfferStatus::Published,
    },
    DemoOffer {
        enterprise: "dn-thuy-san-song-bac",
        title: "Trải nghiệm chế biến thủy sản xuất khẩu",
        description: "Tìm hiểu quy trình tiếp nhận nguyên liệu, sơ chế, cấp đông và vệ sinh an toàn \
                      thực phẩm tại nhà máy Đồ Sơn.",
        sector: "1020",
        area: "HP-P-DOSON",
        seats: 6,
        levels: &[LowerSecondaryGraduate, UpperSecondaryStudent],
        days: (25, 40, 15),
        stipend_vnd: None,
        status: OfferStatus::Published,
    },
    DemoOffer {
        enterprise: "dn-o-to-phuong-vi",
        title: "Trải nghiệm dây chuyền lắp ráp ô tô",
        description: "Hai ngày tham quan và thực hành tại xưởng lắp ráp khung gầm và sơn.",
        sector: "2910",
        area: "HP-P-DUONGKINH",
        seats: 12,
        levels: &[UpperSecondaryStudent],
        days: (-20, -18, -30),
        stipend_vnd: None,
        status: OfferStatus::Closed,
    },
    DemoOffer {
        enterprise: "dn-co-khi-ben-binh",
        title: "Thực tập vận hành máy tiện CNC",
        description: "Đang soạn: vận hành, đo kiểm và bảo dưỡng máy tiện CNC dưới sự kèm cặp của \
                      kỹ sư cơ khí.",
        sector: "2592",
        area: "HP-P-HONGBANG",
        seats: 4,
        levels: &[CollegeStudent],
        days: (50, 110, 35),
        stipend_vnd: Some(3_000_000),
        status: OfferStatus::Draft,
    },
    DemoOffer {
        enterprise: "dn-chua-xac-minh",
        title: "Hướng dẫn viên du lịch tập sự",
        description: "Đồng hành cùng hướng dẫn viên trong các tour tham quan nội thành Hải Phòng.",
        sector: "7911",
        area: "HP-P-LECHAN",
        seats: 3,
        levels: &[UpperSecondaryGraduate, CollegeStudent],
        days: (40, 70, 25),
        stipend_vnd: Some(2_000_000),
        status: OfferStatus::Draft,
    },
];

const NOMINATIONS: &[DemoNomination] = &[
    nominated(0, "cd-hang-hai-1", "HH1-2025-0311", 14, NominationStatus::Accepted),
    nominated(0, "cd-cong-nghiep-hp", "KTHP-24-0582", 13, NominationStatus::Submitted),
    nominated(0, "tc-song-xanh", "SX/2025/017", 13, NominationStatus::Submitted),
    nominated(1, "thcs-cat-ba", "CB-9A-12", 9, NominationStatus::Submitted),
    nominated(1, "thpt-hai-an", "HA-10C3-22", 10, NominationStatus::Rejected),
    nominated(3, "thpt-tran-phu", "TP-2026-0147", 12, NominationStatus::Accepted),
    nominated(3, "thpt-cat-ba", "CB-11A2-07", 11, NominationStatus::Submitted),
    DemoNomination {
        offer: 5,
        school: "thpt-kien-an",
        student_ref: "KA-2025-0456",
        grade: 11,
        status: NominationStatus::Completed,
        hours: Some(16),
        evaluation: Some("Chủ động, ham học hỏi và chấp hành tốt nội quy an toàn xưởng."),
    },
];

const fn nominated(
    offer: usize,
    school: &'static str,
    student_ref: &'static str,
    grade: i32,
    status: NominationStatus,
) -> DemoNomination {
    DemoNomination { offer, school, student_ref, grade, status, hours: None, evaluation: None }
}

fn day(from: NaiveDate, days: i64) -> NaiveDate {
    from + TimeDelta::days(days)
}

/// Inserts the demo offers and nominations in one transaction, unless offers exist already or
/// the directory is not the demo one.
pub async fn seed_demo(db: &DatabaseConnection) -> anyhow::Result<SeedReport> {
    if offer::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::skipped(SeedSkipped::AlreadyPopulated));
    }
    // Asked through the directory's API: this module does not read the directory's tables.
    if !directory::seed::holds_demo_organization(db, "dn-logistics-bach-dang").await? {
        return Ok(SeedReport::skipped(SeedSkipped::NoDemoDirectory));
    }
    let now = Utc::now();
    let today = today();
    let txn = db.begin().await?;
    let mut offer_ids = Vec::with_capacity(OFFERS.len());
    for (index, demo) in OFFERS.iter().enumerate() {
        let id = Uuid::now_v7();
        offer_ids.push(id);
        let accepted = NOMINATIONS
            .iter()
            .filter(|n| {
                n.offer == index
                    && matches!(n.status, NominationStatus::Accepted | NominationStatus::Completed)
            })
            .count();
        let (start, end, deadline) = demo.days;
        offer::Entity::insert(offer::ActiveModel {
            id: Set(id),
            enterprise_id: Set(demo_organization_id(demo.enterprise)),
            title: Set(demo.title.to_owned()),
            title_search: Set(fold_for_search(demo.title)),
            description: Set(demo.description.to_owned()),
            sector: Set(demo.sector.to_owned()),
            area_id: Set(directory::seed::demo_area_id(demo.area)),
            seats: Set(demo.seats),
            accepted_count: Set(i32::try_from(accepted)?),
            eligible_levels: Set(EligibleLevel::encode(demo.levels)),
            start_date: Set(day(today, start)),
            end_date: Set(day(today, end)),
            application_deadline: Set(day(today, deadline)),
            stipend_vnd: Set(demo.stipend_vnd),
            status: Set(demo.status),
            partnership_id: Set(None),
            published_at: Set(demo.status.is_public().then_some(now)),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    for demo in NOMINATIONS {
        let decided = !matches!(demo.status, NominationStatus::Submitted);
        nomination::Entity::insert(nomination::ActiveModel {
            id: Set(Uuid::now_v7()),
            offer_id: Set(offer_ids[demo.offer]),
            nominating_organization_id: Set(demo_organization_id(demo.school)),
            student_ref: Set(demo.student_ref.to_owned()),
            grade: Set(demo.grade),
            note: Set(None),
            status: Set(demo.status),
            hours: Set(demo.hours),
            evaluation: Set(demo.evaluation.map(str::to_owned)),
            decided_at: Set(decided.then_some(now)),
            completed_at: Set(demo.hours.map(|_| now)),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(SeedReport::loaded([("offers", OFFERS.len()), ("nominations", NOMINATIONS.len())]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::validate;

    #[test]
    fn demo_offers_pass_the_rules_users_are_held_to() {
        let today = today();
        for demo in OFFERS {
            let (start, end, deadline) = demo.days;
            assert!(validate::dates(day(today, start), day(today, end), day(today, deadline)).is_ok());
            assert!(validate::title(demo.title).is_ok() && validate::sector(demo.sector).is_ok());
            assert!(validate::seats(demo.seats).is_ok() && !demo.levels.is_empty());
            let known = directory::demo_data::ORGANIZATIONS.iter().find(|o| o.key == demo.enterprise);
            assert!(
                known.is_some_and(|o| o.kind == directory::OrganizationKind::Enterprise),
                "{}",
                demo.enterprise
            );
            if demo.status == OfferStatus::Published {
                assert!(known.is_some_and(|o| o.verified) && deadline >= 0, "{}", demo.title);
            }
        }
    }

    #[test]
    fn demo_nominations_are_valid_and_fit_their_seats() {
        for demo in NOMINATIONS {
            assert!(validate::student_ref(demo.student_ref).is_ok(), "{}", demo.student_ref);
            let school = directory::demo_data::ORGANIZATIONS.iter().find(|o| o.key == demo.school);
            let kind = school.map(|o| o.kind);
            assert!(kind.is_some_and(|k| k.is_school()), "{}", demo.school);
            assert!(kind.is_some_and(|k| validate::grade(demo.grade, k).is_ok()), "{}", demo.student_ref);
            assert!(demo.offer < OFFERS.len() && OFFERS[demo.offer].status.is_public());
            let levels = OFFERS[demo.offer].levels;
            assert!(
                levels.iter().any(|level| level.admits_grade(demo.grade)),
                "{} is not eligible",
                demo.student_ref
            );
        }
    }
}
