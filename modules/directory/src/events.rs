//! What the directory announces to other processes, as explicit payloads: a row of the
//! database never crosses the outbox, so a column added to a table changes no event.

use std::sync::Arc;

use futures_util::Stream;
use hub_common::events::{EventFeed, Topic};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kinds::MembershipRole;

/// A person's membership changed role or ended. The gateway listens to it to close the
/// WebSocket connections of people who no longer belong to the organization they act for.
pub const MEMBERSHIP_CHANGED: Topic<MembershipChanged> =
    Topic::new("directory.membership_changed", "membership change");

/// The payload of `directory.membership_changed`, version 1. Later versions only add fields,
/// each with `#[serde(default)]`; fields a reader does not know are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipChanged {
    pub organization_id: Uuid,
    /// The person's token subject.
    pub subject: String,
    /// The role now held; `None` when the membership was removed.
    pub role: Option<MembershipRole>,
}

/// Membership changes from now on (or after `after`, a cursor an earlier change carried), each
/// with its cursor, in order; the stream ends after the first error (see
/// `EventFeed::subscribe_decoded`).
pub fn membership_changes(
    feed: &EventFeed,
    after: Option<i64>,
) -> impl Stream<Item = Result<(i64, Arc<MembershipChanged>), async_graphql::Error>> + Send + 'static + use<>
{
    feed.subscribe_decoded(MEMBERSHIP_CHANGED, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removal_is_written_with_a_null_role_and_reads_back() {
        let removed =
            MembershipChanged { organization_id: Uuid::nil(), subject: "oidc|42".to_owned(), role: None };
        let json = serde_json::to_string(&removed).expect("encodes");
        assert_eq!(
            json,
            r#"{"organization_id":"00000000-0000-0000-0000-000000000000","subject":"oidc|42","role":null}"#
        );
        let back: MembershipChanged = serde_json::from_str(&json).expect("decodes");
        assert_eq!(back, removed);
        let changed: MembershipChanged = serde_json::from_str(
            r#"{"organization_id":"00000000-0000-0000-0000-000000000000","subject":"s","role":"DEPARTMENT_OFFICER","later":1}"#,
        )
        .expect("decodes with an unknown field");
        assert_eq!(changed.role, Some(MembershipRole::DepartmentOfficer));
    }
}
