//! Times as the exports write them: ISO 8601 with seven fractional digits (or the API's trimmed
//! form) and the portal's en-US display, from calendar fields computed with integers only.

use std::io::Write;

use crate::engine::time::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MILLISECOND, TICKS_PER_MINUTE, TICKS_PER_SECOND, UNIX_EPOCH_TICKS};
use crate::engine::Ticks;

/// Calendar fields of a time: (year, month, day, hour, minute, second, ticks of the second).
fn civil(t: Ticks) -> (i64, u32, u32, u32, u32, u32, i64) {
    let since = t.0 - UNIX_EPOCH_TICKS;
    let days = since.div_euclid(TICKS_PER_DAY);
    let of_day = since.rem_euclid(TICKS_PER_DAY);
    let hour = (of_day / TICKS_PER_HOUR) as u32;
    let minute = (of_day % TICKS_PER_HOUR / TICKS_PER_MINUTE) as u32;
    let second = (of_day % TICKS_PER_MINUTE / TICKS_PER_SECOND) as u32;
    let frac = of_day % TICKS_PER_SECOND;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, hour, minute, second, frac)
}

/// `2026-03-16T09:05:12.3456789Z`; `trim`: the API's form, trailing zeros (and a bare dot) dropped.
pub(super) fn iso_time(b: &mut Vec<u8>, t: Ticks, trim: bool) {
    let (y, mo, d, h, mi, s, frac) = civil(t);
    let _ = write!(b, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    if trim {
        if frac != 0 {
            let digits = format!("{frac:07}");
            let _ = write!(b, ".{}", digits.trim_end_matches('0'));
        }
    } else {
        let _ = write!(b, ".{frac:07}");
    }
    b.push(b'Z');
}

/// The en-US portal display: `3/16/2026, 9:05:12.345 AM` (milliseconds, 12-hour clock).
pub(super) fn portal_time(b: &mut Vec<u8>, t: Ticks) {
    let (y, mo, d, h, mi, s, frac) = civil(t);
    let (hour12, meridiem) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    let _ = write!(b, "{mo}/{d}/{y}, {hour12}:{mi:02}:{s:02}.{:03} {meridiem}", frac / TICKS_PER_MILLISECOND);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::SplitMix64;

    fn text(write: impl Fn(&mut Vec<u8>, Ticks), t: Ticks) -> String {
        let mut b = Vec::new();
        write(&mut b, t);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn iso_times_are_the_engines() {
        let mut r = SplitMix64::new(3);
        for _ in 0..2000 {
            let t = Ticks(r.range(630_000_000_000_000_000, 650_000_000_000_000_000));
            assert_eq!(text(|b, t| iso_time(b, t, false), t), t.to_iso());
        }
    }

    #[test]
    fn times_are_written_as_each_export_writes_them() {
        let t = Ticks::from_parts(chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(), 0, 5, 7, 1_230_000).unwrap();
        let check = |write: fn(&mut Vec<u8>, Ticks), t: Ticks, expected: &str| assert_eq!(text(write, t), expected);
        check(portal_time, t, "3/16/2026, 12:05:07.123 AM");
        check(portal_time, Ticks(t.0 + 11 * TICKS_PER_HOUR), "3/16/2026, 11:05:07.123 AM");
        check(portal_time, Ticks(t.0 + 12 * TICKS_PER_HOUR), "3/16/2026, 12:05:07.123 PM");
        check(portal_time, Ticks(t.0 + 13 * TICKS_PER_HOUR), "3/16/2026, 1:05:07.123 PM");
        check(portal_time, Ticks(t.0 - 6 * TICKS_PER_MINUTE), "3/15/2026, 11:59:07.123 PM");
        check(|b, t| iso_time(b, t, true), t, "2026-03-16T00:05:07.123Z");
        check(|b, t| iso_time(b, t, true), Ticks(t.0 - 1_230_000), "2026-03-16T00:05:07Z");
        check(|b, t| iso_time(b, t, true), Ticks(t.0 + 1), "2026-03-16T00:05:07.1230001Z");
        check(|b, t| iso_time(b, t, false), Ticks(t.0 - 1_230_000), "2026-03-16T00:05:07.0000000Z");
    }
}
