//! `Window`: the span after one alert in which an RDP logon joins it.
//!
//! The seed query writes `extend TimeWindow = TimeGenerated + 15m` and then
//! `where Interactivelogontime between (TimeGenerated .. TimeWindow)`: both ends inclusive, to
//! the tick. This module is the one place that computes where a window ends, including the
//! overflow rule, so the hunt, the near misses, the view model and the KQL text agree.

use super::time::{Span, Ticks, MAX_TICKS};

/// The window of one alert group: `start ..= end`, both inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// The alert group's TimeGenerated.
    pub start: Ticks,
    /// `start + span`. Past Kusto's largest datetime it is that datetime: no logon can be later,
    /// so the window simply has no end within the calendar.
    pub end: Ticks,
}

impl Window {
    /// The window that opens at `alert` and lasts `span` (never negative: `HuntParams::validate`).
    pub fn after(alert: Ticks, span: Span) -> Window {
        let end = alert.checked_add(span.0).unwrap_or(Ticks(MAX_TICKS));
        Window { start: alert, end }
    }

    /// `time between (start .. end)`.
    pub fn contains(&self, time: Ticks) -> bool {
        self.start <= time && time <= self.end
    }

    /// The KQL that defines the window's end for a span: `TimeGenerated + 15m`.
    pub fn kql_end(span: Span) -> String {
        format!("TimeGenerated + {}", span.to_kql())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::TICKS_PER_MINUTE;

    fn check(alert: i64, span: i64, time: i64, expected: bool) {
        let w = Window::after(Ticks(alert), Span(span));
        assert_eq!(w.contains(Ticks(time)), expected, "alert {alert} span {span} time {time}");
    }

    #[test]
    fn both_ends_are_inclusive_to_the_tick() {
        let m = TICKS_PER_MINUTE;
        check(100 * m, 15 * m, 100 * m, true);
        check(100 * m, 15 * m, 115 * m, true);
        check(100 * m, 15 * m, 115 * m + 1, false);
        check(100 * m, 15 * m, 100 * m - 1, false);
        check(100 * m, 0, 100 * m, true);
        check(100 * m, 0, 100 * m + 1, false);
    }

    #[test]
    fn an_end_past_the_calendar_is_the_largest_datetime() {
        let w = Window::after(Ticks(MAX_TICKS - 5), Span(10));
        assert_eq!(w.end, Ticks(MAX_TICKS));
        assert!(w.contains(Ticks(MAX_TICKS)));
        let w = Window::after(Ticks(MAX_TICKS), Span(i64::MAX));
        assert_eq!(w.end, Ticks(MAX_TICKS));
    }

    #[test]
    fn kql_end_is_the_seed_text() {
        assert_eq!(Window::kql_end(Span::minutes(15)), "TimeGenerated + 15m");
        assert_eq!(Window::kql_end(Span::minutes(90)), "TimeGenerated + 90m");
    }
}
