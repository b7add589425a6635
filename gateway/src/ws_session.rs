//! The rules one GraphQL WebSocket lives by, on top of the protocol (`ws_protocol`), which
//! asks `refuse_over_limit` about every message it reads and passes every message it writes
//! through `observe_outgoing`:
//!
//! - a client that has not been acknowledged `connection_init_timeout_seconds` after
//!   connecting is closed with 4408 (graphql-transport-ws: "Connection initialisation timeout");
//! - a connection authenticated with a token is closed with 4401 when the token expires, so no
//!   subscription outlives its caller's authority; the client reconnects with a refreshed
//!   token in `connection_init`;
//! - a connection acting for an organization is closed with 4403 when the person's membership
//!   there is removed or changed (`ws_revocation`);
//! - at most `max_subscriptions_per_connection` operations run at once on one connection; one
//!   more is answered with an `error` message coded `TOO_MANY_SUBSCRIPTIONS` and not started;
//! - every operation started counts against the caller's rate limit, as a POST does (the
//!   token's subject once authenticated, else the client's address); one over it is answered
//!   with an `error` message coded `RATE_LIMITED`;
//! - close codes say what happened: a refused token is 4403, a malformed message 4400, an
//!   operation before the acknowledgement 4401 (the protocol closes all three with
//!   async-graphql's 1002/1011, which `recode` turns into these).

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::ws::{CloseFrame, Message};
use hub_common::messages::Language;
use hub_common::sync::lock;
use hub_common::{ErrorCode, msg};
use serde_json::json;
use tokio::sync::watch;

use crate::auth::AuthError;
use crate::rate_limit::{Caller, RateLimiter};

pub const INIT_TIMEOUT: u16 = 4408;
/// graphql-transport-ws's "Unauthorized": the token expired, or an operation came before `connection_ack`.
pub const UNAUTHORIZED: u16 = 4401;
pub const FORBIDDEN: u16 = 4403;
pub const BAD_MESSAGE: u16 = 4400;
/// RFC 6455's "Try Again Later": the identity provider or the directory could not be asked.
pub const TRY_AGAIN_LATER: u16 = 1013;

/// What one connection has done so far, shared by its reader, its writer and its deadline.
#[derive(Debug)]
pub struct WsSession {
    max_subscriptions: usize,
    /// What the deadline watches, in one channel: each channel costs ≈350 bytes per connection.
    watched: watch::Sender<Watched>,
    running: Mutex<HashSet<String>>,
    rate_limiter: Arc<RateLimiter>,
    /// The client's address until `connection_init` names a token's subject.
    caller: Mutex<Caller>,
    /// The language of the connection's messages, chosen once by `connection_init`.
    language: OnceLock<Language>,
}

/// What can end a connection, as far as it is known.
#[derive(Debug, Default, Clone, Copy)]
struct Watched {
    acknowledged: bool,
    /// Unix seconds at which the connection's token expires, once `connection_init` has one.
    token_expires_at: Option<u64>,
    /// Set when the person's membership for the organization acted for changed (`revoke`).
    revoked: bool,
}

/// The envelope of a protocol message: enough to follow which operations run.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "type", borrow)]
    kind: &'a str,
    #[serde(default, borrow)]
    id: Option<&'a str>,
}

impl WsSession {
    pub fn new(max_subscriptions: usize, rate_limiter: Arc<RateLimiter>, address: IpAddr) -> Arc<Self> {
        Arc::new(Self {
            max_subscriptions,
            rate_limiter,
            caller: Mutex::new(Caller::Address(address)),
            watched: watch::channel(Watched::default()).0,
            running: Mutex::new(HashSet::new()),
            language: OnceLock::new(),
        })
    }

    /// Called by `connection_init`: the language the connection's messages are written in.
    /// The first choice stands.
    pub fn choose_language(&self, language: Language) -> Language {
        *self.language.get_or_init(|| language)
    }

