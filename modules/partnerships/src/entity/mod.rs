//! Row mappings for the module's own tables (defined in the `migration` crate).

pub mod commitment;
pub mod engagement;
pub mod engagement_organization;
pub mod engagement_reach;
pub mod partnership;
pub mod party;
