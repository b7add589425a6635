//! The cost of a page: indicators, organizations, areas, participants and milestones load in a
//! fixed number of statements, however many rows the page holds.

use super::*;

const MEASUREMENT_PAGE: &str = "query($first: Int!) { measurements(first: $first) { edges { node { value indicator { code nameVi } organization { name area { name } } area { name } history { version } } } } }";
const PILOT_PAGE: &str = "query($first: Int!) { pilotModels(first: $first) { edges { node { name leadOrganization { name area { name } } participants { name } area { name } milestones { title } } } } }";
const REPORT_PAGE: &str = "query($first: Int!) { annualReports(first: $first) { edges { node { status organization { name area { name } } } } } }";

hub_test!(async fn pages_cost_the_same_whatever_their_size(app) {
    let token = officer(&app);
    for query in [MEASUREMENT_PAGE, REPORT_PAGE, PILOT_PAGE] {
        let one = app.statements_for(Some(&token), query, json!({ "first": 1 })).await;
        let many = app.statements_for(Some(&token), query, json!({ "first": 50 })).await;
        assert_eq!(one, many, "statements must not grow with the page: {query}");
    }
});
