//! Demo facilities at the demo colleges and centre, with bookings by demo schools: past and
//! coming sessions, one waiting for approval, one cancelled, and a weekly series. One workshop
//! closes for lunch, and every workshop closes for the next Tết Nguyên Đán. Dates are counted
//! from today (a session that would fall on a Sunday, when the workshops are closed, moves to
//! the Monday). Seeded rows get no outbox events: nothing happened "now".

use chrono::{Datelike, NaiveDate, TimeDelta, Utc, Weekday as ChronoWeekday};
use directory::seed::demo_organization_id;
use hub_common::seed::{SeedReport, SeedSkipped};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};
use uuid::Uuid;

use crate::entity::{booking, closure, facility, opening_hours, opening_span};
use crate::kinds::BookingStatus;
use hub_common::time::{self, TIME_ZONE};

struct DemoFacility {
    owner: &'static str,
    name: &'static str,
    trade: &'static str,
    capacity: i32,
    approval_required: bool,
    /// Local opening and closing minutes of each span, Monday to Saturday.
    hours: &'static [(i32, i32)],
    equipment: &'static [&'static str],
}

struct DemoBooking {
    /// Index into `FACILITIES`.
    facility: usize,
    organization: &'static str,
    days_from_today: i64,
    /// Local start and end minute.
    time: (i32, i32),
    participants: i32,
    purpose: &'static str,
    status: BookingStatus,
    /// Further weekly sessions after the first.
    weekly_repeats: i64,
}

const FACILITIES: &[DemoFacility] = &[
    DemoFacility {
        owner: "cd-cong-nghiep-hp",
        name: "Xưởng thực hành Điện công nghiệp",
        trade: "Điện công nghiệp",
        capacity: 30,
        approval_required: true,
        hours: &[(7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60)],
        equipment: &["15 bàn thực hành lắp đặt điện", "Tủ điều khiển PLC S7-1200", "Đồng hồ vạn năng"],
    },
    DemoFacility {
        owner: "cd-hang-hai-1",
        name: "Phòng mô phỏng buồng lái tàu",
        trade: "Điều khiển tàu biển",
        capacity: 20,
        approval_required: true,
        hours: &[(8 * 60, 16 * 60 + 30)],
        equipment: &["Hệ thống mô phỏng buồng lái 270 độ", "Radar ARPA", "Hải đồ điện tử ECDIS"],
    },
    DemoFacility {
        owner: "cd-bach-nghe-hp",
        name: "Xưởng Cơ khí chế tạo",
        trade: "Cắt gọt kim loại",
        capacity: 25,
        approval_required: false,
        hours: &[(7 * 60, 17 * 60)],
        equipment: &["8 máy tiện vạn năng", "2 máy phay CNC", "Khu hàn hồ quang"],
    },
    DemoFacility {
        owner: "tt-gdnn-gdtx-an-lao",
        name: "Xưởng May công nghiệp",
        trade: "May thời trang",
        capacity: 35,
        approval_required: false,
        hours: &[(7 * 60 + 30, 16 * 60 + 30)],
        equipment: &["30 máy may công nghiệp", "Máy vắt sổ", "Bàn cắt vải"],
    },
];

