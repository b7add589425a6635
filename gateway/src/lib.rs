#![doc = include_str!("../README.md")]

pub mod app;
pub mod apq;
pub mod auth;
pub mod body;
pub mod bridges;
pub mod config;
pub mod db;
pub mod error_codes;
pub mod events;
pub mod http;
pub mod introspection;
pub mod metrics;
pub mod rate_limit;
pub mod reports;
pub mod schema;
pub mod scrape;
pub mod shutdown;
pub mod telemetry;
pub mod ws_session;

pub use app::Application;
pub use config::Settings;
