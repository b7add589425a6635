//! Every text of the public pages' frame, once per language. A `Words` value has one field per
//! text, so a text missing in either language does not compile.

use super::Lang;

pub struct Words {
    pub site: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_home: &'static str,
    pub nav_offers: &'static str,
    pub other_language: &'static str,
    pub footer: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub after_grade_9_title: &'static str,
    pub after_grade_9: &'static str,
    pub after_grade_12_title: &'static str,
    pub after_grade_12: &'static str,
    pub latest_offers: &'static str,
    pub all_offers: &'static str,
    pub no_offers: &'static str,
    pub offers_title: &'static str,
    pub offers_intro: &'static str,
    pub filter_text: &'static str,
    pub filter_level: &'static str,
    pub filter_sector: &'static str,
    pub filter_sector_hint: &'static str,
    pub filter_open_only: &'static str,
    pub any_level: &'static str,
    pub search: &'static str,
    pub next_page: &'static str,
    pub first_page: &'static str,
    pub seats_left: &'static str,
    pub deadline: &'static str,
    pub period: &'static str,
    pub stipend: &'static str,
    pub unpaid: &'static str,
    pub levels: &'static str,
    pub place: &'static str,
    pub sector: &'static str,
    pub source: &'static str,
    pub published_on: &'static str,
    pub updated_on: &'static str,
    pub how_to_apply: &'static str,
    pub not_found_title: &'static str,
    pub not_found: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable: &'static str,
    pub level_lower_secondary_graduate: &'static str,
    pub level_upper_secondary_student: &'static str,
    pub level_upper_secondary_graduate: &'static str,
    pub level_college_student: &'static str,
}

impl Words {
    /// The people-facing name of an `EligibleLevel` value (the value itself when unknown, so a
    /// level added to the API later still shows).
    pub fn level<'a>(&self, value: &'a str) -> &'a str
    where
        'static: 'a,
    {
        match value {
            "LOWER_SECONDARY_GRADUATE" => self.level_lower_secondary_graduate,
            "UPPER_SECONDARY_STUDENT" => self.level_upper_secondary_student,
            "UPPER_SECONDARY_GRADUATE" => self.level_upper_secondary_graduate,
            "COLLEGE_STUDENT" => self.level_college_student,
            other => other,
        }
    }
}

/// The API's `EligibleLevel` values, in the order the pages offer them.
pub const LEVELS: [&str; 4] =
    ["LOWER_SECONDARY_GRADUATE", "UPPER_SECONDARY_STUDENT", "UPPER_SECONDARY_GRADUATE", "COLLEGE_STUDENT"];

