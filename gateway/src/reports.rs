//! Reports over plain HTTP: the participation CSV export and the departments' dashboard page.
//!
//! The CSV is for spreadsheet programs, which cannot send GraphQL, so it has a URL of its own:
//! `GET /reports/participation.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=AREA|SECTOR|ENTERPRISE`
//! (or `year=2026`; this calendar year when no period is given; one row per enterprise when no
//! `groupBy` is given), with a bearer token of a department officer. Authorization is the
//! participation service's; this only translates.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use hub_common::{HubError, HubResult};
use participation::{GroupBy, Participation, ParticipationOrder, Period};
use serde_json::json;

use crate::http::{AppState, auth_error_response, authenticate};

/// The dashboard: one static page, its script inline, no build step. It signs in with a
/// pasted token and reads everything through `/graphql` and `/graphql/ws`.
pub async fn dashboard() -> Response {
    let headers = [(header::CACHE_CONTROL, "no-cache")];
    (headers, Html(include_str!("../assets/dashboard/index.html"))).into_response()
}

pub async fn participation_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let principal = match authenticate(&state, &headers).await {
        Ok(principal) => principal,
        Err(err) => return auth_error_response(err),
    };
    let result = async {
        // Refused before the parameters are read, so a refusal never depends on them.
        Participation::require_officer(principal.as_ref())?;
        let period = period(&params)?;
        let tracked = state.participation.tracked();
        let body = match group_by(&params)? {
            Some(group_by) => {
                let summary = state.participation.summary(principal.as_ref(), period, group_by).await?;
                participation::csv::summary_csv(&summary, tracked)
            }
            None => {
                let (rows, total) = state
                    .participation
                    .enterprise_report(principal.as_ref(), period, ParticipationOrder::Activities)
                    .await?;
                participation::csv::enterprise_csv(&rows, &total, period, tracked)
            }
        };
        Ok::<_, HubError>((period, body))
    }
    .await;
    match result {
        Ok((period, body)) => {
            let disposition = format!(
                "attachment; filename=\"participation-{}-{}.csv\"",
                period.from.format("%Y%m%d"),
                period.to.format("%Y%m%d")
            );
            let headers = [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ];
            (headers, body).into_response()
        }
        Err(err) => hub_error_response(err),
    }
}

/// The period the query string names, read by participation's one period parser.
fn period(params: &HashMap<String, String>) -> HubResult<Period> {
    let param = |name: &str| params.get(name).map(String::as_str);
    Period::from_query(param("year"), param("from"), param("to"))
}

fn group_by(params: &HashMap<String, String>) -> HubResult<Option<GroupBy>> {
    match params.get("groupBy").map(String::as_str) {
        None => Ok(None),
        Some(value) if value.eq_ignore_ascii_case("ENTERPRISE") => Ok(None),
        Some(value) => GroupBy::parse("groupBy", value)
            .map(Some)
            .map_err(|_| HubError::bad_input("groupBy", "groupBy must be AREA, SECTOR or ENTERPRISE")),
    }
}

/// A service error as an HTTP response with the same `extensions.code` GraphQL would give.
fn hub_error_response(err: HubError) -> Response {
    let status = match &err {
        HubError::Unauthenticated => StatusCode::UNAUTHORIZED,
        HubError::Forbidden(_) => StatusCode::FORBIDDEN,
        HubError::NotFound(_) => StatusCode::NOT_FOUND,
        HubError::BadUserInput { .. } => StatusCode::BAD_REQUEST,
        HubError::Conflict(_) => StatusCode::CONFLICT,
        HubError::LimitExceeded { .. } => StatusCode::BAD_REQUEST,
        HubError::Unavailable(cause) => {
            tracing::warn!(error = %cause, "database unavailable for the participation export");
            StatusCode::SERVICE_UNAVAILABLE
        }
        HubError::Unexpected(cause) => {
            tracing::error!(error = ?cause, "internal error in the participation export");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let mut extensions = json!({ "code": err.code() });
    if let HubError::BadUserInput { field, .. } = &err {
        extensions["field"] = json!(field);
    }
    let body = json!({ "errors": [{ "message": err.client_message(), "extensions": extensions }] });
    (status, axum::Json(body)).into_response()
}
