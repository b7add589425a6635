//! Bad input for every mutation: refused with BAD_USER_INPUT naming the field, nothing written.

use super::*;

hub_test!(async fn listings_with_bad_fields_are_refused(app) {
    let before = listing_count(&app).await;
    let token = member(&app, OWNER);
    let long_url = format!("https://anh.example.vn/{}", "a".repeat(2001));
    let cases = [
        (json!({ "name": "   " }), "input.name"),
        (json!({ "category": "" }), "input.category"),
        (json!({ "quantity": 0 }), "input.quantity"),
        (json!({ "quantity": 10_001 }), "input.quantity"),
        (json!({ "estimatedValueVnd": -1 }), "input.estimatedValueVnd"),
        (json!({ "availableFrom": in_days(10), "availableUntil": in_days(5) }), "input.availableUntil"),
        (json!({ "availableFrom": in_days(-10), "availableUntil": in_days(-1) }), "input.availableUntil"),
        (json!({ "photoUrls": ["ftp://anh.example.vn/a.jpg"] }), "input.photoUrls"),
        (json!({ "photoUrls": ["javascript:alert(1)"] }), "input.photoUrls"),
        (json!({ "photoUrls": [long_url] }), "input.photoUrls"),
        (json!({ "photoUrls": vec!["https://anh.example.vn/a.jpg"; 11] }), "input.photoUrls"),
    ];
    for (changes, field) in cases {
        let input = json!({ "input": with(listing_input("LOAN"), changes) });
        refused(&app, Some(&token), &create_query(), input, "BAD_USER_INPUT", Some(field)).await;
    }
    assert_eq!(listing_count(&app).await, before);

    let (listing, _) = approved_request(&app, "LOAN", 3).await;
    let cases = [
        (json!({ "quantity": 2 }), "input.quantity"),
        (json!({ "name": "" }), "input.name"),
        (json!({ "photoUrls": ["http://"] }), "input.photoUrls"),
        (json!({ "availableUntil": in_days(-1) }), "input.availableUntil"),
    ];
    for (changes, field) in cases {
        let variables = json!({ "id": listing, "input": changes });
        refused(&app, Some(&token), &update_query(), variables, "BAD_USER_INPUT", Some(field)).await;
    }
    let row = db_listing(&app, listing).await;
    assert_eq!((row.quantity, row.name.as_str()), (5, "Máy hàn điện tử MIG"));
    refused(&app, None, "{ equipmentListings(first: 101) { edges { node { id } } } }", json!({}), "PAGE_SIZE_TOO_LARGE", None).await;
});

hub_test!(async fn requests_and_decisions_with_bad_fields_are_refused(app) {
    let loan = create_listing(&app, OWNER, listing_input("LOAN")).await;
    let donation = create_listing(&app, OWNER, listing_input("DONATION")).await;
    let before = request_count(&app).await;
    let token = member(&app, SCHOOL);
    let cases = [
        (request_input(loan, 0, Some(30)), "input.quantity"),
        (request_input(loan, 6, Some(30)), "input.quantity"),
        (request_input(loan, 1, None), "input.returnBy"),
        (request_input(loan, 1, Some(0)), "input.returnBy"),
        (request_input(loan, 1, Some(201)), "input.returnBy"),
        (request_input(donation, 1, Some(30)), "input.returnBy"),
        (with(request_input(donation, 1, None), json!({ "purpose": " " })), "input.purpose"),
        (request_input(Uuid::now_v7(), 1, None), "input.listingId"),
        (with(request_input(donation, 1, None), json!({ "listingId": "not-an-id" })), "input.listingId"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), &request_query(), json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    assert_eq!(request_count(&app).await, before);

    let id = request(&app, SCHOOL, request_input(donation, 1, None)).await;
    let variables = json!({ "id": id, "decision": "DECLINE", "note": "x".repeat(1001) });
    refused(&app, Some(&member(&app, OWNER)), &decide_query(), variables, "BAD_USER_INPUT", Some("note")).await;
    assert_eq!(db_request(&app, id).await.status, equipment::RequestStatus::Pending);
    let declined = app.data(Some(&member(&app, OWNER)), &decide_query(), json!({ "id": id, "decision": "DECLINE", "note": "Đã hết hàng." })).await;
    assert_eq!(declined["decideEquipmentRequest"]["decisionNote"], "Đã hết hàng.");
    refused(&app, Some(&member(&app, OWNER)), &decide_query(), json!({ "id": id, "decision": "APPROVE" }), "CONFLICT", None).await;
});

hub_test!(async fn hand_overs_and_returns_with_bad_fields_are_refused(app) {
    let (_, loan) = approved_request(&app, "LOAN", 3).await;
    let token = member(&app, OWNER);
    let handovers = handover_count(&app).await;
    let cases = [
        (handover_input(loan, 4), "input.quantity"),
        (handover_input(loan, 0), "input.quantity"),
        (with(handover_input(loan, 3), json!({ "handedOverOn": in_days(1) })), "input.handedOverOn"),
        (with(handover_input(loan, 3), json!({ "handedOverOn": in_days(-401) })), "input.handedOverOn"),
        (with(handover_input(loan, 3), json!({ "receivedBy": "" })), "input.receivedBy"),
        (with(handover_input(loan, 3), json!({ "handedOverBy": "x".repeat(201) })), "input.handedOverBy"),
        (with(handover_input(loan, 3), json!({ "correctsId": Uuid::now_v7() })), "input.correctsId"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), &handover_query(), json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    assert_eq!(handover_count(&app).await, handovers);

    let out = hand_over(&app, OWNER, handover_input(loan, 3)).await;
    let cases = [
        (return_input(loan, 4), "input.quantity"),
        (return_input(loan, 0), "input.quantity"),
        (with(return_input(loan, 1), json!({ "returnedOn": in_days(1) })), "input.returnedOn"),
        (with(return_input(loan, 1), json!({ "receivedBy": "  " })), "input.receivedBy"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), &return_query(), json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    assert_eq!(db_request(&app, loan).await.returned_quantity, 0);

    // Two came back, so a correction cannot say only one ever went out.
    give_back(&app, OWNER, return_input(loan, 2)).await;
    let correction = with(handover_input(loan, 1), json!({ "correctsId": id_of(&out["handovers"][0]) }));
    refused(&app, Some(&token), &handover_query(), json!({ "input": correction }), "BAD_USER_INPUT", Some("input.quantity")).await;
    let row = db_request(&app, loan).await;
    assert_eq!((row.status, row.handed_over_quantity, row.returned_quantity), (equipment::RequestStatus::HandedOver, 3, 2));
});
