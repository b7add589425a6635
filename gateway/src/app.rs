//! Start-up as a library function: tests and `main` build the same application.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use hub_common::events::EventFeed;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::auth::Hs256;
use crate::config::Settings;
use crate::http::{AppState, router};
use crate::{db, schema};

pub struct Application {
    listener: TcpListener,
    state: AppState,
    /// Whether this start loaded the demo data set into an empty database.
    pub seeded_demo: bool,
}

impl Application {
    /// Connects, migrates, seeds the demo set where the profile asks for it, and binds the
    /// listener (port 0 picks a free port; see `local_addr`).
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let db = db::connect(settings).await?;
        db::migrate(&db).await?;
        let seeded_demo = if settings.loads_demo_data() {
            matches!(directory::seed::seed_demo(&db).await?, directory::seed::SeedOutcome::Loaded { .. })
        } else {
            false
        };
        if settings.loads_demo_data() {
            internships::seed::seed_demo(&db).await?;
        }
        let redis = match &settings.redis_url {
            None => None,
            Some(url) => Some(connect_redis(url.expose()).await?),
        };
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("binding {}", settings.listen))?;
        let events = EventFeed::new(db.clone());
        let state = AppState {
            schema: schema::build(&db, &events),
            verifier: Arc::new(Hs256::new(settings.jwt_secret.expose())),
            db,
            redis,
        };
        Ok(Self { listener, state, seeded_demo })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        axum::serve(self.listener, router(self.state)).with_graceful_shutdown(shutdown).await
    }
}

async fn connect_redis(url: &str) -> anyhow::Result<redis::aio::ConnectionManager> {
    let client = redis::Client::open(url).context("REDIS_URL is not a Redis URL")?;
    // The manager reconnects by itself after Redis restarts.
    redis::aio::ConnectionManager::new(client).await.context("connecting to Redis")
}
