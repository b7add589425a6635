//! Hand-over and return records: the ledger of what changed hands. Rows are never changed; a
//! wrong hand-over is corrected by a new record that names the one it replaces, and both stay
//! in the history. A loan may come back in parts, one return record per part.

use chrono::{NaiveDate, Utc};
use hub_common::error::on_unique_violation;
use hub_common::msg;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::requests::Side;
use super::{Equipment, validate};
use crate::entity::{handover, request, return_record};
use crate::kinds::{EquipmentCondition, RequestStatus};

#[derive(Debug, Clone)]
pub struct NewHandover {
    pub request_id: Uuid,
    pub quantity: i32,
    pub handed_over_on: NaiveDate,
    pub handed_over_by: String,
    pub received_by: String,
    pub condition: EquipmentCondition,
    pub notes: Option<String>,
    /// The record this one corrects, if it is a correction.
    pub corrects_id: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct NewReturn {
    pub request_id: Uuid,
    pub quantity: i32,
    pub returned_on: NaiveDate,
    pub received_by: String,
    pub condition: EquipmentCondition,
    pub notes: Option<String>,
}

impl Equipment {
    /// Records a hand-over of an approved request, or corrects the current hand-over record of
    /// a handed-over one; the owner only. Fewer units than approved may change hands: the rest
    /// of the promise is released at once. A correction may change the quantity too, but never
    /// below what has already come back.
    pub async fn record_handover(
        &self,
        principal: &Principal,
        input: NewHandover,
    ) -> HubResult<(request::Model, handover::Model)> {
        let row = self.request_for(principal, input.request_id, Side::Owner).await?;
        let quantity = validate::quantity(input.quantity)?;
        if quantity > row.quantity {
            return Err(HubError::bad_input(
                "input.quantity",
                msg!("request-was-quantity-units", quantity = row.quantity),
            ));
        }
        let handed_over_on = validate::record_day("input.handedOverOn", input.handed_over_on)?;
        let handed_over_by = validate::signatory("input.handedOverBy", &input.handed_over_by)?;
        let received_by = validate::signatory("input.receivedBy", &input.received_by)?;
        let notes = validate::note("input.notes", input.notes.as_deref())?;

        let replaced = match input.corrects_id {
            None => {
                if row.status != RequestStatus::Approved {
                    return Err(HubError::conflict(match row.status {
                        RequestStatus::HandedOver | RequestStatus::Returned => {
                            msg!("request-was-handed-over-already-record")
                        }
                        _ => msg!("only-approved-request-can-handed-over"),
                    }));
                }
                None
            }
            Some(corrects) => {
                let current = self.current_handover(row.id).await?;
                let Some(current) = current.filter(|h| h.id == corrects) else {
                    return Err(HubError::bad_input(
                        "input.correctsId",
                        msg!("correctsid-must-name-request-s-current"),
                    ));
                };
                if row.status != RequestStatus::HandedOver {
                    return Err(HubError::conflict(msg!("only-request-out-can-have-hand")));
                }
                if quantity < row.returned_quantity {
                    return Err(HubError::bad_input(
                        "input.quantity",
                        msg!(
                            "returned-quantity-units-have-come-back",
                            returned_quantity = row.returned_quantity
                        ),
                    ));
                }
                Some(current)
            }
        };
        let before = row.promised();
        let mut after = request::Model {
            status: RequestStatus::HandedOver,
            handed_over_quantity: quantity,
            ..row.clone()
        };
        if after.is_loan() && after.returned_quantity == after.handed_over_quantity {
            after.status = RequestStatus::Returned;
        }
        let now = Utc::now();
        let txn = self.begin_write().await?;
        self.move_promise(&txn, row.listing_id, after.promised() - before).await?;
        let record = handover::ActiveModel {
            id: Set(Uuid::now_v7()),
            request_id: Set(row.id),
            quantity: Set(quantity),
            handed_over_on: Set(handed_over_on),
            handed_over_by: Set(handed_over_by),
            received_by: Set(received_by),
            condition: Set(input.condition),
            notes: Set(notes),
            corrects_id: Set(replaced.as_ref().map(|h| h.id)),
            recorded_by: Set(principal.subject.clone()),
            recorded_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|err| on_unique_violation(err, msg!("hand-over-record-was-corrected-meanwhile")))?;
        let changes = request::ActiveModel {
            status: Set(after.status),
            handed_over_quantity: Set(quantity),
            updated_at: Set(now),
            ..Default::default()
        };
        let updated =
            self.finish(txn, &row, changes, msg!("request-changed-meanwhile-reload-try-again")).await?;
        tracing::info!(request = %row.id, handover = %record.id, corrects = ?record.corrects_id, "hand-over recorded");
        Ok((updated, record))
    }

    /// Records units of a loan coming back; the owner only. Each part is its own record; once
    /// everything handed over is back the request is `RETURNED`. Returned units are free to be
    /// promised again.
    pub async fn record_return(
        &self,
        principal: &Principal,
        input: NewReturn,
    ) -> HubResult<(request::Model, return_record::Model)> {
        let row = self.request_for(principal, input.request_id, Side::Owner).await?;
        let quantity = validate::quantity(input.quantity)?;
        let returned_on = validate::record_day("input.returnedOn", input.returned_on)?;
        let received_by = validate::signatory("input.receivedBy", &input.received_by)?;
        let notes = validate::note("input.notes", input.notes.as_deref())?;
        if !row.is_loan() {
            return Err(HubError::conflict(msg!("donation-not-returned")));
        }
        if row.status != RequestStatus::HandedOver {
            return Err(HubError::conflict(msg!("only-loan-out-can-returned")));
        }
        let out = row.handed_over_quantity - row.returned_quantity;
        if quantity > out {
            return Err(HubError::bad_input("input.quantity", msg!("only-out-units-out", out = out)));
        }
        let returned = row.returned_quantity + quantity;
        let status = if returned == row.handed_over_quantity { RequestStatus::Returned } else { row.status };
        let now = Utc::now();
        let txn = self.begin_write().await?;
        self.move_promise(&txn, row.listing_id, -quantity).await?;
        let record = return_record::ActiveModel {
            id: Set(Uuid::now_v7()),
            request_id: Set(row.id),
            quantity: Set(quantity),
            returned_on: Set(returned_on),
            received_by: Set(received_by),
            condition: Set(input.condition),
            notes: Set(notes),
            recorded_by: Set(principal.subject.clone()),
            recorded_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let changes = request::ActiveModel {
            status: Set(status),
            returned_quantity: Set(returned),
            updated_at: Set(now),
            ..Default::default()
        };
        let updated =
            self.finish(txn, &row, changes, msg!("request-changed-meanwhile-reload-try-again")).await?;
        tracing::info!(request = %row.id, returned, "return recorded");
        Ok((updated, record))
    }

    /// The hand-over record that stands for a request: the one no other record corrects.
    async fn current_handover(&self, request_id: Uuid) -> HubResult<Option<handover::Model>> {
        let records =
            handover::Entity::find().filter(handover::Column::RequestId.eq(request_id)).all(&self.db).await?;
        Ok(current_records(records).pop())
    }
}

/// The records no other record in `records` corrects.
pub(crate) fn current_records(records: Vec<handover::Model>) -> Vec<handover::Model> {
    let corrected: std::collections::HashSet<Uuid> = records.iter().filter_map(|h| h.corrects_id).collect();
    records.into_iter().filter(|h| !corrected.contains(&h.id)).collect()
}
