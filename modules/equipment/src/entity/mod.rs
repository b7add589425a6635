//! Row mappings for the module's own tables (defined in the `migration` crate).

pub mod handover;
pub mod listing;
pub mod request;
pub mod return_record;
