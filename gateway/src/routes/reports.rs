//! Reports over plain HTTP: the participation CSV export and the departments' dashboard page.
//!
//! The CSV is for spreadsheet programs, which cannot send GraphQL, so it has a URL of its own:
//! `GET /reports/participation.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=AREA|SECTOR|ENTERPRISE|SCHOOL`
//! (or `year=2026`; this calendar year when no period is given; one row per enterprise when no
//! `groupBy` is given; `SCHOOL`: one row per school with the students it registered for career
//! events), with a bearer token of a department officer. Authorization is the
//! participation service's; this only translates.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use hub_common::msg;
use hub_common::{HubError, HubResult};
use participation::{GroupBy, Participation, ParticipationOrder, Period};

use crate::api_error::ApiError;
use crate::extract::Authenticated;
use crate::state::AppState;

/// The dashboard: one static page and its script (`crate::assets`), no build step. It signs in
/// with a pasted token and reads everything through `/graphql` and `/graphql/ws`.
pub async fn dashboard() -> Response {
    crate::assets::dashboard_page()
}

/// The CSV's query string; every parameter is optional, each may appear once.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CsvParams {
    year: Option<String>,
    from: Option<String>,
    to: Option<String>,
    #[serde(rename = "groupBy")]
    group_by: Option<String>,
}

pub async fn participation_csv(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    params: Result<Query<CsvParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let participation = &state.services.participation;
    // Refused before the parameters are read, so a refusal never depends on them.
    Participation::require_officer(principal.as_ref())?;
    let Query(params) = params.map_err(|rejection| {
        HubError::bad_input("query", msg!("query-string-cannot-read-value", value = rejection.body_text()))
    })?;
    let period = period(&params)?;
    let tracked = participation.tracked();
    let body = match group_by(&params)? {
        Report::Schools => {
            let rows =
                participation.school_registrations(principal.as_ref(), period).await?.unwrap_or_default();
            participation::csv::school_csv(&rows, period)
        }
        Report::Grouped(group_by) => {
            let summary = participation.summary(principal.as_ref(), period, group_by).await?;
            participation::csv::summary_csv(&summary, tracked)
        }
        Report::Enterprises => {
            let report = participation
                .enterprise_report(principal.as_ref(), period, ParticipationOrder::Activities)
                .await?;
            participation::csv::enterprise_csv(&report, period, tracked)
        }
    };
    let disposition = format!(
        "attachment; filename=\"participation-{}-{}.csv\"",
        period.from.format("%Y%m%d"),
        period.to.format("%Y%m%d")
    );
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, body).into_response())
}

/// The period the query string names, read by participation's one period parser.
fn period(params: &CsvParams) -> HubResult<Period> {
    Period::from_query(params.year.as_deref(), params.from.as_deref(), params.to.as_deref())
}

/// Which report the CSV holds.
enum Report {
    Grouped(GroupBy),
    Enterprises,
    Schools,
}

fn group_by(params: &CsvParams) -> HubResult<Report> {
    match params.group_by.as_deref() {
        None => Ok(Report::Enterprises),
        Some(value) if value.eq_ignore_ascii_case("ENTERPRISE") => Ok(Report::Enterprises),
        Some(value) if value.eq_ignore_ascii_case("SCHOOL") => Ok(Report::Schools),
        Some(value) => GroupBy::parse("groupBy", value)
            .map(Report::Grouped)
            .map_err(|_| HubError::bad_input("groupBy", msg!("groupby-must-area-sector-enterprise-school"))),
    }
}
