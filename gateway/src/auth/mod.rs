//! Who is calling. A bearer token (or a browser session holding one) proves who a person is;
//! the directory's membership table says what they may act for. Modules never see tokens, only
//! the `Principal` built here.
//!
//! - Provider tokens (`oidc`): RS256 or ES256 from the configured OpenID Connect issuer. Their
//!   roles never come from claims: the person's memberships give them, and the organization a
//!   request acts for is its `X-Hub-Organization` header (the only membership when there is one).
//! - Development tokens (`development`): HS256 with a shared secret, naming their organization
//!   and roles themselves. Only the development profile accepts them.

pub mod development;
pub mod oidc;
pub mod sessions;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use directory::Directory;
use hub_common::messages::Message;
use hub_common::{ErrorCode, Principal, Role, msg};
use jsonwebtoken::Algorithm;
use uuid::Uuid;

pub use development::Hs256;
pub use oidc::OidcVerifier;

/// The header a person in several organizations names the one a request acts for with.
pub const ORGANIZATION_HEADER: &str = "x-hub-organization";

#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum AuthError {
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid")]
    Invalid,
    #[error("the identity provider cannot be reached to verify the token; try again shortly")]
    ProviderUnavailable,
    #[error("you are not a member of the organization this request acts for")]
    NotAMember,
    #[error("X-Hub-Organization must be an organization id")]
    BadOrganization,
    #[error("who you are could not be looked up; try again shortly")]
    DirectoryUnavailable,
}

impl AuthError {
    pub const ALL: [AuthError; 6] = [
        AuthError::Expired,
        AuthError::Invalid,
        AuthError::ProviderUnavailable,
        AuthError::NotAMember,
        AuthError::BadOrganization,
        AuthError::DirectoryUnavailable,
    ];

    /// What the caller reads, in any language; `Display` stays the English text for logs.
    pub fn message(self) -> Message {
        match self {
            AuthError::Expired => msg!("token-expired"),
            AuthError::Invalid => msg!("token-invalid"),
            AuthError::ProviderUnavailable => msg!("identity-provider-unavailable"),
            AuthError::NotAMember => msg!("not-a-member-of-acting-organization"),
            AuthError::BadOrganization => msg!("organization-header-not-an-id"),
            AuthError::DirectoryUnavailable => msg!("identity-lookup-unavailable"),
        }
    }

    pub fn code(self) -> ErrorCode {
        match self {
            AuthError::Expired | AuthError::Invalid => ErrorCode::Unauthenticated,
            AuthError::ProviderUnavailable | AuthError::DirectoryUnavailable => ErrorCode::ServiceUnavailable,
            AuthError::NotAMember => ErrorCode::Forbidden,
            AuthError::BadOrganization => ErrorCode::BadRequest,
        }
    }
}

/// Who a valid token proves the caller is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    /// Only an address the provider verified.
    pub email: Option<String>,
    /// Unix seconds; a WebSocket authenticated with the token is closed then (`ws_session`).
    pub expires_at: u64,
    /// What a development token claims for itself; `None` for the provider's tokens.
    pub development_grant: Option<DevelopmentGrant>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevelopmentGrant {
    pub organization_id: Option<Uuid>,
    pub roles: Vec<Role>,
}

/// Who a request speaks for, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub principal: Principal,
    pub expires_at: u64,
}

/// Turns tokens into principals: the verifiers the profile allows, and the directory.
pub struct Authenticator {
    development: Option<Hs256>,
    provider: Option<Arc<OidcVerifier>>,
    directory: Directory,
    platform_admins: HashSet<String>,
}

impl Authenticator {
    pub fn new(
        development: Option<Hs256>,
        provider: Option<Arc<OidcVerifier>>,
        directory: Directory,
        platform_admins: &[String],
    ) -> Self {
        Self { development, provider, directory, platform_admins: platform_admins.iter().cloned().collect() }
    }

    /// The provider's verifier, when one is configured (sign-in pages and `/readyz` use it).
    pub fn provider(&self) -> Option<&Arc<OidcVerifier>> {
        self.provider.as_ref()
    }

    /// Verifies `token` and works out whom it acts for: `organization` when the request names
    /// one (`X-Hub-Organization`), else the person's only membership.
    pub async fn authenticate(&self, token: &str, organization: Option<Uuid>) -> Result<Verified, AuthError> {
        let identity = self.identify(token).await?;
        self.principal_for(identity, organization).await
    }

    /// Who the token proves the caller is, by the verifier its algorithm belongs to. Anything
    /// but HS256 for development and RS256/ES256 for the provider is refused, `none` included.
    pub async fn identify(&self, token: &str) -> Result<Identity, AuthError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| AuthError::Invalid)?;
        match (header.alg, &self.development, &self.provider) {
            (Algorithm::HS256, Some(development), _) => development.verify(token),
            (Algorithm::RS256 | Algorithm::ES256, _, Some(provider)) => provider.verify(token, &header).await,
            _ => Err(AuthError::Invalid),
        }
    }

    /// The principal of a verified identity acting for `organization` (or its only one).
    pub async fn principal_for(
        &self,
        identity: Identity,
        organization: Option<Uuid>,
    ) -> Result<Verified, AuthError> {
        let mut roles = Vec::new();
        let organization_id = match &identity.development_grant {
            // A development sign-in kept in the sessions table counts only where development
            // tokens do: a production hub started on that database must not honour it.
            Some(_) if self.development.is_none() => return Err(AuthError::Invalid),
            Some(grant) => {
                if organization.is_some_and(|asked| grant.organization_id != Some(asked)) {
                    return Err(AuthError::NotAMember);
                }
                roles.extend(grant.roles.iter().copied());
                grant.organization_id
            }
            None => {
                let memberships = self
                    .directory
                    .memberships_of(&identity.subject)
                    .await
                    .map_err(|_| AuthError::DirectoryUnavailable)?;
                let chosen = match organization {
                    Some(asked) => Some(
                        memberships
                            .iter()
                            .find(|membership| membership.organization_id == asked)
                            .ok_or(AuthError::NotAMember)?,
                    ),
                    None if memberships.len() == 1 => memberships.first(),
                    None => None,
                };
                if let Some(membership) = chosen {
                    roles.push(membership.role.into());
                }
                chosen.map(|membership| membership.organization_id)
            }
        };
        if self.platform_admins.contains(&identity.subject) && !roles.contains(&Role::PlatformAdmin) {
            roles.push(Role::PlatformAdmin);
        }
        // An officer's remit is their department's, as the directory records it: never a claim,
        // so the provider need not know the hub's departments (docs/decisions.md).
        let remits = match organization_id {
            Some(organization) if roles.contains(&Role::DepartmentOfficer) => {
                self.directory.remits_of(organization).await.map_err(|_| AuthError::DirectoryUnavailable)?
            }
            _ => Vec::new(),
        };
        let principal =
            Principal { subject: identity.subject, email: identity.email, organization_id, roles, remits };
        Ok(Verified { principal, expires_at: identity.expires_at })
    }
}

/// Reads `X-Hub-Organization`: `Ok(None)` without one.
pub fn requested_organization(value: Option<&str>) -> Result<Option<Uuid>, AuthError> {
    value.map(|value| Uuid::parse_str(value.trim()).map_err(|_| AuthError::BadOrganization)).transpose()
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
