//! Every mutation refuses the wrong organization or role and changes nothing; hidden offers
//! stay hidden.

use super::*;

hub_test!(async fn offer_mutations_refuse_everybody_but_the_enterprise(app) {
    let draft = create_offer(&app, ENTERPRISE, offer_input()).await;
    let published = published_offer(&app, offer_input()).await;
    let offers_before = offer::Entity::find().count(&app.db).await.expect("count");
    let (draft_before, published_before) = (db_offer(&app, draft).await, db_offer(&app, published).await);
    let events_before = published_events(&app).await.len();

    let outsiders = [
        member(&app, OTHER_ENTERPRISE),
        app.token(OTHER_ENTERPRISE, Role::OrgAdmin),
        member(&app, SCHOOL),
        officer(&app),
        // A token naming the enterprise but carrying no role in it.
        app.token(ENTERPRISE, Role::DepartmentOfficer),
    ];
    let missing = Uuid::now_v7();
    for token in &outsiders {
        for (query, id) in [(UPDATE, draft), (UPDATE, published), (UPDATE, missing)] {
            let variables = json!({ "id": id, "input": { "title": "Chiếm quyền", "seats": 50 } });
            refused(&app, Some(token), query, variables, "FORBIDDEN", None).await;
        }
        for (query, id) in [(PUBLISH, draft), (CLOSE, published), (CANCEL, draft), (CANCEL, published), (PUBLISH, missing)] {
            refused(&app, Some(token), query, json!({ "id": id }), "FORBIDDEN", None).await;
        }
    }
    // Only enterprises create offers, and only for the organization their token acts for.
    for token in [member(&app, SCHOOL), officer(&app), app.token(ENTERPRISE, Role::DepartmentOfficer)] {
        refused(&app, Some(&token), CREATE, json!({ "input": offer_input() }), "FORBIDDEN", None).await;
    }
    refused(&app, None, CREATE, json!({ "input": offer_input() }), "UNAUTHENTICATED", None).await;
    for (query, variables) in [
        (UPDATE, json!({ "id": draft, "input": { "title": "x" } })),
        (PUBLISH, json!({ "id": draft })),
        (CLOSE, json!({ "id": published })),
        (CANCEL, json!({ "id": published })),
    ] {
        refused(&app, None, query, variables, "UNAUTHENTICATED", None).await;
    }

    assert_eq!(offer::Entity::find().count(&app.db).await.expect("count"), offers_before);
    assert_eq!(db_offer(&app, draft).await, draft_before);
    assert_eq!(db_offer(&app, published).await, published_before);
    assert_eq!(published_events(&app).await.len(), events_before);

    // The enterprise itself may, with a member's token.
    let owner = member(&app, ENTERPRISE);
    let data = app.data(Some(&owner), UPDATE, json!({ "id": draft, "input": { "title": "Điều độ bãi", "stipendVnd": null } })).await;
    assert_eq!(data["updateInternshipOffer"]["title"], "Điều độ bãi");
    assert!(data["updateInternshipOffer"]["stipendVnd"].is_null(), "an explicit null clears the stipend");
    let data = app.data(Some(&owner), CLOSE, json!({ "id": published })).await;
    assert_eq!(data["closeInternshipOffer"]["status"], "CLOSED");
    let data = app.data(Some(&owner), CANCEL, json!({ "id": draft })).await;
    assert_eq!(data["cancelInternshipOffer"]["status"], "CANCELLED");
    refused(&app, Some(&owner), PUBLISH, json!({ "id": draft }), "CONFLICT", None).await;
    refused(&app, Some(&owner), UPDATE, json!({ "id": published, "input": { "title": "x" } }), "CONFLICT", None).await;
});

