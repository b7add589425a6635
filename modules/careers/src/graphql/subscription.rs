use async_graphql::{Context, ID, Result, Subscription};
use futures_util::{Stream, StreamExt};
use hub_common::events::{EventFeed, parse_cursor};
use hub_common::ids::parse_id;

use super::events::{CareerEvent, CareerEventPublishedEvent};
use crate::events::CAREER_EVENT_PUBLISHED;
use crate::kinds::grades_of;
use crate::service::Careers;

#[derive(Default)]
pub struct CareersSubscription;

#[Subscription]
impl CareersSubscription {
    /// Career events as they are published, optionally only those in an area (or any area
    /// within it) or for a grade. With `after` (a cursor from an earlier event), first every
    /// matching event published since then, then live ones, each once and in order. Ends with
    /// a `LAGGED` error if the client falls too far behind; it may subscribe again with its
    /// last cursor.
    async fn career_event_published(
        &self,
        ctx: &Context<'_>,
        area_id: Option<ID>,
        grade: Option<i32>,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<CareerEventPublishedEvent>> + use<>> {
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let areas = match area_id {
            // The area is expanded to its descendants once, here, not per event.
            Some(id) => Some(ctx.data::<Careers>()?.areas_within(parse_id("areaId", &id)?).await?),
            None => None,
        };
        let events = ctx.data::<EventFeed>()?.subscribe_decoded(CAREER_EVENT_PUBLISHED, after);
        Ok(events.filter_map(move |item| {
            std::future::ready(match item {
                Ok((cursor, published)) => {
                    let in_area = areas.as_ref().is_none_or(|areas| areas.contains(&published.area_id));
                    let for_grade = grade.is_none_or(|grade| grades_of(&published.grades).contains(&grade));
                    (in_area && for_grade).then(|| {
                        Ok(CareerEventPublishedEvent {
                            cursor: cursor.to_string(),
                            event: CareerEvent::single(published.to_row()),
                        })
                    })
                }
                Err(err) => Some(Err(err)),
            })
        }))
    }
}
