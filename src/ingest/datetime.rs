//! Datetime strings as exports write them, turned into `Ticks`.
//!
//! - ISO 8601 from the API and Kusto tools: `2006-01-02T22:04:05.1Z`, seven digits, offsets, or
//!   no zone at all (`2025-11-21 19:45:18.0766240`, `2019-01-12 06:41:44`), which means UTC.
//! - Portal display strings: `1/29/2026, 5:44:10.000 AM` or `16/07/2026 20:26:12.030`. Whether the
//!   first number is the month or the day is not known from one value, so these come back as
//!   `Parsed::DayMonth` and the reader settles the order from the whole column.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike};

use crate::engine::time::{Ticks, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};

/// A tick is 100 ns.
const NANOS_PER_TICK: u32 = 100;

/// Which of the first two numbers of a portal date is the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateOrder {
    /// `1/29/2026` (en-US).
    MonthFirst,
    /// `29/01/2026`.
    DayFirst,
}

impl DateOrder {
    pub fn parse(s: &str) -> Option<DateOrder> {
        match s.to_ascii_lowercase().as_str() {
            "mdy" | "month-first" | "us" => Some(DateOrder::MonthFirst),
            "dmy" | "day-first" => Some(DateOrder::DayFirst),
            _ => None,
        }
    }
}

/// `parse`, with an error that says what to write instead (the CLI's `--date-order`).
impl std::str::FromStr for DateOrder {
    type Err = String;

    fn from_str(s: &str) -> Result<DateOrder, String> {
        DateOrder::parse(s).ok_or_else(|| format!("'{s}' is not a date order: use mdy or dmy"))
    }
}

/// A datetime string, read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A complete instant; `digits` is how many fractional digits the text carried.
    Exact { ticks: Ticks, digits: u8 },
    /// A portal date whose order of day and month is still open.
    DayMonth(DayMonth),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayMonth {
    pub first: u8,
    pub second: u8,
    pub year: i32,
    /// Ticks since midnight.
    pub time_of_day: i64,
    pub digits: u8,
}

impl DayMonth {
    /// The instant under one reading of the order, if that date exists.
    pub fn resolve(&self, order: DateOrder) -> Option<Ticks> {
        let (month, day) = match order {
            DateOrder::MonthFirst => (self.first, self.second),
            DateOrder::DayFirst => (self.second, self.first),
        };
        let date = NaiveDate::from_ymd_opt(self.year, u32::from(month), u32::from(day))?;
        Ticks::from_parts(date, 0, 0, 0, 0)?.checked_add(self.time_of_day)
    }

    /// Which orders this value rules out: a number above 12 cannot be a month.
    pub fn settles(&self) -> Option<DateOrder> {
        match (self.first > 12, self.second > 12) {
            (true, false) => Some(DateOrder::DayFirst),
            (false, true) => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }
}

/// Reads one datetime string.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("is empty".into());
    }
    let bytes = s.as_bytes();
    if bytes.len() >= 10 && bytes[4] == b'-' && bytes[..4].iter().all(u8::is_ascii_digit) {
        parse_iso(s)
    } else {
        parse_portal(s).map(Parsed::DayMonth)
    }
}

fn fraction_digits(s: &str) -> u8 {
    match s.find('.') {
        Some(dot) => s[dot + 1..].bytes().take_while(u8::is_ascii_digit).count().min(255) as u8,
        None => 0,
    }
}

fn parse_iso(s: &str) -> Result<Parsed, String> {
    let digits = fraction_digits(s);
    let exact = |t: NaiveDateTime| -> Result<Parsed, String> {
        let date = t.date();
        let ticks = Ticks::from_parts(date, t.hour(), t.minute(), t.second(), t.nanosecond() / NANOS_PER_TICK)
            .ok_or_else(|| "is outside the datetime range".to_string())?;
        Ok(Parsed::Exact { ticks, digits })
    };
    // With a zone: RFC 3339 (`Z`, `+02:00`); chrono also takes a space for the `T`.
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return exact(t.naive_utc());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(t) = DateTime::parse_from_str(s, format) {
            return exact(t.naive_utc());
        }
    }
    // Without a zone the value is UTC, as Kusto tools write it.
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return exact(t);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return exact(d.and_hms_opt(0, 0, 0).expect("midnight exists"));
    }
    Err("is not an ISO 8601 datetime".into())
}