const BOOKINGS: &[DemoBooking] = &[
    DemoBooking {
        facility: 0,
        organization: "thpt-tran-phu",
        days_from_today: -14,
        time: (8 * 60, 10 * 60),
        participants: 28,
        purpose: "Trải nghiệm lắp mạch điện dân dụng cho học sinh lớp 10.",
        status: BookingStatus::Confirmed,
        weekly_repeats: 0,
    },
    DemoBooking {
        facility: 0,
        organization: "thcs-chu-van-an",
        days_from_today: 3,
        time: (8 * 60, 10 * 60 + 30),
        participants: 30,
        purpose: "Học sinh lớp 9 tìm hiểu nghề điện trước khi phân luồng.",
        status: BookingStatus::Confirmed,
        weekly_repeats: 3,
    },
    DemoBooking {
        facility: 0,
        organization: "thcs-to-hieu",
        days_from_today: 5,
        time: (13 * 60 + 30, 15 * 60 + 30),
        participants: 25,
        purpose: "Buổi hướng nghiệp thực hành nghề điện.",
        status: BookingStatus::Pending,
        weekly_repeats: 0,
    },
    DemoBooking {
        facility: 1,
        organization: "thpt-ngo-quyen",
        days_from_today: 7,
        time: (9 * 60, 11 * 60),
        participants: 18,
        purpose: "Trải nghiệm mô phỏng lái tàu cho câu lạc bộ hướng nghiệp hàng hải.",
        status: BookingStatus::Confirmed,
        weekly_repeats: 0,
    },
    DemoBooking {
        facility: 2,
        organization: "thcs-hong-bang",
        days_from_today: 2,
        time: (14 * 60, 16 * 60),
        participants: 24,
        purpose: "Thực hành tiện cơ bản cho học sinh lớp 9.",
        status: BookingStatus::Cancelled,
        weekly_repeats: 0,
    },
    DemoBooking {
        facility: 3,
        organization: "thpt-an-lao",
        days_from_today: 4,
        time: (7 * 60 + 30, 11 * 60),
        participants: 32,
        purpose: "Trải nghiệm nghề may cho học sinh lớp 11.",
        status: BookingStatus::Confirmed,
        weekly_repeats: 0,
    },
];

/// The first day of Tết Nguyên Đán (mùng 1 tháng Giêng) in the coming years.
const TET: &[(i32, u32, u32)] =
    &[(2026, 2, 17), (2027, 2, 6), (2028, 1, 26), (2029, 2, 13), (2030, 2, 3), (2031, 1, 23), (2032, 2, 11)];

/// The workshops' Tết closure: from the day before mùng 1 to mùng 5, for the first Tết that
/// begins after every demo session (the latest is a few weeks from today).
fn tet_closure(today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    TET.iter()
        .filter_map(|(y, m, d)| NaiveDate::from_ymd_opt(*y, *m, *d))
        .map(|day| (day - TimeDelta::days(1), day + TimeDelta::days(4)))
        .find(|(first, _)| *first > today + TimeDelta::days(40))
}

/// The demo day `offset` days from today, moved to Monday when it is a Sunday.
fn session_day(today: NaiveDate, offset: i64) -> NaiveDate {
    let day = today + TimeDelta::days(offset);
    if day.weekday() == ChronoWeekday::Sun { day + TimeDelta::days(1) } else { day }
}

