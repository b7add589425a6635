//! The module's GraphQL object types. Rows fetched together share their references, so a
//! page's parties, commitments and organizations load in a fixed number of statements.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use directory::{Organization, OrganizationRefs};
use hub_common::batch::SiblingRefs;
use hub_common::ids::to_id;
use hub_common::principal::caller;
use hub_common::scalars::{Date, Vnd};
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::entity::{commitment, engagement, engagement_reach, partnership, party};
use crate::kinds::{CommitmentKind, EngagementKind, PartnershipKind, PartnershipStatus};
use crate::service::validate::today;
use crate::service::{CommitmentProgress, Partnerships};

/// What a page of partnerships refers to, loaded once for the whole page.
struct PartnershipRefs {
    ids: Vec<Uuid>,
    parties: OnceCell<HashMap<Uuid, Vec<party::Model>>>,
    commitments: OnceCell<HashMap<Uuid, Vec<commitment::Model>>>,
    /// Every party, proposer and terminating organization of the page.
    organizations: OnceCell<OrganizationRefs>,
    renewed_from: SiblingRefs<partnership::Model>,
    fixed_organizations: Vec<Uuid>,
}

/// An agreement between enterprises and schools, colleges or centres.
#[derive(Clone)]
pub struct Partnership {
    pub model: partnership::Model,
    refs: Arc<PartnershipRefs>,
}

