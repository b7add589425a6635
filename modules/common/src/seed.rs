//! What a module's demo seeder did, in one shape for every module, so the command line and the
//! application report seeding the same way whichever modules the hub has.

use std::fmt;

/// The result of one module's `seed_demo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedReport {
    /// What was created, per kind, in the order the seeder names them: `[("offers", 6), …]`.
    /// Empty when the seeder skipped.
    pub created: Vec<(&'static str, usize)>,
    /// Why nothing was created, when nothing was.
    pub skipped: Option<SeedSkipped>,
}

/// Why a seeder created nothing. Seeders never mix demo rows into data that is there already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedSkipped {
    /// The module's tables hold rows already; nothing was touched.
    AlreadyPopulated,
    /// The directory does not hold the demo organizations the module's demo rows belong to.
    NoDemoDirectory,
}

impl SeedReport {
    /// The seeder created `created`, e.g. `[("offers", 6), ("nominations", 4)]`.
    pub fn loaded(created: impl IntoIterator<Item = (&'static str, usize)>) -> Self {
        Self { created: created.into_iter().collect(), skipped: None }
    }

    pub fn skipped(reason: SeedSkipped) -> Self {
        Self { created: Vec::new(), skipped: Some(reason) }
    }

    /// Whether the seeder loaded its demo rows.
    pub fn is_loaded(&self) -> bool {
        self.skipped.is_none()
    }

    /// How many rows of `kind` were created (0 for a kind the seeder does not name).
    pub fn count(&self, kind: &str) -> usize {
        self.created.iter().find(|(name, _)| *name == kind).map_or(0, |(_, count)| *count)
    }
}

/// The counts as a person reads them: `6 offers, 4 nominations`.
impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (kind, count)) in self.created.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{count} {kind}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_reads_as_its_counts() {
        let report = SeedReport::loaded([("offers", 6), ("nominations", 4)]);
        assert!(report.is_loaded());
        assert_eq!(report.to_string(), "6 offers, 4 nominations");
        assert_eq!(report.count("nominations"), 4);
        let skipped = SeedReport::skipped(SeedSkipped::AlreadyPopulated);
        assert!(!skipped.is_loaded());
        assert_eq!(skipped.count("offers"), 0);
    }
}
