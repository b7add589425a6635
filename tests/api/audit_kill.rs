//! No committed change without its audit entry: the real `hub` binary, killed with SIGKILL in
//! the middle of a burst of concurrent mutations, leaves an entry for every change that reached
//! the database, and never two for one field.
//!
//! Why it fails when the entry is written after the mutation's transaction (as before issue 17
//! item 5): the kill lands while 16 clients are mid-request, and each of them spends part of
//! its request between its commit and its entry's INSERT (on SQLite that INSERT queues for the
//! write lock behind the other clients' `BEGIN IMMEDIATE`; on PostgreSQL it is a directory read
//! and a round trip), so some committed offer is found without its entry.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use audit::entity as audit_entry;
use hub_common::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{HubProcess, TestApp, with};
use crate::hub_test;
use crate::internships::offer_input;

const ENTERPRISE: &str = "dn-logistics-bach-dang";
const TITLE: &str = "Kill burst offer";
const CREATE: &str =
    "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishInternshipOffer(id: $id) { id } }";
const CLIENTS: usize = 16;
/// Answers received before the kill: enough that every client is mid-burst.
const ANSWERS_BEFORE_KILL: usize = 60;

/// Sends one mutation; `None` once the hub is gone (the connection fails or is cut).
async fn send(
    hub: &crate::offers_live::Endpoint,
    token: &str,
    query: &str,
    variables: Value,
) -> Option<Value> {
    let response = hub
        .client
        .post(format!("{}/graphql", hub.base_url))
        .bearer_auth(token)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .ok()?;
    let body: Value = response.json().await.ok()?;
    assert!(body.get("errors").is_none(), "{body}");
    Some(body["data"].clone())
}

/// Creates and publishes offers until the hub stops answering.
async fn burst(hub: &crate::offers_live::Endpoint, token: &str, client: usize, answers: &AtomicUsize) {
    for round in 0.. {
        let input = with(offer_input(), json!({ "title": format!("{TITLE} {client}-{round}") }));
        let Some(created) = send(hub, token, CREATE, json!({ "input": input })).await else { return };
        answers.fetch_add(1, Ordering::SeqCst);
        let id = created["createInternshipOffer"]["id"].as_str().unwrap().to_owned();
        if send(hub, token, PUBLISH, json!({ "id": id })).await.is_none() {
            return;
        }
        answers.fetch_add(1, Ordering::SeqCst);
    }
}

hub_test!(
    async fn every_committed_change_has_its_entry_after_a_kill(app) {
        let mut hub = HubProcess::spawn_with(
            &app.database_url,
            None,
            &[("HUB_LIMITS__REQUESTS_PER_MINUTE_PER_TOKEN", "0"), ("HUB_LIMITS__REQUESTS_PER_MINUTE_PER_IP", "0")],
        )
        .await;
        let token = app.token(ENTERPRISE, Role::OrgAdmin);
        let answers = Arc::new(AtomicUsize::new(0));
        let endpoint = crate::offers_live::Endpoint { base_url: hub.endpoint.base_url.clone(), client: reqwest::Client::new() };
        let clients = (0..CLIENTS).map(|client| burst(&endpoint, &token, client, &answers));
        let killer = async {
            while answers.load(Ordering::SeqCst) < ANSWERS_BEFORE_KILL {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            hub.kill();
        };
        tokio::join!(futures_util::future::join_all(clients), killer);

        let (created, published) = load_offers(&app).await;
        assert!(created.len() >= ANSWERS_BEFORE_KILL / 2, "the burst wrote {} offers", created.len());
        let entries = audit_entry::Entity::find()
            .filter(audit_entry::Column::Mutation.is_in(["createInternshipOffer", "publishInternshipOffer"]))
            .all(&app.db)
            .await
            .unwrap();

        // Each created offer has exactly one entry whose arguments carry its title.
        let mut creations: HashMap<String, usize> = HashMap::new();
        let mut publications: HashMap<String, usize> = HashMap::new();
        for entry in &entries {
            assert_eq!(entry.outcome, "OK", "{entry:?}");
            let arguments: Value = serde_json::from_str(&entry.arguments).unwrap();
            if entry.mutation == "createInternshipOffer" {
                let title = arguments["input"]["title"].as_str().unwrap_or_default();
                if title.starts_with(TITLE) {
                    *creations.entry(title.to_owned()).or_default() += 1;
                }
            } else if let Some(id) = entry.object_id.clone() {
                *publications.entry(id).or_default() += 1;
            }
        }
        let unrecorded: Vec<&String> = created.keys().filter(|title| !creations.contains_key(*title)).collect();
        assert!(unrecorded.is_empty(), "offers committed without their entry: {unrecorded:?}");
        let twice: Vec<_> = creations.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "entries written twice: {twice:?}");
        let orphans: Vec<_> = creations.keys().filter(|title| !created.contains_key(*title)).collect();
        assert!(orphans.is_empty(), "entries of changes that never committed: {orphans:?}");

        // Each published offer has exactly one publication entry naming it.
        for id in &published {
            assert_eq!(publications.get(id), Some(&1), "offer {id} published with {:?} entries", publications.get(id));
        }
        let unpublished: HashSet<&String> = publications.keys().filter(|id| !published.contains(*id)).collect();
        let burst_ids: HashSet<&String> = created.values().collect();
        assert!(
            unpublished.iter().all(|id| !burst_ids.contains(id)),
            "a publication entry for an offer still in draft: {unpublished:?}"
        );
    }
);

/// The burst's offers in the database: title → id, and the ids of those published.
async fn load_offers(app: &TestApp) -> (HashMap<String, String>, HashSet<String>) {
    use internships::entity::offer;
    let rows =
        offer::Entity::find().filter(offer::Column::Title.starts_with(TITLE)).all(&app.db).await.unwrap();
    let published = rows
        .iter()
        .filter(|row| row.status == internships::OfferStatus::Published)
        .map(|row| row.id.to_string())
        .collect();
    (rows.into_iter().map(|row| (row.title, row.id.to_string())).collect(), published)
}
