//! Typed, layered configuration: built-in defaults, then an optional TOML file, then the
//! environment. This is the only module that reads the environment for settings.
//!
//! | variable          | key          | meaning                                                    |
//! |-------------------|--------------|------------------------------------------------------------|
//! | `HUB_CONFIG`      |              | path of a TOML file (same as `--config`)                   |
//! | `HUB_LISTEN`      | `listen`     | address to serve on, `127.0.0.1:8080` by default           |
//! | `DATABASE_URL`    | `database_url` | `sqlite://hub.db?mode=rwc` by default, or `postgres://…` |
//! | `REDIS_URL`       | `redis_url`  | Redis for cross-replica events; unset: in-process only     |
//! | `HUB_JWT_SECRET`  | `jwt_secret` | HS256 secret of development tokens (development profile only) |
//! | `HUB_PROFILE`     | `profile`    | `development` (default) or `production`                    |
//! | `HUB_DEMO_DATA`   | `demo_data`  | load the demo set into an empty database (development only) |
//! | `HUB_DATABASE_MAX_CONNECTIONS` | `database_max_connections` | connections per process, 10 by default (on PostgreSQL half for the hot reads) |
//! | `HUB_OTLP_ENDPOINT` | `otlp_endpoint` | OTLP/gRPC collector for traces (`http://host:4317`); unset: none exported |
//! | `HUB_SHUTDOWN_DELAY_SECONDS` | `shutdown_delay_seconds` | on SIGTERM, seconds `/readyz` fails before the listener closes; 0 by default |
//! | `HUB_SHUTDOWN_TIMEOUT_SECONDS` | `shutdown_timeout_seconds` | longest wait for in-flight requests after that; 20 by default |
//! | `HUB_FIELD_HOOKS_ON_QUERIES` | `field_hooks_on_queries` | false: queries run with no per-field extension hook (`schema::ServedSchema`); true runs them like mutations, to compare |
//! | `HUB_COMPILED_QUERIES` | `compiled_queries` | true: the hottest queries run on compiled plans (`compiled`); false runs every query on the engine, to compare |
//! | `HUB_LIMITS__<NAME>` | `[limits] <name>` | one of the request limits below (`HUB_LIMITS__MAX_DEPTH=12`) |
//! | `HUB_AUTH__<NAME>` | `[auth] <name>` | sign-in through the city's OpenID Connect provider (below) |
//!
//! An unknown key in a file is an error (a typo must not pass silently), but an unknown `HUB_*`
//! variable is only a warning naming it: Kubernetes injects `HUB_PORT`, `HUB_SERVICE_HOST`, …
//! into every pod of a namespace that has a Service named `hub`, and those must not stop the hub.
//!
//! Sign-in (`AuthSettings`); the production profile requires an issuer and accepts no
//! development token (it has no shared-secret path):
//!
//! | variable | key | meaning |
//! |----------|-----|---------|
//! | `HUB_AUTH__OIDC_ISSUER` | `oidc_issuer` | the provider's issuer URL; its `/.well-known/openid-configuration` is read |
//! | `HUB_AUTH__OIDC_AUDIENCE` | `oidc_audience` | the `aud` bearer tokens must carry (the hub's API identifier) |
//! | `HUB_AUTH__PLATFORM_ADMINS` | `platform_admins` | comma-separated subjects (`sub`) who are platform admins |
//! | `HUB_AUTH__OIDC_CLIENT_ID` | `oidc_client_id` | the hub's client id for browser sign-in (also accepted as `aud`) |
//! | `HUB_AUTH__OIDC_CLIENT_SECRET` | `oidc_client_secret` | its client secret (`client_secret_basic`) |
//! | `HUB_AUTH__PUBLIC_URL` | `public_url` | the hub's address as browsers reach it (`https://hub.example.vn`); the sign-in callback is `{public_url}/auth/callback` |
//!
//! The limits (`Limits`), each refused with its own error code:
//!
//! | variable | key | default | refusal |
//! |----------|-----|---------|---------|
//! | `HUB_LIMITS__MAX_DEPTH` | `max_depth` | 15 | `QUERY_TOO_DEEP` |
//! | `HUB_LIMITS__MAX_COMPLEXITY` | `max_complexity` | 2000 (one point per field, multiplied through lists) | `QUERY_TOO_COMPLEX` |
//! | `HUB_LIMITS__MAX_BODY_BYTES` | `max_body_bytes` | 262144 | HTTP 413 `PAYLOAD_TOO_LARGE` |
//! | `HUB_LIMITS__MAX_BATCH` | `max_batch` | 20 operations in one POST | HTTP 400 `BATCH_TOO_LARGE` |
//! | `HUB_LIMITS__MAX_PAGE_SIZE` | `max_page_size` | 100 (`first` of any list) | `PAGE_SIZE_TOO_LARGE` |
//! | `HUB_LIMITS__REQUESTS_PER_MINUTE_PER_TOKEN` | `requests_per_minute_per_token` | 2400, 0 for none | HTTP 429 `RATE_LIMITED` |
//! | `HUB_LIMITS__REQUESTS_PER_MINUTE_PER_IP` | `requests_per_minute_per_ip` | 1200 per address (IPv6: per /64) for anonymous callers and failed tokens; 0 for none | HTTP 429 `RATE_LIMITED` |
//! | `HUB_LIMITS__TRUST_FORWARDED_FOR` | `trust_forwarded_for` | false: the peer address is the caller's | |
//! | `HUB_LIMITS__MAX_SUBSCRIPTIONS_PER_CONNECTION` | `max_subscriptions_per_connection` | 25 | `TOO_MANY_SUBSCRIPTIONS` |
//! | `HUB_LIMITS__CONNECTION_INIT_TIMEOUT_SECONDS` | `connection_init_timeout_seconds` | 10 | WebSocket close 4408 |
//! | `HUB_LIMITS__INTROSPECTION` | `introspection` | on in development, off in production | `INTROSPECTION_DISABLED` |
//! | `HUB_LIMITS__PERSISTED_QUERIES` | `persisted_queries` | 10000 documents kept parsed, for APQ hashes and repeated plain queries; 0 switches APQ and the reuse off | `PERSISTED_QUERY_NOT_FOUND` |
//! | `HUB_LIMITS__PERSISTED_QUERIES_BYTES` | `persisted_queries_bytes` | 33554432 (32 MiB) of query text kept for APQ, oldest dropped first | `PERSISTED_QUERY_NOT_FOUND` |
//! | `HUB_LIMITS__HEADER_READ_TIMEOUT_SECONDS` | `header_read_timeout_seconds` | 10: a request's headers must arrive within it, and an idle keep-alive connection is closed after it | connection closed |
//! | `HUB_LIMITS__BODY_READ_TIMEOUT_SECONDS` | `body_read_timeout_seconds` | 10: a request's body must arrive within it | HTTP 408 `REQUEST_TIMEOUT` |
//! | `HUB_LIMITS__REQUEST_TIMEOUT_SECONDS` | `request_timeout_seconds` | 30: longest time from a request's headers to its answer | HTTP 504 `TIMEOUT` |

