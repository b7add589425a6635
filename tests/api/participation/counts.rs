//! The figures equal what the internships and partnerships modules hold, computed here from
//! their rows by the rules the README states, on the demo data plus an engagement recorded
//! through the API that involves an enterprise and a college in different areas.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use hub_common::time::start_of_day;
use internships::entity::{nomination, offer};
use internships::{NominationStatus, OfferStatus};
use partnerships::entity::{engagement, engagement_organization, engagement_reach, partnership, party};
use sea_orm::EntityTrait;
use uuid::Uuid;

use super::*;
use crate::helpers::demo_org;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Expected {
    offers: i64,
    seats: i64,
    nominations_accepted: i64,
    placements_completed: i64,
    placement_hours: i64,
    active_partnerships: i64,
    engagements: i64,
    students_reached: i64,
}

struct Held {
    organizations: HashSet<Uuid>,
    students: i64,
}

/// Reads every row of the two modules and counts by the stated rules.
async fn expected(app: &TestApp, year: i32) -> (HashMap<Uuid, Expected>, Vec<HashSet<Uuid>>, Vec<Held>) {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
    let (start, end) = (start_of_day(from), start_of_day(to + chrono::TimeDelta::days(1)));
    let within = |at: Option<chrono::DateTime<chrono::Utc>>| at.is_some_and(|at| start <= at && at < end);
    let mut figures: HashMap<Uuid, Expected> = HashMap::new();

    let offers = offer::Entity::find().all(&app.db).await.unwrap();
    let enterprise_of: HashMap<Uuid, Uuid> = offers.iter().map(|o| (o.id, o.enterprise_id)).collect();
    for o in &offers {
        if matches!(o.status, OfferStatus::Published | OfferStatus::Closed) && within(o.published_at) {
            let f = figures.entry(o.enterprise_id).or_default();
            f.offers += 1;
            f.seats += i64::from(o.seats);
        }
    }
    for n in nomination::Entity::find().all(&app.db).await.unwrap() {
        let f = figures.entry(enterprise_of[&n.offer_id]).or_default();
        if matches!(n.status, NominationStatus::Accepted | NominationStatus::Completed)
            && within(n.decided_at)
        {
            f.nominations_accepted += 1;
        }
        if n.status == NominationStatus::Completed && within(n.completed_at) {
            f.placements_completed += 1;
            f.placement_hours += i64::from(n.hours.unwrap_or(0));
        }
    }

    let parties = party::Entity::find().all(&app.db).await.unwrap();
    let mut in_force = Vec::new();
    for p in partnership::Entity::find().all(&app.db).await.unwrap() {
        let active_in_period = p.activated_at.is_some_and(|at| at < end)
            && p.valid_from <= to
            && p.valid_to >= from
            && p.terminated_at.is_none_or(|at| at >= start);
        if active_in_period {
            let members: HashSet<Uuid> =
                parties.iter().filter(|x| x.partnership_id == p.id).map(|x| x.organization_id).collect();
            for member in &members {
                figures.entry(*member).or_default().active_partnerships += 1;
            }
            in_force.push(members);
        }
    }

    let involved = engagement_organization::Entity::find().all(&app.db).await.unwrap();
    let reach = engagement_reach::Entity::find().all(&app.db).await.unwrap();
    let mut held = Vec::new();
    for e in engagement::Entity::find().all(&app.db).await.unwrap() {
        if e.held_on < from || e.held_on > to {
            continue;
        }
        // An engagement counts for the organizations that confirmed it (the recorder has).
        let organizations: HashSet<Uuid> = involved
            .iter()
            .filter(|x| x.engagement_id == e.id && x.confirmed_at.is_some())
            .map(|x| x.organization_id)
            .collect();
        let students: i64 =
            reach.iter().filter(|r| r.engagement_id == e.id).map(|r| i64::from(r.students)).sum();
        for organization in &organizations {
            let f = figures.entry(*organization).or_default();
            f.engagements += 1;
            f.students_reached += students;
        }
        held.push(Held { organizations, students });
    }
    (figures, in_force, held)
}

fn reported(node: &Value) -> Expected {
    let f = &node["figures"];
    let n = |name: &str| f[name].as_i64().unwrap_or_else(|| panic!("{name} missing in {node}"));
    Expected {
        offers: n("offers"),
        seats: n("seats"),
        nominations_accepted: n("nominationsAccepted"),
        placements_completed: n("placementsCompleted"),
        placement_hours: n("placementHours"),
        active_partnerships: n("activePartnerships"),
        engagements: n("engagements"),
        students_reached: n("studentsReached"),
    }
}

const RECORD: &str = "mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { id } }";
const CONFIRM: &str = "mutation($id: ID!) { confirmEngagement(id: $id) { id } }";

