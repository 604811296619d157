//! Time as Kusto keeps it: `Ticks`, a count of 100 ns intervals since 0001-01-01T00:00:00Z.
//!
//! The window test `between (TimeGenerated .. TimeWindow)` is exact to the tick, so times are
//! never carried as floating-point milliseconds anywhere in the engine.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike};

/// 100 ns intervals since 0001-01-01T00:00:00Z, the `datetime` of Kusto and .NET.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Ticks(pub i64);

pub const TICKS_PER_MILLISECOND: i64 = 10_000;
pub const TICKS_PER_SECOND: i64 = 1_000 * TICKS_PER_MILLISECOND;
pub const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
pub const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
pub const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;
/// Ticks from 0001-01-01 to 1970-01-01.
pub const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;
/// 9999-12-31T23:59:59.9999999Z, Kusto's largest datetime.
pub const MAX_TICKS: i64 = 3_155_378_975_999_999_999;

impl Ticks {
    /// The datetime of a calendar date and time of day, if it lies in Kusto's range.
    pub fn from_parts(date: NaiveDate, hour: u32, minute: u32, second: u32, fraction_ticks: u32) -> Option<Ticks> {
        let time = date.and_hms_opt(hour, minute, second)?;
        let secs = time.and_utc().timestamp();
        let ticks = secs
            .checked_mul(TICKS_PER_SECOND)?
            .checked_add(UNIX_EPOCH_TICKS)?
            .checked_add(i64::from(fraction_ticks))?;
        (0..=MAX_TICKS).contains(&ticks).then_some(Ticks(ticks))
    }

    /// The instant `self + delta`, or `None` past Kusto's range.
    pub fn checked_add(self, delta: i64) -> Option<Ticks> {
        self.0.checked_add(delta).filter(|t| (0..=MAX_TICKS).contains(t)).map(Ticks)
    }

    fn to_naive(self) -> Option<NaiveDateTime> {
        let since_unix = self.0.checked_sub(UNIX_EPOCH_TICKS)?;
        let secs = since_unix.div_euclid(TICKS_PER_SECOND);
        let nanos = (since_unix.rem_euclid(TICKS_PER_SECOND) * 100) as u32;
        DateTime::from_timestamp(secs, nanos).map(|dt| dt.naive_utc())
    }

    /// ISO 8601 UTC with seven fractional digits: `2026-03-02T09:00:00.1234567Z`.
    pub fn to_iso(self) -> String {
        match self.to_naive() {
            Some(t) => format!(
                "{}.{:07}Z",
                t.format("%Y-%m-%dT%H:%M:%S"),
                t.nanosecond() / 100
            ),
            None => format!("ticks:{}", self.0),
        }
    }

    /// Milliseconds since the Unix epoch, for drawing only (the timeline's axis); never for comparisons.
    pub fn unix_millis_f64(self) -> f64 {
        (self.0 - UNIX_EPOCH_TICKS) as f64 / TICKS_PER_MILLISECOND as f64
    }
}

impl std::fmt::Display for Ticks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_iso())
    }
}

/// A length of time in ticks, written and read the way KQL writes timespan literals (`15m`, `1h`, `90s`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Span(pub i64);

impl Span {
    pub const fn minutes(m: i64) -> Span {
        Span(m * TICKS_PER_MINUTE)
    }

