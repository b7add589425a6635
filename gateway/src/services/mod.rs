//! The composition root: every module's service, built once per process from the database and
//! the event feed. The schemas, the HTTP routes, the bridges between modules and the seeders
//! all take their services from here; no module service is constructed anywhere else outside
//! tests.

pub mod bridges;

use std::sync::Arc;

use audit::AuditLog;
use careers::Careers;
use directory::Directory;
use equipment::Equipment;
use facilities::Facilities;
use hub_common::events::EventFeed;
use hub_common::read_pool::ReadPool;
use internships::Internships;
use participation::{Participation, Sources};
use partnerships::{ActiveParties, Partnerships};
use pilots::Pilots;
use sea_orm::DatabaseConnection;

use bridges::{
    AdmissionsForPilots, CareerEventsForPartnerships, CareersForParticipation, EquipmentFromEquipment,
    FacilitiesForParticipation, InternshipsForParticipation, PartiesFromPartnerships,
    PartnershipsForParticipation, SeatsFromInternships,
};

/// One handle per module service; cloning is cheap (each holds pooled handles).
#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    /// The connections of the hot reads (`hub_common::read_pool`).
    pub reads: ReadPool,
    pub events: EventFeed,
    pub directory: Directory,
    pub internships: Internships,
    pub partnerships: Partnerships,
    pub audit: AuditLog,
    pub equipment: Equipment,
    pub participation: Participation,
    pub pilots: Pilots,
    pub facilities: Facilities,
    pub careers: Careers,
}

impl Services {
    /// Builds every service over `db`, publishing to and reading from `events`. Partnerships
    /// count internship seats and equipment handed over and record engagements from career
    /// events, pilots compare an indicator with the careers admissions, and participation
    /// reads every other module, through those modules' services (see `bridges`).
    pub fn new(db: &DatabaseConnection, events: &EventFeed) -> Self {
        Self::with_reads(db, ReadPool::pooled(db.clone()), events)
    }

    /// Like `new`, with the directory's and the internships' batched and paged reads over
    /// `reads`.
    pub fn with_reads(db: &DatabaseConnection, reads: ReadPool, events: &EventFeed) -> Self {
        let directory = Directory::new(db.clone(), events.clone()).with_reads(reads.clone());
        // Offers and listings name the partnership they deliver; the partnerships module checks
        // the name with a handle of its own, since its service is built from these two.
        let parties = Arc::new(PartiesFromPartnerships(ActiveParties::new(db.clone())));
        let internships = Internships::new(db.clone(), directory.clone(), events.clone())
            .with_reads(reads.clone())
            .with_partnerships(parties.clone());
        let equipment =
            Equipment::new(db.clone(), directory.clone(), events.clone()).with_partnerships(parties);
        let facilities = Facilities::new(db.clone(), directory.clone(), events.clone());
        let careers = Careers::new(db.clone(), directory.clone(), events.clone());
        let partnerships = Partnerships::new(
            db.clone(),
            directory.clone(),
            events.clone(),
            Arc::new(SeatsFromInternships(internships.clone())),
            Arc::new(EquipmentFromEquipment(equipment.clone())),
        )
        .with_career_events(Arc::new(CareerEventsForPartnerships(careers.clone())));
        let participation = Participation::new(
            directory.clone(),
            Sources {
                internships: Arc::new(InternshipsForParticipation(internships.clone())),
                partnerships: Arc::new(PartnershipsForParticipation(partnerships.clone())),
                equipment: Some(Arc::new(EquipmentFromEquipment(equipment.clone()))),
                facilities: Some(Arc::new(FacilitiesForParticipation(facilities.clone()))),
                careers: Some(Arc::new(CareersForParticipation(careers.clone()))),
            },
        );
        Self {
            db: db.clone(),
            reads,
            events: events.clone(),
            pilots: Pilots::new(db.clone(), directory.clone())
                .with_admissions(Arc::new(AdmissionsForPilots(careers.clone()))),
            careers,
            audit: AuditLog::new(db.clone(), directory.clone()),
            directory,
            internships,
            partnerships,
            equipment,
            participation,
            facilities,
        }
    }

    /// Adds every module's data to a schema: its service and batch loaders. Every schema gets
    /// all of them, subgraphs included: each subgraph resolves the directory's entities, and
    /// the cost is a few handles.
    pub fn register<Q, M, S>(
        &self,
        builder: async_graphql::SchemaBuilder<Q, M, S>,
    ) -> async_graphql::SchemaBuilder<Q, M, S> {
        let builder = directory::register(builder, self.directory.clone());
        let builder = internships::register(builder, self.internships.clone());
        let builder = audit::register(builder, self.audit.clone());
        let builder = equipment::register(builder, self.equipment.clone());
        let builder = pilots::register(builder, self.pilots.clone());
        let builder = facilities::register(builder, self.facilities.clone());
        let builder = partnerships::register(builder, self.partnerships.clone());
        let builder = careers::register(builder, self.careers.clone());
        participation::register(builder, self.participation.clone())
    }
}
