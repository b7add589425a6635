//! Faults with servers of the tests' own on spare ports (the machine's shared Redis and
//! PostgreSQL are never touched): Redis killed and restarted while offers are published and
//! subscribers listen, PostgreSQL stopped and restarted under a steady stream of requests.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde_json::{Value, json};

use crate::helpers::{HubProcess, PrivateRedis, replicas_on_redis, services_required, wait_until_ready};
use crate::offers_live::{CREATE, Endpoint, enterprise_token, marker, offer_input, subscribe_and_sync};
use crate::telemetry::wait_for_metric;
use crate::ws_client::WsClient;

const OFFERS: usize = 24;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_and_restarted_while_offers_are_published_loses_and_doubles_nothing() {
    let Some(mut redis) = PrivateRedis::start().await else { return };
    let Some((a, b)) = replicas_on_redis(&redis.url()).await else { return };
    let publisher = Endpoint { base_url: a.base_url.clone(), client: reqwest::Client::new() };
    let marker = marker();
    let first = publisher.publish_offer(&format!("Kho vận {marker} 0"), "5210").await;
    let mut subscribers = Vec::new();
    for replica in [&a, &b] {
        let mut ws = WsClient::connect(&replica.base_url, None).await;
        subscribe_and_sync(&mut ws, &marker, &first).await;
        subscribers.push(ws);
    }

    let published = Arc::new(AtomicUsize::new(0));
    let publishing = {
        let (published, marker) = (published.clone(), marker.clone());
        tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in 1..=OFFERS {
                ids.push(publisher.publish_offer(&format!("Kho vận {marker} {n}"), "5210").await);
                published.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(60)).await;
            }
            ids
        })
    };
    while published.load(Ordering::Relaxed) < OFFERS / 4 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    redis.stop();
    for replica in [&a, &b] {
        let body = readiness_once_false(&replica.base_url).await;
        assert_eq!(body["eventBus"], "unreachable", "{body}");
    }
    // The events published meanwhile wait in the outbox, and /metrics says so.
    let text = wait_for_metric(&a.base_url, "hub_event_bus_connected 0").await;
    assert!(text.contains("hub_event_bus_configured 1"), "{text}");
    wait_for_backlog(&a.base_url).await;
    redis.resume().await;
    wait_until_ready(&a.base_url).await;
    wait_until_ready(&b.base_url).await;

    let published_ids = publishing.await.unwrap();
    for ws in &mut subscribers {
        for expected in &published_ids {
            let data = ws.next_data("offers").await;
            assert_eq!(&data["internshipOfferPublished"]["offer"]["id"], expected, "in order, none lost");
        }
        ws.expect_silence(Duration::from_millis(1000)).await;
    }
    wait_for_metric(&a.base_url, "hub_outbox_unsent_events 0").await;
}

