//! `Sensitivity`: how many result rows, and how many alert groups with at least one logon, the
//! hunt gives for every whole minute of window from 0 to a maximum, and the `GapHistogram` of the
//! gaps between each group and the logons the hunt keeps on its host.
//!
//! One pass, never a hunt per minute: each group finds the logons on its host from
//! `HISTOGRAM_FROM_MINUTES` before it to the widest window after it with two binary searches (the
//! hunt's buckets), and each gap adds one to its minute (`window_minutes_for`). A window of N
//! minutes holds exactly the gaps of minutes 0 to N, so the curve is the histogram's prefix sum.
//! A crowded host (more logons in reach than minutes) is counted with a binary search per minute.

use serde::{Deserialize, Serialize};

use super::super::hunt::{HuntParams, HuntResult};
use super::super::table::Dataset;
use super::super::time::{Span, Ticks, TICKS_PER_MINUTE};
use super::super::window::Window;
use super::{host_key, window_minutes_for, LogonBuckets};

/// The widest window the curve is computed to: a week, so that its size stays bounded.
pub const MAX_WINDOW_MINUTES: u32 = 7 * 24 * 60;
/// The histogram starts this many minutes from the alert (an hour before it, as near misses do).
pub const HISTOGRAM_FROM_MINUTES: i64 = -60;

/// The hunt's answer for one window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowPoint {
    pub window_minutes: u32,
    /// Result rows `run` gives with this window.
    pub rows: u64,
    /// Alert groups with at least one row.
    pub groups: u64,
}

/// (group, logon) pairs by the minute of their gap: `counts[k]` holds the gaps whose
/// `window_minutes_for` is `from_minutes + k`. Minute 0 is a logon at the alert's very tick;
/// minute m > 0 holds gaps in ((m − 1) min, m min], minute m < 0 gaps in [m min, (m + 1) min).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapHistogram {
    pub from_minutes: i64,
    pub counts: Vec<u64>,
}

impl GapHistogram {
    /// The pairs of one minute; 0 outside the histogram.
    pub fn count(&self, minute: i64) -> u64 {
        usize::try_from(minute - self.from_minutes).ok().and_then(|k| self.counts.get(k)).copied().unwrap_or(0)
    }

    /// The last minute held.
    pub fn to_minutes(&self) -> i64 {
        self.from_minutes + self.counts.len() as i64 - 1
    }
}

/// The curve and the histogram: see the module's overview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// Windows 0, 1, ... max minutes.
    pub points: Vec<WindowPoint>,
    /// From `HISTOGRAM_FROM_MINUTES` to max minutes.
    pub histogram: GapHistogram,
    /// Alert groups of the result, joined or not.
    pub total_groups: usize,
}

impl Sensitivity {
    /// The point of a window of `minutes`, if the curve reaches it.
    pub fn at(&self, minutes: u32) -> Option<&WindowPoint> {
        self.points.get(minutes as usize)
    }
}

/// The curve for windows of 0 to `max_minutes` (at most `MAX_WINDOW_MINUTES`) over the groups of
/// `result`, which is `run(data, params)`; every parameter but the window is the hunt's.
pub fn sensitivity(data: &Dataset, params: &HuntParams, result: &HuntResult, max_minutes: u32) -> Sensitivity {
    let max = i64::from(max_minutes.min(MAX_WINDOW_MINUTES));
    let from = HISTOGRAM_FROM_MINUTES;
    let logons = &data.logons;
    let hunted = |i: usize| {
        logons.event_id[i] == Some(params.event_id) && logons.logon_type[i].is_some_and(|t| params.logon_types.contains(&t))
    };
    let buckets = LogonBuckets::new(data, params.normalize_hosts, hunted);
    let mut histogram = vec![0u64; (max - from + 1) as usize];
    // Groups by the minute of their nearest logon at or after the alert.
    let mut first = vec![0u64; (max + 1) as usize];
    for group in &result.groups {
        let bucket = buckets.get(host_key(&group.compromised_entity, params.normalize_hosts));
        let alert = group.time;
        let start = Ticks(alert.0 + from * TICKS_PER_MINUTE);
        let end = Window::after(alert, Span::minutes(max)).end;
        let lo = bucket.partition_point(|&(t, _)| t < start);
        let hi = bucket.partition_point(|&(t, _)| t <= end);
        let reach = &bucket[lo..hi.max(lo)];
        let at = reach.partition_point(|&(t, _)| t < alert);
        if let Some(&(t, _)) = reach.get(at) {
            first[window_minutes_for(t.0 - alert.0) as usize] += 1;
        }
        if reach.len() <= histogram.len() {
            for &(t, _) in reach {
                histogram[(window_minutes_for(t.0 - alert.0) - from) as usize] += 1;
            }
        } else {
            // Gaps of minute m or less: before the alert, those under (m + 1) min; from it on,
            // those a window of m minutes holds.
            let up_to = |m: i64| {
                if m < 0 {
                    reach.partition_point(|&(t, _)| t.0 < alert.0 + (m + 1) * TICKS_PER_MINUTE)
                } else {
                    let window = Window::after(alert, Span::minutes(m));
                    reach.partition_point(|&(t, _)| t <= window.end)
                }
            };
            let mut below = 0;
            for (k, count) in histogram.iter_mut().enumerate() {
                let upto = up_to(from + k as i64);
                *count += (upto - below) as u64;
                below = upto;
            }
        }
    }
    let mut points = Vec::with_capacity(first.len());
    let (mut rows, mut groups) = (0, 0);
    for (n, joined) in first.iter().enumerate() {
        rows += histogram[(n as i64 - from) as usize];
        groups += joined;
        points.push(WindowPoint { window_minutes: n as u32, rows, groups });
    }
    Sensitivity {
        points,
        histogram: GapHistogram { from_minutes: from, counts: histogram },
        total_groups: result.groups.len(),
    }
}
