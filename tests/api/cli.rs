//! The `hub` binary itself: the commands a newcomer and a script use.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

fn hub() -> Command {
    let mut command = crate::helpers::hub_command();
    // The suite's own variables must not leak into the hub's configuration.
    command
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .env_remove("HUB_PROFILE")
        .env_remove("HUB_JWT_SECRET");
    command
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn serve_prints_its_address_and_working_tokens() {
    let dir = std::env::temp_dir().join(format!("hub-cli-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut child = hub()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("hub starts");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    // Read the start-up banner up to the last token, then keep draining stdout so the hub never
    // writes into a closed pipe.
    let (banner_tx, banner_rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let mut banner = Vec::new();
        for line in lines.by_ref() {
            let is_last_token =
                banner.last().is_some_and(|prev: &String| prev.trim_start().starts_with("officer"));
            banner.push(line);
            if is_last_token {
                break;
            }
        }
        let _ = banner_tx.send(banner);
        lines.for_each(drop);
    });
    let lines: Vec<String> = banner_rx.await.expect("the hub prints a banner");
    let base = lines[0].strip_prefix("listening on ").expect("first line names the address").to_owned();
    assert!(!base.ends_with(":0"), "the real port is printed: {base}");
    assert!(dir.join("hub.db").exists(), "the default database is hub.db in the working directory");

    // The school token printed at start-up (the line after its label).
    let school_at = lines.iter().position(|l| l.trim_start().starts_with("school")).expect("a school token");
    let token = lines[school_at + 1].trim().to_owned();
    let client = reqwest::Client::new();
    let body: Value = client
        .post(format!("{base}/graphql"))
        .bearer_auth(&token)
        .json(&json!({ "query": "{ viewer { organization { name } } }" }))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    assert_eq!(body["data"]["viewer"]["organization"]["name"], "Trường THPT chuyên Trần Phú", "{body}");

    let page = client.get(format!("{base}/graphql")).send().await.expect("sent").text().await.expect("text");
    assert!(page.contains("graphiql"), "GET /graphql serves GraphiQL");
    let ready = client.get(format!("{base}/readyz")).send().await.expect("sent");
    assert_eq!(ready.status(), reqwest::StatusCode::OK);
    drop(running);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn schema_prints_the_sdl_with_federation_keys() {
    let output = hub().arg("schema").output().expect("hub runs");
    assert!(output.status.success());
    let sdl = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(sdl.contains("type Organization @key(fields: \"id\")"), "{sdl}");
    assert!(sdl.contains("registerOrganization(input: RegisterOrganizationInput!): Organization!"));
}

#[test]
fn config_check_names_unknown_keys() {
    let dir = std::env::temp_dir();
    let good = dir.join(format!("hub-good-{}.toml", uuid::Uuid::now_v7().simple()));
    let bad = dir.join(format!("hub-bad-{}.toml", uuid::Uuid::now_v7().simple()));
    std::fs::write(&good, "listen = \"0.0.0.0:9000\"\nprofile = \"development\"\n").expect("written");
    std::fs::write(&bad, "listen = \"0.0.0.0:9000\"\ndatabse_url = \"sqlite://x.db\"\n").expect("written");
    let ok = hub().args(["config", "check"]).arg(&good).output().expect("hub runs");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    // What Kubernetes injects for a Service named `hub` is named in a warning, never refused.
    let linked = hub()
        .args(["config", "check"])
        .arg(&good)
        .env("HUB_PORT", "tcp://10.96.0.12:8080")
        .env("HUB_SERVICE_HOST", "10.96.0.12")
        .output()
        .expect("hub runs");
    assert!(linked.status.success(), "{}", String::from_utf8_lossy(&linked.stderr));
    let warnings = String::from_utf8_lossy(&linked.stderr);
    assert!(warnings.contains("HUB_PORT") && warnings.contains("HUB_SERVICE_HOST"), "{warnings}");
    assert!(!warnings.contains("10.96.0.12"), "values are not echoed: {warnings}");
    let refused = hub().args(["config", "check"]).arg(&bad).output().expect("hub runs");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("databse_url"));
    let _ = (std::fs::remove_file(good), std::fs::remove_file(bad));
}

#[test]
fn production_needs_an_identity_provider_and_mints_no_development_token() {
    let output = hub()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("HUB_PROFILE", "production")
        .env("DATABASE_URL", "sqlite::memory:")
        .output()
        .expect("hub runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("HUB_AUTH__OIDC_ISSUER"));

    // With a provider, production starts without any shared secret, and mints nothing.
    let output = hub()
        .args(["token", "--org", "so-gddt", "--role", "platform-admin"])
        .env("HUB_PROFILE", "production")
        .env("HUB_AUTH__OIDC_ISSUER", "https://id.example.vn")
        .env("HUB_AUTH__OIDC_AUDIENCE", "hub")
        .env("DATABASE_URL", "sqlite::memory:")
        .output()
        .expect("hub runs");
    assert!(!output.status.success(), "a production hub must not mint tokens");
    assert!(output.stdout.is_empty(), "no token printed");
    assert!(String::from_utf8_lossy(&output.stderr).contains("production profile refuses"), "{output:?}");
}

#[test]
fn token_mints_for_demo_keys_and_refuses_unknown_ones() {
    let output =
        hub().args(["token", "--org", "so-gddt", "--role", "department-officer"]).output().expect("runs");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim().split('.').count(), 3, "a JWT");
    let output = hub().args(["token", "--org", "no-such-org"]).output().expect("runs");
    assert!(!output.status.success());
}