hub_test!(async fn participation_counts_equal_what_the_modules_hold(app) {
    // A guest talk of an enterprise (Đông Hải, section H) at a college (Hồng Bàng, section P)
    // with a school, so each summary has it in two groups but once in the total.
    let enterprise = app.token("dn-logistics-bach-dang", Role::OrgAdmin);
    let today = hub_common::time::today().format("%Y-%m-%d").to_string();
    let input = json!({
        "kind": "GUEST_TALK", "heldOn": today,
        "organizationIds": [demo_org("cd-cong-nghiep-hp"), demo_org("thpt-hai-an")],
        "reach": [{ "grade": 11, "students": 45 }, { "grade": 13, "students": 30 }],
    });
    let recorded = app.data(Some(&enterprise), RECORD, json!({ "input": input })).await;
    // It counts for the college and the school once they confirm it.
    let id = recorded["recordEngagement"]["id"].clone();
    for org in ["cd-cong-nghiep-hp", "thpt-hai-an"] {
        app.data(Some(&app.token(org, Role::OrgMember)), CONFIRM, json!({ "id": id })).await;
    }

    let year = this_year();
    let token = officer(&app);
    let (expected, in_force, held) = expected(&app, year).await;
    let rows = all_rows(&app, &token, year).await;
    let contributors: HashSet<Uuid> =
        rows.iter().map(|r| r["organization"]["id"].as_str().unwrap().parse().unwrap()).collect();
    assert!(contributors.contains(&demo_org("dn-logistics-bach-dang")));
    assert!(contributors.contains(&demo_org("cd-cong-nghiep-hp")));
    assert!(!contributors.contains(&demo_org("thpt-hai-an")), "schools are not contributors");

    let mut total = Expected::default();
    for row in &rows {
        let id: Uuid = row["organization"]["id"].as_str().unwrap().parse().unwrap();
        let want = expected.get(&id).copied().unwrap_or_default();
        assert_eq!(reported(row), want, "{}", row["organization"]["name"]);
        total.offers += want.offers;
        total.seats += want.seats;
        total.placements_completed += want.placements_completed;
        total.placement_hours += want.placement_hours;
    }
    // The demo data is not empty, so the comparison above compared something.
    assert!(total.offers > 0 && total.seats > 0 && total.placements_completed > 0 && total.placement_hours > 0);
    let logistics = rows.iter().find(|r| r["organization"]["id"] == demo_org("dn-logistics-bach-dang").to_string()).unwrap();
    assert!(reported(logistics).engagements >= 1 && reported(logistics).students_reached >= 75);
    assert_eq!(logistics["sector"]["code"], "H", "VSIC 5210 is in section H");
    assert_eq!(logistics["area"]["name"], "Phường Đông Hải");

    // Summaries: one-owner figures add up; shared ones count once per group and once in total.
    let shared_partnerships = in_force.iter().filter(|p| p.iter().any(|o| contributors.contains(o))).count() as i64;
    let shared: Vec<&Held> = held.iter().filter(|e| e.organizations.iter().any(|o| contributors.contains(o))).collect();
    for group_by in ["AREA", "SECTOR"] {
        let s = summary(&app, &token, year, group_by).await;
        let t = reported(&s["total"]);
        assert_eq!((t.offers, t.seats, t.placements_completed, t.placement_hours),
                   (total.offers, total.seats, total.placements_completed, total.placement_hours), "{group_by}");
        assert_eq!(t.active_partnerships, shared_partnerships, "{group_by}");
        assert_eq!(t.engagements, shared.len() as i64, "{group_by}");
        assert_eq!(t.students_reached, shared.iter().map(|e| e.students).sum::<i64>(), "{group_by}");
        assert_eq!(s["total"]["organizations"], rows.len());
        let groups = s["groups"].as_array().unwrap();
        let sum = |name: &str| groups.iter().map(|g| g["figures"][name].as_i64().unwrap()).sum::<i64>();
        assert_eq!(sum("offers"), t.offers);
        assert_eq!(groups.iter().map(|g| g["organizations"].as_i64().unwrap()).sum::<i64>(), rows.len() as i64);
        assert!(sum("engagements") > t.engagements, "the guest talk counts in two {group_by} groups, once in total");
    }
    let by_sector = summary(&app, &token, year, "SECTOR").await;
    let education = by_sector["groups"].as_array().unwrap().iter().find(|g| g["sector"]["code"] == "P").unwrap();
    assert_eq!(education["sector"]["nameVi"], "Giáo dục và đào tạo");
    assert!(education["figures"]["engagements"].as_i64().unwrap() >= 1, "the college's guest talk");

    // A year with nothing in it reports zeros, not last year's figures.
    let empty = summary(&app, &token, year - 5, "AREA").await;
    assert_eq!(reported(&empty["total"]), Expected::default());
    assert_eq!(empty["from"], format!("{}-01-01", year - 5));
});

