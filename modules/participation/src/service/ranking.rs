//! Ordering organizations' rows and cutting pages out of them.
//!
//! Rows are computed per request, so a page is cut from the ordered list by keyset: the
//! cursor is the last row's (value, folded name, id), and the next page starts after it even
//! if rows moved meanwhile.

use std::cmp::Reverse;

use hub_common::pagination::PageRequest;
use uuid::Uuid;

use super::gather::OrganizationRow;

/// What enterprises are ranked by. Every order but `NAME` puts the largest first and breaks
/// ties by name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, async_graphql::Enum)]
pub enum ParticipationOrder {
    /// Offers, equipment hand-overs, bookings hosted, partnerships and engagements, each
    /// counting one.
    #[default]
    Activities,
    Name,
    Offers,
    Seats,
    PlacementsCompleted,
    /// Equipment donated and lent, by estimated value in VND.
    EquipmentValue,
    BookingsHosted,
    ActivePartnerships,
    StudentsReached,
}

/// The cursor of a row: its ranked value, its folded name and its id.
pub type RankCursor = (i64, String, Uuid);

fn value(row: &OrganizationRow, order: ParticipationOrder) -> i64 {
    let f = &row.figures;
    match order {
        ParticipationOrder::Activities => f.activities(),
        ParticipationOrder::Name => 0,
        ParticipationOrder::Offers => f.offers,
        ParticipationOrder::Seats => f.seats,
        ParticipationOrder::PlacementsCompleted => f.placements_completed,
        ParticipationOrder::EquipmentValue => f.equipment_donated_value_vnd + f.equipment_lent_value_vnd,
        ParticipationOrder::BookingsHosted => f.bookings_hosted,
        ParticipationOrder::ActivePartnerships => f.active_partnerships,
        ParticipationOrder::StudentsReached => f.students_reached,
    }
}

pub fn cursor(row: &OrganizationRow, order: ParticipationOrder) -> RankCursor {
    (value(row, order), row.organization.name_search.clone(), row.organization.id)
}

fn sort_key(cursor: &RankCursor) -> (Reverse<i64>, &str, Uuid) {
    (Reverse(cursor.0), cursor.1.as_str(), cursor.2)
}

pub(crate) fn sort(rows: &mut [OrganizationRow], order: ParticipationOrder) {
    rows.sort_by_cached_key(|row| {
        let c = cursor(row, order);
        (Reverse(c.0), c.1, c.2)
    });
}

/// The rows after the page's cursor, at most one more than the page (so the connection knows
/// whether another page follows).
pub(crate) fn page(
    rows: Vec<OrganizationRow>,
    order: ParticipationOrder,
    page: &PageRequest<RankCursor>,
) -> Vec<OrganizationRow> {
    let start = match &page.after {
        None => 0,
        Some(after) => rows.partition_point(|row| sort_key(&cursor(row, order)) <= sort_key(after)),
    };
    rows.into_iter().skip(start).take(page.fetch_limit() as usize).collect()
}
