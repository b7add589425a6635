//! What owners gave: the read other modules use (through gateway bridges) to count equipment
//! donated and lent, per owner, over a range of Hải Phòng calendar days.

use hub_common::msg;
use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use hub_common::{HubError, HubResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::Equipment;
use crate::entity::{handover, listing, request};
use crate::kinds::ListingKind;

pub use hub_common::activity::EquipmentGiven;

impl Equipment {
    /// Per listing owner, the hand-overs whose hand-over day is in `[from, to]`. Only records
    /// that stand count: a corrected record gives way to its correction (with the correction's
    /// day and quantity). A loan counts when it is handed over, whether or not it has come back.
    /// Owners are in id order.
    pub async fn handed_over_by_owner(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> HubResult<Vec<EquipmentGiven>> {
        let mut by_owner: BTreeMap<Uuid, EquipmentGiven> = BTreeMap::new();
        for (units, row) in self.standing_handovers(from, to).await? {
            let value = units.saturating_mul(row.unit_value_vnd);
            let given = by_owner
                .entry(row.owner_id)
                .or_insert_with(|| EquipmentGiven { owner: row.owner_id, ..Default::default() });
            match row.kind {
                ListingKind::Donation => {
                    given.donations += units;
                    given.donated_value_vnd = given.donated_value_vnd.saturating_add(value);
                }
                ListingKind::Loan => {
                    given.loans += units;
                    given.lent_value_vnd = given.lent_value_vnd.saturating_add(value);
                }
            }
        }
        Ok(by_owner.into_values().collect())
    }

    /// The units of each standing hand-over dated in `[from, to]`, with its listing.
    async fn standing_handovers(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> HubResult<Vec<(i64, listing::Model)>> {
        if to < from {
            return Err(HubError::bad_input("to", msg!("end-period-before-start")));
        }
        let in_period = handover::Entity::find()
            .filter(handover::Column::HandedOverOn.between(from, to))
            .all(&self.db)
            .await?;
        if in_period.is_empty() {
            return Ok(Vec::new());
        }
        let corrected: HashSet<Uuid> = handover::Entity::find()
            .filter(handover::Column::CorrectsId.is_in(in_period.iter().map(|h| h.id)))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|h| h.corrects_id)
            .collect();
        let standing: Vec<handover::Model> =
            in_period.into_iter().filter(|h| !corrected.contains(&h.id)).collect();
        let requests = request::Entity::find()
            .filter(request::Column::Id.is_in(standing.iter().map(|h| h.request_id)))
            .all(&self.db)
            .await?;
        let listings =
            self.listings_by_ids(&requests.iter().map(|r| r.listing_id).collect::<Vec<_>>()).await?;
        let listing_of: std::collections::HashMap<Uuid, &listing::Model> =
            requests.iter().filter_map(|r| listings.get(&r.listing_id).map(|l| (r.id, l))).collect();
        standing
            .into_iter()
            .map(|record| match listing_of.get(&record.request_id) {
                Some(row) => Ok((i64::from(record.quantity), (*row).clone())),
                None => Err(HubError::Unexpected(anyhow::anyhow!("hand-over {} has no listing", record.id))),
            })
            .collect()
    }

    /// The estimated value of what was donated and lent in `year` from listings naming
    /// `partnership`, by hand-over day: what a partnership's `EQUIPMENT_VALUE_VND` commitment
    /// counts as delivered.
    pub async fn value_handed_over(&self, partnership: Uuid, year: i32) -> HubResult<i64> {
        self.value_in_year(year, |row| row.partnership_id == Some(partnership)).await
    }

    /// The same for the listings of `owners` that name no partnership: a partnership's
    /// unattributed figure.
    pub async fn value_unattributed(&self, owners: &[Uuid], year: i32) -> HubResult<i64> {
        self.value_in_year(year, |row| row.partnership_id.is_none() && owners.contains(&row.owner_id)).await
    }

    async fn value_in_year(&self, year: i32, counts: impl Fn(&listing::Model) -> bool) -> HubResult<i64> {
        let (Some(first), Some(last)) =
            (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            return Err(HubError::bad_input("year", msg!("year-out-range")));
        };
        Ok(self
            .standing_handovers(first, last)
            .await?
            .into_iter()
            .filter(|(_, row)| counts(row))
            .fold(0_i64, |sum, (units, row)| sum.saturating_add(units.saturating_mul(row.unit_value_vnd))))
    }
}
