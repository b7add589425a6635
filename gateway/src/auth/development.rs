//! Development tokens: HS256 with a shared secret, minted by `hub token` and printed at start-up.
//! Only the development profile builds this verifier; production has no shared-secret path.
//! A development token names its organization and roles itself (the provider's tokens never do).

use hub_common::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{AuthError, DevelopmentGrant, Identity, unix_now};

/// The demo people a development hub signs in without a provider: printed as tokens at
/// start-up and offered on the development sign-in page. (label, demo organization key, role)
pub const DEMO_ACCOUNTS: &[(&str, &str, Role)] = &[
    ("school", "thpt-tran-phu", Role::OrgAdmin),
    ("college", "cd-cong-nghiep-hp", Role::OrgAdmin),
    ("enterprise", "dn-logistics-bach-dang", Role::OrgAdmin),
    ("officer", "so-gddt", Role::DepartmentOfficer),
    ("officer", "so-congthuong", Role::DepartmentOfficer),
];

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
        self.sign(&Claims {
            sub: subject.to_owned(),
            org: organization,
            roles: roles.to_vec(),
            email: email.map(str::to_owned),
            iss: DEV_ISSUER.to_owned(),
            iat: now,
            exp: now + lifetime_secs,
        })
    }

    /// Mints a token that expired `ago_secs` seconds ago (for tests of expiry handling).
    pub fn mint_expired(&self, subject: &str, ago_secs: u64) -> String {
        let now = unix_now();
        self.sign(&Claims {
            sub: subject.to_owned(),
            org: None,
            roles: vec![],
            email: None,
            iss: DEV_ISSUER.to_owned(),
            iat: now - ago_secs - 60,
            exp: now - ago_secs,
        })
    }

    fn sign(&self, claims: &Claims) -> String {
        // Encoding HS256 claims of plain types cannot fail.
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding).unwrap_or_default()
    }

    /// Who a development token speaks for, with the organization and roles it names.
    pub fn verify(&self, token: &str) -> Result<Identity, AuthError> {
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
        Ok(Identity {
            subject: claims.sub,
            email: claims.email,
            expires_at: claims.exp,
            development_grant: Some(DevelopmentGrant { organization_id: claims.org, roles: claims.roles }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_tokens_verify_and_forgeries_do_not() {
        let hub = Hs256::new("secret-one");
        let org = Uuid::now_v7();
        let token = hub.mint("alice", Some(org), &[Role::OrgAdmin], 60);
        let verified = hub.verify(&token).expect("own token verifies");
        let grant = verified.development_grant.expect("a development grant");
        assert_eq!(grant.organization_id, Some(org));
        assert_eq!(grant.roles, vec![Role::OrgAdmin]);
        assert!((unix_now() + 59..=unix_now() + 60).contains(&verified.expires_at));

        let other = Hs256::new("secret-two");
        assert_eq!(other.verify(&token), Err(AuthError::Invalid));
        assert_eq!(hub.verify(&hub.mint_expired("alice", 120)), Err(AuthError::Expired));
    }
}
