//! Participation reports over HTTP: the figures equal what the other modules hold, the CSV
//! export opens in Python's `csv` module with the expected header and totals, career events
//! hosted and students registered per school are counted, only department
//! officers see city-wide reports, pages cost a fixed number of statements, and the dashboard
//! works in a real browser.

mod access;
mod browser;
mod career_events;
mod counts;
mod csv;
mod verified;

use chrono::Datelike;
use hub_common::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::hub_test;

/// The figures every test reads, as GraphQL names them.
const FIGURES: &str = "offers seats nominationsAccepted placementsCompleted placementHours \
     equipmentDonations equipmentDonatedValue equipmentLoans equipmentLentValue bookingsHosted \
     bookingParticipants activePartnerships engagements studentsReached careerEventsHosted \
     careerEventStudents activities";

fn officer(app: &TestApp) -> String {
    app.token("so-congthuong", Role::DepartmentOfficer)
}

fn this_year() -> i32 {
    hub_common::time::today().year()
}

/// Every contributing organization's row for a year, through `enterpriseParticipation`.
async fn all_rows(app: &TestApp, token: &str, year: i32) -> Vec<Value> {
    let query = format!(
        "query($year: Int!) {{ enterpriseParticipation(first: 100, filter: {{ period: {{ year: $year }}, \
         kinds: [ENTERPRISE, BUSINESS_ASSOCIATION, COLLEGE, INTERMEDIATE_SCHOOL, VOCATIONAL_CENTRE, UNIVERSITY] }}) \
         {{ edges {{ node {{ organization {{ id name kind }} area {{ name }} sector {{ code }} figures {{ {FIGURES} }} }} }} \
         pageInfo {{ hasNextPage }} }} }}"
    );
    let data = app.data(Some(token), &query, json!({ "year": year })).await;
    assert_eq!(data["enterpriseParticipation"]["pageInfo"]["hasNextPage"], false);
    data["enterpriseParticipation"]["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()).collect()
}

async fn summary(app: &TestApp, token: &str, year: i32, group_by: &str) -> Value {
    let query = format!(
        "query($year: Int!) {{ participationSummary(period: {{ year: $year }}, groupBy: {group_by}) {{ from to groupBy \
         groups {{ area {{ name }} sector {{ code nameVi }} organizations participating figures {{ {FIGURES} }} }} \
         total {{ organizations participating figures {{ {FIGURES} }} }} unverifiedLeftOut }} }}"
    );
    app.data(Some(token), &query, json!({ "year": year })).await["participationSummary"].clone()
}
