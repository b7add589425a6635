//! An equipment loan in the browser, on a fresh database: the enterprise (desktop, in English)
//! posts a loan, a wrong day refused at its field; the school (phone, Vietnamese) finds it with
//! the server-side filters and asks for two; the enterprise sees the request arrive live,
//! approves, records the hand-over and corrects it, and records the return in two parts. Both
//! sides see the request's ledger as a timeline, the corrected record struck through, live; the
//! school is notified of the approval, and of a decline made while it was away when it comes
//! back (resumed after the cursor the browser kept); the enterprise reads its participation
//! figures.

use hub_common::Role;
use serde_json::json;

use super::*;
use crate::chromium::{Browser, chromium_available};
use crate::helpers::TestApp;
use crate::hub_test;

async fn live(page: &mut Page) {
    page.wait_for("document.getElementById('live-status')?.dataset.state === 'connected'", WAIT).await;
}

async fn inner_text(page: &mut Page, selector: &str) -> String {
    page.eval(&format!("document.querySelector({}).innerText", json!(selector)))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

hub_test!(
    async fn an_equipment_loan_goes_from_listing_to_return_in_the_browser(app) {
        if !chromium_available() {
            return;
        }
        loan(&app).await;
    }
);

async fn loan(app: &TestApp) {
    let db = app.database_url.as_str();
    let browser = Browser::start();
    let name = format!("Máy hàn MIG {}", &uuid::Uuid::now_v7().simple().to_string()[26..]);
    let owner_requests = "#requests-OWNER li.card";

    // The enterprise, on a desktop and in English, posts a loan of three welders; a last day
    // already past is refused at its field.
    let mut enterprise = browser.isolated_page().await;
    viewport(&mut enterprise, DESKTOP).await;
    sign_in(&mut enterprise, &app.base_url, "dn-logistics-bach-dang").await;
    enterprise.eval("document.getElementById('language').click(); true").await;
    enterprise.wait_for("document.documentElement.lang === 'en'", WAIT).await;
    go(&mut enterprise, "Our equipment").await;
    enterprise.wait_for("!!document.getElementById('new-listing')", WAIT).await;
    press(&mut enterprise, "#view", "Post equipment").await;
    enterprise.wait_for("!!document.getElementById('listing-form')", WAIT).await;
    let form = "#listing-form";
    check(&mut enterprise, form, "Loan").await;
    fill(&mut enterprise, form, "Name", &name).await;
    fill(&mut enterprise, form, "Category", "Máy công cụ").await;
    fill(&mut enterprise, form, "Quantity", "3").await;
    fill(&mut enterprise, form, "Estimated value of one unit (VND)", "15000000").await;
    fill(&mut enterprise, form, "Available until (optional)", &shown(day(-1))).await;
    press(&mut enterprise, form, "Post the equipment").await;
    let error = field_error(&mut enterprise, form, "availableUntil").await;
    assert_eq!(error, "The last day must come after the first and not have passed.");
    assert_accessible(&mut enterprise, "the listing form with an error, in English").await;
    fill(&mut enterprise, form, "Available until (optional)", &shown(day(200))).await;
    press(&mut enterprise, form, "Post the equipment").await;
    mark(&mut enterprise, "#listing-list li.card", &name, "listing").await;
    let card = inner_text(&mut enterprise, "#listing").await;
    assert!(card.contains("3 of 3 available") && card.contains("15.000.000 ₫ a unit"), "{card}");
    assert!(card.contains(&shown(day(200))), "days are dd/MM/yyyy: {card}");
    screenshot(&mut enterprise, db, "enterprise-equipment-posted-en").await;
    go(&mut enterprise, "Equipment requests").await;
    live(&mut enterprise).await;

    // The school, on a phone, finds it with the filters and asks for two, for a month.
    let mut school = browser.isolated_page().await;
    viewport(&mut school, PHONE).await;
    sign_in(&mut school, &app.base_url, "thpt-tran-phu").await;
    go(&mut school, "Tìm thiết bị").await;
    school.wait_for("!!document.getElementById('equipment-filter')", WAIT).await;
    fill(&mut school, "#equipment-filter", "Từ khoá trong tên thiết bị", &name).await;
    fill(&mut school, "#equipment-filter", "Hình thức", "LOAN").await;
    press(&mut school, "#equipment-filter", "Tìm").await;
    mark(&mut school, "#equipment-results li.card", &name, "found").await;
    let found = inner_text(&mut school, "#found").await;
    assert!(
        found.contains("Công ty Cổ phần Logistics Bạch Đằng Việt") && found.contains("Còn 3/3 chiếc"),
        "{found}"
    );
    press(&mut school, "#found", "Yêu cầu thiết bị").await;
    school.wait_for("document.activeElement.name === 'quantity'", WAIT).await;
    fill(&mut school, "#found", "Số lượng", "2").await;
    fill(&mut school, "#found", "Ngày trả", &shown(day(30))).await;
    fill(&mut school, "#found", "Mục đích sử dụng", "Lớp 11 thực hành hàn trong tháng.").await;
    press(&mut school, "#found", "Gửi yêu cầu").await;
    wait_in(&mut school, "#found", "Đã gửi yêu cầu 2 chiếc.").await;
    assert_accessible(&mut school, "the equipment search with a request sent").await;
    assert_fits(&mut school, "the equipment search").await;
    screenshot(&mut school, db, "school-equipment-requested-phone").await;
    go(&mut school, "Yêu cầu thiết bị").await;
    live(&mut school).await;
    mark(&mut school, "#requests-REQUESTER li.card", &name, "mine").await;
    wait_in(&mut school, "#mine", "Chờ duyệt").await;
    school.eval("window.stillTheSamePage = true").await;

    // The enterprise sees it arrive live and approves it with a note.
    mark(&mut enterprise, owner_requests, &name, "request").await;
    let request = inner_text(&mut enterprise, "#request").await;
    assert!(request.contains("Trường THPT chuyên Trần Phú"), "{request}");
    assert!(request.contains(&format!("Due back {}", shown(day(30)))), "{request}");
    fill(
        &mut enterprise,
        "#request",
        "Note to the school (optional)",
        "Collect them at the Đình Vũ warehouse.",
    )
    .await;
    press(&mut enterprise, "#request", "Approve").await;
    wait_in(&mut enterprise, owner_requests, "Approved").await;

    // The school sees the approval without reloading, and is notified of it.
    wait_in(&mut school, "#requests-REQUESTER li.card", "Đã đồng ý").await;
    wait_in(&mut school, "#notices", "1").await;

    // The hand-over of both, recorded, then corrected: the receiver's title was left out.
    mark(&mut enterprise, owner_requests, &name, "request").await;
    fill(&mut enterprise, "#request", "Handed over by", "Nguyễn Văn An, trưởng kho").await;
    fill(&mut enterprise, "#request", "Received by", "Trần Thị Bình").await;
    press(&mut enterprise, "#request", "Record the hand-over").await;
    wait_in(&mut enterprise, owner_requests, "2 handed over").await;
    mark(&mut enterprise, owner_requests, &name, "request").await;
    press(&mut enterprise, "#request", "Correct the hand-over").await;
    let correction = "#request form[data-form=correct]";
    enterprise.wait_for(&format!("!!document.querySelector({})", json!(correction)), WAIT).await;
    fill(&mut enterprise, correction, "Received by", "Trần Thị Bình, phó hiệu trưởng").await;
    press(&mut enterprise, correction, "Save the correction").await;
    wait_in(&mut enterprise, owner_requests, "(corrected)").await;

    // Back in two parts.
    mark(&mut enterprise, owner_requests, &name, "request").await;
    let back = "#request form[data-form=return]";
    fill(&mut enterprise, back, "Quantity", "1").await;
    fill(&mut enterprise, back, "Received back by", "Nguyễn Văn An").await;
    press(&mut enterprise, back, "Record the return").await;
    wait_in(&mut enterprise, owner_requests, "1 out, 1 back").await;
    mark(&mut enterprise, owner_requests, &name, "request").await;
    fill(&mut enterprise, back, "Received back by", "Nguyễn Văn An").await;
    fill(&mut enterprise, back, "Condition", "FAIR").await;
    press(&mut enterprise, back, "Record the return").await;
    wait_in(&mut enterprise, "#requests-OWNER li.card .badge", "Returned").await;
    mark(&mut enterprise, owner_requests, &name, "request").await;
    let ledger = inner_text(&mut enterprise, "#request ol.timeline").await;
    let today = shown(day(0));
    for line in [
        "Trường THPT chuyên Trần Phú asked for 2.".to_owned(),
        "Công ty Cổ phần Logistics Bạch Đằng Việt approved.".to_owned(),
        format!(
            "Handed over on {today}: 2, by Nguyễn Văn An, trưởng kho, received by Trần Thị Bình; condition Good. (corrected)"
        ),
        format!(
            "Corrected record: handed over on {today}: 2, by Nguyễn Văn An, trưởng kho, received by Trần Thị Bình, phó hiệu trưởng; condition Good."
        ),
        format!("Returned on {today}: 1, received by Nguyễn Văn An; condition Good."),
        format!("Returned on {today}: 1, received by Nguyễn Văn An; condition Fair."),
    ] {
        assert!(ledger.contains(&line), "the ledger lacks {line:?}:\n{ledger}");
    }
    let struck =
        enterprise.eval("document.querySelectorAll('#request ol.timeline li.corrected del').length").await;
    assert_eq!(struck, 1, "the corrected record stays, struck through");
    assert_accessible(&mut enterprise, "the request's ledger, in English").await;
    screenshot(&mut enterprise, db, "enterprise-equipment-ledger-en").await;

    // The school's open screen followed every step.
    wait_in(&mut school, "#requests-REQUESTER li.card", "Đã trả đủ").await;
    mark(&mut school, "#requests-REQUESTER li.card", &name, "mine").await;
    // Equipment back with its owner is a loan done: drawn as good, unlike a returned report.
    let (colour, good) = badge_colour(&mut school, "#mine", "Đã trả đủ", "--good").await;
    assert_eq!(colour, good, "equipment returned is drawn as good");
    let mine = inner_text(&mut school, "#mine ol.timeline").await;
    assert!(mine.contains("(đã được sửa)") && mine.contains("Sửa biên bản:"), "{mine}");
    assert!(mine.contains("Collect them at the Đình Vũ warehouse."), "the owner's note: {mine}");
    assert_eq!(
        school.eval("window.stillTheSamePage === true").await,
        true,
        "the school's page was not reloaded"
    );
    assert_fits(&mut school, "the school's requests").await;
    assert_accessible(&mut school, "the school's requests with the ledger").await;
    screenshot(&mut school, db, "school-equipment-returned-phone").await;

    // The school leaves the app; meanwhile it asks for one more from another device and the
    // enterprise declines. Back in the app, the notifications resume after the last cursor
    // this browser kept: the decline is there, and the approval still unread beside it.
    school.call("Page.navigate", json!({ "url": "about:blank" })).await;
    school.wait_for("location.href === 'about:blank'", WAIT).await;
    let school_device = app.token("thpt-tran-phu", Role::OrgMember);
    let listings = app
        .data(
            Some(&school_device),
            "query($text: String) { equipmentListings(filter: { text: $text }) { edges { node { id } } } }",
            json!({ "text": name }),
        )
        .await;
    let listing = listings["equipmentListings"]["edges"][0]["node"]["id"].clone();
    let input = json!({ "listingId": listing, "quantity": 1, "purpose": "Thêm một máy cho nhóm 2.", "returnBy": day(20).to_string() });
    let asked = app
        .data(
            Some(&school_device),
            "mutation($input: RequestEquipmentInput!) { requestEquipment(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    app.data(
        Some(&app.token("dn-logistics-bach-dang", Role::OrgMember)),
        "mutation($id: ID!) { decideEquipmentRequest(id: $id, decision: DECLINE) { status } }",
        json!({ "id": asked["requestEquipment"]["id"] }),
    )
    .await;
    school.call("Page.navigate", json!({ "url": format!("{}/app/find-equipment", app.base_url) })).await;
    school.wait_for("!document.getElementById('nav').hidden", WAIT).await;
    wait_in(&mut school, "#notices", "2").await;
    school.eval("document.getElementById('notices').click(); true").await;
    wait_in(&mut school, "#notice-list", &format!("đã từ chối yêu cầu 1 «{name}»")).await;
    wait_in(&mut school, "#notice-list", &format!("đã đồng ý yêu cầu 2 «{name}»")).await;
    let shown = school.eval("document.querySelectorAll('#notice-list li').length").await;
    assert_eq!(shown, 2, "each notification once");

    // The enterprise's own participation figures count the loan handed over this year.
    go(&mut enterprise, "Participation figures").await;
    enterprise.wait_for("!!document.querySelector('#figures [data-figure=equipmentLoans]')", WAIT).await;
    let loans = inner_text(&mut enterprise, "#figures [data-figure=equipmentLoans]").await;
    let lent = inner_text(&mut enterprise, "#figures [data-figure=equipmentLentValue]").await;
    assert!(loans.parse::<i64>().is_ok_and(|n| n >= 1), "{loans}");
    assert!(lent.ends_with(" ₫") && lent.contains('.'), "VND with thousands separators: {lent}");
    assert_accessible(&mut enterprise, "the participation figures").await;
    screenshot(&mut enterprise, db, "enterprise-figures-en").await;
}
