//! What `hub check` asks of this module's tables: the hand-over and return ledger read back
//! against the requests' counters and the listings' promises.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::entity::{handover, listing, request, return_record};
use crate::kinds::RequestStatus;
use crate::service::records::current_records;

/// Every way the ledger disagrees with itself, one line each; none when consistent. Read-only;
/// reads the module's four tables whole, which an offline check can afford.
///
/// Per request: the current hand-over record (the one no other corrects) is at most one, never
/// exceeds what was requested and approved, and is what `handed_over_quantity` says; the
/// return records sum to `returned_quantity` and never exceed what was handed over; records
/// exist only for requests that were handed over. Per listing: `promised` is the sum of what
/// its requests hold, within its quantity.
pub async fn consistency_problems<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let requests = request::Entity::find().all(db).await?;
    let mut handovers: HashMap<Uuid, Vec<handover::Model>> = HashMap::new();
    for record in handover::Entity::find().all(db).await? {
        handovers.entry(record.request_id).or_default().push(record);
    }
    let mut returned: HashMap<Uuid, i64> = HashMap::new();
    for record in return_record::Entity::find().all(db).await? {
        *returned.entry(record.request_id).or_default() += i64::from(record.quantity);
    }
    let mut promised: HashMap<Uuid, i64> = HashMap::new();
    let mut problems = Vec::new();
    for row in &requests {
        let id = row.id;
        *promised.entry(row.listing_id).or_default() += i64::from(row.promised());
        let current = current_records(handovers.remove(&id).unwrap_or_default());
        let handed: i64 = match current.as_slice() {
            [] => 0,
            [one] => i64::from(one.quantity),
            many => {
                problems.push(format!(
                    "equipment: request {id} has {} hand-over records that none corrects",
                    many.len()
                ));
                many.iter().map(|h| i64::from(h.quantity)).max().unwrap_or_default()
            }
        };
        let back = returned.remove(&id).unwrap_or_default();
        let went_out = matches!(row.status, RequestStatus::HandedOver | RequestStatus::Returned);
        if !went_out && (handed > 0 || back > 0) {
            problems.push(format!(
                "equipment: request {id} is {:?} but has hand-over or return records",
                row.status
            ));
        }
        if went_out && current.is_empty() {
            problems.push(format!("equipment: request {id} is {:?} without a hand-over record", row.status));
        }
        if handed > i64::from(row.quantity) {
            problems.push(format!(
                "equipment: request {id} handed over {handed} units of the {} approved",
                row.quantity
            ));
        }
        if back > handed {
            problems
                .push(format!("equipment: request {id} had {back} units returned of {handed} handed over"));
        }
        if handed != i64::from(row.handed_over_quantity) {
            problems.push(format!(
                "equipment: request {id} says {} units handed over, its records {handed}",
                row.handed_over_quantity
            ));
        }
        if back != i64::from(row.returned_quantity) {
            problems.push(format!(
                "equipment: request {id} says {} units returned, its records {back}",
                row.returned_quantity
            ));
        }
    }
    for request_id in handovers.keys().chain(returned.keys()) {
        problems.push(format!("equipment: records name request {request_id}, which does not exist"));
    }
    for listing in listing::Entity::find().all(db).await? {
        let held = promised.remove(&listing.id).unwrap_or_default();
        if held != i64::from(listing.promised) {
            problems.push(format!(
                "equipment: listing {} says {} units promised, its requests hold {held}",
                listing.id, listing.promised
            ));
        }
        if held > i64::from(listing.quantity) {
            problems.push(format!(
                "equipment: listing {} has {held} units promised of {}",
                listing.id, listing.quantity
            ));
        }
    }
    Ok(problems)
}
