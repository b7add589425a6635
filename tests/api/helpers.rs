//! Test harness: every test gets the hub on a random port with a database of its own.
//!
//! `hub_test!` runs a test body twice, once on a fresh SQLite file and once on a fresh
//! PostgreSQL database. Without a reachable PostgreSQL the PostgreSQL half is skipped with a
//! loud message, unless `HUB_REQUIRE_SERVICES=1` (as in CI), where it fails instead.

use std::path::PathBuf;
use std::time::Duration;

use hub::auth::Hs256;
use hub::config::{Profile, Secret, Settings};
use hub_common::Role;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use uuid::Uuid;

pub const TEST_SECRET: &str = "test-secret-for-the-hub-suite-0123456789";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs the body on both back-ends: `hub_test!(async fn name(app) { ... })`.
#[macro_export]
macro_rules! hub_test {
    (async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($app: $crate::helpers::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await {
                    body(app).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await {
                    body(app).await;
                }
            }
        }
    };
}

pub fn services_required() -> bool {
    std::env::var("HUB_REQUIRE_SERVICES").is_ok_and(|v| v == "1")
}

/// A port for a server that a test starts later, and often starts again on the same port
/// after stopping it.
///
/// `bind(0)` hands out a port from the kernel's ephemeral range, the range every outgoing
/// connection also takes its local port from. Between that check and the server's start (or
/// restart), another test's connection could take the port and the server would exit on
/// `EADDRINUSE`. So ports come from below that range, from a counter only this process
/// advances, and each is checked free.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let ephemeral_start = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse::<u32>().ok())
        .unwrap_or(32768)
        .clamp(2048, 65535);
    let (first, span) = (ephemeral_start / 2, ephemeral_start - ephemeral_start / 2);
    // Each process starts at a place of its own, so two test processes at once try different
    // ports first.
    let start = std::process::id() % span;
    for _ in 0..span {
        let offset = (start + NEXT.fetch_add(1, Ordering::Relaxed)) % span;
        let port = u16::try_from(first + offset).expect("below the ephemeral range");
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port below the ephemeral range ({ephemeral_start})");
}

/// A Redis server of a test's own, on a free port, that the test may stop and start again
/// without disturbing the machine's shared one.
pub struct PrivateRedis {
    pub port: u16,
    process: Option<std::process::Child>,
}

