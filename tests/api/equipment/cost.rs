//! The cost of a page: owners and their areas, requests with their requesters, hand-overs and
//! returns load in a fixed number of statements, however many listings the page holds.

use super::*;

const PAGE: &str = "query($first: Int!) { equipmentListings(first: $first) { edges { node { name owner { name area { name } } \
     requests { status requester { name } listing { name } handovers { quantity current } returns { quantity } } } } } }";

hub_test!(async fn a_page_costs_the_same_whatever_its_size(app) {
    // Different owners and schools, so every page of two or more refers to several of each and
    // loads them in one statement per kind, with no batching window involved.
    let pairs = [(OWNER, SCHOOL), (OTHER_OWNER, OTHER_SCHOOL), ("dn-co-khi-ben-binh", "thcs-chu-van-an")];
    for (owner, school) in pairs {
        let listing = create_listing(&app, owner, listing_input("LOAN")).await;
        let loan = request(&app, school, request_input(listing, 2, Some(30))).await;
        decide(&app, owner, loan, "APPROVE").await;
        hand_over(&app, owner, handover_input(loan, 2)).await;
        give_back(&app, owner, return_input(loan, 1)).await;
    }
    let token = officer(&app);
    let data = app.data(Some(&token), PAGE, json!({ "first": 5 })).await;
    let edges = data["equipmentListings"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 5);
    assert_eq!(edges[0]["node"]["requests"][0]["returns"][0]["quantity"], 1, "{data}");
    let two = app.statements_for(Some(&token), PAGE, json!({ "first": 2 })).await;
    let five = app.statements_for(Some(&token), PAGE, json!({ "first": 5 })).await;
    assert_eq!(two, five, "statements must not grow with the page");
});
