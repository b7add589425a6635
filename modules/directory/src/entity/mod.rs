//! Row mappings for the directory's own tables (defined in the `migration` crate).

pub mod area;
pub mod invitation;
pub mod membership;
pub mod organization;
