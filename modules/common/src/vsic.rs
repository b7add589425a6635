//! The sections (A-U) of the Vietnamese industry classification (VSIC 2018, Quyết định
//! 27/2018/QĐ-TTg) and the divisions (first two digits of a code) each one spans. Several
//! modules group or filter by section: they share this one table.

/// A VSIC section: its letter, the divisions it spans, and its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub letter: &'static str,
    pub first_division: u8,
    pub last_division: u8,
    pub name_vi: &'static str,
    pub name_en: &'static str,
}

const fn section(
    letter: &'static str,
    first_division: u8,
    last_division: u8,
    name_vi: &'static str,
    name_en: &'static str,
) -> Section {
    Section { letter, first_division, last_division, name_vi, name_en }
}

/// Every section, in letter order.
pub const SECTIONS: &[Section] = &[
    section("A", 1, 3, "Nông nghiệp, lâm nghiệp và thủy sản", "Agriculture, forestry and fishing"),
    section("B", 5, 9, "Khai khoáng", "Mining and quarrying"),
    section("C", 10, 33, "Công nghiệp chế biến, chế tạo", "Manufacturing"),
    section(
        "D",
        35,
        35,
        "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
        "Electricity, gas, steam and air conditioning supply",
    ),
    section(
        "E",
        36,
        39,
        "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
        "Water supply; sewerage, waste management and remediation",
    ),
    section("F", 41, 43, "Xây dựng", "Construction"),
    section(
        "G",
        45,
        47,
        "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    ),
    section("H", 49, 53, "Vận tải kho bãi", "Transportation and storage"),
    section("I", 55, 56, "Dịch vụ lưu trú và ăn uống", "Accommodation and food service activities"),
    section("J", 58, 63, "Thông tin và truyền thông", "Information and communication"),
    section(
        "K",
        64,
        66,
        "Hoạt động tài chính, ngân hàng và bảo hiểm",
        "Financial, banking and insurance activities",
    ),
    section("L", 68, 68, "Hoạt động kinh doanh bất động sản", "Real estate activities"),
    section(
        "M",
        69,
        75,
        "Hoạt động chuyên môn, khoa học và công nghệ",
        "Professional, scientific and technical activities",
    ),
    section(
        "N",
        77,
        82,
        "Hoạt động hành chính và dịch vụ hỗ trợ",
        "Administrative and support service activities",
    ),
    section(
        "O",
        84,
        84,
        "Quản lý nhà nước, an ninh quốc phòng; bảo đảm xã hội bắt buộc",
        "Public administration and defence; compulsory social security",
    ),
    section("P", 85, 85, "Giáo dục và đào tạo", "Education and training"),
    section("Q", 86, 88, "Y tế và hoạt động trợ giúp xã hội", "Human health and social work activities"),
    section("R", 90, 93, "Nghệ thuật, vui chơi và giải trí", "Arts, entertainment and recreation"),
    section("S", 94, 96, "Hoạt động dịch vụ khác", "Other service activities"),
    section("T", 97, 98, "Hoạt động làm thuê trong các hộ gia đình", "Activities of households as employers"),
    section(
        "U",
        99,
        99,
        "Hoạt động của các tổ chức và cơ quan quốc tế",
        "Activities of extraterritorial organizations and bodies",
    ),
];

/// Whether a code names an existing VSIC 2018 division in its first two digits. The sections'
/// division ranges above hold exactly the 88 divisions of the decision (01-03, 05-33, 35-39,
/// 41-43, 45-47, 49-53, 55-56, 58-66, 68-75, 77-82, 84-88, 90-99), so a code such as "0400"
/// (there is no division 04) is not a VSIC 2018 code whatever its remaining digits.
pub fn division_exists(code: &str) -> bool {
    Section::of_code(code).is_some()
}

/// VSIC 2018's sub-classes (level 5), sorted; see the data file's header for its source.
static SUBCLASSES: std::sync::LazyLock<std::collections::BTreeSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("../data/vsic2018-subclasses.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    });

/// Whether `code` is a class (4 digits) or a sub-class (5 digits) of VSIC 2018. Classes are
/// the first four digits of the sub-classes: every class has at least one (`xxxx0` when it is
/// not divided).
pub fn code_exists(code: &str) -> bool {
    match code.len() {
        5 => SUBCLASSES.contains(code),
        4 => SUBCLASSES.range(code..).next().is_some_and(|subclass| subclass.starts_with(code)),
        _ => false,
    }
}

impl Section {
    /// A section by its letter.
    pub fn by_letter(letter: &str) -> Option<&'static Section> {
        SECTIONS.iter().find(|section| section.letter == letter)
    }

    /// The section a VSIC code belongs to (its first two digits name the division).
    pub fn of_code(code: &str) -> Option<&'static Section> {
        let division: u8 = code.get(..2)?.parse().ok()?;
        SECTIONS.iter().find(|section| section.contains_division(division))
    }

    pub fn contains_division(&self, division: u8) -> bool {
        (self.first_division..=self.last_division).contains(&division)
    }

    /// Whether a VSIC code (or a prefix of at least two digits) lies in this section.
    pub fn contains_code(&self, code: &str) -> bool {
        code.get(..2)
            .and_then(|division| division.parse().ok())
            .is_some_and(|division| self.contains_division(division))
    }

    /// The half-open range of code texts in this section, for a SQL comparison on a text
    /// column: every code of the section sorts at or after the first and before the second
    /// (`:` follows `9` in ASCII, so "33:" is past every code starting "33").
    pub fn code_range(&self) -> (String, String) {
        (format!("{:02}", self.first_division), format!("{:02}:", self.last_division))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_the_decisions_counts_and_only_2018_codes() {
        assert_eq!(SUBCLASSES.len(), 734, "the decision's 734 sub-classes");
        let classes: std::collections::BTreeSet<&str> = SUBCLASSES.iter().map(|code| &code[..4]).collect();
        assert_eq!(classes.len(), 464, "the annex's classes (the summary says 486: see docs/decisions.md)");
        let groups: std::collections::BTreeSet<&str> = SUBCLASSES.iter().map(|code| &code[..3]).collect();
        assert_eq!(groups.len(), 242, "the decision's 242 groups");
        let divisions: std::collections::BTreeSet<&str> = SUBCLASSES.iter().map(|code| &code[..2]).collect();
        assert_eq!(divisions.len(), 88, "the decision's 88 divisions");
        assert!(divisions.iter().all(|division| division_exists(division)), "each in a section");
        // 2018 split VSIC 2007's 0130 into 0131 and 0132; 2025 added classes such as 2611.
        for present in ["0131", "0132", "01310", "6201", "62010", "5210", "3011", "9411"] {
            assert!(code_exists(present), "{present} is a VSIC 2018 code");
        }
        for absent in ["0130", "01300", "0400", "2611", "3540", "4340", "62019", "620", "620100"] {
            assert!(!code_exists(absent), "{absent} is not a VSIC 2018 code");
        }
    }

    #[test]
    fn codes_fall_in_the_section_of_their_division() {
        assert_eq!(Section::of_code("5210").map(|s| s.letter), Some("H"));
        assert_eq!(Section::of_code("3011").map(|s| s.letter), Some("C"));
        assert_eq!(Section::of_code("9900").map(|s| s.letter), Some("U"));
        assert_eq!(Section::of_code("04"), None);
    }

    #[test]
    fn the_sections_span_the_88_divisions_of_vsic_2018() {
        let divisions = (0..100u8).filter(|d| division_exists(&format!("{d:02}00"))).count();
        assert_eq!(divisions, 88);
        assert!(!division_exists("0400") && !division_exists("4000") && !division_exists("8900"));
        assert!(division_exists("6201") && division_exists("0111") && division_exists("9900"));
    }

    #[test]
    fn a_section_range_holds_exactly_its_codes() {
        let manufacturing = Section::by_letter("C").map(Section::code_range);
        let Some((low, high)) = manufacturing else { panic!("section C exists") };
        for inside in ["1010", "3320", "33200"] {
            assert!(low.as_str() <= inside && inside < high.as_str(), "{inside}");
        }
        for outside in ["0990", "3510", "9"] {
            assert!(!(low.as_str() <= outside && outside < high.as_str()), "{outside}");
        }
        let Some((low, high)) = Section::by_letter("U").map(Section::code_range) else { panic!("U exists") };
        assert!(low.as_str() <= "9900" && "9900" < high.as_str());
    }
}
