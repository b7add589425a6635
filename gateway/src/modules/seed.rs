//! Each module's demo seeder as a row of the module table calls it: with the services, saying
//! what it loaded. A seeder loads nothing into a module that holds data already, or when the
//! directory is not the demo one.

use crate::services::Services;

/// What one module's seeder did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeded {
    /// Loaded these counts, e.g. "12 areas, 30 organizations".
    Loaded(String),
    /// The module holds data already, or the directory is not the demo one.
    Skipped,
}

pub(super) async fn directory(services: &Services) -> anyhow::Result<Seeded> {
    use directory::seed::SeedOutcome;
    Ok(match directory::seed::seed_demo(&services.db).await? {
        SeedOutcome::Loaded { areas, organizations } => {
            Seeded::Loaded(format!("{areas} areas, {organizations} organizations"))
        }
        SeedOutcome::AlreadyPopulated => Seeded::Skipped,
    })
}

pub(super) async fn internships(services: &Services) -> anyhow::Result<Seeded> {
    use internships::seed::SeedOutcome;
    Ok(match internships::seed::seed_demo(&services.db).await? {
        SeedOutcome::Loaded { offers, nominations } => {
            Seeded::Loaded(format!("{offers} offers, {nominations} nominations"))
        }
        _ => Seeded::Skipped,
    })
}

pub(super) async fn partnerships(services: &Services) -> anyhow::Result<Seeded> {
    use partnerships::seed::SeedOutcome;
    Ok(match partnerships::seed::seed_demo(&services.db).await? {
        SeedOutcome::Loaded { partnerships, engagements } => {
            Seeded::Loaded(format!("{partnerships} partnerships, {engagements} engagements"))
        }
        _ => Seeded::Skipped,
    })
}

pub(super) async fn equipment(services: &Services) -> anyhow::Result<Seeded> {
    use equipment::seed::SeedOutcome;
    Ok(match equipment::seed::seed_demo(&services.db).await? {
        SeedOutcome::Loaded { listings, requests } => {
            Seeded::Loaded(format!("{listings} listings, {requests} requests"))
        }
        _ => Seeded::Skipped,
    })
}

pub(super) async fn pilots(services: &Services) -> anyhow::Result<Seeded> {
    use pilots::seed::SeedOutcome;
    Ok(match pilots::seed::seed_demo(&services.db).await? {
        SeedOutcome::Loaded { measurements, reports, pilot_models } => Seeded::Loaded(format!(
            "{measurements} measurements, {reports} yearly reports, {pilot_models} pilot models"
        )),
        _ => Seeded::Skipped,
    })
}

pub(super) async fn facilities(services: &Services) -> anyhow::Result<Seeded> {
    use facilities::seed::SeedOutcome;
    Ok(match facilities::seed::seed_demo(&services.db).await? {
        SeedOutcome::Loaded { facilities, bookings } => {
            Seeded::Loaded(format!("{facilities} facilities, {bookings} bookings"))
        }
        _ => Seeded::Skipped,
    })
}