    /// Parses `15m`, `1h`, `90s`, `2d`, `500ms`, `1.5h` and `15min`. Negative spans are refused:
    /// the hunt only looks forward from the alert.
    pub fn parse(text: &str) -> Result<Span, String> {
        let t = text.trim();
        let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
        let (number, unit) = t.split_at(split);
        let per_unit: i64 = match unit.trim() {
            "d" | "day" | "days" => TICKS_PER_DAY,
            "h" | "hr" | "hrs" | "hour" | "hours" => TICKS_PER_HOUR,
            "m" | "min" | "minute" | "minutes" => TICKS_PER_MINUTE,
            "s" | "sec" | "second" | "seconds" => TICKS_PER_SECOND,
            "ms" | "millisecond" | "milliseconds" => TICKS_PER_MILLISECOND,
            "tick" | "ticks" => 1,
            _ => return Err(format!("'{text}' is not a time span: write it like 15m, 1h, 90s or 2d")),
        };
        let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
        if whole.is_empty() && frac.is_empty() {
            return Err(format!("'{text}' is not a time span: it has no number"));
        }
        let bad = || format!("'{text}' is not a time span: the number is out of range");
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
        let mut ticks = whole.checked_mul(per_unit).ok_or_else(bad)?;
        // Fractions are exact in ticks as long as they fit; extra digits below a tick are dropped.
        let mut scale = per_unit;
        for digit in frac.chars() {
            let d = i64::from(digit.to_digit(10).ok_or_else(bad)?);
            scale /= 10;
            ticks = ticks.checked_add(d * scale).ok_or_else(bad)?;
        }
        Ok(Span(ticks))
    }

    /// The shortest KQL timespan literal for this span (`15m`, `1h`, `90s`, `1500ms`, `3tick`).
    pub fn to_kql(self) -> String {
        const UNITS: [(i64, &str); 5] = [
            (TICKS_PER_DAY, "d"),
            (TICKS_PER_HOUR, "h"),
            (TICKS_PER_MINUTE, "m"),
            (TICKS_PER_SECOND, "s"),
            (TICKS_PER_MILLISECOND, "ms"),
        ];
        if self.0 == 0 {
            return "0m".to_string();
        }
        for (size, unit) in UNITS {
            if self.0 % size == 0 {
                return format!("{}{unit}", self.0 / size);
            }
        }
        format!("{}tick", self.0)
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_kql())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, frac: u32) -> Ticks {
        Ticks::from_parts(NaiveDate::from_ymd_opt(y, mo, d).unwrap(), h, mi, s, frac).unwrap()
    }

    #[test]
    fn iso_has_seven_digits_and_z() {
        assert_eq!(at(2026, 3, 2, 9, 0, 0, 1_234_567).to_iso(), "2026-03-02T09:00:00.1234567Z");
        assert_eq!(at(1970, 1, 1, 0, 0, 0, 0).0, UNIX_EPOCH_TICKS);
        assert_eq!(Ticks(0).to_iso(), "0001-01-01T00:00:00.0000000Z");
        assert_eq!(Ticks(MAX_TICKS).to_iso(), "9999-12-31T23:59:59.9999999Z");
        assert_eq!(at(1960, 1, 1, 0, 0, 0, 1).to_iso(), "1960-01-01T00:00:00.0000001Z");
    }

    #[test]
    fn range_is_kustos() {
        assert_eq!(Ticks(MAX_TICKS).checked_add(1), None);
        assert_eq!(Ticks(0).checked_add(-1), None);
    }

    #[test]
    fn spans_parse_and_print() {
        for (text, ticks, kql) in [
            ("15m", 15 * TICKS_PER_MINUTE, "15m"),
            ("1h", 60 * TICKS_PER_MINUTE, "1h"),
            ("60m", 60 * TICKS_PER_MINUTE, "1h"),
            ("90s", 90 * TICKS_PER_SECOND, "90s"),
            ("1.5h", 90 * TICKS_PER_MINUTE, "90m"),
            ("2d", 2 * 24 * 60 * TICKS_PER_MINUTE, "2d"),
            ("500ms", 5_000_000, "500ms"),
            ("15min", 15 * TICKS_PER_MINUTE, "15m"),
            ("7tick", 7, "7tick"),
            ("0m", 0, "0m"),
        ] {
            let span = Span::parse(text).unwrap();
            assert_eq!(span.0, ticks, "{text}");
            assert_eq!(span.to_kql(), kql, "{text}");
        }
        for bad in ["", "m", "-5m", "15", "15 parsecs", "99999999999999999999d"] {
            assert!(Span::parse(bad).is_err(), "{bad}");
        }
    }
}
