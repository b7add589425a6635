//! Loads the Hải Phòng demo data set into an empty directory.
//!
//! Demo rows get deterministic ids (UUID v5 of their key), so `hub token --org thpt-tran-phu`,
//! the README and the tests can name them on any fresh database.

use chrono::{NaiveDate, Utc};
use hub_common::seed::{SeedReport, SeedSkipped};
use hub_common::text::fold_for_search;
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait, TransactionSession, TransactionTrait,
};
use uuid::Uuid;

use crate::demo_data::{AREAS, ORGANIZATIONS};
use crate::entity::{area, organization};

/// Namespace of the hub's deterministic demo ids.
const DEMO_NAMESPACE: Uuid = Uuid::from_u128(0x6a1e_2f4c_8d3b_4e7a_9c05_1b2d_3e4f_5a6b);

pub fn demo_area_id(code: &str) -> Uuid {
    Uuid::new_v5(&DEMO_NAMESPACE, format!("area/{code}").as_bytes())
}

pub fn demo_organization_id(key: &str) -> Uuid {
    Uuid::new_v5(&DEMO_NAMESPACE, format!("organization/{key}").as_bytes())
}

/// Whether the directory holds the demo organization `key`: the other modules' seeders load
/// their demo rows only into the demo directory.
pub async fn holds_demo_organization<C: ConnectionTrait>(db: &C, key: &str) -> anyhow::Result<bool> {
    Ok(organization::Entity::find_by_id(demo_organization_id(key)).one(db).await?.is_some())
}

fn parse_day(text: &str) -> anyhow::Result<NaiveDate> {
    Ok(NaiveDate::parse_from_str(text, "%Y-%m-%d")?)
}

/// Inserts the demo areas and organizations in one transaction, unless the directory already
/// holds organizations (so a real database is never mixed with demo rows).
pub async fn seed_demo<C: ConnectionTrait + TransactionTrait>(db: &C) -> anyhow::Result<SeedReport> {
    if organization::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::skipped(SeedSkipped::AlreadyPopulated));
    }
    let txn = db.begin().await?;
    for demo in AREAS {
        area::Entity::insert(area::ActiveModel {
            id: Set(demo_area_id(demo.code)),
            code: Set(demo.code.to_owned()),
            name: Set(demo.name.to_owned()),
            name_search: Set(fold_for_search(demo.name)),
            level: Set(demo.level),
            parent_id: Set(demo.parent.map(demo_area_id)),
            valid_from: Set(parse_day(demo.valid_from)?),
            valid_to: Set(demo.valid_to.map(parse_day).transpose()?),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    let now = Utc::now();
    for demo in ORGANIZATIONS {
        organization::Entity::insert(organization::ActiveModel {
            id: Set(demo_organization_id(demo.key)),
            kind: Set(demo.kind),
            name: Set(demo.name.to_owned()),
            name_search: Set(fold_for_search(demo.name)),
            area_id: Set(demo_area_id(demo.area)),
            address: Set(Some(demo.address.to_owned())),
            website: Set(None),
            tax_code: Set(demo.tax_code.map(str::to_owned)),
            industry_code: Set(demo.industry_code.map(str::to_owned)),
            verified: Set(demo.verified),
            verified_at: Set(demo.verified.then_some(now)),
            verified_by: Set(demo.verified.then(|| "demo-seed".to_owned())),
            department_remit: Set(demo.remit),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(SeedReport::loaded([("areas", AREAS.len()), ("organizations", ORGANIZATIONS.len())]))
}
