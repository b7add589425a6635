//! The figures a report gives for one organization or one group of organizations.

/// What an organization (or a group) did in a period. Equipment, booking and career-event
/// figures read zero when their module is not part of the hub; [`Tracked`] says which are
/// real.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub offers: i64,
    pub seats: i64,
    pub nominations_accepted: i64,
    pub placements_completed: i64,
    pub placement_hours: i64,
    pub equipment_donations: i64,
    pub equipment_donated_value_vnd: i64,
    pub equipment_loans: i64,
    pub equipment_lent_value_vnd: i64,
    pub bookings_hosted: i64,
    pub booking_participants: i64,
    pub active_partnerships: i64,
    pub engagements: i64,
    pub students_reached: i64,
    /// Career events the organization hosted (held in the period, not cancelled).
    pub career_events_hosted: i64,
    /// Students schools registered for those events.
    pub career_event_students: i64,
}

impl Figures {
    /// How many things the organization did: offers published, equipment handed over,
    /// workshop bookings hosted, partnerships in force, engagements held and career events
    /// hosted. Enterprises are
    /// ranked by it; each counts one, whatever its size, so a small enterprise that turns up
    /// often ranks with a large one that turns up once.
    pub fn activities(&self) -> i64 {
        self.offers
            + self.equipment_donations
            + self.equipment_loans
            + self.bookings_hosted
            + self.active_partnerships
            + self.engagements
            + self.career_events_hosted
    }

    /// Whether the organization took part in anything in the period.
    pub fn took_part(&self) -> bool {
        self.activities() > 0 || self.nominations_accepted > 0 || self.placements_completed > 0
    }

    /// Adds the figures that belong to one organization alone (offers, placements, equipment,
    /// bookings, career events hosted). Partnerships and engagements involve several organizations and are counted
    /// once per group by the caller instead.
    pub fn add_own(&mut self, other: &Figures) {
        self.offers += other.offers;
        self.seats += other.seats;
        self.nominations_accepted += other.nominations_accepted;
        self.placements_completed += other.placements_completed;
        self.placement_hours += other.placement_hours;
        self.equipment_donations += other.equipment_donations;
        self.equipment_donated_value_vnd += other.equipment_donated_value_vnd;
        self.equipment_loans += other.equipment_loans;
        self.equipment_lent_value_vnd += other.equipment_lent_value_vnd;
        self.bookings_hosted += other.bookings_hosted;
        self.booking_participants += other.booking_participants;
        self.career_events_hosted += other.career_events_hosted;
        self.career_event_students += other.career_event_students;
    }
}

/// Which optional modules feed the report. Untracked figures are reported as null (GraphQL)
/// or an empty cell (CSV), never as a zero nobody measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tracked {
    pub equipment: bool,
    pub facilities: bool,
    pub careers: bool,
}
