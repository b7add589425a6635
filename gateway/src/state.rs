//! What every route handler shares: the process's services, the schema it serves, and the
//! HTTP layer's own parts (token verification, limits, metrics, lifecycle).

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::apq::PersistedQueries;
use crate::auth::Authenticator;
use crate::auth::sessions::Sessions;
use crate::compiled::CompiledQueries;
use crate::config::AuthSettings;
use crate::config::Limits;
use crate::events::BusStatus;
use crate::metrics::{RequestMetrics, SqlMetrics};
use crate::rate_limit::RateLimiter;
use crate::schema::ServedSchema;
use crate::services::Services;
use crate::shutdown::Lifecycle;
use crate::subscription_groups::SubscriptionGroups;
use crate::ws_revocation::OpenConnections;

/// Cloned for every request and by every extractor that asks for it, so it is one `Arc`: the
/// services and pools inside would otherwise cost dozens of reference counts per clone, a few
/// per cent of the hub's time on the busiest queries (issue 18).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What `AppState` shares; its fields read through `AppState` (`Deref`).
pub struct Shared {
    pub services: Services,
    pub schema: ServedSchema,
    pub auth: Arc<Authenticator>,
    pub sessions: Sessions,
    pub auth_settings: Arc<AuthSettings>,
    /// Whether the development profile runs (development sign-in page, cookies without `Secure`).
    pub development: bool,
    pub bus: Arc<BusStatus>,
    pub sql_metrics: Arc<SqlMetrics>,
    pub requests: Arc<RequestMetrics>,
    pub lifecycle: Arc<Lifecycle>,
    /// The event tasks' pool; `/metrics` reads the outbox through it so scrapes are not counted
    /// as request statements.
    pub background_db: DatabaseConnection,
    pub limits: Arc<Limits>,
    pub rate_limiter: Arc<RateLimiter>,
    pub persisted_queries: Arc<PersistedQueries>,
    /// The plans of the hottest queries; `None` when `compiled_queries` is off or queries run
    /// through the extensions' per-field hooks (a plan has none).
    pub compiled: Option<Arc<CompiledQueries>>,
    /// WebSockets acting for an organization, closed when the person's membership changes.
    pub open_connections: Arc<OpenConnections>,
    /// Live subscriptions that ask the same thing, sharing one execution.
    pub subscription_groups: Arc<SubscriptionGroups>,
    /// Whether this process serves the all-in-one schema, which the public pages read (a
    /// module's subgraph alone serves no public pages).
    pub serves_public_pages: bool,
}

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }

    /// The request pool (what resolvers use).
    pub fn db(&self) -> &DatabaseConnection {
        &self.services.db
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
