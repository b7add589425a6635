//! Demo data for the directory: the areas of Hải Phòng and a small set of organizations, used to
//! seed development and demo databases and by tests.
//!
//! Areas: the city, its districts as they stood before 1 July 2025 (historic, kept so older
//! records still resolve) and a selection of the wards, communes and special zones created on
//! 1 July 2025, when Vietnam removed the district level.
//!
//! Organizations: real public schools, colleges and the two city departments may be named (see
//! the "Demo data" note in the design brief); their areas and street addresses are indicative
//! only, chosen from their pre-2025 district, and are not taken from official records. Every
//! enterprise and the business association are fictional, and so are their tax codes: each is a
//! well-formed Hải Phòng code (prefix `02`, valid check digit) from the `0209…` range, far beyond
//! the codes issued so far. The intermediate school "Trường Trung cấp Kỹ thuật Nghiệp vụ Sóng
//! Xanh" is fictional too.
//!
//! All text is NFC-normalized Vietnamese.

use crate::kinds::OrganizationKind::{
    BusinessAssociation, College, Department, IntermediateSchool, LowerSecondarySchool, UpperSecondarySchool,
    VocationalCentre,
};
use crate::kinds::{AreaLevel, OrganizationKind};
use hub_common::Remit;

/// An area of the demo set. `parent` is the `code` of another area; dates are ISO `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy)]
pub struct DemoArea {
    pub code: &'static str,
    pub name: &'static str,
    pub level: AreaLevel,
    pub parent: Option<&'static str>,
    pub valid_from: &'static str,
    pub valid_to: Option<&'static str>,
}

/// An organization of the demo set. `key` is a stable slug used by `hub token` and by tests
/// (e.g. "thpt-tran-phu"); `area` is the `code` of a DemoArea.
#[derive(Debug, Clone, Copy)]
pub struct DemoOrganization {
    pub key: &'static str,
    pub kind: OrganizationKind,
    pub name: &'static str,
    pub area: &'static str,
    pub address: &'static str,
    pub tax_code: Option<&'static str>,
    pub industry_code: Option<&'static str>,
    pub verified: bool,
    /// What a department is responsible for; departments only.
    pub remit: Option<Remit>,
}

/// The last day of the district level; every district is valid up to and including it.
const DISTRICTS_END: Option<&str> = Some("2025-06-30");
/// The first day of the current wards, communes and special zones.
const WARDS_START: &str = "2025-07-01";

const fn city(code: &'static str, name: &'static str, valid_from: &'static str) -> DemoArea {
    DemoArea { code, name, level: AreaLevel::City, parent: None, valid_from, valid_to: None }
}

const fn district(
    code: &'static str,
    name: &'static str,
    level: AreaLevel,
    valid_from: &'static str,
    valid_to: Option<&'static str>,
) -> DemoArea {
    DemoArea { code, name, level, parent: Some("HP"), valid_from, valid_to }
}

const fn current(code: &'static str, name: &'static str, level: AreaLevel) -> DemoArea {
    DemoArea { code, name, level, parent: Some("HP"), valid_from: WARDS_START, valid_to: None }
}

