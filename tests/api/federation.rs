//! Federation: every module composes into a supergraph with a real composition tool, the
//! supergraph's API schema equals the all-in-one schema, and a real router (Hive Gateway)
//! serves queries, mutations and subscriptions across module processes.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{
    Backend, HubProcess, TestDatabase, hub_modules, hub_schema, redis_url, services_required,
};
use crate::offers_live::{Endpoint, enterprise_token, marker, subscribe_and_sync};
use crate::ws_client::WsClient;

fn federation_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/federation")
}

/// The npm tooling, installed with `npm ci --prefix tests/federation`; `None` (loudly) when it
/// is missing and the suite is not required to have it.
fn tooling() -> Option<PathBuf> {
    let dir = federation_dir();
    if dir.join("node_modules/@theguild/federation-composition").exists() {
        return Some(dir);
    }
    if services_required() {
        panic!("tests/federation/node_modules is missing; run `npm ci --prefix tests/federation`");
    }
    eprintln!(
        "\n*** SKIPPED: federation tooling not installed; run `npm ci --prefix tests/federation`. ***\n"
    );
    None
}

/// Composes the module SDLs (with the given subgraph URLs) and checks the API schema against
/// the all-in-one SDL; returns the supergraph's path.
fn compose(dir: &Path, work: &Path, urls: &[(&str, String)]) -> PathBuf {
    let all_in_one = work.join("all-in-one.graphql");
    std::fs::write(&all_in_one, hub_schema(None)).unwrap();
    let supergraph = work.join("supergraph.graphql");
    let mut command = Command::new("node");
    command.arg(dir.join("compose.mjs")).arg("--out").arg(&supergraph).arg("--api-schema").arg(&all_in_one);
    for (module, url) in urls {
        command.args(["--url", &format!("{module}={url}")]);
    }
    for module in hub_modules() {
        let path = work.join(format!("{module}.graphql"));
        std::fs::write(&path, hub_schema(Some(&module))).unwrap();
        command.arg(format!("{module}={}", path.display()));
    }
    let output = command.output().expect("node runs");
    assert!(
        output.status.success(),
        "composition or API-schema check failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    supergraph
}

fn work_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hub-federation-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn modules_compose_and_the_supergraph_api_equals_the_all_in_one_schema() {
    let Some(dir) = tooling() else { return };
    let work = work_dir();
    let supergraph = std::fs::read_to_string(compose(&dir, &work, &[])).unwrap();
    assert!(supergraph.contains("join__graph"), "a supergraph names its subgraphs");
    let _ = std::fs::remove_dir_all(work);
}

#[test]
fn each_module_prints_its_own_subgraph() {
    let directory = hub_schema(Some("directory"));
    let internships = hub_schema(Some("internships"));
    assert!(directory.contains("registerOrganization") && !directory.contains("createInternshipOffer"));
    assert!(internships.contains("createInternshipOffer") && !internships.contains("registerOrganization"));
    // Internships mentions organizations and areas, so it resolves them as entities too.
    assert!(internships.contains("type Organization @key(fields: \"id\")"), "{internships}");
    assert!(internships.contains("type InternshipOffer @key(fields: \"id\")"), "{internships}");
    let partnerships = hub_schema(Some("partnerships"));
    assert!(partnerships.contains("proposePartnership") && !partnerships.contains("createInternshipOffer"));
    assert!(partnerships.contains("type Partnership @key(fields: \"id\")"), "{partnerships}");
    assert!(partnerships.contains("type Organization @key(fields: \"id\")"), "{partnerships}");
    // The audit subgraph only reads; every module records its own mutations.
    let audit = hub_schema(Some("audit"));
    assert!(audit.contains("auditLog") && !audit.contains("type Mutation"), "{audit}");
    assert!(audit.contains("type Organization @key(fields: \"id\")"), "{audit}");
    let equipment = hub_schema(Some("equipment"));
    assert!(equipment.contains("requestEquipment") && !equipment.contains("proposePartnership"));
    assert!(equipment.contains("equipmentListingPosted"), "{equipment}");
    assert!(equipment.contains("type Organization @key(fields: \"id\")"), "{equipment}");
    let participation = hub_schema(Some("participation"));
    assert!(participation.contains("participationSummary") && !participation.contains("type Mutation"));
    assert!(participation.contains("type Organization @key(fields: \"id\")"), "{participation}");
    let pilots = hub_schema(Some("pilots"));
    assert!(pilots.contains("indicatorProgress") && !pilots.contains("proposePartnership"));
    assert!(pilots.contains("type Organization @key(fields: \"id\")"), "{pilots}");
    let facilities = hub_schema(Some("facilities"));
    assert!(facilities.contains("bookFacility") && !facilities.contains("proposePartnership"));
    assert!(facilities.contains("type Facility @key(fields: \"id\")"), "{facilities}");
    assert!(facilities.contains("type Organization @key(fields: \"id\")"), "{facilities}");
}

/// Hive Gateway on a supergraph, killed when dropped.
struct Router {
    endpoint: Endpoint,
    child: Child,
}

impl Router {
    async fn start(dir: &Path, supergraph: &Path) -> Self {
        let port = crate::helpers::free_port();
        let child = Command::new(dir.join("node_modules/.bin/hive-gateway"))
            .arg("supergraph")
            .arg(supergraph)
            .arg("-c")
            .arg(dir.join("gateway.config.mjs"))
            .env("PORT", port.to_string())
            .env("HOST", "127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("hive-gateway starts");
        let endpoint =
            Endpoint { base_url: format!("http://127.0.0.1:{port}"), client: reqwest::Client::new() };
        // Owned by the router from here on, so it is killed even if the gateway never answers.
        let router = Self { endpoint, child };
        for _ in 0..300 {
            let probe = router
                .endpoint
                .client
                .post(format!("{}/graphql", router.endpoint.base_url))
                .json(&json!({ "query": "{ __typename }" }))
                .send()
                .await;
            if let Ok(response) = probe
                && response.status().is_success()
            {
                return router;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("hive-gateway did not start on port {port}");
    }
}

impl Drop for Router {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_router_serves_queries_mutations_and_subscriptions_across_module_processes() {
    let Some(dir) = tooling() else { return };
    let Some(redis) = redis_url().await else { return };
    let Some(database) = TestDatabase::create(Backend::Postgres).await else { return };
    // One process migrates and seeds first; the other then finds everything in place.
    // The directory is the table's first module, so it migrates and seeds.
    let mut processes = Vec::new();
    for module in hub_modules() {
        let process = HubProcess::spawn(&database.url, &redis, Some(&module)).await;
        processes.push((module, process));
    }
    let work = work_dir();
    let urls: Vec<(&str, String)> = processes
        .iter()
        .map(|(module, process)| (module.as_str(), format!("{}/graphql", process.endpoint.base_url)))
        .collect();
    let supergraph = compose(&dir, &work, &urls);
    let router = Router::start(&dir, &supergraph).await;
    let token = enterprise_token();

    // A query that needs both subgraphs: the viewer lives in the directory, offers in
    // internships, and each offer's enterprise and its area come along.
    let data = router
        .endpoint
        .data(
            &token,
            "{ viewer { organization { name } }
               internshipOffers(first: 10, filter: { status: PUBLISHED }) { edges { node { title enterprise { name area { name } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["viewer"]["organization"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
    let offers = data["internshipOffers"]["edges"].as_array().unwrap();
    assert!(!offers.is_empty(), "the demo data has published offers");
    for offer in offers {
        assert!(
            offer["node"]["enterprise"]["area"]["name"].as_str().is_some_and(|n| !n.is_empty()),
            "{offer}"
        );
    }

    // Equipment listings from the equipment subgraph, their owners' areas from the directory.
    let data = router
        .endpoint
        .data(
            &token,
            "{ equipmentListings(first: 10) { edges { node { name owner { name area { name } } } } } }",
            json!({}),
        )
        .await;
    let listings = data["equipmentListings"]["edges"].as_array().unwrap();
    assert!(!listings.is_empty(), "the demo data has equipment listings");
    assert!(listings.iter().all(|l| l["node"]["owner"]["area"]["name"].is_string()), "{data}");
    // The participation subgraph through the router: its groups' areas are directory entities.
    let officer = hub::auth::Hs256::new(crate::helpers::TEST_SECRET).mint(
        "test:so-congthuong",
        Some(crate::helpers::demo_org("so-congthuong")),
        &[hub_common::Role::DepartmentOfficer],
        3600,
    );
    let summary = router
        .endpoint
        .data(
            &officer,
            "{ participationSummary(groupBy: AREA) { groups { area { name parent { name } } } total { figures { offers } } } }",
            json!({}),
        )
        .await;
    let groups = summary["participationSummary"]["groups"].as_array().unwrap();
    assert!(groups.iter().any(|g| g["area"]["name"] == "Phường Đông Hải"), "{summary}");
    assert!(summary["participationSummary"]["total"]["figures"]["offers"].as_i64().unwrap() > 0);

    // Pilots through the router: the plan's indicators and a pilot model's lead organization.
    let data = router
        .endpoint
        .data(
            &token,
            "{ indicators { code } pilotModels(first: 5) { edges { node { name leadOrganization { name area { name } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["indicators"].as_array().map(Vec::len), Some(6), "{data}");
    let leads: Vec<&str> = data["pilotModels"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|edge| edge["node"]["leadOrganization"]["name"].as_str())
        .collect();
    assert!(leads.contains(&"Trường Cao đẳng Kỹ thuật Hải Phòng"), "{data}");

    // A mutation and a subscription through the router: the subscriber receives the offer
    // published after it subscribed.
    let marker = marker();
    let first = router.endpoint.publish_offer(&format!("Kho vận {marker} 1"), "5210").await;
    // Hive Gateway takes WebSocket subscriptions on its /graphql path.
    let ws_url = format!("{}/graphql", router.endpoint.base_url.replace("http://", "ws://"));
    let mut ws = WsClient::connect_url(&ws_url, Some(&token)).await;
    let cursor = subscribe_and_sync(&mut ws, &marker, &first).await;
    assert!(!cursor.is_empty());
    let second = router.endpoint.publish_offer(&format!("Kho vận {marker} 2"), "5210").await;
    let data: Value = ws.next_data("offers").await;
    assert_eq!(data["internshipOfferPublished"]["offer"]["id"], second.as_str());
    assert_eq!(
        data["internshipOfferPublished"]["offer"]["enterprise"]["name"],
        "Công ty Cổ phần Logistics Bạch Đằng Việt"
    );
    drop(ws);

    // The internships process recorded its own mutations; the audit subgraph serves them.
    let log = router
        .endpoint
        .data(
            &token,
            "query($id: ID!) { auditLog(filter: { objectId: $id }) { edges { node { mutation outcome objectType actingOrganization { name } } } } }",
            json!({ "id": second }),
        )
        .await;
    let entries: Vec<(&str, &str, &str)> = log["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let node = &e["node"];
            assert_eq!(node["actingOrganization"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
            (
                node["mutation"].as_str().unwrap(),
                node["outcome"].as_str().unwrap(),
                node["objectType"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("publishInternshipOffer", "OK", "InternshipOffer"),
            ("createInternshipOffer", "OK", "InternshipOffer")
        ]
    );
    drop(router);
    let _ = std::fs::remove_dir_all(work);
}

// A router resolves references through `_entities`, one representation at a time; the
// batch loader batches them, and each organization's area the same way.
crate::hub_test!(async fn entity_lookups_are_batched(app) {
    let keys: Vec<&str> = directory::demo_data::ORGANIZATIONS.iter().map(|o| o.key).take(20).collect();
    let representations: Vec<Value> = keys
        .iter()
        .map(|key| json!({ "__typename": "Organization", "id": crate::helpers::demo_org(key) }))
        .collect();
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { name area { name } } } }";
    let statements = app.statements_for(None, query, json!({ "r": representations })).await;
    assert!(statements <= 4, "20 organizations and their areas cost {statements} statements");
});
