//! Commitment tracking: promised against delivered, counting engagements recorded here,
//! internship seats offered through the internships module and equipment handed over through
//! the equipment module, for the year asked; only what names the partnership is delivered, the
//! parties' other activity is `unattributed`, and engagements count once confirmed.

use super::*;

const PROGRESS: &str = "query($id: ID!, $year: Int!) { partnership(id: $id) { commitmentProgress(year: $year) { year promised delivered unattributed trackedBy commitment { kind } } } }";
const CONFIRM: &str =
    "mutation($id: ID!) { confirmEngagement(id: $id) { id awaitingConfirmation { name } } }";
const CREATE_OFFER: &str =
    "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }";
const PUBLISH_OFFER: &str = "mutation($id: ID!) { publishInternshipOffer(id: $id) { id } }";

async fn progress(app: &TestApp, id: Uuid, year: i32) -> Vec<Value> {
    let data = app.data(Some(&member(app, ENTERPRISE)), PROGRESS, json!({ "id": id, "year": year })).await;
    data["partnership"]["commitmentProgress"].as_array().expect("progress").clone()
}

fn item<'a>(items: &'a [Value], kind: &str) -> &'a Value {
    items.iter().find(|i| i["commitment"]["kind"] == kind).unwrap_or_else(|| panic!("no {kind} in {items:?}"))
}

hub_test!(async fn progress_counts_engagements_here_and_seats_offered_in_internships(app) {
    let commitments = json!({ "commitments": [
        { "kind": "INTERNSHIP_SEATS", "perYear": 20 },
        { "kind": "ENGAGEMENTS", "perYear": 4 },
        { "kind": "CAREER_TALKS", "perYear": 2 },
        { "kind": "EQUIPMENT_VALUE_VND", "valueVndPerYear": 150_000_000 },
    ] });
    let id = active_partnership(&app, with(proposal(&[SCHOOL]), commitments)).await;

    let items = progress(&app, id, this_year()).await;
    assert_eq!(item(&items, "ENGAGEMENTS")["delivered"], 0);
    assert_eq!(item(&items, "INTERNSHIP_SEATS")["promised"], 20);
    // Nothing handed over yet this year: a tracked zero.
    let equipment = item(&items, "EQUIPMENT_VALUE_VND");
    assert_eq!((equipment["promised"].clone(), equipment["delivered"].clone(), equipment["trackedBy"].clone()), (json!(150_000_000), json!(0), json!("EQUIPMENT")));

    let talk = record(&app, ENTERPRISE, engagement_input(Some(id), "GUEST_TALK")).await;
    let visit = record(&app, SCHOOL, with(engagement_input(Some(id), "COMPANY_VISIT"), json!({ "organizationIds": [demo_org(ENTERPRISE)] }))).await;
    // Not under this partnership, so not counted.
    record(&app, ENTERPRISE, engagement_input(None, "GUEST_TALK")).await;
    // Each names the other party, which has not confirmed yet: nothing is delivered on one
    // party's word alone.
    assert_eq!(item(&progress(&app, id, this_year()).await, "ENGAGEMENTS")["delivered"], 0);
    let confirmed = app.data(Some(&member(&app, SCHOOL)), CONFIRM, json!({ "id": talk })).await;
    assert_eq!(confirmed["confirmEngagement"]["awaitingConfirmation"], json!([]));
    app.data(Some(&member(&app, ENTERPRISE)), CONFIRM, json!({ "id": visit })).await;
    let items = progress(&app, id, this_year()).await;
    assert_eq!(item(&items, "ENGAGEMENTS")["delivered"], 2);
    assert_eq!(item(&items, "ENGAGEMENTS")["trackedBy"], "ENGAGEMENTS");
    assert_eq!(item(&items, "CAREER_TALKS")["delivered"], 1);
    assert_eq!(item(&progress(&app, id, this_year() - 1).await, "ENGAGEMENTS")["delivered"], 0);

    // Seats: publish an offer through the API and watch the count for its start year grow.
    let start = today() + TimeDelta::days(30);
    let before = item(&progress(&app, id, start.year()).await, "INTERNSHIP_SEATS")["delivered"].as_i64().unwrap();
    let offer = json!({
        "title": "Thực tập sinh điều độ kho", "description": "Theo dõi xe ra vào cổng cảng.",
        "sector": "5210", "areaId": crate::helpers::demo_area("HP-P-DONGHAI"), "seats": 7,
        "eligibleLevels": ["COLLEGE_STUDENT"], "startDate": in_days(30), "endDate": in_days(60),
        "applicationDeadline": in_days(10), "partnershipId": id,
    });
    let token = member(&app, ENTERPRISE);
    let created = app.data(Some(&token), CREATE_OFFER, json!({ "input": offer })).await;
    let offer_id = created["createInternshipOffer"]["id"].clone();
    let draft = item(&progress(&app, id, start.year()).await, "INTERNSHIP_SEATS")["delivered"].as_i64().unwrap();
    assert_eq!(draft, before, "a draft is not offered");
    app.data(Some(&token), PUBLISH_OFFER, json!({ "id": offer_id })).await;
    let seats = item(&progress(&app, id, start.year()).await, "INTERNSHIP_SEATS").clone();
    assert_eq!(seats["delivered"].as_i64().unwrap(), before + 7);
    assert_eq!(seats["trackedBy"], "INTERNSHIPS");

    refused(&app, Some(&member(&app, SCHOOL)), PROGRESS, json!({ "id": id, "year": 1800 }), "BAD_USER_INPUT", Some("year")).await;
});

