//! `hub-bench`: the benchmark runner of issue 9.
//!
//! Creates a PostgreSQL database of its own, migrates it with the release `hub` binary, loads
//! a realistic data set with SQL, then measures in one run: query throughput and latency of the
//! hub and of PostGraphile v4 (the peer) on the same database, `pgbench -S` as the machine's
//! limit, query (a)'s latency at a fixed request rate (open loop), subscription fan-out on one hub
//! process and across two replicas sharing Redis (with the hop to Redis timed apart), and booking
//! contention (200 concurrent `bookFacility` calls for one slot, see `contention`).
//! Figures go to a JSON report and a table on stdout. It is a program, not a test: `cargo
//! test` never runs it. See `tests/bench/README.md`.

mod contention;
mod fanout_client;
mod soak;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use futures_util::StreamExt;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::http::uri::Scheme;
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::fanout_client::CONNECTIONS_PER_SOURCE_ADDRESS;

const JWT_SECRET: &str = "hub-bench-secret-0123456789-abcdefghijklmnop";
const SECTORS: &[&str] = &["5210", "3011", "2610", "5510", "1020", "4933", "6201", "8559"];

const HUB_QUERY_A: &str = "query { internshipOffers(first: 20, filter: {sector: \"5210\", status: PUBLISHED}) { edges { node { id title enterprise { name area { name } } } } } }";
const HUB_QUERY_B: &str =
    "query($id: ID!) { internshipOffer(id: $id) { id title enterprise { name area { name } } } }";
// Query (c): the city's participation for a year, by area, as a department officer reads it.
const HUB_QUERY_C: &str = "query($year: Int!) { participationSummary(period: {year: $year}, groupBy: AREA) { groups { area { name } organizations participating figures { offers seats placementsCompleted activePartnerships engagements studentsReached } } total { organizations figures { offers seats } } } }";
const PEER_QUERY_A: &str = "query { allInternshipsOffers(condition: {sector: \"5210\", status: \"PUBLISHED\"}, first: 20) { nodes { id title directoryOrganizationByEnterpriseId { name directoryAreaByAreaId { name } } } } }";
const PEER_QUERY_B: &str = "query($id: UUID!) { internshipsOfferById(id: $id) { id title directoryOrganizationByEnterpriseId { name directoryAreaByAreaId { name } } } }";

/// The parts of a run, for `--only` (a partial run is for working on one figure; the README
/// reports full runs only).
const PARTS: &[&str] = &["queries", "c", "peer", "open", "pgbench", "fanout", "cross", "contention"];

/// How long an open-loop request may take before it counts as an error. Generous: a request
/// still waiting after the window is exactly what the open loop is there to show.
const OPEN_LOOP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
struct Options {
    quick: bool,
    out: PathBuf,
    hub_bin: PathBuf,
    admin_url: String,
    redis_url: String,
    peer_dir: PathBuf,
    /// Parts to run (`--only`); empty means all of them.
    only: Vec<String>,
    /// Fan-out sizes (`--fanout`); empty means the defaults of the mode.
    fanout: Vec<usize>,
    /// Subscriptions on each fan-out WebSocket (`--subscriptions-per-connection`, default 1).
    subscriptions_per_connection: usize,
    /// Requests per second of the open-loop measurement (`--open-rate`).
    open_rate: f64,
    /// Settings given to every `hub` process on top of `hub_env`'s (the soak's profile).
    extra_env: Vec<(&'static str, &'static str)>,
}

impl Options {
    fn target_dir() -> String {
        std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into())
    }

    fn defaults() -> Self {
        let target = Self::target_dir();
        Self {
            quick: false,
            out: PathBuf::from(&target).join("bench-report.json"),
            hub_bin: PathBuf::from(&target).join("release/hub"),
            admin_url: std::env::var("HUB_BENCH_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
            redis_url: std::env::var("HUB_BENCH_REDIS_URL")
                .unwrap_or_else(|_| "redis://127.0.0.1:6379".into()),
            peer_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peer"),
            only: Vec::new(),
            fanout: Vec::new(),
            subscriptions_per_connection: 1,
            open_rate: 1000.0,
            extra_env: Vec::new(),
        }
    }

    fn parse() -> Result<Self> {
        let mut options = Self::defaults();
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => options.quick = true,
                "--out" => options.out = args.next().context("--out needs a path")?.into(),
                "--hub" => options.hub_bin = args.next().context("--hub needs a path")?.into(),
                "--only" => {
                    let parts = args.next().context("--only needs a list of parts")?;
                    for part in parts.split(',') {
                        if !PARTS.contains(&part) {
                            bail!("unknown part {part}; the parts are {}", PARTS.join(","));
                        }
                        options.only.push(part.to_owned());
                    }
                }
                "--fanout" => {
                    let sizes = args.next().context("--fanout needs a list of sizes")?;
                    for size in sizes.split(',') {
                        options.fanout.push(size.parse().with_context(|| format!("--fanout: {size}"))?);
                    }
                }
                "--subscriptions-per-connection" => {
                    let k = args.next().context("--subscriptions-per-connection needs a number")?;
                    let k: usize =
                        k.parse().with_context(|| format!("--subscriptions-per-connection: {k}"))?;
                    if !(1..=MAX_SUBSCRIPTIONS_PER_CONNECTION).contains(&k) {
                        bail!(
                            "--subscriptions-per-connection must be 1 to {MAX_SUBSCRIPTIONS_PER_CONNECTION} (the hub's limit)"
                        );
                    }
                    options.subscriptions_per_connection = k;
                }
                "--open-rate" => {
                    let rate = args.next().context("--open-rate needs requests per second")?;
                    options.open_rate = rate.parse().with_context(|| format!("--open-rate: {rate}"))?;
                    if !(options.open_rate.is_finite() && options.open_rate > 0.0) {
                        bail!("--open-rate must be a positive number of requests per second");
                    }
                }
                "--help" | "-h" => {
                    println!(
                        "hub-bench [--quick] [--out FILE] [--hub PATH-TO-RELEASE-HUB] [--only PARTS] [--fanout N,N] [--subscriptions-per-connection K] [--open-rate N]\n\
                         Parts (comma-separated, default all): queries,c,peer,open,pgbench,fanout,cross,contention\n\
                         Build first: cargo build --locked --release -p hub -p hub-bench\n\
                         Peer first: (cd tests/bench/peer && npm ci)\n\
                         Env: HUB_BENCH_POSTGRES_URL, HUB_BENCH_REDIS_URL, CARGO_TARGET_DIR"
                    );
                    std::process::exit(0);
                }
                other => bail!("unknown argument {other}; try --help"),
            }
        }
        Ok(options)
    }

    /// Whether `part` runs in this invocation.
    fn runs(&self, part: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|p| p == part)
    }

    fn db_url(&self, name: &str) -> String {
        match self.admin_url.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => format!("{}/{name}", self.admin_url),
        }
    }
}

/// A child process killed when dropped.
struct Guard {
    name: String,
    child: Child,
}

impl Guard {
    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        eprintln!("[bench] stopped {}", self.name);
    }
}

