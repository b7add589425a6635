//! Removing a member takes effect at once, also for WebSockets already open: HTTP requests
//! resolve memberships on every request, but a subscription's principal was resolved once, at
//! `connection_init`. So the process keeps the open connections that act for an organization,
//! by person, and closes them (4403) when `directory.membership_changed` says that person's
//! membership there was removed or changed. The event comes through the outbox, so every
//! replica closes its own connections.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use futures_util::StreamExt;
use hub_common::events::EventFeed;
use hub_common::sync::lock;
use uuid::Uuid;

use crate::ws_session::WsSession;

/// One open connection and the organization it acts for.
type Acting = (Uuid, Weak<WsSession>);

/// The open connections acting for an organization, by subject.
#[derive(Default)]
pub struct OpenConnections {
    by_subject: Mutex<HashMap<String, Vec<Acting>>>,
    /// Whether `follow` is subscribed to the event feed right now: `/metrics` counts GraphQL
    /// subscriptions, and this listener is not one.
    following: AtomicBool,
}

impl OpenConnections {
    /// Remembers a connection `subject` opened acting for `organization`. Closed connections
    /// are forgotten as the same person opens others.
    pub fn register(&self, subject: &str, organization: Uuid, session: &Arc<WsSession>) {
        let mut by_subject = lock(&self.by_subject);
        let sessions = by_subject.entry(subject.to_owned()).or_default();
        sessions.retain(|(_, session)| session.strong_count() > 0);
        sessions.push((organization, Arc::downgrade(session)));
    }

    /// Closes every open connection of `subject` acting for `organization`.
    pub fn revoke(&self, subject: &str, organization: Uuid) -> usize {
        let mut by_subject = lock(&self.by_subject);
        let Some(sessions) = by_subject.get_mut(subject) else { return 0 };
        let mut closed = 0;
        sessions.retain(|(acting_for, session)| {
            let Some(session) = session.upgrade() else { return false };
            if *acting_for != organization {
                return true;
            }
            session.revoke();
            closed += 1;
            false
        });
        if sessions.is_empty() {
            by_subject.remove(subject);
        }
        closed
    }

    /// The event-feed subscriptions this registry holds (0 or 1), which are not clients'.
    pub fn feed_subscriptions(&self) -> usize {
        usize::from(self.following.load(Ordering::Relaxed))
    }

    /// Follows membership changes for the life of the process (resubscribing after a lag, from
    /// the last event seen).
    pub fn follow(self: &Arc<Self>, feed: EventFeed) {
        let connections = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut after = None;
            loop {
                let mut changes = Box::pin(directory::membership_changes(&feed, after));
                if let Some(connections) = connections.upgrade() {
                    connections.following.store(true, Ordering::Relaxed);
                }
                while let Some(change) = changes.next().await {
                    let Ok((cursor, change)) = change else { break };
                    after = Some(cursor);
                    let Some(connections) = connections.upgrade() else { return };
                    let closed = connections.revoke(&change.subject, change.organization_id);
                    if closed > 0 {
                        tracing::info!(subject = %change.subject, closed, "membership changed; WebSockets closed");
                    }
                }
                drop(changes);
                match connections.upgrade() {
                    Some(connections) => connections.following.store(false, Ordering::Relaxed),
                    None => return,
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }
}