hub_test!(async fn nomination_mutations_refuse_everybody_but_the_parties(app) {
    let offer = published_offer(&app, offer_input()).await;
    let submitted = nominate(&app, SCHOOL, offer, "TP-2026-0001").await;
    let accepted = nominate(&app, SCHOOL, offer, "TP-2026-0002").await;
    let owner = member(&app, ENTERPRISE);
    app.data(Some(&owner), DECIDE, json!({ "id": accepted, "decision": "ACCEPT" })).await;
    let nominations_before = nomination::Entity::find().count(&app.db).await.expect("count");
    let rows_before = (db_nomination(&app, submitted).await, db_nomination(&app, accepted).await);
    let offer_before = db_offer(&app, offer).await;

    // Nominating: schools and colleges only.
    let input = json!({ "input": { "offerId": offer, "studentRef": "X-1", "grade": 11 } });
    for token in [owner.clone(), member(&app, OTHER_ENTERPRISE), officer(&app), app.token(SCHOOL, Role::DepartmentOfficer)] {
        refused(&app, Some(&token), NOMINATE, input.clone(), "FORBIDDEN", None).await;
    }
    refused(&app, None, NOMINATE, input, "UNAUTHENTICATED", None).await;

    // Deciding and completing: the offer's enterprise only (not the school that nominated).
    let missing = Uuid::now_v7();
    for token in [member(&app, SCHOOL), member(&app, OTHER_ENTERPRISE), officer(&app)] {
        for id in [submitted, missing] {
            refused(&app, Some(&token), DECIDE, json!({ "id": id, "decision": "ACCEPT" }), "FORBIDDEN", None).await;
        }
        refused(&app, Some(&token), DECIDE, json!({ "id": submitted, "decision": "REJECT" }), "FORBIDDEN", None).await;
        refused(&app, Some(&token), COMPLETE, json!({ "id": accepted, "hours": 40 }), "FORBIDDEN", None).await;
    }
    // Withdrawing: the nominating school only (not the enterprise, not another school).
    for token in [owner.clone(), member(&app, OTHER_SCHOOL), officer(&app)] {
        for id in [submitted, accepted, missing] {
            refused(&app, Some(&token), WITHDRAW, json!({ "id": id }), "FORBIDDEN", None).await;
        }
    }
    for (query, variables) in [
        (DECIDE, json!({ "id": submitted, "decision": "ACCEPT" })),
        (WITHDRAW, json!({ "id": submitted })),
        (COMPLETE, json!({ "id": accepted, "hours": 40 })),
    ] {
        refused(&app, None, query, variables, "UNAUTHENTICATED", None).await;
    }

    assert_eq!(nomination::Entity::find().count(&app.db).await.expect("count"), nominations_before);
    assert_eq!((db_nomination(&app, submitted).await, db_nomination(&app, accepted).await), rows_before);
    assert_eq!(db_offer(&app, offer).await, offer_before);
});

hub_test!(async fn drafts_and_cancelled_offers_are_hidden_from_others(app) {
    let draft = create_offer(&app, ENTERPRISE, offer_input()).await;
    let cancelled = published_offer(&app, offer_input()).await;
    app.data(Some(&member(&app, ENTERPRISE)), CANCEL, json!({ "id": cancelled })).await;
    let public = published_offer(&app, offer_input()).await;

    let others = [None, Some(member(&app, OTHER_ENTERPRISE)), Some(member(&app, SCHOOL))];
    for token in &others {
        for hidden in [draft, cancelled] {
            let data = app.data(token.as_deref(), OFFER, json!({ "id": hidden })).await;
            assert!(data["internshipOffer"].is_null(), "{hidden} leaked: {data}");
        }
        let data = app.data(token.as_deref(), OFFER, json!({ "id": public })).await;
        assert_eq!(data["internshipOffer"]["status"], "PUBLISHED");
        let ids = edge_ids(&app.data(token.as_deref(), OFFERS, json!({})).await["internshipOffers"]);
        assert!(ids.contains(&public.to_string()));
        assert!(!ids.contains(&draft.to_string()) && !ids.contains(&cancelled.to_string()), "{ids:?}");
        let drafts = app.data(token.as_deref(), OFFERS, json!({ "filter": { "status": "DRAFT" } })).await;
        assert!(edge_ids(&drafts["internshipOffers"]).is_empty(), "nobody else's drafts: {drafts}");
    }
    for token in [member(&app, ENTERPRISE), officer(&app)] {
        for hidden in [draft, cancelled] {
            let data = app.data(Some(&token), OFFER, json!({ "id": hidden })).await;
            assert_eq!(data["internshipOffer"]["id"], hidden.to_string());
        }
        let ids = edge_ids(&app.data(Some(&token), OFFERS, json!({})).await["internshipOffers"]);
        assert!(ids.contains(&draft.to_string()) && ids.contains(&cancelled.to_string()));
    }
    // The federation entity resolver hides them the same way.
    let entities = "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on InternshipOffer { id } } }";
    let reps = json!({ "reps": [{ "__typename": "InternshipOffer", "id": draft }, { "__typename": "InternshipOffer", "id": public }] });
    let data = app.data(None, entities, reps).await;
    assert!(data["_entities"][0].is_null());
    assert_eq!(data["_entities"][1]["id"], public.to_string());
});