use std::collections::BTreeSet;
use std::fmt;
use std::net::SocketAddr;
use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// The secret the development profile uses when none is configured. Production uses no shared
/// secret at all: it accepts only the provider's tokens.
pub const DEVELOPMENT_JWT_SECRET: &str = "hai-phong-hub-development-secret-do-not-use-in-production";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Development,
    Production,
}

/// A secret that never shows up in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub listen: SocketAddr,
    pub database_url: String,
    pub database_max_connections: u32,
    pub redis_url: Option<Secret>,
    pub jwt_secret: Secret,
    pub profile: Profile,
    /// `None` means "the profile's default": on in development, never in production.
    pub demo_data: Option<bool>,
    pub otlp_endpoint: Option<String>,
    /// Load balancers notice a failing `/readyz` only at their next probe, so on SIGTERM the hub
    /// keeps serving this long with readiness false before it stops accepting connections.
    pub shutdown_delay_seconds: u64,
    pub shutdown_timeout_seconds: u64,
    pub field_hooks_on_queries: bool,
    pub compiled_queries: bool,
    pub limits: Limits,
    pub auth: AuthSettings,
}

/// Sign-in through an OpenID Connect provider (see the table in the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSettings {
    pub oidc_issuer: Option<String>,
    pub oidc_audience: Option<String>,
    /// Subjects, from a list in a file or a comma-separated variable.
    #[serde(deserialize_with = "subjects")]
    pub platform_admins: Vec<String>,
    pub oidc_client_id: Option<String>,
    pub oidc_client_secret: Option<Secret>,
    pub public_url: Option<String>,
}

