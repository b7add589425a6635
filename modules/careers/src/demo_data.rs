//! The careers demo data set: occupations, support policies, programmes of the directory's demo
//! colleges and centres, events and the occupations bulletins are demonstrated for.
//!
//! Occupation codes are tier-4 codes in the shape of Decision 34/2020/QĐ-TTg; the demo uses the
//! ISCO-08 unit groups that the national classification's tier 4 mirrors for these trades,
//! without checking each against the decision's annex, so a code here is illustrative. Trade
//! codes have the level-IV list's shape (7 digits, 5… intermediate, 6… college) and are
//! likewise indicative. Institutions are the real public colleges and centre of the directory's
//! demo set (their programmes, tuition and figures are plausible, not official); "Trường Trung
//! cấp Kỹ thuật Nghiệp vụ Sóng Xanh" is fictional. Policies name real legal documents in a
//! one-line summary; the document, not the summary, is what applies.

use crate::kinds::{CareerEventKind, EntryPoint, VocationalLevel};

pub struct DemoOccupation {
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
    pub description: &'static str,
    pub levels: &'static [VocationalLevel],
    pub sections: &'static [&'static str],
    pub skills: &'static [&'static str],
}

use VocationalLevel::{College as COL, Elementary as ELEM, Intermediate as INT};

const fn occupation(
    code: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    description: &'static str,
    levels: &'static [VocationalLevel],
    sections: &'static [&'static str],
    skills: &'static [&'static str],
) -> DemoOccupation {
    DemoOccupation { code, name_vi, name_en, description, levels, sections, skills }
}