fn psql(url: &str, sql: &str) -> Result<String> {
    let mut child = Command::new("psql")
        .args(["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("psql starts (is the PostgreSQL client installed?)")?;
    child.stdin.take().context("psql stdin")?.write_all(sql.as_bytes())?;
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!("psql failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn run(command: &mut Command, what: &str) -> Result<String> {
    let output = command.output().with_context(|| format!("{what}: could not start"))?;
    if !output.status.success() {
        bail!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The hub's database URL: plain text on this loopback connection, as PostGraphile's (node-postgres
/// does not use TLS unless told to), where SQLx would otherwise negotiate TLS (`sslmode=prefer`)
/// and spend a share of both processes' CPU on it. A URL that names an `sslmode` keeps it.
fn hub_database_url(db_url: &str) -> String {
    if db_url.contains("sslmode=") {
        db_url.to_owned()
    } else if db_url.contains('?') {
        format!("{db_url}&sslmode=disable")
    } else {
        format!("{db_url}?sslmode=disable")
    }
}

fn hub_env(command: &mut Command, options: &Options, db_url: &str) {
    command
        .env("DATABASE_URL", hub_database_url(db_url))
        .env("REDIS_URL", &options.redis_url)
        .env("HUB_JWT_SECRET", JWT_SECRET)
        .env("HUB_PROFILE", "production")
        // One machine drives all the load from one address: the rate limits would measure
        // themselves, not the hub.
        .env("HUB_LIMITS__REQUESTS_PER_MINUTE_PER_TOKEN", "0")
        .env("HUB_LIMITS__REQUESTS_PER_MINUTE_PER_IP", "0")
        .env_remove("HUB_DEMO_DATA")
        .env_remove("HUB_CONFIG");
    for (name, value) in &options.extra_env {
        command.env(name, value);
    }
}

/// Starts `hub serve` on a free port and returns it once `/readyz` answers 200.
async fn spawn_hub(options: &Options, db_url: &str, name: &str, log_dir: &Path) -> Result<(Guard, String)> {
    let mut command = Command::new(&options.hub_bin);
    command.args(["serve", "--listen", "127.0.0.1:0"]);
    hub_env(&mut command, options, db_url);
    let log = std::fs::File::create(log_dir.join(format!("{name}.stderr.log")))?;
    let mut child = command.stdout(Stdio::piped()).stderr(log).spawn().with_context(|| {
        format!("{} starts (build it: cargo build --locked --release -p hub)", options.hub_bin.display())
    })?;
    let stdout = child.stdout.take().context("hub stdout")?;
    let guard = Guard { name: name.to_owned(), child };
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(address) = line.strip_prefix("listening on ")
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(address.trim().to_owned());
            }
        }
    });
    let base = tokio::time::timeout(Duration::from_secs(60), rx)
        .await
        .map_err(|_| anyhow!("{name} did not print its address within 60 s"))?
        .map_err(|_| anyhow!("{name} exited before listening; see {}", log_dir.display()))?;
    let base = if base.starts_with("http") { base } else { format!("http://{base}") };
    wait_ready(&format!("{base}/readyz"), "").await.with_context(|| format!("{name} readiness"))?;
    Ok((guard, base))
}

async fn wait_ready(url: &str, post_body: &str) -> Result<()> {
    let client = reqwest::Client::new();
    for _ in 0..600 {
        let request = if post_body.is_empty() {
            client.get(url)
        } else {
            client.post(url).header("content-type", "application/json").body(post_body.to_owned())
        };
        if let Ok(response) = request.send().await
            && response.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{url} did not become ready in 60 s")
}

async fn graphql(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Result<Value> {
    let mut request = client.post(url).json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let body: Value = request.send().await?.json().await?;
    if let Some(errors) = body.get("errors") {
        bail!("GraphQL errors from {url}: {errors}");
    }
    Ok(body["data"].clone())
}

async fn sql_statements(client: &reqwest::Client, base: &str) -> Result<u64> {
    let text = client.get(format!("{base}/metrics")).send().await?.text().await?;
    metric(&text, "hub_sql_statements_total")
}

fn metric(text: &str, name: &str) -> Result<u64> {
    text.lines()
        .find_map(|line| line.strip_prefix(name).and_then(|rest| rest.trim().parse::<u64>().ok()))
        .with_context(|| format!("/metrics has no {name}"))
}

/// User + system CPU seconds of a process, from /proc/<pid>/stat (clock ticks of 1/100 s).
fn cpu_seconds(pid: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return 0.0 };
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // After the command: state is field 3, utime 14 and stime 15 (1-based).
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU seconds of every `postgres` process on the machine (the server's backends for the hub
/// and the peer, and anything else using this PostgreSQL at the time).
fn postgres_cpu_seconds() -> f64 {
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0.0 };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|comm| comm.trim() == "postgres")
        })
        .map(|pid| cpu_seconds(&pid))
        .sum()
}

/// Busy CPU seconds of the whole machine, all cores (from /proc/stat).
fn machine_busy_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = stat.lines().next() else { return 0.0 };
    let ticks: Vec<f64> = line.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
    let total: f64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3).copied().unwrap_or(0.0) + ticks.get(4).copied().unwrap_or(0.0);
    (total - idle) / 100.0
}

fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("VmRSS")
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[derive(Debug, Clone)]
struct LoadResult {
    rps: f64,
    p50: f64,
    p95: f64,
    p99: f64,
    requests: u64,
    errors: u64,
    bench_cpu: f64,
    server_cpu: f64,
    postgres_cpu: f64,
    machine_cpu: f64,
}

impl LoadResult {
    fn json(&self) -> Value {
        json!({
            "requests_per_second": round(self.rps, 1), "p50_ms": round(self.p50, 2), "p95_ms": round(self.p95, 2),
            "p99_ms": round(self.p99, 2), "requests": self.requests, "errors": self.errors,
            "load_generator_cpu_cores": round(self.bench_cpu, 2), "server_cpu_cores": round(self.server_cpu, 2),
            "postgres_cpu_cores": round(self.postgres_cpu, 2), "machine_busy_cores": round(self.machine_cpu, 2),
        })
    }
}

fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

/// Whether a GraphQL response body carries no `errors` (the bench's rule for a good answer).
fn has_no_errors(body: &[u8]) -> bool {
    !body.windows(8).any(|w| w == b"\"errors\"")
}

/// Sends `request` and reads the whole answer: whether it succeeded with no GraphQL error.
async fn answered_without_errors(request: reqwest::RequestBuilder) -> bool {
    match request.send().await {
        Ok(response) if response.status().is_success() => match response.bytes().await {
            Ok(bytes) => has_no_errors(&bytes),
            Err(_) => false,
        },
        _ => false,
    }
}

/// Where `load` sends its requests: the address it connects to, and the `host` header and the
/// path of every request.
struct Target {
    addr: SocketAddr,
    host: HeaderValue,
    path: hyper::Uri,
}

impl Target {
    /// Parses a plain `http://IP:PORT/path` URL, the only kind `load` is given.
    fn parse(url: &str) -> Result<Self> {
        let uri: hyper::Uri = url.parse().with_context(|| format!("load URL {url:?}"))?;
        if uri.scheme() != Some(&Scheme::HTTP) {
            bail!("load URL {url:?}: only plain http:// is supported");
        }
        let authority = uri.authority().ok_or_else(|| anyhow!("load URL {url:?}: no host"))?;
        if authority.as_str().contains('@') {
            bail!("load URL {url:?}: user info is not supported");
        }
        let ip: IpAddr = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .with_context(|| format!("load URL {url:?}: the host must be an IP address"))?;
        let path = match uri.path_and_query() {
            Some(path) => hyper::Uri::from(path.clone()),
            None => hyper::Uri::from_static("/"),
        };
        Ok(Self {
            addr: SocketAddr::new(ip, authority.port_u16().unwrap_or(80)),
            host: HeaderValue::from_str(authority.as_str())?,
            path,
        })
    }
}

/// One task's HTTP/1.1 keep-alive connection (see `load`).
type Connection = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

/// Opens a connection to `addr`, its driver in a task of its own (it ends with the connection,
/// whose errors `send_request` reports).
async fn connect(addr: SocketAddr) -> Result<Connection> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move { connection.await.ok() });
    Ok(sender)
}

/// Posts `request` on `connection` and reads the whole answer: `Ok(true)` if it succeeded with
/// no GraphQL error ([`has_no_errors`]), `Err` if the connection broke.
async fn exchange(connection: &mut Connection, request: Request<Full<Bytes>>) -> Result<bool, hyper::Error> {
    let response = connection.send_request(request).await?;
    let success = response.status().is_success();
    let bytes = response.into_body().collect().await?.to_bytes();
    Ok(success && has_no_errors(&bytes))
}

