//! What the read side counts, defined once: each module's service returns these from its
//! period reads (`Internships::given_by_enterprise`, `Partnerships::in_force_between`, …) and
//! the participation module's sources declare them as what they yield, so neither side copies
//! the other's fields. They are plain figures, never storage rows: a column added to a table
//! changes none of them.

use uuid::Uuid;

/// One enterprise's internships over a period. Each figure counts what happened in the period:
/// offers published in it (and still published or closed, so cancelled ones do not count) with
/// their seats, nominations accepted in it that still stand (accepted or since completed), and
/// placements completed in it with the hours worked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InternshipsGiven {
    pub enterprise: Uuid,
    pub offers: i64,
    pub seats: i64,
    pub nominations_accepted: i64,
    pub placements_completed: i64,
    pub placement_hours: i64,
}

/// A partnership in force for at least a day of a period, with its parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnershipInForce {
    pub partnership: Uuid,
    pub parties: Vec<Uuid>,
}

/// An engagement held in a period: the organizations involved and the students it reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngagementHeld {
    pub engagement: Uuid,
    pub organizations: Vec<Uuid>,
    pub students: i64,
}

/// Equipment one owner handed over in a period, donated and lent. Counts are units; values are
/// the listing's estimated value per unit times the units handed over, in VND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EquipmentGiven {
    pub owner: Uuid,
    pub donations: i64,
    pub donated_value_vnd: i64,
    pub loans: i64,
    pub lent_value_vnd: i64,
}

/// Confirmed workshop bookings one college or centre hosted in a period, and the participants
/// they brought.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookingsHosted {
    pub host: Uuid,
    pub bookings: i64,
    pub participants: i64,
}

/// Career events one organization hosted in a period (started in it, not cancelled), and the
/// students registered for them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CareerEventsHosted {
    pub host: Uuid,
    pub events: i64,
    pub students_registered: i64,
}

/// Career events held in a period that one school registered students for, and how many
/// students it registered (live registrations only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CareerEventsJoined {
    pub school: Uuid,
    pub events: i64,
    pub students: i64,
}