pub static AREAS: &[DemoArea] = &[
    // The city, counted from the day Hải Phòng was taken over in 1955.
    city("HP", "Thành phố Hải Phòng", "1955-05-13"),
    // Urban districts (quận). Hồng Bàng, Ngô Quyền and Lê Chân date from Quyết định 92-CP of
    // 5 July 1961 (then "khu phố"); Kiến An from Nghị định 100-CP (1994); Hải An from Nghị định
    // 106/2002/NĐ-CP; Đồ Sơn and Dương Kinh from Nghị định 145/2007/NĐ-CP.
    district("HP-HB", "Quận Hồng Bàng", AreaLevel::UrbanDistrict, "1961-07-05", DISTRICTS_END),
    district("HP-NQ", "Quận Ngô Quyền", AreaLevel::UrbanDistrict, "1961-07-05", DISTRICTS_END),
    district("HP-LC", "Quận Lê Chân", AreaLevel::UrbanDistrict, "1961-07-05", DISTRICTS_END),
    district("HP-HA", "Quận Hải An", AreaLevel::UrbanDistrict, "2002-12-20", DISTRICTS_END),
    district("HP-KA", "Quận Kiến An", AreaLevel::UrbanDistrict, "1994-08-29", DISTRICTS_END),
    district("HP-DS", "Quận Đồ Sơn", AreaLevel::UrbanDistrict, "2007-09-12", DISTRICTS_END),
    district("HP-DKI", "Quận Dương Kinh", AreaLevel::UrbanDistrict, "2007-09-12", DISTRICTS_END),
    // Rural districts (huyện). Tiên Lãng, Vĩnh Bảo and Thủy Nguyên came from Kiến An province,
    // merged into Hải Phòng on 27 October 1962; An Lão and Kiến Thụy take their present form
    // from Quyết định 100-HĐBT (6 June 1988); Cát Hải from Quyết định 57-CP (11 March 1977,
    // absorbing huyện Cát Bà); Bạch Long Vĩ was created on 9 December 1992.
    district("HP-AL", "Huyện An Lão", AreaLevel::RuralDistrict, "1988-06-06", DISTRICTS_END),
    district("HP-KT", "Huyện Kiến Thụy", AreaLevel::RuralDistrict, "1988-06-06", DISTRICTS_END),
    district("HP-TL", "Huyện Tiên Lãng", AreaLevel::RuralDistrict, "1962-10-27", DISTRICTS_END),
    district("HP-VB", "Huyện Vĩnh Bảo", AreaLevel::RuralDistrict, "1962-10-27", DISTRICTS_END),
    district("HP-CH", "Huyện Cát Hải", AreaLevel::RuralDistrict, "1977-03-11", DISTRICTS_END),
    district("HP-BLV", "Huyện Bạch Long Vĩ", AreaLevel::RuralDistrict, "1992-12-09", DISTRICTS_END),
    // An Dương: a huyện from the renaming of huyện An Hải (Nghị định 106/2002/NĐ-CP), then a
    // quận from 1 January 2025 (Nghị quyết 1232/NQ-UBTVQH15).
    district("HP-AD-HUYEN", "Huyện An Dương", AreaLevel::RuralDistrict, "2002-12-20", Some("2024-12-31")),
    district("HP-AD", "Quận An Dương", AreaLevel::UrbanDistrict, "2025-01-01", DISTRICTS_END),
    // Thủy Nguyên: a huyện until the end of 2024, then a city within the city from
    // 1 January 2025 until the district level was removed.
    district("HP-TN-HUYEN", "Huyện Thủy Nguyên", AreaLevel::RuralDistrict, "1962-10-27", Some("2024-12-31")),
    district("HP-TN", "Thành phố Thủy Nguyên", AreaLevel::Town, "2025-01-01", DISTRICTS_END),
    // Wards, communes and special zones since 1 July 2025 (Nghị quyết 1669/NQ-UBTVQH15); only a
    // selection, enough for the demo organizations.
    current("HP-P-HONGBANG", "Phường Hồng Bàng", AreaLevel::Ward),
    current("HP-P-NGOQUYEN", "Phường Ngô Quyền", AreaLevel::Ward),
    current("HP-P-GIAVIEN", "Phường Gia Viên", AreaLevel::Ward),
    current("HP-P-LECHAN", "Phường Lê Chân", AreaLevel::Ward),
    current("HP-P-ANBIEN", "Phường An Biên", AreaLevel::Ward),
    current("HP-P-HAIAN", "Phường Hải An", AreaLevel::Ward),
    current("HP-P-DONGHAI", "Phường Đông Hải", AreaLevel::Ward),
    current("HP-P-KIENAN", "Phường Kiến An", AreaLevel::Ward),
    current("HP-P-DUONGKINH", "Phường Dương Kinh", AreaLevel::Ward),
    current("HP-P-DOSON", "Phường Đồ Sơn", AreaLevel::Ward),
    current("HP-P-THUYNGUYEN", "Phường Thủy Nguyên", AreaLevel::Ward),
    current("HP-X-ANLAO", "Xã An Lão", AreaLevel::Commune),
    current("HP-DK-CATHAI", "Đặc khu Cát Hải", AreaLevel::SpecialZone),
    current("HP-DK-BACHLONGVI", "Đặc khu Bạch Long Vĩ", AreaLevel::SpecialZone),
];

/// A school, college or centre: no tax or industry code, verified.
const fn public_body(
    key: &'static str,
    kind: OrganizationKind,
    name: &'static str,
    area: &'static str,
    address: &'static str,
) -> DemoOrganization {
    DemoOrganization {
        key,
        kind,
        name,
        area,
        address,
        tax_code: None,
        industry_code: None,
        verified: true,
        remit: None,
    }
}

