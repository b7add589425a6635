//! The module's GraphQL object types. Rows fetched together share their references, so a
//! page's facilities, hosts, organizations and opening hours load in a fixed number of
//! statements.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, FixedOffset, Utc};
use directory::{Organization, OrganizationRefs};
use hub_common::batch::SiblingRefs;
use hub_common::ids::to_id;
use hub_common::principal::caller;
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::entity::{booking, closure, facility};
use crate::kinds::{BookingStatus, FacilityStatus, Weekday};
use crate::service::validate::StoredSpan;
use crate::service::{Facilities, SkippedOccurrence, TimeSpan};
use hub_common::scalars::Date;
use hub_common::time::{TIME_ZONE, with_offset};

/// What a page of facilities refers to, loaded once for the whole page.
struct FacilityRefs {
    ids: Vec<Uuid>,
    owners: OrganizationRefs,
    hours: OnceCell<HashMap<Uuid, Vec<StoredSpan>>>,
    closures: OnceCell<HashMap<Uuid, Vec<closure::Model>>>,
}

/// A vocational workshop a college or centre opens to schools.
#[derive(Clone)]
pub struct Facility {
    pub model: facility::Model,
    refs: Arc<FacilityRefs>,
}

impl Facility {
    /// Wraps facilities fetched together, so their references load together.
    pub fn siblings(models: Vec<facility::Model>) -> Vec<Self> {
        let refs = Arc::new(FacilityRefs {
            ids: models.iter().map(|m| m.id).collect(),
            owners: OrganizationRefs::new(models.iter().map(|m| m.owner_id)),
            hours: OnceCell::new(),
            closures: OnceCell::new(),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: facility::Model) -> Self {
        let mut one = Self::siblings(vec![model]);
        // `siblings` returns one wrapper per model, so this cannot be empty.
        one.swap_remove(0)
    }
}

fn clock(minute: i32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

#[Object]
impl Facility {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    /// The college, intermediate school or centre that hosts it and decides its bookings.
    async fn owner(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        self.refs.owners.get(ctx, self.model.owner_id).await
    }

    async fn name(&self) -> &str {
        &self.model.name
    }

    /// The trade or occupation taught there ("Điện công nghiệp").
    async fn trade(&self) -> &str {
        &self.model.trade
    }

    /// Students at once.
    async fn capacity(&self) -> i32 {
        self.model.capacity
    }

    /// The time zone opening hours are read in: always `Asia/Ho_Chi_Minh` (UTC+7).
    async fn time_zone(&self) -> &str {
        &self.model.time_zone
    }

    /// Whether bookings wait for the host's decision (`PENDING`) or are confirmed at once.
    async fn approval_required(&self) -> bool {
        self.model.approval_required
    }

    /// The equipment on site.
    async fn equipment(&self) -> Vec<String> {
        self.model.equipment_list()
    }

    /// `OPEN`, or `WITHDRAWN` by its host (then it takes no bookings).
    async fn status(&self) -> FacilityStatus {
        if self.model.withdrawn_at.is_some() { FacilityStatus::Withdrawn } else { FacilityStatus::Open }
    }

    /// Whether its host has withdrawn it.
    async fn withdrawn(&self) -> bool {
        self.model.withdrawn_at.is_some()
    }

    async fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.model.withdrawn_at
    }

    /// What the host said when withdrawing it.
    async fn withdrawal_reason(&self) -> Option<&str> {
        self.model.withdrawal_reason.as_deref()
    }

    /// Bookings are made at least this many hours before the session starts (0: any time
    /// before it starts).
    async fn minimum_notice_hours(&self) -> i32 {
        self.model.min_notice_hours
    }

    /// Sessions start at most this many days ahead; null is no limit.
    async fn maximum_advance_days(&self) -> Option<i32> {
        self.model.max_advance_days
    }

    /// Days it is closed that have not passed (today's included), soonest first.
    async fn closures(&self, ctx: &Context<'_>) -> Result<Vec<FacilityClosure>> {
        let all = self
            .refs
            .closures
            .get_or_try_init(|| async {
                ctx.data::<Facilities>()?
                    .closures_of(&self.refs.ids, hub_common::time::today())
                    .await
                    .map_err(async_graphql::Error::from)
            })
            .await?;
        Ok(all
            .get(&self.model.id)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(FacilityClosure::from)
            .collect())
    }

    /// When it is open, Monday first, each weekday with its spans; a weekday left out is
    /// closed.
    async fn opening_hours(&self, ctx: &Context<'_>) -> Result<Vec<OpeningHours>> {
        let all = self
            .refs
            .hours
            .get_or_try_init(|| async {
                ctx.data::<Facilities>()?
                    .opening_hours_of(&self.refs.ids)
                    .await
                    .map_err(async_graphql::Error::from)
            })
            .await?;
        let mut days: Vec<OpeningHours> = Vec::new();
        // Stored spans come sorted by weekday, then opening time.
        for span in all.get(&self.model.id).map(Vec::as_slice).unwrap_or_default() {
            let Some(weekday) = Weekday::from_number(span.weekday) else { continue };
            let span = OpeningSpan { opens: clock(span.opens_minute), closes: clock(span.closes_minute) };
            match days.last_mut() {
                Some(day) if day.weekday == weekday => day.spans.push(span),
                _ => days.push(OpeningHours { weekday, spans: vec![span] }),
            }
        }
        Ok(days)
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
}

/// Opening hours on one weekday, local time (Asia/Ho_Chi_Minh).
#[derive(SimpleObject)]
pub struct OpeningHours {
    pub weekday: Weekday,
    /// By opening time; a gap between two is a break (lunch), when it takes no bookings.
    pub spans: Vec<OpeningSpan>,
}

/// One span of a day when a facility is open; a booking fits inside one span.
#[derive(SimpleObject)]
pub struct OpeningSpan {
    /// "07:30".
    pub opens: String,
    /// "17:00"; "24:00" is midnight at the end of the day.
    pub closes: String,
}

/// Days a facility is closed (Hải Phòng calendar, both included); bookings on them are
/// refused.
#[derive(SimpleObject)]
pub struct FacilityClosure {
    pub id: ID,
    pub facility_id: ID,
    /// The first closed day.
    #[graphql(name = "from")]
    pub first_day: Date,
    /// The last closed day (included).
    #[graphql(name = "to")]
    pub last_day: Date,
    /// "Tết Nguyên Đán", "Quốc khánh", "bảo trì".
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

impl From<closure::Model> for FacilityClosure {
    fn from(row: closure::Model) -> Self {
        Self {
            id: to_id(row.id),
            facility_id: to_id(row.facility_id),
            first_day: Date(row.first_day),
            last_day: Date(row.last_day),
            reason: row.reason,
            created_at: row.created_at,
        }
    }
}

/// What `withdrawFacility` did.
#[derive(SimpleObject)]
pub struct WithdrawFacilityResult {
    /// The facility, now withdrawn.
    pub facility: Facility,
    /// How many bookings it cancelled (pending or confirmed ones that had not started).
    pub cancelled_count: i32,
    /// Those bookings, now `CANCELLED` with the reason.
    pub cancelled_bookings: Vec<Booking>,
}

/// What a page of bookings refers to, loaded once for the whole page.
struct BookingRefs {
    facilities: SiblingRefs<Facility>,
    organizations: OrganizationRefs,
}

/// A booked session at a facility (one occurrence of a weekly series is one booking).
#[derive(Clone)]
pub struct Booking {
    pub model: booking::Model,
    refs: Arc<BookingRefs>,
}

impl Booking {
    pub fn siblings(models: Vec<booking::Model>) -> Vec<Self> {
        let refs = Arc::new(BookingRefs {
            facilities: SiblingRefs::new(models.iter().map(|m| m.facility_id)),
            organizations: OrganizationRefs::new(models.iter().map(|m| m.organization_id)),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: booking::Model) -> Self {
        let mut one = Self::siblings(vec![model]);
        one.swap_remove(0)
    }
}

#[Object]
impl Booking {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn facility(&self, ctx: &Context<'_>) -> Result<Option<Facility>> {
        let service = ctx.data::<Facilities>()?;
        self.refs
            .facilities
            .get(self.model.facility_id, |ids| async move {
                let rows = service.facilities_by_ids(&ids).await?;
                let wrapped = Facility::siblings(rows.into_values().collect());
                Ok::<_, async_graphql::Error>(wrapped.into_iter().map(|f| (f.model.id, f)).collect())
            })
            .await
    }

    /// The school, college or centre that booked.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        self.refs.organizations.get(ctx, self.model.organization_id).await
    }

    /// Start, in Hải Phòng time (`+07:00`).
    async fn starts_at(&self) -> DateTime<FixedOffset> {
        with_offset(self.model.starts_at)
    }

    /// End (exclusive), in Hải Phòng time: the next booking may start at this very minute.
    async fn ends_at(&self) -> DateTime<FixedOffset> {
        with_offset(self.model.ends_at)
    }

    /// The time zone the times are shown in.
    async fn time_zone(&self) -> &str {
        TIME_ZONE
    }

    async fn participants(&self) -> i32 {
        self.model.participants
    }

    async fn purpose(&self) -> &str {
        &self.model.purpose
    }

    async fn status(&self) -> BookingStatus {
        self.model.status
    }

    /// Shared by the occurrences of one weekly series.
    async fn series_id(&self) -> Option<ID> {
        self.model.series_id.map(to_id)
    }

    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.model.decided_at
    }

    /// What the host said when deciding.
    async fn decision_note(&self) -> Option<&str> {
        self.model.decision_note.as_deref()
    }

    async fn cancelled_at(&self) -> Option<DateTime<Utc>> {
        self.model.cancelled_at
    }

    /// Why the host cancelled it for everyone (the facility was withdrawn); null otherwise.
    async fn cancellation_reason(&self) -> Option<&str> {
        self.model.cancellation_reason.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
}

/// A free or requested span of time, in Hải Phòng time.
#[derive(SimpleObject)]
pub struct TimeSlot {
    pub starts_at: DateTime<FixedOffset>,
    /// Exclusive.
    pub ends_at: DateTime<FixedOffset>,
}

impl From<TimeSpan> for TimeSlot {
    fn from(span: TimeSpan) -> Self {
        Self { starts_at: with_offset(span.starts_at), ends_at: with_offset(span.ends_at) }
    }
}

/// An occurrence of a weekly series that was not booked.
#[derive(SimpleObject)]
pub struct SkippedSession {
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    pub reason: String,
}

impl SkippedSession {
    /// The session, its reason written in `language` (a reason is data people read).
    pub fn in_language(skipped: SkippedOccurrence, language: hub_common::Language) -> Self {
        Self {
            starts_at: with_offset(skipped.starts_at),
            ends_at: with_offset(skipped.ends_at),
            reason: skipped.reason.render(language),
        }
    }
}

/// What `bookFacility` did: the bookings made, and (with `onConflict: SKIP`) the sessions it
/// left out because they were taken.
#[derive(SimpleObject)]
pub struct BookFacilityResult {
    pub bookings: Vec<Booking>,
    pub skipped: Vec<SkippedSession>,
}

/// A new calendar-feed secret, shown once.
#[derive(SimpleObject)]
pub struct CalendarSecret {
    /// Goes in feed URLs as `?token=…`; any earlier secret no longer works.
    pub token: String,
    pub organization_id: ID,
}

/// A change to a booking the subscribing organization made or hosts.
pub struct BookingChangedEvent {
    pub cursor: String,
    pub booking_id: Uuid,
    pub facility_id: Uuid,
    pub status: BookingStatus,
    pub reason: Option<String>,
}

#[Object]
impl BookingChangedEvent {
    /// Pass as `after` when subscribing again to receive only what came later.
    async fn cursor(&self) -> &str {
        &self.cursor
    }

    async fn booking_id(&self) -> ID {
        to_id(self.booking_id)
    }

    async fn facility_id(&self) -> ID {
        to_id(self.facility_id)
    }

    /// The status the change left the booking in.
    async fn status(&self) -> BookingStatus {
        self.status
    }

    /// Why, when the host cancelled it for everyone (the facility was withdrawn).
    async fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// The booking as it is now, when the caller may (still) see it.
    async fn booking(&self, ctx: &Context<'_>) -> Result<Option<Booking>> {
        let service = ctx.data::<Facilities>()?;
        let Some(row) = service.bookings_by_ids(&[self.booking_id]).await?.remove(&self.booking_id) else {
            return Ok(None);
        };
        let visible = service.booking_visible_to(caller(ctx), &row).await?;
        Ok(visible.then(|| Booking::single(row)))
    }
}