pub static OCCUPATIONS: &[DemoOccupation] = &[
    occupation("3115", "Kỹ thuật viên cơ khí", "Mechanical engineering technicians", "Hỗ trợ kỹ sư thiết kế, chế tạo, lắp đặt và bảo trì máy móc, thiết bị cơ khí.", &[COL], &["C", "M"], &["Đọc bản vẽ kỹ thuật", "Đo kiểm chính xác", "Lập quy trình gia công"]),
    occupation("3151", "Sĩ quan máy tàu thủy", "Ships' engineers", "Vận hành, bảo dưỡng máy chính, máy phụ và hệ thống điện trên tàu biển.", &[COL], &["H"], &["Vận hành máy diesel tàu thủy", "Tiếng Anh hàng hải", "An toàn hàng hải"]),
    occupation("3152", "Sĩ quan boong tàu", "Ships' deck officers and pilots", "Điều khiển, hành hải tàu biển và chỉ huy bộ phận boong.", &[COL], &["H"], &["Hàng hải điện tử", "Tiếng Anh hàng hải", "Xếp dỡ hàng hóa"]),
    occupation("3221", "Điều dưỡng viên", "Nursing associate professionals", "Chăm sóc, theo dõi người bệnh và phối hợp với bác sĩ trong điều trị.", &[INT, COL], &["Q"], &["Chăm sóc người bệnh", "Giao tiếp", "Kiểm soát nhiễm khuẩn"]),
    occupation("3512", "Kỹ thuật viên hỗ trợ người dùng công nghệ thông tin", "ICT user support technicians", "Cài đặt, khắc phục sự cố phần cứng, phần mềm và hướng dẫn người dùng.", &[INT, COL], &["J"], &["Cài đặt hệ điều hành", "Xử lý sự cố", "Giao tiếp với khách hàng"]),
    occupation("3513", "Kỹ thuật viên mạng máy tính", "Computer network and systems technicians", "Lắp đặt, cấu hình và giám sát mạng máy tính và hệ thống máy chủ.", &[INT, COL], &["J"], &["Cấu hình thiết bị mạng", "Bảo mật hệ thống", "Giám sát vận hành"]),
    occupation("4224", "Nhân viên lễ tân khách sạn", "Hotel receptionists", "Đón tiếp khách, làm thủ tục nhận và trả phòng, giải đáp yêu cầu của khách.", &[INT, COL], &["I"], &["Giao tiếp", "Ngoại ngữ", "Sử dụng phần mềm quản lý khách sạn"]),
    occupation("4311", "Nhân viên kế toán", "Accounting and bookkeeping clerks", "Ghi chép sổ sách, lập chứng từ và báo cáo kế toán của doanh nghiệp.", &[INT, COL], &["M"], &["Nghiệp vụ kế toán", "Tin học văn phòng", "Cẩn thận, chính xác"]),
    occupation("4321", "Nhân viên kho hàng", "Stock clerks", "Nhận, kiểm đếm, sắp xếp và xuất hàng hóa trong kho; theo dõi tồn kho.", &[ELEM, INT, COL], &["H", "G"], &["Quản lý tồn kho", "Sử dụng máy quét mã vạch", "An toàn kho bãi"]),
    occupation("4323", "Nhân viên điều độ vận tải", "Transport clerks", "Lập kế hoạch, điều phối phương tiện và theo dõi lô hàng vận chuyển.", &[INT, COL], &["H"], &["Lập kế hoạch vận tải", "Chứng từ xuất nhập khẩu", "Phối hợp nhóm"]),
    occupation("5113", "Hướng dẫn viên du lịch", "Travel guides", "Đưa đón, thuyết minh và chăm sóc khách trong các chuyến tham quan.", &[INT, COL], &["N"], &["Thuyết minh", "Ngoại ngữ", "Xử lý tình huống"]),
    occupation("5120", "Đầu bếp", "Cooks", "Sơ chế, chế biến và trình bày món ăn tại nhà hàng, khách sạn, bếp ăn công nghiệp.", &[ELEM, INT, COL], &["I"], &["Kỹ thuật chế biến món ăn", "Vệ sinh an toàn thực phẩm", "Làm việc theo ca"]),
    occupation("5131", "Nhân viên phục vụ nhà hàng", "Waiters", "Đón khách, nhận yêu cầu và phục vụ đồ ăn, đồ uống.", &[ELEM, INT], &["I"], &["Giao tiếp", "Nghiệp vụ bàn", "Ngoại ngữ cơ bản"]),
    occupation("5321", "Nhân viên hộ lý", "Health care assistants", "Hỗ trợ chăm sóc cá nhân cho người bệnh, người cao tuổi tại cơ sở y tế.", &[ELEM, INT], &["Q"], &["Chăm sóc cá nhân", "Kiên nhẫn", "Vệ sinh phòng bệnh"]),
    occupation("6221", "Lao động nuôi trồng thủy sản", "Aquaculture workers", "Nuôi, chăm sóc và thu hoạch tôm, cá, nhuyễn thể tại ao, lồng, bè.", &[ELEM, INT], &["A"], &["Quản lý môi trường nước", "Phòng bệnh thủy sản", "Sử dụng thức ăn hợp lý"]),
    occupation("7112", "Thợ xây", "Bricklayers and related workers", "Xây tường, trát, ốp lát và hoàn thiện công trình.", &[ELEM, INT], &["F"], &["Đọc bản vẽ xây dựng", "Xây, trát, ốp lát", "An toàn lao động"]),
    occupation("7115", "Thợ mộc", "Carpenters and joiners", "Gia công, lắp dựng kết cấu gỗ và đồ gỗ nội thất.", &[ELEM, INT], &["F", "C"], &["Sử dụng máy gia công gỗ", "Đọc bản vẽ", "Hoàn thiện bề mặt"]),
    occupation("7126", "Thợ lắp đặt đường ống nước", "Plumbers and pipe fitters", "Lắp đặt, sửa chữa hệ thống cấp thoát nước và đường ống công nghiệp.", &[ELEM, INT], &["F"], &["Đọc bản vẽ hệ thống", "Hàn, ren ống", "Kiểm tra áp lực"]),
    occupation("7127", "Thợ điện lạnh", "Air conditioning and refrigeration mechanics", "Lắp đặt, bảo dưỡng và sửa chữa điều hòa không khí, kho lạnh.", &[ELEM, INT, COL], &["F", "C"], &["Chẩn đoán hư hỏng", "Nạp gas môi chất lạnh", "An toàn điện"]),
    occupation("7212", "Thợ hàn", "Welders and flame cutters", "Hàn, cắt kim loại bằng hồ quang, khí và các công nghệ hàn tự động.", &[ELEM, INT, COL], &["C", "F"], &["Hàn hồ quang tay", "Hàn MIG/MAG, TIG", "Đọc ký hiệu mối hàn"]),
    occupation("7214", "Thợ lắp ráp kết cấu thép, vỏ tàu", "Structural-metal preparers and erectors", "Chế tạo, lắp ráp kết cấu thép, phân đoạn vỏ tàu và khung nhà xưởng.", &[INT, COL], &["C", "F"], &["Đọc bản vẽ kết cấu", "Gá lắp", "Làm việc trên cao an toàn"]),
    occupation("7223", "Thợ vận hành máy công cụ", "Metal working machine tool setters and operators", "Vận hành máy tiện, phay, mài và máy CNC để gia công chi tiết kim loại.", &[ELEM, INT, COL], &["C"], &["Lập trình CNC", "Đo kiểm", "Chọn chế độ cắt"]),
    occupation("7231", "Thợ sửa chữa ô tô", "Motor vehicle mechanics and repairers", "Kiểm tra, bảo dưỡng, chẩn đoán và sửa chữa ô tô.", &[ELEM, INT, COL], &["G", "C"], &["Chẩn đoán bằng máy", "Sửa chữa động cơ", "Hệ thống điện ô tô"]),
    occupation("7233", "Thợ sửa chữa máy công nghiệp", "Agricultural and industrial machinery mechanics", "Lắp đặt, bảo trì, sửa chữa máy móc, thiết bị công nghiệp và nông nghiệp.", &[INT, COL], &["C"], &["Bảo trì phòng ngừa", "Thủy lực, khí nén", "Đọc bản vẽ lắp"]),
    occupation("7411", "Thợ điện công trình", "Building and related electricians", "Lắp đặt, sửa chữa hệ thống điện trong nhà ở, công trình và nhà xưởng.", &[ELEM, INT, COL], &["F"], &["Lắp đặt mạng điện", "Đọc sơ đồ điện", "An toàn điện"]),
    occupation("7412", "Thợ điện công nghiệp", "Electrical mechanics and fitters", "Lắp đặt, vận hành, bảo trì động cơ, tủ điện và hệ thống điều khiển công nghiệp.", &[INT, COL], &["C", "D"], &["Lập trình PLC", "Sửa chữa động cơ điện", "Đọc sơ đồ điều khiển"]),
    occupation("7421", "Thợ sửa chữa thiết bị điện tử", "Electronics mechanics and servicers", "Kiểm tra, sửa chữa mạch và thiết bị điện tử công nghiệp và dân dụng.", &[ELEM, INT, COL], &["C", "S"], &["Đo kiểm mạch điện tử", "Hàn linh kiện", "Đọc sơ đồ mạch"]),
    occupation("7512", "Thợ làm bánh", "Bakers, pastry-cooks and confectionery makers", "Làm bánh mì, bánh ngọt và sản phẩm bánh kẹo.", &[ELEM], &["C", "I"], &["Phối trộn nguyên liệu", "Vận hành lò nướng", "Vệ sinh an toàn thực phẩm"]),
    occupation("7531", "Thợ may", "Tailors, dressmakers and hatters", "Cắt, may và hoàn thiện quần áo theo số đo hoặc mẫu.", &[ELEM, INT], &["C"], &["Lấy số đo", "Cắt may", "Hoàn thiện sản phẩm"]),
    occupation("8153", "Công nhân may công nghiệp", "Sewing machine operators", "Vận hành máy may công nghiệp trên dây chuyền sản xuất hàng may mặc.", &[ELEM], &["C"], &["Vận hành máy may", "Làm việc theo dây chuyền", "Kiểm tra chất lượng"]),
    occupation("8212", "Công nhân lắp ráp điện tử", "Electrical and electronic equipment assemblers", "Lắp ráp, kiểm tra linh kiện và sản phẩm điện tử trên dây chuyền.", &[ELEM, INT], &["C"], &["Thao tác chính xác", "Đọc hướng dẫn công việc", "Kiểm soát tĩnh điện"]),
    occupation("8322", "Lái xe ô tô", "Car, taxi and van drivers", "Lái xe chở người và hàng hóa, bảo đảm an toàn giao thông.", &[ELEM], &["H"], &["Lái xe an toàn", "Bảo dưỡng xe cơ bản", "Giao tiếp với khách"]),
    occupation("8343", "Công nhân vận hành cần trục", "Crane, hoist and related plant operators", "Vận hành cần trục, cẩu bờ và thiết bị nâng tại cảng và công trường.", &[ELEM, INT], &["H", "F"], &["Vận hành thiết bị nâng", "Tín hiệu điều khiển", "An toàn nâng hạ"]),
    occupation("8344", "Lái xe nâng hàng", "Lifting truck operators", "Lái xe nâng để bốc xếp, sắp xếp hàng hóa trong kho và bãi cảng.", &[ELEM], &["H"], &["Lái xe nâng", "Sắp xếp hàng hóa", "An toàn kho bãi"]),
    occupation("8350", "Thủy thủ", "Ships' deck crews", "Làm việc trên boong tàu: trực ca, làm dây, bảo quản tàu và hàng hóa.", &[ELEM, INT], &["H"], &["Kỹ năng đi biển", "Bơi và cứu sinh", "Bảo quản vỏ tàu"]),
    occupation("9333", "Công nhân bốc xếp", "Freight handlers", "Bốc xếp, vận chuyển hàng hóa tại cảng, kho và phương tiện vận tải.", &[ELEM], &["H"], &["Sức khỏe tốt", "An toàn lao động", "Phối hợp nhóm"]),
];