/// A city department with its remit: no tax or industry code, verified.
const fn department(
    key: &'static str,
    remit: Remit,
    name: &'static str,
    area: &'static str,
    address: &'static str,
) -> DemoOrganization {
    DemoOrganization { remit: Some(remit), ..public_body(key, Department, name, area, address) }
}

/// A fictional enterprise.
const fn enterprise(
    key: &'static str,
    name: &'static str,
    area: &'static str,
    address: &'static str,
    tax_code: &'static str,
    industry_code: &'static str,
    verified: bool,
) -> DemoOrganization {
    DemoOrganization {
        key,
        kind: OrganizationKind::Enterprise,
        name,
        area,
        address,
        tax_code: Some(tax_code),
        industry_code: Some(industry_code),
        verified,
        remit: None,
    }
}

pub static ORGANIZATIONS: &[DemoOrganization] = &[
    // City departments.
    department(
        "so-gddt",
        Remit::EducationAndTraining,
        "Sở Giáo dục và Đào tạo Hải Phòng",
        "HP-P-HONGBANG",
        "Số 9 Đinh Tiên Hoàng, phường Hồng Bàng, thành phố Hải Phòng",
    ),
    department(
        "so-congthuong",
        Remit::IndustryAndTrade,
        "Sở Công Thương Hải Phòng",
        "HP-P-HONGBANG",
        "Phố Lý Tự Trọng, phường Hồng Bàng, thành phố Hải Phòng",
    ),
    // Upper-secondary schools (real public schools; areas and addresses indicative).
    public_body(
        "thpt-tran-phu",
        UpperSecondarySchool,
        "Trường THPT chuyên Trần Phú",
        "HP-P-GIAVIEN",
        "Số 12 Trần Phú, phường Gia Viên, thành phố Hải Phòng",
    ),
    public_body(
        "thpt-ngo-quyen",
        UpperSecondarySchool,
        "Trường THPT Ngô Quyền",
        "HP-P-NGOQUYEN",
        "Phố Lạch Tray, phường Ngô Quyền, thành phố Hải Phòng",
    ),
    public_body(
        "thpt-thai-phien",
        UpperSecondarySchool,
        "Trường THPT Thái Phiên",
        "HP-P-NGOQUYEN",
        "Phố Nguyễn Bỉnh Khiêm, phường Ngô Quyền, thành phố Hải Phòng",
    ),
    public_body(
        "thpt-kien-an",
        UpperSecondarySchool,
        "Trường THPT Kiến An",
        "HP-P-KIENAN",
        "Phố Trần Thành Ngọ, phường Kiến An, thành phố Hải Phòng",
    ),
    public_body(
        "thpt-hai-an",
        UpperSecondarySchool,
        "Trường THPT Hải An",
        "HP-P-HAIAN",
        "Đường Lê Hồng Phong, phường Hải An, thành phố Hải Phòng",
    ),
    public_body(
        "thpt-do-son",
        UpperSecondarySchool,
        "Trường THPT Đồ Sơn",
        "HP-P-DOSON",
        "Đường Lý Thánh Tông, phường Đồ Sơn, thành phố Hải Phòng",
    ),
    public_body(
        "thpt-an-lao",
        UpperSecondarySchool,
        "Trường THPT An Lão",
        "HP-X-ANLAO",
        "Đường Nguyễn Văn Trỗi, xã An Lão, thành phố Hải Phòng",
    ),
    public_body(
        "thpt-cat-ba",
        UpperSecondarySchool,
        "Trường THPT Cát Bà",
        "HP-DK-CATHAI",
        "Đường Hà Sen, đặc khu Cát Hải, thành phố Hải Phòng",
    ),
    // Lower-secondary schools (real public schools; areas and addresses indicative).
    public_body(
        "thcs-chu-van-an",
        LowerSecondarySchool,
        "Trường THCS Chu Văn An",
        "HP-P-NGOQUYEN",
        "Phố Lê Lợi, phường Ngô Quyền, thành phố Hải Phòng",
    ),
    public_body(
        "thcs-hong-bang",
        LowerSecondarySchool,
        "Trường THCS Hồng Bàng",
        "HP-P-HONGBANG",
        "Phố Minh Khai, phường Hồng Bàng, thành phố Hải Phòng",
    ),
    public_body(
        "thcs-tran-phu",
        LowerSecondarySchool,
        "Trường THCS Trần Phú",
        "HP-P-LECHAN",
        "Phố Mê Linh, phường Lê Chân, thành phố Hải Phòng",
    ),
    public_body(
        "thcs-to-hieu",
        LowerSecondarySchool,
        "Trường THCS Tô Hiệu",
        "HP-P-LECHAN",
        "Phố Tô Hiệu, phường Lê Chân, thành phố Hải Phòng",
    ),
    public_body(
        "thcs-ngo-quyen",
        LowerSecondarySchool,
        "Trường THCS Ngô Quyền",
        "HP-P-ANBIEN",
        "Phố Nguyễn Đức Cảnh, phường An Biên, thành phố Hải Phòng",
    ),
    public_body(
        "thcs-dong-hai",
        LowerSecondarySchool,
        "Trường THCS Đông Hải",
        "HP-P-DONGHAI",
        "Phố Bùi Thị Từ Nhiên, phường Đông Hải, thành phố Hải Phòng",
    ),
    public_body(
        "thcs-cat-ba",
        LowerSecondarySchool,
        "Trường THCS thị trấn Cát Bà",
        "HP-DK-CATHAI",
        "Đường Núi Ngọc, đặc khu Cát Hải, thành phố Hải Phòng",
    ),
    // Colleges, a vocational and continuing-education centre and an intermediate school.
    // "cd-cong-nghiep-hp" keeps the key of Trường Cao đẳng Công nghiệp Hải Phòng, which was
    // merged with Trường Cao đẳng Cộng đồng Hải Phòng and Trường Trung cấp Xây dựng into
    // Trường Cao đẳng Kỹ thuật Hải Phòng in 2021.
    public_body(
        "cd-cong-nghiep-hp",
        College,
        "Trường Cao đẳng Kỹ thuật Hải Phòng",
        "HP-P-HONGBANG",
        "Đường Hồng Bàng, phường Hồng Bàng, thành phố Hải Phòng",
    ),
    public_body(
        "cd-hang-hai-1",
        College,
        "Trường Cao đẳng Hàng hải I",
        "HP-P-DONGHAI",
        "Số 498 đường Đà Nẵng, phường Đông Hải, thành phố Hải Phòng",
    ),
    public_body(
        "cd-bach-nghe-hp",
        College,
        "Trường Cao đẳng Bách nghệ Hải Phòng",
        "HP-P-KIENAN",
        "Đường Nguyễn Lương Bằng, phường Kiến An, thành phố Hải Phòng",
    ),
    public_body(
        "tt-gdnn-gdtx-an-lao",
        VocationalCentre,
        "Trung tâm GDNN-GDTX An Lão",
        "HP-X-ANLAO",
        "Đường Nguyễn Văn Trỗi, xã An Lão, thành phố Hải Phòng",
    ),
    // Fictional.
    public_body(
        "tc-song-xanh",
        IntermediateSchool,
        "Trường Trung cấp Kỹ thuật Nghiệp vụ Sóng Xanh",
        "HP-P-HAIAN",
        "Số 52 đường Lê Hồng Phong, phường Hải An, thành phố Hải Phòng",
    ),
    // Fictional business association.
    DemoOrganization {
        key: "hh-dn-dat-cang",
        kind: BusinessAssociation,
        name: "Hiệp hội Doanh nghiệp Đồng hành Hướng nghiệp Đất Cảng",
        area: "HP-P-NGOQUYEN",
        address: "Số 8 phố Lạch Tray, phường Ngô Quyền, thành phố Hải Phòng",
        tax_code: Some("0209498820"),
        industry_code: Some("9411"),
        verified: true,
        remit: None,
    },
    // Fictional enterprises: eight verified, two waiting for verification.
    enterprise(
        "dn-logistics-bach-dang",
        "Công ty Cổ phần Logistics Bạch Đằng Việt",
        "HP-P-DONGHAI",
        "Số 18 đường Đình Vũ, phường Đông Hải, thành phố Hải Phòng",
        "0209772128",
        "5210",
        true,
    ),
    enterprise(
        "dn-boc-xep-sao-hom",
        "Công ty TNHH Bốc xếp Cảng Sao Hôm",
        "HP-P-HAIAN",
        "Số 27 phố Cát Bi, phường Hải An, thành phố Hải Phòng",
        "0209221032",
        "5224",
        true,
    ),
    enterprise(
        "dn-dong-tau-trieu-xanh",
        "Công ty Cổ phần Cơ khí Đóng tàu Triều Xanh",
        "HP-P-THUYNGUYEN",
        "Lô 12 bờ bắc sông Cấm, phường Thủy Nguyên, thành phố Hải Phòng",
        "0209520378",
        "3011",
        true,
    ),
    enterprise(
        "dn-dien-tu-trang-kenh",
        "Công ty TNHH Điện tử Tràng Kênh",
        "HP-P-THUYNGUYEN",
        "Số 36 đường Núi Đèo, phường Thủy Nguyên, thành phố Hải Phòng",
        "0209406530",
        "2610",
        true,
    ),
    enterprise(
        "dn-khach-san-hon-suong",
        "Công ty TNHH Khách sạn Hòn Sương Cát Bà",
        "HP-DK-CATHAI",
        "Số 15 đường Một Tháng Tư, đặc khu Cát Hải, thành phố Hải Phòng",
        "0209327896",
        "5510",
        true,
    ),
    enterprise(
        "dn-thuy-san-song-bac",
        "Công ty Cổ phần Thủy sản Sóng Bạc Đồ Sơn",
        "HP-P-DOSON",
        "Số 5 đường Lý Thánh Tông, phường Đồ Sơn, thành phố Hải Phòng",
        "0209462158",
        "1020",
        true,
    ),
    enterprise(
        "dn-co-khi-ben-binh",
        "Công ty TNHH Cơ khí Chính xác Bến Bính Mới",
        "HP-P-HONGBANG",
        "Số 150 đường Bạch Đằng, phường Hồng Bàng, thành phố Hải Phòng",
        "0209121140",
        "2592",
        true,
    ),
    enterprise(
        "dn-o-to-phuong-vi",
        "Công ty Cổ phần Lắp ráp Ô tô Phượng Vĩ",
        "HP-P-DUONGKINH",
        "Số 240 đường Phạm Văn Đồng, phường Dương Kinh, thành phố Hải Phòng",
        "0209916274",
        "2910",
        true,
    ),
    enterprise(
        "dn-chua-xac-minh",
        "Công ty TNHH Lữ hành Cánh Diều Biển",
        "HP-P-LECHAN",
        "Số 86 đường Nguyễn Văn Linh, phường Lê Chân, thành phố Hải Phòng",
        "0209453481",
        "7911",
        false,
    ),
    enterprise(
        "dn-may-chi-hong",
        "Công ty TNHH May mặc Chỉ Hồng Kiến An",
        "HP-P-KIENAN",
        "Số 72 đường Trường Chinh, phường Kiến An, thành phố Hải Phòng",
        "0209393497",
        "1410",
        false,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn area(code: &str) -> Option<&'static DemoArea> {
        AREAS.iter().find(|a| a.code == code)
    }

    fn organization(key: &str) -> Option<&'static DemoOrganization> {
        ORGANIZATIONS.iter().find(|o| o.key == key)
    }

    fn is_current_level(level: AreaLevel) -> bool {
        matches!(level, AreaLevel::Ward | AreaLevel::Commune | AreaLevel::SpecialZone)
    }

    fn is_district_level(level: AreaLevel) -> bool {
        matches!(level, AreaLevel::UrbanDistrict | AreaLevel::RuralDistrict | AreaLevel::Town)
    }

    fn is_leap_year(year: u32) -> bool {
        (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
    }

    fn days_in_month(year: u32, month: u32) -> u32 {
        match month {
            2 if is_leap_year(year) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Parses a strict ISO `YYYY-MM-DD` date into (year, month, day).
    fn parse_date(text: &str) -> Option<(u32, u32, u32)> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year: u32 = text.get(0..4)?.parse().ok()?;
        let month: u32 = text.get(5..7)?.parse().ok()?;
        let day: u32 = text.get(8..10)?.parse().ok()?;
        let all_digits =
            text.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
        let valid = all_digits
            && (1900..=2100).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some((year, month, day))
    }

    fn next_day((year, month, day): (u32, u32, u32)) -> (u32, u32, u32) {
        if day < days_in_month(year, month) {
            (year, month, day + 1)
        } else if month < 12 {
            (year, month + 1, 1)
        } else {
            (year + 1, 1, 1)
        }
    }

    /// Lowercases the first character, as a level word reads inside an address
    /// ("Phường Gia Viên" → "phường Gia Viên").
    fn lowercase_first(text: &str) -> String {
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    /// Vietnamese tax code check digit over the first nine digits; `None` when no valid
    /// check digit exists for that prefix.
    fn tax_check_digit(digits: &[u32]) -> Option<u32> {
        const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
        let total: u32 = WEIGHTS.iter().zip(digits).map(|(w, d)| w * d).sum();
        let check = 10 - total % 11;
        (check < 10).then_some(check)
    }

    fn all_texts() -> Vec<&'static str> {
        let mut texts = Vec::new();
        for a in AREAS {
            texts.push(a.name);
        }
        for o in ORGANIZATIONS {
            texts.push(o.name);
            texts.push(o.address);
        }
        texts
    }

    #[test]
    fn area_codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for a in AREAS {
            assert!(seen.insert(a.code), "duplicate area code {}", a.code);
            assert!(
                a.code.starts_with("HP")
                    && a.code.chars().all(|c| c.is_ascii_uppercase() || c == '-')
                    && !a.code.ends_with('-')
                    && !a.code.contains("--"),
                "malformed area code {}",
                a.code
            );
        }
    }

    #[test]
    fn area_names_match_their_level() {
        for a in AREAS {
            let prefix = match a.level {
                AreaLevel::City | AreaLevel::Town => "Thành phố ",
                AreaLevel::UrbanDistrict => "Quận ",
                AreaLevel::RuralDistrict => "Huyện ",
                AreaLevel::Ward => "Phường ",
                AreaLevel::Commune => "Xã ",
                AreaLevel::SpecialZone => "Đặc khu ",
            };
            assert!(a.name.starts_with(prefix), "{} ({:?}) should start with {prefix:?}", a.name, a.level);
        }
    }

    #[test]
    fn area_dates_are_iso_and_ordered() {
        for a in AREAS {
            assert!(parse_date(a.valid_from).is_some(), "{}: bad valid_from {}", a.code, a.valid_from);
            if let Some(to) = a.valid_to {
                assert!(parse_date(to).is_some(), "{}: bad valid_to {to}", a.code);
                // ISO dates order like strings.
                assert!(a.valid_from < to, "{}: valid_from {} is not before {to}", a.code, a.valid_from);
            }
        }
    }

    #[test]
    fn there_is_one_city_and_every_parent_is_a_city_covering_its_child() {
        let roots: Vec<_> = AREAS.iter().filter(|a| a.parent.is_none()).collect();
        assert_eq!(roots.len(), 1, "exactly one root area expected");
        assert!(roots.iter().all(|a| a.level == AreaLevel::City && a.code == "HP"));
        assert!(roots.iter().all(|a| a.valid_from == "1955-05-13" && a.valid_to.is_none()));

        for a in AREAS {
            let Some(parent_code) = a.parent else {
                continue;
            };
            let Some(parent) = area(parent_code) else {
                panic!("{}: parent {parent_code} does not exist", a.code);
            };
            assert_eq!(parent.level, AreaLevel::City, "{}: parent {} is not a city", a.code, parent.code);
            assert_ne!(a.level, AreaLevel::City, "{}: a city must not have a parent", a.code);
            assert!(parent.valid_from <= a.valid_from, "{} starts before its parent", a.code);
            if let Some(parent_to) = parent.valid_to {
                assert!(a.valid_to.is_some_and(|to| to <= parent_to), "{} outlives its parent", a.code);
            }
        }
    }

    #[test]
    fn districts_are_historic_and_wards_start_on_1_july_2025() {
        for a in AREAS {
            if is_district_level(a.level) {
                assert!(
                    a.valid_to.is_some_and(|to| to <= "2025-06-30"),
                    "district {} must end by 30 June 2025",
                    a.code
                );
            } else if is_current_level(a.level) {
                assert_eq!(a.valid_from, "2025-07-01", "{} must start on 1 July 2025", a.code);
                assert_eq!(a.valid_to, None, "{} must be current", a.code);
            }
        }
        let count = |level: AreaLevel| AREAS.iter().filter(|a| a.level == level).count();
        assert!(count(AreaLevel::UrbanDistrict) >= 7);
        assert!(count(AreaLevel::RuralDistrict) >= 7);
        assert_eq!(count(AreaLevel::Town), 1);
        assert!(AREAS.iter().filter(|a| is_current_level(a.level)).count() >= 10);
        assert_eq!(count(AreaLevel::SpecialZone), 2);
    }

    #[test]
    fn a_predecessor_ends_the_day_before_its_successor_starts() {
        for a in AREAS {
            let Some(successor_code) = a.code.strip_suffix("-HUYEN") else {
                continue;
            };
            let Some(successor) = area(successor_code) else {
                panic!("{}: successor {successor_code} does not exist", a.code);
            };
            let ends = a.valid_to.and_then(parse_date);
            let starts = parse_date(successor.valid_from);
            assert!(
                ends.is_some() && ends.map(next_day) == starts,
                "{} and {} leave a gap or overlap",
                a.code,
                successor.code
            );
        }
    }

    #[test]
    fn organization_keys_are_unique_lowercase_slugs() {
        let mut seen = HashSet::new();
        for o in ORGANIZATIONS {
            assert!(seen.insert(o.key), "duplicate organization key {}", o.key);
            assert!(
                !o.key.is_empty()
                    && o.key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !o.key.starts_with('-')
                    && !o.key.ends_with('-')
                    && !o.key.contains("--"),
                "malformed key {}",
                o.key
            );
        }
    }

    #[test]
    fn every_organization_is_in_an_existing_current_area() {
        for o in ORGANIZATIONS {
            let Some(a) = area(o.area) else {
                panic!("{}: area {} does not exist", o.key, o.area);
            };
            assert!(a.valid_to.is_none(), "{}: area {} is historic", o.key, a.code);
            assert!(
                is_current_level(a.level),
                "{}: area {} is not a ward, commune or special zone",
                o.key,
                a.code
            );
        }
    }

    #[test]
    fn addresses_name_their_area_and_city() {
        for o in ORGANIZATIONS {
            let Some(a) = area(o.area) else {
                panic!("{}: area {} does not exist", o.key, o.area);
            };
            let expected = format!(", {}, thành phố Hải Phòng", lowercase_first(a.name));
            assert!(
                o.address.ends_with(&expected),
                "{}: address {:?} should end with {expected:?}",
                o.key,
                o.address
            );
        }
    }

    #[test]
    fn tax_codes_are_unique_well_formed_hai_phong_codes() {
        let mut seen = HashSet::new();
        for o in ORGANIZATIONS {
            let Some(code) = o.tax_code else { continue };
            assert!(seen.insert(code), "duplicate tax code {code}");
            assert!(
                code.len() == 10 && code.chars().all(|c| c.is_ascii_digit()),
                "{}: {code} is not 10 digits",
                o.key
            );
            assert!(code.starts_with("02"), "{}: {code} lacks the Hải Phòng prefix 02", o.key);
            let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
            assert_eq!(
                tax_check_digit(&digits[..9]),
                Some(digits[9]),
                "{}: {code} has a wrong check digit",
                o.key
            );
        }
    }

    #[test]
    fn businesses_have_tax_and_industry_codes_and_others_have_none() {
        for o in ORGANIZATIONS {
            if o.kind.is_business() {
                assert!(o.tax_code.is_some(), "{}: business without tax code", o.key);
                assert!(
                    o.industry_code.is_some_and(|c| c.len() == 4 && c.chars().all(|d| d.is_ascii_digit())),
                    "{}: business needs a 4-digit VSIC code",
                    o.key
                );
            } else {
                assert_eq!(o.tax_code, None, "{}: only businesses carry a tax code", o.key);
                assert_eq!(o.industry_code, None, "{}: only businesses carry an industry code", o.key);
            }
        }
    }

    #[test]
    fn names_match_their_kind() {
        for o in ORGANIZATIONS {
            let prefix = match o.kind {
                OrganizationKind::LowerSecondarySchool => "Trường THCS ",
                OrganizationKind::UpperSecondarySchool => "Trường THPT ",
                OrganizationKind::MultiLevelSchool => "Trường ",
                OrganizationKind::VocationalCentre => "Trung tâm GDNN-GDTX ",
                OrganizationKind::IntermediateSchool => "Trường Trung cấp ",
                OrganizationKind::College => "Trường Cao đẳng ",
                OrganizationKind::University => "Trường Đại học ",
                OrganizationKind::Enterprise => "Công ty ",
                OrganizationKind::BusinessAssociation => "Hiệp hội ",
                OrganizationKind::Department => "Sở ",
            };
            assert!(o.name.starts_with(prefix), "{}: {:?} should start with {prefix:?}", o.key, o.name);
        }
    }

    #[test]
    fn there_are_enough_organizations_of_each_kind() {
        let mut counts: HashMap<OrganizationKind, usize> = HashMap::new();
        for o in ORGANIZATIONS {
            *counts.entry(o.kind).or_default() += 1;
        }
        let count = |kind| counts.get(&kind).copied().unwrap_or_default();
        let lower = count(OrganizationKind::LowerSecondarySchool);
        let upper = count(OrganizationKind::UpperSecondarySchool);
        assert!(lower >= 7 && upper >= 7, "{lower} lower- and {upper} upper-secondary schools");
        assert!(lower + upper >= 12);
        let vocational = count(OrganizationKind::College)
            + count(OrganizationKind::VocationalCentre)
            + count(OrganizationKind::IntermediateSchool);
        assert!(vocational >= 4, "{vocational} colleges and centres");
        assert!(count(OrganizationKind::VocationalCentre) >= 1);
        assert!(count(OrganizationKind::IntermediateSchool) >= 1);
        assert!(count(OrganizationKind::Enterprise) >= 10);
        assert_eq!(count(OrganizationKind::BusinessAssociation), 1);
        assert_eq!(count(OrganizationKind::Department), 2);
    }

    #[test]
    fn departments_and_only_departments_have_a_remit() {
        for o in ORGANIZATIONS {
            assert_eq!(o.remit.is_some(), o.kind == OrganizationKind::Department, "{}", o.key);
        }
        assert_eq!(organization("so-gddt").and_then(|o| o.remit), Some(Remit::EducationAndTraining));
        assert_eq!(organization("so-congthuong").and_then(|o| o.remit), Some(Remit::IndustryAndTrade));
    }

    #[test]
    fn only_enterprises_may_be_unverified() {
        for o in ORGANIZATIONS {
            assert!(o.verified || o.kind == OrganizationKind::Enterprise, "{} must be verified", o.key);
        }
        let enterprises: Vec<_> =
            ORGANIZATIONS.iter().filter(|o| o.kind == OrganizationKind::Enterprise).collect();
        assert_eq!(enterprises.iter().filter(|o| o.verified).count(), 8);
        assert_eq!(enterprises.iter().filter(|o| !o.verified).count(), 2);
    }

    #[test]
    fn keys_other_code_relies_on_exist() {
        let check = |key: &str, kind: OrganizationKind, verified: bool| {
            let Some(o) = organization(key) else { panic!("missing organization {key}") };
            assert_eq!(o.kind, kind, "{key}");
            assert_eq!(o.verified, verified, "{key}");
            o
        };
        assert_eq!(
            check("thpt-tran-phu", OrganizationKind::UpperSecondarySchool, true).name,
            "Trường THPT chuyên Trần Phú"
        );
        check("cd-cong-nghiep-hp", OrganizationKind::College, true);
        assert_eq!(
            check("so-gddt", OrganizationKind::Department, true).name,
            "Sở Giáo dục và Đào tạo Hải Phòng"
        );
        assert_eq!(
            check("so-congthuong", OrganizationKind::Department, true).name,
            "Sở Công Thương Hải Phòng"
        );
        let logistics = check("dn-logistics-bach-dang", OrganizationKind::Enterprise, true);
        assert_eq!(logistics.industry_code, Some("5210"));
        check("dn-chua-xac-minh", OrganizationKind::Enterprise, false);

        let first_enterprise = ORGANIZATIONS.iter().find(|o| o.kind == OrganizationKind::Enterprise);
        assert_eq!(first_enterprise.map(|o| o.key), Some("dn-logistics-bach-dang"));
    }

    #[test]
    fn texts_are_nfc_and_tidy() {
        for text in all_texts() {
            assert!(
                !text.chars().any(|c| ('\u{0300}'..='\u{036F}').contains(&c)),
                "{text:?} contains a combining mark; use precomposed (NFC) characters"
            );
            assert_eq!(text, text.trim(), "{text:?} has surrounding whitespace");
            assert!(!text.contains("  "), "{text:?} has a double space");
            assert!(!text.chars().any(char::is_control), "{text:?} has a control character");
        }
    }
}
