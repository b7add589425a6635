//! The screens for partnerships, yearly reports, indicator figures, workshops and members, in
//! the browser on a fresh database, asserting what each person sees: the enterprise proposes
//! a partnership (a missing school is shown at its field) that the school accepts; the
//! enterprise records a guest talk under it, the school confirms it and sees it delivered
//! against the commitment; the school submits its yearly report, the Education and Training
//! officer returns it with a note the school then reads, and the school corrects an indicator
//! figure with its reason; the college, in English, publishes a workshop and edits it, and the
//! school finds it; the enterprise's administrator, in English, invites a member and revokes
//! the invitation (a sign-in vouching for no email address cannot accept a code).

use chrono::Datelike;
use hub_common::Role;
use serde_json::json;

use super::*;
use crate::chromium::{Browser, chromium_available};
use crate::helpers::{TestApp, demo_org};
use crate::hub_test;

/// A short suffix that keeps this run's titles apart from the demo data's.
fn suffix() -> String {
    uuid::Uuid::now_v7().simple().to_string()[26..].to_owned()
}

/// Chooses the option whose text is `option` in the select labelled `label` inside `scope`.
async fn choose(page: &mut Page, scope: &str, label: &str, option: &str) {
    let found = page
        .eval(&format!(
            "(() => {{ const scope = document.querySelector({}); \
               const label = [...scope.querySelectorAll('label')].find((l) => l.innerText.trim() === {}); \
               if (!label) return false; const box = document.getElementById(label.htmlFor); \
               const o = [...box.options].find((o) => o.text === {}); if (!o) return false; \
               box.value = o.value; box.dispatchEvent(new Event('change', {{ bubbles: true }})); return true; }})()",
            json!(scope),
            json!(label),
            json!(option)
        ))
        .await;
    assert_eq!(found, true, "no option {option:?} for {label:?} in {scope}");
}

/// The texts of the cells of the table row headed `heading` inside `scope`.
async fn row(page: &mut Page, scope: &str, heading: &str) -> Vec<String> {
    let cells = page
        .eval(&format!(
            "(() => {{ const r = [...document.querySelectorAll({} + ' tr')].find((r) => r.querySelector('th') && r.querySelector('th').innerText.startsWith({})); \
               return r ? [...r.querySelectorAll('td')].map((c) => c.innerText.trim()) : null; }})()",
            json!(scope),
            json!(heading)
        ))
        .await;
    serde_json::from_value(cells.clone()).unwrap_or_else(|_| panic!("no row {heading:?} in {scope}: {cells}"))
}

/// Finds an organization by name in the picker of `form` and ticks it.
async fn pick(page: &mut Page, form: &str, search: &str, name: &str) {
    fill(page, form, "Tên tổ chức", search).await;
    press(page, form, "Tìm").await;
    wait_in(page, &format!("{form} [data-found]"), name).await;
    check(page, form, name).await;
}

hub_test!(
    async fn partnerships_reports_workshops_and_members_work_in_the_browser(app) {
        if !chromium_available() {
            return;
        }
        let browser = Browser::start();
        partnership(&app, &browser).await;
        yearly_report(&app, &browser).await;
        workshop(&app, &browser).await;
        invitation(&app, &browser).await;
    }
);

