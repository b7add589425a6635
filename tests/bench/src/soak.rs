//! `hub-bench soak`: issue 17 item 7. Runs mixed traffic against one `hub serve` for a
//! while (default 30 minutes) and reports every minute what would show a leak: the hub's
//! resident memory, its open file descriptors, its database pools' usage, its live WebSockets
//! and subscriptions, and the traffic's counts with unexpected errors apart.
//!
//! The traffic, all at once: readers (lists, single offers, an officer's participation summary
//! and audit log), writers (offers created, published, nominated for, decided; a few per second,
//! so the database grows slowly), a churn of WebSocket subscriptions (100 connections of 10
//! `internshipOfferPublished` subscriptions each, some filtered, some resuming from a cursor;
//! every connection closes after 5 to 60 s and a new one takes its place), and hostile input
//! (bodies that are not JSON, documents that do not parse, queries too deep, oversized bodies,
//! made-up tokens, wrong variables, unknown persisted queries, WebSocket messages that are not
//! the protocol). A refusal with the expected status is counted as refused, anything else
//! (a 5xx, `INTERNAL`, a transport failure, a wrong answer) as an error.
//!
//! It is a program, not a test. Memory is judged after the warm-up (default 5 minutes): the
//! report gives resident memory at the end of warm-up and at the end, and the largest sample
//! after warm-up.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::{Options, hub_env, psql, round, rss_kib, run, spawn_hub};

const ENTERPRISE: &str = "dn-logistics-bach-dang";
const SCHOOL: &str = "thpt-tran-phu";
const OFFICER: &str = "so-congthuong";
const CONNECTIONS: usize = 100;
const SUBSCRIPTIONS_PER_CONNECTION: usize = 10;

const LIST: &str = "query($sector: String) { internshipOffers(first: 20, filter: {sector: $sector, status: PUBLISHED}) { edges { node { id title enterprise { name area { name } } } } pageInfo { endCursor } } }";
const ONE: &str = "query($id: ID!) { internshipOffer(id: $id) { id title seats enterprise { name } } }";
const SUMMARY: &str = "query($year: Int!) { participationSummary(period: {year: $year}, groupBy: AREA) { groups { area { name } figures { offers seats } } } }";
const AUDIT: &str = "query { auditLog(first: 20) { edges { node { mutation outcome objectId } } } }";
const CREATE: &str =
    "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishInternshipOffer(id: $id) { id } }";
const NOMINATE: &str = "mutation($input: NominateStudentInput!) { nominateStudent(input: $input) { id } }";
const DECIDE: &str = "mutation($id: ID!, $decision: NominationDecision!) { decideNomination(id: $id, decision: $decision) { id } }";

/// What `hub-bench soak` was asked for.
pub struct SoakOptions {
    pub minutes: u64,
    pub warmup_minutes: u64,
    pub interval: Duration,
    pub out: PathBuf,
}

impl SoakOptions {
    pub fn parse(args: impl Iterator<Item = String>, target: &str) -> Result<Option<Self>> {
        let mut options = Self {
            minutes: 30,
            warmup_minutes: 5,
            interval: Duration::from_secs(60),
            out: PathBuf::from(target).join("soak-report.json"),
        };
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
            match arg.as_str() {
                "--minutes" => options.minutes = value("--minutes")?.parse()?,
                "--warmup-minutes" => options.warmup_minutes = value("--warmup-minutes")?.parse()?,
                "--interval-seconds" => {
                    options.interval = Duration::from_secs(value("--interval-seconds")?.parse()?)
                }
                "--out" => options.out = value("--out")?.into(),
                "--help" | "-h" => {
                    println!(
                        "hub-bench soak [--minutes 30] [--warmup-minutes 5] [--interval-seconds 60] [--out FILE] [--hub PATH]\n\
                         Mixed traffic against one hub (release by default; --hub for another) on PostgreSQL and Redis; a line of figures per interval.\n\
                         Build first: cargo build --locked --release -p hub -p hub-bench\n\
                         Env: HUB_BENCH_POSTGRES_URL, HUB_BENCH_REDIS_URL, CARGO_TARGET_DIR"
                    );
                    return Ok(None);
                }
                other => bail!("unknown soak argument {other}; try hub-bench soak --help"),
            }
        }
        if options.minutes == 0 || options.interval.is_zero() {
            bail!("--minutes and --interval-seconds must be above 0");
        }
        Ok(Some(options))
    }
}

