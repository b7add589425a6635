//! Tokens from the city's OpenID Connect provider, verified against its published keys.
//!
//! The provider's metadata (`{issuer}/.well-known/openid-configuration`) and key set (JWKS) are
//! fetched in the background at start-up, retried with backoff while the provider is down (the
//! hub serves anonymous callers meanwhile; token holders get `SERVICE_UNAVAILABLE`), and
//! refreshed periodically. A token signed with a key id the hub has not seen makes it refetch
//! the key set at once, at most once per `UNKNOWN_KEY_REFETCH` so random key ids cannot make the
//! hub hammer the provider: that is how a key rotation at the provider needs no restart.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use serde::Deserialize;

use super::{AuthError, Identity};

/// Clock skew tolerated on `exp` and `nbf`.
const LEEWAY_SECONDS: u64 = 60;
/// Shortest time between two key-set fetches caused by unknown key ids.
const UNKNOWN_KEY_REFETCH: Duration = Duration::from_secs(10);
/// Shortest time between two fetches caused by requests while no keys are loaded (the
/// provider is down): meanwhile token holders are told to come back, without waiting.
const UNLOADED_REFETCH: Duration = Duration::from_secs(1);
/// How often the key set is refreshed even when every token's key is known (keys the provider
/// withdrew stop being accepted within this).
const REFRESH_EVERY: Duration = Duration::from_secs(15 * 60);
/// Longest wait between attempts while the provider is unreachable.
const MAX_RETRY: Duration = Duration::from_secs(30);
/// Longest the hub waits for the provider on one HTTP call.
const HTTP_TIMEOUT: Duration = Duration::from_secs(5);

/// What the provider's discovery document says (the parts the hub uses).
#[derive(Debug, Clone, Deserialize)]
pub struct ProviderMetadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
}

#[derive(Default)]
struct Known {
    metadata: Option<ProviderMetadata>,
    keys: Vec<VerifyingKey>,
    /// Why the last fetch failed, until one succeeds.
    failure: Option<String>,
}

struct VerifyingKey {
    id: Option<String>,
    algorithm: Algorithm,
    key: DecodingKey,
}

#[derive(Debug, Deserialize)]
struct ProviderClaims {
    sub: String,
    exp: u64,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<bool>,
    #[serde(default)]
    nonce: Option<String>,
}

pub struct OidcVerifier {
    issuer: String,
    audiences: Vec<String>,
    http: reqwest::Client,
    known: RwLock<Known>,
    /// When the last fetch a request caused started; also serialises such fetches.
    last_refetch: tokio::sync::Mutex<Option<Instant>>,
}

impl OidcVerifier {
    /// A verifier for tokens of `issuer` addressed to one of `audiences`. Nothing is fetched
    /// until `spawn_refresh` (or the first token) asks.
    pub fn new(issuer: &str, audiences: Vec<String>) -> anyhow::Result<Arc<Self>> {
        let http = reqwest::Client::builder()
            .timeout(HTTP_TIMEOUT)
            .connect_timeout(HTTP_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Arc::new(Self {
            issuer: issuer.trim_end_matches('/').to_owned(),
            audiences,
            http,
            known: RwLock::new(Known::default()),
            last_refetch: tokio::sync::Mutex::new(None),
        }))
    }