impl AuthSettings {
    /// Whether browsers can sign in through the provider (a client is configured).
    pub fn browser_sign_in(&self) -> bool {
        self.oidc_issuer.is_some() && self.oidc_client_id.is_some() && self.oidc_client_secret.is_some()
    }
}

/// Reads subjects from a TOML list or from a comma-separated string (what an environment
/// variable holds; a lone numeric subject arrives as a number).
fn subjects<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Subjects {
        List(Vec<String>),
        Text(String),
        Number(u64),
    }
    let split = |text: &str| {
        text.split(',').map(str::trim).filter(|subject| !subject.is_empty()).map(str::to_owned).collect()
    };
    Ok(match Subjects::deserialize(deserializer)? {
        Subjects::List(list) => list.iter().flat_map(|item| split(item)).collect(),
        Subjects::Text(text) => split(&text),
        Subjects::Number(number) => vec![number.to_string()],
    })
}

/// What one caller may ask of the hub (see the table in the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_body_bytes: usize,
    pub max_batch: usize,
    pub max_page_size: u64,
    pub requests_per_minute_per_token: u32,
    /// Schools reach the hub through one NAT address for a whole computer room, so the
    /// anonymous limit is per address but generous.
    pub requests_per_minute_per_ip: u32,
    /// Take the caller's address from the last `X-Forwarded-For` entry: only behind a proxy
    /// that sets it (HAProxy in `deploy/compose.yaml`), or any caller could pick its address.
    pub trust_forwarded_for: bool,
    pub max_subscriptions_per_connection: usize,
    pub connection_init_timeout_seconds: u64,
    /// `None`: the profile decides (on in development, off in production).
    pub introspection: Option<bool>,
    pub persisted_queries: usize,
    /// The persisted-query store's budget: the query texts it keeps, counted in bytes (a
    /// parsed document takes a few times its text; see `apq`).
    pub persisted_queries_bytes: usize,
    /// Also the longest an idle keep-alive connection stays open: hyper waits for the next
    /// request's headers under the same timer.
    pub header_read_timeout_seconds: u64,
    pub body_read_timeout_seconds: u64,
    pub request_timeout_seconds: u64,
}