/// `1/29/2026, 5:44:10.000 AM`, `16/07/2026 20:26:12.030`, `16.07.2026 20:26`.
fn parse_portal(s: &str) -> Result<DayMonth, String> {
    let (date, rest) = s
        .split_once(|c: char| c == ',' || c == ' ')
        .ok_or_else(|| "is not a datetime".to_string())?;
    let mut parts = date.split(['/', '.', '-']);
    let (Some(a), Some(b), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("is not a datetime".into());
    };
    let number = |p: &str| -> Result<u32, String> {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return Err("is not a datetime".into());
        }
        p.parse::<u32>().map_err(|_| "is not a datetime".to_string())
    };
    let (first, second, year) = (number(a)?, number(b)?, number(y)?);
    if y.len() != 4 {
        return Err(format!("has the year '{y}': four digits are needed"));
    }
    if !(1..=31).contains(&first) || !(1..=31).contains(&second) || (first > 12 && second > 12) {
        return Err(format!("has the date '{date}', which is no day and month"));
    }
    let rest = rest.trim_start_matches([',', ' ']).trim();
    let (clock, meridiem) = match rest.rsplit_once(' ') {
        Some((clock, m)) if m.eq_ignore_ascii_case("AM") => (clock.trim(), Some(false)),
        Some((clock, m)) if m.eq_ignore_ascii_case("PM") => (clock.trim(), Some(true)),
        _ => (rest, None),
    };
    let mut fields = clock.split(':');
    let hour = fields.next().ok_or("has no time")?;
    let minute = fields.next().ok_or_else(|| format!("has the time '{clock}' with no minutes"))?;
    let seconds = fields.next().unwrap_or("0");
    if fields.next().is_some() {
        return Err(format!("has the time '{clock}', which is not h:mm:ss"));
    }
    let (seconds, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let int = |p: &str, what: &str| -> Result<u32, String> {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return Err(format!("has the {what} '{p}', which is not a number"));
        }
        Ok(p.parse::<u32>().expect("two digits"))
    };
    let (mut h, m, sec) = (int(hour, "hour")?, int(minute, "minute")?, int(seconds, "second")?);
    if !fraction.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!("has the fraction '{fraction}', which is not a number"));
    }
    if let Some(pm) = meridiem {
        if !(1..=12).contains(&h) {
            let m = if pm { "PM" } else { "AM" };
            return Err(format!("has hour {h} with {m}: a 12-hour clock runs from 1 to 12"));
        }
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    if h > 23 || m > 59 || sec > 59 {
        return Err(format!("has the time '{clock}', which is no time of day"));
    }
    let mut frac_ticks: i64 = 0;
    let mut scale = TICKS_PER_SECOND;
    for d in fraction.bytes().take(7) {
        scale /= 10;
        frac_ticks += i64::from(d - b'0') * scale;
    }
    Ok(DayMonth {
        first: first as u8,
        second: second as u8,
        year: year as i32,
        time_of_day: i64::from(h) * TICKS_PER_HOUR
            + i64::from(m) * TICKS_PER_MINUTE
            + i64::from(sec) * TICKS_PER_SECOND
            + frac_ticks,
        digits: fraction.len().min(255) as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(s: &str) -> (String, u8) {
        match parse(s).unwrap_or_else(|e| panic!("{s}: {e}")) {
            Parsed::Exact { ticks, digits } => (ticks.to_iso(), digits),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn iso_forms() {
        for (input, iso, digits) in [
            ("2006-01-02T22:04:05.1Z", "2006-01-02T22:04:05.1000000Z", 1),
            ("2023-02-20T11:04:02.6371632Z", "2023-02-20T11:04:02.6371632Z", 7),
            ("2020-01-01T00:00:00.0000000Z", "2020-01-01T00:00:00.0000000Z", 7),
            ("2025-11-21 19:45:18.0766240", "2025-11-21T19:45:18.0766240Z", 7),
            ("2019-01-12 06:41:44", "2019-01-12T06:41:44.0000000Z", 0),
            ("2019-01-15 05:15:02.980", "2019-01-15T05:15:02.9800000Z", 3),
            ("2020-09-22T08:37:48.541Z", "2020-09-22T08:37:48.5410000Z", 3),
            ("2026-03-02T11:00:00+02:00", "2026-03-02T09:00:00.0000000Z", 0),
            ("2026-03-02T09:00:00.123456789Z", "2026-03-02T09:00:00.1234567Z", 9),
            ("2026-03-02", "2026-03-02T00:00:00.0000000Z", 0),
        ] {
            assert_eq!(exact(input), (iso.to_string(), digits), "{input}");
        }
    }

    fn day_month(s: &str) -> DayMonth {
        match parse(s).unwrap_or_else(|e| panic!("{s}: {e}")) {
            Parsed::DayMonth(dm) => dm,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn portal_forms() {
        for (input, order, iso) in [
            ("1/29/2026, 5:44:10.000 AM", DateOrder::MonthFirst, "2026-01-29T05:44:10.0000000Z"),
            ("10/18/2024, 9:29:21.125 AM", DateOrder::MonthFirst, "2024-10-18T09:29:21.1250000Z"),
            ("3/31/2022, 10:51:35.857 PM", DateOrder::MonthFirst, "2022-03-31T22:51:35.8570000Z"),
            ("1/1/2026, 12:00:00.000 AM", DateOrder::MonthFirst, "2026-01-01T00:00:00.0000000Z"),
            ("1/1/2026, 12:30:00.000 PM", DateOrder::MonthFirst, "2026-01-01T12:30:00.0000000Z"),
            ("16/07/2026 20:26:12.030", DateOrder::DayFirst, "2026-07-16T20:26:12.0300000Z"),
            ("16.07.2026 20:26", DateOrder::DayFirst, "2026-07-16T20:26:00.0000000Z"),
        ] {
            let dm = day_month(input);
            assert_eq!(dm.resolve(order).unwrap().to_iso(), iso, "{input}");
        }
        assert_eq!(day_month("16/07/2026 20:26:12.030").settles(), Some(DateOrder::DayFirst));
        assert_eq!(day_month("7/16/2026, 8:26:12.030 PM").settles(), Some(DateOrder::MonthFirst));
        assert_eq!(day_month("7/6/2026 8:26").settles(), None);
        assert_eq!(day_month("2/30/2026 8:26").resolve(DateOrder::MonthFirst), None);
    }

    #[test]
    fn date_orders() {
        for (input, expected) in [
            ("mdy", Some(DateOrder::MonthFirst)),
            ("MDY", Some(DateOrder::MonthFirst)),
            ("month-first", Some(DateOrder::MonthFirst)),
            ("us", Some(DateOrder::MonthFirst)),
            ("dmy", Some(DateOrder::DayFirst)),
            ("Day-First", Some(DateOrder::DayFirst)),
            ("ymd", None),
            ("", None),
        ] {
            assert_eq!(input.parse::<DateOrder>().ok(), expected, "{input}");
        }
        assert_eq!("ymd".parse::<DateOrder>(), Err("'ymd' is not a date order: use mdy or dmy".to_string()));
    }

    #[test]
    fn impossible_values_say_why() {
        for (input, why) in [
            ("3/31/2022, 14:51:35.857 PM", "hour 14 with PM"),
            ("3/31/2022, 0:51:35.857 AM", "hour 0 with AM"),
            ("13/13/2022 10:00", "no day and month"),
            ("1/2/22 10:00", "four digits"),
            ("1/2/2022 25:00", "no time of day"),
            ("yesterday", "not a datetime"),
            ("", "empty"),
            ("2026-13-01T00:00:00Z", "not an ISO 8601"),
            ("#NAME?", "not a datetime"),
        ] {
            let err = parse(input).expect_err(input);
            assert!(err.contains(why), "{input}: {err}");
        }
    }
}