hub_test!(async fn pages_follow_the_ranking_and_cost_the_same_at_any_size(app) {
    let token = officer(&app);
    let query = "query($first: Int!, $after: String) { enterpriseParticipation(first: $first, after: $after, orderBy: ACTIVITIES) \
        { edges { cursor node { organization { name area { name parent { name } } } area { name } figures { activities } } } \
          pageInfo { hasNextPage endCursor } } }";
    let all = app.data(Some(&token), query, json!({ "first": 100 })).await;
    let all: Vec<Value> = all["enterpriseParticipation"]["edges"].as_array().unwrap().clone();
    // Officers' figures list verified businesses only.
    let businesses =
        directory::demo_data::ORGANIZATIONS.iter().filter(|o| o.kind.is_business() && o.verified).count();
    assert_eq!(all.len(), businesses);
    let activities: Vec<i64> = all.iter().map(|e| e["node"]["figures"]["activities"].as_i64().unwrap()).collect();
    assert!(activities.windows(2).all(|w| w[0] >= w[1]), "ranked, largest first: {activities:?}");
    assert!(activities[0] > 0);

    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app.data(Some(&token), query, json!({ "first": 3, "after": after })).await;
        let connection = &page["enterpriseParticipation"];
        paged.extend(connection["edges"].as_array().unwrap().iter().map(|e| e["node"]["organization"]["name"].clone()));
        if connection["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = connection["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    let names: Vec<Value> = all.iter().map(|e| e["node"]["organization"]["name"].clone()).collect();
    assert_eq!(paged, names, "pages of three give the same order as one page");

    let one = app.statements_for(Some(&token), query, json!({ "first": 1 })).await;
    let all = app.statements_for(Some(&token), query, json!({ "first": 100 })).await;
    assert_eq!(one, all, "statements must not grow with the page");
    // One read per source module (equipment, facilities and career events included) plus the
    // directory, and the officer's remits when the token is authenticated
    // (`auth::Authenticator::principal_for`).
    assert!(all <= 20, "a page costs {all} statements");
});

hub_test!(async fn equipment_figures_equal_what_the_equipment_module_handed_over(app) {
    // The last 365 days, so the demo hand-overs (30 to 110 days ago) fall inside in any month.
    let to = hub_common::time::today();
    let from = to - chrono::TimeDelta::days(365);
    let directory = directory::Directory::new(app.db.clone(), app.feed.clone());
    let events = hub_common::events::EventFeed::new(app.db.clone());
    let given = equipment::Equipment::new(app.db.clone(), directory, events)
        .handed_over_by_owner(from, to)
        .await
        .unwrap();
    assert!(given.iter().any(|g| g.donations > 0) && given.iter().any(|g| g.loans > 0), "{given:?}");

    let query = "query($from: Date!, $to: Date!) { enterpriseParticipation(first: 100, filter: { period: { from: $from, to: $to } }) \
        { edges { node { organization { id } figures { equipmentDonations equipmentDonatedValue equipmentLoans equipmentLentValue } } } } }";
    let period = json!({ "from": from.to_string(), "to": to.to_string() });
    let data = app.data(Some(&officer(&app)), query, period).await;
    let rows = data["enterpriseParticipation"]["edges"].as_array().unwrap();
    for g in &given {
        let row = rows
            .iter()
            .find(|e| e["node"]["organization"]["id"] == g.owner.to_string())
            .unwrap_or_else(|| panic!("owner {} has no row", g.owner));
        let f = &row["node"]["figures"];
        assert_eq!(f["equipmentDonations"], g.donations, "{row}");
        assert_eq!(f["equipmentDonatedValue"], g.donated_value_vnd, "{row}");
        assert_eq!(f["equipmentLoans"], g.loans, "{row}");
        assert_eq!(f["equipmentLentValue"], g.lent_value_vnd, "{row}");
    }
    // Everybody else handed nothing over: zero, tracked.
    let owners: HashSet<String> = given.iter().map(|g| g.owner.to_string()).collect();
    for row in rows.iter().filter(|e| !owners.contains(e["node"]["organization"]["id"].as_str().unwrap())) {
        assert_eq!(row["node"]["figures"]["equipmentDonations"], 0, "{row}");
    }
});

hub_test!(async fn bookings_hosted_equal_what_the_facilities_module_holds(app) {
    // The demo bookings lie around today; a year either side holds them all in any month.
    let today = hub_common::time::today();
    let (from, to) = (today - chrono::TimeDelta::days(365), today + chrono::TimeDelta::days(365));
    let directory = directory::Directory::new(app.db.clone(), app.feed.clone());
    let events = hub_common::events::EventFeed::new(app.db.clone());
    let hosted = facilities::Facilities::new(app.db.clone(), directory, events)
        .bookings_hosted(from, to)
        .await
        .unwrap();
    assert!(hosted.iter().any(|h| h.bookings > 0), "the demo data confirms bookings: {hosted:?}");

    let query = "query($from: Date!, $to: Date!) { enterpriseParticipation(first: 100, filter: { period: { from: $from, to: $to }, \
        kinds: [COLLEGE, INTERMEDIATE_SCHOOL, VOCATIONAL_CENTRE] }) { edges { node { organization { id } figures { bookingsHosted } } } } }";
    let period = json!({ "from": from.to_string(), "to": to.to_string() });
    let data = app.data(Some(&officer(&app)), query, period).await;
    let rows = data["enterpriseParticipation"]["edges"].as_array().unwrap();
    for h in &hosted {
        let row = rows
            .iter()
            .find(|e| e["node"]["organization"]["id"] == h.host.to_string())
            .unwrap_or_else(|| panic!("host {} has no row", h.host));
        assert_eq!(row["node"]["figures"]["bookingsHosted"], h.bookings, "{row}");
    }
});
