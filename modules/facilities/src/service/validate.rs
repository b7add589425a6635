//! Input rules, each failing with `BAD_USER_INPUT` naming the field.

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

/// One opening span as given: a weekday and local "HH:MM" times (closing may be "24:00").
#[derive(Debug, Clone)]
pub struct OpeningSpan {
    pub weekday: Weekday,
    pub opens: String,
    pub closes: String,
}

/// A span as stored: weekday number and minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredSpan {
    pub weekday: i32,
    pub opens_minute: i32,
    pub closes_minute: i32,
}

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

/// Opening hours: at least one day, each weekday once, opening before closing.
pub fn opening_hours(spans: &[OpeningSpan]) -> HubResult<Vec<StoredSpan>> {
    const FIELD: &str = "input.openingHours";
    if spans.is_empty() {
        return Err(HubError::bad_input(FIELD, msg!("facility-open-at-least-one-day")));
    }
    let mut days = HashSet::new();
    let mut stored = Vec::with_capacity(spans.len());
    for span in spans {
        if !days.insert(span.weekday) {
            return Err(HubError::bad_input(
                FIELD,
                msg!("weekday-listed-twice", weekday = format!("{:?}", span.weekday)),
            ));
        }
        let opens = clock("input.openingHours.opens", &span.opens, false)?;
        let closes = clock("input.openingHours.closes", &span.closes, true)?;
        if closes <= opens {
            return Err(HubError::bad_input("input.openingHours.closes", msg!("closes-must-after-opens")));
        }
        stored.push(StoredSpan {
            weekday: span.weekday.number(),
            opens_minute: opens,
            closes_minute: closes,
        });
    }
    stored.sort_by_key(|span| span.weekday);
    Ok(stored)
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

/// Whether a booking lies within the facility's hours on its local day.
pub fn within_hours(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, hours: &[StoredSpan]) -> HubResult<()> {
    let day = time::local_date(starts_at);
    let weekday = day.weekday().number_from_monday() as i32;
    let open = hours.iter().find(|span| span.weekday == weekday);
    let start = time::minute_of(day, starts_at);
    let end = time::minute_of(day, ends_at);
    match open {
        Some(span) if start >= i64::from(span.opens_minute) && end <= i64::from(span.closes_minute) => Ok(()),
        Some(_) => {
            Err(HubError::bad_input("input.startsAt", msg!("booking-falls-outside-facility-s-opening")))
        }
        None => Err(HubError::bad_input("input.startsAt", msg!("facility-closed-weekday"))),
    }
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

    fn span(weekday: Weekday, opens: &str, closes: &str) -> OpeningSpan {
        OpeningSpan { weekday, opens: opens.into(), closes: closes.into() }
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