async fn partnership(app: &TestApp, browser: &Browser) {
    let db = app.database_url.as_str();
    let title = format!("Hợp tác đào tạo kho vận {}", suffix());
    let year = hub_common::time::today().year().to_string();

    // The enterprise proposes; without a school the API's refusal lands at the parties.
    let mut enterprise = browser.isolated_page().await;
    viewport(&mut enterprise, DESKTOP).await;
    sign_in(&mut enterprise, &app.base_url, "dn-logistics-bach-dang").await;
    go(&mut enterprise, "Hợp tác").await;
    wait_text(&mut enterprise, "Các thỏa thuận hợp tác của tổ chức").await;
    press(&mut enterprise, "#view", "Đề xuất hợp tác").await;
    enterprise.wait_for("!!document.getElementById('partnership-form')", WAIT).await;
    let form = "#partnership-form";
    choose(&mut enterprise, form, "Loại hợp tác", "Chương trình thực tập").await;
    fill(&mut enterprise, form, "Tên thỏa thuận", &title).await;
    fill(&mut enterprise, form, "Hiệu lực từ ngày", &shown(day(0))).await;
    fill(&mut enterprise, form, "Hiệu lực đến ngày", &shown(day(365))).await;
    choose(&mut enterprise, form, "Loại cam kết", "Buổi nói chuyện nghề nghiệp").await;
    fill(&mut enterprise, form, "Số lượng mỗi năm", "4").await;
    press(&mut enterprise, form, "Gửi đề xuất").await;
    let error = field_error(&mut enterprise, form, "partyIds").await;
    assert_eq!(
        error,
        "Cần một cơ sở giáo dục và một doanh nghiệp, hiệp hội doanh nghiệp hoặc cơ sở giáo dục nghề nghiệp, đại học; mỗi bên chỉ chọn một lần.",
        "the refusal is shown at the parties, in Vietnamese"
    );
    pick(&mut enterprise, form, "Trần Phú", "Trường THPT chuyên Trần Phú").await;
    press(&mut enterprise, form, "Gửi đề xuất").await;
    wait_text(&mut enterprise, "Đã gửi đề xuất; các bên còn lại cần đồng ý.").await;
    mark_all(&mut enterprise, "#partnership-list li.card", &[&title], "proposal").await;
    wait_in(&mut enterprise, "#proposal", "Chờ các bên đồng ý").await;
    wait_in(&mut enterprise, "#proposal", "Trường THPT chuyên Trần Phú — chưa đồng ý").await;
    assert_accessible(&mut enterprise, "the proposed partnership").await;
    screenshot(&mut enterprise, db, "enterprise-partnership-proposed").await;

    // The school, on a phone, accepts: the partnership is active.
    let mut school = browser.isolated_page().await;
    viewport(&mut school, PHONE).await;
    sign_in(&mut school, &app.base_url, "thpt-tran-phu").await;
    go(&mut school, "Hợp tác").await;
    mark_all(&mut school, "#partnership-list li.card", &[&title], "partnership").await;
    wait_in(&mut school, "#partnership", "Chờ các bên đồng ý").await;
    press(&mut school, "#partnership", "Đồng ý hợp tác").await;
    mark_all(&mut school, "#partnership-list li.card", &[&title, "Đang hiệu lực"], "partnership").await;
    // Promised and delivered this year; beside them what the parties did naming no
    // partnership (the demo data's), never added to the delivery.
    let progress = row(&mut school, "#partnership", "Buổi nói chuyện nghề nghiệp").await;
    assert_eq!(progress[..2], ["4", "0"], "promised and delivered in {year}: {progress:?}");
    assert!(progress[2].parse::<u32>().is_ok(), "the unattributed figure is shown: {progress:?}");
    assert_fits(&mut school, "the accepted partnership").await;
    screenshot(&mut school, db, "school-partnership-accepted-phone").await;

    // The enterprise records a guest talk under it, naming the school.
    go(&mut enterprise, "Hoạt động với học sinh").await;
    press(&mut enterprise, "#view", "Ghi nhận hoạt động").await;
    enterprise.wait_for("!!document.getElementById('engagement-form')", WAIT).await;
    let form = "#engagement-form";
    choose(&mut enterprise, form, "Loại hoạt động", "Buổi nói chuyện").await;
    fill(&mut enterprise, form, "Ngày diễn ra", &shown(day(0))).await;
    choose(&mut enterprise, form, "Thuộc hợp tác", &title).await;
    pick(&mut enterprise, form, "Trần Phú", "Trường THPT chuyên Trần Phú").await;
    choose(&mut enterprise, form, "Lớp", "Lớp 11").await;
    fill(&mut enterprise, form, "Số học sinh", "40").await;
    press(&mut enterprise, form, "Ghi nhận").await;
    wait_text(&mut enterprise, "Đã ghi nhận hoạt động.").await;
    mark_all(&mut enterprise, "#engagement-list li.card", &[&title], "talk").await;
    wait_in(&mut enterprise, "#talk", "Chờ xác nhận: Trường THPT chuyên Trần Phú").await;
    wait_in(&mut enterprise, "#talk", "40 học sinh").await;

    // The school confirms it; now it counts as delivered.
    go(&mut school, "Hoạt động với học sinh").await;
    mark_all(&mut school, "#engagement-list li.card", &[&title], "talk").await;
    press(&mut school, "#talk", "Xác nhận tham gia").await;
    wait_in(&mut school, "#engagement-list li.card", "Mọi bên đã xác nhận.").await;
    assert_accessible(&mut school, "the confirmed engagement").await;
    go(&mut school, "Hợp tác").await;
    mark_all(&mut school, "#partnership-list li.card", &[&title], "partnership").await;
    let delivered = row(&mut school, "#partnership", "Buổi nói chuyện nghề nghiệp").await;
    assert_eq!(delivered[..2], ["4", "1"], "the confirmed talk is delivered: {delivered:?}");
    assert_eq!(delivered[2], progress[2], "and is not unattributed");
    let stored = app
        .data(
            Some(&app.token("thpt-tran-phu", Role::OrgMember)),
            "query($filter: PartnershipFilter) { partnerships(filter: $filter) { nodes { title status } } }",
            json!({ "filter": { "organizationId": demo_org("thpt-tran-phu"), "status": "ACTIVE" } }),
        )
        .await;
    assert!(
        stored["partnerships"]["nodes"]
            .as_array()
            .unwrap()
            .contains(&json!({ "title": title, "status": "ACTIVE" })),
        "{stored}"
    );
}