/// Longest timeout a setting accepts: anything above an hour is a mistake (minutes typed as
/// seconds twice over) that would leave slow clients holding connections.
pub const MAX_TIMEOUT_SECONDS: u64 = 3_600;

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 15,
            max_complexity: 2_000,
            max_body_bytes: 256 * 1024,
            max_batch: 20,
            max_page_size: hub_common::pagination::MAX_PAGE_SIZE,
            requests_per_minute_per_token: 2_400,
            requests_per_minute_per_ip: 1_200,
            trust_forwarded_for: false,
            max_subscriptions_per_connection: 25,
            connection_init_timeout_seconds: 10,
            introspection: None,
            persisted_queries: 10_000,
            persisted_queries_bytes: 32 * 1024 * 1024,
            header_read_timeout_seconds: 10,
            body_read_timeout_seconds: 10,
            request_timeout_seconds: 30,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://hub.db?mode=rwc".to_owned(),
            database_max_connections: 10,
            redis_url: None,
            jwt_secret: Secret::new(DEVELOPMENT_JWT_SECRET),
            profile: Profile::Development,
            demo_data: None,
            otlp_endpoint: None,
            shutdown_delay_seconds: 0,
            shutdown_timeout_seconds: 20,
            field_hooks_on_queries: false,
            compiled_queries: true,
            limits: Limits::default(),
            auth: AuthSettings::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid configuration: {0}")]
    Invalid(#[from] Box<figment::Error>),
    #[error(
        "the production profile signs people in through the city's OpenID Connect provider; set HUB_AUTH__OIDC_ISSUER and HUB_AUTH__OIDC_AUDIENCE"
    )]
    NoIdentityProvider,
    #[error("auth.{0} must be an http:// or https:// URL")]
    AuthUrl(&'static str),
    #[error("auth.oidc_client_id and auth.oidc_client_secret go together, with auth.oidc_issuer")]
    IncompleteClient,
    #[error("the production profile never loads demo data; unset HUB_DEMO_DATA")]
    DemoDataInProduction,
    #[error("database_url must start with sqlite: or postgres:")]
    UnsupportedDatabase,
    #[error("database_max_connections must be at least 1")]
    NoConnections,
    #[error("otlp_endpoint must be an http:// or https:// URL")]
    OtlpEndpoint,
    #[error("limits.{0} must be at least 1")]
    ZeroLimit(&'static str),
    #[error("limits.{name} is {value} seconds; it must be between 1 and {max} seconds")]
    Timeout { name: &'static str, value: u64, max: u64 },
}

impl Settings {
    /// Defaults, then `file` (if any), then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::from_figment(Self::figment(file).merge(Self::environment()))
    }

    fn figment(file: Option<&Path>) -> Figment {
        let figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) => figment.merge(Toml::file_exact(path)),
            None => figment,
        }
    }

    fn environment() -> Figment {
        let known = environment_keys();
        Figment::new()
            // `__` separates nested keys: HUB_LIMITS__MAX_DEPTH is `limits.max_depth`. Unknown
            // names are left out here and reported by `unknown_environment`.
            .merge(
                Env::prefixed("HUB_")
                    .filter(move |key| known.contains(&key.as_str().to_ascii_lowercase()))
                    .split("__"),
            )
            .merge(Env::raw().only(&["database_url", "redis_url"]))
    }

    /// The `HUB_*` variables of this process that are no setting (names only: their values may
    /// be secrets), for the caller to warn about once logging is up.
    pub fn unknown_environment() -> Vec<String> {
        unknown_among(std::env::vars_os().map(|(name, _)| name.to_string_lossy().into_owned()))
    }

    fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let mut settings: Settings = figment.extract().map_err(Box::new)?;
        // Compose files pass `${HUB_OTLP_ENDPOINT:-}`, so empty means "not configured".
        if settings.otlp_endpoint.as_deref() == Some("") {
            settings.otlp_endpoint = None;
        }
        settings.validate()?;
        Ok(settings)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(self.database_url.starts_with("sqlite:") || self.database_url.starts_with("postgres")) {
            return Err(ConfigError::UnsupportedDatabase);
        }
        if self.database_max_connections == 0 {
            return Err(ConfigError::NoConnections);
        }
        if let Some(endpoint) = &self.otlp_endpoint
            && !(endpoint.starts_with("http://") || endpoint.starts_with("https://"))
        {
            return Err(ConfigError::OtlpEndpoint);
        }
        let limits = &self.limits;
        for (name, value) in [
            ("max_depth", limits.max_depth),
            ("max_complexity", limits.max_complexity),
            ("max_body_bytes", limits.max_body_bytes),
            ("max_batch", limits.max_batch),
            ("max_page_size", limits.max_page_size as usize),
            ("max_subscriptions_per_connection", limits.max_subscriptions_per_connection),
            ("connection_init_timeout_seconds", limits.connection_init_timeout_seconds as usize),
            ("persisted_queries_bytes", limits.persisted_queries_bytes),
        ] {
            if value == 0 {
                return Err(ConfigError::ZeroLimit(name));
            }
        }
        for (name, value) in [
            ("header_read_timeout_seconds", limits.header_read_timeout_seconds),
            ("body_read_timeout_seconds", limits.body_read_timeout_seconds),
            ("request_timeout_seconds", limits.request_timeout_seconds),
        ] {
            if value == 0 || value > MAX_TIMEOUT_SECONDS {
                return Err(ConfigError::Timeout { name, value, max: MAX_TIMEOUT_SECONDS });
            }
        }
        let auth = &self.auth;
        for (name, url) in [("oidc_issuer", &auth.oidc_issuer), ("public_url", &auth.public_url)] {
            if let Some(url) = url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return Err(ConfigError::AuthUrl(name));
            }
        }
        if (auth.oidc_client_id.is_some() || auth.oidc_client_secret.is_some()) && !auth.browser_sign_in() {
            return Err(ConfigError::IncompleteClient);
        }
        if self.profile == Profile::Production {
            if auth.oidc_issuer.is_none() || auth.oidc_audience.is_none() {
                return Err(ConfigError::NoIdentityProvider);
            }
            if self.demo_data == Some(true) {
                return Err(ConfigError::DemoDataInProduction);
            }
        }
        Ok(())
    }

    /// Whether `__schema` and `__type` are answered.
    pub fn introspection(&self) -> bool {
        self.limits.introspection.unwrap_or(self.profile == Profile::Development)
    }

    /// Whether development (HS256) tokens are accepted: in the development profile only.
    pub fn accepts_development_tokens(&self) -> bool {
        self.profile == Profile::Development
    }

    pub fn loads_demo_data(&self) -> bool {
        self.profile == Profile::Development && self.demo_data.unwrap_or(true)
    }
}

