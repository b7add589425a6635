//! The facilities service: every read and write of facilities, bookings and calendar tokens
//! goes through here, and so does every authorization decision about them.
//!
//! Who may do what:
//! - anyone sees facilities and their free time: they are published for schools to find;
//! - an administrator of a college, intermediate school, university or vocational centre
//!   publishes and changes its facilities, closes them on given days, withdraws and reopens
//!   them;
//! - the people of a school, college or centre (`ORG_MEMBER` or better) book for it, see its
//!   bookings and cancel them;
//! - the host's people see, decide (confirm or decline) and cancel bookings of its facilities;
//! - department officers see every booking; they change nothing here;
//! - an organization's administrator rotates its calendar-feed secret.
//!
//! Refusals come before lookups, so `FORBIDDEN` never tells whether a booking exists.

mod availability;
mod bookings;
mod calendar_feeds;
mod closures;
mod facilities;
mod reports;
pub mod validate;
mod withdrawal;

use directory::Directory;
use hub_common::events::EventFeed;
use hub_common::{HubResult, Principal};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use uuid::Uuid;

pub use availability::TimeSpan;
pub use bookings::{BookingOutcome, BookingQuery, NewBooking, SkippedOccurrence};
pub use closures::NewClosure;
pub use facilities::{FacilityChanges, FacilityQuery, NewFacility};
pub use reports::BookingsHosted;
pub use withdrawal::Withdrawal;

/// Handle on the facilities module; cheap to clone (the connection is a pool).
#[derive(Clone)]
pub struct Facilities {
    db: DatabaseConnection,
    directory: Directory,
    events: EventFeed,
}

/// Whose bookings a caller may see: every one for department officers, else those made by or
/// hosted by the organizations listed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Access {
    pub officer: bool,
    pub organizations: Vec<Uuid>,
}

impl Facilities {
    pub fn new(db: DatabaseConnection, directory: Directory, events: EventFeed) -> Self {
        Self { db, directory, events }
    }

    /// Whether the caller may act for an organization's everyday business here.
    pub(crate) async fn may_act_for(&self, principal: &Principal, organization_id: Uuid) -> HubResult<bool> {
        self.directory.may_act_for(principal, organization_id).await
    }

    /// The caller's reach for list queries (`Directory::reach`).
    pub(crate) async fn access(&self, principal: Option<&Principal>) -> HubResult<Access> {
        let reach = self.directory.reach(principal).await?;
        Ok(Access { officer: reach.officer, organizations: reach.organizations })
    }

    /// Starts a transaction that will write; `BEGIN IMMEDIATE` on SQLite so concurrent
    /// writers queue for the lock instead of failing with `SQLITE_BUSY`, and so a booking's
    /// overlap check and its insert happen with no other writer in between. PostgreSQL ignores
    /// the option; its exclusion constraint decides races there.
    async fn begin_write(&self) -> HubResult<DatabaseTransaction> {
        hub_common::write::begin_write(&self.db).await
    }
}