    /// Keeps the metadata and keys fresh for the life of the process: retries with backoff
    /// while the provider is unreachable, then refreshes every `REFRESH_EVERY`.
    pub fn spawn_refresh(self: &Arc<Self>) {
        let verifier = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut retry = Duration::from_millis(250);
            loop {
                let Some(verifier) = verifier.upgrade() else { return };
                let wait = match verifier.refresh().await {
                    Ok(()) => {
                        retry = Duration::from_millis(250);
                        REFRESH_EVERY
                    }
                    Err(_) => {
                        retry = (retry * 2).min(MAX_RETRY);
                        retry
                    }
                };
                drop(verifier);
                tokio::time::sleep(wait).await;
            }
        });
    }

    /// The provider's endpoints, once its discovery document has been read.
    pub fn metadata(&self) -> Option<ProviderMetadata> {
        self.read().metadata.clone()
    }

    /// The provider's endpoints, reading them now if they are not loaded yet (a sign-in that
    /// starts before the background fetch finished).
    pub async fn metadata_now(&self) -> Option<ProviderMetadata> {
        if self.metadata().is_none() {
            let _ = self.fetch_on_demand().await;
        }
        self.metadata()
    }

    /// `Ok` when the keys are loaded; otherwise why not (for `/readyz`).
    pub fn status(&self) -> Result<(), String> {
        let known = self.read();
        match (&known.metadata, &known.failure) {
            (Some(_), _) => Ok(()),
            (None, Some(failure)) => Err(failure.clone()),
            (None, None) => Err("not contacted yet".to_owned()),
        }
    }

    /// Who the token proves the caller is. `header` is the token's, already decoded.
    pub async fn verify(&self, token: &str, header: &Header) -> Result<Identity, AuthError> {
        self.verify_with_nonce(token, header, None).await
    }

    /// Like `verify`, also requiring the `nonce` the sign-in sent (for ID tokens at callback).
    pub async fn verify_with_nonce(
        &self,
        token: &str,
        header: &Header,
        nonce: Option<&str>,
    ) -> Result<Identity, AuthError> {
        if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256) {
            return Err(AuthError::Invalid);
        }
        let key = match self.key_for(header) {
            Some(key) => key,
            None => {
                self.fetch_on_demand().await?;
                self.key_for(header).ok_or(AuthError::Invalid)?
            }
        };
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[self.issuer.as_str(), &format!("{}/", self.issuer)]);
        validation.set_audience(&self.audiences);
        validation.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS;
        let claims = jsonwebtoken::decode::<ProviderClaims>(token, &key, &validation)
            .map_err(|err| match err.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::Expired,
                _ => AuthError::Invalid,
            })?
            .claims;
        if claims.sub.trim().is_empty() || nonce.is_some_and(|nonce| claims.nonce.as_deref() != Some(nonce)) {
            return Err(AuthError::Invalid);
        }
        let email = claims
            .email
            .filter(|_| claims.email_verified == Some(true))
            .map(|email| email.trim().to_lowercase());
        Ok(Identity { subject: claims.sub, email, expires_at: claims.exp, development_grant: None })
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Known> {
        // Only whole values are stored under the lock; a panicking writer leaves a usable one.
        self.known.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The key a token names (by `kid`, or the only key of its algorithm when it names none).
    fn key_for(&self, header: &Header) -> Option<DecodingKey> {
        let known = self.read();
        let mut candidates = known.keys.iter().filter(|key| key.algorithm == header.alg);
        match &header.kid {
            Some(kid) => candidates.find(|key| key.id.as_deref() == Some(kid)).map(|key| key.key.clone()),
            None => {
                let first = candidates.next()?;
                candidates.next().is_none().then(|| first.key.clone())
            }
        }
    }

    /// Fetches the metadata and keys because a request needs them: a key id not seen yet, or
    /// nothing loaded so far. Rate-limited (`UNKNOWN_KEY_REFETCH` once loaded, `UNLOADED_REFETCH`
    /// before), so random key ids or a down provider cannot make the hub hammer it.
    /// `ProviderUnavailable` when nothing can be read (the hub cannot tell a new key from a
    /// forged one then).
    async fn fetch_on_demand(&self) -> Result<(), AuthError> {
        let mut last = self.last_refetch.lock().await;
        let loaded = self.read().metadata.is_some();
        let interval = if loaded { UNKNOWN_KEY_REFETCH } else { UNLOADED_REFETCH };
        if last.is_some_and(|at| at.elapsed() < interval) {
            return if loaded { Ok(()) } else { Err(AuthError::ProviderUnavailable) };
        }
        *last = Some(Instant::now());
        self.refresh().await.map_err(|_| AuthError::ProviderUnavailable)
    }

    /// Reads the discovery document and the key set, and keeps them.
    async fn refresh(&self) -> Result<(), String> {
        let outcome = self.fetch().await;
        let mut known = self.known.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        match outcome {
            Ok((metadata, keys)) => {
                *known = Known { metadata: Some(metadata), keys, failure: None };
                Ok(())
            }
            Err(failure) => {
                tracing::warn!(issuer = %self.issuer, %failure, "the identity provider could not be read");
                known.failure = Some(failure.clone());
                Err(failure)
            }
        }
    }

    async fn fetch(&self) -> Result<(ProviderMetadata, Vec<VerifyingKey>), String> {
        let discovery = format!("{}/.well-known/openid-configuration", self.issuer);
        let metadata: ProviderMetadata = self.get_json(&discovery).await?;
        if metadata.issuer.trim_end_matches('/') != self.issuer {
            return Err(format!("the provider calls itself {}, not the configured issuer", metadata.issuer));
        }
        let set: JwkSet = self.get_json(&metadata.jwks_uri).await?;
        let keys = set
            .keys
            .iter()
            .filter(|jwk| !matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption)))
            .filter_map(|jwk| {
                let algorithm = match &jwk.algorithm {
                    AlgorithmParameters::RSA(_) => Algorithm::RS256,
                    AlgorithmParameters::EllipticCurve(params) if params.curve == EllipticCurve::P256 => {
                        Algorithm::ES256
                    }
                    _ => return None,
                };
                let key = DecodingKey::from_jwk(jwk).ok()?;
                Some(VerifyingKey { id: jwk.common.key_id.clone(), algorithm, key })
            })
            .collect::<Vec<_>>();
        if keys.is_empty() {
            return Err("the provider publishes no RS256 or ES256 key".to_owned());
        }
        Ok((metadata, keys))
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, String> {
        let response = self.http.get(url).send().await.map_err(|err| format!("{url}: {err}"))?;
        if !response.status().is_success() {
            return Err(format!("{url}: HTTP {}", response.status()));
        }
        response.json().await.map_err(|err| format!("{url}: {err}"))
    }

    /// The HTTP client the sign-in routes use to call the provider's token endpoint.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Json;
    use axum::routing::get;
    use jsonwebtoken::EncodingKey;
    use serde_json::{Value, json};

    use super::*;

    /// A P-256 key for these tests only.
    const TEST_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZNDfjTb8+OikeusF