impl PrivateRedis {
    /// `None` (with a loud message) when `redis-server` is not installed and not required.
    pub async fn start() -> Option<Self> {
        if std::process::Command::new("redis-server").arg("--version").output().is_err() {
            if services_required() {
                panic!("redis-server is required (HUB_REQUIRE_SERVICES=1) but not installed");
            }
            eprintln!("\n*** SKIPPED: redis-server is not installed. ***\n");
            return None;
        }
        let port = free_port();
        let mut redis = Self { port, process: None };
        redis.resume().await;
        Some(redis)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Stops the server (as a crash would: no goodbye to clients).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.process.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and waits until it answers.
    pub async fn resume(&mut self) {
        let child = std::process::Command::new("redis-server")
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.process = Some(child);
        let client = redis::Client::open(self.url()).expect("a Redis URL");
        for _ in 0..100 {
            if let Ok(mut conn) = client.get_multiplexed_async_connection().await
                && redis::cmd("PING").query_async::<String>(&mut conn).await.is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the private redis-server did not come up on port {}", self.port);
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The shared Redis of this machine, or `None` (with a loud message) when it is not running
/// and the suite is not required to have it.
pub async fn redis_url() -> Option<String> {
    let url = std::env::var("HUB_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let reachable = async {
        let client = redis::Client::open(url.as_str()).ok()?;
        let mut conn = client.get_multiplexed_async_connection().await.ok()?;
        redis::cmd("PING").query_async::<String>(&mut conn).await.ok()
    };
    if tokio::time::timeout(Duration::from_secs(3), reachable).await.ok().flatten().is_some() {
        return Some(url);
    }
    if services_required() {
        panic!("Redis is required (HUB_REQUIRE_SERVICES=1) but {url} is not reachable");
    }
    eprintln!(
        "\n*** SKIPPED: Redis at {url} is not reachable. Set HUB_REQUIRE_SERVICES=1 to make this a failure. ***\n"
    );
    None
}

pub fn postgres_admin_url() -> String {
    std::env::var("HUB_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists for one test and is removed afterwards.
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("hub-test-{}.db", Uuid::now_v7().simple()));
                Some(Self {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    cleanup: Cleanup::SqliteFile(path),
                })
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let admin = match tokio::time::timeout(Duration::from_secs(5), Database::connect(&admin_url))
                    .await
                {
                    Ok(Ok(admin)) => admin,
                    failure => {
                        let reason = match failure {
                            Ok(Err(err)) => err.to_string(),
                            _ => "timed out".to_owned(),
                        };
                        if services_required() {
                            panic!(
                                "PostgreSQL is required (HUB_REQUIRE_SERVICES=1) but {admin_url} failed: {reason}"
                            );
                        }
                        eprintln!(
                            "\n*** SKIPPED on PostgreSQL: {admin_url} is not reachable ({reason}). \
                             Set HUB_REQUIRE_SERVICES=1 to make this a failure. ***\n"
                        );
                        return None;
                    }
                };
                let name = format!("hub_test_{}", Uuid::now_v7().simple());
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("creating a test database");
                let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
                Some(Self {
                    url: format!("{base}/{name}"),
                    cleanup: Cleanup::PostgresDatabase { admin_url: admin_url.clone(), name },
                })
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                // Drop runs inside the test's runtime, which cannot block; use a thread of its own.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build()
                    else {
                        return;
                    };
                    runtime.block_on(async {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Runs a property test: 24 inputs generated by `strategy`, each checked by `check` against one
/// hub on `backend` (cases keep apart by creating what they work on).
pub fn check_property<S: proptest::strategy::Strategy>(
    backend: Backend,
    strategy: S,
    check: impl AsyncFn(&TestApp, S::Value),
) {
    use proptest::test_runner::{Config, TestRunner};

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let Some(app) = runtime.block_on(TestApp::spawn(backend)) else { return };
    let mut runner = TestRunner::new(Config { cases: 24, failure_persistence: None, ..Config::default() });
    runner
        .run(&strategy, |input| {
            runtime.block_on(check(&app, input));
            Ok(())
        })
        .unwrap();
}

/// A running hub with the demo data set loaded.
pub struct TestApp {
    pub base_url: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub database_url: String,
    pub feed: hub_common::events::EventFeed,
    tokens: Hs256,
    shutdown: Option<oneshot::Sender<()>>,
    // Declared last so the hub stops before its database is dropped.
    _database: Option<TestDatabase>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<Self> {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Like `spawn`, with the settings adjusted first.
    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> Option<Self> {
        let database = TestDatabase::create(backend).await?;
        let url = database.url.clone();
        Some(Self::start(url, Some(database), configure).await)
    }

    /// A second replica on this app's database (the database lives as long as `self`).
    pub async fn replica(&self, configure: impl FnOnce(&mut Settings)) -> Self {
        Self::start(self.database_url.clone(), None, configure).await
    }

    async fn start(
        database_url: String,
        database: Option<TestDatabase>,
        configure: impl FnOnce(&mut Settings),
    ) -> Self {
        let mut settings = Settings {
            listen: "127.0.0.1:0".parse().expect("a socket address"),
            database_url: database_url.clone(),
            database_max_connections: 5,
            redis_url: None,
            jwt_secret: Secret::new(TEST_SECRET),
            profile: Profile::Development,
            demo_data: Some(true),
            ..Settings::default()
        };
        configure(&mut settings);
        let app = hub::Application::build(&settings).await.expect("the hub starts");
        let addr = app.local_addr().expect("a bound address");
        let db = app.db().clone();
        let feed = app.feed().clone();
        let (tx, rx) = oneshot::channel();
        tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        Self {
            base_url: format!("http://{addr}"),
            client: reqwest::Client::new(),
            db,
            database_url,
            feed,
            tokens: Hs256::new(TEST_SECRET),
            shutdown: Some(tx),
            _database: database,
        }
    }

    /// A token acting for a demo organization (by key) with one role.
    pub fn token(&self, org_key: &str, role: Role) -> String {
        self.tokens.mint(&format!("test:{org_key}"), Some(demo_org(org_key)), &[role], 3600)
    }

    /// Like `token`, valid for `seconds` only.
    pub fn token_lasting(&self, org_key: &str, role: Role, seconds: u64) -> String {
        self.tokens.mint(&format!("test:{org_key}"), Some(demo_org(org_key)), &[role], seconds)
    }

    /// A token for a person (`subject`) whose sign-in vouches for `email`, acting for no
    /// organization and with no roles: someone about to accept an invitation.
    pub fn token_with_email(&self, subject: &str, email: &str) -> String {
        self.tokens.mint_with_email(subject, Some(email), None, &[], 3600)
    }

    /// A token for a subject of the test's choosing, acting for `organization` (if any) with
    /// `roles`, and no email (a platform administrator, say).
    pub fn token_for(&self, subject: &str, organization: Option<Uuid>, roles: &[Role]) -> String {
        self.tokens.mint(subject, organization, roles, 3600)
    }

    pub fn expired_token(&self) -> String {
        self.tokens.mint_expired("test:expired", 300)
    }

    /// Sends a GraphQL request and returns the HTTP status and the JSON body.
    pub async fn graphql(&self, token: Option<&str>, query: &str, variables: Value) -> (StatusCode, Value) {
        let mut request = self.client.post(format!("{}/graphql", self.base_url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent");
        let status = response.status();
        let body = response.json().await.expect("a JSON body");
        (status, body)
    }

    /// Sends a GraphQL request that must succeed and returns its `data`.
    pub async fn data(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let (status, body) = self.graphql(token, query, variables).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    /// Sends a GraphQL request that must fail and returns the first error's code.
    pub async fn error_code(&self, token: Option<&str>, query: &str, variables: Value) -> String {
        let (_, body) = self.graphql(token, query, variables).await;
        first_error_code(&body)
    }

    /// SQL statements the hub has issued for requests so far (from `/metrics`).
    pub async fn sql_statements(&self) -> u64 {
        let text =
            self.client.get(format!("{}/metrics", self.base_url)).send().await.unwrap().text().await.unwrap();
        text.lines()
            .find_map(|line| line.strip_prefix("hub_sql_statements_total "))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or_else(|| panic!("no statement counter in {text}"))
    }

    /// Runs a query and returns how many SQL statements it cost.
    pub async fn statements_for(&self, token: Option<&str>, query: &str, variables: Value) -> u64 {
        let before = self.sql_statements().await;
        self.data(token, query, variables).await;
        self.sql_statements().await - before
    }

    /// Asserts the hub still answers queries (after a bad request, say).
    pub async fn assert_still_serving(&self) {
        let data =
            self.data(None, "{ organizations(first: 1) { edges { node { name } } } }", json!({})).await;
        assert_eq!(data["organizations"]["edges"].as_array().map(Vec::len), Some(1));
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

pub fn demo_org(key: &str) -> Uuid {
    assert!(
        directory::demo_data::ORGANIZATIONS.iter().any(|demo| demo.key == key),
        "{key} is not a demo organization"
    );
    directory::seed::demo_organization_id(key)
}

pub fn demo_area(code: &str) -> Uuid {
    directory::seed::demo_area_id(code)
}

/// `input` with the fields of `changes` replaced (a valid input made invalid in one place).
pub fn with(mut input: Value, changes: Value) -> Value {
    for (key, value) in changes.as_object().expect("an object") {
        input[key] = value.clone();
    }
    input
}

/// Sends a request that must be refused with `code` (naming `field`, when given) and returns
/// the body.
pub async fn refused(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    variables: Value,
    code: &str,
    field: Option<&str>,
) -> Value {
    let (_, body) = app.graphql(token, query, variables).await;
    assert_eq!(first_error_code(&body), code, "{body}");
    if let Some(field) = field {
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    body
}

pub fn first_error_code(body: &Value) -> String {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body}"))
        .to_owned()
}

/// What `hub schema` prints: the all-in-one SDL, or one module's subgraph SDL.
pub fn hub_schema(module: Option<&str>) -> String {
    let mut command = hub_command();
    command.arg("schema");
    if let Some(module) = module {
        command.args(["--module", module]);
    }
    let output = command.output().expect("hub runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The hub's modules, as `hub modules` prints them: the one list there is.
pub fn hub_modules() -> Vec<String> {
    let output = hub_command().arg("modules").output().expect("hub runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8").lines().map(str::to_owned).collect()
}

/// The `hub` binary with none of the suite's own `HUB_TEST_*` variables, which the hub would
/// refuse as unknown configuration keys.
pub fn hub_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_hub"));
    for (name, _) in std::env::vars() {
        if name.starts_with("HUB_TEST_") {
            command.env_remove(name);
        }
    }
    command
}

/// A `hub serve` process of its own, killed when dropped.
pub struct HubProcess {
    pub endpoint: crate::offers_live::Endpoint,
    child: std::process::Child,
}

impl HubProcess {
    /// Starts `hub serve` (or `hub serve --module NAME`) on `database_url` and waits until it
    /// is ready.
    pub async fn spawn(database_url: &str, redis_url: &str, module: Option<&str>) -> Self {
        Self::spawn_with(database_url, module, &[("REDIS_URL", redis_url)]).await
    }

    /// Like `spawn`, with `env` set for the process (and no Redis unless `env` names one).
    pub async fn spawn_with(database_url: &str, module: Option<&str>, env: &[(&str, &str)]) -> Self {
        use std::io::{BufRead, BufReader};
        use std::process::Stdio;

        let mut command = hub_command();
        command.args(["serve", "--listen", "127.0.0.1:0"]);
        if let Some(module) = module {
            command.args(["--module", module]);
        }
        command
            .env_remove("REDIS_URL")
            .env("DATABASE_URL", database_url)
            .env("HUB_JWT_SECRET", TEST_SECRET)
            .env("HUB_PROFILE", "development");
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("hub starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = oneshot::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
            if let Some(first) = lines.next() {
                let _ = tx.send(first);
            }
            lines.for_each(drop); // Keep draining so the hub never writes into a closed pipe.
        });
        let first =
            tokio::time::timeout(Duration::from_secs(60), rx).await.expect("started in time").unwrap();
        let base_url = first.strip_prefix("listening on ").expect("the address line").to_owned();
        let endpoint = crate::offers_live::Endpoint { base_url, client: reqwest::Client::new() };
        wait_until_ready(&endpoint.base_url).await;
        Self { endpoint, child }
    }

    /// Kills the process with SIGKILL, as a crash or an out-of-memory kill would, and waits
    /// for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM, as an orchestrator stopping the process does.
    pub fn terminate(&self) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "SIGTERM delivered");
    }

    /// The process's resident memory, in KiB (Linux `/proc`).
    pub fn resident_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("/proc is readable");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("a VmRSS line")
    }

    /// Whether the process is still running (it has not exited or crashed).
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("the process can be polled").is_none()
    }

    /// Waits up to `limit` for the process to exit and returns how it ended.
    pub async fn exited(&mut self, limit: Duration) -> std::process::ExitStatus {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("the process can be polled") {
                return status;
            }
            assert!(tokio::time::Instant::now() < deadline, "the hub did not exit within {limit:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the hub at `base_url` answers `/readyz` with 200 (database, migrations and, when
/// configured, the Redis event bus).
pub async fn wait_until_ready(base_url: &str) {
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(response) = client.get(format!("{base_url}/readyz")).send().await
            && response.status() == reqwest::StatusCode::OK
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{base_url} did not become ready");
}

/// Two ready replicas on one fresh PostgreSQL database sharing the Redis at `redis_url`.
pub async fn replicas_on_redis(redis_url: &str) -> Option<(TestApp, TestApp)> {
    let with_redis = |settings: &mut Settings| settings.redis_url = Some(Secret::new(redis_url));
    let a = TestApp::spawn_with(Backend::Postgres, with_redis).await?;
    let b = a.replica(with_redis).await;
    wait_until_ready(&a.base_url).await;
    wait_until_ready(&b.base_url).await;
    Some((a, b))
}

/// The Hải Phòng date `days` from today, as the API writes dates (`YYYY-MM-DD`).
pub fn in_days(days: i64) -> String {
    (hub_common::time::today() + chrono::TimeDelta::days(days)).format("%Y-%m-%d").to_string()
}

/// A well-formed tax code, different for each `n` (below 50,000): "0299", a sequence and the
/// check digit it calls for (sequences for which none fits are skipped).
pub fn tax_code(n: u32) -> String {
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    (n * 2..)
        .map(|sequence| format!("0299{sequence:05}"))
        .find_map(|first_nine| {
            let sum: u32 = first_nine.bytes().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
            let check = 10 - sum % 11;
            (check < 10).then(|| format!("{first_nine}{check}"))
        })
        .expect("a sequence with a check digit")
}
