//! Filters, pages, and what a page costs in statements.

use super::*;

hub_test!(async fn filters_find_offers_by_sector_level_area_text_and_dates(app) {
    let titles = |data: &Value| -> Vec<String> {
        data["internshipOffers"]["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|edge| edge["node"]["title"].as_str().expect("a title").to_owned())
            .collect()
    };
    let search = |filter: Value| {
        let app = &app;
        async move { titles(&app.data(None, OFFERS, json!({ "filter": filter })).await) }
    };
    let everything = search(json!({})).await;
    assert!(everything.len() >= 5, "the demo set has published offers: {everything:?}");
    assert!(!everything.contains(&"Thực tập vận hành máy tiện CNC".to_owned()), "a demo draft");

    assert_eq!(search(json!({ "text": "kho van cang" })).await, ["Thực tập sinh kho vận cảng"]);
    assert_eq!(search(json!({ "text": "KHO VẬN" })).await, ["Thực tập sinh kho vận cảng"]);
    assert_eq!(search(json!({ "sector": "5210" })).await, ["Thực tập sinh kho vận cảng"]);
    assert_eq!(search(json!({ "sector": "30" })).await, ["Trải nghiệm nghề hàn và lắp ráp vỏ tàu"]);
    refused(&app, None, OFFERS, json!({ "filter": { "sector": "ab" } }), "BAD_USER_INPUT", Some("filter.sector")).await;
    // A VSIC section spans divisions: H (transport and storage) is 49-53, C (manufacturing) 10-33.
    let transport = search(json!({ "vsicSection": "H" })).await;
    assert!(transport.contains(&"Thực tập sinh kho vận cảng".to_owned()), "{transport:?}");
    assert!(!transport.contains(&"Trải nghiệm nghề hàn và lắp ráp vỏ tàu".to_owned()), "3011 is not in H");
    let manufacturing = search(json!({ "vsicSection": "C" })).await;
    assert!(manufacturing.contains(&"Trải nghiệm nghề hàn và lắp ráp vỏ tàu".to_owned()), "{manufacturing:?}");
    assert!(!manufacturing.contains(&"Thực tập sinh kho vận cảng".to_owned()));
    refused(&app, None, OFFERS, json!({ "filter": { "vsicSection": "Z" } }), "BAD_USER_INPUT", Some("filter.vsicSection"))
        .await;

    // The city contains every ward; a special zone only its own offers.
    assert_eq!(search(json!({ "areaId": demo_area("HP") })).await, everything);
    assert_eq!(search(json!({ "areaId": demo_area("HP-DK-CATHAI") })).await, ["Thực tập lễ tân và buồng phòng mùa hè"]);

    let college = search(json!({ "level": "COLLEGE_STUDENT" })).await;
    assert!(college.contains(&"Thực tập kỹ thuật viên lắp ráp linh kiện điện tử".to_owned()));
    assert!(!college.contains(&"Trải nghiệm nghề hàn và lắp ráp vỏ tàu".to_owned()));
    // A level matches whole names: the fish-processing offer takes upper-secondary students,
    // not graduates.
    let graduates = search(json!({ "level": "UPPER_SECONDARY_GRADUATE" })).await;
    assert!(!graduates.contains(&"Trải nghiệm chế biến thủy sản xuất khẩu".to_owned()), "{graduates:?}");

    let enterprise = search(json!({ "enterpriseId": demo_org(OTHER_ENTERPRISE) })).await;
    assert_eq!(enterprise, ["Trải nghiệm nghề hàn và lắp ráp vỏ tàu"]);
    assert_eq!(search(json!({ "status": "CLOSED" })).await, ["Trải nghiệm dây chuyền lắp ráp ô tô"]);
    // Both ends are inclusive; newest first (the fish-processing offer was seeded later).
    let window = search(json!({ "startsAfter": in_days(21), "startsBefore": in_days(25) })).await;
    assert_eq!(window, ["Trải nghiệm chế biến thủy sản xuất khẩu", "Trải nghiệm nghề hàn và lắp ráp vỏ tàu"]);

    // Pages of two cover the list once, newest first.
    let query = "query($after: String) { internshipOffers(first: 2, after: $after) { edges { node { title } } pageInfo { hasNextPage endCursor } } }";
    let (mut seen, mut after) = (Vec::new(), Value::Null);
    loop {
        let data = app.data(None, query, json!({ "after": after })).await;
        seen.extend(titles(&data));
        if data["internshipOffers"]["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = data["internshipOffers"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, everything);
});

/// Inserts `count` published offers spread over the verified demo enterprises and their areas.
async fn insert_published_offers(app: &TestApp, count: usize) {
    use sea_orm::ActiveValue::Set;
    let enterprises: Vec<_> = directory::demo_data::ORGANIZATIONS
        .iter()
        .filter(|o| o.kind == directory::OrganizationKind::Enterprise && o.verified)
        .collect();
    let now = Utc::now();
    for n in 0..count {
        let enterprise = enterprises[n % enterprises.len()];
        let title = format!("Trải nghiệm nghề số {n}");
        offer::Entity::insert(offer::ActiveModel {
            id: Set(Uuid::now_v7()),
            enterprise_id: Set(demo_org(enterprise.key)),
            title_search: Set(hub_common::text::fold_for_search(&title)),
            title: Set(title),
            description: Set("Một ngày tại doanh nghiệp.".to_owned()),
            sector: Set(enterprise.industry_code.unwrap_or("5210").to_owned()),
            area_id: Set(demo_area(enterprise.area)),
            seats: Set(2),
            accepted_count: Set(0),
            eligible_levels: Set("|UPPER_SECONDARY_STUDENT|".to_owned()),
            start_date: Set(today() + TimeDelta::days(20)),
            end_date: Set(today() + TimeDelta::days(21)),
            application_deadline: Set(today() + TimeDelta::days(10)),
            stipend_vnd: Set(None),
            status: Set(internships::OfferStatus::Published),
            partnership_id: Set(None),
            published_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&app.db)
        .await
        .expect("inserting an offer");
    }
}

/// Rows fetched together load their references together (sibling batches), so a page costs
/// exactly one statement per level of the query whatever its size and however busy the machine.
fn assert_per_level(statements: usize, levels: usize, what: &str) {
    assert_eq!(statements, levels, "{what} cost {statements} statements for {levels} levels of nesting");
}

// Nested fields over a page cost one statement per level of the query, however many rows the
// page has. The schema runs in-process on a handle to the test's database that counts every
// statement it sends.
hub_test!(async fn a_page_costs_one_statement_per_level_of_nesting(app) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    insert_published_offers(&app, 60).await;
    let statements = Arc::new(AtomicUsize::new(0));
    let mut db = app.db.clone();
    let counter = statements.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let schema = hub::modules::build(&db, &hub_common::events::EventFeed::new(db.clone()));
    let cost = |query: String, principal: Option<hub_common::Principal>| {
        let (schema, statements) = (&schema, &statements);
        async move {
            let mut request = async_graphql::Request::new(query);
            if let Some(principal) = principal {
                request = request.data(principal);
            }
            let before = statements.load(Ordering::SeqCst);
            let response = schema.execute(request).await;
            assert!(response.errors.is_empty(), "{:?}", response.errors);
            statements.load(Ordering::SeqCst) - before
        }
    };
    let offers = |first: usize| {
        format!(
            "{{ internshipOffers(first: {first}) {{ edges {{ node {{ title enterprise {{ name area {{ name }} }} }} }} }} }}"
        )
    };
    // Three levels: offers, their enterprises, the enterprises' areas.
    for first in [5, 50, 100] {
        assert_per_level(cost(offers(first), None).await, 3, &format!("a page of {first} offers"));
    }

    let offer_ids: Vec<Uuid> =
        offer::Entity::find().all(&app.db).await.expect("offers").iter().map(|o| o.id).collect();
    for (n, id) in offer_ids.iter().take(50).enumerate() {
        use sea_orm::ActiveValue::Set;
        nomination::Entity::insert(nomination::ActiveModel {
            id: Set(Uuid::now_v7()),
            offer_id: Set(*id),
            nominating_organization_id: Set(demo_org(SCHOOL)),
            student_ref: Set(format!("TP-N-{n}")),
            grade: Set(11),
            note: Set(None),
            status: Set(internships::NominationStatus::Submitted),
            hours: Set(None),
            evaluation: Set(None),
            decided_at: Set(None),
            completed_at: Set(None),
            created_at: Set(Utc::now()),
        })
        .exec_without_returning(&app.db)
        .await
        .expect("inserting a nomination");
    }
    let officer = hub_common::Principal {
        subject: "test:officer".to_owned(),
        email: None,
        organization_id: Some(demo_org(OFFICER)),
        roles: vec![Role::DepartmentOfficer],
        remits: Vec::new(),
    };
    let nominations = |first: usize| {
        format!(
            "{{ nominations(first: {first}) {{ edges {{ node {{ studentRef nominatingOrganization {{ name }} offer {{ title enterprise {{ name area {{ name }} }} }} }} }} }} }}"
        )
    };
    // Five statements: nominations, their schools, their offers, the offers' enterprises and
    // the enterprises' areas (the schools' areas are not asked for).
    for first in [3, 50] {
        let statements = cost(nominations(first), Some(officer.clone())).await;
        assert_per_level(statements, 5, &format!("a page of {first} nominations"));
    }
});