/// `connections` tasks, each with a keep-alive connection of its own, post bodies picked at
/// random for `warmup` + `duration`; only requests started and finished inside `duration` count.
///
/// The client is hyper's connection-level one (`hyper::client::conn::http1`: one TCP connection
/// per task, requests built around pre-built `Bytes` bodies), not reqwest: the generator shares
/// the machine's 2 cores with the server and PostgreSQL, so the CPU it spends per request is
/// taken from the server it measures, the more so the faster that server is (PostGraphile runs
/// on one core and does not miss the other). In two runs one after another, reqwest spent 46 µs
/// of CPU per request of query (b) at 16 connections, half the hub's own 95 µs; this client
/// spends 22 µs. It sends `accept: */*` as reqwest does: without it, PostGraphile answered about
/// a third fewer requests for the same CPU. A connection the server closed between requests is
/// reopened (the time counts in the next request's latency); one that breaks during a request counts an error and is reopened.
async fn load(
    url: &str,
    token: Option<&str>,
    bodies: Arc<Vec<String>>,
    connections: usize,
    warmup: Duration,
    duration: Duration,
    server_pid: u32,
) -> Result<LoadResult> {
    let target = Arc::new(Target::parse(url)?);
    if bodies.is_empty() {
        bail!("load {url}: no request bodies");
    }
    let bodies: Arc<Vec<Bytes>> = Arc::new(bodies.iter().map(|b| Bytes::from(b.clone())).collect());
    let authorization = token.map(|t| HeaderValue::from_str(&format!("Bearer {t}"))).transpose()?;
    let start = Instant::now();
    let measure_from = start + warmup;
    let measure_to = measure_from + duration;
    let mut tasks = Vec::new();
    for task in 0..connections {
        let (target, bodies, authorization) = (target.clone(), bodies.clone(), authorization.clone());
        tasks.push(tokio::spawn(async move {
            let content_type = HeaderValue::from_static("application/json");
            let mut connection: Option<Connection> = None;
            let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ ((task as u64 + 1) * 0x1000_0001);
            let mut latencies = Vec::with_capacity(16_384);
            let mut errors = 0u64;
            loop {
                let now = Instant::now();
                if now >= measure_to {
                    break;
                }
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let body = bodies[(seed % bodies.len() as u64) as usize].clone();
                let began = Instant::now();
                let mut request = Request::new(Full::new(body));
                *request.method_mut() = Method::POST;
                *request.uri_mut() = target.path.clone();
                let headers = request.headers_mut();
                headers.insert(header::HOST, target.host.clone());
                headers.insert(header::CONTENT_TYPE, content_type.clone());
                // What reqwest sends too: servers may answer a request without it differently.
                headers.insert(header::ACCEPT, HeaderValue::from_static("*/*"));
                if let Some(authorization) = &authorization {
                    headers.insert(header::AUTHORIZATION, authorization.clone());
                }
                // Not ready means the server closed the connection after its last answer (or it
                // was never opened): open another one, as reqwest's pool would.
                let ready = match &mut connection {
                    Some(open) => open.ready().await.is_ok(),
                    None => false,
                };
                let mut refused = false;
                if !ready {
                    connection = connect(target.addr).await.ok();
                    refused = connection.is_none();
                }
                let ok = match &mut connection {
                    Some(open) => match exchange(open, request).await {
                        Ok(ok) => ok,
                        Err(_) => {
                            connection = None;
                            false
                        }
                    },
                    None => false,
                };
                let ended = Instant::now();
                if began >= measure_from && ended <= measure_to {
                    if ok {
                        latencies.push((ended - began).as_secs_f64() * 1000.0);
                    } else {
                        errors += 1;
                    }
                }
                if refused {
                    // Nothing listens (or it refuses): a pause rather than a busy loop of refusals.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }
            (latencies, errors)
        }));
    }
    tokio::time::sleep_until(measure_from.into()).await;
    let before = cpu_sample(server_pid);
    tokio::time::sleep_until(measure_to.into()).await;
    let after = cpu_sample(server_pid);
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (latencies, task_errors) = task.await?;
        all.extend(latencies);
        errors += task_errors;
    }
    all.sort_by(f64::total_cmp);
    let secs = duration.as_secs_f64();
    Ok(LoadResult {
        rps: all.len() as f64 / secs,
        p50: percentile(&all, 50.0),
        p95: percentile(&all, 95.0),
        p99: percentile(&all, 99.0),
        requests: all.len() as u64,
        errors,
        bench_cpu: (after[0] - before[0]) / secs,
        server_cpu: (after[1] - before[1]) / secs,
        postgres_cpu: (after[2] - before[2]) / secs,
        machine_cpu: (after[3] - before[3]) / secs,
    })
}

/// What one open-loop run measured (see `open_loop`).
#[derive(Debug, Clone)]
struct OpenLoopResult {
    target_rate: f64,
    /// Requests scheduled inside the measured window.
    sent: u64,
    /// Successful responses that came back inside the measured window, per second.
    achieved_rate: f64,
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    errors: u64,
    /// How late the load generator itself started requests (scheduled time to the task's start):
    /// part of every latency, so a large figure here is the generator's, not the server's.
    lag_p50: f64,
    lag_p99: f64,
    lag_max: f64,
    /// The most requests awaiting an answer at once (each holds a connection): how far the
    /// queue grew when the server fell behind the rate.
    max_in_flight: u64,
    bench_cpu: f64,
    server_cpu: f64,
    postgres_cpu: f64,
    machine_cpu: f64,
}

impl OpenLoopResult {
    fn json(&self) -> Value {
        json!({
            "target_requests_per_second": round(self.target_rate, 1), "requests_sent": self.sent,
            "achieved_requests_per_second": round(self.achieved_rate, 1),
            "p50_ms": round(self.p50, 2), "p95_ms": round(self.p95, 2), "p99_ms": round(self.p99, 2),
            "max_ms": round(self.max, 2), "errors": self.errors, "max_in_flight": self.max_in_flight,
            "dispatch_lag_ms": { "p50": round(self.lag_p50, 2), "p99": round(self.lag_p99, 2), "max": round(self.lag_max, 2) },
            "load_generator_cpu_cores": round(self.bench_cpu, 2), "server_cpu_cores": round(self.server_cpu, 2),
            "postgres_cpu_cores": round(self.postgres_cpu, 2), "machine_busy_cores": round(self.machine_cpu, 2),
        })
    }
}

/// CPU seconds so far of this process, the server, every `postgres` process and the machine.
fn cpu_sample(server_pid: u32) -> [f64; 4] {
    [
        cpu_seconds("self"),
        cpu_seconds(&server_pid.to_string()),
        postgres_cpu_seconds(),
        machine_busy_seconds(),
    ]
}

/// Open loop: request i is sent at `start + i / rate` whether or not the earlier ones have
/// answered, each in a task of its own, through one client whose pool opens another keep-alive
/// connection whenever none is idle, so requests keep going out at the rate while the server is
/// slow and pile up in flight instead. Latency runs from the *scheduled* time, so the time a request waits behind a busy
/// server or a late scheduler counts (a closed loop, like `load`, stops sending while the server
/// is slow and so leaves that time out: coordinated omission). Requests scheduled inside the
/// measured window count wherever they finish; one still unanswered after `OPEN_LOOP_TIMEOUT`
/// is an error.
async fn open_loop(
    url: &str,
    body: String,
    rate: f64,
    warmup: Duration,
    duration: Duration,
    server_pid: u32,
) -> Result<OpenLoopResult> {
    let client = reqwest::Client::builder().timeout(OPEN_LOOP_TIMEOUT).build()?;
    let url: Arc<str> = url.into();
    let body: Arc<str> = body.into();
    let start = Instant::now();
    let measure_from = start + warmup;
    let measure_to = measure_from + duration;
    // CPU is read from a task of its own: reading every process's /proc entry takes
    // milliseconds, which the scheduler below must not spend.
    let cpu = tokio::spawn(async move {
        tokio::time::sleep_until(measure_from.into()).await;
        let before = cpu_sample(server_pid);
        tokio::time::sleep_until(measure_to.into()).await;
        let after = cpu_sample(server_pid);
        std::array::from_fn::<f64, 4, _>(|i| after[i] - before[i])
    });
    let (in_flight, max_in_flight) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut tasks = Vec::with_capacity(((warmup + duration).as_secs_f64() * rate) as usize + 1);
    for i in 0u64.. {
        let scheduled = start + Duration::from_secs_f64(i as f64 / rate);
        if scheduled >= measure_to {
            break;
        }
        // A sleep that overshoots (the timer ticks in milliseconds) leaves the next requests in
        // the past: they go at once, and their latency still counts from their own schedule.
        tokio::time::sleep_until(scheduled.into()).await;
        let (client, url, body) = (client.clone(), url.clone(), body.clone());
        let (in_flight, max_in_flight) = (in_flight.clone(), max_in_flight.clone());
        tasks.push(tokio::spawn(async move {
            let began = Instant::now();
            max_in_flight.fetch_max(in_flight.fetch_add(1, Ordering::Relaxed) + 1, Ordering::Relaxed);
            let request =
                client.post(&*url).header("content-type", "application/json").body(body.to_string());
            let ok = answered_without_errors(request).await;
            in_flight.fetch_sub(1, Ordering::Relaxed);
            (scheduled, began, Instant::now(), ok)
        }));
    }
    let cpu = cpu.await?;
    let (mut latencies, mut lags) = (Vec::new(), Vec::new());
    let (mut sent, mut errors, mut answered_in_window) = (0u64, 0u64, 0u64);
    for task in tasks {
        let (scheduled, began, ended, ok) = task.await?;
        if ok && ended >= measure_from && ended <= measure_to {
            answered_in_window += 1;
        }
        if scheduled < measure_from {
            continue;
        }
        sent += 1;
        lags.push(began.saturating_duration_since(scheduled).as_secs_f64() * 1000.0);
        if ok {
            latencies.push((ended - scheduled).as_secs_f64() * 1000.0);
        } else {
            errors += 1;
        }
    }
    latencies.sort_by(f64::total_cmp);
    lags.sort_by(f64::total_cmp);
    let secs = duration.as_secs_f64();
    Ok(OpenLoopResult {
        target_rate: rate,
        sent,
        achieved_rate: answered_in_window as f64 / secs,
        p50: percentile(&latencies, 50.0),
        p95: percentile(&latencies, 95.0),
        p99: percentile(&latencies, 99.0),
        max: latencies.last().copied().unwrap_or(f64::NAN),
        errors,
        lag_p50: percentile(&lags, 50.0),
        lag_p99: percentile(&lags, 99.0),
        lag_max: lags.last().copied().unwrap_or(f64::NAN),
        max_in_flight: max_in_flight.load(Ordering::Relaxed),
        bench_cpu: cpu[0] / secs,
        server_cpu: cpu[1] / secs,
        postgres_cpu: cpu[2] / secs,
        machine_cpu: cpu[3] / secs,
    })
}

fn body(query: &str, variables: Value) -> String {
    json!({ "query": query, "variables": variables }).to_string()
}

/// Loads the data set: the demo directory (areas and organizations) through `hub seed --demo`,
/// then 200 enterprises, 100 schools, 20,000 offers and 1-3 nominations each with SQL.
fn load_data(options: &Options, db_url: &str) -> Result<Value> {
    let mut seed = Command::new(&options.hub_bin);
    seed.args(["seed", "--demo"]);
    hub_env(&mut seed, options, db_url);
    seed.env("HUB_PROFILE", "development");
    eprintln!("[bench] {}", run(&mut seed, "hub seed --demo")?);
    let started = Instant::now();
    let script = format!(
        r#"
BEGIN;
CREATE TEMP TABLE bench_wards AS
  SELECT row_number() OVER (ORDER BY code) AS n, id FROM directory_areas
  WHERE level IN ('WARD', 'COMMUNE', 'SPECIAL_ZONE') AND valid_to IS NULL;
INSERT INTO directory_organizations (id, kind, name, name_search, area_id, address, tax_code, industry_code, verified, verified_at, verified_by, created_at, updated_at)
  SELECT gen_random_uuid(), 'ENTERPRISE', 'Công ty Bench ' || i, 'cong ty bench ' || i, w.id, 'Số ' || i || ' đường Lạch Tray',
         'BENCH' || lpad(i::text, 8, '0'), (ARRAY['{sectors}'])[1 + i % {n_sectors}], true, now(), 'bench', now(), now()
  FROM generate_series(1, 200) i JOIN bench_wards w ON w.n = 1 + (i * 7) % (SELECT count(*) FROM bench_wards);
INSERT INTO directory_organizations (id, kind, name, name_search, area_id, verified, created_at, updated_at)
  SELECT gen_random_uuid(), 'UPPER_SECONDARY_SCHOOL', 'Trường THPT Bench ' || i, 'truong thpt bench ' || i, w.id, true, now(), now()
  FROM generate_series(1, 100) i JOIN bench_wards w ON w.n = 1 + (i * 11) % (SELECT count(*) FROM bench_wards);
CREATE TEMP TABLE bench_ent AS
  SELECT row_number() OVER (ORDER BY id) AS n, id FROM directory_organizations WHERE kind = 'ENTERPRISE' AND verified;
CREATE TEMP TABLE bench_schools AS
  SELECT row_number() OVER (ORDER BY id) AS n, id FROM directory_organizations WHERE kind = 'UPPER_SECONDARY_SCHOOL';
INSERT INTO internships_offers (id, enterprise_id, title, title_search, description, sector, area_id, seats, accepted_count,
    eligible_levels, start_date, end_date, application_deadline, stipend_vnd, status, published_at, created_at, updated_at)
  SELECT gen_random_uuid(), e.id, 'Thực tập ' || s.sector || ' số ' || i, 'thuc tap ' || s.sector || ' so ' || i,
         'Thực tập sinh ngành ' || s.sector || ' tại Hải Phòng, có hướng dẫn.', s.sector, w.id, 1 + i % 10, 0,
         (ARRAY['|UPPER_SECONDARY_STUDENT|', '|UPPER_SECONDARY_GRADUATE|COLLEGE_STUDENT|',
                '|LOWER_SECONDARY_GRADUATE|UPPER_SECONDARY_STUDENT|UPPER_SECONDARY_GRADUATE|', '|COLLEGE_STUDENT|'])[1 + i % 4],
         DATE '2027-01-04' + (i % 200), DATE '2027-01-04' + (i % 200) + 30 + i % 60, DATE '2027-01-04' + (i % 200) - 14,
         CASE WHEN i % 3 = 0 THEN NULL ELSE 1000000 + (i % 40) * 100000 END,
         CASE WHEN i % 20 = 0 THEN 'DRAFT' WHEN i % 20 = 1 THEN 'CLOSED' ELSE 'PUBLISHED' END,
         CASE WHEN i % 20 = 0 THEN NULL ELSE now() - make_interval(mins => i) END, now() - interval '40 days', now()
  FROM generate_series(1, 20000) i
  JOIN bench_ent e ON e.n = 1 + (i * 7) % (SELECT count(*) FROM bench_ent)
  JOIN bench_wards w ON w.n = 1 + (i * 13) % (SELECT count(*) FROM bench_wards)
  CROSS JOIN LATERAL (SELECT (ARRAY['{sectors}'])[1 + (i * 31) % {n_sectors}] AS sector) s;
INSERT INTO internships_nominations (id, offer_id, nominating_organization_id, student_ref, grade, status, created_at)
  SELECT gen_random_uuid(), o.id, sc.id, 'HS-' || o.k || '-' || j, 10 + ((o.k + j) % 3)::int, 'SUBMITTED', now()
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM internships_offers WHERE status <> 'DRAFT') o
  CROSS JOIN LATERAL generate_series(1, 1 + o.k % 3) j
  JOIN bench_schools sc ON sc.n = 1 + (o.k + j) % (SELECT count(*) FROM bench_schools);
COMMIT;
ANALYZE;
SELECT (SELECT count(*) FROM directory_organizations WHERE kind = 'ENTERPRISE') || ',' ||
       (SELECT count(*) FROM directory_organizations WHERE kind LIKE '%SCHOOL%') || ',' ||
       (SELECT count(*) FROM directory_areas) || ',' ||
       (SELECT count(*) FROM internships_offers) || ',' ||
       (SELECT count(*) FROM internships_offers WHERE status = 'PUBLISHED') || ',' ||
       (SELECT count(*) FROM internships_offers WHERE status = 'PUBLISHED' AND sector = '5210') || ',' ||
       (SELECT count(*) FROM internships_nominations);
"#,
        sectors = SECTORS.join("','"),
        n_sectors = SECTORS.len()
    );
    let counts = psql(db_url, &script)?;
    let n: Vec<u64> = counts.lines().last().unwrap_or("").split(',').filter_map(|v| v.parse().ok()).collect();
    if n.len() != 7 || n[3] < 20_000 {
        bail!("the data set did not load as expected: {counts}");
    }
    Ok(json!({
        "enterprises": n[0], "schools": n[1], "areas": n[2], "offers": n[3], "published_offers": n[4],
        "published_offers_sector_5210": n[5], "nominations": n[6], "load_seconds": round(started.elapsed().as_secs_f64(), 2),
    }))
}

