//! iCalendar (RFC 5545) feeds of bookings. Text only: the gateway serves it over HTTP.
//!
//! Times are written in local time with `TZID=Asia/Ho_Chi_Minh` and a `VTIMEZONE` that defines
//! it (UTC+7, no daylight saving), which Google Calendar, Outlook and Thunderbird all read. UIDs
//! are the booking ids, so an event keeps its identity across fetches; a cancelled or declined
//! booking stays in the feed with `STATUS:CANCELLED` so subscribed calendars remove it.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::kinds::BookingStatus;
use hub_common::time::{self, TIME_ZONE};

/// RFC 5545 §3.1: lines longer than 75 octets are folded.
const MAX_LINE_OCTETS: usize = 75;
const UID_DOMAIN: &str = "facilities.hub.haiphong.vn";

/// One booking as a calendar shows it.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    pub booking_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: BookingStatus,
    pub revision: i32,
    pub updated_at: DateTime<Utc>,
    pub summary: String,
    pub location: String,
    pub description: String,
}

/// Renders a whole feed: `name` becomes the calendar's display name.
pub fn render(name: &str, events: &[CalendarEvent]) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hai Phong career-education hub//facilities//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push(&mut out, line);
    }
    push(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    push(&mut out, &format!("X-WR-TIMEZONE:{TIME_ZONE}"));
    for line in [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Ho_Chi_Minh",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:+07",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        push(&mut out, line);
    }
    for event in events {
        push(&mut out, "BEGIN:VEVENT");
        push(&mut out, &format!("UID:{}@{UID_DOMAIN}", event.booking_id));
        push(&mut out, &format!("DTSTAMP:{}", utc_stamp(event.updated_at)));
        push(&mut out, &format!("LAST-MODIFIED:{}", utc_stamp(event.updated_at)));
        push(&mut out, &format!("SEQUENCE:{}", event.revision.max(0)));
        push(&mut out, &format!("DTSTART;TZID={TIME_ZONE}:{}", local_stamp(event.starts_at)));
        push(&mut out, &format!("DTEND;TZID={TIME_ZONE}:{}", local_stamp(event.ends_at)));
        push(&mut out, &format!("SUMMARY:{}", escape(&event.summary)));
        push(&mut out, &format!("LOCATION:{}", escape(&event.location)));
        push(&mut out, &format!("DESCRIPTION:{}", escape(&event.description)));
        push(&mut out, &format!("STATUS:{}", status(event.status)));
        push(&mut out, "END:VEVENT");
    }
    push(&mut out, "END:VCALENDAR");
    out
}

fn status(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Pending => "TENTATIVE",
        BookingStatus::Confirmed => "CONFIRMED",
        // A declined booking will not happen either; calendars know only this word for it.
        BookingStatus::Declined | BookingStatus::Cancelled => "CANCELLED",
    }
}

fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(at: DateTime<Utc>) -> String {
    time::local(at).format("%Y%m%dT%H%M%S").to_string()
}

/// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets without splitting a UTF-8 character, with
/// CRLF line ends. Continuation lines start with a space, which counts towards their 75.
fn push(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn event(summary: &str) -> CalendarEvent {
        let starts_at = Utc.with_ymd_and_hms(2026, 12, 1, 1, 30, 0).single().unwrap_or_default();
        CalendarEvent {
            booking_id: Uuid::nil(),
            starts_at,
            ends_at: starts_at + chrono::TimeDelta::hours(2),
            status: BookingStatus::Cancelled,
            revision: 2,
            updated_at: starts_at,
            summary: summary.into(),
            location: "Xưởng cơ khí, Trường Cao đẳng Kỹ thuật Hải Phòng".into(),
            description: "Dòng một\nDòng hai; có dấu, phẩy".into(),
        }
    }

    #[test]
    fn lines_end_in_crlf_and_fold_within_75_octets_on_character_boundaries() {
        let long = "Thực hành điện công nghiệp cho học sinh lớp 9 Trường THCS Chu Văn An ".repeat(3);
        let feed = render("Lịch xưởng", &[event(&long)]);
        assert!(feed.ends_with("END:VCALENDAR\r\n"));
        assert!(!feed.replace("\r\n", "").contains('\n'), "no bare line feeds");
        for line in feed.split("\r\n") {
            assert!(line.len() <= MAX_LINE_OCTETS, "{line:?} is {} octets", line.len());
        }
        let unfolded = feed.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", long)));
    }

    #[test]
    fn times_are_local_and_text_is_escaped() {
        let feed = render("x", &[event("Buổi học")]);
        assert!(feed.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20261201T083000\r\n"));
        assert!(feed.contains("DTEND;TZID=Asia/Ho_Chi_Minh:20261201T103000\r\n"));
        assert!(feed.contains("STATUS:CANCELLED\r\n"));
        assert!(feed.contains("UID:00000000-0000-0000-0000-000000000000@facilities.hub.haiphong.vn\r\n"));
        let unfolded = feed.replace("\r\n ", "");
        assert!(unfolded.contains("DESCRIPTION:Dòng một\\nDòng hai\\; có dấu\\, phẩy\r\n"));
    }
}
