//! The iCalendar feeds of facility bookings, for calendar programs that cannot send GraphQL.
//! The module renders them (it knows no HTTP); these routes only serve its text.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// The query of a calendar feed URL: `?token=<the organization's calendar secret>`.
#[derive(serde::Deserialize)]
pub struct FeedQuery {
    token: Option<String>,
}

/// `GET /calendar/facilities/{id}.ics?token=…`: the facility's bookings, for its host's secret.
pub async fn facility(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<FeedQuery>,
) -> Response {
    let Some(id) = feed_id(&file) else { return not_found() };
    let token = query.token.unwrap_or_default();
    feed_response(state.services.facilities.facility_feed(id, &token).await)
}

/// `GET /calendar/organizations/{id}.ics?token=…`: bookings the organization made or hosts.
pub async fn organization(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<FeedQuery>,
) -> Response {
    let Some(id) = feed_id(&file) else { return not_found() };
    let token = query.token.unwrap_or_default();
    feed_response(state.services.facilities.organization_feed(id, &token).await)
}

/// The id in a feed's file name (`<uuid>.ics`).
fn feed_id(file: &str) -> Option<uuid::Uuid> {
    file.strip_suffix(".ics").and_then(|id| uuid::Uuid::parse_str(id).ok())
}

/// One answer for an unknown id and a wrong or missing secret, so a guesser learns nothing.
fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "no calendar at this address; check the link or ask for a new one")
        .into_response()
}

fn feed_response(feed: hub_common::HubResult<Option<String>>) -> Response {
    match feed {
        Ok(Some(text)) => {
            let headers = [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                // The URL holds a secret; keep shared caches from storing the answer.
                (header::CACHE_CONTROL, "private, max-age=300"),
            ];
            (headers, text).into_response()
        }
        Ok(None) => not_found(),
        Err(err) => {
            // The cause goes to the log; the calendar program only learns it was not its fault.
            tracing::error!(error = ?err, "rendering a calendar feed failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}