/// `/readyz`'s body once it answers 503.
async fn readiness_once_false(base_url: &str) -> Value {
    let client = reqwest::Client::new();
    for _ in 0..200 {
        let response = client.get(format!("{base_url}/readyz")).send().await.unwrap();
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            return response.json().await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{base_url}/readyz stayed true");
}

/// Waits until `/metrics` reports unsent outbox events with a measurable age.
async fn wait_for_backlog(base_url: &str) {
    let client = reqwest::Client::new();
    for _ in 0..100 {
        let text = client.get(format!("{base_url}/metrics")).send().await.unwrap().text().await.unwrap();
        let value = |name: &str| -> f64 {
            text.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
                .unwrap_or_else(|| panic!("no {name} in\n{text}"))
        };
        if value("hub_outbox_unsent_events") >= 1.0 && value("hub_outbox_oldest_unsent_age_seconds") > 0.0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the outbox backlog never showed on /metrics");
}

/// A PostgreSQL cluster of the test's own in a temporary directory, on a spare port.
struct PrivatePostgres {
    dir: PathBuf,
    port: u16,
    bin: PathBuf,
}

impl PrivatePostgres {
    /// `None` (with a loud message) when PostgreSQL's server binaries are not installed and the
    /// suite is not required to have them.
    fn start() -> Option<Self> {
        let Some(bin) = postgres_bin() else {
            if services_required() {
                panic!("PostgreSQL server binaries (initdb, pg_ctl) are required but not installed");
            }
            eprintln!("\n*** SKIPPED: initdb and pg_ctl are not installed. ***\n");
            return None;
        };
        let dir = std::env::temp_dir().join(format!("hub-pg-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir(&dir).unwrap();
        let port = crate::helpers::free_port();
        let cluster = Self { dir, port, bin };
        // initdb refuses to run as root; the cluster then belongs to the `postgres` user.
        if running_as_root() {
            cluster.run_status("chown", &["-R", "postgres", &cluster.dir.display().to_string()]);
        }
        let data = cluster.data();
        cluster.as_owner("initdb", &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"]);
        cluster.resume();
        Some(cluster)
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server the way a crash does (`immediate`: no checkpoint, clients cut off).
    fn stop(&self) {
        self.as_owner("pg_ctl", &["-D", &self.data(), "-m", "immediate", "-w", "stop"]);
    }

    /// Starts the server and waits until it accepts connections.
    fn resume(&self) {
        let options =
            format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.display());
        let log = self.dir.join("log").display().to_string();
        self.as_owner("pg_ctl", &["-D", &self.data(), "-o", &options, "-l", &log, "-w", "start"]);
    }

    fn as_owner(&self, program: &str, args: &[&str]) {
        let program = self.bin.join(program).display().to_string();
        if running_as_root() {
            let mut full = vec!["-u", "postgres", "--", program.as_str()];
            full.extend_from_slice(args);
            self.run_status("runuser", &full);
        } else {
            self.run_status(&program, args);
        }
    }

    fn run_status(&self, program: &str, args: &[&str]) {
        let output = std::process::Command::new(program).args(args).output().expect("runs");
        assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = std::process::Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
        let _ = std::process::Command::new(self.bin.join("pg_ctl"))
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The newest installed PostgreSQL's server binaries (Debian keeps them off the PATH).
fn postgres_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| Some(entry.ok()?.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
        .collect();
    versions.sort_by_key(|bin| {
        bin.parent().and_then(|version| version.file_name()?.to_str()?.parse::<u32>().ok()).unwrap_or(0)
    });
    versions.pop()
}

fn running_as_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// What one request of the steady stream got back.
#[derive(Debug)]
enum Answer {
    Acknowledged(String),
    Failed(String),
}

/// Creates offers one after another until `stop`, counting acknowledgements in `acknowledged`.
async fn steady_stream(
    base_url: String,
    stop: Arc<AtomicBool>,
    acknowledged: Arc<AtomicUsize>,
) -> Vec<Answer> {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let token = enterprise_token();
    let mut answers = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let input = offer_input(&format!("Kho vận dòng đều {n}"), "5210");
        let body: Value = client
            .post(format!("{base_url}/graphql"))
            .bearer_auth(&token)
            .json(&json!({ "query": CREATE, "variables": { "input": input } }))
            .send()
            .await
            .expect("the hub answers every request, database or not")
            .json()
            .await
            .expect("a JSON body");
        match body["data"]["createInternshipOffer"]["id"].as_str() {
            Some(id) => {
                answers.push(Answer::Acknowledged(id.to_owned()));
                acknowledged.fetch_add(1, Ordering::Relaxed);
            }
            None => answers.push(Answer::Failed(body["errors"][0]["extensions"]["code"].to_string())),
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    answers
}

async fn wait_for_count(counter: &AtomicUsize, at_least: usize, what: &str) {
    for _ in 0..600 {
        if counter.load(Ordering::Relaxed) >= at_least {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: only {} acknowledged", counter.load(Ordering::Relaxed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_under_steady_requests_resumes_without_losing_acknowledged_writes() {
    let Some(postgres) = PrivatePostgres::start() else { return };
    let mut hub = HubProcess::spawn_with(&postgres.url(), None, &[]).await;
    let base_url = hub.endpoint.base_url.clone();
    let (stop, acknowledged) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let stream = tokio::spawn(steady_stream(base_url.clone(), stop.clone(), acknowledged.clone()));
    wait_for_count(&acknowledged, 5, "before the outage").await;

    postgres.stop();
    let body = readiness_once_false(&base_url).await;
    assert_eq!(body["database"], "unreachable", "{body}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(hub.is_running(), "the hub survives its database going away");
    let before_restart = acknowledged.load(Ordering::Relaxed);
    postgres.resume();
    wait_until_ready(&base_url).await;
    wait_for_count(&acknowledged, before_restart + 5, "after the restart").await;
    stop.store(true, Ordering::Relaxed);
    let answers = stream.await.unwrap();
    assert!(hub.is_running());

    for answer in &answers {
        if let Answer::Failed(code) = answer {
            assert!(
                code == "\"INTERNAL\"" || code == "\"SERVICE_UNAVAILABLE\"",
                "while the database is down errors are INTERNAL or SERVICE_UNAVAILABLE: {answers:?}"
            );
        }
    }
    let db = Database::connect(postgres.url()).await.unwrap();
    for answer in &answers {
        if let Answer::Acknowledged(id) = answer {
            let row = db
                .query_one_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT id FROM internships_offers WHERE id = $1::uuid",
                    [id.clone().into()],
                ))
                .await
                .unwrap();
            assert!(row.is_some(), "acknowledged offer {id} survived the restart");
        }
    }
    db.close().await.unwrap();
}
