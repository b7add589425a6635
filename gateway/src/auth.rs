//! Bearer tokens. The gateway turns a token into a `Principal`; modules never see tokens.
//!
//! Verification sits behind `TokenVerifier`, so an OIDC verifier (the city's identity provider,
//! keys from its JWKS) can replace the development HS256 one without touching any module.

use std::time::{SystemTime, UNIX_EPOCH};

use hub_common::{Principal, Role};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The issuer of development tokens.
const DEV_ISSUER: &str = "hai-phong-hub";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Development tokens stand for a verified address when they carry one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub iss: String,
    pub iat: u64,
    pub exp: u64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid")]
    Invalid,
}

impl AuthError {
    pub const ALL: [AuthError; 2] = [AuthError::Expired, AuthError::Invalid];
}

/// Who a valid token speaks for, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub principal: Principal,
    /// Unix seconds; a WebSocket authenticated with the token is closed then (`ws_session`).
    pub expires_at: u64,
}

#[async_trait::async_trait]
pub trait TokenVerifier: Send + Sync {
    async fn verify(&self, token: &str) -> Result<Verified, AuthError>;
}

/// Verifies and mints HS256 tokens with a shared secret (development and tests).
pub struct Hs256 {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl Hs256 {
    pub fn new(secret: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[DEV_ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        // Clocks on one machine agree; a small leeway still absorbs request latency.
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
        }
    }

    /// Mints a token valid for `lifetime_secs` seconds.
    pub fn mint(
        &self,
        subject: &str,
        organization: Option<Uuid>,
        roles: &[Role],
        lifetime_secs: u64,
    ) -> String {
        self.mint_with_email(subject, None, organization, roles, lifetime_secs)
    }

    /// Like `mint`, for a person whose email address the token vouches for (`email` claim), as
    /// an identity provider's token would after verifying it.
    pub fn mint_with_email(
        &self,
        subject: &str,
        email: Option<&str>,
        organization: Option<Uuid>,
        roles: &[Role],
        lifetime_secs: u64,
    ) -> String {
        let now = unix_now();
        let claims = Claims {
            sub: subject.to_owned(),
            org: organization,
            roles: roles.to_vec(),
            email: email.map(str::to_owned),
            iss: DEV_ISSUER.to_owned(),
            iat: now,
            exp: now + lifetime_secs,
        };
        // Encoding HS256 claims of plain types cannot fail.
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).unwrap_or_default()
    }

    /// Mints a token that expired `ago_secs` seconds ago (for tests of expiry handling).
    pub fn mint_expired(&self, subject: &str, ago_secs: u64) -> String {
        let now = unix_now();
        let claims = Claims {
            sub: subject.to_owned(),
            org: None,
            roles: vec![],
            email: None,
            iss: DEV_ISSUER.to_owned(),
            iat: now - ago_secs - 60,
            exp: now - ago_secs,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).unwrap_or_default()
    }
}

#[async_trait::async_trait]
impl TokenVerifier for Hs256 {
    async fn verify(&self, token: &str) -> Result<Verified, AuthError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(
            |err| match err.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::Expired,
                _ => AuthError::Invalid,
            },
        )?;
        let claims = data.claims;
        if claims.sub.trim().is_empty() {
            return Err(AuthError::Invalid);
        }
        Ok(Verified {
            principal: Principal {
                subject: claims.sub,
                email: claims.email,
                organization_id: claims.org,
                roles: claims.roles,
            },
            expires_at: claims.exp,
        })
    }
}

pub fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Reads `Authorization: Bearer <token>`. `Ok(None)` when there is no header (anonymous).
pub fn bearer_token(header: Option<&str>) -> Result<Option<&str>, AuthError> {
    match header {
        None => Ok(None),
        Some(value) => {
            let value = value.trim();
            let token = value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
                .ok_or(AuthError::Invalid)?
                .trim();
            if token.is_empty() { Err(AuthError::Invalid) } else { Ok(Some(token)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn minted_tokens_verify_and_forgeries_do_not() {
        let hub = Hs256::new("secret-one");
        let org = Uuid::now_v7();
        let token = hub.mint("alice", Some(org), &[Role::OrgAdmin], 60);
        let verified = hub.verify(&token).await.expect("own token verifies");
        assert_eq!(verified.principal.organization_id, Some(org));
        assert_eq!(verified.principal.roles, vec![Role::OrgAdmin]);
        assert!((unix_now() + 59..=unix_now() + 60).contains(&verified.expires_at));

        let other = Hs256::new("secret-two");
        assert_eq!(other.verify(&token).await, Err(AuthError::Invalid));
        assert_eq!(hub.verify(&hub.mint_expired("alice", 120)).await, Err(AuthError::Expired));
    }
}