/// Variables with the `HUB_` prefix that are not settings: the file's name, and the test
/// suite's switch.
const NOT_SETTINGS: [&str; 2] = ["config", "require_services"];

/// Every setting's key as the environment spells it after `HUB_` (`listen`,
/// `limits__max_depth`), read off the defaults so a new setting needs no second list.
fn environment_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(Settings::default()) {
        for (name, value) in fields {
            if let serde_json::Value::Object(nested) = value {
                keys.extend(nested.keys().map(|inner| format!("{name}__{inner}")));
            } else {
                keys.insert(name);
            }
        }
    }
    keys
}

fn unknown_among(names: impl Iterator<Item = String>) -> Vec<String> {
    let known = environment_keys();
    let mut unknown: Vec<String> = names
        .filter(|name| {
            let Some(key) = name.strip_prefix("HUB_") else { return false };
            let key = key.to_ascii_lowercase();
            !known.contains(&key) && !NOT_SETTINGS.contains(&key.as_str())
        })
        .collect();
    unknown.sort();
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_toml(text: &str) -> Result<Settings, ConfigError> {
        Settings::from_figment(
            Figment::from(Serialized::defaults(Settings::default())).merge(Toml::string(text)),
        )
    }

    #[test]
    fn unknown_keys_are_rejected_by_name() {
        let err = from_toml("listne = \"127.0.0.1:9000\"").expect_err("typo must be refused");
        assert!(err.to_string().contains("listne"), "{err}");
    }

    const PROVIDER: &str = "[auth]\noidc_issuer = \"https://id.example.vn\"\noidc_audience = \"hub\"";

    #[test]
    fn production_needs_a_provider_and_no_secret() {
        let err = from_toml("profile = \"production\"").expect_err("must refuse");
        assert!(matches!(err, ConfigError::NoIdentityProvider), "{err}");
        let ok = from_toml(&format!("profile = \"production\"\n{PROVIDER}")).expect("a provider is enough");
        assert!(!ok.loads_demo_data());
        assert!(!ok.accepts_development_tokens());
        assert!(from_toml("").expect("defaults").accepts_development_tokens());
    }

    #[test]
    fn platform_admins_come_as_a_list_or_comma_separated() {
        let listed = from_toml("[auth]\nplatform_admins = [\"a\", \"b\"]").expect("a list");
        assert_eq!(listed.auth.platform_admins, ["a", "b"]);
        let joined = from_toml("[auth]\nplatform_admins = \"a, b,,c\"").expect("a string");
        assert_eq!(joined.auth.platform_admins, ["a", "b", "c"]);
        let numeric = from_toml("[auth]\nplatform_admins = 248289761001").expect("a number");
        assert_eq!(numeric.auth.platform_admins, ["248289761001"]);
    }

    #[test]
    fn a_client_needs_its_secret_and_an_issuer() {
        let err = from_toml("[auth]\noidc_client_id = \"hub\"").expect_err("incomplete");
        assert!(matches!(err, ConfigError::IncompleteClient), "{err}");
        let err = from_toml("[auth]\noidc_issuer = \"id.example.vn\"").expect_err("not a URL");
        assert!(err.to_string().contains("oidc_issuer"), "{err}");
    }

    #[test]
    fn limits_nest_under_their_table_and_refuse_zero() {
        let settings = from_toml("[limits]\nmax_depth = 7").expect("a limit may be set");
        assert_eq!(settings.limits.max_depth, 7);
        assert_eq!(settings.limits.max_batch, Limits::default().max_batch);
        let err = from_toml("[limits]\nmax_batch = 0").expect_err("zero batch refused");
        assert!(err.to_string().contains("max_batch"), "{err}");
        let err = from_toml("[limits]\nmax_dept = 7").expect_err("typo refused");
        assert!(err.to_string().contains("max_dept"), "{err}");
    }

    #[test]
    fn timeouts_refuse_zero_and_absurd_values_by_name() {
        let settings = from_toml("[limits]\nrequest_timeout_seconds = 5").expect("a timeout may be set");
        assert_eq!(settings.limits.request_timeout_seconds, 5);
        assert_eq!(settings.limits.header_read_timeout_seconds, 10);
        for text in
            ["[limits]\nheader_read_timeout_seconds = 0", "[limits]\nbody_read_timeout_seconds = 86400"]
        {
            let err = from_toml(text).expect_err("refused");
            assert!(matches!(err, ConfigError::Timeout { .. }), "{err}");
            assert!(err.to_string().contains("between 1 and 3600 seconds"), "{err}");
        }
    }

    #[test]
    fn introspection_follows_the_profile_unless_set() {
        let development = from_toml("").expect("defaults");
        assert!(development.introspection());
        let production = format!("profile = \"production\"\n{PROVIDER}");
        let production_settings = from_toml(&production).expect("production");
        assert!(!production_settings.introspection());
        let enabled = from_toml(&format!("{production}\n[limits]\nintrospection = true")).expect("enabled");
        assert!(enabled.introspection());
    }

    #[test]
    fn kubernetes_service_links_are_unknown_but_settings_are_not() {
        let names =
            ["HUB_PORT", "HUB_SERVICE_HOST", "HUB_LISTEN", "HUB_LIMITS__MAX_DEPTH", "HUB_CONFIG", "PATH"];
        let unknown = unknown_among(names.iter().map(|name| name.to_string()));
        assert_eq!(unknown, ["HUB_PORT", "HUB_SERVICE_HOST"]);
        let keys = environment_keys();
        assert!(keys.contains("jwt_secret") && keys.contains("limits__persisted_queries"), "{keys:?}");
        assert!(keys.contains("auth__oidc_issuer") && keys.contains("auth__platform_admins"), "{keys:?}");
        assert!(!keys.contains("limits"), "a table is not a variable");
    }

    #[test]
    fn secrets_do_not_print() {
        let settings = Settings::default();
        assert!(!format!("{settings:?}").contains(DEVELOPMENT_JWT_SECRET));
    }
}
