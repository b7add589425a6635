//! Commitment tracking: what a partnership promised for a year against what was delivered.
//!
//! Delivery counts what names the partnership: offers, equipment listings and engagements
//! carry an optional `partnershipId`, which only an active party may set. What the parties did
//! naming no partnership is reported apart as `unattributed`, so an enterprise with two
//! partnerships does not see the same seats credited to both.
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

/// Internship seats offered in a year, as the internships module counts them.
#[async_trait::async_trait]
pub trait InternshipSeats: Send + Sync {
    /// Seats of the published or closed offers naming `partnership` that start in `year`.
    async fn seats_offered(&self, partnership: Uuid, year: i32) -> HubResult<i64>;

    /// Seats of the published or closed offers of `enterprises` that start in `year` and name
    /// no partnership.
    async fn seats_unattributed(&self, enterprises: &[Uuid], year: i32) -> HubResult<i64>;
}

/// Equipment handed over in a year, as the equipment module records it.
#[async_trait::async_trait]
pub trait EquipmentDelivered: Send + Sync {
    /// The estimated value in VND of the equipment of listings naming `partnership`, donated
    /// or lent, counted by the hand-over records dated in `year` (Hải Phòng calendar days).
    async fn value_handed_over(&self, partnership: Uuid, year: i32) -> HubResult<i64>;

    /// The same for the listings of `owners` that name no partnership.
    async fn value_unattributed(&self, owners: &[Uuid], year: i32) -> HubResult<i64>;
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
    /// What the partnership's parties did in the year naming no partnership (offers, listings
    /// or engagements recorded without one): shown beside `delivered`, never added to it, so
    /// one enterprise's seats are not credited to each of its partnerships. `None` together
    /// with `delivered`.
    pub unattributed: Option<i64>,
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
        let parties = self.party_ids(row.id).await?;
        let mut progress = Vec::with_capacity(commitments.len());
        for commitment in commitments {
            let (delivered, unattributed, tracked_by) = match commitment.kind {
                CommitmentKind::Engagements => (
                    Some(self.engagements_in_year(row.id, year, None).await?),
                    Some(self.unattributed_engagements(&parties, year, None).await?),
                    Some("ENGAGEMENTS"),
                ),
                CommitmentKind::CareerTalks => {
                    let kind = Some(EngagementKind::GuestTalk);
                    (
                        Some(self.engagements_in_year(row.id, year, kind).await?),
                        Some(self.unattributed_engagements(&parties, year, kind).await?),
                        Some("ENGAGEMENTS"),
                    )
                }
                CommitmentKind::InternshipSeats => (
                    Some(self.seats.seats_offered(row.id, year).await?),
                    Some(self.seats.seats_unattributed(&parties, year).await?),
                    Some("INTERNSHIPS"),
                ),
                CommitmentKind::EquipmentValueVnd => (
                    Some(self.equipment.value_handed_over(row.id, year).await?),
                    Some(self.equipment.value_unattributed(&parties, year).await?),
                    Some("EQUIPMENT"),
                ),
                CommitmentKind::Other => (None, None, None),
            };
            progress.push(CommitmentProgress {
                promised: commitment.per_year,
                commitment,
                year,
                delivered,
                tracked_by,
                unattributed,
            });
        }
        Ok(progress)
    }

    /// Every party of a partnership, accepted or not.
    async fn party_ids(&self, id: Uuid) -> HubResult<Vec<Uuid>> {
        let parties = self.parties_of(&[id]).await?.remove(&id).unwrap_or_default();
        Ok(parties.iter().map(|p| p.organization_id).collect())
    }
}
