//! Row mappings for the module's own tables (defined in the `migration` crate).

pub mod admission;
pub mod bulletin;
pub mod event;
pub mod occupation;
pub mod policy;
pub mod programme;
pub mod programme_occupation;
pub mod programme_policy;
pub mod registration;