async fn yearly_report(app: &TestApp, browser: &Browser) {
    let db = app.database_url.as_str();
    // The demo school's reports of this year and last are accepted: it writes an older one.
    let year = (hub_common::time::today().year() - 2).to_string();
    let heading = format!("Báo cáo năm {year}");
    let note = "Thiếu số học sinh tham gia trải nghiệm nghề nghiệp.";

    let mut school = browser.isolated_page().await;
    viewport(&mut school, PHONE).await;
    sign_in(&mut school, &app.base_url, "thpt-tran-phu").await;
    go(&mut school, "Báo cáo năm").await;
    school.wait_for("!!document.getElementById('report-form')", WAIT).await;
    fill(&mut school, "#report-form", "Năm báo cáo", &year).await;
    fill(
        &mut school,
        "#report-form",
        "Nội dung báo cáo",
        "Nhà trường tổ chức 6 buổi hướng nghiệp cho khối 11.",
    )
    .await;
    press(&mut school, "#report-form", "Lưu và nộp").await;
    wait_in(&mut school, "#report-form", "Đã nộp báo cáo.").await;
    mark_all(&mut school, "#report-list li.card", &[&heading], "report").await;
    wait_in(&mut school, "#report", "Đã nộp, chờ Sở duyệt").await;

    // The Education and Training officer returns it; a return without a note is refused.
    let mut officer = browser.isolated_page().await;
    viewport(&mut officer, DESKTOP).await;
    sign_in(&mut officer, &app.base_url, "so-gddt").await;
    go(&mut officer, "Duyệt báo cáo năm").await;
    mark_all(&mut officer, "#review-list li.card", &["Trường THPT chuyên Trần Phú", &heading], "submitted")
        .await;
    press(&mut officer, "#submitted", "Trả lại").await;
    let error = field_error(&mut officer, "#submitted", "reason").await;
    assert_eq!(error, "Cần ghi ý kiến khi trả lại báo cáo.");
    fill(&mut officer, "#submitted", "Ý kiến gửi trường", note).await;
    press(&mut officer, "#submitted", "Trả lại").await;
    mark_all(
        &mut officer,
        "#review-list li.card",
        &["Trường THPT chuyên Trần Phú", &heading, "Bị trả lại"],
        "returned",
    )
    .await;
    // A report sent back waits on the school: drawn as a warning, unlike equipment returned.
    let (colour, warn) = badge_colour(&mut officer, "#returned", "Bị trả lại", "--warn").await;
    assert_eq!(colour, warn, "a returned report is drawn as a warning");
    assert_accessible(&mut officer, "the returned report").await;
    screenshot(&mut officer, db, "officer-report-returned").await;

    // The school reads the note, edits the report and sends it again.
    go(&mut school, "Hợp tác").await;
    go(&mut school, "Báo cáo năm").await;
    mark_all(&mut school, "#report-list li.card", &[&heading, "Bị trả lại"], "report").await;
    wait_in(&mut school, "#report", &format!("Ý kiến của Sở: {note}")).await;
    screenshot(&mut school, db, "school-report-returned-phone").await;
    press(&mut school, "#report", "Sửa báo cáo").await;
    let kept = school.eval("document.querySelector('#report-form [name=summary]').value").await;
    assert_eq!(kept, "Nhà trường tổ chức 6 buổi hướng nghiệp cho khối 11.", "the report opens for editing");
    fill(
        &mut school,
        "#report-form",
        "Nội dung báo cáo",
        "Nhà trường tổ chức 6 buổi hướng nghiệp cho khối 11; 212 học sinh tham gia trải nghiệm nghề nghiệp.",
    )
    .await;
    press(&mut school, "#report-form", "Lưu và nộp").await;
    mark_all(&mut school, "#report-list li.card", &[&heading, "Đã nộp, chờ Sở duyệt"], "report").await;

    // Its indicator figure for a school year already reported is a correction: the reason is
    // asked for at its field, then the new version is shown.
    let school_year = if hub_common::time::today().month() >= 9 {
        hub_common::time::today().year() + 1
    } else {
        hub_common::time::today().year()
    };
    let token = app.token("thpt-tran-phu", Role::OrgMember);
    let input = json!({ "indicator": "UPPER_SECONDARY_TO_COLLEGE", "organizationId": demo_org("thpt-tran-phu"), "year": school_year,
        "numerator": 18, "denominator": 430, "correctionReason": "Số liệu đầu năm học." });
    let earlier = app
        .data(
            Some(&token),
            "query($filter: MeasurementFilter) { measurements(filter: $filter) { nodes { version } } }",
            json!({ "filter": { "indicator": "UPPER_SECONDARY_TO_COLLEGE", "organizationId": demo_org("thpt-tran-phu"), "year": school_year } }),
        )
        .await;
    let mut versions = earlier["measurements"]["nodes"].as_array().unwrap().len();
    if versions == 0 {
        // Reported earlier from another device, so the screen's figure corrects it.
        let mut first = input.clone();
        first["correctionReason"] = json!(null);
        app.data(
            Some(&token),
            "mutation($input: ReportMeasurementInput!) { reportMeasurement(input: $input) { version } }",
            json!({ "input": first }),
        )
        .await;
        versions = 1;
    }
    go(&mut school, "Chỉ tiêu của trường").await;
    school.wait_for("!!document.getElementById('measurement-form')", WAIT).await;
    let form = "#measurement-form";
    fill(&mut school, form, "Chỉ tiêu", "UPPER_SECONDARY_TO_COLLEGE").await;
    fill(&mut school, form, "Năm học", &school_year.to_string()).await;
    fill(&mut school, form, "Tử số", "25").await;
    fill(&mut school, form, "Mẫu số", "430").await;
    press(&mut school, form, "Gửi số liệu").await;
    let error = field_error(&mut school, form, "correctionReason").await;
    assert_eq!(error, "Năm học này đã báo cáo: ghi lý do đính chính.");
    fill(&mut school, form, "Lý do đính chính", "Bổ sung học sinh trúng tuyển đợt 2.").await;
    press(&mut school, form, "Gửi số liệu").await;
    wait_in(&mut school, form, &format!("Đã đính chính (lần {}).", versions + 1)).await;
    mark_all(&mut school, "#measurement-list li.card", &["Bổ sung học sinh trúng tuyển đợt 2."], "figure")
        .await;
    wait_in(&mut school, "#figure", &format!("{}-{school_year}", school_year - 1)).await;
    wait_in(&mut school, "#figure", "(25/430)").await;
    assert_accessible(&mut school, "the corrected indicator figure").await;
    assert_fits(&mut school, "the indicator figures").await;
}

