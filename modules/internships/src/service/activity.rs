//! What enterprises gave through internships over a period, for the city's participation
//! reports (read through the gateway by the `participation` module, which never reads these
//! tables itself).

use chrono::NaiveDate;
use futures_util::future::try_join3;
use hub_common::HubResult;
use hub_common::time::start_of_day;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::Internships;
use crate::entity::{nomination, offer};
use crate::kinds::{NominationStatus, OfferStatus};

pub use hub_common::activity::InternshipsGiven;

impl Internships {
    /// Per enterprise, what it gave through internships from `from` to `to` (Hải Phòng days,
    /// both included). Enterprises with nothing in the period are left out. Three statements,
    /// whatever the number of enterprises or offers.
    pub async fn given_by_enterprise(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> HubResult<Vec<InternshipsGiven>> {
        let (start, end) = (start_of_day(from), start_of_day(to + chrono::TimeDelta::days(1)));
        // `COUNT(*)` rather than a column's count: every row counted has one, and it lets
        // PostgreSQL answer from `ix_internships_offers_published` alone once the table is
        // vacuumed.
        let published = offer::Entity::find()
            .select_only()
            .column(offer::Column::EnterpriseId)
            .column_as(Expr::col(Asterisk).count(), "offers")
            .column_as(Expr::col((offer::Entity, offer::Column::Seats)).sum(), "seats")
            .filter(offer::Column::PublishedAt.gte(start))
            .filter(offer::Column::PublishedAt.lt(end))
            .filter(offer::Column::Status.is_in(OfferStatus::PUBLIC))
            .group_by(offer::Column::EnterpriseId)
            .into_tuple::<(Uuid, i64, Option<i64>)>()
            .all(&self.db);
        let accepted = nomination::Entity::find()
            .select_only()
            .column(offer::Column::EnterpriseId)
            .column_as(Expr::col((nomination::Entity, nomination::Column::Id)).count(), "accepted")
            .join(JoinType::InnerJoin, nomination_offer())
            .filter(nomination::Column::DecidedAt.gte(start))
            .filter(nomination::Column::DecidedAt.lt(end))
            .filter(
                nomination::Column::Status.is_in([NominationStatus::Accepted, NominationStatus::Completed]),
            )
            .group_by(offer::Column::EnterpriseId)
            .into_tuple::<(Uuid, i64)>()
            .all(&self.db);
        let completed = nomination::Entity::find()
            .select_only()
            .column(offer::Column::EnterpriseId)
            .column_as(Expr::col((nomination::Entity, nomination::Column::Id)).count(), "completed")
            .column_as(Expr::col((nomination::Entity, nomination::Column::Hours)).sum(), "hours")
            .join(JoinType::InnerJoin, nomination_offer())
            .filter(nomination::Column::CompletedAt.gte(start))
            .filter(nomination::Column::CompletedAt.lt(end))
            .filter(nomination::Column::Status.eq(NominationStatus::Completed))
            .group_by(offer::Column::EnterpriseId)
            .into_tuple::<(Uuid, i64, Option<i64>)>()
            .all(&self.db);
        // Three reads of a whole period, each on its own connection: a report waits for the
        // slowest, not for their sum.
        let (published, accepted, completed) = try_join3(published, accepted, completed).await?;

        let mut given: std::collections::BTreeMap<Uuid, InternshipsGiven> = Default::default();
        fn entry(
            given: &mut std::collections::BTreeMap<Uuid, InternshipsGiven>,
            id: Uuid,
        ) -> &mut InternshipsGiven {
            given.entry(id).or_insert_with(|| InternshipsGiven { enterprise: id, ..Default::default() })
        }
        for (id, offers, seats) in published {
            let row = entry(&mut given, id);
            row.offers = offers;
            row.seats = seats.unwrap_or(0);
        }
        for (id, count) in accepted {
            entry(&mut given, id).nominations_accepted = count;
        }
        for (id, count, hours) in completed {
            let row = entry(&mut given, id);
            row.placements_completed = count;
            row.placement_hours = hours.unwrap_or(0);
        }
        Ok(given.into_values().collect())
    }
}

/// Nominations joined to their offers (the entities declare no relations of their own).
fn nomination_offer() -> sea_orm::RelationDef {
    nomination::Entity::belongs_to(offer::Entity)
        .from(nomination::Column::OfferId)
        .to(offer::Column::Id)
        .into()
}
