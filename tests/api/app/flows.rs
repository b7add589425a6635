//! Each person's main flow, on a fresh database, in one browser with a context per person:
//! the enterprise publishes an offer; the school sees it appear live and nominates a student
//! (reference and grade, never a name); the enterprise accepts (the seats left go down live,
//! also when its other device accepts) and the school's open screen shows the status change
//! and a notification without reloading; the school books a workshop weekly with one session
//! taken (skipped, and shown); the college, in English, sees the requests arrive live and
//! confirms one, which the school sees live and is notified of, as of a partnership coming
//! into force; the Industry and Trade officer verifies an enterprise. An equipment loan goes from its listing to its return (`equipment_flow.rs`).

use chrono::{Datelike, TimeDelta, Weekday};
use hub_common::Role;
use serde_json::json;

use super::*;
use crate::chromium::{Browser, chromium_available};
use crate::helpers::{TestApp, demo_area, demo_org};
use crate::hub_test;

/// Publishes an offer through the API, as the demo enterprise would from another device.
async fn publish_offer(app: &TestApp, title: &str) -> String {
    let enterprise = app.token("dn-logistics-bach-dang", Role::OrgMember);
    let mut input = crate::internships::offer_input();
    input["title"] = json!(title);
    input["eligibleLevels"] = json!(["UPPER_SECONDARY_STUDENT"]);
    let created = app
        .data(
            Some(&enterprise),
            "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    let id = created["createInternshipOffer"]["id"].as_str().unwrap().to_owned();
    app.data(
        Some(&enterprise),
        "mutation($id: ID!) { publishInternshipOffer(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    id
}

const BOOK: &str =
    "mutation($input: BookFacilityInput!) { bookFacility(input: $input) { bookings { id status } } }";

hub_test!(
    async fn each_person_works_through_their_flow_in_the_browser(app) {
        if !chromium_available() {
            return;
        }
        flows(&app).await;
    }
);

async fn flows(app: &TestApp) {
    let db = app.database_url.as_str();
    let browser = Browser::start();
    let title = format!("Thực tập viên kho vận {}", &uuid::Uuid::now_v7().simple().to_string()[26..]);

    // The school, on a phone, signs in first and waits on its offers screen.
    let mut school = browser.isolated_page().await;
    viewport(&mut school, PHONE).await;
    school.call("Page.enable", json!({})).await;
    tap_websockets(&mut school).await;
    school.call("Page.navigate", json!({ "url": format!("{}/app", app.base_url) })).await;
    school
        .wait_for("document.readyState === 'complete' && !document.getElementById('signin').hidden", WAIT)
        .await;
    assert_accessible(&mut school, "the signed-out page").await;
    assert_fits(&mut school, "the signed-out page").await;
    assert_hidden_stays_hidden(&mut school, "the signed-out page").await;
    screenshot(&mut school, db, "signed-out-phone").await;
    sign_in(&mut school, &app.base_url, "thpt-tran-phu").await;
    wait_text(&mut school, "Trường THPT chuyên Trần Phú").await;
    school.wait_for("document.getElementById('live-status')?.dataset.state === 'connected'", WAIT).await;
    let nav = text(&mut school).await;
    for item in ["Tìm tin thực tập", "Đề cử của trường", "Đặt xưởng thực hành", "Lịch đặt xưởng"]
    {
        assert!(nav.contains(item), "the school's navigation lacks {item:?}:\n{nav}");
    }

    // The enterprise, on a desktop, writes an offer; a wrong sector is shown at its field.
    let mut enterprise = browser.isolated_page().await;
    viewport(&mut enterprise, DESKTOP).await;
    sign_in(&mut enterprise, &app.base_url, "dn-logistics-bach-dang").await;
    wait_text(&mut enterprise, "Tin thực tập của doanh nghiệp").await;
    press(&mut enterprise, "#view", "Soạn tin mới").await;
    enterprise.wait_for("!!document.getElementById('offer-form')", WAIT).await;
    let form = "#offer-form";
    fill(&mut enterprise, form, "Tiêu đề", &title).await;
    fill(
        &mut enterprise,
        form,
        "Mô tả công việc",
        "Hỗ trợ kiểm đếm hàng tại kho, làm quen quy trình xuất nhập.",
    )
    .await;
    fill(&mut enterprise, form, "Ngành (mã VSIC)", "52").await;
    fill(&mut enterprise, form, "Địa bàn làm việc", &demo_area("HP-P-DONGHAI").to_string()).await;
    fill(&mut enterprise, form, "Số chỗ", "2").await;
    fill(&mut enterprise, form, "Phụ cấp hằng tháng (VND)", "3000000").await;
    check(&mut enterprise, form, "Học sinh THPT").await;
    fill(&mut enterprise, form, "Ngày bắt đầu", &shown(day(30))).await;
    fill(&mut enterprise, form, "Ngày kết thúc", &shown(day(60))).await;
    fill(&mut enterprise, form, "Hạn đề cử", &shown(day(20))).await;
    press(&mut enterprise, form, "Lưu và đăng tin").await;
    let error = field_error(&mut enterprise, form, "sector").await;
    assert_eq!(
        error, "Ngành là mã VSIC gồm 4 hoặc 5 chữ số.",
        "the API's error is shown at its field, in Vietnamese"
    );
    assert_accessible(&mut enterprise, "the offer form with an error").await;
    screenshot(&mut enterprise, db, "enterprise-offer-form-error").await;
    // Corrected, it is kept as a draft, opened again with what was typed, and published.
    fill(&mut enterprise, form, "Ngành (mã VSIC)", "5210").await;
    press(&mut enterprise, form, "Lưu nháp").await;
    enterprise.wait_for("location.pathname === '/app/offers'", WAIT).await;
    mark(&mut enterprise, "#offer-list li.card", &title, "draft-offer").await;
    wait_in(&mut enterprise, "#draft-offer", "Bản nháp").await;
    press(&mut enterprise, "#draft-offer", "Sửa").await;
    enterprise
        .wait_for(
            "location.pathname.startsWith('/app/offer/') && !!document.getElementById('offer-form')",
            WAIT,
        )
        .await;
    let kept = enterprise
        .eval("['title', 'sector', 'applicationDeadline', 'stipendVnd'].map((n) => document.querySelector(`#offer-form [name=${n}]`).value)")
        .await;
    assert_eq!(
        kept,
        json!([title, "5210", shown(day(20)), "3000000"]),
        "the draft opens as it was saved, dates dd/MM/yyyy"
    );
    press(&mut enterprise, form, "Lưu và đăng tin").await;
    enterprise.wait_for("location.pathname === '/app/offers'", WAIT).await;
    mark(&mut enterprise, "#offer-list li.card", &title, "published-offer").await;
    wait_in(&mut enterprise, "#published-offer", "Đang đăng").await;
    let offer_id = enterprise.eval("document.getElementById('published-offer').dataset.offer").await;
    let offer_id = offer_id.as_str().unwrap().to_owned();
    let card = enterprise.eval("document.getElementById('published-offer').innerText").await;
    let card = card.as_str().unwrap();
    assert!(card.contains("Còn 2/2 chỗ") && card.contains("3.000.000 ₫"), "{card}");
    assert!(card.contains(&shown(day(20))), "the deadline is shown dd/MM/yyyy: {card}");
    screenshot(&mut enterprise, db, "enterprise-offers").await;

    // The school sees it appear live, in the strip and on top of the list, and nominates.
    wait_in(&mut school, "#new-offers", &title).await;
    mark(&mut school, "#offer-results li.card", &title, "new-offer").await;
    let card = school.eval("document.getElementById('new-offer').innerText").await;
    assert!(card.as_str().unwrap().contains("Công ty Cổ phần Logistics Bạch Đằng Việt"), "{card}");
    press(&mut school, "#new-offer", "Đề cử học sinh").await;
    fill(&mut school, "#new-offer", "Mã học sinh", "0912345678").await;
    fill(&mut school, "#new-offer", "Lớp", "11").await;
    press(&mut school, "#new-offer", "Gửi đề cử").await;
    let error = field_error(&mut school, "#new-offer", "studentRef").await;
    assert!(
        error.contains("không được là họ tên, số điện thoại"),
        "a phone-shaped reference is refused at its field: {error}"
    );
    fill(&mut school, "#new-offer", "Mã học sinh", "TP-2026-0147").await;
    press(&mut school, "#new-offer", "Gửi đề cử").await;
    wait_in(&mut school, "#new-offer", "Đã đề cử học sinh TP-2026-0147.").await;
    wait_in(&mut school, "#new-offer", "Chờ doanh nghiệp trả lời").await;
    assert_accessible(&mut school, "the offers screen with the live strip").await;
    assert_fits(&mut school, "the offers screen").await;
    screenshot(&mut school, db, "school-offer-live-nominated-phone").await;

    // The school's connection drops; an offer published meanwhile reaches the strip once the
    // app is back, resumed with `after: cursor` (the list is not reloaded), and only once.
    drop_websockets(&mut school).await;
    school.wait_for("document.getElementById('live-status').dataset.state === 'connecting'", WAIT).await;
    let missed_title = format!("{title} (đợt 2)");
    let missed = publish_offer(app, &missed_title).await;
    restore_websockets(&mut school).await;
    school.wait_for("document.getElementById('live-status').dataset.state === 'connected'", WAIT).await;
    wait_in(&mut school, "#new-offers", &missed_title).await;
    let shown_once = school
        .eval(&format!("document.querySelectorAll('#new-offers [data-new-offer={}]').length", json!(missed)))
        .await;
    assert_eq!(shown_once, 1, "the offer missed while offline is shown once");
    let first_shown = school.eval("document.querySelectorAll('#new-offers li').length").await;
    assert_eq!(first_shown, 2, "the first offer is not repeated after the reconnection");

    // The school opens its nominations (live) and keeps the screen open: nothing reloads it.
    go(&mut school, "Đề cử của trường").await;
    school.wait_for("document.getElementById('live-status')?.dataset.state === 'connected'", WAIT).await;
    mark(&mut school, "#nomination-list li.card", &title, "my-nomination").await;
    wait_in(&mut school, "#my-nomination", "Chờ doanh nghiệp trả lời").await;
    school.eval("window.stillTheSamePage = true").await;

    // The enterprise opens the nominations to its offers (live); another school's nomination
    // arrives while it looks.
    go(&mut enterprise, "Đề cử nhận được").await;
    enterprise.wait_for("document.getElementById('live-status')?.dataset.state === 'connected'", WAIT).await;
    mark(&mut enterprise, "#nomination-list li.card", "TP-2026-0147", "nomination").await;
    let card = enterprise.eval("document.getElementById('nomination').innerText").await;
    assert!(card.as_str().unwrap().contains("Lớp 11"), "{card}");
    let other_school = app.token("thpt-ngo-quyen", Role::OrgMember);
    let nominated = app
        .data(
            Some(&other_school),
            "mutation($input: NominateStudentInput!) { nominateStudent(input: $input) { id } }",
            json!({ "input": { "offerId": offer_id, "studentRef": "NQ-2026-0031", "grade": 11 } }),
        )
        .await;
    let other_nomination = nominated["nominateStudent"]["id"].as_str().unwrap().to_owned();
    mark(&mut enterprise, "#nomination-list li.card", "NQ-2026-0031", "other-nomination").await;
    wait_in(&mut enterprise, "#other-nomination", "Còn 2/2 chỗ").await;

    // The enterprise accepts; the seats left go down on every card of the offer.
    press(&mut enterprise, "#nomination", "Nhận").await;
    wait_in(&mut enterprise, "#nomination-list li.card", "Được nhận").await;
    wait_in(&mut enterprise, "#nomination-list li.card", "Còn 1/2 chỗ").await;
    wait_in(&mut enterprise, "#other-nomination", "Còn 1/2 chỗ").await;

    // The school's open screen shows the decision, and the header a notification, live.
    wait_in(&mut school, "#nomination-list li.card", "Được nhận").await;
    wait_in(&mut school, "#notices", "1").await;
    assert_eq!(
        school.eval("window.stillTheSamePage === true").await,
        true,
        "the school's page was not reloaded"
    );
    assert_fits(&mut school, "the nominations screen with a notification").await;
    screenshot(&mut school, db, "school-nomination-accepted-phone").await;
    school.eval("document.getElementById('notices').click(); true").await;
    wait_in(&mut school, "#notice-list", "đã nhận học sinh TP-2026-0147").await;
    let notice = school.eval("document.getElementById('notice-list').innerText").await;
    assert!(notice.as_str().unwrap().contains(&title), "{notice}");
    school.wait_for("!document.querySelector('#notices .notice-count')", WAIT).await;
    assert_accessible(&mut school, "the notifications").await;
    screenshot(&mut school, db, "school-notifications-phone").await;

    // The enterprise's other device accepts the other school's student: the last seat goes,
    // live, on this screen too.
    let own_device = app.token("dn-logistics-bach-dang", Role::OrgMember);
    app.data(
        Some(&own_device),
        "mutation($id: ID!) { decideNomination(id: $id, decision: ACCEPT) { id } }",
        json!({ "id": other_nomination }),
    )
    .await;
    wait_in(&mut enterprise, "#nomination-list li.card", "Còn 0/2 chỗ").await;
    mark(&mut enterprise, "#nomination-list li.card", "NQ-2026-0031", "other-nomination").await;
    wait_in(&mut enterprise, "#other-nomination", "Được nhận").await;
    let zero = enterprise
        .eval("[...document.querySelectorAll('#nomination-list li.card')].filter((c) => c.innerText.includes('Còn 0/2 chỗ')).length")
        .await;
    assert_eq!(zero, 2, "both cards of the offer show no seat left");
    assert_accessible(&mut enterprise, "the nominations screen").await;
    screenshot(&mut enterprise, db, "enterprise-nomination-accepted").await;

    // Its profile: a tax code with a wrong check digit is refused at that field, in Vietnamese;
    // the address is changed and saved.
    go(&mut enterprise, "Hồ sơ tổ chức").await;
    enterprise.wait_for("!!document.querySelector('#profile-form [name=taxCode]')", WAIT).await;
    let profile = "#profile-form";
    let tax_code = enterprise.eval("document.querySelector('#profile-form [name=taxCode]').value").await;
    fill(&mut enterprise, profile, "Mã số thuế", "0201234567").await;
    press(&mut enterprise, profile, "Lưu hồ sơ").await;
    let error = field_error(&mut enterprise, profile, "taxCode").await;
    assert!(error.starts_with("Mã số thuế không đúng"), "{error}");
    fill(&mut enterprise, profile, "Mã số thuế", tax_code.as_str().unwrap()).await;
    fill(&mut enterprise, profile, "Địa chỉ", "Số 5 Bạch Đằng, phường Hồng Bàng").await;
    press(&mut enterprise, profile, "Lưu hồ sơ").await;
    wait_in(&mut enterprise, profile, "Đã lưu hồ sơ.").await;
    let own = app.token("dn-logistics-bach-dang", Role::OrgAdmin);
    let saved = app
        .data(
            Some(&own),
            "query($id: ID!) { organization(id: $id) { address verified } }",
            json!({ "id": demo_org("dn-logistics-bach-dang") }),
        )
        .await;
    assert_eq!(
        saved["organization"],
        json!({ "address": "Số 5 Bạch Đằng, phường Hồng Bàng", "verified": true })
    );

    // The college, in English, waits for booking requests.
    let mut college = browser.isolated_page().await;
    viewport(&mut college, DESKTOP).await;
    sign_in(&mut college, &app.base_url, "cd-cong-nghiep-hp").await;
    college.eval("document.getElementById('language').click(); true").await;
    wait_text(&mut college, "Booking requests waiting for a decision").await;
    college.wait_for("document.getElementById('live-status')?.dataset.state === 'connected'", WAIT).await;

    // Another school holds the second week's session, so the weekly series skips it.
    let mut first = day(9);
    while first.weekday() == Weekday::Sun {
        first += TimeDelta::days(1);
    }
    let facilities = app
        .data(
            None,
            "query($owner: ID!) { facilities(filter: { ownerId: $owner }) { edges { node { id name } } } }",
            json!({ "owner": demo_org("cd-cong-nghiep-hp") }),
        )
        .await;
    let facility = facilities["facilities"]["edges"][0]["node"]["id"].as_str().unwrap().to_owned();
    let other = app.token("thcs-chu-van-an", Role::OrgAdmin);
    let taken = first + TimeDelta::days(7);
    let input = json!({ "facilityId": facility, "startsAt": format!("{taken}T15:45:00+07:00"), "endsAt": format!("{taken}T16:45:00+07:00"),
        "participants": 20, "purpose": "Buổi hướng nghiệp nghề điện." });
    let booked = app.data(Some(&other), BOOK, json!({ "input": input })).await;
    assert_eq!(booked["bookFacility"]["bookings"][0]["status"], "PENDING", "{booked}");

    // The school books weekly for three weeks, skipping what is taken.
    go(&mut school, "Đặt xưởng thực hành").await;
    mark(&mut school, "#facility-list li.card", "Xưởng thực hành Điện công nghiệp", "facility").await;
    press(&mut school, "#facility", "Đặt lịch").await;
    school.wait_for("!!document.querySelector('#facility .week')", WAIT).await;
    let booking = "#facility form.booking";
    fill(&mut school, booking, "Ngày", &shown(first)).await;
    fill(&mut school, booking, "Từ", "15:45").await;
    fill(&mut school, booking, "Đến", "16:45").await;
    fill(&mut school, booking, "Số học sinh", "25").await;
    fill(&mut school, booking, "Nội dung buổi học", "Lớp 11 thực hành lắp mạch điện.").await;
    check(&mut school, booking, "Hằng tuần, đến ngày dưới đây").await;
    fill(&mut school, booking, "Đến ngày", &shown(first + TimeDelta::days(14))).await;
    check(&mut school, booking, "Bỏ qua buổi trùng, đặt các buổi còn lại").await;
    press(&mut school, booking, "Gửi yêu cầu đặt").await;
    wait_in(&mut school, "#facility .result", "Đã đặt 2 buổi.").await;
    wait_in(&mut school, "#facility .result", "Bỏ qua 1 buổi").await;
    let skipped = school.eval("document.querySelector('#facility [data-skipped]').innerText").await;
    assert!(
        skipped
            .as_str()
            .unwrap()
            .contains(&format!("{} 15:45–16:45: xưởng đã có lượt đặt vào thời gian đó", shown(taken))),
        "what was skipped is shown, and why: {skipped}"
    );
    assert_accessible(&mut school, "the booking result").await;
    assert_fits(&mut school, "the booking form").await;
    screenshot(&mut school, db, "school-weekly-booking-skipped-phone").await;

    // The school follows its bookings live.
    go(&mut school, "Lịch đặt xưởng").await;
    school.wait_for("document.getElementById('live-status')?.dataset.state === 'connected'", WAIT).await;
    mark(&mut school, "#booking-list li.card", &shown(first), "first-session").await;
    wait_in(&mut school, "#first-session", "Chờ duyệt").await;

    // Its administrator makes the calendar-feed link; a calendar program reading it gets the
    // two sessions booked.
    press(&mut school, "#calendar-feed", "Tạo liên kết lịch").await;
    school.wait_for("!!document.querySelector('#calendar-feed input[name=feedUrl]')", WAIT).await;
    let feed = school.eval("document.querySelector('#calendar-feed input[name=feedUrl]').value").await;
    let feed = feed.as_str().unwrap();
    assert!(feed.starts_with(&format!("{}/calendar/organizations/", app.base_url)), "{feed}");
    let ics = app.client.get(feed).send().await.unwrap().text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.matches("BEGIN:VEVENT").count() >= 2, "{ics}");

    // The college sees the school's requests arrive live and confirms the first session.
    mark(&mut college, "#booking-list li.card", &shown(first), "request").await;
    let request = college.eval("document.getElementById('request').innerText").await;
    assert!(request.as_str().unwrap().contains("Trường THPT chuyên Trần Phú"), "{request}");
    assert!(request.as_str().unwrap().contains("15:45–16:45"), "times in Hải Phòng: {request}");
    assert_accessible(&mut college, "the booking requests in English").await;
    screenshot(&mut college, db, "college-requests-en").await;
    fill(&mut college, "#request", "Note to the school (optional)", "Please arrive 10 minutes early.").await;
    press(&mut college, "#request", "Confirm").await;
    // Decided, it leaves the pending list (live) and stands confirmed in the calendar.
    college
        .wait_for("!document.getElementById('request') || document.getElementById('request').innerText.includes('Confirmed.')", WAIT)
        .await;
    go(&mut college, "Workshop calendar").await;
    mark(&mut college, "#booking-list li.card", &shown(first), "hosted").await;
    wait_in(&mut college, "#hosted", "Confirmed").await;
    wait_in(&mut college, "#hosted", "Please arrive 10 minutes early.").await;

    // The school sees the decision without reloading.
    wait_in(&mut school, "#booking-list", "Đã xác nhận").await;
    mark(&mut school, "#booking-list li.card", &shown(first), "first-session").await;
    wait_in(&mut school, "#first-session", "Đã xác nhận").await;
    assert_fits(&mut school, "the bookings screen").await;
    screenshot(&mut school, db, "school-booking-confirmed-phone").await;

    // The enterprise proposes a partnership and the school accepts it (both elsewhere): the
    // school is told of the confirmed session and of the partnership in force.
    let proposal = json!({
        "kind": "TRAINING_COOPERATION", "title": "Hợp tác thực tập kho vận 2026",
        "validFrom": hub_common::time::today().to_string(), "validTo": day(300).to_string(),
        "commitments": [{ "kind": "INTERNSHIP_SEATS", "perYear": 10 }],
        "partyIds": [demo_org("thpt-tran-phu")],
    });
    let proposed = app
        .data(
            Some(&app.token("dn-logistics-bach-dang", Role::OrgAdmin)),
            "mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { id } }",
            json!({ "input": proposal }),
        )
        .await;
    let accepted = app
        .data(
            Some(&app.token("thpt-tran-phu", Role::OrgAdmin)),
            "mutation($id: ID!) { acceptPartnership(id: $id) { status } }",
            json!({ "id": proposed["proposePartnership"]["id"] }),
        )
        .await;
    assert_eq!(accepted["acceptPartnership"]["status"], "ACTIVE", "{accepted}");
    wait_in(&mut school, "#notices", "2").await;
    school.eval("document.getElementById('notices').click(); true").await;
    wait_in(&mut school, "#notice-list", "Trường Cao đẳng").await;
    let notices = school.eval("document.getElementById('notice-list').innerText").await;
    let notices = notices.as_str().unwrap();
    assert!(
        notices.contains(&format!("đã xác nhận buổi {} 15:45", shown(first))),
        "the booking decided: {notices}"
    );
    assert!(
        notices.contains("Hợp tác «Hợp tác thực tập kho vận 2026» đã được các bên chấp nhận"),
        "the partnership in force: {notices}"
    );

    // The Industry and Trade officer, on a phone, verifies a waiting enterprise.
    let mut officer = browser.isolated_page().await;
    viewport(&mut officer, PHONE).await;
    sign_in(&mut officer, &app.base_url, "so-congthuong").await;
    wait_text(&mut officer, "Tổ chức chờ xác minh").await;
    mark(&mut officer, "#queue li.card", "Công ty TNHH Lữ hành Cánh Diều Biển", "waiting").await;
    let waiting = officer.eval("document.getElementById('queue').innerText").await;
    assert!(
        !waiting.as_str().unwrap().contains("Trường THPT"),
        "only enterprises, the department's remit: {waiting}"
    );
    assert_accessible(&mut officer, "the verification queue").await;
    assert_fits(&mut officer, "the verification queue").await;
    press(&mut officer, "#waiting", "Xác minh").await;
    wait_in(&mut officer, "#queue li.card", "Đã xác minh.").await;
    screenshot(&mut officer, db, "officer-verified-phone").await;
    let token = app.token("so-congthuong", Role::DepartmentOfficer);
    let verified = app
        .data(
            Some(&token),
            "query($id: ID!) { organization(id: $id) { verified } }",
            json!({ "id": demo_org("dn-chua-xac-minh") }),
        )
        .await;
    assert_eq!(verified["organization"]["verified"], true, "{verified}");
}