/// Counts of one kind of traffic, since the start.
#[derive(Default)]
struct Counts {
    ok: AtomicU64,
    refused: AtomicU64,
    errors: AtomicU64,
}

impl Counts {
    fn snapshot(&self) -> [u64; 3] {
        [
            self.ok.load(Ordering::Relaxed),
            self.refused.load(Ordering::Relaxed),
            self.errors.load(Ordering::Relaxed),
        ]
    }
}

#[derive(Default)]
struct Traffic {
    queries: Counts,
    mutations: Counts,
    bad_inputs: Counts,
    /// `ok`: subscriptions started; `refused`: events delivered; `errors`: failed connections
    /// or subscriptions ended by an error.
    subscriptions: Counts,
    last_error: std::sync::Mutex<Option<String>>,
}

impl Traffic {
    fn error(&self, counts: &Counts, what: String) {
        counts.errors.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut last) = self.last_error.lock() {
            *last = Some(what);
        }
    }
}

struct Target {
    graphql: String,
    ws: String,
    enterprise: String,
    school: String,
    officer: String,
    area_id: String,
}

pub async fn soak(options: &Options, soak: &SoakOptions) -> Result<()> {
    let db_name = format!("hub_soak_{}", uuid::Uuid::new_v4().simple());
    let db_url = options.db_url(&db_name);
    psql(&options.admin_url, &format!("CREATE DATABASE {db_name};")).context("creating the soak database")?;
    eprintln!("[soak] database {db_name}");
    let outcome = soak_on(options, soak, &db_url).await;
    let _ = psql(&options.admin_url, &format!("DROP DATABASE IF EXISTS {db_name} WITH (FORCE);"));
    eprintln!("[soak] dropped {db_name}");
    outcome
}

