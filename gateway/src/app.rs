//! Start-up as a library function: tests and `main` build the same application.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use hub_common::events::EventFeed;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::apq::PersistedQueries;
use crate::auth::sessions::Sessions;
use crate::auth::{Authenticator, Hs256, OidcVerifier};
use crate::compiled::CompiledQueries;
use crate::config::{Profile, Settings};
use crate::db;
use crate::events::EventRuntime;
use crate::metrics::{RequestMetrics, SqlMetrics};
use crate::modules::{self, Module};
use crate::rate_limit::RateLimiter;
use crate::routes::router;
use crate::schema::SchemaOptions;
use crate::serve::{ConnectionLimits, serve};
use crate::services::Services;
use crate::shutdown::{Lifecycle, drain};
use crate::state::{AppState, Shared};
use crate::ws_revocation::OpenConnections;

/// How often the rate limiters forget callers that are back at a full burst.
const RATE_LIMIT_PRUNING: Duration = Duration::from_secs(60);

pub struct Application {
    listener: TcpListener,
    state: AppState,
    feed: EventFeed,
    events: EventRuntime,
    shutdown_delay: Duration,
    shutdown_timeout: Duration,
    /// Whether this start loaded the demo data set into an empty database.
    pub seeded_demo: bool,
}

impl Application {
    /// Connects, migrates, seeds the demo set where the profile asks for it, starts the event
    /// runtime and binds the listener (port 0 picks a free port; see `local_addr`).
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        Self::build_serving(settings, None).await
    }

    /// Like `build`, serving one module alone as a federation subgraph when `module` is given.
    pub async fn build_serving(settings: &Settings, module: Option<Module>) -> anyhow::Result<Self> {
        let sql_metrics = Arc::new(SqlMetrics::default());
        let (db, reads) = db::connect_for_requests(settings, sql_metrics.clone()).await?;
        db::migrate(settings, &db).await?;
        let feed = EventFeed::new(db.clone());
        let services = Services::with_reads(&db, reads, &feed);
        // Before the event runtime reads where to start, so the demo data's events are history.
        let seeded_demo = settings.loads_demo_data()
            && modules::seed_demo(&services)
                .await?
                .iter()
                .any(|(module, report)| *module == Module::Directory && report.is_loaded());
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("binding {}", settings.listen))?;
        let deployment = hub_common::events::deployment_id(&db)
            .await
            .map_err(|_| anyhow::anyhow!("reading the deployment id"))?;
        let redis_url = settings.redis_url.as_ref().map(|url| url.expose());
        let background_db = db::connect_for_background(settings).await?;
        let start_after = hub_common::events::latest_cursor(&db)
            .await
            .map_err(|_| anyhow::anyhow!("reading the outbox"))?;
        let events =
            EventRuntime::start(background_db.clone(), feed.clone(), deployment, redis_url, start_after)?;
        let rate_limiter = Arc::new(RateLimiter::new(
            settings.limits.requests_per_minute_per_token,
            settings.limits.requests_per_minute_per_ip,
        ));
        rate_limiter.spawn_pruning(RATE_LIMIT_PRUNING);
        let auth = Arc::new(authenticator(settings, &services)?);
        let open_connections = Arc::new(OpenConnections::default());
        open_connections.follow(feed.clone());
        let schema = modules::served(module, &services, &SchemaOptions::from_settings(settings));
        let compiled = (settings.compiled_queries && schema.runs_queries_without_hooks())
            .then(|| Arc::new(CompiledQueries::new(&services, settings.limits.max_page_size)));
        let state = AppState::new(Shared {
            schema,
            compiled,
            services,
            auth,
            sessions: Sessions::new(db.clone()),
            auth_settings: Arc::new(settings.auth.clone()),
            development: settings.profile == Profile::Development,
            bus: events.status.clone(),
            sql_metrics,
            requests: Arc::new(RequestMetrics::default()),
            lifecycle: Arc::new(Lifecycle::default()),
            background_db,
            limits: Arc::new(settings.limits.clone()),
            rate_limiter,
            persisted_queries: Arc::new(PersistedQueries::new(
                settings.limits.persisted_queries,
                settings.limits.persisted_queries_bytes,
            )),
            open_connections,
            subscription_groups: Arc::default(),
            serves_public_pages: module.is_none(),
        });
        Ok(Self {
            listener,
            state,
            feed,
            events,
            shutdown_delay: Duration::from_secs(settings.shutdown_delay_seconds),
            shutdown_timeout: Duration::from_secs(settings.shutdown_timeout_seconds),
            seeded_demo,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn db(&self) -> &DatabaseConnection {
        self.state.db()
    }

    /// The process's module services.
    pub fn services(&self) -> &Services {
        &self.state.services
    }

    /// The process's event feed (what subscriptions read).
    pub fn feed(&self) -> &EventFeed {
        &self.feed
    }

    /// Serves until `shutdown` completes, then shuts down gracefully (see `shutdown`): readiness
    /// false, in-flight requests answered within the timeout, WebSockets closed with 1001, and
    /// the event runtime stopped after the relay's current batch.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let lifecycle = self.state.lifecycle.clone();
        let limits = ConnectionLimits {
            header_read_timeout: Duration::from_secs(self.state.limits.header_read_timeout_seconds),
        };
        let app = router(self.state);
        let listener = self.listener;
        let served = drain(lifecycle, shutdown, self.shutdown_delay, self.shutdown_timeout, |stop| {
            serve(listener, app, limits, stop)
        })
        .await;
        self.events.shutdown().await;
        served
    }
}

/// The verifiers the profile allows: development tokens in development only, and the provider's
/// tokens wherever an issuer is configured (its keys load in the background, so an unreachable
/// provider delays sign-in, never start-up).
fn authenticator(settings: &Settings, services: &Services) -> anyhow::Result<Authenticator> {
    let development = settings.accepts_development_tokens().then(|| Hs256::new(settings.jwt_secret.expose()));
    let auth = &settings.auth;
    let provider = match &auth.oidc_issuer {
        Some(issuer) => {
            let audiences = auth.oidc_audience.iter().chain(&auth.oidc_client_id).cloned().collect();
            let verifier = OidcVerifier::new(issuer, audiences)?;
            verifier.spawn_refresh();
            Some(verifier)
        }
        None => None,
    };
    Ok(Authenticator::new(development, provider, services.directory.clone(), &auth.platform_admins))
}
