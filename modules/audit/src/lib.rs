#![doc = include_str!("../README.md")]

mod capture;
// Storage rows stay inside the crate; the API tests alone read them, through `test-support`.
#[cfg(feature = "test-support")]
pub mod entity;
#[cfg(not(feature = "test-support"))]
pub(crate) mod entity;
pub mod graphql;
pub mod service;

pub use capture::AuditCapture;
pub use graphql::{AuditEntry, AuditLogFilter, AuditQuery, register};
pub use service::{AuditLog, EntryQuery, NewEntry};