pub struct DemoPolicy {
    pub title: &'static str,
    pub description: &'static str,
    pub legal_source: &'static str,
}

pub static POLICIES: &[DemoPolicy] = &[
    DemoPolicy {
        title: "Miễn học phí trung cấp cho người tốt nghiệp THCS",
        description: "Người đã tốt nghiệp trung học cơ sở học tiếp lên trình độ trung cấp được miễn học phí (tóm tắt minh họa; xem văn bản gốc).",
        legal_source: "Luật Giáo dục nghề nghiệp 2014; Nghị định 81/2021/NĐ-CP",
    },
    DemoPolicy {
        title: "Hỗ trợ đào tạo trình độ sơ cấp",
        description: "Hỗ trợ chi phí đào tạo trình độ sơ cấp và dưới 3 tháng cho lao động nông thôn và một số đối tượng chính sách (tóm tắt minh họa; xem văn bản gốc).",
        legal_source: "Quyết định 46/2015/QĐ-TTg",
    },
    DemoPolicy {
        title: "Chính sách nội trú",
        description: "Học bổng và hỗ trợ chi phí cho học sinh, sinh viên thuộc đối tượng chính sách học trung cấp, cao đẳng (tóm tắt minh họa; xem văn bản gốc).",
        legal_source: "Quyết định 53/2015/QĐ-TTg",
    },
    DemoPolicy {
        title: "Giảm học phí ngành, nghề nặng nhọc, độc hại, khó tuyển sinh",
        description: "Giảm học phí cho người học các ngành, nghề nặng nhọc, độc hại, nguy hiểm hoặc khó tuyển sinh mà xã hội có nhu cầu (tóm tắt minh họa; xem văn bản gốc).",
        legal_source: "Nghị định 81/2021/NĐ-CP",
    },
];

