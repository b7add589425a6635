//! Row mappings for the module's own tables (defined in the `migration` crate).

pub mod annual_report;
pub mod indicator;
pub mod measurement;
pub mod milestone;
pub mod participant;
pub mod pilot_model;
pub mod target;
