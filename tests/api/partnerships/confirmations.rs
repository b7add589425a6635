//! An engagement counts for an organization it names only once that organization confirms it:
//! in its participation figures here, and for a partnership's delivery (see `progress`).

use super::*;

const CONFIRM: &str =
    "mutation($id: ID!) { confirmEngagement(id: $id) { id awaitingConfirmation { name } } }";
const AWAITING: &str = "query($filter: EngagementFilter) { engagements(first: 100, filter: $filter) { edges { node { id awaitingConfirmation { name } } } } }";
const COLLEGE_ROW: &str = "query($year: Int!) { enterpriseParticipation(filter: { period: { year: $year }, kinds: [COLLEGE] }) { edges { node { figures { engagements studentsReached } } } } }";

/// The college's own participation row for this year: (engagements, students reached).
async fn college_figures(app: &TestApp) -> (i64, i64) {
    let data = app.data(Some(&member(app, COLLEGE)), COLLEGE_ROW, json!({ "year": this_year() })).await;
    let figures = &data["enterpriseParticipation"]["edges"][0]["node"]["figures"];
    (figures["engagements"].as_i64().unwrap(), figures["studentsReached"].as_i64().unwrap())
}

async fn awaiting(app: &TestApp, org: &str, id: Uuid) -> Value {
    let data = app
        .data(Some(&member(app, org)), AWAITING, json!({ "filter": { "organizationId": demo_org(COLLEGE) } }))
        .await;
    let edges = data["engagements"]["edges"].as_array().unwrap().clone();
    let node =
        edges.into_iter().find(|e| e["node"]["id"] == id.to_string()).expect("the engagement is listed");
    node["node"]["awaitingConfirmation"].clone()
}

hub_test!(async fn an_engagement_counts_for_an_organization_it_names_once_that_organization_confirms(app) {
    let (engagements, students) = college_figures(&app).await;
    // The enterprise records a career day naming the college: 75 students.
    let input = with(engagement_input(None, "CAREER_DAY"), json!({ "organizationIds": [demo_org(COLLEGE)] }));
    let id = record(&app, ENTERPRISE, input).await;
    let college_name = json!([{ "name": "Trường Cao đẳng Kỹ thuật Hải Phòng" }]);
    assert_eq!(awaiting(&app, COLLEGE, id).await, college_name);
    assert_eq!(college_figures(&app).await, (engagements, students), "not on the enterprise's word alone");

    // Only an organization it names confirms it; the others are refused and change nothing.
    for stranger in [OTHER_SCHOOL, OTHER_ENTERPRISE] {
        refused(&app, Some(&member(&app, stranger)), CONFIRM, json!({ "id": id }), "FORBIDDEN", None).await;
    }
    refused(&app, None, CONFIRM, json!({ "id": id }), "UNAUTHENTICATED", None).await;
    assert_eq!(college_figures(&app).await, (engagements, students));

    let data = app.data(Some(&member(&app, COLLEGE)), CONFIRM, json!({ "id": id })).await;
    assert_eq!(data["confirmEngagement"]["awaitingConfirmation"], json!([]));
    assert_eq!(college_figures(&app).await, (engagements + 1, students + 75));
    // Confirming twice changes nothing.
    app.data(Some(&member(&app, COLLEGE)), CONFIRM, json!({ "id": id })).await;
    assert_eq!(college_figures(&app).await, (engagements + 1, students + 75));

    // The recorder changes what happened: the college is asked again and the figures wait.
    let changes = json!({ "id": id, "input": { "reach": [{ "grade": 12, "students": 200 }] } });
    app.data(Some(&member(&app, ENTERPRISE)), UPDATE_ENGAGEMENT, changes).await;
    assert_eq!(awaiting(&app, ENTERPRISE, id).await, college_name);
    assert_eq!(college_figures(&app).await, (engagements, students));
    // A note is not what the college confirmed; its confirmation stands.
    app.data(Some(&member(&app, COLLEGE)), CONFIRM, json!({ "id": id })).await;
    let note = json!({ "id": id, "input": { "notes": "Ảnh chụp buổi hướng nghiệp đã gửi nhà trường." } });
    app.data(Some(&member(&app, ENTERPRISE)), UPDATE_ENGAGEMENT, note).await;
    assert_eq!(awaiting(&app, COLLEGE, id).await, json!([]));
    assert_eq!(college_figures(&app).await, (engagements + 1, students + 200));
});
