//! Input rules, each failing with `BAD_USER_INPUT` naming the field.

use hub_common::messages::Message;
use hub_common::msg;
use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use hub_common::text::{required_multiline_text, required_text};
use hub_common::{HubError, HubResult};

use crate::kinds::Weekday;
use hub_common::time;

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_TRADE_CHARS: usize = 120;
pub const MAX_PURPOSE_CHARS: usize = 1000;
pub const MAX_NOTE_CHARS: usize = 1000;
pub const MAX_EQUIPMENT_ITEMS: usize = 50;
pub const MAX_EQUIPMENT_CHARS: usize = 200;
/// A workshop session longer than a working day is a typo.
pub const MAX_BOOKING_HOURS: i64 = 12;
/// A series covers at most a school year's worth of weeks.
pub const MAX_OCCURRENCES: usize = 52;
/// Availability is asked for a few weeks at a time.
pub const MAX_AVAILABILITY_DAYS: i64 = 62;
/// Largest capacity a facility may state; the database checks the same bound.
pub const MAX_CAPACITY: i32 = 1000;

/// One weekday's opening hours as given: the weekday and its spans of local "HH:MM" times
/// (closing may be "24:00"), e.g. 07:30-11:30 and 13:30-17:00 around a lunch break.
#[derive(Debug, Clone)]
pub struct OpeningDay {
    pub weekday: Weekday,
    pub spans: Vec<ClockSpan>,
}

/// A span of a day as given, "07:30" to "11:30".
#[derive(Debug, Clone)]
pub struct ClockSpan {
    pub opens: String,
    pub closes: String,
}

/// A span as stored: weekday number and minutes after local midnight. A weekday may have
/// several, which never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredSpan {
    pub weekday: i32,
    pub opens_minute: i32,
    pub closes_minute: i32,
}

/// More spans than this in a day is a typo, not a timetable.
pub const MAX_SPANS_PER_DAY: usize = 6;
/// A closure's reason ("Tết Nguyên Đán", "bảo trì hệ thống điện").
pub const MAX_REASON_CHARS: usize = 200;
/// A closure covers at most a year; longer is a withdrawal.
pub const MAX_CLOSURE_DAYS: i64 = 366;
/// The longest minimum notice a facility may ask, in hours (30 days).
pub const MAX_NOTICE_HOURS: i32 = 24 * 30;
/// The furthest ahead a facility may open its calendar, in days (two school years).
pub const MAX_ADVANCE_DAYS: i32 = 730;

pub fn name(value: &str) -> HubResult<String> {
    required_text("input.name", value, MAX_NAME_CHARS)
}

pub fn trade(value: &str) -> HubResult<String> {
    required_text("input.trade", value, MAX_TRADE_CHARS)
}

pub fn capacity(value: i32) -> HubResult<i32> {
    if !(1..=MAX_CAPACITY).contains(&value) {
        return Err(HubError::bad_input(
            "input.capacity",
            msg!("capacity-must-1-max-capacity", max_capacity = MAX_CAPACITY),
        ));
    }
    Ok(value)
}

pub fn purpose(value: &str) -> HubResult<String> {
    required_multiline_text("input.purpose", value, MAX_PURPOSE_CHARS)
}

pub fn note(value: Option<&str>) -> HubResult<Option<String>> {
    hub_common::text::optional_multiline_text("note", value, MAX_NOTE_CHARS)
}

/// Equipment on site: short descriptions, each once.
pub fn equipment(items: &[String]) -> HubResult<String> {
    if items.len() > MAX_EQUIPMENT_ITEMS {
        return Err(HubError::bad_input(
            "input.equipment",
            msg!("at-most-max-equipment-items-items", max_equipment_items = MAX_EQUIPMENT_ITEMS),
        ));
    }
    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(items.len());
    for item in items {
        let item = required_text("input.equipment", item, MAX_EQUIPMENT_CHARS)?;
        if !seen.insert(item.clone()) {
            return Err(HubError::bad_input("input.equipment", msg!("item-listed-twice", item = item)));
        }
        checked.push(item);
    }
    serde_json::to_string(&checked).map_err(|err| HubError::Unexpected(err.into()))
}

/// "HH:MM" on a 24-hour clock, as minutes after midnight; "24:00" only as a closing time.
fn clock(field: &str, text: &str, closing: bool) -> HubResult<i32> {
    let bad = || HubError::bad_input(field, msg!("text-not-time-like-07-30", text = format!("{:?}", text)));
    let (hours, minutes) = text.trim().split_once(':').ok_or_else(bad)?;
    if hours.len() != 2 || minutes.len() != 2 {
        return Err(bad());
    }
    let hours: i32 = hours.parse().map_err(|_| bad())?;
    let minutes: i32 = minutes.parse().map_err(|_| bad())?;
    let total = hours * 60 + minutes;
    let limit = if closing { 24 * 60 } else { 24 * 60 - 1 };
    if !(0..60).contains(&minutes) || !(0..=limit).contains(&total) {
        return Err(bad());
    }
    Ok(total)
}