async fn workshop(app: &TestApp, browser: &Browser) {
    let db = app.database_url.as_str();
    let name = format!("Xưởng Hàn điện {}", suffix());

    // The college, in English, publishes a workshop open on Saturday mornings; a capacity of
    // 0 is refused at its field.
    let mut college = browser.isolated_page().await;
    viewport(&mut college, DESKTOP).await;
    sign_in(&mut college, &app.base_url, "cd-cong-nghiep-hp").await;
    college.eval("document.getElementById('language').click(); true").await;
    go(&mut college, "Our workshops").await;
    press(&mut college, "#view", "Publish a workshop").await;
    college.wait_for("!!document.querySelector('#workshop-slot form')", WAIT).await;
    let form = "#workshop-slot form";
    fill(&mut college, form, "Workshop name", &name).await;
    fill(&mut college, form, "Trade", "Hàn điện").await;
    fill(&mut college, form, "Capacity (students)", "0").await;
    fill(&mut college, form, "Equipment", "Máy hàn hồ quang\nBàn hàn").await;
    check(&mut college, form, "Saturday").await;
    fill(&mut college, "#workshop-slot [data-weekday=SATURDAY]", "Opens", "08:00").await;
    fill(&mut college, "#workshop-slot [data-weekday=SATURDAY]", "Closes", "11:30").await;
    press(&mut college, form, "Publish").await;
    let error = field_error(&mut college, form, "capacity").await;
    assert_eq!(error, "Capacity is 1 to 1000 students.");
    fill(&mut college, form, "Capacity (students)", "18").await;
    press(&mut college, form, "Publish").await;
    wait_text(&mut college, &format!("Workshop “{name}” published.")).await;
    mark_all(&mut college, "#workshop-list li.card", &[&name], "workshop").await;
    for shown in ["Saturday\n08:00–11:30", "Sunday\nClosed", "Monday\n07:30–17:00", "18 students"] {
        wait_in(&mut college, "#workshop", shown).await;
    }

    // It edits the capacity.
    press(&mut college, "#workshop", "Edit").await;
    fill(&mut college, "#workshop form", "Capacity (students)", "20").await;
    press(&mut college, "#workshop form", "Save").await;
    mark_all(&mut college, "#workshop-list li.card", &[&name, "Saved."], "workshop").await;
    wait_in(&mut college, "#workshop", "20 students").await;
    assert_accessible(&mut college, "the workshops in English").await;
    screenshot(&mut college, db, "college-workshop-published-en").await;

    // The school finds it among the workshops to book.
    let mut school = browser.isolated_page().await;
    viewport(&mut school, PHONE).await;
    sign_in(&mut school, &app.base_url, "thpt-tran-phu").await;
    go(&mut school, "Đặt xưởng thực hành").await;
    mark_all(&mut school, "#facility-list li.card", &[&name], "found").await;
    let card = school.eval("document.getElementById('found').innerText").await;
    let card = card.as_str().unwrap();
    for part in ["Trường Cao đẳng Kỹ thuật Hải Phòng", "Hàn điện", "20 học sinh"] {
        assert!(card.contains(part), "{part:?} missing: {card}");
    }
}

