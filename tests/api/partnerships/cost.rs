//! The cost of a page: parties, their organizations and areas, and commitments load in a
//! fixed number of statements, however many partnerships the page holds.

use super::*;

const PAGE: &str = "query($first: Int!) { partnerships(first: $first) { edges { node { title status \
     proposedBy { name } parties { acceptedAt organization { name area { name } } } commitments { kind } } } } }";

hub_test!(async fn a_page_costs_the_same_whatever_its_size(app) {
    for _ in 0..3 {
        active_partnership(&app, proposal(&[SCHOOL])).await;
    }
    let token = officer(&app);
    let data = app.data(Some(&token), PAGE, json!({ "first": 5 })).await;
    assert!(data["partnerships"]["edges"].as_array().map(Vec::len).unwrap_or(0) >= 4);
    let one = app.statements_for(Some(&token), PAGE, json!({ "first": 1 })).await;
    let five = app.statements_for(Some(&token), PAGE, json!({ "first": 5 })).await;
    assert_eq!(one, five, "statements must not grow with the page");
});