TJ4A2ZU2dvwIfLJlk8em73dbMn2hRANCAASVHBsNW166YtpvnkDv8jfLJjmt/hcY
hsY5xxuv1EmZ3mX555GNo8Bq9nmNIbDS3wVNa8yMj688CI/gwpM+FwIw
-----END PRIVATE KEY-----
";

    /// A provider of discovery and JWKS only, counting how often its keys are fetched.
    async fn provider(fetches: Arc<AtomicUsize>) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let discovery = json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/auth"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
        });
        let app = axum::Router::new()
            .route("/.well-known/openid-configuration", get(move || async move { Json(discovery) }))
            .route(
                "/jwks",
                get(move || async move {
                    fetches.fetch_add(1, Ordering::SeqCst);
                    Json(json!({ "keys": [{
                        "kty": "EC", "crv": "P-256", "kid": "known", "alg": "ES256", "use": "sig",
                        "x": "lRwbDVteumLab55A7_I3yyY5rf4XGIbGOccbr9RJmd4",
                        "y": "ZfnnkY2jwGr2eY0hsNLfBU1rzIyPrzwIj-DCkz4XAjA",
                    }] }))
                }),
            );
        tokio::spawn(async move { axum::serve(listener, app).await });
        issuer
    }

    fn token(issuer: &str, kid: &str) -> (String, Header) {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(kid.to_owned());
        let claims: Value = json!({
            "iss": issuer, "aud": "hub", "sub": "lan", "exp": super::super::unix_now() + 600,
            "email": "Lan@Example.vn", "email_verified": true,
        });
        let key = EncodingKey::from_ec_pem(TEST_KEY.as_bytes()).unwrap();
        (jsonwebtoken::encode(&header, &claims, &key).unwrap(), header)
    }

    #[tokio::test]
    async fn unknown_key_ids_refetch_the_keys_at_most_once_per_interval() {
        let fetches = Arc::new(AtomicUsize::new(0));
        let issuer = provider(fetches.clone()).await;
        let verifier = OidcVerifier::new(&issuer, vec!["hub".to_owned()]).unwrap();

        // What the background refresh does at start-up.
        verifier.refresh().await.expect("the keys load");
        let (known, header) = token(&issuer, "known");
        let identity = verifier.verify(&known, &header).await.expect("the provider's key verifies");
        assert_eq!(identity.email.as_deref(), Some("lan@example.vn"), "verified addresses, lower-cased");
        assert_eq!(fetches.load(Ordering::SeqCst), 1, "a known key needs no fetch");

        for attempt in 0..20 {
            let (forged, header) = token(&issuer, &format!("random-{attempt}"));
            assert_eq!(verifier.verify(&forged, &header).await, Err(AuthError::Invalid));
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 2, "twenty unknown key ids cost one refetch");
        verifier.verify(&known, &header).await.expect("known keys still verify");
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        assert!(verifier.status().is_ok());
    }

    #[tokio::test]
    async fn an_unreachable_provider_is_unavailable_not_invalid() {
        let verifier = OidcVerifier::new("http://127.0.0.1:9", vec!["hub".to_owned()]).unwrap();
        let (token, header) = token("http://127.0.0.1:9", "known");
        assert_eq!(verifier.verify(&token, &header).await, Err(AuthError::ProviderUnavailable));
        assert!(verifier.status().is_err_and(|why| why.contains("127.0.0.1:9")), "{:?}", verifier.status());
    }
}
