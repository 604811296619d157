//! `TimeRange`: the span of time the timeline shows, in Unix milliseconds (floats: for
//! drawing only), and how it moves: fit to the groups, zoom about a point, pan, reveal.

use super::results::ResultsView;
use crate::engine::time::{TICKS_PER_DAY, TICKS_PER_MILLISECOND, TICKS_PER_MINUTE, TICKS_PER_SECOND};

/// Milliseconds in a tick unit, for drawing.
pub(super) const fn ms(ticks: i64) -> f64 {
    (ticks / TICKS_PER_MILLISECOND) as f64
}

/// The narrowest span a zoom reaches.
const MIN_SPAN: f64 = ms(TICKS_PER_SECOND);
/// The widest span a zoom reaches: twenty years of 365 days.
const MAX_SPAN: f64 = 20.0 * 365.0 * ms(TICKS_PER_DAY);
/// Room left on either side of the groups when fitting.
const FIT_MARGIN: f64 = 30.0 * ms(TICKS_PER_MINUTE);

/// Room left on either side of sessions when there is no group to fit.
const SESSION_MARGIN: f64 = 30.0 * ms(TICKS_PER_SECOND);

/// The lowest start and highest end of `spans`; infinite when there is none.
fn extent(spans: impl Iterator<Item = (f64, f64)>) -> (f64, f64) {
    spans.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)))
}

/// The visible time range, in Unix milliseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeRange {
    pub start: f64,
    pub end: f64,
}

impl TimeRange {
    /// A range around every group's band and every session with half an hour on either side;
    /// with sessions and no group, around the sessions with a tenth of their span (at least
    /// `SESSION_MARGIN`) on either side; an hour from the epoch when there is neither.
    pub fn fit(results: &ResultsView) -> TimeRange {
        let (lo, hi) = extent(results.groups.iter().map(|g| (g.time_ms, g.window_end_ms)));
        let sessions = results.sessions.iter().map(|s| (s.first_ms(), s.last_ms()));
        let lone = results.lanes.iter().flat_map(|l| l.lone.iter().map(|x| (x.time_ms(), x.time_ms())));
        let (s_lo, s_hi) = extent(sessions.chain(lone));
        if lo.is_finite() {
            TimeRange { start: lo.min(s_lo) - FIT_MARGIN, end: hi.max(s_hi) + FIT_MARGIN }
        } else if s_lo.is_finite() {
            let margin = ((s_hi - s_lo) / 10.0).max(SESSION_MARGIN);
            TimeRange { start: s_lo - margin, end: s_hi + margin }
        } else {
            TimeRange { start: 0.0, end: 2.0 * FIT_MARGIN }
        }
    }

    /// Zooms by `factor` (below 1 zooms in) around the instant at `anchor` (0..1 across).
    pub fn zoom(self, factor: f64, anchor: f64) -> TimeRange {
        let span = ((self.end - self.start) * factor).clamp(MIN_SPAN, MAX_SPAN);
        let at = self.start + (self.end - self.start) * anchor;
        TimeRange { start: at - span * anchor, end: at - span * anchor + span }
    }

    pub fn pan(self, ms: f64) -> TimeRange {
        TimeRange { start: self.start + ms, end: self.end + ms }
    }

    /// Centres on `t` if it is out of view.
    pub fn reveal(self, t: f64) -> TimeRange {
        if t >= self.start && t <= self.end {
            self
        } else {
            let half = (self.end - self.start) / 2.0;
            TimeRange { start: t - half, end: t + half }
        }
    }

    pub fn span(self) -> f64 {
        self.end - self.start
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::sample_bench;
    use super::super::results::results;
    use super::*;
    use crate::engine::HuntParams;

    const MINUTE: f64 = 60_000.0;

    #[test]
    fn fit_surrounds_every_band() {
        let view = results(&sample_bench(), &HuntParams::default());
        let r = TimeRange::fit(&view);
        assert_eq!(r.start, view.groups[0].time_ms - 30.0 * MINUTE);
        assert_eq!(r.end, view.groups[1].window_end_ms + 30.0 * MINUTE);
        assert_eq!(TimeRange::fit(&ResultsView::default()), TimeRange { start: 0.0, end: 60.0 * MINUTE });
    }

    #[test]
    fn zoom_keeps_the_anchor_and_stays_in_bounds() {
        let check = |r: TimeRange, factor: f64, anchor: f64, expected: TimeRange| assert_eq!(r.zoom(factor, anchor), expected, "{r:?} × {factor} at {anchor}");
        let r = TimeRange { start: 0.0, end: 1000.0 * MINUTE };
        check(r, 0.5, 0.5, TimeRange { start: 250.0 * MINUTE, end: 750.0 * MINUTE });
        check(r, 0.5, 0.0, TimeRange { start: 0.0, end: 500.0 * MINUTE });
        check(r, 2.0, 1.0, TimeRange { start: -1000.0 * MINUTE, end: 1000.0 * MINUTE });
        check(r, 1e-12, 0.0, TimeRange { start: 0.0, end: 1000.0 });
        assert_eq!(r.zoom(1e12, 0.5).span(), 20.0 * 365.0 * 24.0 * 60.0 * MINUTE);
    }

    #[test]
    fn pan_and_reveal() {
        let r = TimeRange { start: 100.0, end: 200.0 };
        assert_eq!(r.pan(-50.0), TimeRange { start: 50.0, end: 150.0 });
        assert_eq!(r.reveal(150.0), r);
        assert_eq!(r.reveal(200.0), r, "the end is in view");
        assert_eq!(r.reveal(1000.0), TimeRange { start: 950.0, end: 1050.0 });
    }
}