pub struct DemoProgramme {
    pub institution: &'static str,
    pub name: &'static str,
    pub trade_code: Option<&'static str>,
    pub level: VocationalLevel,
    pub months: i32,
    pub tuition_vnd: i64,
    pub combines: bool,
    pub entry: &'static [EntryPoint],
    pub description: &'static str,
    pub occupations: &'static [&'static str],
    /// Indexes into `POLICIES`.
    pub policies: &'static [usize],
    /// The planned intake a year; admissions are derived from it.
    pub quota: i32,
}

use EntryPoint::{AfterGrade9 as G9, AfterGrade12 as G12};

#[allow(clippy::too_many_arguments)]
const fn programme(
    institution: &'static str,
    name: &'static str,
    trade_code: Option<&'static str>,
    level: VocationalLevel,
    months: i32,
    tuition_vnd: i64,
    combines: bool,
    entry: &'static [EntryPoint],
    description: &'static str,
    occupations: &'static [&'static str],
    policies: &'static [usize],
    quota: i32,
) -> DemoProgramme {
    DemoProgramme {
        institution,
        name,
        trade_code,
        level,
        months,
        tuition_vnd,
        combines,
        entry,
        description,
        occupations,
        policies,
        quota,
    }
}

pub static PROGRAMMES: &[DemoProgramme] = &[
    programme("cd-cong-nghiep-hp", "Công nghệ ô tô", Some("6510216"), COL, 30, 11_500_000, false, &[G12], "Bảo dưỡng, chẩn đoán và sửa chữa ô tô; thực tập tại các xưởng dịch vụ ô tô của thành phố.", &["7231", "3115"], &[2], 120),
    programme("cd-cong-nghiep-hp", "Hàn", Some("5520123"), INT, 36, 8_900_000, true, &[G9], "Hàn hồ quang, MIG/MAG, TIG; học song song chương trình văn hóa cho học sinh tốt nghiệp THCS.", &["7212", "7214"], &[0, 3], 90),
    programme("cd-cong-nghiep-hp", "Điện công nghiệp", Some("6520227"), COL, 30, 11_000_000, false, &[G12], "Lắp đặt, vận hành và bảo trì hệ thống điện, PLC trong nhà máy.", &["7412", "7411"], &[2], 150),
    programme("cd-cong-nghiep-hp", "Điện công nghiệp", Some("5520227"), INT, 36, 8_900_000, true, &[G9, G12], "Lắp đặt điện nhà xưởng và tủ điều khiển; học văn hóa kết hợp cho học sinh sau THCS.", &["7411", "7412"], &[0], 105),
    programme("cd-hang-hai-1", "Điều khiển tàu biển", Some("6840107"), COL, 36, 13_000_000, false, &[G12], "Hàng hải, điều động tàu, tiếng Anh hàng hải; thực tập trên tàu huấn luyện.", &["3152", "8350"], &[2, 3], 160),
    programme("cd-hang-hai-1", "Khai thác máy tàu thủy", Some("6840110"), COL, 36, 13_000_000, false, &[G12], "Vận hành, bảo dưỡng máy chính, máy phụ và hệ thống điện tàu thủy.", &["3151"], &[2, 3], 140),
    programme("cd-hang-hai-1", "Logistics", Some("6340113"), COL, 30, 12_500_000, false, &[G12], "Giao nhận, kho bãi, chứng từ xuất nhập khẩu; thực tập tại doanh nghiệp cảng và kho vận.", &["4321", "4323", "8344"], &[], 200),
    programme("cd-hang-hai-1", "Thủy thủ tàu biển", None, ELEM, 6, 6_000_000, false, &[G9, G12], "Kỹ năng boong cơ bản, an toàn sinh mạng trên biển; chứng chỉ sơ cấp.", &["8350"], &[1], 60),
    programme("cd-bach-nghe-hp", "Cắt gọt kim loại", Some("6520121"), COL, 30, 10_500_000, false, &[G12], "Tiện, phay, mài và lập trình gia công CNC.", &["7223", "3115"], &[3], 100),
    programme("cd-bach-nghe-hp", "Kỹ thuật máy lạnh và điều hòa không khí", Some("5520205"), INT, 36, 8_500_000, true, &[G9], "Lắp đặt, bảo dưỡng điều hòa và kho lạnh; học văn hóa kết hợp.", &["7127"], &[0], 70),
    programme("cd-bach-nghe-hp", "Kỹ thuật chế biến món ăn", Some("5810207"), INT, 24, 8_500_000, true, &[G9, G12], "Chế biến món ăn Á, Âu; thực hành tại bếp trường và khách sạn liên kết.", &["5120", "7512"], &[0], 80),
    programme("cd-bach-nghe-hp", "Quản trị mạng máy tính", Some("6480209"), COL, 30, 10_500_000, false, &[G12], "Lắp đặt, quản trị mạng và máy chủ; an toàn thông tin cơ bản.", &["3513", "3512"], &[], 90),
    programme("tt-gdnn-gdtx-an-lao", "May công nghiệp", None, ELEM, 3, 0, false, &[G9, G12], "Vận hành máy may công nghiệp, may sản phẩm cơ bản; chứng chỉ sơ cấp.", &["8153", "7531"], &[1], 70),
    programme("tt-gdnn-gdtx-an-lao", "Điện dân dụng", None, ELEM, 3, 0, false, &[G9, G12], "Lắp đặt, sửa chữa điện trong nhà; chứng chỉ sơ cấp.", &["7411"], &[1], 40),
    programme("tt-gdnn-gdtx-an-lao", "Nuôi trồng thủy sản", None, ELEM, 3, 0, false, &[G9, G12], "Kỹ thuật nuôi tôm, cá nước lợ và phòng bệnh thủy sản.", &["6221"], &[1], 35),
    programme("tc-song-xanh", "Điện tử công nghiệp", Some("5520225"), INT, 36, 8_000_000, true, &[G9], "Lắp ráp, sửa chữa mạch và thiết bị điện tử; học văn hóa kết hợp.", &["7421", "8212"], &[0], 60),
    programme("tc-song-xanh", "Nghiệp vụ lễ tân", Some("5810203"), INT, 24, 7_500_000, false, &[G9, G12], "Lễ tân khách sạn, giao tiếp và ngoại ngữ; thực tập tại khách sạn ở Cát Bà.", &["4224", "5131"], &[0], 45),
    programme("tc-song-xanh", "Kế toán doanh nghiệp", Some("5340302"), INT, 24, 7_500_000, false, &[G9, G12], "Kế toán doanh nghiệp nhỏ và vừa, phần mềm kế toán.", &["4311"], &[0], 50),
];

