//! What an operator observes: `/metrics` series, and the trace one request leaves in an OTLP
//! collector (here a small in-process gRPC receiver).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{
    TraceService, TraceServiceServer,
};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use reqwest::StatusCode;
use sea_orm::DbBackend;
use serde_json::json;

use crate::helpers::{Backend, HubProcess, TestDatabase};
use crate::hub_test;
use crate::offers_live::SUBSCRIBE;
use crate::ws_client::WsClient;

hub_test!(
    async fn metrics_expose_requests_latency_subscriptions_outbox_pools_and_bus(app) {
        let graphql = format!("{}/graphql", app.base_url);
        let ok = json!({
            "query": "query ListOrganizations { organizations(first: 1) { edges { node { name } } } }",
            "operationName": "ListOrganizations",
        });
        for _ in 0..2 {
            let response = app.client.post(&graphql).json(&ok).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
        let broken = json!({ "query": "query Broken { noSuchField }", "operationName": "Broken" });
        app.client.post(&graphql).json(&broken).send().await.unwrap();
        let mut ws = WsClient::connect(&app.base_url, None).await;
        ws.subscribe("offers", SUBSCRIBE, json!({})).await;

        let text = wait_for_metric(&app.base_url, "hub_event_subscribers 1").await;
        for line in [
            "hub_graphql_requests_total{operation=\"ListOrganizations\",outcome=\"ok\"} 2",
            "hub_graphql_requests_total{operation=\"Broken\",outcome=\"error\"} 1",
            "hub_graphql_request_duration_seconds_count{operation=\"ListOrganizations\"} 2",
            "hub_graphql_request_duration_seconds_bucket{operation=\"ListOrganizations\",le=\"+Inf\"} 2",
            "hub_websocket_connections 1",
            "hub_event_bus_configured 0",
            "hub_outbox_unsent_events ",
            "hub_outbox_oldest_unsent_age_seconds ",
            "hub_db_pool_connections{pool=\"requests\",state=\"in_use\"} ",
            "hub_db_pool_connections{pool=\"background\",state=\"idle\"} ",
            "hub_draining 0",
        ] {
            assert!(text.contains(line), "missing `{line}` in\n{text}");
        }
        // The test apps may hold 5 connections; on PostgreSQL the hot reads hold 2 of them.
        let budget: &[&str] = match app.db.get_database_backend() {
            DbBackend::Postgres => &[
                "hub_db_pool_max_connections{pool=\"requests\"} 3",
                "hub_db_pool_max_connections{pool=\"reads\"} 2",
            ],
            _ => &["hub_db_pool_max_connections{pool=\"requests\"} 5"],
        };
        for line in budget {
            assert!(text.contains(line), "missing `{line}` in\n{text}");
        }
        assert_eq!(text.contains("pool=\"reads\""), app.db.get_database_backend() == DbBackend::Postgres);
        ws.close().await;
        wait_for_metric(&app.base_url, "hub_websocket_connections 0").await;
    }
);

/// The `/metrics` text once it contains `line`.
pub async fn wait_for_metric(base_url: &str, line: &str) -> String {
    let client = reqwest::Client::new();
    let mut text = String::new();
    for _ in 0..100 {
        text = client.get(format!("{base_url}/metrics")).send().await.unwrap().text().await.unwrap();
        if text.lines().any(|l| l.starts_with(line) || l == line) {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("`{line}` never appeared in\n{text}");
}

/// A collector stand-in: keeps every span it is sent.
#[derive(Clone, Default)]
struct Receiver {
    spans: Arc<Mutex<Vec<Span>>>,
}

#[tonic::async_trait]
impl TraceService for Receiver {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        let mut spans = self.spans.lock().unwrap();
        for resource in request.into_inner().resource_spans {
            for scope in resource.scope_spans {
                spans.extend(scope.spans);
            }
        }
        Ok(tonic::Response::new(ExportTraceServiceResponse { partial_success: None }))
    }
}

async fn start_receiver() -> (String, Receiver) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let receiver = Receiver::default();
    let server = tonic::transport::Server::builder()
        .add_service(TraceServiceServer::new(receiver.clone()))
        .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener));
    tokio::spawn(server);
    (endpoint, receiver)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn string_attribute(span: &Span, key: &str) -> Option<String> {
    span.attributes.iter().find(|attribute| attribute.key == key).and_then(|attribute| {
        match attribute.value.as_ref()?.value.as_ref()? {
            AnyValue::StringValue(value) => Some(value.clone()),
            _ => None,
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_request_exports_a_span_tree_from_the_callers_trace_down_to_sql() {
    span_tree_down_to_sql(Backend::Sqlite, "sqlite").await;
}

/// On PostgreSQL the offers are read over the read pool's own connections, which make their
/// statement spans themselves (`hub_common::read_pool`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_request_exports_a_span_tree_down_to_sql_on_postgres_too() {
    span_tree_down_to_sql(Backend::Postgres, "postgresql").await;
}

async fn span_tree_down_to_sql(backend: Backend, db_system: &str) {
    let (collector, receiver) = start_receiver().await;
    let Some(database) = TestDatabase::create(backend).await else { return };
    let mut hub = HubProcess::spawn_with(&database.url, None, &[("HUB_OTLP_ENDPOINT", &collector)]).await;
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let caller_span = "00f067aa0ba902b7";
    let response = reqwest::Client::new()
        .post(format!("{}/graphql", hub.endpoint.base_url))
        .header("traceparent", format!("00-{trace_id}-{caller_span}-01"))
        .json(&json!({
            "query": "query FirstOrganizations { organizations(first: 2) { edges { node { name } } } \
                      internshipOffers(first: 2) { edges { node { title } } } }",
            "operationName": "FirstOrganizations",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // Shutting down flushes the spans still buffered, so nothing waits for the export interval.
    hub.terminate();
    assert!(hub.exited(Duration::from_secs(20)).await.success());

    let spans: Vec<Span> = receiver
        .spans
        .lock()
        .unwrap()
        .iter()
        .filter(|span| hex(&span.trace_id) == trace_id)
        .cloned()
        .collect();
    let names: Vec<&str> = spans.iter().map(|span| span.name.as_str()).collect();
    let request = spans
        .iter()
        .find(|span| span.name == "POST /graphql")
        .unwrap_or_else(|| panic!("no request span in the caller's trace: {names:?}"));
    assert_eq!(hex(&request.parent_span_id), caller_span, "the request continues the caller's trace");
    assert_eq!(request.kind, SpanKind::Server as i32);

    let parent_of = |span: &Span| spans.iter().find(|other| other.span_id == span.parent_span_id);
    let descends_from = |span: &Span, ancestor: &Span| {
        let mut current = parent_of(span);
        while let Some(parent) = current {
            if parent.span_id == ancestor.span_id {
                return true;
            }
            current = parent_of(parent);
        }
        false
    };
    let organizations = spans
        .iter()
        .find(|span| {
            span.name == "field" && string_attribute(span, "path").as_deref() == Some("organizations")
        })
        .unwrap_or_else(|| panic!("no resolver span for `organizations`: {names:?}"));
    assert!(descends_from(organizations, request), "resolvers run inside the request span");
    let reading = |table: &str| {
        spans
            .iter()
            .find(|span| {
                span.name.starts_with("sea_orm.")
                    && string_attribute(span, "db.statement").is_some_and(|sql| sql.contains(table))
            })
            .unwrap_or_else(|| panic!("no SQL span reading {table}: {names:?}"))
    };
    let statement = reading("directory_organizations");
    assert!(descends_from(statement, organizations), "the statement runs inside its resolver's span");
    assert_eq!(string_attribute(statement, "db.system").as_deref(), Some(db_system));
    let offers = spans
        .iter()
        .find(|span| {
            span.name == "field" && string_attribute(span, "path").as_deref() == Some("internshipOffers")
        })
        .unwrap_or_else(|| panic!("no resolver span for `internshipOffers`: {names:?}"));
    let statement = reading("internships_offers");
    assert!(descends_from(statement, offers), "the page's statement runs inside its resolver's span");
    assert_eq!(string_attribute(statement, "db.system").as_deref(), Some(db_system));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_production_profile_logs_one_json_object_per_line() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let database = TestDatabase::create(Backend::Sqlite).await.expect("SQLite");
    let mut child = crate::helpers::hub_command()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("REDIS_URL")
        .env_remove("RUST_LOG")
        .env("DATABASE_URL", &database.url)
        .env("HUB_AUTH__OIDC_ISSUER", "http://127.0.0.1:9")
        .env("HUB_AUTH__OIDC_AUDIENCE", "hub")
        .env("HUB_PROFILE", "production")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hub starts");
    // Read stderr from the start, so the hub never blocks on a full pipe.
    let stderr = child.stderr.take().expect("piped stderr");
    let logs =
        std::thread::spawn(move || BufReader::new(stderr).lines().map_while(Result::ok).collect::<Vec<_>>());
    let stdout = child.stdout.take().expect("piped stdout");
    let (first_line, first) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let _ = first_line.send(lines.next());
        lines.for_each(drop); // Keep draining so the hub never writes into a closed pipe.
    });
    let first = tokio::task::spawn_blocking(move || first.recv().ok().flatten()).await.expect("read stdout");
    let base_url = first.and_then(|line| line.strip_prefix("listening on ").map(str::to_owned));
    let base_url = base_url.expect("the address line");
    crate::helpers::wait_until_ready(&base_url).await;
    // Shutting down logs at `info`; the process then exits and closes stderr.
    let status = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(status.expect("kill runs").success());
    let _ = child.wait();
    let lines = logs.join().expect("stderr read to its end");
    assert!(lines.iter().any(|line| line.contains("shutting down")), "{lines:#?}");
    for line in &lines {
        let entry: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|err| panic!("not a JSON log line ({err}): {line}"));
        assert!(entry["timestamp"].is_string() && entry["level"].is_string(), "{line}");
        assert!(entry["fields"]["message"].is_string(), "{line}");
    }
}