    /// The connection's language; English until `connection_init` chose one.
    pub fn language(&self) -> Language {
        self.language.get().copied().unwrap_or_default()
    }

    /// Called by `connection_init` when the client authenticated.
    pub fn authenticated(&self, subject: &str, token_expires_at: u64) {
        *lock(&self.caller) = Caller::Token(subject.to_owned());
        self.watched.send_modify(|watched| watched.token_expires_at = Some(token_expires_at));
    }

    /// Closes the connection with 4403: the person was removed from the organization it acts
    /// for, or their role there changed (`ws_revocation`).
    pub fn revoke(&self) {
        self.watched.send_modify(|watched| watched.revoked = true);
    }

    fn running(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        // The set holds no invariant a panicking holder could break halfway.
        lock(&self.running)
    }

    /// Completes with the frame to close the connection with, when a rule says it must close:
    /// no acknowledgement in time, the token expired, or the membership acted for changed.
    pub async fn deadline(self: Arc<Self>, init_timeout: Duration) -> CloseFrame {
        let mut watched = self.watched.subscribe();
        if tokio::time::timeout(init_timeout, watched.wait_for(|watched| watched.acknowledged)).await.is_err()
        {
            return CloseFrame { code: INIT_TIMEOUT, reason: "Connection initialisation timeout".into() };
        }
        loop {
            let now = *watched.borrow_and_update();
            if now.revoked {
                let reason = "your membership of the organization changed; reconnect";
                return CloseFrame { code: FORBIDDEN, reason: reason.into() };
            }
            let until_expiry = now.token_expires_at.map(|at| {
                let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
                Duration::from_secs(at.saturating_sub(now))
            });
            let expired = async {
                match until_expiry {
                    Some(wait) => tokio::time::sleep(wait).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = expired => {
                    let reason = "the token expired; reconnect with a refreshed token";
                    return CloseFrame { code: UNAUTHORIZED, reason: reason.into() };
                }
                changed = watched.changed() => if changed.is_err() { std::future::pending::<()>().await },
            }
        }
    }

    /// Tracks operations the client starts and stops; returns the error message for a start
    /// over the limit, which is answered instead of being started.
    pub fn refuse_over_limit(&self, text: &str) -> Option<String> {
        let envelope: Envelope = serde_json::from_str(text).ok()?;
        let id = envelope.id?;
        match envelope.kind {
            "subscribe" | "start" => {
                let caller = lock(&self.caller).clone();
                if let Err(retry) = self.rate_limiter.check(caller) {
                    return Some(self.error_message(id, ErrorCode::RateLimited, retry.message()));
                }
                let mut running = self.running();
                if running.contains(id) || running.len() < self.max_subscriptions {
                    running.insert(id.to_owned());
                    return None;
                }
                let message = msg!("too-many-operations", max = self.max_subscriptions);
                Some(self.error_message(id, ErrorCode::TooManySubscriptions, message))
            }
            "complete" | "stop" => {
                self.running().remove(id);
                None
            }
            _ => None,
        }
    }

    /// Watches what the hub sends (acknowledgement, operations ending) and gives close frames
    /// the codes in the module doc.
    pub fn observe_outgoing(&self, message: Message) -> Message {
        match message {
            Message::Text(text) => {
                // Data messages are most of the traffic; only the rare kinds are parsed.
                let rare = !text.as_str().starts_with(r#"{"type":"next""#)
                    && !text.as_str().starts_with(r#"{"type":"data""#);
                if rare && let Ok(envelope) = serde_json::from_str::<Envelope>(text.as_str()) {
                    match (envelope.kind, envelope.id) {
                        ("connection_ack", _) => {
                            self.watched.send_modify(|watched| watched.acknowledged = true);
                        }
                        ("complete" | "error", Some(id)) => {
                            self.running().remove(id);
                        }
                        _ => {}
                    }
                }
                Message::Text(text)
            }
            Message::Close(Some(frame)) => Message::Close(Some(recode(frame))),
            other => other,
        }
    }
}

impl WsSession {
    /// A protocol `error` message for operation `id`, in the connection's language.
    fn error_message(&self, id: &str, code: ErrorCode, message: hub_common::Message) -> String {
        let text = message.render(self.language());
        let errors = json!([{ "message": text, "extensions": { "code": code.as_str() } }]);
        json!({ "type": "error", "id": id, "payload": errors }).to_string()
    }
}

/// graphql-transport-ws's close codes for async-graphql's refusals.
fn recode(frame: CloseFrame) -> CloseFrame {
    let refusal = AuthError::ALL.into_iter().find(|err| frame.reason == err.to_string().as_str());
    let code = match (frame.code, refusal) {
        (1002, Some(AuthError::ProviderUnavailable | AuthError::DirectoryUnavailable)) => TRY_AGAIN_LATER,
        (1002, Some(_)) => FORBIDDEN,
        (1002, None) => BAD_MESSAGE,
        (1011, _) if frame.reason == "The handshake is not completed." => UNAUTHORIZED,
        (code, _) => code,
    };
    CloseFrame { code, reason: frame.reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_over_the_limit_are_refused_until_one_ends() {
        let unlimited = Arc::new(RateLimiter::new(0, 0));
        let session = WsSession::new(2, unlimited, IpAddr::from([127, 0, 0, 1]));
        let subscribe = |id: &str| {
            format!(r#"{{"type":"subscribe","id":"{id}","payload":{{"query":"subscription {{ a }}"}}}}"#)
        };
        assert!(session.refuse_over_limit(&subscribe("1")).is_none());
        assert!(session.refuse_over_limit(&subscribe("2")).is_none());
        let refused = session.refuse_over_limit(&subscribe("3")).expect("the third is refused");
        assert!(refused.contains("TOO_MANY_SUBSCRIPTIONS") && refused.contains(r#""id":"3""#), "{refused}");
        // The hub completing "1" frees a place.
        session.observe_outgoing(Message::Text(r#"{"type":"complete","id":"1"}"#.into()));
        assert!(session.refuse_over_limit(&subscribe("3")).is_none());
        // So does the client stopping one.
        assert!(session.refuse_over_limit(r#"{"type":"complete","id":"2"}"#).is_none());
        assert!(session.refuse_over_limit(&subscribe("4")).is_none());
    }

    #[test]
    fn operations_count_against_the_callers_rate() {
        let sixty_a_minute = Arc::new(RateLimiter::new(60, 60));
        let session = WsSession::new(100, sixty_a_minute, IpAddr::from([127, 0, 0, 1]));
        let subscribe =
            |id: usize| format!(r#"{{"type":"subscribe","id":"{id}","payload":{{"query":"{{ a }}"}}}}"#);
        // The burst is ten seconds' worth.
        assert!((0..10).all(|id| session.refuse_over_limit(&subscribe(id)).is_none()));
        let refused = session.refuse_over_limit(&subscribe(10)).expect("over the rate");
        assert!(refused.contains("RATE_LIMITED"), "{refused}");
        // Authenticating moves the connection to the token's own bucket.
        session.authenticated("alice", u64::MAX);
        assert!(session.refuse_over_limit(&subscribe(11)).is_none());
    }

    #[test]
    fn refusals_get_the_protocol_codes() {
        let close = |code, reason: &str| CloseFrame { code, reason: reason.into() };
        assert_eq!(recode(close(1002, "the token has expired")).code, FORBIDDEN);
        assert_eq!(recode(close(1002, "expected value at line 1 column 1")).code, BAD_MESSAGE);
        assert_eq!(recode(close(1011, "The handshake is not completed.")).code, UNAUTHORIZED);
        assert_eq!(recode(close(1000, "")).code, 1000);
    }
}
