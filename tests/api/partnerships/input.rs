//! Bad input for every mutation: refused with BAD_USER_INPUT naming the field, nothing written.

use super::*;

hub_test!(async fn proposals_with_bad_parties_dates_or_documents_are_refused(app) {
    let before = partnership_count(&app).await;
    let token = admin(&app, ENTERPRISE);
    let cases = [
        (with(proposal(&[SCHOOL]), json!({ "validFrom": in_days(10), "validTo": in_days(5) })), "input.validTo"),
        (with(proposal(&[SCHOOL]), json!({ "validTo": in_days(-1) })), "input.validTo"),
        (with(proposal(&[SCHOOL]), json!({ "partyIds": [Uuid::now_v7()] })), "input.partyIds"),
        (with(proposal(&[SCHOOL]), json!({ "partyIds": [demo_org(SCHOOL), demo_org(SCHOOL)] })), "input.partyIds"),
        // The proposer is always a party; listing it again lists it twice.
        (with(proposal(&[SCHOOL]), json!({ "partyIds": [demo_org(ENTERPRISE), demo_org(SCHOOL)] })), "input.partyIds"),
        (proposal(&[OTHER_ENTERPRISE]), "input.partyIds"),
        (proposal(&[OFFICER, SCHOOL]), "input.partyIds"),
        (with(proposal(&[SCHOOL]), json!({ "documentSha256": "not-a-hash" })), "input.documentSha256"),
        (with(proposal(&[SCHOOL]), json!({ "documentSha256": null })), "input.documentSha256"),
        (with(proposal(&[SCHOOL]), json!({ "title": "  " })), "input.title"),
        (with(proposal(&[SCHOOL]), json!({ "commitments": [{ "kind": "CAREER_TALKS", "perYear": 0 }] })), "input.commitments.perYear"),
        (with(proposal(&[SCHOOL]), json!({ "commitments": [{ "kind": "OTHER", "perYear": 1 }] })), "input.commitments.description"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), &propose_query(), json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    // Two general-education schools alone bring no work or training to each other.
    let schools_only = proposal(&[OTHER_SCHOOL]);
    refused(&app, Some(&admin(&app, SCHOOL)), &propose_query(), json!({ "input": schools_only }), "BAD_USER_INPUT", Some("input.partyIds")).await;
    assert_eq!(partnership_count(&app).await, before);
});

// The plan's coordination between schools and vocational institutions: a school and a college
// sign with no enterprise, and the college accepts.
hub_test!(async fn a_school_and_a_college_partner_without_an_enterprise(app) {
    let id = propose(&app, SCHOOL, proposal(&[COLLEGE])).await;
    assert_eq!(read(&app, Some(&admin(&app, SCHOOL)), id).await["status"], "PROPOSED");
    assert_eq!(accept(&app, COLLEGE, id).await["status"], "ACTIVE");
});

hub_test!(async fn bad_terminations_renewals_engagements_and_windows_are_refused(app) {
    let id = active_partnership(&app, proposal(&[SCHOOL])).await;
    let reason = "x".repeat(1001);
    for reason in ["   ", reason.as_str()] {
        let variables = json!({ "id": id, "reason": reason });
        refused(&app, Some(&admin(&app, SCHOOL)), &terminate_query(), variables, "BAD_USER_INPUT", Some("reason")).await;
    }
    assert_eq!(db_partnership(&app, id).await.status, partnerships::PartnershipStatus::Active);

    let before = partnership_count(&app).await;
    let backwards = json!({ "id": id, "input": { "validFrom": in_days(100), "validTo": in_days(50) } });
    refused(&app, Some(&admin(&app, SCHOOL)), &renew_query(), backwards, "BAD_USER_INPUT", Some("input.validTo")).await;
    assert_eq!(partnership_count(&app).await, before);

    let engagements = engagement_count(&app).await;
    let token = member(&app, ENTERPRISE);
    let cases = [
        (with(engagement_input(Some(id), "CAREER_DAY"), json!({ "reach": [{ "grade": 5, "students": 10 }] })), "input.reach.grade"),
        (with(engagement_input(Some(id), "CAREER_DAY"), json!({ "reach": [{ "grade": 16, "students": 10 }] })), "input.reach.grade"),
        (with(engagement_input(Some(id), "CAREER_DAY"), json!({ "reach": [{ "grade": 9, "students": 0 }] })), "input.reach.students"),
        (with(engagement_input(Some(id), "CAREER_DAY"), json!({ "reach": [] })), "input.reach"),
        (with(engagement_input(Some(id), "CAREER_DAY"), json!({ "heldOn": in_days(1) })), "input.heldOn"),
        (with(engagement_input(Some(id), "CAREER_DAY"), json!({ "heldOn": in_days(-400) })), "input.heldOn"),
        (with(engagement_input(None, "CAREER_DAY"), json!({ "organizationIds": [Uuid::now_v7()] })), "input.organizationIds"),
        (with(engagement_input(None, "CAREER_DAY"), json!({ "organizationIds": [demo_org(SCHOOL), demo_org(SCHOOL)] })), "input.organizationIds"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), RECORD, json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    assert_eq!(engagement_count(&app).await, engagements);
    let engagement = record(&app, ENTERPRISE, engagement_input(Some(id), "CAREER_DAY")).await;
    let bad = json!({ "id": engagement, "input": { "reach": [{ "grade": 3, "students": 1 }] } });
    refused(&app, Some(&token), UPDATE_ENGAGEMENT, bad, "BAD_USER_INPUT", Some("input.reach.grade")).await;

    for days in [-1, 367] {
        refused(&app, Some(&officer(&app)), EXPIRING, json!({ "days": days }), "BAD_USER_INPUT", Some("withinDays")).await;
    }
});
