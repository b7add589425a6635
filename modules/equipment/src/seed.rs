//! Demo listings and requests on top of the directory's demo data set: a loan out and overdue
//! (partly returned), a loan returned in full, a donation handed over, approved requests waiting
//! for the hand-over and a pending one. Dates are counted from today. Seeded rows get no outbox
//! events: nothing was posted "now".

use chrono::{NaiveDate, TimeDelta, Utc};
use directory::seed::demo_organization_id;
use hub_common::seed::{SeedReport, SeedSkipped};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait,
};
use uuid::Uuid;

use crate::entity::{handover, listing, request, return_record};
use crate::kinds::{EquipmentCondition, ListingKind, ListingStatus, RequestStatus};
use crate::service::validate::today;

struct DemoListing {
    owner: &'static str,
    kind: ListingKind,
    name: &'static str,
    category: &'static str,
    description: &'static str,
    quantity: i32,
    condition: EquipmentCondition,
    unit_value_vnd: i64,
    requests: &'static [DemoRequest],
}

struct DemoRequest {
    requester: &'static str,
    quantity: i32,
    purpose: &'static str,
    status: RequestStatus,
    /// Days from today; loans only.
    return_by: Option<i64>,
    /// Days ago, with the quantity handed over.
    handed_over: Option<(i64, i32)>,
    /// Days ago and quantity of each return.
    returns: &'static [(i64, i32)],
}

const LISTINGS: &[DemoListing] = &[
    DemoListing {
        owner: "dn-co-khi-ben-binh",
        kind: ListingKind::Loan,
        name: "Máy tiện CNC mini để bàn",
        category: "Máy công cụ",
        description: "Máy tiện CNC cỡ nhỏ, có phần mềm mô phỏng; kèm hướng dẫn an toàn.",
        quantity: 4,
        condition: EquipmentCondition::Good,
        unit_value_vnd: 85_000_000,
        requests: &[DemoRequest {
            requester: "tt-gdnn-gdtx-an-lao",
            quantity: 2,
            purpose: "Thực hành tiện cơ bản cho lớp nghề cơ khí khóa 2025.",
            status: RequestStatus::HandedOver,
            return_by: Some(-10),
            handed_over: Some((70, 2)),
            returns: &[(15, 1)],
        }],
    },
    DemoListing {
        owner: "dn-o-to-phuong-vi",
        kind: ListingKind::Loan,
        name: "Động cơ ô tô cắt bổ phục vụ giảng dạy",
        category: "Ô tô",
        description: "Động cơ xăng 1.5L cắt bổ, đặt trên giá có bánh xe.",
        quantity: 2,
        condition: EquipmentCondition::Fair,
        unit_value_vnd: 150_000_000,
        requests: &[
            DemoRequest {
                requester: "cd-cong-nghiep-hp",
                quantity: 1,
                purpose: "Học phần bảo dưỡng động cơ, học kỳ I.",
                status: RequestStatus::Returned,
                return_by: Some(-20),
                handed_over: Some((110, 1)),
                returns: &[(25, 1)],
            },
            DemoRequest {
                requester: "tc-song-xanh",
                quantity: 1,
                purpose: "Buổi trải nghiệm nghề sửa chữa ô tô cho học sinh lớp 9.",
                status: RequestStatus::Approved,
                return_by: Some(60),
                handed_over: None,
                returns: &[],
            },
        ],
    },
    DemoListing {
        owner: "dn-dien-tu-trang-kenh",
        kind: ListingKind::Donation,
        name: "Bộ kit thực hành vi điều khiển",
        category: "Điện tử",
        description: "Bo mạch vi điều khiển, cảm biến và linh kiện cho 30 nhóm học sinh.",
        quantity: 30,
        condition: EquipmentCondition::New,
        unit_value_vnd: 1_200_000,
        requests: &[
            DemoRequest {
                requester: "thpt-ngo-quyen",
                quantity: 20,
                purpose: "Câu lạc bộ STEM và giờ hướng nghiệp ngành điện tử.",
                status: RequestStatus::HandedOver,
                return_by: None,
                handed_over: Some((30, 20)),
                returns: &[],
            },
            DemoRequest {
                requester: "thcs-to-hieu",
                quantity: 5,
                purpose: "Giờ trải nghiệm công nghệ cho học sinh lớp 8 và 9.",
                status: RequestStatus::Pending,
                return_by: None,
                handed_over: None,
                returns: &[],
            },
        ],
    },
    DemoListing {
        owner: "dn-logistics-bach-dang",
        kind: ListingKind::Donation,
        name: "Máy quét mã vạch cầm tay",
        category: "Thiết bị kho vận",
        description: "Máy quét đã qua sử dụng, còn tốt, kèm đế sạc.",
        quantity: 10,
        condition: EquipmentCondition::Good,
        unit_value_vnd: 3_500_000,
        requests: &[DemoRequest {
            requester: "thpt-tran-phu",
            quantity: 6,
            purpose: "Mô phỏng quy trình nhập xuất kho trong giờ hướng nghiệp.",
            status: RequestStatus::Approved,
            return_by: None,
            handed_over: None,
            returns: &[],
        }],
    },
];

fn day(today: NaiveDate, offset: i64) -> NaiveDate {
    today + TimeDelta::days(offset)
}

