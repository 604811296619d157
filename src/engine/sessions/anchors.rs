//! `Anchors`: events of one user sorted by time, for the fallback links by user and time
//! window. A query is two binary searches and a walk outward that stops at the first event
//! whose user (and, when asked, value) matches, so no query scans all events.

use std::collections::HashMap;

use super::keys::UserKey;
use crate::engine::time::Ticks;

pub(super) struct Anchors<T> {
    /// Per user name: (time, position, user, value), in position order.
    by_name: HashMap<u32, Vec<(Ticks, usize, UserKey, T)>>,
}

impl<T: Copy> Anchors<T> {
    pub fn new() -> Self {
        Anchors { by_name: HashMap::new() }
    }

    /// Adds an anchor; callers add them in position order (which is time order).
    pub fn push(&mut self, user: UserKey, time: Ticks, position: usize, value: T) {
        self.by_name.entry(user.name).or_default().push((time, position, user, value));
    }

    /// The anchor nearest `time` within `window` of a matching user; on a tie the earlier.
    /// Returns (distance, position, value).
    pub fn nearest(&self, user: UserKey, time: Ticks, window: i64) -> Option<(i64, usize, T)> {
        let list = self.by_name.get(&user.name)?;
        let split = list.partition_point(|a| a.0 < time);
        let distance = |a: &(Ticks, usize, UserKey, T)| a.0 .0.abs_diff(time.0).min(i64::MAX as u64) as i64;
        let (mut left, mut right) = (split, split);
        loop {
            let l = left.checked_sub(1).map(|i| &list[i]).filter(|a| distance(a) <= window);
            let r = list.get(right).filter(|a| distance(a) <= window);
            let pick = match (l, r) {
                (None, None) => return None,
                (Some(a), None) => (a, true),
                (None, Some(b)) => (b, false),
                (Some(a), Some(b)) => {
                    if distance(a) <= distance(b) {
                        (a, true)
                    } else {
                        (b, false)
                    }
                }
            };
            let (anchor, from_left) = pick;
            if anchor.2.matches(user) {
                return Some((distance(anchor), anchor.1, anchor.3));
            }
            if from_left {
                left -= 1;
            } else {
                right += 1;
            }
        }
    }

    /// The first anchor at or after `time`, at most `window` later, of a matching user and
    /// whose value passes `accept`.
    pub fn first_after(&self, user: UserKey, time: Ticks, window: i64, accept: impl Fn(&T) -> bool) -> Option<T> {
        let list = self.by_name.get(&user.name)?;
        let from = list.partition_point(|a| a.0 < time);
        let limit = time.0.saturating_add(window);
        list[from..]
            .iter()
            .take_while(|a| a.0 .0 <= limit)
            .find(|a| a.2.matches(user) && accept(&a.3))
            .map(|a| a.3)
    }
}
