//! Commitment tracking: what a partnership promised for a year against what was delivered.
//!
//! Engagements are this module's own rows. Internship seats belong to the internships module
//! and equipment to the equipment module, which this crate may not depend on (modules depend
//! only on `directory` and `hub-common`), so the module states what it needs as the
//! [`InternshipSeats`] and [`EquipmentDelivered`] traits and the gateway, which knows every
//! module, supplies implementations backed by those modules' services.

use hub_common::HubResult;
use uuid::Uuid;

use super::Partnerships;
use crate::entity::{commitment, partnership};
use crate::kinds::{CommitmentKind, EngagementKind};

/// Internship seats enterprises offered in a year, as the internships module counts them.
#[async_trait::async_trait]
pub trait InternshipSeats: Send + Sync {
    /// Seats of the published or closed offers of `enterprises` that start in `year`.
    async fn seats_offered(&self, enterprises: &[Uuid], year: i32) -> HubResult<i64>;
}

/// Equipment enterprises handed over in a year, as the equipment module records it.
#[async_trait::async_trait]
pub trait EquipmentDelivered: Send + Sync {
    /// The estimated value in VND of the equipment `owners` donated or lent, counted by the
    /// hand-over records dated in `year` (Hải Phòng calendar days).
    async fn value_handed_over(&self, owners: &[Uuid], year: i32) -> HubResult<i64>;
}

/// One commitment's promise and delivery for one year.
#[derive(Debug, Clone)]
pub struct CommitmentProgress {
    pub commitment: commitment::Model,
    pub year: i32,
    pub promised: i64,
    /// `None` when nothing in the hub measures this kind of commitment yet.
    pub delivered: Option<i64>,
    /// Where `delivered` comes from, `None` together with it.
    pub tracked_by: Option<&'static str>,
}

impl Partnerships {
    /// Progress of each of the partnership's commitments in `year`. The caller has already
    /// decided that the partnership is visible.
    pub async fn commitment_progress(
        &self,
        row: &partnership::Model,
        commitments: Vec<commitment::Model>,
        year: i32,
    ) -> HubResult<Vec<CommitmentProgress>> {
        super::engagements::year_bounds(year)?;
        let mut progress = Vec::with_capacity(commitments.len());
        for commitment in commitments {
            let (delivered, tracked_by) = match commitment.kind {
                CommitmentKind::Engagements => {
                    (Some(self.engagements_in_year(row.id, year, None).await?), Some("ENGAGEMENTS"))
                }
                CommitmentKind::CareerTalks => (
                    Some(self.engagements_in_year(row.id, year, Some(EngagementKind::GuestTalk)).await?),
                    Some("ENGAGEMENTS"),
                ),
                CommitmentKind::InternshipSeats => {
                    let businesses = self.business_parties(row.id).await?;
                    (Some(self.seats.seats_offered(&businesses, year).await?), Some("INTERNSHIPS"))
                }
                CommitmentKind::EquipmentValueVnd => {
                    let businesses = self.business_parties(row.id).await?;
                    (Some(self.equipment.value_handed_over(&businesses, year).await?), Some("EQUIPMENT"))
                }
                CommitmentKind::Other => (None, None),
            };
            progress.push(CommitmentProgress {
                promised: commitment.per_year,
                commitment,
                year,
                delivered,
                tracked_by,
            });
        }
        Ok(progress)
    }

    /// The enterprises and associations among a partnership's parties.
    async fn business_parties(&self, id: Uuid) -> HubResult<Vec<Uuid>> {
        let parties = self.parties_of(&[id]).await?.remove(&id).unwrap_or_default();
        let ids: Vec<Uuid> = parties.iter().map(|p| p.organization_id).collect();
        let organizations = self.directory.organizations_by_ids(&ids).await?;
        Ok(ids
            .into_iter()
            .filter(|id| organizations.get(id).is_some_and(|org| org.kind.is_business()))
            .collect())
    }
}