pub fn of(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

const VI: Words = Words {
    site: "Hướng nghiệp Hải Phòng",
    tagline: "Thông tin hướng nghiệp và phân luồng học sinh của thành phố",
    skip_to_content: "Chuyển đến nội dung chính",
    nav_home: "Trang chủ",
    nav_offers: "Thực tập",
    other_language: "English",
    footer: "Cổng thông tin hướng nghiệp và phân luồng học sinh trong giáo dục phổ thông của thành phố Hải Phòng. \
             Mỗi thông tin ghi rõ nguồn và ngày cập nhật.",
    home_title: "Chọn hướng đi sau lớp 9 và lớp 12",
    home_intro: "Trang này giúp học sinh và cha mẹ tìm hiểu các con đường học tập và nghề nghiệp: \
                 các trường, các nghề và nhu cầu của doanh nghiệp tại Hải Phòng.",
    after_grade_9_title: "Sau lớp 9",
    after_grade_9: "Học tiếp trung học phổ thông, học trung cấp nghề (có thể vừa học văn hóa vừa học nghề), \
                    hoặc học sơ cấp để sớm có nghề.",
    after_grade_12_title: "Sau lớp 12",
    after_grade_12: "Học đại học, cao đẳng hoặc trung cấp, hoặc đi làm và học thêm kỹ năng nghề tại doanh nghiệp.",
    latest_offers: "Chỗ thực tập đang nhận đề cử",
    all_offers: "Xem tất cả chỗ thực tập",
    no_offers: "Hiện chưa có chỗ thực tập nào phù hợp.",
    offers_title: "Chỗ thực tập tại doanh nghiệp",
    offers_intro: "Doanh nghiệp Hải Phòng nhận học sinh, sinh viên thực tập. Nhà trường đề cử học sinh qua hệ thống.",
    filter_text: "Tên chỗ thực tập",
    filter_level: "Dành cho",
    filter_sector: "Ngành (mã VSIC)",
    filter_sector_hint: "Ví dụ 52 là kho bãi và vận tải",
    filter_open_only: "Chỉ chỗ còn nhận đề cử",
    any_level: "Mọi đối tượng",
    search: "Tìm",
    next_page: "Trang sau",
    first_page: "Về trang đầu",
    seats_left: "Còn chỗ",
    deadline: "Hạn đề cử",
    period: "Thời gian",
    stipend: "Hỗ trợ hằng tháng",
    unpaid: "Không có",
    levels: "Dành cho",
    place: "Địa điểm",
    sector: "Ngành",
    source: "Nguồn",
    published_on: "đăng ngày",
    updated_on: "cập nhật ngày",
    how_to_apply: "Học sinh đăng ký qua giáo viên hướng nghiệp của trường; nhà trường đề cử trên hệ thống.",
    not_found_title: "Không tìm thấy trang",
    not_found: "Trang này không có hoặc đã được gỡ.",
    unavailable_title: "Tạm thời không hiển thị được",
    unavailable: "Hệ thống đang bận. Vui lòng thử lại sau ít phút.",
    level_lower_secondary_graduate: "Học sinh tốt nghiệp THCS",
    level_upper_secondary_student: "Học sinh THPT (lớp 10-12)",
    level_upper_secondary_graduate: "Học sinh tốt nghiệp THPT",
    level_college_student: "Học sinh, sinh viên trung cấp và cao đẳng",
};

const EN: Words = Words {
    site: "Hải Phòng Careers",
    tagline: "The city's information on career education and student streaming",
    skip_to_content: "Skip to the main content",
    nav_home: "Home",
    nav_offers: "Internships",
    other_language: "Tiếng Việt",
    footer: "Hải Phòng's information on career education and streaming in general education. \
             Every fact names its source and the date it was updated.",
    home_title: "Choosing a path after grade 9 and grade 12",
    home_intro: "This site helps pupils and their parents explore the paths of study and work: \
                 the schools, the trades and what Hải Phòng's businesses need.",
    after_grade_9_title: "After grade 9",
    after_grade_9: "Continue to upper secondary school, take an intermediate vocational programme (which can combine \
                    general-education subjects with the trade), or an elementary course to learn a trade quickly.",
    after_grade_12_title: "After grade 12",
    after_grade_12: "Go on to university, college or intermediate level, or start work and build a trade's skills \
                     with an employer.",
    latest_offers: "Internships taking nominations",
    all_offers: "See every internship",
    no_offers: "No internship matches right now.",
    offers_title: "Internships with businesses",
    offers_intro: "Hải Phòng's businesses take pupils and students as interns. Schools nominate students through the hub.",
    filter_text: "Internship title",
    filter_level: "Open to",
    filter_sector: "Sector (VSIC code)",
    filter_sector_hint: "For example 52 is warehousing and transport support",
    filter_open_only: "Only those taking nominations",
    any_level: "Anyone",
    search: "Search",
    next_page: "Next page",
    first_page: "Back to the first page",
    seats_left: "Seats left",
    deadline: "Nominations close",
    period: "Dates",
    stipend: "Monthly stipend",
    unpaid: "None",
    levels: "Open to",
    place: "Place",
    sector: "Sector",
    source: "Source",
    published_on: "published",
    updated_on: "updated",
    how_to_apply: "Pupils apply through their school's career-guidance teacher; the school nominates them in the hub.",
    not_found_title: "Page not found",
    not_found: "This page does not exist or has been taken down.",
    unavailable_title: "Temporarily unavailable",
    unavailable: "The hub is busy. Please try again in a few minutes.",
    level_lower_secondary_graduate: "Lower-secondary graduates",
    level_upper_secondary_student: "Upper-secondary pupils (grades 10-12)",
    level_upper_secondary_graduate: "Upper-secondary graduates",
    level_college_student: "Intermediate and college students",
};