/// Inserts the demo listings and requests in one transaction, unless listings exist already
/// or the directory is not the demo one.
pub async fn seed_demo(db: &DatabaseConnection) -> anyhow::Result<SeedReport> {
    if listing::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::skipped(SeedSkipped::AlreadyPopulated));
    }
    if !directory::seed::holds_demo_organization(db, "dn-co-khi-ben-binh").await? {
        return Ok(SeedReport::skipped(SeedSkipped::NoDemoDirectory));
    }
    let today = today();
    let now = Utc::now();
    let txn = db.begin().await?;
    let mut requests = 0;
    for demo in LISTINGS {
        let listing_id = Uuid::now_v7();
        let rows: Vec<request::Model> =
            demo.requests.iter().map(|r| demo_request(r, listing_id, today, now)).collect();
        let promised: i32 = rows.iter().map(request::Model::promised).sum();
        listing::Entity::insert(listing::ActiveModel {
            id: Set(listing_id),
            owner_id: Set(demo_organization_id(demo.owner)),
            kind: Set(demo.kind),
            name: Set(demo.name.to_owned()),
            name_search: Set(hub_common::text::fold_for_search(demo.name)),
            category: Set(demo.category.to_owned()),
            description: Set(Some(demo.description.to_owned())),
            quantity: Set(demo.quantity),
            promised: Set(promised),
            condition: Set(demo.condition),
            unit_value_vnd: Set(demo.unit_value_vnd),
            available_from: Set(day(today, -120)),
            available_until: Set(Some(day(today, 240))),
            photo_urls: Set("[]".to_owned()),
            status: Set(ListingStatus::Available),
            partnership_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        for (row, demo_request) in rows.into_iter().zip(demo.requests) {
            let request_id = row.id;
            request::Entity::insert(<request::ActiveModel as From<request::Model>>::from(row).reset_all())
                .exec_without_returning(&txn)
                .await?;
            requests += 1;
            if let Some((days_ago, quantity)) = demo_request.handed_over {
                handover::Entity::insert(handover::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    request_id: Set(request_id),
                    quantity: Set(quantity),
                    handed_over_on: Set(day(today, -days_ago)),
                    handed_over_by: Set("Phòng Hành chính – đại diện doanh nghiệp".to_owned()),
                    received_by: Set("Phó hiệu trưởng phụ trách cơ sở vật chất".to_owned()),
                    condition: Set(demo.condition),
                    notes: Set(None),
                    corrects_id: Set(None),
                    recorded_by: Set("demo".to_owned()),
                    recorded_at: Set(now),
                })
                .exec_without_returning(&txn)
                .await?;
            }
            for (days_ago, quantity) in demo_request.returns {
                return_record::Entity::insert(return_record::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    request_id: Set(request_id),
                    quantity: Set(*quantity),
                    returned_on: Set(day(today, -days_ago)),
                    received_by: Set("Thủ kho của doanh nghiệp".to_owned()),
                    condition: Set(demo.condition),
                    notes: Set(None),
                    recorded_by: Set("demo".to_owned()),
                    recorded_at: Set(now),
                })
                .exec_without_returning(&txn)
                .await?;
            }
        }
    }
    txn.commit().await?;
    Ok(SeedReport::loaded([("listings", LISTINGS.len()), ("requests", requests)]))
}

fn demo_request(
    demo: &DemoRequest,
    listing_id: Uuid,
    today: NaiveDate,
    now: chrono::DateTime<Utc>,
) -> request::Model {
    let handed = demo.handed_over.map_or(0, |(_, quantity)| quantity);
    let decided = !matches!(demo.status, RequestStatus::Pending);
    request::Model {
        id: Uuid::now_v7(),
        listing_id,
        requester_id: demo_organization_id(demo.requester),
        quantity: demo.quantity,
        purpose: demo.purpose.to_owned(),
        return_by: demo.return_by.map(|offset| day(today, offset)),
        status: demo.status,
        decision_note: None,
        decided_at: decided.then_some(now),
        handed_over_quantity: handed,
        returned_quantity: demo.returns.iter().map(|(_, quantity)| quantity).sum(),
        created_at: now,
        updated_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::validate;

    fn kind_of(key: &str) -> Option<directory::OrganizationKind> {
        directory::demo_data::ORGANIZATIONS.iter().find(|o| o.key == key).map(|o| o.kind)
    }

    #[test]
    fn demo_listings_follow_the_rules() {
        let today = today();
        for demo in LISTINGS {
            assert!(kind_of(demo.owner).is_some_and(|k| k.is_business()), "{}", demo.name);
            assert!(validate::name(demo.name).is_ok() && validate::quantity(demo.quantity).is_ok());
            let rows: Vec<_> =
                demo.requests.iter().map(|r| demo_request(r, Uuid::nil(), today, Utc::now())).collect();
            assert!(rows.iter().map(request::Model::promised).sum::<i32>() <= demo.quantity, "{}", demo.name);
            for (row, r) in rows.iter().zip(demo.requests) {
                assert!(kind_of(r.requester).is_some_and(|k| k.is_school()), "{}", r.requester);
                assert_eq!(row.is_loan(), demo.kind == ListingKind::Loan, "{}", r.purpose);
                assert!(
                    row.returned_quantity <= row.handed_over_quantity
                        && row.handed_over_quantity <= row.quantity
                );
                let back = row.handed_over_quantity > 0 && row.returned_quantity == row.handed_over_quantity;
                assert_eq!(row.status == RequestStatus::Returned, back, "{}", r.purpose);
            }
        }
    }
}