impl Partnership {
    /// Wraps partnerships fetched together, so their references load together.
    pub fn siblings(models: Vec<partnership::Model>) -> Vec<Self> {
        let refs = Arc::new(PartnershipRefs {
            ids: models.iter().map(|m| m.id).collect(),
            parties: OnceCell::new(),
            commitments: OnceCell::new(),
            organizations: OnceCell::new(),
            renewed_from: SiblingRefs::new(models.iter().filter_map(|m| m.renewed_from_id)),
            fixed_organizations: models
                .iter()
                .flat_map(|m| std::iter::once(m.proposed_by).chain(m.terminated_by))
                .collect(),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: partnership::Model) -> Self {
        let mut one = Self::siblings(vec![model]);
        // `siblings` returns one wrapper per model, so this cannot be empty.
        one.swap_remove(0)
    }

    async fn party_rows(&self, ctx: &Context<'_>) -> Result<Vec<party::Model>> {
        let all = self
            .refs
            .parties
            .get_or_try_init(|| async {
                ctx.data::<Partnerships>()?
                    .parties_of(&self.refs.ids)
                    .await
                    .map_err(async_graphql::Error::from)
            })
            .await?;
        Ok(all.get(&self.model.id).cloned().unwrap_or_default())
    }

    async fn commitment_rows(&self, ctx: &Context<'_>) -> Result<Vec<commitment::Model>> {
        let all = self
            .refs
            .commitments
            .get_or_try_init(|| async {
                ctx.data::<Partnerships>()?
                    .commitments_of(&self.refs.ids)
                    .await
                    .map_err(async_graphql::Error::from)
            })
            .await?;
        Ok(all.get(&self.model.id).cloned().unwrap_or_default())
    }

    async fn organization(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<Organization>> {
        let refs = self
            .refs
            .organizations
            .get_or_try_init(|| async {
                let all = match self.refs.parties.get() {
                    Some(all) => all,
                    None => {
                        self.party_rows(ctx).await?;
                        self.refs
                            .parties
                            .get()
                            .ok_or_else(|| async_graphql::Error::new("parties not loaded"))?
                    }
                };
                let ids = all
                    .values()
                    .flatten()
                    .map(|p| p.organization_id)
                    .chain(self.refs.fixed_organizations.iter().copied());
                Ok::<_, async_graphql::Error>(OrganizationRefs::new(ids.collect::<Vec<_>>()))
            })
            .await?;
        refs.get(ctx, id).await
    }
}

#[Object]
impl Partnership {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn kind(&self) -> PartnershipKind {
        self.model.kind
    }

    async fn title(&self) -> &str {
        &self.model.title
    }

    async fn summary(&self) -> Option<&str> {
        self.model.summary.as_deref()
    }

    /// The day the agreement was signed, when it has been.
    async fn signed_on(&self) -> Option<Date> {
        self.model.signed_on.map(Date)
    }

    async fn valid_from(&self) -> Date {
        Date(self.model.valid_from)
    }

    /// The last day the partnership is in force; the day after, it reads `EXPIRED`.
    async fn valid_to(&self) -> Date {
        Date(self.model.valid_to)
    }

    /// As of today in Hải Phòng: an active partnership whose period has ended is `EXPIRED`.
    async fn status(&self) -> PartnershipStatus {
        self.model.effective_status(today())
    }

    /// Where the signed document is kept.
    async fn document_url(&self) -> Option<&str> {
        self.model.document_url.as_deref()
    }

    /// SHA-256 of the signed document (lower-case hex), to check a copy against.
    async fn document_sha256(&self) -> Option<&str> {
        self.model.document_sha256.as_deref()
    }

    /// Every party with the moment it accepted; the proposer first.
    async fn parties(&self, ctx: &Context<'_>) -> Result<Vec<PartnershipParty>> {
        let rows = self.party_rows(ctx).await?;
        Ok(rows.into_iter().map(|row| PartnershipParty { row, owner: self.clone() }).collect())
    }

    async fn proposed_by(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        self.organization(ctx, self.model.proposed_by).await
    }

    async fn commitments(&self, ctx: &Context<'_>) -> Result<Vec<Commitment>> {
        Ok(self.commitment_rows(ctx).await?.into_iter().map(Commitment).collect())
    }

    /// For each commitment, what was promised for `year` and what was delivered.
    async fn commitment_progress(&self, ctx: &Context<'_>, year: i32) -> Result<Vec<CommitmentProgressItem>> {
        let commitments = self.commitment_rows(ctx).await?;
        let progress =
            ctx.data::<Partnerships>()?.commitment_progress(&self.model, commitments, year).await?;
        Ok(progress.into_iter().map(CommitmentProgressItem).collect())
    }

    /// The partnership this one renews, when the caller may see it.
    async fn renewed_from(&self, ctx: &Context<'_>) -> Result<Option<Partnership>> {
        visible_partnership(ctx, &self.refs.renewed_from, self.model.renewed_from_id).await
    }

    async fn activated_at(&self) -> Option<DateTime<Utc>> {
        self.model.activated_at
    }

    async fn terminated_at(&self) -> Option<DateTime<Utc>> {
        self.model.terminated_at
    }

    async fn terminated_by(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        match self.model.terminated_by {
            Some(id) => self.organization(ctx, id).await,
            None => Ok(None),
        }
    }

    async fn termination_reason(&self) -> Option<&str> {
        self.model.termination_reason.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
}

/// One organization's place in a partnership.
pub struct PartnershipParty {
    row: party::Model,
    owner: Partnership,
}

#[Object]
impl PartnershipParty {
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        self.owner.organization(ctx, self.row.organization_id).await
    }

    /// When the party's administrator accepted; null while it has not.
    async fn accepted_at(&self) -> Option<DateTime<Utc>> {
        self.row.accepted_at
    }

    async fn is_proposer(&self) -> bool {
        self.row.organization_id == self.owner.model.proposed_by
    }
}

/// A yearly promise.
pub struct Commitment(commitment::Model);

#[Object]
impl Commitment {
    async fn kind(&self) -> CommitmentKind {
        self.0.kind
    }

    /// How many a year (seats, talks, engagements); null for equipment value.
    async fn per_year(&self) -> Option<i32> {
        (self.0.kind != CommitmentKind::EquipmentValueVnd)
            .then(|| i32::try_from(self.0.per_year).unwrap_or(i32::MAX))
    }

    /// Equipment value a year in VND; null for the other kinds.
    async fn value_vnd_per_year(&self) -> Option<Vnd> {
        (self.0.kind == CommitmentKind::EquipmentValueVnd).then_some(Vnd(self.0.per_year))
    }

    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
}

/// A commitment's promise and delivery for one year.
pub struct CommitmentProgressItem(CommitmentProgress);

#[Object]
impl CommitmentProgressItem {
    async fn commitment(&self) -> Commitment {
        Commitment(self.0.commitment.clone())
    }

    async fn year(&self) -> i32 {
        self.0.year
    }

    /// What was promised for the year (VND for equipment value).
    async fn promised(&self) -> Vnd {
        Vnd(self.0.promised)
    }

    /// What was delivered in the year for this partnership; null when the hub does not track
    /// this kind (`OTHER`), never a made-up zero. Only what names the partnership counts:
    /// offers and equipment listings with its `partnershipId` (seats of offers starting in the
    /// year; hand-overs dated in it), and engagements recorded under it.
    async fn delivered(&self) -> Option<Vnd> {
        self.0.delivered.map(Vnd)
    }

    /// Unattributed: what the partnership's parties did in the year naming no partnership at
    /// all (offers, equipment listings, engagements). Shown beside `delivered` and never added
    /// to it, since it may belong to any of their partnerships or to none; null when not
    /// tracked.
    async fn unattributed(&self) -> Option<Vnd> {
        self.0.unattributed.map(Vnd)
    }

    /// Which module's records `delivered` counts: `ENGAGEMENTS`, `INTERNSHIPS` or `EQUIPMENT`;
    /// null when not tracked.
    async fn tracked_by(&self) -> Option<&str> {
        self.0.tracked_by
    }
}

/// What a page of engagements refers to, loaded once for the whole page.
struct EngagementRefs {
    ids: Vec<Uuid>,
    involved: OnceCell<HashMap<Uuid, Vec<Uuid>>>,
    unconfirmed: OnceCell<HashMap<Uuid, Vec<Uuid>>>,
    reach: OnceCell<HashMap<Uuid, Vec<engagement_reach::Model>>>,
    organizations: OnceCell<OrganizationRefs>,
    partnerships: SiblingRefs<partnership::Model>,
}

/// An encounter between an enterprise (or college) and students.
#[derive(Clone)]
pub struct Engagement {
    pub model: engagement::Model,
    refs: Arc<EngagementRefs>,
}

impl Engagement {
    pub fn siblings(models: Vec<engagement::Model>) -> Vec<Self> {
        let refs = Arc::new(EngagementRefs {
            ids: models.iter().map(|m| m.id).collect(),
            involved: OnceCell::new(),
            unconfirmed: OnceCell::new(),
            reach: OnceCell::new(),
            organizations: OnceCell::new(),
            partnerships: SiblingRefs::new(models.iter().filter_map(|m| m.partnership_id)),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: engagement::Model) -> Self {
        let mut one = Self::siblings(vec![model]);
        one.swap_remove(0)
    }

    async fn involved(&self, ctx: &Context<'_>) -> Result<&HashMap<Uuid, Vec<Uuid>>> {
        self.refs
            .involved
            .get_or_try_init(|| async {
                ctx.data::<Partnerships>()?
                    .involved_in(&self.refs.ids)
                    .await
                    .map_err(async_graphql::Error::from)
            })
            .await
    }

    async fn organization(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<Organization>> {
        let involved = self.involved(ctx).await?;
        let refs = self
            .refs
            .organizations
            .get_or_init(|| async {
                OrganizationRefs::new(involved.values().flatten().copied().collect::<Vec<_>>())
            })
            .await;
        refs.get(ctx, id).await
    }
}

#[Object]
impl Engagement {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn kind(&self) -> EngagementKind {
        self.model.kind
    }

    async fn held_on(&self) -> Date {
        Date(self.model.held_on)
    }

    /// The organization that recorded it; only it changes or deletes the record.
    async fn recorded_by(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        self.organization(ctx, self.model.recorded_by).await
    }

    /// Every organization involved, the recorder included.
    async fn organizations(&self, ctx: &Context<'_>) -> Result<Vec<Organization>> {
        let ids = self.involved(ctx).await?.get(&self.model.id).cloned().unwrap_or_default();
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(org) = self.organization(ctx, id).await? {
                found.push(org);
            }
        }
        Ok(found)
    }

    /// The organizations named in it that have not confirmed it yet (`confirmEngagement`):
    /// it does not count for them until they do, nor for its partnership's delivery while
    /// anyone is listed here.
    async fn awaiting_confirmation(&self, ctx: &Context<'_>) -> Result<Vec<Organization>> {
        let unconfirmed = self
            .refs
            .unconfirmed
            .get_or_try_init(|| async {
                ctx.data::<Partnerships>()?
                    .unconfirmed_in(&self.refs.ids)
                    .await
                    .map_err(async_graphql::Error::from)
            })
            .await?;
        let ids = unconfirmed.get(&self.model.id).cloned().unwrap_or_default();
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(org) = self.organization(ctx, id).await? {
                found.push(org);
            }
        }
        Ok(found)
    }

    /// The partnership it was held under, when there is one and the caller may see it.
    async fn partnership(&self, ctx: &Context<'_>) -> Result<Option<Partnership>> {
        visible_partnership(ctx, &self.refs.partnerships, self.model.partnership_id).await
    }

    /// Students reached, by grade.
    async fn reach(&self, ctx: &Context<'_>) -> Result<Vec<GradeReach>> {
        let all = self
            .refs
            .reach
            .get_or_try_init(|| async {
                ctx.data::<Partnerships>()?.reach_of(&self.refs.ids).await.map_err(async_graphql::Error::from)
            })
            .await?;
        let rows = all.get(&self.model.id).cloned().unwrap_or_default();
        Ok(rows.into_iter().map(|row| GradeReach { grade: row.grade, students: row.students }).collect())
    }

    /// Whether students interacted (asked, tried, worked alongside), not only listened.
    async fn two_way(&self) -> bool {
        self.model.two_way
    }

    async fn notes(&self) -> Option<&str> {
        self.model.notes.as_deref()
    }

    /// The career event it was recorded from (`recordEngagementFromCareerEvent`), if any;
    /// read it with `careerEvent(id)`.
    async fn career_event_id(&self) -> Option<ID> {
        self.model.career_event_id.map(to_id)
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
}

/// How many students of one grade an engagement reached.
#[derive(SimpleObject)]
pub struct GradeReach {
    /// 6-12 in general education; 13-15 for years 1-3 of college or intermediate school.
    pub grade: i32,
    pub students: i32,
}

/// A change to a partnership the subscribing organization is a party to.
pub struct PartnershipChangedEvent {
    pub cursor: String,
    pub partnership_id: Uuid,
    pub status: PartnershipStatus,
}

#[Object]
impl PartnershipChangedEvent {
    /// Pass as `after` when subscribing again to receive only what came later.
    async fn cursor(&self) -> &str {
        &self.cursor
    }

    async fn partnership_id(&self) -> ID {
        to_id(self.partnership_id)
    }

    /// The status the change left the partnership in.
    async fn status(&self) -> PartnershipStatus {
        self.status
    }

    /// The partnership as it is now, when the caller may (still) see it.
    async fn partnership(&self, ctx: &Context<'_>) -> Result<Option<Partnership>> {
        let service = ctx.data::<Partnerships>()?;
        let Some(row) =
            service.partnerships_by_ids(&[self.partnership_id]).await?.remove(&self.partnership_id)
        else {
            return Ok(None);
        };
        let visible = service.visible_to(caller(ctx), &row).await?;
        Ok(visible.then(|| Partnership::single(row)))
    }
}

/// The partnership a row refers to (loaded with its siblings'), when the caller may see it.
async fn visible_partnership(
    ctx: &Context<'_>,
    refs: &SiblingRefs<partnership::Model>,
    id: Option<Uuid>,
) -> Result<Option<Partnership>> {
    let Some(id) = id else {
        return Ok(None);
    };
    let service = ctx.data::<Partnerships>()?;
    let Some(row) = refs.get(id, |ids| async move { service.partnerships_by_ids(&ids).await }).await? else {
        return Ok(None);
    };
    let visible = service.visible_to(caller(ctx), &row).await?;
    Ok(visible.then(|| Partnership::single(row)))
}
