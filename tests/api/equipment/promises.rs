//! Quantity promised never exceeds quantity listed, also when many approvals race: the units
//! go to exactly as many requests as fit, the rest are refused with CONFLICT.

use super::*;

hub_test!(async fn forty_concurrent_approvals_promise_exactly_the_five_units_listed(app) {
    let listing = create_listing(&app, OWNER, listing_input("LOAN")).await;
    let mut requests = Vec::new();
    for n in 0..40 {
        let school = if n % 2 == 0 { SCHOOL } else { OTHER_SCHOOL };
        requests.push(request(&app, school, request_input(listing, 1, Some(30))).await);
    }
    let owner = member(&app, OWNER);
    let calls = requests.iter().map(|id| {
        let (app, owner) = (&app, &owner);
        async move { app.graphql(Some(owner), &decide_query(), json!({ "id": id, "decision": "APPROVE" })).await.1 }
    });
    let bodies = futures_util::future::join_all(calls).await;
    let approved = bodies.iter().filter(|body| body["data"]["decideEquipmentRequest"]["status"] == "APPROVED").count();
    let refusals: Vec<&Value> = bodies.iter().filter(|body| body.get("errors").is_some()).collect();
    assert_eq!(approved, 5);
    assert_eq!(refusals.len(), 35);
    for body in refusals {
        assert_eq!(first_error_code(body), "CONFLICT", "{body}");
    }
    assert_eq!(db_listing(&app, listing).await.promised, 5);
    let in_db = request::Entity::find()
        .filter(request::Column::ListingId.eq(listing))
        .filter(request::Column::Status.eq(equipment::RequestStatus::Approved))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(in_db, 5);
});

hub_test!(async fn approvals_racing_a_smaller_quantity_and_cancellations_stay_within_the_listing(app) {
    let listing = create_listing(&app, OWNER, with(listing_input("DONATION"), json!({ "quantity": 6 }))).await;
    let mut requests = Vec::new();
    for _ in 0..12 {
        requests.push(request(&app, SCHOOL, request_input(listing, 2, None)).await);
    }
    let owner = member(&app, OWNER);
    let approvals = requests.iter().map(|id| {
        let (app, owner) = (&app, &owner);
        async move { app.graphql(Some(owner), &decide_query(), json!({ "id": id, "decision": "APPROVE" })).await.1 }
    });
    // The owner lowers the quantity while approvals arrive: whichever wins, the promise fits.
    let update = update_query();
    let shrink = app.graphql(Some(&owner), &update, json!({ "id": listing, "input": { "quantity": 4 } }));
    let (bodies, shrink) = tokio::join!(futures_util::future::join_all(approvals), shrink);
    let approved = bodies.iter().filter(|body| body["data"]["decideEquipmentRequest"]["status"] == "APPROVED").count() as i32;
    let row = db_listing(&app, listing).await;
    assert_eq!(row.promised, approved * 2);
    assert!(row.promised <= row.quantity, "{row:?}");
    if shrink.1.get("errors").is_none() {
        assert_eq!((row.quantity, approved), (4, 2), "shrunk first, so two requests fit");
    } else {
        // Refused as bad input when the promises were already there when it read the listing,
        // as a conflict when they arrived between its read and its write.
        let code = first_error_code(&shrink.1);
        assert!(code == "BAD_USER_INPUT" || code == "CONFLICT", "{}", shrink.1);
        assert_eq!((row.quantity, approved), (6, 3));
    }
    // Cancelling an approved request frees its units for a waiting one.
    let granted = requests.iter().zip(&bodies).find(|(_, b)| b["data"]["decideEquipmentRequest"]["status"] == "APPROVED").map(|(id, _)| *id).unwrap();
    let waiting = requests.iter().zip(&bodies).find(|(_, b)| b.get("errors").is_some()).map(|(id, _)| *id).unwrap();
    app.data(Some(&member(&app, SCHOOL)), &cancel_query(), json!({ "id": granted })).await;
    assert_eq!(decide(&app, OWNER, waiting, "APPROVE").await["status"], "APPROVED");
    assert_eq!(db_listing(&app, listing).await.promised, approved * 2);
});