/// Average statements per request over a sequential batch, from `/metrics` before and after.
async fn statements_per_request(base: &str, bodies: &[String]) -> Result<f64> {
    statements_per_request_as(base, None, bodies).await
}

async fn statements_per_request_as(base: &str, token: Option<&str>, bodies: &[String]) -> Result<f64> {
    let client = reqwest::Client::new();
    let url = format!("{base}/graphql");
    let before = sql_statements(&client, base).await?;
    for body in bodies {
        let mut request = client.post(&url).header("content-type", "application/json").body(body.clone());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let text = response.text().await?;
        if text.contains("\"errors\"") {
            bail!("query failed while counting statements: {text}");
        }
    }
    let after = sql_statements(&client, base).await?;
    Ok((after - before) as f64 / bodies.len() as f64)
}

struct FanoutResult {
    json: Value,
    p99: f64,
}

/// Descriptors a process needs besides its subscriber sockets (the hub's pools, Redis, the
/// bench's HTTP clients, logs); the fan-out checks the open-files limit against connections + this.
const FILES_BESIDES_SUBSCRIBERS: usize = 1024;

/// The hub's default `max_subscriptions_per_connection`.
const MAX_SUBSCRIPTIONS_PER_CONNECTION: usize = 25;

struct Publisher {
    graphql_url: String,
    token: String,
    area_id: String,
}

/// The hub's Redis channel, to time the hop to Redis apart from delivery (cross-replica only).
struct RedisWatch {
    url: String,
    /// `hub:events:<deployment id>`, as `redis_channel` in `gateway/src/events.rs` names it.
    channel: String,
}

/// Arrival times on the Redis channel of `internships.offer_published` events, by offer id.
type RedisArrivals = Arc<Mutex<HashMap<String, chrono::DateTime<chrono::Utc>>>>;

/// Subscribes to the hub's channel as a hub process does and notes when each offer's
/// `internships.offer_published` event arrives (the event is `hub_common::events::Event` as
/// JSON: its `payload` is the offer, whose `id` matches the one GraphQL returned). Returns once
/// the subscription is in place, so nothing published afterwards is missed.
async fn watch_redis(watch: &RedisWatch) -> Result<(tokio::task::JoinHandle<()>, RedisArrivals)> {
    let client = redis::Client::open(watch.url.as_str()).context("HUB_BENCH_REDIS_URL is not a Redis URL")?;
    let mut pubsub = client.get_async_pubsub().await.context("connecting to Redis")?;
    pubsub.subscribe(watch.channel.as_str()).await.context("subscribing to the hub's channel")?;
    let arrivals: RedisArrivals = Arc::new(Mutex::new(HashMap::new()));
    let seen = arrivals.clone();
    let task = tokio::spawn(async move {
        let mut messages = pubsub.into_on_message();
        while let Some(message) = messages.next().await {
            let received = chrono::Utc::now();
            let Ok(text) = message.get_payload::<String>() else { continue };
            let Ok(event) = serde_json::from_str::<Value>(&text) else { continue };
            if event["topic"] != "internships.offer_published" {
                continue;
            }
            if let Some(id) = event["payload"]["id"].as_str() {
                seen.lock().await.entry(id.to_ascii_lowercase()).or_insert(received);
            }
        }
    });
    Ok((task, arrivals))
}

async fn subscribers_gauge(client: &reqwest::Client, base: &str) -> u64 {
    match client.get(format!("{base}/metrics")).send().await {
        Ok(response) => {
            response.text().await.ok().and_then(|t| metric(&t, "hub_event_subscribers").ok()).unwrap_or(0)
        }
        Err(_) => 0,
    }
}

