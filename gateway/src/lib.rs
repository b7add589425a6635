#![doc = include_str!("../README.md")]

pub mod api_error;
pub mod app;
pub mod apq;
pub mod assets;
pub mod auth;
pub mod body;
pub mod config;
pub mod db;
pub mod error_codes;
pub mod events;
pub mod extract;
pub mod introspection;
pub mod metrics;
pub mod modules;
pub mod rate_limit;
pub mod routes;
pub mod schema;
pub mod serve;
pub mod services;
pub mod shutdown;
pub mod state;
pub mod telemetry;
pub mod ws_session;

pub use app::Application;
pub use config::Settings;
