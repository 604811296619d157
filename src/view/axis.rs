//! The timeline's axes: the time axis across the top (`tick_step`, `ticks`, `tick_label`, in
//! UTC) and the hosts down the gutter (`short_label`).

use chrono::{DateTime, Datelike, Timelike};

use super::range::{ms, TimeRange};
use crate::engine::time::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};
use crate::export::visible_text;

/// Room for one tick label, in px.
const LABEL_PX: f64 = 110.0;
/// At most this many ticks are drawn, whatever the zoom.
const MAX_TICKS: usize = 200;
/// The longest host label the gutter shows whole.
const MAX_LABEL: usize = 22;

/// Tick spacing for the axis, in ms: the first step giving at most one label per ~110 px.
pub fn tick_step(span_ms: f64, width: f64) -> f64 {
    let (s, m, h, d) = (ms(TICKS_PER_SECOND), ms(TICKS_PER_MINUTE), ms(TICKS_PER_HOUR), ms(TICKS_PER_DAY));
    let steps = [s, 5.0 * s, 15.0 * s, m, 5.0 * m, 15.0 * m, 30.0 * m, h, 3.0 * h, 6.0 * h, 12.0 * h, d, 7.0 * d, 30.0 * d, 365.0 * d];
    let wanted = span_ms / (width / LABEL_PX).max(1.0);
    steps.into_iter().find(|step| *step >= wanted).unwrap_or(365.0 * d)
}

/// The instants of the ticks in `range`: whole multiples of `step`.
pub fn ticks(range: TimeRange, step: f64) -> Vec<f64> {
    let mut t = (range.start / step).ceil() * step;
    let mut out = Vec::new();
    while t <= range.end && out.len() < MAX_TICKS {
        out.push(t);
        t += step;
    }
    out
}

/// A tick's label: the date for steps of a day or more, else the time to the minute, or to
/// the second for steps under a minute.
pub fn tick_label(t: f64, step: f64) -> String {
    let Some(iso) = iso(t) else { return String::new() };
    if step >= ms(TICKS_PER_DAY) {
        iso[..10].to_string()
    } else if step >= ms(TICKS_PER_MINUTE) {
        iso[11..16].to_string()
    } else {
        iso[11..19].to_string()
    }
}

/// `t` written as ECMAScript's `Date.prototype.toISOString` writes it (years outside 0..=9999
/// signed with six digits), or `None` outside the dates it can write.
fn iso(t: f64) -> Option<String> {
    const JS_DATE_LIMIT: f64 = 8.64e15;
    if !t.is_finite() || t.abs() > JS_DATE_LIMIT {
        return None;
    }
    let dt = DateTime::from_timestamp_millis(t.trunc() as i64)?;
    let year = dt.year();
    let year = if (0..=9999).contains(&year) { format!("{year:04}") } else { format!("{year:+07}") };
    Some(format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.timestamp_subsec_millis()
    ))
}

/// A host name (or any label) cut to fit the gutter, with controls made visible; the full
/// name goes in the lane's tooltip.
pub fn short_label(host: &str) -> String {
    let host = visible_text(host);
    if host.chars().count() <= MAX_LABEL {
        host.to_string()
    } else {
        let mut cut: String = host.chars().take(MAX_LABEL - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: f64 = 60_000.0;
    const HOUR: f64 = 60.0 * MINUTE;
    const DAY: f64 = 24.0 * HOUR;

    #[test]
    fn steps_leave_room_for_labels() {
        let check = |span: f64, width: f64, expected: f64| assert_eq!(tick_step(span, width), expected, "{span} ms over {width} px");
        check(3.0 * HOUR, 730.0, 30.0 * MINUTE);
        check(2.0 * HOUR, 730.0, 30.0 * MINUTE);
        check(HOUR, 730.0, 15.0 * MINUTE);
        check(10_000.0, 730.0, 5_000.0);
        check(1_000.0, 730.0, 1_000.0);
        check(30.0 * DAY, 730.0, 7.0 * DAY);
        check(100.0 * 365.0 * DAY, 730.0, 365.0 * DAY);
        check(HOUR, 50.0, HOUR);
    }

    #[test]
    fn ticks_are_whole_steps_in_range() {
        let check = |start: f64, end: f64, step: f64, expected: Vec<f64>| assert_eq!(ticks(TimeRange { start, end }, step), expected);
        check(0.0, 3.0 * HOUR, HOUR, vec![0.0, HOUR, 2.0 * HOUR, 3.0 * HOUR]);
        check(10.0, 3.0 * HOUR - 1.0, HOUR, vec![HOUR, 2.0 * HOUR]);
        check(-HOUR - 1.0, 0.0, HOUR, vec![-HOUR, 0.0]);
        check(0.0, 1e9, 1.0, (0..200).map(f64::from).collect());
    }

    #[test]
    fn labels_say_as_much_as_the_step_needs() {
        let t = 1_772_442_045_123.0; // 2026-03-02T09:00:45.123Z
        let check = |t: f64, step: f64, expected: &str| assert_eq!(tick_label(t, step), expected, "{t} at {step}");
        check(t, DAY, "2026-03-02");
        check(t, 7.0 * DAY, "2026-03-02");
        check(t, 12.0 * HOUR, "09:00");
        check(t, MINUTE, "09:00");
        check(t, 15_000.0, "09:00:45");
        check(0.0, DAY, "1970-01-01");
        check(-1.0, 1000.0, "23:59:59");
        check(-62_135_596_800_000.0, DAY, "0001-01-01");
        check(253_402_300_800_000.0, DAY, "+010000-01");
        check(f64::NAN, DAY, "");
        check(9e15, DAY, "");
    }

    #[test]
    fn host_labels_fit_the_gutter() {
        let check = |host: &str, expected: &str| assert_eq!(short_label(host), expected, "{host:?}");
        check("WS01", "WS01");
        check("", "");
        check("ABCDEFGHIJKLMNOPQRSTUV", "ABCDEFGHIJKLMNOPQRSTUV");
        check("ABCDEFGHIJKLMNOPQRSTUVW", "ABCDEFGHIJKLMNOPQRSTU…");
        check("WORKSTATION-0042.CORP.CONTOSO.COM", "WORKSTATION-0042.CORP…");
        check("ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ", "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ");
        check("WS01\u{202E}", "WS01⟨U+202E⟩");
        check("WS\u{202E}0123456789ABCDEFGH", "WS⟨U+202E⟩0123456789A…");
    }
}
