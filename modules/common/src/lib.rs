#![doc = include_str!("../README.md")]

pub mod activity;
pub mod batch;
pub mod batching;
pub mod coalesce;
pub mod codes;
pub mod compiled;
pub mod error;
pub mod events;
pub mod ids;
pub mod messages;
pub mod pagination;
pub mod principal;
pub mod projection;
pub mod read_pool;
pub mod scalars;
pub mod secrets;
pub mod seed;
pub mod sync;
pub mod text;
pub mod time;
pub mod vsic;
pub mod write;

pub use codes::ErrorCode;
pub use error::{HubError, HubResult};
pub use messages::{Language, Message};
pub use principal::{Principal, Remit, Role};
