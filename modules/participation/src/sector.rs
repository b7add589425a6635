//! Sectors: the sections (A-U) of the Vietnamese industry classification (VSIC 2018,
//! Quyết định 27/2018/QĐ-TTg), found from the first two digits of an organization's industry
//! code.
//!
//! Participation groups by the enterprise's own industry code, not by its offers' sectors: an
//! enterprise has one code, so each enterprise (and its equipment, partnerships and
//! engagements, which carry no sector) lands in exactly one group and groups add up to the
//! total. Colleges, schools and centres have no industry code; they teach, so they count under
//! section P (education and training), where VSIC puts them.

use async_graphql::SimpleObject;
use directory::OrganizationKind;
use directory::OrganizationRecord;
use hub_common::vsic::Section;

/// A VSIC section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, SimpleObject)]
pub struct Sector {
    /// The section letter, `A` to `U`.
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
}

impl Sector {
    fn from_section(section: &Section) -> Self {
        Self { code: section.letter, name_vi: section.name_vi, name_en: section.name_en }
    }

    /// The section of a VSIC code (its first two digits name the division).
    pub fn of_industry_code(code: &str) -> Option<Self> {
        Section::of_code(code).map(Self::from_section)
    }

    /// A section by its letter (filters name sections by letter).
    pub fn by_code(code: &str) -> Option<Self> {
        Section::by_letter(code).map(Self::from_section)
    }

    /// The sector an organization counts under (see the module comment).
    pub fn of_organization(org: &OrganizationRecord) -> Option<Self> {
        match org.industry_code.as_deref() {
            Some(code) => Self::of_industry_code(code),
            None if org.kind.is_school() => Self::by_code("P"),
            None => None,
        }
    }
}

/// The organizations whose participation is reported: businesses, and the vocational
/// institutions that host workshop bookings and lend equipment.
pub const CONTRIBUTOR_KINDS: [OrganizationKind; 6] = [
    OrganizationKind::Enterprise,
    OrganizationKind::BusinessAssociation,
    OrganizationKind::College,
    OrganizationKind::IntermediateSchool,
    OrganizationKind::VocationalCentre,
    OrganizationKind::University,
];

/// What `enterpriseParticipation` lists unless asked for other kinds.
pub const BUSINESS_KINDS: [OrganizationKind; 2] =
    [OrganizationKind::Enterprise, OrganizationKind::BusinessAssociation];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_follow_the_division() {
        assert_eq!(Sector::of_industry_code("5210").map(|s| s.code), Some("H"));
        assert_eq!(Sector::of_industry_code("3011").map(|s| s.code), Some("C"));
        assert_eq!(Sector::of_industry_code("2610").map(|s| s.code), Some("C"));
        assert_eq!(Sector::of_industry_code("5510").map(|s| s.code), Some("I"));
        assert_eq!(Sector::of_industry_code("0118").map(|s| s.code), Some("A"));
        assert_eq!(Sector::of_industry_code("0400"), None);
        assert_eq!(Sector::of_industry_code("x"), None);
    }
}