const CREATE_LISTING: &str =
    "mutation($input: CreateEquipmentListingInput!) { createEquipmentListing(input: $input) { id } }";
const REQUEST_EQUIPMENT: &str =
    "mutation($input: RequestEquipmentInput!) { requestEquipment(input: $input) { id } }";
const DECIDE_REQUEST: &str =
    "mutation($id: ID!) { decideEquipmentRequest(id: $id, decision: APPROVE) { status } }";
const HAND_OVER: &str = "mutation($input: RecordHandoverInput!) { recordHandover(input: $input) { status } }";

/// Through the API: `owner` lends or donates `units` of a listing worth `unit_value` each to
/// `SCHOOL`, handed over today; the listing names `partnership` when given.
async fn handed_over(
    app: &TestApp,
    owner: &str,
    kind: &str,
    units: i32,
    unit_value: i64,
    partnership: Option<Uuid>,
) {
    let token = member(app, owner);
    let listing = json!({
        "kind": kind, "name": "Máy hàn điện tử MIG", "category": "Máy công cụ", "quantity": units,
        "condition": "GOOD", "estimatedValueVnd": unit_value, "availableFrom": in_days(0),
        "partnershipId": partnership,
    });
    let created = app.data(Some(&token), CREATE_LISTING, json!({ "input": listing })).await;
    let request = json!({
        "listingId": created["createEquipmentListing"]["id"], "quantity": units,
        "purpose": "Xưởng thực hành hàn.", "returnBy": (kind == "LOAN").then(|| in_days(30)),
    });
    let requested =
        app.data(Some(&member(app, SCHOOL)), REQUEST_EQUIPMENT, json!({ "input": request })).await;
    let id = requested["requestEquipment"]["id"].clone();
    app.data(Some(&token), DECIDE_REQUEST, json!({ "id": id })).await;
    let record = json!({
        "requestId": id, "quantity": units, "handedOverOn": in_days(0), "handedOverBy": "Thủ kho",
        "receivedBy": "Phó hiệu trưởng", "condition": "GOOD",
    });
    let data = app.data(Some(&token), HAND_OVER, json!({ "input": record })).await;
    assert_eq!(data["recordHandover"]["status"], "HANDED_OVER");
}