/// Opening hours: at least one weekday, each once, each with one or more spans, opening
/// before closing, the spans of a day not overlapping (touching is allowed).
pub fn opening_hours(days: &[OpeningDay]) -> HubResult<Vec<StoredSpan>> {
    const FIELD: &str = "input.openingHours";
    const SPANS: &str = "input.openingHours.spans";
    if days.is_empty() {
        return Err(HubError::bad_input(FIELD, msg!("facility-open-at-least-one-day")));
    }
    let mut seen = HashSet::new();
    let mut stored = Vec::new();
    for day in days {
        if !seen.insert(day.weekday) {
            return Err(HubError::bad_input(
                FIELD,
                msg!("weekday-listed-twice", weekday = format!("{:?}", day.weekday)),
            ));
        }
        if day.spans.is_empty() {
            return Err(HubError::bad_input(
                SPANS,
                msg!("weekday-has-no-opening-span-leave", weekday = format!("{:?}", day.weekday)),
            ));
        }
        if day.spans.len() > MAX_SPANS_PER_DAY {
            return Err(HubError::bad_input(
                SPANS,
                msg!("day-has-at-most-max-spans", max_spans_per_day = MAX_SPANS_PER_DAY),
            ));
        }
        let mut spans = Vec::with_capacity(day.spans.len());
        for span in &day.spans {
            let opens = clock("input.openingHours.spans.opens", &span.opens, false)?;
            let closes = clock("input.openingHours.spans.closes", &span.closes, true)?;
            if closes <= opens {
                return Err(HubError::bad_input(
                    "input.openingHours.spans.closes",
                    msg!("closes-must-after-opens"),
                ));
            }
            spans.push(StoredSpan {
                weekday: day.weekday.number(),
                opens_minute: opens,
                closes_minute: closes,
            });
        }
        spans.sort_by_key(|span| span.opens_minute);
        for pair in spans.windows(2) {
            if pair[1].opens_minute < pair[0].closes_minute {
                return Err(HubError::bad_input(
                    SPANS,
                    msg!(
                        "weekday-spans-value-value2-overlap",
                        weekday = format!("{:?}", day.weekday),
                        value = span_text(&pair[0]),
                        value2 = span_text(&pair[1])
                    ),
                ));
            }
        }
        stored.extend(spans);
    }
    stored.sort_by_key(|span| (span.weekday, span.opens_minute));
    Ok(stored)
}

/// "07:30-11:30".
pub fn span_text(span: &StoredSpan) -> String {
    let clock = |minute: i32| format!("{:02}:{:02}", minute / 60, minute % 60);
    format!("{}-{}", clock(span.opens_minute), clock(span.closes_minute))
}

/// The minimum notice a host asks, in hours.
pub fn min_notice_hours(value: i32) -> HubResult<i32> {
    if !(0..=MAX_NOTICE_HOURS).contains(&value) {
        return Err(HubError::bad_input(
            "input.minimumNoticeHours",
            msg!("minimum-notice-0-max-notice-hours", max_notice_hours = MAX_NOTICE_HOURS),
        ));
    }
    Ok(value)
}

/// How far ahead a host takes bookings, in days; `None` is no limit.
pub fn max_advance_days(value: Option<i32>) -> HubResult<Option<i32>> {
    match value {
        Some(days) if !(1..=MAX_ADVANCE_DAYS).contains(&days) => Err(HubError::bad_input(
            "input.maximumAdvanceDays",
            msg!("maximum-advance-1-max-advance-days", max_advance_days = MAX_ADVANCE_DAYS),
        )),
        _ => Ok(value),
    }
}

/// Whether a session starts late enough for the facility's minimum notice.
pub fn notice(starts_at: DateTime<Utc>, now: DateTime<Utc>, min_notice_hours: i32) -> HubResult<()> {
    if min_notice_hours > 0 && starts_at < now + chrono::TimeDelta::hours(i64::from(min_notice_hours)) {
        return Err(HubError::bad_input(
            "input.startsAt",
            msg!("facility-booked-at-least-min-notice", min_notice_hours = min_notice_hours),
        ));
    }
    Ok(())
}

