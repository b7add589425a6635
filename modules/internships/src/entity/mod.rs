//! Row mappings for the module's own tables (defined in the `migration` crate).

pub mod nomination;
pub mod offer;
