//! The CSV export opens in Python's `csv` module (as spreadsheet macros and analysts' scripts
//! read it) with the expected header, one row per group or enterprise, and a total row equal
//! to the GraphQL report.

use std::process::Command;

use super::*;

const FIGURE_HEADER: [&str; 16] = [
    "Tin thực tập",
    "Chỗ thực tập",
    "Đề cử được nhận",
    "Thực tập hoàn thành",
    "Giờ thực tập",
    "Thiết bị tặng",
    "Giá trị tặng (VND)",
    "Thiết bị cho mượn",
    "Giá trị cho mượn (VND)",
    "Lượt đặt xưởng",
    "Người tham gia đặt xưởng",
    "Hợp tác hiệu lực",
    "Hoạt động hướng nghiệp",
    "Học sinh được tiếp cận",
    "Sự kiện hướng nghiệp tổ chức",
    "Học sinh đăng ký sự kiện",
];

/// Downloads the export and parses it with Python's csv module; returns the rows.
async fn download(app: &TestApp, token: &str, query: &str) -> Vec<Vec<String>> {
    let url = format!("{}/reports/participation.csv?{query}", app.base_url);
    let response = app.client.get(&url).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename="));
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a byte-order mark");
    let path = std::env::temp_dir().join(format!("participation-{}.csv", uuid::Uuid::now_v7().simple()));
    std::fs::write(&path, &bytes).unwrap();
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    \
                  print(json.dumps(list(csv.reader(f)), ensure_ascii=False))";
    let output = Command::new("python3").arg("-c").arg(script).arg(&path).output().expect("python3 runs");
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn figure_cells(figures: &Value) -> Vec<String> {
    let cell = |name: &str| figures[name].as_i64().map(|n| n.to_string()).unwrap_or_default();
    vec![
        cell("offers"),
        cell("seats"),
        cell("nominationsAccepted"),
        cell("placementsCompleted"),
        cell("placementHours"),
        cell("equipmentDonations"),
        cell("equipmentDonatedValue"),
        cell("equipmentLoans"),
        cell("equipmentLentValue"),
        cell("bookingsHosted"),
        cell("bookingParticipants"),
        cell("activePartnerships"),
        cell("engagements"),
        cell("studentsReached"),
        cell("careerEventsHosted"),
        cell("careerEventStudents"),
    ]
}

hub_test!(async fn the_csv_opens_in_python_with_the_expected_header_and_totals(app) {
    let token = officer(&app);
    let year = this_year();
    let period = format!("01/01/{year} - 31/12/{year}");

    let rows = download(&app, &token, &format!("year={year}&groupBy=AREA")).await;
    let mut header = vec!["Khu vực", "Kỳ báo cáo", "Số tổ chức", "Số tổ chức tham gia"];
    header.extend(FIGURE_HEADER);
    assert_eq!(rows[0], header);
    let by_area = summary(&app, &token, year, "AREA").await;
    let groups = by_area["groups"].as_array().unwrap();
    assert_eq!(rows.len(), groups.len() + 3, "header, one row per area, total, unverified left out");
    assert!(rows.iter().any(|r| r[0] == "Phường Đông Hải"));
    let left_out = rows.last().unwrap();
    assert_eq!(left_out[..3], ["Tổ chức chưa xác minh (không tính)".to_owned(), period.clone(), by_area["unverifiedLeftOut"].to_string()]);
    assert_eq!(left_out.len(), header.len(), "the last row has every column");
    let total = &rows[rows.len() - 2];
    assert_eq!(total[..4], ["Tổng cộng".to_owned(), period.clone(),
        by_area["total"]["organizations"].to_string(), by_area["total"]["participating"].to_string()]);
    assert_eq!(total[4..], figure_cells(&by_area["total"]["figures"]));
    assert!(total[4].parse::<i64>().unwrap() > 0, "the demo year has offers");

    let rows = download(&app, &token, &format!("from={year}-01-01&to={year}-12-31&groupBy=sector")).await;
    assert_eq!(rows[0][0], "Ngành (VSIC)");
    assert!(rows.iter().any(|r| r[0] == "H - Vận tải kho bãi"), "{rows:?}");
    let by_sector = summary(&app, &token, year, "SECTOR").await;
    assert_eq!(rows[rows.len() - 2][4..], figure_cells(&by_sector["total"]["figures"]));

    // One row per enterprise, ranked, then the total; its one-owner columns add up.
    let rows = download(&app, &token, &format!("year={year}")).await;
    let mut header = vec!["Mã số thuế", "Tổ chức", "Khu vực", "Ngành (VSIC)", "Kỳ báo cáo"];
    header.extend(FIGURE_HEADER);
    assert_eq!(rows[0], header);
    // Verified businesses only, then the total and how many unverified ones were left out.
    let businesses =
        directory::demo_data::ORGANIZATIONS.iter().filter(|o| o.kind.is_business() && o.verified).count();
    assert_eq!(rows.len(), businesses + 3);
    let logistics = rows.iter().find(|r| r[0] == "0209772128").unwrap();
    assert_eq!(logistics[1..4], ["Công ty Cổ phần Logistics Bạch Đằng Việt", "Phường Đông Hải", "5210"]);
    assert!(rows.last().unwrap()[1].starts_with("Tổ chức chưa xác minh (không tính): "));
    let total = &rows[rows.len() - 2];
    assert_eq!(total[1], "Tổng cộng");
    for column in [5, 6, 8, 9] {
        let sum: i64 = rows[1..rows.len() - 2].iter().map(|r| r[column].parse::<i64>().unwrap()).sum();
        assert_eq!(total[column].parse::<i64>().unwrap(), sum, "column {}", rows[0][column]);
    }
});

hub_test!(async fn a_hostile_name_reaches_the_spreadsheet_as_text_not_a_formula(app) {
    // Anyone signed in may register an enterprise; its name ends up in the officers' export.
    let hostile = "=HYPERLINK(\"http://ke-gian.example/lay-du-lieu\",\"Bấm vào đây\")";
    let register = "mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }";
    let input = json!({ "kind": "ENTERPRISE", "name": hostile, "taxCode": crate::helpers::tax_code(9009), "industryCode": "3314",
                        "areaId": crate::helpers::demo_area("HP-P-LECHAN") });
    let school = app.token("thpt-tran-phu", Role::OrgAdmin);
    let id = app.data(Some(&school), register, json!({ "input": input })).await["registerOrganization"]["id"].clone();
    let token = officer(&app);
    app.data(Some(&token), "mutation($id: ID!) { verifyOrganization(id: $id) { id } }", json!({ "id": id })).await;

    let rows = download(&app, &token, &format!("year={}", this_year())).await;
    let row = rows.iter().find(|r| r[0] == crate::helpers::tax_code(9009)).expect("the new enterprise has a row");
    assert_eq!(row[1], format!("'{hostile}"), "a leading ' makes Excel show the cell as text");
    assert!(rows.iter().flatten().all(|cell| !cell.starts_with(['=', '+', '@'])), "no cell is a formula");
});
