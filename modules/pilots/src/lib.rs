#![doc = include_str!("../README.md")]

// Storage rows stay inside the crate; the API tests alone read them, through `test-support`.
#[cfg(feature = "test-support")]
pub mod entity;
#[cfg(not(feature = "test-support"))]
pub(crate) mod entity;
pub mod graphql;
pub mod kinds;
pub mod seed;
pub mod service;

pub use graphql::types::{AnnualReport, Indicator, IndicatorProgress, Measurement, PilotModel, Target};
pub use graphql::{PilotsMutation, PilotsQuery, register};
pub use kinds::{Counts, Direction, PilotStatus, ReportStatus, SchoolLevel, Unit};
pub use service::{AdmissionsComparison, AdmissionsSource, IntakeReported, Pilots};