/// Why a session starting at `starts_at` is beyond the facility's maximum advance, if it is.
pub fn beyond_advance(
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    max_advance_days: Option<i32>,
) -> Option<Message> {
    let days = max_advance_days?;
    (starts_at > now + chrono::TimeDelta::days(i64::from(days)))
        .then(|| msg!("booking-beyond-advance", days = days, day = time::local(starts_at).format("%d/%m/%Y")))
}

/// A closure's days and reason: forwards, not ended, at most a year, with a reason.
pub fn closure(
    first_day: NaiveDate,
    last_day: NaiveDate,
    reason: &str,
    today: NaiveDate,
) -> HubResult<String> {
    if last_day < first_day {
        return Err(HubError::bad_input("input.to", msg!("must-not-before-from")));
    }
    if last_day < today {
        return Err(HubError::bad_input("input.to", msg!("closure-cannot-end-past")));
    }
    if (last_day - first_day).num_days() >= MAX_CLOSURE_DAYS {
        return Err(HubError::bad_input(
            "input.to",
            msg!("closure-lasts-at-most-max-closure", max_closure_days = MAX_CLOSURE_DAYS),
        ));
    }
    required_text("input.reason", reason, MAX_REASON_CHARS)
}

/// The reason a host gives for withdrawing a facility.
pub fn withdrawal_reason(reason: &str) -> HubResult<String> {
    required_text("reason", reason, MAX_REASON_CHARS)
}

/// A booking's interval: whole minutes, forwards, at most a working day, not started yet.
pub fn interval(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, now: DateTime<Utc>) -> HubResult<()> {
    for (field, at) in [("input.startsAt", starts_at), ("input.endsAt", ends_at)] {
        if at.second() != 0 || at.nanosecond() != 0 {
            return Err(HubError::bad_input(field, msg!("bookings-start-end-whole-minutes")));
        }
    }
    if ends_at <= starts_at {
        return Err(HubError::bad_input("input.endsAt", msg!("endsat-must-after-startsat")));
    }
    if ends_at - starts_at > chrono::TimeDelta::hours(MAX_BOOKING_HOURS) {
        return Err(HubError::bad_input(
            "input.endsAt",
            msg!("booking-lasts-at-most-max-booking", max_booking_hours = MAX_BOOKING_HOURS),
        ));
    }
    if starts_at <= now {
        return Err(HubError::bad_input("input.startsAt", msg!("booking-cannot-start-past")));
    }
    Ok(())
}

/// Whether a booking lies within one of the facility's opening spans on its local day.
pub fn within_hours(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, hours: &[StoredSpan]) -> HubResult<()> {
    let day = time::local_date(starts_at);
    let weekday = day.weekday().number_from_monday() as i32;
    let spans: Vec<&StoredSpan> = hours.iter().filter(|span| span.weekday == weekday).collect();
    if spans.is_empty() {
        return Err(HubError::bad_input("input.startsAt", msg!("facility-closed-weekday")));
    }
    let start = time::minute_of(day, starts_at);
    let end = time::minute_of(day, ends_at);
    if spans.iter().any(|span| start >= i64::from(span.opens_minute) && end <= i64::from(span.closes_minute))
    {
        return Ok(());
    }
    let listed: Vec<String> = spans.iter().map(|span| span_text(span)).collect();
    Err(HubError::bad_input(
        "input.startsAt",
        msg!("booking-must-fit-inside-one-facility", value = listed.join(", ")),
    ))
}

/// The start of each weekly occurrence up to and including the local day `until`.
pub fn weekly(starts_at: DateTime<Utc>, until: NaiveDate) -> HubResult<Vec<DateTime<Utc>>> {
    let first_day = time::local_date(starts_at);
    if until < first_day {
        return Err(HubError::bad_input(
            "input.recurrence.until",
            msg!("until-must-not-before-first-session"),
        ));
    }
    let mut starts = Vec::new();
    let mut next = starts_at;
    while time::local_date(next) <= until {
        if starts.len() == MAX_OCCURRENCES {
            return Err(HubError::bad_input(
                "input.recurrence.until",
                msg!("series-has-at-most-max-occurrences", max_occurrences = MAX_OCCURRENCES),
            ));
        }
        starts.push(next);
        next += chrono::TimeDelta::weeks(1);
    }
    Ok(starts)
}

pub fn participants(value: i32, capacity: i32) -> HubResult<i32> {
    if value < 1 {
        return Err(HubError::bad_input("input.participants", msg!("participants-must-at-least-1")));
    }
    if value > capacity {
        return Err(HubError::bad_input(
            "input.participants",
            msg!("facility-holds-at-most-capacity-participants", capacity = capacity),
        ));
    }
    Ok(value)
}

