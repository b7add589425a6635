//! Accepted nominations never exceed seats: withdrawals give seats back, and 50 concurrent
//! accepts fill exactly five.

use super::*;

hub_test!(async fn withdrawing_an_accepted_nomination_gives_the_seat_back(app) {
    let offer = published_offer(&app, with(offer_input(), json!({ "seats": 2 }))).await;
    let first = nominate(&app, SCHOOL, offer, "TP-2026-0101").await;
    let second = nominate(&app, OTHER_SCHOOL, offer, "NQ-2026-0202").await;
    let third = nominate(&app, SCHOOL, offer, "TP-2026-0103").await;
    let owner = member(&app, ENTERPRISE);
    for id in [first, second] {
        app.data(Some(&owner), DECIDE, json!({ "id": id, "decision": "ACCEPT" })).await;
    }
    let (_, body) = app.graphql(Some(&owner), DECIDE, json!({ "id": third, "decision": "ACCEPT" })).await;
    assert_eq!(first_error_code(&body), "CONFLICT", "{body}");
    assert_eq!(body["errors"][0]["message"], "all seats are taken");
    assert_eq!(db_nomination(&app, third).await.status, internships::NominationStatus::Submitted);
    assert_eq!(db_offer(&app, offer).await.accepted_count, 2);

    // Seats cannot drop below what is accepted.
    let variables = json!({ "id": offer, "input": { "seats": 1 } });
    refused(&app, Some(&owner), UPDATE, variables, "BAD_USER_INPUT", Some("seats")).await;
    assert_eq!(db_offer(&app, offer).await.seats, 2);

    let school = member(&app, SCHOOL);
    let data = app.data(Some(&school), WITHDRAW, json!({ "id": first })).await;
    assert_eq!(data["withdrawNomination"]["status"], "WITHDRAWN");
    assert_eq!(db_offer(&app, offer).await.accepted_count, 1);
    refused(&app, Some(&school), WITHDRAW, json!({ "id": first }), "CONFLICT", None).await;
    let data = app.data(Some(&owner), DECIDE, json!({ "id": third, "decision": "ACCEPT" })).await;
    assert_eq!(data["decideNomination"]["status"], "ACCEPTED");
    assert_eq!(db_offer(&app, offer).await.accepted_count, 2);
    refused(&app, Some(&owner), DECIDE, json!({ "id": third, "decision": "REJECT" }), "CONFLICT", None).await;
});

hub_test!(async fn fifty_concurrent_accepts_fill_exactly_five_seats(app) {
    let offer = published_offer(&app, with(offer_input(), json!({ "seats": 5 }))).await;
    let mut nominations = Vec::new();
    for n in 0..50 {
        nominations.push(nominate(&app, SCHOOL, offer, &format!("TP-2026-C{n:02}")).await);
    }
    let owner = member(&app, ENTERPRISE);
    let calls = nominations.iter().map(|id| {
        let (app, owner) = (&app, &owner);
        async move { app.graphql(Some(owner), DECIDE, json!({ "id": id, "decision": "ACCEPT" })).await.1 }
    });
    let bodies = futures_util::future::join_all(calls).await;
    let accepted = bodies.iter().filter(|body| body["data"]["decideNomination"]["status"] == "ACCEPTED").count();
    let conflicts: Vec<&Value> = bodies.iter().filter(|body| body.get("errors").is_some()).collect();
    assert_eq!(accepted, 5);
    assert_eq!(conflicts.len(), 45);
    for body in conflicts {
        assert_eq!(first_error_code(body), "CONFLICT", "{body}");
    }
    assert_eq!(db_offer(&app, offer).await.accepted_count, 5);
    let in_db = nomination::Entity::find()
        .filter(nomination::Column::OfferId.eq(offer))
        .filter(nomination::Column::Status.eq(internships::NominationStatus::Accepted))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(in_db, 5);
});