/// N subscriptions on `sub_base` (process `sub_pid`), `per_connection` on each WebSocket; 20
/// offers created and published through `publisher`, 200 ms apart; latency from the offer's
/// `publishedAt` to receipt. With `redis`, also the time from `publishedAt` to the event's
/// arrival on the hub's Redis channel, per offer.
async fn fanout(
    sub_base: &str,
    sub_pid: u32,
    publisher: &Publisher,
    n: usize,
    per_connection: usize,
    offers: usize,
    redis: Option<&RedisWatch>,
) -> Result<FanoutResult> {
    let client = reqwest::Client::new();
    let authority = sub_base.trim_start_matches("http://").trim_end_matches('/');
    let hub: SocketAddr = authority.parse().with_context(|| format!("the hub's address {authority}"))?;
    let connections = n.div_ceil(per_connection);
    let shared = Arc::new(fanout_client::FanoutShared::new(offers));
    let baseline_subs = subscribers_gauge(&client, sub_base).await;
    let rss_before = rss_kib(sub_pid)?;
    let connect_started = Instant::now();
    let opened: Vec<_> = futures_util::stream::iter(0..connections)
        .map(|c| fanout_client::open(hub, per_connection.min(n - c * per_connection)))
        .buffer_unordered(128)
        .collect()
        .await;
    let mut subscribers = Vec::with_capacity(connections);
    let mut connect_errors = Vec::new();
    for subscriber in opened {
        match subscriber {
            Ok(subscriber) => subscribers.push(subscriber),
            Err(err) => connect_errors.push(err),
        }
    }
    if !connect_errors.is_empty() {
        bail!(
            "{} of {connections} subscriber connections failed to connect, first: {:#}",
            connect_errors.len(),
            connect_errors[0]
        );
    }
    let reader = fanout_client::Reader::start(subscribers, shared.clone(), n * offers)?;
    // Wait until the hub counts every subscription, then let it settle before measuring RSS.
    // Bigger fan-outs get longer: registering is the hub's work, about 4,000 a second here.
    let patience = Duration::from_secs(60).max(Duration::from_millis(n as u64 * 2));
    let deadline = Instant::now() + patience;
    while subscribers_gauge(&client, sub_base).await < baseline_subs + n as u64 {
        if Instant::now() > deadline {
            bail!("the hub did not register {n} subscriptions in {} s", patience.as_secs());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let connect_secs = connect_started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_idle = rss_kib(sub_pid)?;
    let watcher = match redis {
        Some(watch) => Some(watch_redis(watch).await?),
        None => None,
    };
    let mut published_at = Vec::with_capacity(offers);

    let (bench_cpu0, hub_cpu0, machine0, publish_started) =
        (cpu_seconds("self"), cpu_seconds(&sub_pid.to_string()), machine_busy_seconds(), Instant::now());
    let today = chrono::Utc::now().date_naive();
    for i in 0..offers {
        let input = json!({
            "title": format!("Bench fan-out {i}"), "description": "Thực tập đo fan-out.", "sector": "5210",
            "areaId": publisher.area_id, "seats": 3, "eligibleLevels": ["UPPER_SECONDARY_STUDENT"],
            "startDate": (today + chrono::Days::new(40)).to_string(), "endDate": (today + chrono::Days::new(100)).to_string(),
            "applicationDeadline": (today + chrono::Days::new(30)).to_string(),
        });
        let created = graphql(
            &client,
            &publisher.graphql_url,
            Some(&publisher.token),
            "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await?;
        let id = created["createInternshipOffer"]["id"].as_str().context("created offer id")?.to_owned();
        shared.expected_ids[i].set(id.clone()).map_err(|_| anyhow!("offer slot {i} filled twice"))?;
        let published = graphql(
            &client,
            &publisher.graphql_url,
            Some(&publisher.token),
            "mutation($id: ID!) { publishInternshipOffer(id: $id) { id publishedAt } }",
            json!({ "id": id }),
        )
        .await?;
        let at = published["publishInternshipOffer"]["publishedAt"]
            .as_str()
            .and_then(|v| chrono::DateTime::parse_from_rfc3339(v).ok())
            .with_context(|| format!("publishInternshipOffer returned no publishedAt: {published}"))?;
        published_at.push((id.to_ascii_lowercase(), at.with_timezone(&chrono::Utc)));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let expected = (n * offers) as u64;
    // Delivery of the last offers can lag the publishing by seconds at tens of thousands.
    let deadline = Instant::now() + Duration::from_secs(30).max(Duration::from_millis(n as u64));
    while shared.delivered.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let delivery_secs = publish_started.elapsed().as_secs_f64();
    let (bench_cpu1, hub_cpu1, machine1) =
        (cpu_seconds("self"), cpu_seconds(&sub_pid.to_string()), machine_busy_seconds());
    tokio::time::sleep(Duration::from_millis(300)).await; // duplicates, if any, would show up here
    let got = shared.delivered.load(Ordering::Relaxed);
    // The reader returns the latencies and closes every connection.
    let mut all = tokio::task::spawn_blocking(move || reader.finish()).await??;
    all.sort_by(f64::total_cmp);
    // Let the hub notice the closed sockets before the next phase.
    let deadline = Instant::now() + Duration::from_secs(30);
    while subscribers_gauge(&client, sub_base).await > baseline_subs && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let p99 = percentile(&all, 99.0);
    let mut to_redis_json = json!(null);
    let mut after_redis_json = json!(null);
    if let Some((task, arrivals)) = watcher {
        task.abort();
        let arrivals = arrivals.lock().await;
        let mut to_redis: Vec<f64> = published_at
            .iter()
            .filter_map(|(id, at)| arrivals.get(id).map(|received| *received - *at))
            .map(|d| d.num_microseconds().unwrap_or(0) as f64 / 1000.0)
            .collect();
        to_redis.sort_by(f64::total_cmp);
        let (redis_p50, redis_p99) = (percentile(&to_redis, 50.0), percentile(&to_redis, 99.0));
        to_redis_json = json!({
            "offers_seen": to_redis.len(), "offers": offers,
            "p50": round(redis_p50, 2), "p99": round(redis_p99, 2),
            "max": round(to_redis.last().copied().unwrap_or(f64::NAN), 2),
        });
        // Differences of percentiles, not a percentile of differences: the delivery figures are
        // over every (offer, subscriber) pair, the Redis ones over the offers alone.
        after_redis_json = json!({
            "p50": round(percentile(&all, 50.0) - redis_p50, 2), "p99": round(p99 - redis_p99, 2),
        });
    }
    Ok(FanoutResult {
        p99,
        json: json!({
            "subscribers": n, "connections": connections, "subscriptions_per_connection": per_connection,
            "offers_published": offers, "expected": expected, "delivered": got,
            "all_delivered": got == expected,
            "latency_ms": { "p50": round(percentile(&all, 50.0), 2), "p99": round(p99, 2), "max": round(all.last().copied().unwrap_or(f64::NAN), 2) },
            "rss_before_kib": rss_before, "rss_idle_kib": rss_idle,
            "rss_per_idle_subscription_kib": round((rss_idle as f64 - rss_before as f64) / n as f64, 2),
            "connect_seconds": round(connect_secs, 2),
            "publish_to_last_delivery_seconds": round(delivery_secs, 2),
            "load_generator_cpu_cores": round((bench_cpu1 - bench_cpu0) / delivery_secs, 2),
            "subscriber_hub_cpu_cores": round((hub_cpu1 - hub_cpu0) / delivery_secs, 2),
            // Whether the hub had the machine's cores to itself: the machine is shared.
            "machine_busy_cores": round((machine1 - machine0) / delivery_secs, 2),
            "to_redis_ms": to_redis_json,
            "after_redis_ms": after_redis_json,
        }),
    })
}

fn pgbench(options: &Options, quick: bool) -> Result<Value> {
    let name = format!("hub_bench_pgbench_{}", uuid::Uuid::new_v4().simple());
    psql(&options.admin_url, &format!("CREATE DATABASE {name};"))?;
    let url = options.db_url(&name);
    let result = (|| {
        run(Command::new("pgbench").args(["-i", "-q", "-s", "10", &url]), "pgbench -i")?;
        let secs = if quick { "5" } else { "10" };
        let out =
            run(Command::new("pgbench").args(["-S", "-c", "16", "-j", "2", "-T", secs, &url]), "pgbench -S")?;
        let tps = out
            .lines()
            .find(|l| l.starts_with("tps = "))
            .and_then(|l| l.trim_start_matches("tps = ").split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .with_context(|| format!("no tps in pgbench output: {out}"))?;
        anyhow::Ok(
            json!({ "tps": round(tps, 0), "clients": 16, "threads": 2, "seconds": secs.parse::<u64>()?, "scale": 10 }),
        )
    })();
    let _ = psql(&options.admin_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE);"));
    result
}

/// Fails before any work when the fan-out cannot open `connections` sockets: the bench and the
/// hub each hold one descriptor per connection, and the hub inherits the bench's limit, so each
/// process needs `connections` + `FILES_BESIDES_SUBSCRIBERS` under its soft limit. Warns when
/// the machine's own table of open files or the ephemeral ports may not cover the run.
fn check_fanout_limits(connections: usize, soft: &str, hard: &str) -> Result<()> {
    let limit = |v: &str| if v == "unlimited" { usize::MAX } else { v.parse().unwrap_or(0) };
    let needed = connections + FILES_BESIDES_SUBSCRIBERS;
    if limit(soft) < needed {
        let fix = if limit(hard) >= needed {
            format!("raise it first with `ulimit -n {hard}`")
        } else {
            format!(
                "the hard limit is too low as well: raise it as root (`ulimit -Hn {needed}`, or LimitNOFILE= / \
                 limits.conf), or carry several subscriptions on each connection with \
                 --subscriptions-per-connection (up to {MAX_SUBSCRIPTIONS_PER_CONNECTION})"
            )
        };
        bail!(
            "the fan-out opens {connections} WebSocket connections, so the bench and the hub (which inherits the \
             bench's limit) each need at least {needed} open files, but the open-files limit is {soft} (hard {hard}): {fix}"
        );
    }
    let file_max =
        std::fs::read_to_string("/proc/sys/fs/file-max").ok().and_then(|v| v.trim().parse::<usize>().ok());
    if let Some(file_max) = file_max
        && file_max < 2 * needed
    {
        eprintln!(
            "[bench] WARNING: fs.file-max is {file_max}, below the {} descriptors the bench and the hub need together",
            2 * needed
        );
    }
    let ports = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range").unwrap_or_default();
    let ports: Vec<usize> = ports.split_whitespace().filter_map(|v| v.parse().ok()).collect();
    if let [low, high] = ports[..]
        && high.saturating_sub(low) < CONNECTIONS_PER_SOURCE_ADDRESS
    {
        eprintln!(
            "[bench] WARNING: ip_local_port_range {low}-{high} has fewer ports than the {CONNECTIONS_PER_SOURCE_ADDRESS} \
             connections the bench opens from each source address"
        );
    }
    Ok(())
}

fn nofile_limits() -> (String, String) {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let line = limits.lines().find(|l| l.starts_with("Max open files")).unwrap_or("");
    let parts: Vec<&str> = line.split_whitespace().collect();
    (parts.get(3).unwrap_or(&"?").to_string(), parts.get(4).unwrap_or(&"?").to_string())
}

#[tokio::main]
async fn main() -> Result<()> {
    if std::env::args().nth(1).as_deref() == Some("soak") {
        return soak_main().await;
    }
    let mut options = Options::parse()?;
    options.extra_env = development_tokens_env();
    let db_name = format!("hub_bench_{}", uuid::Uuid::new_v4().simple());
    let db_url = options.db_url(&db_name);
    psql(&options.admin_url, &format!("CREATE DATABASE {db_name};"))
        .context("creating the bench database")?;
    eprintln!("[bench] database {db_name}");
    let outcome = bench(&options, &db_url).await;
    let _ = psql(&options.admin_url, &format!("DROP DATABASE IF EXISTS {db_name} WITH (FORCE);"));
    eprintln!("[bench] dropped {db_name}");
    outcome
}

/// `hub-bench soak [options]`: see `soak`.
async fn soak_main() -> Result<()> {
    let mut options = Options::defaults();
    let mut rest = Vec::new();
    let mut args = std::env::args().skip(2);
    while let Some(arg) = args.next() {
        if arg == "--hub" {
            options.hub_bin = args.next().context("--hub needs a path")?.into();
        } else {
            rest.push(arg);
        }
    }
    let Some(soak) = soak::SoakOptions::parse(rest.into_iter(), &Options::target_dir())? else {
        return Ok(());
    };
    options.extra_env = development_tokens_env();
    soak::soak(&options, &soak).await
}

/// Development tokens (`hub token`) need the development profile (production accepts only the
/// identity provider's); what differs between the profiles otherwise is set as production has
/// it: no introspection, no demo data loaded by `serve`.
fn development_tokens_env() -> Vec<(&'static str, &'static str)> {
    vec![("HUB_PROFILE", "development"), ("HUB_LIMITS__INTROSPECTION", "false"), ("HUB_DEMO_DATA", "false")]
}

async fn bench(options: &Options, db_url: &str) -> Result<()> {
    let log_dir = std::env::temp_dir().join(format!("hub-bench-{}", std::process::id()));
    std::fs::create_dir_all(&log_dir)?;
    let (warmup, duration) = if options.quick {
        (Duration::from_secs(1), Duration::from_secs(3))
    } else {
        (Duration::from_secs(2), Duration::from_secs(10))
    };
    let fanout_ns: Vec<usize> = if !options.fanout.is_empty() {
        options.fanout.clone()
    } else if options.quick {
        vec![100, 1000]
    } else {
        vec![1000, 10_000]
    };
    let (soft, hard) = nofile_limits();
    eprintln!("[bench] RLIMIT_NOFILE soft {soft} hard {hard} (the hub inherits it)");
    if options.runs("fanout") || options.runs("cross") {
        let largest = fanout_ns.iter().max().copied().unwrap_or(0);
        check_fanout_limits(largest.div_ceil(options.subscriptions_per_connection), &soft, &hard)?;
    }

    let mut migrate = Command::new(&options.hub_bin);
    migrate.arg("migrate");
    hub_env(&mut migrate, options, db_url);
    eprintln!(
        "[bench] {}",
        run(&mut migrate, "hub migrate").context("build it first: cargo build --locked --release -p hub")?
    );
    let dataset = load_data(options, db_url)?;
    eprintln!("[bench] data set: {dataset}");

    let (hub_a, base_a) = spawn_hub(options, db_url, "hub-a", &log_dir).await?;
    let hub_url = format!("{base_a}/graphql");
    let client = reqwest::Client::new();

    // Bodies: (a) is one fixed query; (b) picks among 2,000 random published offers.
    let ids = psql(
        db_url,
        "SELECT id FROM internships_offers WHERE status = 'PUBLISHED' ORDER BY random() LIMIT 2000;",
    )?;
    let ids: Vec<String> = ids.lines().map(str::to_owned).collect();
    let page = graphql(&client, &hub_url, None, HUB_QUERY_A, json!({})).await?;
    let edges = page["internshipOffers"]["edges"].as_array().map_or(0, Vec::len);
    if edges != 20 {
        bail!("hub query (a) returned {edges} offers, expected 20: {page}");
    }
    let one = graphql(&client, &hub_url, None, HUB_QUERY_B, json!({ "id": ids[0] })).await?;
    if one["internshipOffer"]["id"].as_str() != Some(ids[0].as_str()) {
        bail!("hub query (b) did not return the offer: {one}");
    }
    let hub_a_body = Arc::new(vec![body(HUB_QUERY_A, json!({}))]);
    let hub_b_bodies =
        Arc::new(ids.iter().map(|id| body(HUB_QUERY_B, json!({ "id": id }))).collect::<Vec<_>>());
    let stmts_a = statements_per_request(&base_a, &vec![hub_a_body[0].clone(); 200]).await?;
    let stmts_b = statements_per_request(&base_a, &hub_b_bodies[..200]).await?;
    // Page size check for goal "at most 3 statements at any page size".
    let mut stmts_by_page = serde_json::Map::new();
    for first in [1, 20, 100] {
        let q = HUB_QUERY_A.replace("first: 20", &format!("first: {first}"));
        stmts_by_page.insert(
            first.to_string(),
            json!(statements_per_request(&base_a, &vec![body(&q, json!({})); 50]).await?),
        );
    }

    let connections = [16usize, 64];
    let mut hub_results = Vec::new();
    let hub_parts = if options.runs("queries") {
        vec![("a", hub_a_body.clone()), ("b", hub_b_bodies.clone())]
    } else {
        Vec::new()
    };
    for (label, bodies) in hub_parts {
        for &c in &connections {
            eprintln!("[bench] hub query ({label}) at {c} connections");
            hub_results.push((
                label,
                c,
                load(&hub_url, None, bodies.clone(), c, warmup, duration, hub_a.pid()).await?,
            ));
        }
    }

    // Query (a) in an open loop: a fixed request rate whatever the latency (see `open_loop`).
    let open_hub = if options.runs("open") {
        eprintln!("[bench] hub query (a), open loop at {} requests/s", options.open_rate);
        Some(
            open_loop(&hub_url, hub_a_body[0].clone(), options.open_rate, warmup, duration, hub_a.pid())
                .await?,
        )
    } else {
        None
    };

    // Query (c): a department officer's participation summary for this year (the hub alone;
    // the peer has no such report). Demo organizations are seeded, so the officer exists.
    let mut officer_cmd = Command::new(&options.hub_bin);
    officer_cmd.args([
        "token",
        "--org",
        "so-congthuong",
        "--role",
        "department-officer",
        "--subject",
        "bench:officer",
    ]);
    hub_env(&mut officer_cmd, options, db_url);
    let officer = run(&mut officer_cmd, "hub token (officer)")?;
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let summary = graphql(&client, &hub_url, Some(&officer), HUB_QUERY_C, json!({ "year": year })).await?;
    let organizations = summary["participationSummary"]["total"]["organizations"].as_i64().unwrap_or(0);
    if organizations < 200 {
        bail!(
            "hub query (c) counted {organizations} organizations, expected the 200 bench enterprises and more"
        );
    }
    let hub_c_body = Arc::new(vec![body(HUB_QUERY_C, json!({ "year": year }))]);
    let stmts_c =
        statements_per_request_as(&base_a, Some(&officer), &vec![hub_c_body[0].clone(); 20]).await?;
    let mut query_c = Vec::new();
    let mut query_c_rps_at_16 = None;
    let c_connections: &[usize] = if options.runs("c") { &[4, 16] } else { &[] };
    for &c in c_connections {
        eprintln!("[bench] hub query (c) at {c} connections");
        let r = load(&hub_url, Some(&officer), hub_c_body.clone(), c, warmup, duration, hub_a.pid()).await?;
        if c == 16 {
            query_c_rps_at_16 = Some(r.rps);
        }
        query_c.push(
            json!({ "connections": c, "hub": r.json(), "hub_sql_statements_per_request": round(stmts_c, 2) }),
        );
    }

    // The peer: PostGraphile v4 on the same database, same pool size as the hub (10).
    let peer = if options.runs("peer") { Some(start_peer(options, db_url, &log_dir).await) } else { None };
    let mut open_peer = None;
    let peer_results = match peer.transpose() {
        Ok(None) => None,
        Ok(Some((peer, peer_url))) => {
            let page = graphql(&client, &peer_url, None, PEER_QUERY_A, json!({})).await?;
            let nodes = page["allInternshipsOffers"]["nodes"].as_array().map_or(0, Vec::len);
            if nodes != 20 {
                bail!("peer query (a) returned {nodes} offers, expected 20");
            }
            let one = graphql(&client, &peer_url, None, PEER_QUERY_B, json!({ "id": ids[0] })).await?;
            if one["internshipsOfferById"]["id"].as_str() != Some(ids[0].as_str()) {
                bail!("peer query (b) did not return the offer: {one}");
            }
            let peer_a = Arc::new(vec![body(PEER_QUERY_A, json!({}))]);
            let peer_b =
                Arc::new(ids.iter().map(|id| body(PEER_QUERY_B, json!({ "id": id }))).collect::<Vec<_>>());
            let mut results = Vec::new();
            for (label, bodies) in [("a", peer_a), ("b", peer_b)] {
                for &c in &connections {
                    eprintln!("[bench] peer query ({label}) at {c} connections");
                    results.push((
                        label,
                        c,
                        load(&peer_url, None, bodies.clone(), c, warmup, duration, peer.pid()).await?,
                    ));
                }
            }
            if options.runs("open") {
                eprintln!("[bench] peer query (a), open loop at {} requests/s", options.open_rate);
                let body = body(PEER_QUERY_A, json!({}));
                open_peer =
                    Some(open_loop(&peer_url, body, options.open_rate, warmup, duration, peer.pid()).await?);
            }
            drop(peer);
            Some(results)
        }
        Err(err) => {
            eprintln!("[bench] peer not measured: {err:#}");
            None
        }
    };

    let pg = if options.runs("pgbench") {
        eprintln!("[bench] pgbench -S");
        pgbench(options, options.quick)?
    } else {
        json!(null)
    };
    let tps = pg["tps"].as_f64().unwrap_or(f64::NAN);

    // Fan-out on one process, then across replicas (subscribers on B, publishing through A).
    let enterprise = psql(
        db_url,
        "SELECT id FROM directory_organizations WHERE kind = 'ENTERPRISE' AND verified AND tax_code LIKE 'BENCH%' ORDER BY id LIMIT 1;",
    )?;
    let area_id = psql(
        db_url,
        "SELECT id FROM directory_areas WHERE level IN ('WARD', 'COMMUNE') AND valid_to IS NULL ORDER BY code LIMIT 1;",
    )?;
    let mut token_cmd = Command::new(&options.hub_bin);
    token_cmd.args(["token", "--org", &enterprise, "--role", "org-admin", "--subject", "bench:publisher"]);
    hub_env(&mut token_cmd, options, db_url);
    let token = run(&mut token_cmd, "hub token")?;
    let publisher = Publisher { graphql_url: hub_url.clone(), token, area_id };
    let mut fanout_single = Vec::new();
    let single_ns: &[usize] = if options.runs("fanout") { &fanout_ns } else { &[] };
    for &n in single_ns {
        eprintln!("[bench] fan-out: {n} subscribers on one process");
        fanout_single.push(
            fanout(&base_a, hub_a.pid(), &publisher, n, options.subscriptions_per_connection, 20, None)
                .await?,
        );
    }
    let mut fanout_cross = Vec::new();
    if options.runs("cross") {
        let (hub_b, base_b) = spawn_hub(options, db_url, "hub-b", &log_dir).await?;
        // The bench listens on the replicas' Redis channel too, to split the delivery latency
        // into the hop to Redis and what the second process adds after it. The channel carries
        // the deployment id, one row written by the migrations.
        let deployment = psql(db_url, "SELECT id FROM hub_deployment;")?;
        let watch = RedisWatch {
            url: options.redis_url.clone(),
            channel: format!("hub:events:{}", deployment.trim()),
        };
        for &n in &fanout_ns {
            eprintln!("[bench] fan-out: {n} subscribers on the second replica");
            fanout_cross.push(
                fanout(
                    &base_b,
                    hub_b.pid(),
                    &publisher,
                    n,
                    options.subscriptions_per_connection,
                    20,
                    Some(&watch),
                )
                .await?,
            );
        }
        drop(hub_b);
    }

    eprintln!("[bench] booking contention: {} concurrent bookFacility calls per slot", contention::CALLERS);
    let mint = |org: &str, role: &str, subject: &str| {
        let mut command = Command::new(&options.hub_bin);
        command.args(["token", "--org", org, "--role", role, "--subject", subject]);
        hub_env(&mut command, options, db_url);
        run(&mut command, "hub token")
    };
    let host_token = mint("cd-cong-nghiep-hp", "org-admin", "bench:host")?;
    let school_token = mint("thcs-chu-van-an", "org-member", "bench:school")?;
    let booking_contention = if options.runs("contention") {
        contention::booking_contention(&hub_url, &host_token, &school_token).await?
    } else {
        json!(null)
    };
    drop(hub_a);

    // Report.
    let find = |results: &[(&str, usize, LoadResult)], l: &str, c: usize| {
        results.iter().find(|r| r.0 == l && r.1 == c).map(|r| r.2.clone())
    };
    let mut query_rows = Vec::new();
    for (label, c, r) in &hub_results {
        let peer = peer_results.as_ref().and_then(|p| find(p, label, *c));
        let stmts = if *label == "a" { stmts_a } else { stmts_b };
        query_rows.push(json!({
            "query": label, "connections": c, "hub": r.json(), "hub_sql_statements_per_request": round(stmts, 2),
            "peer": peer.as_ref().map(LoadResult::json),
            "hub_over_peer_rps": peer.as_ref().map(|p| round(r.rps / p.rps, 2)),
            "hub_rps_over_pgbench_bound": round(r.rps / (tps / stmts), 3),
        }));
    }
    let (a16, a64) = (find(&hub_results, "a", 16), find(&hub_results, "a", 64));
    let max_stmts_a = stmts_by_page.values().filter_map(Value::as_f64).fold(stmts_a, f64::max);
    // One connection per subscriber, as the goals mean it.
    fn own_connection_at(runs: &[FanoutResult], n: usize) -> Option<&FanoutResult> {
        runs.iter().find(|f| f.json["subscribers"] == n && f.json["subscriptions_per_connection"] == 1)
    }
    let (single_10k, single_50k) =
        (own_connection_at(&fanout_single, 10_000), own_connection_at(&fanout_single, 50_000));
    let cross_10k = own_connection_at(&fanout_cross, 10_000);
    let hub_over_peer_at_least_3x = |label: &str, c: usize| {
        let peer = peer_results.as_ref().and_then(|p| find(p, label, c))?;
        Some(find(&hub_results, label, c)?.rps / peer.rps >= 3.0)
    };
    let both = |x: Option<bool>, y: Option<bool>| Some(x? && y?);
    let cpu_within_goal = |r: &LoadResult| r.server_cpu / r.rps * 1000.0 <= 0.25;
    // Issue 18's goals, each null when the run did not measure it.
    let goals = json!({
        "query_a_3x_peer_at_16_and_64": both(hub_over_peer_at_least_3x("a", 16), hub_over_peer_at_least_3x("a", 64)),
        "query_a_p99_under_25ms_at_64": a64.as_ref().map(|r| r.p99 < 25.0),
        // At the goal's own rate only, and with every request answered: an error has no latency
        // to put in the p99, so a run with errors does not meet it.
        "query_a_p99_under_10ms_open_loop_1000_rps": match &open_hub {
            Some(r) if options.open_rate == 1000.0 => json!(r.p99 < 10.0 && r.errors == 0),
            _ => json!(null),
        },
        "query_a_hub_cpu_at_most_0_25ms_per_request_at_16_and_64": both(a16.as_ref().map(cpu_within_goal), a64.as_ref().map(cpu_within_goal)),
        "query_a_at_most_3_statements": max_stmts_a <= 3.0,
        "query_b_3x_peer_at_16": hub_over_peer_at_least_3x("b", 16),
        "query_c_300_per_second_at_16": query_c_rps_at_16.map(|rps| rps >= 300.0),
        "fanout_10000_all_delivered_p99_under_100ms": single_10k.map(|f| f.json["all_delivered"] == true && f.p99 < 100.0),
        // Measured only when a run asks for 50,000 (`--fanout ...,50000`): see the README.
        "fanout_50000_all_delivered_p99_under_500ms": single_50k.map(|f| f.json["all_delivered"] == true && f.p99 < 500.0),
        "fanout_10000_under_8kib_per_idle_subscription": single_10k.map(|f| f.json["rss_per_idle_subscription_kib"].as_f64().unwrap_or(f64::MAX) < 8.0),
        "cross_replica_adds_under_20ms_p99_at_10000": match (single_10k, cross_10k) { (Some(s), Some(c)) => json!(c.p99 - s.p99 < 20.0), _ => json!(null) },
        "booking_contention_exactly_one_success": booking_contention["exactly_one_success_every_round"],
    });
    let report = json!({
        "mode": if options.quick { "quick" } else { "full" },
        "started_at": chrono::Utc::now().to_rfc3339(),
        "machine": { "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0), "nofile_soft": soft, "nofile_hard": hard },
        "durations": { "warmup_s": warmup.as_secs(), "measure_s": duration.as_secs() },
        "dataset": dataset,
        "queries": query_rows,
        "hub_sql_statements_per_request_a_by_page_size": stmts_by_page,
        "query_c_participation_summary": query_c,
        "open_loop_a": open_hub.as_ref().map(|hub| json!({
            "target_requests_per_second": options.open_rate,
            "hub": hub.json(),
            "peer": open_peer.as_ref().map(OpenLoopResult::json),
        })),
        "pgbench_select_only": pg,
        "fanout_one_process": fanout_single.iter().map(|f| f.json.clone()).collect::<Vec<_>>(),
        "fanout_cross_replica": fanout_cross.iter().map(|f| f.json.clone()).collect::<Vec<_>>(),
        "cross_replica_added_p99_ms": fanout_single.iter().zip(&fanout_cross).map(|(s, c)| json!({"subscribers": s.json["subscribers"], "added_p99_ms": round(c.p99 - s.p99, 2)})).collect::<Vec<_>>(),
        "booking_contention": booking_contention,
        "goals": goals,
    });
    if let Some(parent) = options.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&options.out, serde_json::to_string_pretty(&report)?)?;
    print_table(&report, tps);
    println!("\nJSON report: {}", options.out.display());
    Ok(())
}

async fn start_peer(options: &Options, db_url: &str, log_dir: &Path) -> Result<(Guard, String)> {
    let cli = options.peer_dir.join("node_modules/postgraphile/cli.js");
    if !cli.exists() {
        bail!("{} is missing; run `npm ci` in {}", cli.display(), options.peer_dir.display());
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let log = std::fs::File::create(log_dir.join("postgraphile.log"))?;
    let child = Command::new("node")
        .arg(&cli)
        .args(["-c", db_url, "--schema", "public", "--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--disable-query-log", "--disable-graphiql", "--max-pool-size", "10"])
        .env("NODE_ENV", "production")
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("node starts")?;
    let guard = Guard { name: "postgraphile".into(), child };
    let url = format!("http://127.0.0.1:{port}/graphql");
    wait_ready(&url, &body("{ __typename }", json!({}))).await?;
    // Check the generated names this runner relies on.
    let fields = graphql(
        &reqwest::Client::new(),
        &url,
        None,
        "{ __schema { queryType { fields { name } } } }",
        json!({}),
    )
    .await?;
    let names: Vec<&str> = fields["__schema"]["queryType"]["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|v| v["name"].as_str()).collect())
        .unwrap_or_default();
    for needed in ["allInternshipsOffers", "internshipsOfferById"] {
        if !names.contains(&needed) {
            bail!("PostGraphile does not generate {needed}; it has {names:?}");
        }
    }
    Ok((guard, url))
}

fn print_table(report: &Value, tps: f64) {
    let f = |v: &Value| v.as_f64().map_or("-".to_owned(), |x| format!("{x:.1}"));
    println!("\n== hub-bench ({} run) ==", report["mode"].as_str().unwrap_or("?"));
    println!("data set: {}", report["dataset"]);
    println!(
        "\n| query | conns | hub rps | hub p50/p95/p99 ms | SQL/req | peer rps | peer p50/p95/p99 ms | hub/peer | CPU cores, hub run: hub/PG/bench/machine | CPU cores, peer run: peer/PG/bench/machine | hub ÷ (pgbench/SQL) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let cpu = |r: &Value| {
        if r.is_null() {
            return "-".to_owned();
        }
        let c = |key: &str| r[key].as_f64().map_or("-".to_owned(), |x| format!("{x:.2}"));
        format!(
            "{}/{}/{}/{}",
            c("server_cpu_cores"),
            c("postgres_cpu_cores"),
            c("load_generator_cpu_cores"),
            c("machine_busy_cores")
        )
    };
    for row in report["queries"].as_array().into_iter().flatten() {
        let h = &row["hub"];
        let p = &row["peer"];
        println!(
            "| ({}) | {} | {} | {}/{}/{} | {} | {} | {}/{}/{} | {} | {} | {} | {} |",
            row["query"].as_str().unwrap_or("?"),
            row["connections"],
            f(&h["requests_per_second"]),
            f(&h["p50_ms"]),
            f(&h["p95_ms"]),
            f(&h["p99_ms"]),
            row["hub_sql_statements_per_request"],
            f(&p["requests_per_second"]),
            f(&p["p50_ms"]),
            f(&p["p95_ms"]),
            f(&p["p99_ms"]),
            row["hub_over_peer_rps"],
            cpu(h),
            cpu(p),
            row["hub_rps_over_pgbench_bound"],
        );
    }
    for row in report["query_c_participation_summary"].as_array().into_iter().flatten() {
        let h = &row["hub"];
        println!(
            "| (c) participationSummary | {} | {} | {}/{}/{} | {} | - | - | - | {} | - | - |",
            row["connections"],
            f(&h["requests_per_second"]),
            f(&h["p50_ms"]),
            f(&h["p95_ms"]),
            f(&h["p99_ms"]),
            row["hub_sql_statements_per_request"],
            cpu(h),
        );
    }
    println!(
        "\nhub SQL statements per request for (a) by page size: {}",
        report["hub_sql_statements_per_request_a_by_page_size"]
    );
    let open = &report["open_loop_a"];
    if !open.is_null() {
        println!(
            "\n| open loop, query (a) | target rps | achieved rps | p50/p95/p99/max ms | errors | max in flight | dispatch lag p99/max ms | CPU cores: server/PG/bench/machine |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        for (label, r) in [("hub", &open["hub"]), ("peer", &open["peer"])] {
            if r.is_null() {
                continue;
            }
            println!(
                "| {label} | {} | {} | {}/{}/{}/{} | {} | {} | {}/{} | {} |",
                f(&r["target_requests_per_second"]),
                f(&r["achieved_requests_per_second"]),
                f(&r["p50_ms"]),
                f(&r["p95_ms"]),
                f(&r["p99_ms"]),
                f(&r["max_ms"]),
                r["errors"],
                r["max_in_flight"],
                f(&r["dispatch_lag_ms"]["p99"]),
                f(&r["dispatch_lag_ms"]["max"]),
                cpu(r),
            );
        }
    }
    println!("pgbench -S -c 16 -j 2: {tps:.0} TPS");
    println!(
        "\n| fan-out | subscribers | delivered/expected | p50 ms | p99 ms | max ms | RSS per idle sub (KiB) | connect s | CPU cores bench/hub/machine |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (label, key) in [("one process", "fanout_one_process"), ("cross-replica", "fanout_cross_replica")] {
        for r in report[key].as_array().into_iter().flatten() {
            let subscribers = if r["subscriptions_per_connection"] == 1 {
                r["subscribers"].to_string()
            } else {
                format!("{} on {} connections", r["subscribers"], r["connections"])
            };
            println!(
                "| {label} | {subscribers} | {}/{} | {} | {} | {} | {} | {} | {}/{}/{} |",
                r["delivered"],
                r["expected"],
                f(&r["latency_ms"]["p50"]),
                f(&r["latency_ms"]["p99"]),
                f(&r["latency_ms"]["max"]),
                r["rss_per_idle_subscription_kib"],
                r["connect_seconds"],
                r["load_generator_cpu_cores"],
                r["subscriber_hub_cpu_cores"],
                r["machine_busy_cores"],
            );
        }
    }
    for r in report["fanout_cross_replica"].as_array().into_iter().flatten() {
        let (redis, after) = (&r["to_redis_ms"], &r["after_redis_ms"]);
        if redis.is_null() {
            continue;
        }
        println!(
            "cross-replica, {} subscribers: publishedAt to Redis p50/p99/max {}/{}/{} ms ({}/{} offers seen); delivery p50/p99 {}/{} ms; after Redis (delivery - to Redis) p50 {} ms, p99 {} ms",
            r["subscribers"],
            f(&redis["p50"]),
            f(&redis["p99"]),
            f(&redis["max"]),
            redis["offers_seen"],
            redis["offers"],
            f(&r["latency_ms"]["p50"]),
            f(&r["latency_ms"]["p99"]),
            f(&after["p50"]),
            f(&after["p99"]),
        );
    }
    println!("\ncross-replica added p99: {}", report["cross_replica_added_p99_ms"]);
    let contention = &report["booking_contention"];
    println!(
        "booking contention ({} concurrent bookFacility per slot): median settle {} ms; rounds (settle ms, booked, CONFLICT): {}",
        contention["callers"],
        f(&contention["median_settle_ms"]),
        contention["rounds"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| format!("({}, {}, {})", r["settle_ms"], r["booked"], r["conflicts"]))
            .collect::<Vec<_>>()
            .join(" "),
    );
    println!("goals: {}", serde_json::to_string_pretty(&report["goals"]).unwrap_or_default());
}