/// Inserts the demo facilities and bookings in one transaction, unless facilities exist
/// already or the directory is not the demo one.
pub async fn seed_demo(db: &DatabaseConnection) -> anyhow::Result<SeedReport> {
    if facility::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::skipped(SeedSkipped::AlreadyPopulated));
    }
    if !directory::seed::holds_demo_organization(db, "cd-cong-nghiep-hp").await? {
        return Ok(SeedReport::skipped(SeedSkipped::NoDemoDirectory));
    }
    let today = hub_common::time::today();
    let now = Utc::now();
    let txn = db.begin().await?;
    let mut ids = Vec::with_capacity(FACILITIES.len());
    for demo in FACILITIES {
        let id = Uuid::now_v7();
        ids.push(id);
        facility::Entity::insert(facility::ActiveModel {
            id: Set(id),
            owner_id: Set(demo_organization_id(demo.owner)),
            name: Set(demo.name.to_owned()),
            trade: Set(demo.trade.to_owned()),
            capacity: Set(demo.capacity),
            time_zone: Set(TIME_ZONE.to_owned()),
            approval_required: Set(demo.approval_required),
            equipment: Set(serde_json::to_string(demo.equipment)?),
            withdrawn_at: Set(None),
            withdrawal_reason: Set(None),
            min_notice_hours: Set(0),
            max_advance_days: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let spans = (1..=6).flat_map(|weekday| demo.hours.iter().map(move |span| (weekday, *span)));
        opening_span::Entity::insert_many(spans.map(|(weekday, (opens, closes))| {
            opening_span::ActiveModel {
                facility_id: Set(id),
                weekday: Set(weekday),
                opens_minute: Set(opens),
                closes_minute: Set(closes),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
        // The previous release's table: each weekday's first span (see `replace_hours`).
        if let Some((opens, closes)) = demo.hours.first() {
            opening_hours::Entity::insert_many((1..=6).map(|weekday| opening_hours::ActiveModel {
                facility_id: Set(id),
                weekday: Set(weekday),
                opens_minute: Set(*opens),
                closes_minute: Set(*closes),
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        if let Some((first, last)) = tet_closure(today) {
            closure::Entity::insert(closure::ActiveModel {
                id: Set(Uuid::now_v7()),
                facility_id: Set(id),
                first_day: Set(first),
                last_day: Set(last),
                reason: Set("Tết Nguyên Đán".to_owned()),
                created_by: Set("demo".to_owned()),
                created_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
        }
    }
    let mut count = 0;
    for demo in BOOKINGS {
        let series = (demo.weekly_repeats > 0).then(Uuid::now_v7);
        for week in 0..=demo.weekly_repeats {
            let day = session_day(today, demo.days_from_today) + TimeDelta::weeks(week);
            let decided =
                demo.status != BookingStatus::Pending && FACILITIES[demo.facility].approval_required;
            booking::Entity::insert(booking::ActiveModel {
                id: Set(Uuid::now_v7()),
                facility_id: Set(ids[demo.facility]),
                organization_id: Set(demo_organization_id(demo.organization)),
                starts_at: Set(time::at_minute(day, demo.time.0)),
                ends_at: Set(time::at_minute(day, demo.time.1)),
                participants: Set(demo.participants),
                purpose: Set(demo.purpose.to_owned()),
                status: Set(demo.status),
                series_id: Set(series),
                revision: Set(i32::from(decided)),
                booked_by: Set("demo".to_owned()),
                decided_by: Set(decided.then(|| "demo".to_owned())),
                decided_at: Set(decided.then_some(now)),
                decision_note: Set(None),
                cancelled_at: Set((demo.status == BookingStatus::Cancelled).then_some(now)),
                cancellation_reason: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
            count += 1;
        }
    }
    txn.commit().await?;
    Ok(SeedReport::loaded([("facilities", FACILITIES.len()), ("bookings", count)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::validate;

    fn kind_of(key: &str) -> Option<directory::OrganizationKind> {
        directory::demo_data::ORGANIZATIONS.iter().find(|o| o.key == key).map(|o| o.kind)
    }

    #[test]
    fn demo_facilities_and_bookings_follow_the_rules() {
        use directory::OrganizationKind::*;
        for demo in FACILITIES {
            assert!(
                matches!(kind_of(demo.owner), Some(College | VocationalCentre | IntermediateSchool)),
                "{}",
                demo.owner
            );
            assert!(validate::name(demo.name).is_ok() && validate::trade(demo.trade).is_ok());
            assert!(demo.hours.windows(2).all(|pair| pair[0].1 <= pair[1].0));
            assert!(demo.hours.iter().all(|(opens, closes)| opens < closes));
        }
        for demo in BOOKINGS {
            let facility = &FACILITIES[demo.facility];
            assert!(kind_of(demo.organization).is_some_and(|k| k.is_school()), "{}", demo.organization);
            assert!(demo.participants <= facility.capacity, "{}", demo.purpose);
            assert!(
                facility.hours.iter().any(|(opens, closes)| demo.time.0 >= *opens && demo.time.1 <= *closes),
                "{}",
                demo.purpose
            );
            assert!(demo.status != BookingStatus::Pending || facility.approval_required);
        }
    }

    #[test]
    fn the_tet_closure_falls_after_every_demo_session() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
        assert_eq!(
            tet_closure(today),
            Some((
                NaiveDate::from_ymd_opt(2027, 2, 5).unwrap_or_default(),
                NaiveDate::from_ymd_opt(2027, 2, 10).unwrap_or_default()
            ))
        );
        // In January the coming Tết is too close to the demo sessions; the next one is used.
        let january = NaiveDate::from_ymd_opt(2027, 1, 10).unwrap_or_default();
        assert_eq!(tet_closure(january).map(|(first, _)| first.year()), Some(2028));
        let latest = BOOKINGS.iter().map(|b| b.days_from_today + 7 * b.weekly_repeats + 1).max().unwrap_or(0);
        assert!(latest < 40);
    }

    #[test]
    fn sessions_never_fall_on_a_sunday() {
        let start = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(); // a Sunday
        for offset in 0..14 {
            assert_ne!(session_day(start, offset).weekday(), ChronoWeekday::Sun);
        }
    }
}