hub_test!(async fn equipment_commitments_count_what_the_businesses_handed_over_that_year(app) {
    let commitments = json!({ "commitments": [{ "kind": "EQUIPMENT_VALUE_VND", "valueVndPerYear": 100_000_000 }] });
    let id = active_partnership(&app, with(proposal(&[SCHOOL]), commitments)).await;
    let delivered = |items: Vec<Value>| item(&items, "EQUIPMENT_VALUE_VND")["delivered"].as_i64().unwrap();
    assert_eq!(delivered(progress(&app, id, this_year()).await), 0);

    // The enterprise lends two welders and donates three kits for this partnership; another
    // enterprise's gift is not this partnership's.
    handed_over(&app, ENTERPRISE, "LOAN", 2, 12_000_000, Some(id)).await;
    handed_over(&app, ENTERPRISE, "DONATION", 3, 1_500_000, Some(id)).await;
    handed_over(&app, OTHER_ENTERPRISE, "DONATION", 1, 40_000_000, None).await;
    let items = progress(&app, id, this_year()).await;
    assert_eq!(delivered(items.clone()), 2 * 12_000_000 + 3 * 1_500_000);
    assert_eq!(item(&items, "EQUIPMENT_VALUE_VND")["trackedBy"], "EQUIPMENT");
    assert_eq!(delivered(progress(&app, id, this_year() - 1).await), 0, "handed over this year, not last");
});

const OFFERS: &str = "query { internshipOffers(first: 100) { edges { node { id } } } }";
const OWN_OFFERS: &str = "query { internshipOffers(first: 100, filter: { status: DRAFT }) { edges { node { id partnershipId } } } }";

/// Publishes an offer of `ENTERPRISE` with `seats` seats starting in 30 days, naming
/// `partnership` when given.
async fn offered(app: &TestApp, seats: i32, partnership: Option<Uuid>) {
    let offer = json!({
        "title": "Thực tập sinh điều độ kho", "description": "Theo dõi xe ra vào cổng cảng.",
        "sector": "5210", "areaId": crate::helpers::demo_area("HP-P-DONGHAI"), "seats": seats,
        "eligibleLevels": ["COLLEGE_STUDENT"], "startDate": in_days(30), "endDate": in_days(60),
        "applicationDeadline": in_days(10), "partnershipId": partnership,
    });
    let token = member(app, ENTERPRISE);
    let created = app.data(Some(&token), CREATE_OFFER, json!({ "input": offer })).await;
    app.data(Some(&token), PUBLISH_OFFER, json!({ "id": created["createInternshipOffer"]["id"] })).await;
}

hub_test!(async fn seats_and_equipment_count_for_the_partnership_they_name_and_the_rest_is_unattributed(app) {
    // The enterprise has two partnerships that both promise seats and equipment.
    let commitments = json!({ "commitments": [
        { "kind": "INTERNSHIP_SEATS", "perYear": 20 },
        { "kind": "EQUIPMENT_VALUE_VND", "valueVndPerYear": 100_000_000 },
    ] });
    let with_school = active_partnership(&app, with(proposal(&[SCHOOL]), commitments.clone())).await;
    let with_college = propose(&app, ENTERPRISE, with(proposal(&[COLLEGE]), commitments)).await;
    assert_eq!(accept(&app, COLLEGE, with_college).await["status"], "ACTIVE");
    let seats_year = (today() + TimeDelta::days(30)).year();
    let figure = |items: &[Value], kind: &str, name: &str| item(items, kind)[name].as_i64().unwrap();
    let before = progress(&app, with_college, seats_year).await;
    let unattributed_before = figure(&before, "INTERNSHIP_SEATS", "unattributed");

    // Seven seats for the school's partnership, five naming none.
    offered(&app, 7, Some(with_school)).await;
    offered(&app, 5, None).await;
    let school = progress(&app, with_school, seats_year).await;
    let college = progress(&app, with_college, seats_year).await;
    assert_eq!(figure(&school, "INTERNSHIP_SEATS", "delivered"), 7, "the seats named for it");
    assert_eq!(figure(&college, "INTERNSHIP_SEATS", "delivered"), figure(&before, "INTERNSHIP_SEATS", "delivered"), "not credited to the other partnership too");
    assert_eq!(figure(&college, "INTERNSHIP_SEATS", "unattributed"), unattributed_before + 5);
    assert_eq!(figure(&school, "INTERNSHIP_SEATS", "unattributed"), unattributed_before + 5, "the same enterprise's unnamed seats");

    // Equipment: the welders for the college's partnership, a donation naming none.
    handed_over(&app, ENTERPRISE, "LOAN", 2, 12_000_000, Some(with_college)).await;
    handed_over(&app, ENTERPRISE, "DONATION", 3, 1_500_000, None).await;
    let school = progress(&app, with_school, this_year()).await;
    let college = progress(&app, with_college, this_year()).await;
    assert_eq!(figure(&college, "EQUIPMENT_VALUE_VND", "delivered"), 24_000_000);
    assert_eq!(figure(&school, "EQUIPMENT_VALUE_VND", "delivered"), 0);
    assert_eq!(figure(&school, "EQUIPMENT_VALUE_VND", "unattributed"), 4_500_000);
    assert_eq!(figure(&college, "EQUIPMENT_VALUE_VND", "unattributed"), 4_500_000);
});

