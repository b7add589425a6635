//! The careers service: every read and write of occupations, programmes, admissions, events
//! and bulletins goes through here, and so does every authorization decision about them.
//! Resolvers only translate arguments.
//!
//! Who may do what:
//! - everybody, signed in or not, reads occupations, published programmes with their
//!   admissions and policies, published events and bulletins: this is public information for
//!   pupils and parents;
//! - officers within the remit of Education and Training (`Principal::within_remit`) keep the
//!   occupation catalogue and the support policies, and publish and import bulletins;
//! - a college, intermediate school or vocational centre publishes, changes and withdraws its
//!   own programmes and reports their admissions;
//! - a verified organization hosts events; schools register their students for them and
//!   cancel their own registrations; the host and officers see every registration.
//!
//! A refusal comes before anything that would reveal whether a hidden row exists.

mod admissions;
mod bulletins;
pub mod csv;
mod events;
mod occupations;
mod programmes;
pub mod validate;

use directory::Directory;
use hub_common::events::EventFeed;
use hub_common::{HubResult, Principal};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use uuid::Uuid;

pub use admissions::{NewAdmissions, current_versions};
pub use bulletins::{BulletinImport, BulletinQuery, CsvRowError, NewBulletin};
pub use events::{CareerEventQuery, NewCareerEvent};
pub use occupations::{NewOccupation, OccupationChanges, OccupationQuery};
pub use programmes::{NewProgramme, NewSupportPolicy, ProgrammeChanges, ProgrammeQuery};

/// Handle on the careers module; cheap to clone (the connection is a pool).
#[derive(Clone)]
pub struct Careers {
    db: DatabaseConnection,
    directory: Directory,
    events: EventFeed,
}

impl Careers {
    pub fn new(db: DatabaseConnection, directory: Directory, events: EventFeed) -> Self {
        Self { db, directory, events }
    }

    /// The area and every area within it (`Directory::area_with_descendants`).
    pub async fn areas_within(&self, area_id: Uuid) -> HubResult<Vec<Uuid>> {
        self.directory.area_with_descendants(area_id).await
    }

    /// Whether the caller may act for an organization here (`Directory::may_act_for`).
    async fn may_act_for(&self, principal: &Principal, organization_id: Uuid) -> HubResult<bool> {
        self.directory.may_act_for(principal, organization_id).await
    }

    /// Starts a transaction that will write (`hub_common::write::begin_write`).
    async fn begin_write(&self) -> HubResult<DatabaseTransaction> {
        hub_common::write::begin_write(&self.db).await
    }
}
