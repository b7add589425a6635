//! The indicator of lower-secondary graduates continuing into vocational training, as the
//! schools measure it, beside what the vocational institutions say they admitted. Schools
//! report how many of their graduates went on (Σ numerators of `progress`); colleges,
//! intermediate schools and centres report how many lower-secondary graduates they enrolled
//! (the careers module's admissions). The two should agree; the gap says by how much they do
//! not. Admissions belong to the careers module, which this crate may not depend on, so it
//! states the need as [`AdmissionsSource`]; the gateway implements it with the careers service.

use hub_common::HubResult;

/// What the institutions reported for one intake year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeReported {
    /// Lower-secondary graduates enrolled over every programme (newest version of each report).
    pub lower_secondary_enrolled: i64,
    pub programmes_reporting: i64,
}

/// Reads the institutions' admissions for an intake year.
#[async_trait::async_trait]
pub trait AdmissionsSource: Send + Sync {
    /// `None` when no programme reported admissions for `year`.
    async fn lower_secondary_enrolled(&self, year: i32) -> HubResult<Option<IntakeReported>>;
}

/// The indicator compared with the institutions' admissions, for the city in one year (the
/// school year ending in `year`, whose graduates enter the intake of that year).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdmissionsComparison {
    pub intake: IntakeReported,
    /// What schools reported: graduates continuing into vocational training, and graduates.
    /// `None` when no school reported.
    pub schools: Option<super::progress::Totals>,
}

impl AdmissionsComparison {
    /// The enrolments as a share of the graduates the schools reported, in percent: the
    /// indicator as the institutions' figures would put it. `None` without school figures.
    pub fn share(&self) -> Option<f64> {
        let graduates = self.schools?.denominator;
        (graduates > 0).then(|| self.intake.lower_secondary_enrolled as f64 * 100.0 / graduates as f64)
    }

    /// Schools' continuing graduates minus the institutions' enrolments: positive when
    /// schools report more pupils going on than institutions say they took in.
    pub fn student_gap(&self) -> Option<i64> {
        Some(self.schools?.numerator - self.intake.lower_secondary_enrolled)
    }

    /// The indicator as schools measured it minus the share above, in percentage points.
    pub fn gap(&self) -> Option<f64> {
        Some(self.schools?.percent() - self.share()?)
    }
}

/// The indicator the comparison applies to, as the migration inserts it.
pub const LOWER_SECONDARY_TO_VOCATIONAL: &str = "LOWER_SECONDARY_TO_VOCATIONAL";

#[cfg(test)]
mod tests {
    use super::super::progress::Totals;
    use super::*;

    #[test]
    fn the_gap_compares_like_with_like() {
        // Schools: 420 of 1,000 graduates went on (42%); institutions enrolled 350 (35%).
        let comparison = AdmissionsComparison {
            intake: IntakeReported { lower_secondary_enrolled: 350, programmes_reporting: 4 },
            schools: Some(Totals { numerator: 420, denominator: 1000 }),
        };
        assert_eq!(comparison.student_gap(), Some(70));
        assert!((comparison.share().unwrap_or_default() - 35.0).abs() < 1e-9);
        assert!((comparison.gap().unwrap_or_default() - 7.0).abs() < 1e-9);
        let unmeasured = AdmissionsComparison { schools: None, ..comparison };
        assert_eq!((unmeasured.share(), unmeasured.gap(), unmeasured.student_gap()), (None, None, None));
    }
}
