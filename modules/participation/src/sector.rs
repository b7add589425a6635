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

/// A VSIC section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, SimpleObject)]
pub struct Sector {
    /// The section letter, `A` to `U`.
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
}

/// (section, first division, last division, Vietnamese name, English name)
const SECTIONS: &[(&str, u8, u8, &str, &str)] = &[
    ("A", 1, 3, "Nông nghiệp, lâm nghiệp và thủy sản", "Agriculture, forestry and fishing"),
    ("B", 5, 9, "Khai khoáng", "Mining and quarrying"),
    ("C", 10, 33, "Công nghiệp chế biến, chế tạo", "Manufacturing"),
    (
        "D",
        35,
        35,
        "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
        "Electricity, gas, steam and air conditioning supply",
    ),
    (
        "E",
        36,
        39,
        "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
        "Water supply; sewerage, waste management and remediation",
    ),
    ("F", 41, 43, "Xây dựng", "Construction"),
    (
        "G",
        45,
        47,
        "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    ),
    ("H", 49, 53, "Vận tải kho bãi", "Transportation and storage"),
    ("I", 55, 56, "Dịch vụ lưu trú và ăn uống", "Accommodation and food service activities"),
    ("J", 58, 63, "Thông tin và truyền thông", "Information and communication"),
    (
        "K",
        64,
        66,
        "Hoạt động tài chính, ngân hàng và bảo hiểm",
        "Financial, banking and insurance activities",
    ),
    ("L", 68, 68, "Hoạt động kinh doanh bất động sản", "Real estate activities"),
    (
        "M",
        69,
        75,
        "Hoạt động chuyên môn, khoa học và công nghệ",
        "Professional, scientific and technical activities",
    ),
    ("N", 77, 82, "Hoạt động hành chính và dịch vụ hỗ trợ", "Administrative and support service activities"),
    (
        "O",
        84,
        84,
        "Quản lý nhà nước, an ninh quốc phòng; bảo đảm xã hội bắt buộc",
        "Public administration and defence; compulsory social security",
    ),
    ("P", 85, 85, "Giáo dục và đào tạo", "Education and training"),
    ("Q", 86, 88, "Y tế và hoạt động trợ giúp xã hội", "Human health and social work activities"),
    ("R", 90, 93, "Nghệ thuật, vui chơi và giải trí", "Arts, entertainment and recreation"),
    ("S", 94, 96, "Hoạt động dịch vụ khác", "Other service activities"),
    ("T", 97, 98, "Hoạt động làm thuê trong các hộ gia đình", "Activities of households as employers"),
    (
        "U",
        99,
        99,
        "Hoạt động của các tổ chức và cơ quan quốc tế",
        "Activities of extraterritorial organizations and bodies",
    ),
];

impl Sector {
    fn from_row(row: &(&'static str, u8, u8, &'static str, &'static str)) -> Self {
        Self { code: row.0, name_vi: row.3, name_en: row.4 }
    }

    /// The section of a VSIC code (its first two digits name the division).
    pub fn of_industry_code(code: &str) -> Option<Self> {
        let division: u8 = code.get(..2)?.parse().ok()?;
        SECTIONS.iter().find(|row| (row.1..=row.2).contains(&division)).map(Self::from_row)
    }

    /// A section by its letter (filters name sections by letter).
    pub fn by_code(code: &str) -> Option<Self> {
        SECTIONS.iter().find(|row| row.0 == code).map(Self::from_row)
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
