//! The `/metrics` route: gathers what `metrics::render` prints, and records GraphQL requests.

use std::time::Duration;

use async_graphql::BatchResponse;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use hub_common::events::outbox;
use hub_common::read_pool::PoolUsage;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::metrics::{OutboxBacklog, Outcome, RequestMetrics, Snapshot, render};
use crate::routes::probes::answers_quickly;
use crate::state::AppState;

/// Records each operation of a (possibly batched) request; they share the batch's latency.
pub fn record_batch(
    requests: &RequestMetrics,
    operations: &[Option<String>],
    response: &BatchResponse,
    elapsed: Duration,
) {
    match response {
        BatchResponse::Single(response) => {
            let name = operations.first().and_then(Option::as_deref);
            requests.record(name, Outcome::of(response), elapsed);
        }
        BatchResponse::Batch(responses) => {
            for (index, response) in responses.iter().enumerate() {
                let name = operations.get(index).and_then(Option::as_deref);
                requests.record(name, Outcome::of(response), elapsed);
            }
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    let outbox = answers_quickly(outbox_backlog(&state.background_db)).await.and_then(Result::ok);
    let snapshot = Snapshot {
        sql: &state.sql_metrics,
        requests: &state.requests,
        // The process's own listener of membership changes is no client's subscription, and
        // each running group of subscriptions listens once for all its members.
        subscribers: (state.services.events.subscriber_count() + state.subscription_groups.members())
            .saturating_sub(state.open_connections.feed_subscriptions())
            .saturating_sub(state.subscription_groups.running_groups()),
        websocket_connections: state.lifecycle.open_sockets(),
        bus_configured: state.bus.configured,
        bus_connected: state.bus.is_connected(),
        request_pool: pool_usage(state.db()),
        background_pool: pool_usage(&state.background_db),
        read_pool: state.services.reads.usage(),
        outbox,
        draining: state.lifecycle.is_draining(),
        persisted_queries: state.persisted_queries.usage(),
        compiled: state.compiled.as_ref().map(|compiled| compiled.usage()),
    };
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], render(&snapshot)).into_response()
}

async fn outbox_backlog(db: &DatabaseConnection) -> Result<OutboxBacklog, sea_orm::DbErr> {
    let unsent = outbox::Entity::find().filter(outbox::Column::SentAt.is_null());
    let count = unsent.clone().count(db).await?;
    let oldest = unsent
        .order_by_asc(outbox::Column::Id)
        .select_only()
        .column(outbox::Column::CreatedAt)
        .into_tuple::<chrono::DateTime<Utc>>()
        .one(db)
        .await?;
    let oldest_age_seconds =
        oldest.map(|created| (Utc::now() - created).num_milliseconds().max(0) as f64 / 1000.0).unwrap_or(0.0);
    Ok(OutboxBacklog { unsent: count, oldest_age_seconds })
}

fn pool_usage(db: &DatabaseConnection) -> PoolUsage {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            PoolUsage {
                open: pool.size(),
                idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                max: pool.options().get_max_connections(),
            }
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            PoolUsage {
                open: pool.size(),
                idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                max: pool.options().get_max_connections(),
            }
        }
    }
}
