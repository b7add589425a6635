//! What one module needs from another, supplied here because only the gateway knows every
//! module: modules depend on `directory` and `hub-common` alone, so a module states a need as
//! a trait and the gateway implements it with the other module's public service.
//!
//! `participation` is the widest reader: it declares a trait per module it reports on; the
//! figures cross as `hub_common::activity`'s structs, which both sides share.

use careers::{CareerEventKind, CareerEventStatus, Careers};
use equipment::Equipment;
use facilities::Facilities;
use hub_common::HubResult;
use internships::Internships;
use participation::Period;
use partnerships::{ActiveParties, EngagementKind, EquipmentDelivered, InternshipSeats, Partnerships};
use uuid::Uuid;

/// Offers and equipment listings name the partnership they deliver; internships and equipment
/// check the name through the partnerships module's `ActiveParties`, never its tables.
pub struct PartiesFromPartnerships(pub ActiveParties);

#[async_trait::async_trait]
impl internships::service::PartnershipParties for PartiesFromPartnerships {
    async fn is_active_party(&self, partnership: Uuid, organization: Uuid) -> HubResult<bool> {
        self.0.is_active_party(partnership, organization).await
    }
}

#[async_trait::async_trait]
impl equipment::service::PartnershipParties for PartiesFromPartnerships {
    async fn is_active_party(&self, partnership: Uuid, organization: Uuid) -> HubResult<bool> {
        self.0.is_active_party(partnership, organization).await
    }
}

/// Partnerships count internship seats offered through the internships service, never its
/// tables.
pub struct SeatsFromInternships(pub Internships);

#[async_trait::async_trait]
impl InternshipSeats for SeatsFromInternships {
    async fn seats_offered(&self, partnership: Uuid, year: i32) -> HubResult<i64> {
        self.0.seats_offered(partnership, year).await
    }

    async fn seats_unattributed(&self, enterprises: &[Uuid], year: i32) -> HubResult<i64> {
        self.0.seats_unattributed(enterprises, year).await
    }
}

/// Partnerships count equipment handed over through the equipment service, never its tables.
pub struct EquipmentFromEquipment(pub Equipment);

#[async_trait::async_trait]
impl EquipmentDelivered for EquipmentFromEquipment {
    async fn value_handed_over(&self, partnership: Uuid, year: i32) -> HubResult<i64> {
        self.0.value_handed_over(partnership, year).await
    }

    async fn value_unattributed(&self, owners: &[Uuid], year: i32) -> HubResult<i64> {
        self.0.value_unattributed(owners, year).await
    }
}

/// Participation counts equipment handed over through the equipment service.
#[async_trait::async_trait]
impl participation::EquipmentActivity for EquipmentFromEquipment {
    async fn equipment_given(&self, period: Period) -> HubResult<Vec<participation::EquipmentGiven>> {
        self.0.handed_over_by_owner(period.from, period.to).await
    }
}

/// Participation counts workshop bookings hosted through the facilities service.
pub struct FacilitiesForParticipation(pub Facilities);

#[async_trait::async_trait]
impl participation::FacilityActivity for FacilitiesForParticipation {
    async fn bookings_hosted(&self, period: Period) -> HubResult<Vec<participation::BookingsHosted>> {
        self.0.bookings_hosted(period.from, period.to).await
    }
}

/// Participation reads internships through the internships service.
pub struct InternshipsForParticipation(pub Internships);

#[async_trait::async_trait]
impl participation::InternshipActivity for InternshipsForParticipation {
    async fn internships_given(&self, period: Period) -> HubResult<Vec<participation::InternshipsGiven>> {
        self.0.given_by_enterprise(period.from, period.to).await
    }
}

/// Participation reads partnerships and engagements through the partnerships service.
pub struct PartnershipsForParticipation(pub Partnerships);

#[async_trait::async_trait]
impl participation::PartnershipActivity for PartnershipsForParticipation {
    async fn partnerships_in_force(
        &self,
        period: Period,
    ) -> HubResult<Vec<participation::PartnershipInForce>> {
        self.0.in_force_between(period.from, period.to).await
    }

    async fn engagements_held(&self, period: Period) -> HubResult<Vec<participation::EngagementHeld>> {
        self.0.engagements_between(period.from, period.to).await
    }
}

/// Hosts record the engagement of a career event from the careers service's account of it:
/// the event and its live registrations, never the careers tables.
pub struct CareerEventsForPartnerships(pub Careers);

#[async_trait::async_trait]
impl partnerships::CareerEventSource for CareerEventsForPartnerships {
    async fn career_event_held(&self, event: Uuid) -> HubResult<Option<partnerships::CareerEventHeld>> {
        let Some(attendance) = self.0.event_attendance(event).await? else {
            return Ok(None);
        };
        let event = attendance.event;
        Ok(Some(partnerships::CareerEventHeld {
            host: event.host_id,
            kind: engagement_kind(event.kind),
            title: event.title,
            place: event.place,
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            cancelled: event.status == CareerEventStatus::Cancelled,
            attendance: attendance
                .schools
                .into_iter()
                .map(|school| partnerships::service::Attendance {
                    school: school.school,
                    grade: school.grade,
                    students: school.students,
                })
                .collect(),
        }))
    }
}

/// The engagement a career event is. Partnerships has no open-day kind: an open day is a
/// career-guidance day held at the institution (the event's title, kept in the notes, says
/// which).
fn engagement_kind(kind: CareerEventKind) -> EngagementKind {
    match kind {
        CareerEventKind::CareerDay | CareerEventKind::OpenDay => EngagementKind::CareerDay,
        CareerEventKind::CompanyVisit => EngagementKind::CompanyVisit,
    }
}

/// Participation counts career events hosted and students registered through the careers
/// service.
pub struct CareersForParticipation(pub Careers);

#[async_trait::async_trait]
impl participation::CareerEventActivity for CareersForParticipation {
    async fn career_events_hosted(
        &self,
        period: Period,
    ) -> HubResult<Vec<participation::CareerEventsHosted>> {
        self.0.events_hosted(period.from, period.to).await
    }

    async fn career_events_joined(
        &self,
        period: Period,
    ) -> HubResult<Vec<participation::CareerEventsJoined>> {
        self.0.events_joined(period.from, period.to).await
    }
}

/// The pilots' indicator of lower-secondary graduates continuing into vocational training is
/// compared with what institutions reported enrolling, through the careers service.
pub struct AdmissionsForPilots(pub Careers);

#[async_trait::async_trait]
impl pilots::AdmissionsSource for AdmissionsForPilots {
    async fn lower_secondary_enrolled(&self, year: i32) -> HubResult<Option<pilots::IntakeReported>> {
        Ok(self.0.intake_totals(year).await?.map(|totals| pilots::IntakeReported {
            lower_secondary_enrolled: totals.lower_secondary_enrolled,
            programmes_reporting: totals.programmes_reporting,
        }))
    }
}