async fn soak_on(options: &Options, soak: &SoakOptions, db_url: &str) -> Result<()> {
    let log_dir = std::env::temp_dir().join(format!("hub-soak-{}", std::process::id()));
    std::fs::create_dir_all(&log_dir)?;
    let mut seed = std::process::Command::new(&options.hub_bin);
    seed.args(["seed", "--demo"]);
    hub_env(&mut seed, options, db_url);
    seed.env("HUB_PROFILE", "development");
    eprintln!("[soak] {}", run(&mut seed, "hub seed --demo")?);
    let (hub, base) = spawn_hub(options, db_url, "hub-soak", &log_dir).await?;
    let mint = |org: &str, role: &str, subject: &str| {
        let mut command = std::process::Command::new(&options.hub_bin);
        command.args(["token", "--org", org, "--role", role, "--subject", subject, "--hours", "24"]);
        hub_env(&mut command, options, db_url);
        run(&mut command, "hub token")
    };
    let target = Arc::new(Target {
        graphql: format!("{base}/graphql"),
        ws: format!("{}/graphql/ws", base.replace("http://", "ws://")),
        enterprise: mint(ENTERPRISE, "org-admin", "soak:enterprise")?,
        school: mint(SCHOOL, "org-member", "soak:school")?,
        officer: mint(OFFICER, "department-officer", "soak:officer")?,
        area_id: psql(
            db_url,
            "SELECT id FROM directory_areas WHERE level IN ('WARD', 'COMMUNE') AND valid_to IS NULL ORDER BY code LIMIT 1;",
        )?,
    });
    let traffic = Arc::new(Traffic::default());
    let stop = Arc::new(AtomicBool::new(false));
    let published: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();

    let mut tasks = Vec::new();
    for worker in 0..4 {
        tasks.push(tokio::spawn(readers(
            target.clone(),
            traffic.clone(),
            stop.clone(),
            published.clone(),
            worker,
        )));
    }
    for worker in 0..2 {
        tasks.push(tokio::spawn(writers(
            target.clone(),
            traffic.clone(),
            stop.clone(),
            published.clone(),
            worker,
        )));
    }
    tasks.push(tokio::spawn(bad_inputs(target.clone(), traffic.clone(), stop.clone())));
    for connection in 0..CONNECTIONS {
        tasks.push(tokio::spawn(subscriber(target.clone(), traffic.clone(), stop.clone(), connection)));
    }

    let started = Instant::now();
    let deadline = started + Duration::from_secs(soak.minutes * 60);
    let client = reqwest::Client::new();
    let mut samples = Vec::new();
    println!(
        "| minute | RSS MiB | open fds | pool in use/idle/max | WebSockets | subscriptions | queries ok/refused/errors | mutations ok/errors | events delivered | bad inputs refused/errors | subscription errors |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut next = started + soak.interval;
    while Instant::now() < deadline {
        tokio::time::sleep_until(next.min(deadline).into()).await;
        next += soak.interval;
        let sample = sample(&client, &base, hub.pid(), &traffic, started).await;
        print_sample(&sample);
        samples.push(sample);
    }
    stop.store(true, Ordering::Relaxed);
    for task in &tasks {
        task.abort();
    }
    let report = summarize(soak, &samples, &traffic);
    std::fs::write(&soak.out, serde_json::to_string_pretty(&report)?)?;
    eprintln!("[soak] report written to {}", soak.out.display());
    println!("{}", serde_json::to_string_pretty(&report["memory"])?);
    drop(hub);
    Ok(())
}

async fn sample(
    client: &reqwest::Client,
    base: &str,
    pid: u32,
    traffic: &Traffic,
    started: Instant,
) -> Value {
    let metrics = match client.get(format!("{base}/metrics")).send().await {
        Ok(response) => response.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    let gauge = |series: &str| -> Option<u64> {
        metrics.lines().find_map(|line| line.strip_prefix(series).and_then(|rest| rest.trim().parse().ok()))
    };
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map(|dir| dir.count()).ok();
    let [q_ok, q_refused, q_errors] = traffic.queries.snapshot();
    let [m_ok, _, m_errors] = traffic.mutations.snapshot();
    let [b_ok, b_refused, b_errors] = traffic.bad_inputs.snapshot();
    let [s_started, s_delivered, s_errors] = traffic.subscriptions.snapshot();
    json!({
        "minute": round(started.elapsed().as_secs_f64() / 60.0, 2),
        "rss_kib": rss_kib(pid).ok(),
        "open_fds": fds,
        "pool_requests_in_use": gauge("hub_db_pool_connections{pool=\"requests\",state=\"in_use\"}"),
        "pool_requests_idle": gauge("hub_db_pool_connections{pool=\"requests\",state=\"idle\"}"),
        "pool_requests_max": gauge("hub_db_pool_max_connections{pool=\"requests\"}"),
        "websockets": gauge("hub_websocket_connections"),
        "subscriptions": gauge("hub_event_subscribers"),
        "queries": { "ok": q_ok, "refused": q_refused, "errors": q_errors },
        "mutations": { "ok": m_ok, "errors": m_errors },
        "bad_inputs": { "refused": b_refused + b_ok, "errors": b_errors },
        "subscriptions_started": s_started,
        "events_delivered": s_delivered,
        "subscription_errors": s_errors,
        "last_error": traffic.last_error.lock().ok().and_then(|last| last.clone()),
    })
}

fn print_sample(s: &Value) {
    let text = |v: &Value| v.as_u64().map_or("?".to_owned(), |n| n.to_string());
    let mib = s["rss_kib"].as_u64().map_or("?".to_owned(), |kib| format!("{:.1}", kib as f64 / 1024.0));
    println!(
        "| {} | {mib} | {} | {}/{}/{} | {} | {} | {}/{}/{} | {}/{} | {} | {}/{} | {} |",
        s["minute"],
        text(&s["open_fds"]),
        text(&s["pool_requests_in_use"]),
        text(&s["pool_requests_idle"]),
        text(&s["pool_requests_max"]),
        text(&s["websockets"]),
        text(&s["subscriptions"]),
        s["queries"]["ok"],
        s["queries"]["refused"],
        s["queries"]["errors"],
        s["mutations"]["ok"],
        s["mutations"]["errors"],
        s["events_delivered"],
        s["bad_inputs"]["refused"],
        s["bad_inputs"]["errors"],
        s["subscription_errors"],
    );
    if let Some(last) = s["last_error"].as_str() {
        eprintln!("[soak] last unexpected error so far: {last}");
    }
}

fn summarize(soak: &SoakOptions, samples: &[Value], traffic: &Traffic) -> Value {
    let rss = |s: &Value| s["rss_kib"].as_u64().unwrap_or(0);
    let warmup = samples.iter().rfind(|s| s["minute"].as_f64().unwrap_or(0.0) <= soak.warmup_minutes as f64);
    let after: Vec<&Value> =
        samples.iter().filter(|s| s["minute"].as_f64().unwrap_or(0.0) > soak.warmup_minutes as f64).collect();
    let at_warmup = warmup.map(rss);
    let last = samples.last().map(rss);
    let peak_after = after.iter().map(|s| rss(s)).max();
    let fds_after: Vec<u64> = after.iter().filter_map(|s| s["open_fds"].as_u64()).collect();
    json!({
        "minutes": soak.minutes,
        "warmup_minutes": soak.warmup_minutes,
        "memory": {
            "rss_kib_at_end_of_warmup": at_warmup,
            "rss_kib_at_end": last,
            "rss_kib_peak_after_warmup": peak_after,
            "growth_after_warmup_kib": match (at_warmup, last) { (Some(a), Some(b)) => Some(b as i64 - a as i64), _ => None },
            "open_fds_after_warmup_min_max": [fds_after.iter().min(), fds_after.iter().max()],
            "unexpected_errors": traffic.queries.snapshot()[2] + traffic.mutations.snapshot()[2]
                + traffic.bad_inputs.snapshot()[2] + traffic.subscriptions.snapshot()[2],
        },
        "samples": samples,
    })
}

/// Posts a GraphQL body; the answer's status and JSON (`Value::Null` when it is not JSON).
async fn post(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: String,
) -> Result<(u16, Value)> {
    let mut request = client.post(url).header("content-type", "application/json").body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let text = response.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

fn first_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// A small xorshift, so the traffic's mix needs no dependency.
fn next_random(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

async fn readers(
    target: Arc<Target>,
    traffic: Arc<Traffic>,
    stop: Arc<AtomicBool>,
    published: Arc<std::sync::Mutex<Vec<String>>>,
    worker: u64,
) {
    let client = reqwest::Client::new();
    let mut seed = 0x2545_F491_4F6C_DD1D ^ (worker + 1);
    let year = chrono::Datelike::year(&chrono::Utc::now());
    while !stop.load(Ordering::Relaxed) {
        let pick = next_random(&mut seed) % 10;
        let (token, body) = match pick {
            0..=3 => (
                None,
                json!({ "query": LIST, "variables": { "sector": if pick.is_multiple_of(2) { Value::Null } else { json!("5210") } } }),
            ),
            4..=6 => {
                let id = published.lock().ok().and_then(|ids| {
                    (!ids.is_empty())
                        .then(|| ids[(next_random(&mut seed) % ids.len() as u64) as usize].clone())
                });
                let Some(id) = id else {
                    continue_later().await;
                    continue;
                };
                (None, json!({ "query": ONE, "variables": { "id": id } }))
            }
            7 | 8 => {
                (Some(target.officer.as_str()), json!({ "query": SUMMARY, "variables": { "year": year } }))
            }
            _ => (Some(target.officer.as_str()), json!({ "query": AUDIT })),
        };
        match post(&client, &target.graphql, token, body.to_string()).await {
            Ok((200, answer)) if answer.get("errors").is_none() => {
                traffic.queries.ok.fetch_add(1, Ordering::Relaxed);
            }
            Ok((status, answer)) => {
                traffic.error(&traffic.queries, format!("query {pick}: {status} {answer}"))
            }
            Err(err) => traffic.error(&traffic.queries, format!("query {pick}: {err:#}")),
        }
        // Readers pace themselves a little: the soak is about time, not throughput.
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn continue_later() {
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// One round: an offer created and published, a student nominated and the nomination decided.
async fn writers(
    target: Arc<Target>,
    traffic: Arc<Traffic>,
    stop: Arc<AtomicBool>,
    published: Arc<std::sync::Mutex<Vec<String>>>,
    worker: u64,
) {
    let client = reqwest::Client::new();
    let today = chrono::Utc::now().date_naive();
    let mut round = 0u64;
    while !stop.load(Ordering::Relaxed) {
        round += 1;
        let input = json!({
            "title": format!("Soak offer {worker}-{round}"), "description": "Thực tập đo độ bền.",
            "sector": if round.is_multiple_of(2) { "5210" } else { "3011" },
            "areaId": target.area_id, "seats": 2, "eligibleLevels": ["UPPER_SECONDARY_STUDENT"],
            "startDate": (today + chrono::Days::new(40)).to_string(), "endDate": (today + chrono::Days::new(100)).to_string(),
            "applicationDeadline": (today + chrono::Days::new(30)).to_string(),
        });
        let steps = async {
            let created =
                mutate(&client, &target.graphql, &target.enterprise, CREATE, json!({ "input": input }))
                    .await?;
            let id = created["createInternshipOffer"]["id"].as_str().context("offer id")?.to_owned();
            mutate(&client, &target.graphql, &target.enterprise, PUBLISH, json!({ "id": id })).await?;
            traffic.mutations.ok.fetch_add(2, Ordering::Relaxed);
            if let Ok(mut ids) = published.lock() {
                if ids.len() >= 2000 {
                    ids.remove(0);
                }
                ids.push(id.clone());
            }
            let nomination =
                json!({ "offerId": id, "studentRef": format!("SOAK-{worker}-{round}"), "grade": 12 });
            let nominated =
                mutate(&client, &target.graphql, &target.school, NOMINATE, json!({ "input": nomination }))
                    .await?;
            let nomination_id =
                nominated["nominateStudent"]["id"].as_str().context("nomination id")?.to_owned();
            let decision = if round.is_multiple_of(3) { "REJECT" } else { "ACCEPT" };
            mutate(
                &client,
                &target.graphql,
                &target.enterprise,
                DECIDE,
                json!({ "id": nomination_id, "decision": decision }),
            )
            .await?;
            traffic.mutations.ok.fetch_add(2, Ordering::Relaxed);
            anyhow::Ok(())
        };
        if let Err(err) = steps.await {
            traffic.error(&traffic.mutations, format!("{err:#}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn mutate(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    query: &str,
    variables: Value,
) -> Result<Value> {
    let (status, body) =
        post(client, url, Some(token), json!({ "query": query, "variables": variables }).to_string()).await?;
    if status != 200 || body.get("errors").is_some() {
        bail!("{status} {body}");
    }
    Ok(body["data"].clone())
}

/// Hostile input, each answered with its refusal; anything else counts as an error.
async fn bad_inputs(target: Arc<Target>, traffic: Arc<Traffic>, stop: Arc<AtomicBool>) {
    let client = reqwest::Client::new();
    // Valid fields all the way down (an area's parent's parent …), deeper than `MAX_DEPTH` (15).
    let deep = format!(
        "{{ internshipOffers(first: 1) {{ edges {{ node {{ area {{ {}id{} }} }} }} }} }}",
        "parent { ".repeat(14),
        " }".repeat(14)
    );
    let oversized = json!({ "query": format!("{{ __typename # {} }}", "x".repeat(300 * 1024)) }).to_string();
    let mut kind = 0u64;
    while !stop.load(Ordering::Relaxed) {
        kind = (kind + 1) % 8;
        let (token, body, expected): (Option<&str>, String, &[&str]) = match kind {
            0 => (None, "{ this is not json".to_owned(), &["400"]),
            1 => (None, json!({ "query": "{ internshipOffers(first: " }).to_string(), &["GRAPHQL_PARSE_FAILED", "400"]),
            2 => (None, json!({ "query": deep }).to_string(), &["QUERY_TOO_DEEP"]),
            3 => (None, oversized.clone(), &["413"]),
            4 => (Some("not.a.token"), json!({ "query": "{ __typename }" }).to_string(), &["401", "UNAUTHENTICATED"]),
            5 => (None, json!({ "query": ONE, "variables": { "id": 42 } }).to_string(), &["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "400"]),
            6 => (
                None,
                json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": format!("{:064x}", kind + 7) } } }).to_string(),
                &["PERSISTED_QUERY_NOT_FOUND"],
            ),
            _ => (Some(&target.school), json!({ "query": PUBLISH, "variables": { "id": uuid::Uuid::new_v4().to_string() } }).to_string(), &["FORBIDDEN", "NOT_FOUND"]),
        };
        match post(&client, &target.graphql, token, body).await {
            Ok((status, answer)) => {
                let code = first_code(&answer);
                let as_expected = status < 500
                    && (expected.contains(&status.to_string().as_str())
                        || code.is_some_and(|c| expected.contains(&c)));
                if as_expected {
                    traffic.bad_inputs.refused.fetch_add(1, Ordering::Relaxed);
                } else {
                    traffic.error(&traffic.bad_inputs, format!("bad input {kind}: {status} {answer}"));
                }
            }
            Err(err) => traffic.error(&traffic.bad_inputs, format!("bad input {kind}: {err:#}")),
        }
        // Protocol garbage over a WebSocket now and then: the hub closes it (4400).
        if kind == 0 && ws_garbage(&target).await.is_err() {
            traffic.error(
                &traffic.bad_inputs,
                "a malformed WebSocket message was not answered by a close".into(),
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn ws_garbage(target: &Target) -> Result<()> {
    let mut request = target.ws.as_str().into_client_request()?;
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    socket.send(Message::Text("{\"type\": \"no such message\"".into())).await?;
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(frame) = socket.next().await {
            if matches!(frame, Ok(Message::Close(_)) | Err(_)) {
                return true;
            }
        }
        true
    })
    .await?;
    if !closed {
        bail!("not closed");
    }
    Ok(())
}

/// One of the churning connections: subscribes ten times, listens for 5 to 60 s, closes, and
/// starts over with a fresh connection.
async fn subscriber(target: Arc<Target>, traffic: Arc<Traffic>, stop: Arc<AtomicBool>, connection: usize) {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ ((connection as u64 + 1) * 0x1000_0001);
    let mut last_cursor: Option<String> = None;
    // Spread the first connections over ten seconds.
    tokio::time::sleep(Duration::from_millis((connection as u64 * 100) % 10_000)).await;
    while !stop.load(Ordering::Relaxed) {
        let lifetime = Duration::from_secs(5 + next_random(&mut seed) % 56);
        if let Err(err) = one_connection(&target, &traffic, lifetime, &mut last_cursor, &mut seed).await {
            traffic.error(&traffic.subscriptions, format!("subscriber {connection}: {err:#}"));
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

async fn one_connection(
    target: &Target,
    traffic: &Traffic,
    lifetime: Duration,
    last_cursor: &mut Option<String>,
    seed: &mut u64,
) -> Result<()> {
    let mut request = target.ws.as_str().into_client_request()?;
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    let init = json!({ "type": "connection_init", "payload": {} });
    socket.send(Message::Text(init.to_string().into())).await?;
    for n in 0..SUBSCRIPTIONS_PER_CONNECTION {
        let (filter, after) = match next_random(seed) % 3 {
            0 => (Value::Null, Value::Null),
            1 => (json!({ "sector": "5210" }), Value::Null),
            _ => (Value::Null, last_cursor.clone().map_or(Value::Null, Value::String)),
        };
        let subscribe = json!({ "id": n.to_string(), "type": "subscribe", "payload": {
            "query": "subscription($filter: InternshipOfferFilter, $after: String) { internshipOfferPublished(filter: $filter, after: $after) { cursor offer { id } } }",
            "variables": { "filter": filter, "after": after } } });
        socket.send(Message::Text(subscribe.to_string().into())).await?;
        traffic.subscriptions.ok.fetch_add(1, Ordering::Relaxed);
    }
    let deadline = tokio::time::Instant::now() + lifetime;
    loop {
        let frame = match tokio::time::timeout_at(deadline, socket.next()).await {
            Err(_) => break,
            Ok(None) => bail!("the hub closed the connection"),
            Ok(Some(frame)) => frame?,
        };
        let Message::Text(text) = frame else {
            if let Message::Close(close) = frame {
                bail!("closed by the hub: {close:?}");
            }
            continue;
        };
        let message: Value = serde_json::from_str(&text)?;
        match message["type"].as_str() {
            Some("ping") => socket.send(Message::Text(json!({ "type": "pong" }).to_string().into())).await?,
            Some("next") => {
                traffic.subscriptions.refused.fetch_add(1, Ordering::Relaxed);
                if let Some(cursor) =
                    message["payload"]["data"]["internshipOfferPublished"]["cursor"].as_str()
                {
                    *last_cursor = Some(cursor.to_owned());
                }
                if message["payload"].get("errors").is_some() {
                    traffic.error(&traffic.subscriptions, format!("subscription error: {text}"));
                }
            }
            Some("error") => traffic.error(&traffic.subscriptions, format!("subscription refused: {text}")),
            _ => {}
        }
    }
    let _ = socket.close(None).await;
    Ok(())
}
