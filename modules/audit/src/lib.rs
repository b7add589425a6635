#![doc = include_str!("../README.md")]

mod capture;
pub mod entity;
pub mod graphql;
pub mod service;

pub use capture::AuditCapture;
pub use graphql::{AuditEntry, AuditLogFilter, AuditQuery, register};
pub use service::{AuditLog, EntryQuery, NewEntry};
