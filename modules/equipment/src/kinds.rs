//! The closed vocabularies of equipment, shared by the database, the GraphQL schema and the
//! event payload. Each is stored as its SCREAMING_SNAKE_CASE name in a text column.

use async_graphql::Enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether the equipment changes hands for good or comes back.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ListingKind {
    /// Given for good; the school keeps it.
    Donation,
    /// Lent until a return date agreed in the request; comes back, possibly in parts.
    Loan,
}

/// The state of a piece of equipment, when listed, handed over or returned.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EquipmentCondition {
    New,
    Good,
    Fair,
    NeedsRepair,
}

/// Where a listing stands. `AVAILABLE → WITHDRAWN`; withdrawing keeps the promises already made.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ListingStatus {
    /// Everybody sees it; schools and colleges request it.
    Available,
    /// Taken off by its owner; only the owner and department officers see it.
    Withdrawn,
}

/// Where a request stands. `PENDING → APPROVED | DECLINED | CANCELLED`; an approved request is
/// `HANDED_OVER` once a hand-over is recorded, and a loan is `RETURNED` once everything handed
/// over has come back.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RequestStatus {
    Pending,
    Approved,
    Declined,
    Cancelled,
    HandedOver,
    Returned,
}

/// The owner's answer to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum RequestDecision {
    Approve,
    Decline,
}
