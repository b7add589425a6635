//! The test suite's OpenID Connect provider: `tests/oidc/provider.mjs` (oidc-provider, a
//! certified implementation) in a process of the test's own, and tokens signed with its keys.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::helpers::services_required;

pub const CLIENT_ID: &str = "hub";
pub const CLIENT_SECRET: &str = "hub-test-client-secret";
/// The `aud` of bearer tokens for the hub's API.
pub const AUDIENCE: &str = "hub-api";

fn tooling() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/oidc");
    if dir.join("node_modules/oidc-provider").exists() {
        return Some(dir);
    }
    if services_required() {
        panic!("tests/oidc/node_modules is missing; run `npm ci --prefix tests/oidc`");
    }
    eprintln!("\n*** SKIPPED: the OpenID provider is not installed; run `npm ci --prefix tests/oidc`. ***\n");
    None
}

pub struct TestProvider {
    pub port: u16,
    dir: PathBuf,
    redirect_uri: String,
    keys_path: PathBuf,
    process: Option<Child>,
}

impl TestProvider {
    /// A provider that will listen on `port` (not started: see `resume`), sending people back
    /// to `redirect_uri`. `None` when the npm tooling is missing and not required.
    pub fn on_port(port: u16, redirect_uri: &str) -> Option<Self> {
        let dir = tooling()?;
        let keys_path =
            std::env::temp_dir().join(format!("hub-oidc-keys-{}.json", uuid::Uuid::now_v7().simple()));
        Some(Self { port, dir, redirect_uri: redirect_uri.to_owned(), keys_path, process: None })
    }

    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the provider (with the keys it had, or new ones after `rotate_keys`) and waits
    /// until it listens. If it exits first, the panic carries what it printed on stderr.
    pub fn resume(&mut self) {
        let mut child = Command::new("node")
            .arg(self.dir.join("provider.mjs"))
            .arg(self.port.to_string())
            .arg(&self.redirect_uri)
            .arg(&self.keys_path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("node starts the provider");
        let stdout = child.stdout.take().expect("the provider's stdout");
        let mut stderr = child.stderr.take().expect("the provider's stderr");
        // Read to the end so that the provider never blocks on a full pipe.
        let errors = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("ready ") {
                    let _ = tx.send(());
                }
            }
        });
        if let Err(why) = rx.recv_timeout(Duration::from_secs(30)) {
            let _ = child.kill();
            let _ = child.wait();
            let errors = errors.join().unwrap_or_default();
            panic!("the provider did not listen on port {} ({why}): {errors}", self.port);
        }
        self.process = Some(child);
    }

    /// Stops the provider, as an outage would.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.process.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The provider's next start signs with new keys (a key rotation).
    pub fn rotate_keys(&mut self) {
        let _ = std::fs::remove_file(&self.keys_path);
    }

    fn keys(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(&self.keys_path).expect("the provider wrote its keys"))
            .expect("keys in JSON")
    }

    /// A token with `claims` over the defaults (issuer, audience, an hour's validity, a
    /// verified address), signed with `key`: `rsa` or `ec` (the provider's published keys) or
    /// `foreign` (one it never published).
    pub fn token(&self, key: &str, subject: &str, claims: Value) -> String {
        let keys = self.keys();
        let key = &keys[key];
        let now = chrono::Utc::now().timestamp();
        let mut body = json!({
            "iss": self.issuer(),
            "aud": AUDIENCE,
            "sub": subject,
            "email": format!("{subject}@example.vn"),
            "email_verified": true,
            "iat": now,
            "exp": now + 3600,
        });
        for (name, value) in claims.as_object().expect("claims are an object") {
            body[name] = value.clone();
        }
        let pem = key["pem"].as_str().expect("a PEM key");
        let (algorithm, encoding) = match key["alg"].as_str() {
            Some("ES256") => (Algorithm::ES256, EncodingKey::from_ec_pem(pem.as_bytes()).expect("an EC key")),
            _ => (Algorithm::RS256, EncodingKey::from_rsa_pem(pem.as_bytes()).expect("an RSA key")),
        };
        let mut header = Header::new(algorithm);
        header.kid = key["kid"].as_str().map(str::to_owned);
        jsonwebtoken::encode(&header, &body, &encoding).expect("a signed token")
    }
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_file(&self.keys_path);
    }
}
