//! A workshop's closure days, booking limits and withdrawal in the browser, on a fresh
//! database, asserting what each person sees: the college, on a phone, closes its workshop
//! over a school's session and is shown, at the first day, which session is in the way; the
//! school cancels that one session, and the closure goes in (a second one is added and
//! removed); the school finds the closure on the workshop's card. The college, in English,
//! asks 24 hours' notice and takes bookings at most 60 days ahead (a limit past the API's is
//! refused at its field), cancels one of the school's sessions from its calendar, withdraws
//! the workshop with a reason, which cancels the school's other session (the school reads
//! why), and reopens it.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use hub_common::Role;
use serde_json::json;

use super::*;
use crate::chromium::{Browser, chromium_available};
use crate::helpers::{TestApp, demo_org};
use crate::hub_test;

/// A day at least `days` from today that is not a Sunday.
fn open_day(days: i64) -> NaiveDate {
    let mut found = day(days);
    while found.weekday() == Weekday::Sun {
        found += TimeDelta::days(1);
    }
    found
}

/// Books the workshop for the demo school from another device: 08:00-10:00 on `on`.
async fn book(app: &TestApp, facility: &str, on: NaiveDate) {
    let input = json!({ "facilityId": facility, "startsAt": format!("{on}T08:00:00+07:00"), "endsAt": format!("{on}T10:00:00+07:00"),
        "participants": 20, "purpose": "Lớp 10 thực hành hàn cơ bản." });
    let booked = app
        .data(
            Some(&app.token("thpt-tran-phu", Role::OrgMember)),
            "mutation($input: BookFacilityInput!) { bookFacility(input: $input) { bookings { status } } }",
            json!({ "input": input }),
        )
        .await;
    assert_eq!(booked["bookFacility"]["bookings"][0]["status"], "CONFIRMED", "{booked}");
}

