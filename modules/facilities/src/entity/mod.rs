//! Row mappings for the module's own tables (defined in the `migration` crate).

pub mod booking;
pub mod calendar_token;
pub mod facility;
pub mod opening_hours;
