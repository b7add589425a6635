//! The closed vocabularies of facilities and bookings, stored as SCREAMING_SNAKE_CASE text
//! like the other modules' enums.

use async_graphql::Enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a booking stands: `PENDING → CONFIRMED | DECLINED`, or `CANCELLED` from either live
/// state. Pending and confirmed bookings are live: they hold their slot.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BookingStatus {
    /// Waiting for the host's decision; already holds the slot.
    Pending,
    /// Will take place.
    Confirmed,
    /// Refused by the host; the slot is free.
    Declined,
    /// Called off by the booking organization or the host; the slot is free.
    Cancelled,
}

impl BookingStatus {
    pub const LIVE: [Self; 2] = [Self::Pending, Self::Confirmed];

    pub fn is_live(self) -> bool {
        Self::LIVE.contains(&self)
    }
}

/// Whether a facility takes bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum FacilityStatus {
    /// Listed and bookable within its hours, closures and limits.
    Open,
    /// Withdrawn by its host: not listed to schools, takes no bookings.
    Withdrawn,
}

/// The host's answer to a pending booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum BookingDecision {
    Confirm,
    Decline,
}

/// What a recurring booking does when some of its dates are taken or not bookable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Enum)]
pub enum RecurrenceConflict {
    /// All or nothing: one unavailable date refuses the whole series.
    #[default]
    Fail,
    /// Book the dates that are free and report the ones skipped.
    Skip,
}

/// A day of the week, Monday first as in ISO 8601 (and in Vietnamese: thứ Hai is Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// 1 for Monday through 7 for Sunday, as stored.
    pub fn number(self) -> i32 {
        self.chrono().number_from_monday() as i32
    }

    pub fn from_number(number: i32) -> Option<Self> {
        use Weekday::*;
        [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday]
            .get(usize::try_from(number).ok()?.checked_sub(1)?)
            .copied()
    }

    pub fn chrono(self) -> chrono::Weekday {
        match self {
            Self::Monday => chrono::Weekday::Mon,
            Self::Tuesday => chrono::Weekday::Tue,
            Self::Wednesday => chrono::Weekday::Wed,
            Self::Thursday => chrono::Weekday::Thu,
            Self::Friday => chrono::Weekday::Fri,
            Self::Saturday => chrono::Weekday::Sat,
            Self::Sunday => chrono::Weekday::Sun,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_round_trip_through_their_stored_number() {
        for n in 1..=7 {
            assert_eq!(Weekday::from_number(n).map(Weekday::number), Some(n));
        }
        assert_eq!(Weekday::from_number(0), None);
        assert_eq!(Weekday::from_number(8), None);
        assert_eq!(Weekday::Monday.chrono(), chrono::Weekday::Mon);
    }
}