/// An availability window: forwards, and a few weeks at most.
pub fn window(from: DateTime<Utc>, to: DateTime<Utc>) -> HubResult<()> {
    if to <= from {
        return Err(HubError::bad_input("to", msg!("must-after-from")));
    }
    if to - from > chrono::TimeDelta::days(MAX_AVAILABILITY_DAYS) {
        return Err(HubError::bad_input(
            "to",
            msg!("ask-at-most-max-availability-days", max_availability_days = MAX_AVAILABILITY_DAYS),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn span(weekday: Weekday, opens: &str, closes: &str) -> OpeningDay {
        OpeningDay { weekday, spans: vec![ClockSpan { opens: opens.into(), closes: closes.into() }] }
    }

    fn day(weekday: Weekday, spans: &[(&str, &str)]) -> OpeningDay {
        OpeningDay {
            weekday,
            spans: spans.iter().map(|(o, c)| ClockSpan { opens: (*o).into(), closes: (*c).into() }).collect(),
        }
    }

    #[test]
    fn clocks_are_24_hour_and_closing_may_be_midnight() {
        let ok = opening_hours(&[span(Weekday::Monday, "07:30", "24:00")]).unwrap_or_default();
        assert_eq!(ok, vec![StoredSpan { weekday: 1, opens_minute: 450, closes_minute: 1440 }]);
        for (opens, closes) in [("7:30", "17:00"), ("07:60", "17:00"), ("24:00", "24:00"), ("17:00", "07:30")]
        {
            assert!(opening_hours(&[span(Weekday::Monday, opens, closes)]).is_err(), "{opens}-{closes}");
        }
        let twice = [span(Weekday::Friday, "07:00", "11:00"), span(Weekday::Friday, "13:00", "17:00")];
        assert!(opening_hours(&twice).is_err());
        assert!(opening_hours(&[]).is_err());
    }

    #[test]
    fn a_day_has_several_spans_that_do_not_overlap() {
        let lunch = opening_hours(&[day(Weekday::Monday, &[("13:30", "17:00"), ("07:30", "11:30")])]);
        assert_eq!(
            lunch.unwrap_or_default(),
            vec![
                StoredSpan { weekday: 1, opens_minute: 450, closes_minute: 690 },
                StoredSpan { weekday: 1, opens_minute: 810, closes_minute: 1020 },
            ]
        );
        assert!(opening_hours(&[day(Weekday::Monday, &[("07:30", "12:00"), ("11:30", "17:00")])]).is_err());
        assert!(opening_hours(&[day(Weekday::Monday, &[])]).is_err());
        // A booking fits inside one span, never across the lunch break.
        let hours = [
            StoredSpan { weekday: 1, opens_minute: 450, closes_minute: 690 },
            StoredSpan { weekday: 1, opens_minute: 810, closes_minute: 1020 },
        ];
        let monday = |h: u32, m: u32| Utc.with_ymd_and_hms(2025, 12, 1, h, m, 0).single().unwrap_or_default();
        // 13:30-15:00 local is 06:30-08:00 UTC.
        assert!(within_hours(monday(6, 30), monday(8, 0), &hours).is_ok());
        // 10:30-14:00 local crosses the break.
        assert!(within_hours(monday(3, 30), monday(7, 0), &hours).is_err());
    }

    #[test]
    fn hours_are_read_in_hai_phong_time() {
        // Monday 1 December 2025, 08:00-10:00 in Hải Phòng is 01:00-03:00 UTC.
        let hours = [StoredSpan { weekday: 1, opens_minute: 7 * 60, closes_minute: 11 * 60 }];
        let start = Utc.with_ymd_and_hms(2025, 12, 1, 1, 0, 0).single().unwrap_or_default();
        assert!(within_hours(start, start + chrono::TimeDelta::hours(2), &hours).is_ok());
        assert!(within_hours(start, start + chrono::TimeDelta::hours(5), &hours).is_err());
        // The same UTC time on Sunday evening is Monday morning locally only on Monday.
        let tuesday = start + chrono::TimeDelta::days(1);
        assert!(within_hours(tuesday, tuesday + chrono::TimeDelta::hours(1), &hours).is_err());
    }

    #[test]
    fn weekly_series_end_on_the_until_day_inclusive() {
        let start = Utc.with_ymd_and_hms(2025, 12, 1, 1, 0, 0).single().unwrap_or_default();
        let until = NaiveDate::from_ymd_opt(2025, 12, 15).unwrap_or_default();
        assert_eq!(weekly(start, until).map(|s| s.len()).ok(), Some(3));
        assert!(weekly(start, NaiveDate::from_ymd_opt(2025, 11, 30).unwrap_or_default()).is_err());
        assert!(weekly(start, NaiveDate::from_ymd_opt(2027, 12, 1).unwrap_or_default()).is_err());
    }
}
