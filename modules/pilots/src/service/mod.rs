//! The pilots service: every read and write of pilot models, targets, measurements and yearly
//! reports goes through here, and so does every authorization decision about them. Resolvers
//! only translate arguments.
//!
//! Who may do what:
//! - anyone reads the indicators, the targets and the pilot models (the plan is public);
//! - officers of the department responsible for Education and Training (`Remit`) set targets,
//!   create pilot models and change their status, mark milestones reached, report measurements
//!   for areas, and accept or return reports;
//! - every department officer (any remit) reads every measurement and every report past the
//!   draft stage, computes progress for an area or the city, and sees who has not reported;
//! - a school or vocational institution (any member) reports its own measurements and drafts
//!   its own yearly report, which its administrator submits; it sees its own measurements and
//!   reports only;
//! - a pilot model's lead organization (an administrator) marks its milestones reached;
//! - everybody else sees no measurement and no report, and cannot tell a hidden one from a
//!   missing one.

mod admissions;
mod indicators;
mod measurements;
mod models;
pub mod progress;
mod reports;
pub mod validate;

use directory::{Directory, Reach};
use hub_common::msg;
use hub_common::{HubError, HubResult, Principal, Role};
use sea_orm::{DatabaseConnection, DatabaseTransaction};

pub use admissions::{AdmissionsComparison, AdmissionsSource, IntakeReported, LOWER_SECONDARY_TO_VOCATIONAL};
pub use indicators::NewTarget;
pub use measurements::{
    MeasurementQuery, MeasurementSubject, NewMeasurement, insertable as insertable_measurement,
};
pub use models::{NewPilotModel, PilotModelQuery};
pub use progress::Progress;
pub use reports::{AnnualReportQuery, ReportDraft, due_on};

/// Handle on the pilots module; cheap to clone (the connection is a pool).
#[derive(Clone)]
pub struct Pilots {
    db: DatabaseConnection,
    directory: Directory,
    /// The institutions' admissions, for the indicator that has a counterpart there; `None`
    /// in a hub without the careers module.
    admissions: Option<std::sync::Arc<dyn AdmissionsSource>>,
}

impl Pilots {
    pub fn new(db: DatabaseConnection, directory: Directory) -> Self {
        Self { db, directory, admissions: None }
    }

    /// Compares the lower-secondary-to-vocational indicator with admissions read through
    /// `source`.
    pub fn with_admissions(mut self, source: std::sync::Arc<dyn AdmissionsSource>) -> Self {
        self.admissions = Some(source);
        self
    }

    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// The caller's reach for list queries: the token's organization plus those the subject
    /// administers (as `Directory::may_act_for` counts them).
    async fn access(&self, principal: &Principal) -> HubResult<Reach> {
        self.directory.reach_as(principal, Role::OrgMember).await
    }

    /// Any department officer, whatever their remit: for reading the reports.
    fn require_officer(principal: &Principal, what: &str) -> HubResult<()> {
        if principal.is_department_officer() {
            Ok(())
        } else {
            Err(HubError::forbidden(msg!("only-department-officer-may-what", what = what)))
        }
    }

    /// Starts a transaction that will write; `BEGIN IMMEDIATE` on SQLite so concurrent
    /// writers wait for the lock instead of failing with `SQLITE_BUSY`. PostgreSQL ignores it.
    async fn begin_write(&self) -> HubResult<DatabaseTransaction> {
        hub_common::write::begin_write(&self.db).await
    }
}