hub_test!(
    async fn a_workshop_closes_on_days_limits_its_bookings_and_is_withdrawn_in_the_browser(app) {
        if !chromium_available() {
            return;
        }
        let db = app.database_url.as_str();
        let browser = Browser::start();
        let name = format!("Xưởng Hàn {}", &uuid::Uuid::now_v7().simple().to_string()[26..]);

        // The college published the workshop from another device; the school booked it.
        let hours: Vec<_> = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]
            .iter()
            .map(|d| json!({ "weekday": d, "spans": [{ "opens": "07:30", "closes": "17:00" }] }))
            .collect();
        let created = app
            .data(
                Some(&app.token("cd-cong-nghiep-hp", Role::OrgAdmin)),
                "mutation($input: CreateFacilityInput!) { createFacility(input: $input) { id } }",
                json!({ "input": { "name": name, "trade": "Hàn", "capacity": 20, "openingHours": hours, "approvalRequired": false } }),
            )
            .await;
        let facility = created["createFacility"]["id"].as_str().unwrap().to_owned();
        let first = open_day(20);
        let second = open_day(first.signed_duration_since(day(0)).num_days() + 5);
        book(&app, &facility, first).await;

        // The college, on a phone, closes it around the first session: refused at the first
        // day, naming the session in the way.
        let mut college = browser.isolated_page().await;
        viewport(&mut college, PHONE).await;
        sign_in(&mut college, &app.base_url, "cd-cong-nghiep-hp").await;
        go(&mut college, "Xưởng của trường").await;
        mark_all(&mut college, "#workshop-list li.card", &[&name], "workshop").await;
        wait_in(&mut college, "#workshop", "Chưa có ngày đóng cửa nào sắp tới.").await;
        wait_in(&mut college, "#workshop", "Không cần báo trước").await;
        press(&mut college, "#workshop", "Thêm ngày đóng cửa").await;
        let form = "#workshop form.closure-form";
        college.wait_for(&format!("!!document.querySelector({})", json!(form)), WAIT).await;
        let (from, to) = (first - TimeDelta::days(1), first + TimeDelta::days(1));
        fill(&mut college, form, "Từ ngày", &shown(from)).await;
        fill(&mut college, form, "Đến ngày", &shown(to)).await;
        fill(&mut college, form, "Lý do", "Bảo dưỡng hệ thống hàn").await;
        press(&mut college, form, "Đóng cửa những ngày này").await;
        let error = field_error(&mut college, form, "closureFrom").await;
        assert_eq!(
            error,
            format!(
                "Đang có lượt đặt vào những ngày đó ({} 08:00); hãy hủy chúng trước, các trường sẽ được báo."
                , shown(first)
            ),
            "the refusal names the session, at the first day, in Vietnamese"
        );
        assert_accessible(&mut college, "the closure refused").await;
        assert_fits(&mut college, "the closure form").await;
        screenshot(&mut college, db, "college-closure-refused-phone").await;

        // The school cancels that one session.
        let mut school = browser.isolated_page().await;
        viewport(&mut school, PHONE).await;
        sign_in(&mut school, &app.base_url, "thpt-tran-phu").await;
        go(&mut school, "Lịch đặt xưởng").await;
        mark_all(&mut school, "#booking-list li.card", &[&name, &shown(first)], "session").await;
        wait_in(&mut school, "#session", "Đã xác nhận").await;
        press(&mut school, "#session", "Hủy buổi này").await;
        mark_all(&mut school, "#booking-list li.card", &[&name, &shown(first), "Đã hủy"], "session").await;
        let actions = school.eval("document.querySelectorAll('#session button').length").await;
        assert_eq!(actions, 0, "a cancelled session offers nothing more");

        // Now the closure goes in; another, one day, is added and removed again.
        press(&mut college, form, "Đóng cửa những ngày này").await;
        mark_all(&mut college, "#workshop-list li.card", &[&name, "Đã thêm ngày đóng cửa."], "workshop").await;
        wait_in(&mut college, "#workshop .closures", &format!("{} – {}: Bảo dưỡng hệ thống hàn", shown(from), shown(to)))
            .await;
        let later = open_day(50);
        press(&mut college, "#workshop", "Thêm ngày đóng cửa").await;
        fill(&mut college, form, "Từ ngày", &shown(later)).await;
        fill(&mut college, form, "Lý do", "Quốc khánh").await;
        press(&mut college, form, "Đóng cửa những ngày này").await;
        mark_all(&mut college, "#workshop-list li.card", &[&name, &format!("{}: Quốc khánh", shown(later))], "workshop")
            .await;
        mark_all(&mut college, "#workshop .closures li", &["Quốc khánh"], "holiday").await;
        assert_accessible(&mut college, "the closure days").await;
        screenshot(&mut college, db, "college-closures-phone").await;
        press(&mut college, "#holiday", "Bỏ").await;
        mark_all(&mut college, "#workshop-list li.card", &[&name, "Đã bỏ ngày đóng cửa."], "workshop").await;
        let closures = college.eval("document.querySelector('#workshop .closures').innerText").await;
        let closures = closures.as_str().unwrap();
        assert!(!closures.contains("Quốc khánh") && closures.contains("Bảo dưỡng hệ thống hàn"), "{closures}");

        // The school sees the closure on the workshop's card.
        go(&mut school, "Đặt xưởng thực hành").await;
        mark_all(&mut school, "#facility-list li.card", &[&name], "found").await;
        wait_in(&mut school, "#found", &format!("Đóng cửa {} – {}: Bảo dưỡng hệ thống hàn", shown(from), shown(to))).await;
        assert_fits(&mut school, "the workshops with their closures").await;

        // The college, in English, asks 24 hours' notice and at most 60 days ahead; 900 days
        // is refused at its field.
        college.eval("document.getElementById('language').click(); true").await;
        college.wait_for("document.documentElement.lang === 'en'", WAIT).await;
        go(&mut college, "Our workshops").await;
        mark_all(&mut college, "#workshop-list li.card", &[&name], "workshop").await;
        press(&mut college, "#workshop", "Edit").await;
        let edit = "#workshop form.facility-form";
        college.wait_for(&format!("!!document.querySelector({})", json!(edit)), WAIT).await;
        fill(&mut college, edit, "Notice needed (hours)", "24").await;
        fill(&mut college, edit, "Bookable ahead (days)", "900").await;
        press(&mut college, edit, "Save").await;
        let error = field_error(&mut college, edit, "maximumAdvanceDays").await;
        assert_eq!(error, "From 1 to 730 days; leave it empty for no limit.");
        fill(&mut college, edit, "Bookable ahead (days)", "60").await;
        press(&mut college, edit, "Save").await;
        mark_all(&mut college, "#workshop-list li.card", &[&name, "Saved."], "workshop").await;
        wait_in(&mut college, "#workshop", "At least 24 hours' notice").await;
        wait_in(&mut college, "#workshop", "At most 60 days ahead").await;
        let stored = app
            .data(
                None,
                "query($id: ID!) { facility(id: $id) { minimumNoticeHours maximumAdvanceDays } }",
                json!({ "id": facility }),
            )
            .await;
        assert_eq!(stored["facility"], json!({ "minimumNoticeHours": 24, "maximumAdvanceDays": 60 }));

        // The school books a second session; the college withdraws the workshop, which
        // cancels it. A withdrawal without a reason is refused at the reason.
        book(&app, &facility, second).await;
        let third = open_day(second.signed_duration_since(day(0)).num_days() + 2);
        book(&app, &facility, third).await;
        go(&mut school, "Lịch đặt xưởng").await;
        mark_all(&mut school, "#booking-list li.card", &[&name, &shown(second), "Đã xác nhận"], "second").await;
        // The college cancels the third session itself, from its calendar.
        go(&mut college, "Workshop calendar").await;
        mark_all(&mut college, "#booking-list li.card", &[&name, &shown(third), "Confirmed"], "third").await;
        press(&mut college, "#third", "Cancel this session").await;
        mark_all(&mut college, "#booking-list li.card", &[&name, &shown(third), "Cancelled"], "third").await;
        go(&mut college, "Our workshops").await;
        mark_all(&mut college, "#workshop-list li.card", &[&name], "workshop").await;
        press(&mut college, "#workshop", "Withdraw").await;
        let withdraw = "#workshop form.withdraw-form";
        college.wait_for(&format!("!!document.querySelector({})", json!(withdraw)), WAIT).await;
        press(&mut college, withdraw, "Withdraw and cancel its bookings").await;
        let error = field_error(&mut college, withdraw, "withdrawReason").await;
        assert_eq!(error, "Say why (at most 200 characters); the schools will read it.");
        fill(&mut college, withdraw, "Reason", "Sửa chữa hệ thống điện của xưởng").await;
        press(&mut college, withdraw, "Withdraw and cancel its bookings").await;
        mark_all(
            &mut college,
            "#workshop-list li.card",
            &[&name, "Withdrawn; coming bookings cancelled: 1.", "Withdrawn: Sửa chữa hệ thống điện của xưởng"],
            "workshop",
        )
        .await;
        assert_accessible(&mut college, "the withdrawn workshop, in English").await;
        assert_fits(&mut college, "the withdrawn workshop").await;
        screenshot(&mut college, db, "college-workshop-withdrawn-en-phone").await;

        // The school's open list shows its session cancelled, and why.
        mark_all(&mut school, "#booking-list li.card", &[&name, &shown(second), "Đã hủy"], "second").await;
        wait_in(&mut school, "#second", "Lý do hủy: Sửa chữa hệ thống điện của xưởng").await;
        screenshot(&mut school, db, "school-booking-cancelled-by-host-phone").await;

        // The college reopens it.
        press(&mut college, "#workshop", "Reopen").await;
        mark_all(&mut college, "#workshop-list li.card", &[&name, "Reopened: schools can book it again."], "workshop")
            .await;
        wait_in(&mut college, "#workshop h3", "Open").await;
        let open = app
            .data(
                Some(&app.token("cd-cong-nghiep-hp", Role::OrgMember)),
                "query($owner: ID!) { facilities(filter: { ownerId: $owner }) { edges { node { name status } } } }",
                json!({ "owner": demo_org("cd-cong-nghiep-hp") }),
            )
            .await;
        assert!(
            open["facilities"]["edges"].as_array().unwrap().contains(&json!({ "node": { "name": name, "status": "OPEN" } })),
            "{open}"
        );
    }
);
