#![doc = include_str!("../README.md")]

pub mod app;
pub mod auth;
pub mod bridges;
pub mod config;
pub mod db;
pub mod error_codes;
pub mod events;
pub mod http;
pub mod metrics;
pub mod reports;
pub mod schema;
pub mod scrape;
pub mod shutdown;
pub mod telemetry;

pub use app::Application;
pub use config::Settings;
