#![doc = include_str!("../README.md")]

pub mod entity;
pub mod graphql;
pub mod kinds;
pub mod seed;
pub mod service;

pub use graphql::types::{AnnualReport, Indicator, IndicatorProgress, Measurement, PilotModel, Target};
pub use graphql::{PilotsMutation, PilotsQuery, register};
pub use kinds::{Counts, Direction, PilotStatus, ReportStatus, SchoolLevel, Unit};
pub use service::Pilots;
