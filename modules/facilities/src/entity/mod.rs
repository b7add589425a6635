//! Row mappings for the module's own tables (defined in the `migration` crate).

pub mod booking;
pub mod calendar_token;
pub mod closure;
pub mod facility;
/// The table the previous release reads (one span a weekday); kept written until it is dropped.
pub mod opening_hours;
pub mod opening_span;
