//! Who may do what: for every mutation, anonymous callers are UNAUTHENTICATED, and a wrong
//! organization or kind of organization is FORBIDDEN with nothing changed in the database. A
//! missing id is refused like a hidden one.

use super::*;

hub_test!(async fn only_verified_organizations_post_and_only_the_owner_changes_or_withdraws(app) {
    let before = listing_count(&app).await;
    let input = json!({ "input": listing_input("DONATION") });
    refused(&app, None, &create_query(), input.clone(), "UNAUTHENTICATED", None).await;
    for org in [UNVERIFIED, OFFICER] {
        refused(&app, Some(&member(&app, org)), &create_query(), input.clone(), "FORBIDDEN", None).await;
    }
    assert_eq!(listing_count(&app).await, before);

    let listing = create_listing(&app, OWNER, listing_input("DONATION")).await;
    let update = json!({ "id": listing, "input": { "name": "Đổi tên bởi người khác" } });
    refused(&app, None, &update_query(), update.clone(), "UNAUTHENTICATED", None).await;
    refused(&app, None, &withdraw_query(), json!({ "id": listing }), "UNAUTHENTICATED", None).await;
    for token in [member(&app, OTHER_OWNER), member(&app, SCHOOL), officer(&app)] {
        refused(&app, Some(&token), &update_query(), update.clone(), "FORBIDDEN", None).await;
        refused(&app, Some(&token), &withdraw_query(), json!({ "id": listing }), "FORBIDDEN", None).await;
    }
    let missing = json!({ "id": Uuid::now_v7() });
    refused(&app, Some(&member(&app, OWNER)), &withdraw_query(), missing, "FORBIDDEN", None).await;
    let row = db_listing(&app, listing).await;
    assert_eq!((row.name.as_str(), row.status), ("Máy hàn điện tử MIG", equipment::ListingStatus::Available));
});

hub_test!(async fn only_schools_request_only_the_owner_decides_and_only_the_requester_cancels(app) {
    let listing = create_listing(&app, OWNER, listing_input("DONATION")).await;
    let before = request_count(&app).await;
    let input = json!({ "input": request_input(listing, 1, None) });
    refused(&app, None, &request_query(), input.clone(), "UNAUTHENTICATED", None).await;
    for org in [OWNER, OTHER_OWNER, OFFICER] {
        refused(&app, Some(&member(&app, org)), &request_query(), input.clone(), "FORBIDDEN", None).await;
    }
    assert_eq!(request_count(&app).await, before);

    let id = request(&app, SCHOOL, request_input(listing, 2, None)).await;
    let approve = json!({ "id": id, "decision": "APPROVE" });
    refused(&app, None, &decide_query(), approve.clone(), "UNAUTHENTICATED", None).await;
    for token in [member(&app, SCHOOL), member(&app, OTHER_OWNER), officer(&app)] {
        refused(&app, Some(&token), &decide_query(), approve.clone(), "FORBIDDEN", None).await;
    }
    let missing = json!({ "id": Uuid::now_v7(), "decision": "APPROVE" });
    refused(&app, Some(&member(&app, OWNER)), &decide_query(), missing, "FORBIDDEN", None).await;
    assert_eq!(db_request(&app, id).await.status, equipment::RequestStatus::Pending);
    assert_eq!(db_listing(&app, listing).await.promised, 0);

    refused(&app, None, &cancel_query(), json!({ "id": id }), "UNAUTHENTICATED", None).await;
    for token in [member(&app, OWNER), member(&app, OTHER_SCHOOL), officer(&app)] {
        refused(&app, Some(&token), &cancel_query(), json!({ "id": id }), "FORBIDDEN", None).await;
    }
    assert_eq!(db_request(&app, id).await.status, equipment::RequestStatus::Pending);
    // Another school does not see the request under the listing either.
    let seen = app.data(Some(&member(&app, OTHER_SCHOOL)), &get_query(), json!({ "id": listing })).await;
    assert_eq!(seen["equipmentListing"]["requests"], json!([]));
});

hub_test!(async fn only_the_owner_records_hand_overs_and_returns(app) {
    let (_, loan) = approved_request(&app, "LOAN", 2).await;
    let input = json!({ "input": handover_input(loan, 2) });
    refused(&app, None, &handover_query(), input.clone(), "UNAUTHENTICATED", None).await;
    for token in [member(&app, SCHOOL), member(&app, OTHER_OWNER), officer(&app)] {
        refused(&app, Some(&token), &handover_query(), input.clone(), "FORBIDDEN", None).await;
    }
    assert_eq!(handover_count(&app).await, 3, "the demo hand-overs only");
    assert_eq!(db_request(&app, loan).await.status, equipment::RequestStatus::Approved);

    hand_over(&app, OWNER, handover_input(loan, 2)).await;
    let input = json!({ "input": return_input(loan, 1) });
    refused(&app, None, &return_query(), input.clone(), "UNAUTHENTICATED", None).await;
    for token in [member(&app, SCHOOL), member(&app, OTHER_OWNER), officer(&app)] {
        refused(&app, Some(&token), &return_query(), input.clone(), "FORBIDDEN", None).await;
    }
    let missing = json!({ "input": return_input(Uuid::now_v7(), 1) });
    refused(&app, Some(&member(&app, OWNER)), &return_query(), missing, "FORBIDDEN", None).await;
    assert_eq!(db_request(&app, loan).await.returned_quantity, 0);
    refused(&app, None, OVERDUE, json!({}), "UNAUTHENTICATED", None).await;
});

const REGISTER: &str =
    "mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }";

hub_test!(async fn schools_and_colleges_share_their_own_equipment_with_other_schools(app) {
    // A school lends a lab kit; another school asks for it and the lending school approves.
    let listing = create_listing(&app, SCHOOL, with(listing_input("LOAN"), json!({ "name": "Bộ thí nghiệm điện học", "category": "Thiết bị thí nghiệm" }))).await;
    let id = request(&app, OTHER_SCHOOL, request_input(listing, 1, Some(14))).await;
    assert_eq!(decide(&app, SCHOOL, id, "APPROVE").await["status"], "APPROVED");
    // Its own listing is not something a school requests.
    let own = json!({ "input": request_input(listing, 1, Some(14)) });
    refused(&app, Some(&member(&app, SCHOOL)), &request_query(), own, "BAD_USER_INPUT", Some("input.listingId")).await;
    // A college shares its workshop's spare machines the same way.
    let college = create_listing(&app, "cd-cong-nghiep-hp", listing_input("DONATION")).await;
    assert_eq!(db_listing(&app, college).await.owner_id, crate::helpers::demo_org("cd-cong-nghiep-hp"));

    // A school nobody has verified yet is refused, and told who verifies schools.
    let input = json!({ "input": { "kind": "UPPER_SECONDARY_SCHOOL", "name": "Trường THPT Tự đăng ký", "areaId": crate::helpers::demo_area("HP-P-LECHAN") } });
    let data = app.data(Some(&app.token(SCHOOL, Role::OrgAdmin)), REGISTER, input).await;
    let unverified = Uuid::parse_str(data["registerOrganization"]["id"].as_str().unwrap()).unwrap();
    let token = app.token_for(&format!("test:{SCHOOL}"), Some(unverified), &[Role::OrgMember]);
    let before = listing_count(&app).await;
    let body = refused(&app, Some(&token), &create_query(), json!({ "input": listing_input("LOAN") }), "FORBIDDEN", None).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("Education and Training"), "{body}");
    assert_eq!(listing_count(&app).await, before);
});
