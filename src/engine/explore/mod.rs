//! When the hunt says nothing, why, and what would change it.
//!
//! Three views of the loaded data beside the hunt's result, each a plain value that serialises
//! (so a worker can compute it and a view model draw it):
//!
//! - `summary`: `DataSummary`, what the data holds whatever the parameters: alert names with
//!   counts (and which the terms match), logons by EventID and LogonType, hosts on either side,
//!   the spellings host normalisation would join, and each side's time span.
//! - `change`: `Explanation`, one per near miss (an alert group and a logon on its host, or on
//!   its host's other spelling, near its window, that the hunt did not join), with every
//!   `Blocker` and the `Verdict`: the one `Change` that joins the pair, the several it needs, or
//!   why none can.
//! - `sensitivity`: `Sensitivity`, result rows and joined groups for every whole minute of
//!   window, and the histogram of the gaps between groups and logons, in one pass.
//!
//! Windows follow the hunt's rule (`Window`: `0 <= gap <= N` minutes, inclusive), so the minute a
//! gap needs is `window_minutes_for(gap)`, the same for the smallest change and the curve.

mod change;
mod sensitivity;
mod summary;

use std::collections::HashMap;

pub use change::{explain, Blocker, Change, Explanation, Verdict};
pub use sensitivity::{sensitivity, GapHistogram, Sensitivity, WindowPoint, HISTOGRAM_FROM_MINUTES, MAX_WINDOW_MINUTES};
pub use summary::{summarize, AlertNameCount, DataSummary, HostOverlap, LogonKindCount, TimeSpan, MAX_NORMALIZATION_PAIRS};

use super::hunt::short_host;
use super::table::{Dataset, Sym};
use super::text::upper_simple;
use super::time::{Ticks, TICKS_PER_MINUTE};

/// The minute bucket of a gap (logon time minus alert time, in ticks): for a gap of 0 or more,
/// the smallest whole-minute window that holds it (0 → 0, 1 tick → 1, exactly 17 min → 17,
/// 17 min and a tick → 18); before the alert, minus the minutes started (−1 tick → −1).
pub fn window_minutes_for(gap: i64) -> i64 {
    if gap >= 0 {
        // Signed div_ceil is not stable; a gap is at most the calendar, far from overflowing.
        (gap + TICKS_PER_MINUTE - 1) / TICKS_PER_MINUTE
    } else {
        gap.div_euclid(TICKS_PER_MINUTE)
    }
}

/// The join key of an upper-cased host: its short name when hosts are normalised.
fn host_key(upper: &str, normalize: bool) -> &str {
    if normalize {
        short_host(upper)
    } else {
        upper
    }
}

/// Upper-cased host names, memoised per interned string.
struct Uppercase<'a> {
    data: &'a Dataset,
    by_sym: HashMap<Sym, String>,
}

impl<'a> Uppercase<'a> {
    fn new(data: &'a Dataset) -> Self {
        Uppercase { data, by_sym: HashMap::new() }
    }

    fn of(&mut self, sym: Sym) -> &str {
        let pool = &self.data.strings;
        self.by_sym.entry(sym).or_insert_with(|| upper_simple(pool.resolve(sym)))
    }
}

/// Logon rows bucketed by host key, each bucket sorted by (time, row), as the hunt buckets them.
struct LogonBuckets {
    by_key: HashMap<String, Vec<(Ticks, usize)>>,
}

impl LogonBuckets {
    /// The logons for which `keep` holds, keyed by `host_key(upper Computer, normalize)`.
    fn new(data: &Dataset, normalize: bool, keep: impl Fn(usize) -> bool) -> Self {
        let logons = &data.logons;
        let mut upper = Uppercase::new(data);
        let mut by_key: HashMap<String, Vec<(Ticks, usize)>> = HashMap::new();
        for i in (0..logons.len()).filter(|&i| keep(i)) {
            let key = host_key(upper.of(logons.computer[i]), normalize);
            match by_key.get_mut(key) {
                Some(bucket) => bucket.push((logons.time[i], i)),
                None => {
                    by_key.insert(key.to_string(), vec![(logons.time[i], i)]);
                }
            }
        }
        for bucket in by_key.values_mut() {
            bucket.sort_unstable();
        }
        LogonBuckets { by_key }
    }

    fn get(&self, key: &str) -> &[(Ticks, usize)] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::{TICKS_PER_MILLISECOND, TICKS_PER_SECOND};
    use crate::engine::{Span, Window};

    fn check(gap: i64, expected: i64) {
        assert_eq!(window_minutes_for(gap), expected, "gap {gap} ticks");
    }

    #[test]
    fn minute_buckets() {
        let m = TICKS_PER_MINUTE;
        check(0, 0);
        check(1, 1);
        check(m, 1);
        check(m + 1, 2);
        check(17 * m, 17);
        check(17 * m + TICKS_PER_SECOND / 10, 18);
        check(17 * m + TICKS_PER_MILLISECOND, 18);
        check(-1, -1);
        check(-m, -1);
        check(-m - 1, -2);
        check(-60 * m, -60);
    }

    #[test]
    fn a_gap_is_in_the_window_of_its_minute_and_not_the_one_before() {
        let alert = Ticks(639_080_388_000_000_000);
        let m = TICKS_PER_MINUTE;
        for gap in [0, 1, m - 1, m, m + 1, 17 * m, 17 * m + 1, 119 * m + 59 * TICKS_PER_SECOND] {
            let n = window_minutes_for(gap);
            let logon = Ticks(alert.0 + gap);
            assert!(Window::after(alert, Span::minutes(n)).contains(logon), "gap {gap}");
            if n > 0 {
                assert!(!Window::after(alert, Span::minutes(n - 1)).contains(logon), "gap {gap}");
            }
        }
    }
}
