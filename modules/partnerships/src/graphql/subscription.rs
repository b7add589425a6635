use async_graphql::{Context, ID, Result, Subscription};
use futures_util::{Stream, StreamExt};
use hub_common::HubError;
use hub_common::events::{EventFeed, parse_cursor};
use hub_common::ids::parse_id;
use hub_common::msg;
use hub_common::principal::require_caller;

use super::types::PartnershipChangedEvent;
use crate::PARTNERSHIP_CHANGED;
use crate::service::Partnerships;

#[derive(Default)]
pub struct PartnershipsSubscription;

#[Subscription]
impl PartnershipsSubscription {
    /// Changes to the partnerships `organizationId` is a party to (proposed, accepted,
    /// activated, terminated, renewal proposed), for the organization's own people. With
    /// `after` (a cursor from an earlier event), first what happened since, then live changes,
    /// each once and in order. Ends with a `LAGGED` error if the client falls too far behind.
    async fn partnership_changed(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<PartnershipChangedEvent>> + use<>> {
        let principal = require_caller(ctx)?;
        let organization = parse_id("organizationId", &organization_id)?;
        if !ctx.data::<Partnerships>()?.may_act_for(principal, organization).await? {
            return Err(HubError::forbidden(msg!("only-organization-s-own-people-watch")).into());
        }
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let events = ctx.data::<EventFeed>()?.subscribe_decoded(PARTNERSHIP_CHANGED, after);
        Ok(events.filter_map(move |item| {
            std::future::ready(match item {
                Ok((cursor, change)) => change.parties.contains(&organization).then(|| {
                    Ok(PartnershipChangedEvent {
                        cursor: cursor.to_string(),
                        partnership_id: change.partnership_id,
                        status: change.status,
                    })
                }),
                Err(err) => Some(Err(err)),
            })
        }))
    }
}