pub struct DemoEvent {
    pub host: &'static str,
    pub kind: CareerEventKind,
    pub title: &'static str,
    pub description: &'static str,
    pub place: &'static str,
    pub area: &'static str,
    pub days_from_today: i64,
    /// Local start and end minute.
    pub time: (i32, i32),
    pub capacity: i32,
    pub grades: &'static [i32],
    /// Schools registered (demo key, students).
    pub registrations: &'static [(&'static str, i32)],
}

pub static EVENTS: &[DemoEvent] = &[
    DemoEvent {
        host: "cd-hang-hai-1",
        kind: CareerEventKind::OpenDay,
        title: "Ngày hội tư vấn tuyển sinh Trường Cao đẳng Hàng hải I",
        description: "Tham quan phòng mô phỏng buồng lái, xưởng máy tàu; tư vấn các ngành hàng hải và logistics.",
        place: "Số 498 đường Đà Nẵng, phường Đông Hải",
        area: "HP-P-DONGHAI",
        days_from_today: 12,
        time: (8 * 60, 11 * 60 + 30),
        capacity: 400,
        grades: &[9, 12],
        registrations: &[("thpt-ngo-quyen", 40), ("thcs-dong-hai", 60)],
    },
    DemoEvent {
        host: "so-gddt",
        kind: CareerEventKind::CareerDay,
        title: "Ngày hội tư vấn hướng nghiệp, phân luồng học sinh sau THCS",
        description: "Các trường cao đẳng, trung cấp và trung tâm GDNN-GDTX giới thiệu chương trình, chính sách hỗ trợ người học; tư vấn cho học sinh lớp 9 và phụ huynh.",
        place: "Cung Văn hóa Thể thao Thanh niên Hải Phòng",
        area: "HP-P-NGOQUYEN",
        days_from_today: 26,
        time: (7 * 60 + 30, 11 * 60 + 30),
        capacity: 1500,
        grades: &[9],
        registrations: &[("thcs-chu-van-an", 120), ("thcs-to-hieu", 90), ("thcs-tran-phu", 80)],
    },
    DemoEvent {
        host: "dn-dong-tau-trieu-xanh",
        kind: CareerEventKind::CompanyVisit,
        title: "Một ngày làm thợ đóng tàu",
        description: "Tham quan xưởng phân đoạn vỏ tàu, trải nghiệm an toàn với thợ hàn và thợ lắp ráp.",
        place: "Lô 12 bờ bắc sông Cấm, phường Thủy Nguyên",
        area: "HP-P-THUYNGUYEN",
        days_from_today: 40,
        time: (8 * 60, 11 * 60),
        capacity: 60,
        grades: &[10, 11, 12],
        registrations: &[("thpt-kien-an", 35)],
    },
    DemoEvent {
        host: "cd-cong-nghiep-hp",
        kind: CareerEventKind::OpenDay,
        title: "Ngày hội mở Trường Cao đẳng Kỹ thuật Hải Phòng",
        description: "Trải nghiệm xưởng ô tô, hàn và điện công nghiệp; giới thiệu chương trình trung cấp kết hợp văn hóa.",
        place: "Đường Hồng Bàng, phường Hồng Bàng",
        area: "HP-P-HONGBANG",
        days_from_today: 55,
        time: (13 * 60 + 30, 16 * 60 + 30),
        capacity: 300,
        grades: &[9, 12],
        registrations: &[],
    },
    DemoEvent {
        host: "dn-logistics-bach-dang",
        kind: CareerEventKind::CompanyVisit,
        title: "Tham quan trung tâm kho vận Đình Vũ",
        description: "Tìm hiểu công việc nhân viên kho, điều độ vận tải và lái xe nâng.",
        place: "Số 18 đường Đình Vũ, phường Đông Hải",
        area: "HP-P-DONGHAI",
        days_from_today: 70,
        time: (8 * 60 + 30, 11 * 60),
        capacity: 40,
        grades: &[11, 12],
        registrations: &[],
    },
    DemoEvent {
        host: "tt-gdnn-gdtx-an-lao",
        kind: CareerEventKind::OpenDay,
        title: "Ngày hội học nghề sơ cấp tại Trung tâm GDNN-GDTX An Lão",
        description: "Giới thiệu các lớp sơ cấp may công nghiệp, điện dân dụng và nuôi trồng thủy sản.",
        place: "Đường Nguyễn Văn Trỗi, xã An Lão",
        area: "HP-X-ANLAO",
        days_from_today: 90,
        time: (8 * 60, 11 * 60),
        capacity: 150,
        grades: &[9],
        registrations: &[],
    },
];

/// Occupations the demo bulletins cover (eight quarters each, for the whole city).
pub static BULLETIN_OCCUPATIONS: &[&str] = &["7212", "7231", "7412", "4321", "8350", "5120", "8153", "3513"];

/// VSIC sections the demo bulletins cover.
pub static BULLETIN_SECTIONS: &[&str] = &["C", "H"];

pub const BULLETIN_PUBLISHER: &str = "Trung tâm Dịch vụ việc làm Hải Phòng (số liệu minh họa)";
pub const BULLETIN_SOURCE: &str = "Dữ liệu minh họa của hệ thống, không phải số liệu chính thức";
