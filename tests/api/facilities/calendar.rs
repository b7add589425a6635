//! Calendar feeds read by a real iCalendar parser (the `icalendar` crate): events in Hải Phòng
//! time with stable UIDs, cancelled ones marked; the secret in the URL is checked, and a
//! rotated secret stops the old URL at once.

use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventStatus};

use super::*;

async fn rotate(app: &TestApp, org: &str) -> String {
    let data = app.data(Some(&admin(app, org)), ROTATE, json!({ "org": demo_org(org) })).await;
    data["rotateCalendarToken"]["token"].as_str().expect("a token").to_owned()
}

async fn fetch(app: &TestApp, path: &str) -> (reqwest::StatusCode, String, String) {
    let response = app.client.get(format!("{}{path}", app.base_url)).send().await.unwrap();
    let status = response.status();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, content_type, response.text().await.unwrap())
}

/// The events of a feed by UID: (local start, local end, summary, status).
fn events(text: &str) -> Vec<(String, String, String, String, Option<EventStatus>)> {
    let calendar: Calendar = text.parse().unwrap_or_else(|err| panic!("not iCalendar ({err}):\n{text}"));
    let local = |when: Option<DatePerhapsTime>| match when {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
            assert_eq!(tzid, "Asia/Ho_Chi_Minh");
            date_time.format("%Y-%m-%dT%H:%M").to_string()
        }
        other => panic!("expected a local time in Asia/Ho_Chi_Minh, got {other:?}"),
    };
    calendar
        .components
        .iter()
        .filter_map(|component| match component {
            CalendarComponent::Event(event) => Some((
                event.get_uid().unwrap_or_default().to_owned(),
                local(event.get_start()),
                local(event.get_end()),
                event.get_summary().unwrap_or_default().to_owned(),
                event.get_status(),
            )),
            _ => None,
        })
        .collect()
}

hub_test!(async fn the_facility_feed_lists_its_bookings_in_local_time(app) {
    let facility = create_facility(&app, true).await;
    let confirmed = book_one(&app, SCHOOL, booking_input(facility, 3, "08:00", "10:00")).await;
    app.data(Some(&member(&app, HOST)), &decide_query(), json!({ "id": confirmed, "decision": "CONFIRM" })).await;
    let pending = book_one(&app, OTHER_SCHOOL, booking_input(facility, 3, "10:00", "11:30")).await;
    let cancelled = book_one(&app, OTHER_SCHOOL, booking_input(facility, 4, "15:00", "16:00")).await;
    app.data(Some(&member(&app, OTHER_SCHOOL)), &cancel_query(), json!({ "id": cancelled })).await;

    let token = rotate(&app, HOST).await;
    let (status, content_type, text) = fetch(&app, &format!("/calendar/facilities/{facility}.ics?token={token}")).await;
    assert_eq!(status, 200, "{text}");
    assert!(content_type.starts_with("text/calendar"), "{content_type}");
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\n"), "{text}");
    let day = |days: i64, time: &str| format!("{}T{time}", in_days(days));
    let uid = |id: Uuid| format!("{id}@facilities.hub.haiphong.vn");
    let found = events(&text);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(
        found[0],
        (uid(confirmed), day(3, "08:00"), day(3, "10:00"), "Xưởng thực hành PLC – Trường THCS Chu Văn An".to_owned(), Some(EventStatus::Confirmed))
    );
    assert_eq!((found[1].0.clone(), found[1].1.clone(), found[1].4), (uid(pending), day(3, "10:00"), Some(EventStatus::Tentative)));
    assert_eq!((found[2].0.clone(), found[2].4), (uid(cancelled), Some(EventStatus::Cancelled)));

    // UIDs are stable: the next fetch names the same events the same way.
    let (_, _, again) = fetch(&app, &format!("/calendar/facilities/{facility}.ics?token={token}")).await;
    assert_eq!(events(&again).iter().map(|e| e.0.clone()).collect::<Vec<_>>(), found.iter().map(|e| e.0.clone()).collect::<Vec<_>>());
});

hub_test!(async fn the_organization_feed_shows_what_a_school_booked(app) {
    let facility = create_facility(&app, false).await;
    let booked = book_one(&app, SCHOOL, booking_input(facility, 5, "09:00", "11:00")).await;
    let token = rotate(&app, SCHOOL).await;
    let (status, _, text) = fetch(&app, &format!("/calendar/organizations/{}.ics?token={token}", demo_org(SCHOOL))).await;
    assert_eq!(status, 200, "{text}");
    let found = events(&text);
    let mine = found.iter().find(|e| e.0.starts_with(&booked.to_string())).expect("the booking is in the feed");
    assert_eq!((mine.1.as_str(), mine.2.as_str()), (format!("{}T09:00", in_days(5)).as_str(), format!("{}T11:00", in_days(5)).as_str()));
    // Other schools' bookings are not in it.
    let other = book_one(&app, OTHER_SCHOOL, booking_input(facility, 5, "13:00", "14:00")).await;
    let (_, _, text) = fetch(&app, &format!("/calendar/organizations/{}.ics?token={token}", demo_org(SCHOOL))).await;
    assert!(!text.contains(&other.to_string()));
});

hub_test!(async fn feeds_need_the_current_secret_and_rotation_revokes_the_old_one(app) {
    let facility = create_facility(&app, false).await;
    let path = format!("/calendar/facilities/{facility}.ics");
    // No secret issued yet, none given, a wrong one, a malformed id: all the same 404.
    assert_eq!(fetch(&app, &path).await.0, 404);
    let old = rotate(&app, HOST).await;
    assert_eq!(fetch(&app, &format!("{path}?token={old}")).await.0, 200);
    assert_eq!(fetch(&app, &format!("{path}?token={}", "0".repeat(64))).await.0, 404);
    assert_eq!(fetch(&app, &format!("/calendar/facilities/{}.ics?token={old}", Uuid::now_v7())).await.0, 404);
    assert_eq!(fetch(&app, &format!("/calendar/facilities/not-an-id.ics?token={old}")).await.0, 404);
    // Another organization's secret does not open this host's facility.
    let school = rotate(&app, SCHOOL).await;
    assert_eq!(fetch(&app, &format!("{path}?token={school}")).await.0, 404);

    let new = rotate(&app, HOST).await;
    assert_ne!(old, new);
    assert_eq!(fetch(&app, &format!("{path}?token={old}")).await.0, 404, "the old secret stops at once");
    assert_eq!(fetch(&app, &format!("{path}?token={new}")).await.0, 200);
    // Only the hash is stored.
    let stored = facilities::entity::calendar_token::Entity::find_by_id(demo_org(HOST)).one(&app.db).await.unwrap().unwrap();
    assert_ne!(stored.token_sha256, new);
});
