//! Browser sessions (backend for frontend): after sign-in the browser holds a random session id
//! in an HttpOnly cookie and nothing else; tokens never reach the page's JavaScript. The table
//! (`hub_sessions`, defined in `migrations/`) is keyed by the id's SHA-256 and keeps who signed
//! in and until when, so every replica reads the same sessions and signing out ends one at once.

use chrono::{DateTime, Utc};
use hub_common::Role;
use hub_common::secrets::{new_secret, sha256_hex};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryFilter};

use super::{DevelopmentGrant, Identity};

/// The session cookie. `__Host-` would pin it to the origin but requires `Secure`, which a
/// development hub on plain http cannot set; `Path=/` and no `Domain` give the same scope.
pub const SESSION_COOKIE: &str = "hub_session";

mod row {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hub_sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id_hash: String,
        pub subject: String,
        pub email: Option<String>,
        pub development_organization: Option<Uuid>,
        /// Space-separated role names of a development sign-in.
        pub development_roles: Option<String>,
        pub expires_at: DateTimeUtc,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(Clone)]
pub struct Sessions {
    db: DatabaseConnection,
}

impl Sessions {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Starts a session for `identity` and returns the cookie value (shown only to the browser).
    pub async fn start(&self, identity: &Identity) -> Result<String, DbErr> {
        let id = new_secret();
        let now = Utc::now();
        let expires_at = DateTime::from_timestamp(identity.expires_at as i64, 0).unwrap_or(now);
        let grant = identity.development_grant.as_ref();
        row::ActiveModel {
            id_hash: Set(sha256_hex(&id)),
            subject: Set(identity.subject.clone()),
            email: Set(identity.email.clone()),
            development_organization: Set(grant.and_then(|grant| grant.organization_id)),
            development_roles: Set(
                grant.map(|grant| grant.roles.iter().map(|role| role.name()).collect::<Vec<_>>().join(" "))
            ),
            expires_at: Set(expires_at),
            created_at: Set(now),
        }
        .insert(&self.db)
        .await?;
        // Sign-ins are rare next to requests; clearing the expired ones here needs no timer.
        row::Entity::delete_many().filter(row::Column::ExpiresAt.lt(now)).exec(&self.db).await?;
        Ok(id)
    }

    /// Who the session's cookie value stands for, if it is a live session.
    pub async fn identity(&self, id: &str) -> Result<Option<Identity>, DbErr> {
        let Some(row) = row::Entity::find_by_id(sha256_hex(id)).one(&self.db).await? else {
            return Ok(None);
        };
        if row.expires_at <= Utc::now() {
            return Ok(None);
        }
        let development_grant = row.development_roles.as_deref().map(|roles| DevelopmentGrant {
            organization_id: row.development_organization,
            roles: roles.split_whitespace().filter_map(Role::named).collect(),
        });
        Ok(Some(Identity {
            subject: row.subject,
            email: row.email,
            expires_at: row.expires_at.timestamp().max(0) as u64,
            development_grant,
        }))
    }

    /// Ends the session (signing out).
    pub async fn end(&self, id: &str) -> Result<(), DbErr> {
        row::Entity::delete_by_id(sha256_hex(id)).exec(&self.db).await?;
        Ok(())
    }
}