hub_test!(async fn only_a_partnership_the_owner_is_an_active_party_to_may_be_named(app) {
    let others = propose(&app, OTHER_ENTERPRISE, proposal(&[SCHOOL])).await;
    accept(&app, SCHOOL, others).await;
    let proposed = propose(&app, ENTERPRISE, proposal(&[COLLEGE])).await;
    let token = member(&app, ENTERPRISE);
    let offers_before = app.data(Some(&token), OFFERS, json!({})).await;
    let drafts_before = app.data(Some(&token), OWN_OFFERS, json!({})).await;
    let offer = |partnership: Uuid| json!({ "input": {
        "title": "Thực tập sinh điều độ kho", "description": "Theo dõi xe ra vào cổng cảng.",
        "sector": "5210", "areaId": crate::helpers::demo_area("HP-P-DONGHAI"), "seats": 3,
        "eligibleLevels": ["COLLEGE_STUDENT"], "startDate": in_days(30), "endDate": in_days(60),
        "applicationDeadline": in_days(10), "partnershipId": partnership,
    } });
    // Another enterprise's partnership, one still proposed, and an unknown id are all refused
    // alike, and nothing is stored.
    for partnership in [others, proposed, Uuid::now_v7()] {
        refused(&app, Some(&token), CREATE_OFFER, offer(partnership), "BAD_USER_INPUT", Some("partnershipId")).await;
        let listing = json!({ "input": {
            "kind": "LOAN", "name": "Máy hàn điện tử MIG", "category": "Máy công cụ", "quantity": 1,
            "condition": "GOOD", "estimatedValueVnd": 1_000_000, "availableFrom": in_days(0),
            "partnershipId": partnership,
        } });
        refused(&app, Some(&token), CREATE_LISTING, listing, "BAD_USER_INPUT", Some("input.partnershipId")).await;
    }
    assert_eq!(app.data(Some(&token), OFFERS, json!({})).await, offers_before);
    assert_eq!(app.data(Some(&token), OWN_OFFERS, json!({})).await, drafts_before);

    // Once the proposal is accepted it may be named, and the offer says so.
    accept(&app, COLLEGE, proposed).await;
    let data = app.data(Some(&token), CREATE_OFFER, offer(proposed)).await;
    let created = data["createInternshipOffer"]["id"].clone();
    let drafts = app.data(Some(&token), OWN_OFFERS, json!({})).await;
    let node = drafts["internshipOffers"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["id"] == created).cloned();
    assert_eq!(node.map(|e| e["node"]["partnershipId"].clone()), Some(json!(proposed.to_string())));
});
