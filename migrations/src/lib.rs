#![doc = include_str!("../README.md")]

use sea_orm_migration::prelude::*;

mod m20261127_000001_directory;
mod m20261127_000002_outbox;
mod m20261127_000003_internships;
mod m20261201_000004_partnerships;
mod m20261210_000005_equipment;
mod m20261210_000006_facilities;
mod m20261210_000007_pilots;
mod m20261210_000008_audit;
mod m20261210_000009_pilots_first_submission;
mod m20261212_000010_directory_department_remit;
mod m20261215_000010_directory_department_officers;
mod m20261215_000011_directory_invitations;
mod m20261216_000013_sessions;
mod m20261217_000014_partnership_attribution;
mod m20261217_000015_engagement_confirmations;
mod m20261220_000014_careers;
mod m20261221_000017_engagement_career_event;
mod m20261222_000018_facilities_rules;
mod m20261223_000019_internships_offers_by_class;
mod m20261224_000020_internships_given_by_period;

pub use sea_orm_migration::MigratorTrait;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_directory::Migration),
            Box::new(m20261127_000002_outbox::Migration),
            Box::new(m20261127_000003_internships::Migration),
            Box::new(m20261201_000004_partnerships::Migration),
            Box::new(m20261210_000005_equipment::Migration),
            Box::new(m20261210_000006_facilities::Migration),
            Box::new(m20261210_000007_pilots::Migration),
            Box::new(m20261210_000008_audit::Migration),
            Box::new(m20261210_000009_pilots_first_submission::Migration),
            Box::new(m20261212_000010_directory_department_remit::Migration),
            Box::new(m20261215_000010_directory_department_officers::Migration),
            Box::new(m20261215_000011_directory_invitations::Migration),
            Box::new(m20261216_000013_sessions::Migration),
            Box::new(m20261217_000014_partnership_attribution::Migration),
            Box::new(m20261217_000015_engagement_confirmations::Migration),
            Box::new(m20261220_000014_careers::Migration),
            Box::new(m20261221_000017_engagement_career_event::Migration),
            Box::new(m20261222_000018_facilities_rules::Migration),
            Box::new(m20261223_000019_internships_offers_by_class::Migration),
            Box::new(m20261224_000020_internships_given_by_period::Migration),
        ]
    }
}
