//! End-to-end tests over real HTTP and WebSocket, on SQLite and PostgreSQL.

// A failed expectation in a test is the test failing, which is what it is for.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// The schema's resolver futures nest deeper than the default limit allows in a release build
// (`cargo test --release`, used to time the web app's first screen).
#![recursion_limit = "256"]

mod helpers;

mod access;
mod app;
mod audit;
mod audit_kill;
mod backup;
mod bad_input;
mod browser;
mod careers;
mod chromium;
mod cli;
mod compiled_queries;
mod directory;
mod equipment;
mod errors;
mod events;
mod facilities;
mod faults;
mod federation;
mod graphiql;
mod internships;
mod languages;
mod limits;
mod members;
mod offers_live;
mod participation;
mod partnerships;
mod persisted_queries;
mod pilots;
mod plain_queries;
mod probes;
mod public_pages;
mod read_pool;
mod schema_snapshot;
mod shutdown;
mod signin;
mod subscription_groups;
mod telemetry;
mod timeouts;
mod websocket;
mod ws_client;