async fn invitation(app: &TestApp, browser: &Browser) {
    let db = app.database_url.as_str();
    let email = format!("nhan.vien.{}@bachdang.vn", suffix());

    // The enterprise's administrator, in English, invites a member; a wrong address is
    // refused at its field.
    let mut admin = browser.isolated_page().await;
    viewport(&mut admin, PHONE).await;
    sign_in(&mut admin, &app.base_url, "dn-logistics-bach-dang").await;
    admin.eval("document.getElementById('language').click(); true").await;
    go(&mut admin, "Members").await;
    admin.wait_for("!!document.getElementById('invite-form')", WAIT).await;
    wait_text(&mut admin, "Members of Công ty Cổ phần Logistics Bạch Đằng").await;
    fill(&mut admin, "#invite-form", "Email address", "not an address").await;
    press(&mut admin, "#invite-form", "Invite").await;
    let error = field_error(&mut admin, "#invite-form", "email").await;
    assert_eq!(error, "Enter a valid email address.");
    fill(&mut admin, "#invite-form", "Email address", &email).await;
    choose(&mut admin, "#invite-form", "Role", "Member").await;
    press(&mut admin, "#invite-form", "Invite").await;
    wait_in(&mut admin, "#invite-form", &format!("{email} invited.")).await;
    let code = admin.eval("document.querySelector('#invite-form [name=issuedCode]').value").await;
    assert!(code.as_str().is_some_and(|code| code.len() >= 16), "the code is shown once: {code}");
    mark_all(&mut admin, "#invitation-list li.card", &[&email], "invitation").await;
    wait_in(&mut admin, "#invitation", "Waiting to be accepted").await;
    wait_in(&mut admin, "#invitation", "Member").await;
    assert_accessible(&mut admin, "the invitation issued").await;
    assert_fits(&mut admin, "the members screen").await;
    screenshot(&mut admin, db, "enterprise-member-invited-en-phone").await;

    // The invitation is revoked; the hub says so too.
    press(&mut admin, "#invitation", "Revoke").await;
    mark_all(&mut admin, "#invitation-list li.card", &[&email, "Revoked"], "invitation").await;
    // The demo sign-in vouches for no email address, so the hub refuses the code; the refusal
    // is shown at the form.
    fill(&mut admin, "#accept-form", "Invitation code", code.as_str().unwrap()).await;
    press(&mut admin, "#accept-form", "Join").await;
    wait_in(&mut admin, "#accept-form", "You may not do this.").await;
    let token = app.token("dn-logistics-bach-dang", Role::OrgAdmin);
    let stored = app
        .data(
            Some(&token),
            "query($id: ID!) { invitations(organizationId: $id) { nodes { email role status } } }",
            json!({ "id": demo_org("dn-logistics-bach-dang") }),
        )
        .await;
    assert!(
        stored["invitations"]["nodes"]
            .as_array()
            .unwrap()
            .contains(&json!({ "email": email, "role": "ORG_MEMBER", "status": "REVOKED" })),
        "{stored}"
    );
}
