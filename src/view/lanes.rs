//! The timeline's lanes: one per compromised host, in the order hosts first appear among the
//! alert groups (the groups are in time order, so the host of the earliest alert is on top),
//! then one per host that has RDP sessions but no alert. A lane holds its groups, its
//! `MarkView`s (the logons drawn beside them, in time order), its sessions and its lone 1149s.
//!
//! A busy view holds 100,000 marks, so a mark is numbers: its text is interned once in
//! `ResultsView::strings` (`Marks`) and put together only for the mark hovered (`tooltip.rs`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::results::{FileNames, StringId};
use super::sessions::{assign_tracks, LoneView, SessionView};
use crate::engine::sessions::host_key;
use crate::engine::{Dataset, FileId, StringPool, Sym, Ticks};

/// One host of the timeline: its groups, and the logons drawn beside them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LaneView {
    pub host: String,
    /// Indexes into `ResultsView::groups`, in time order.
    pub groups: Vec<usize>,
    /// In time order.
    pub marks: Vec<MarkView>,
    /// Indexes into `ResultsView::sessions`, by the first moment each shows.
    pub sessions: Vec<usize>,
    /// 1149s that joined no session, in time order.
    pub lone: Vec<LoneView>,
}

/// A logon drawn on a lane: a match, or a near miss with its reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkView {
    pub time_ms: f64,
    /// Interactivelogontime in ticks, for the exact time shown.
    pub ticks: i64,
    pub group: usize,
    pub matched: bool,
    /// Why it did not match (`StringId::EMPTY` for a match).
    pub reason: StringId,
    pub account: StringId,
    pub host: StringId,
    pub activity: StringId,
    pub logon_type: Option<i32>,
    pub ip_address: StringId,
    /// The logon's file and line.
    pub file: StringId,
    pub line: u64,
}

impl MarkView {
    /// Interactivelogontime as ISO 8601 with seven digits.
    pub fn time(&self) -> String {
        Ticks(self.ticks).to_iso()
    }
}

/// The lanes as they are built: a host's lane is made by its first group.
#[derive(Default)]
pub(super) struct Lanes {
    lanes: Vec<LaneView>,
    index: HashMap<String, usize>,
    /// The lanes by host key (`engine::sessions::host_key`), made on the first session.
    by_key: Option<HashMap<String, usize>>,
}

impl Lanes {
    /// The lane of `host`, made if it is new, with `group` added to it.
    pub(super) fn place(&mut self, host: &str, group: usize) -> usize {
        let lane = match self.index.get(host) {
            Some(&lane) => lane,
            None => {
                self.index.insert(host.to_string(), self.lanes.len());
                self.lanes.push(LaneView { host: host.to_string(), ..LaneView::default() });
                self.lanes.len() - 1
            }
        };
        self.lanes[lane].groups.push(group);
        lane
    }

    /// The lane of the host whose key is `key` (sessions name hosts by key: upper case, and
    /// short with host normalisation on), made if no alert made it. Call after every `place`.
    pub(super) fn of_host_key(&mut self, key: &str, normalize_hosts: bool) -> usize {
        let lanes = &mut self.lanes;
        let by_key = self.by_key.get_or_insert_with(|| {
            let mut by_key = HashMap::new();
            for (i, lane) in lanes.iter().enumerate() {
                by_key.entry(host_key(&lane.host, normalize_hosts)).or_insert(i);
            }
            by_key
        });
        *by_key.entry(key.to_string()).or_insert_with(|| {
            lanes.push(LaneView { host: key.to_string(), ..LaneView::default() });
            lanes.len() - 1
        })
    }

    pub(super) fn lane_mut(&mut self, lane: usize) -> &mut LaneView {
        &mut self.lanes[lane]
    }

    pub(super) fn push(&mut self, lane: usize, mark: MarkView) {
        self.lanes[lane].marks.push(mark);
    }

    /// The lanes with their marks in time order (a stable sort: at one instant, matches first,
    /// as they were pushed first) and their sessions by first moment, on their tracks.
    pub(super) fn finish(mut self, sessions: &mut [SessionView]) -> Vec<LaneView> {
        for lane in &mut self.lanes {
            lane.marks.sort_by(|a, b| a.time_ms.total_cmp(&b.time_ms));
            lane.sessions.sort_by_key(|&i| (sessions[i].first, i));
            lane.lone.sort_by_key(|l| l.evidence.ticks);
            assign_tracks(sessions, &lane.sessions);
        }
        self.lanes
    }
}

/// Makes marks from logon rows, interning their text so each distinct string crosses to the
/// page once.
pub(super) struct Marks<'a> {
    data: &'a Dataset,
    names: &'a FileNames<'a>,
    /// The pool's `Sym(0)` is the empty string, which is `StringId::EMPTY`.
    strings: StringPool,
}

impl<'a> Marks<'a> {
    pub(super) fn new(data: &'a Dataset, names: &'a FileNames<'a>) -> Self {
        Marks { data, names, strings: StringPool::default() }
    }

    pub(super) fn id(&mut self, text: &str) -> StringId {
        StringId(self.strings.intern(text).0)
    }

    /// The dataset's strings (the marks' own are apart).
    pub(super) fn pool(&self) -> &'a StringPool {
        &self.data.strings
    }

    /// The name of a loaded file, interned.
    pub(super) fn file(&mut self, file: FileId) -> StringId {
        let name = self.names.name(file);
        self.id(name)
    }

    /// The mark of logon `row` beside `group`: joined, or missed for `reason`.
    pub(super) fn mark(&mut self, row: usize, group: usize, reason: Option<&str>) -> MarkView {
        let (logons, pool) = (&self.data.logons, &self.data.strings);
        let time = logons.time[row];
        let origin = logons.origin[row];
        MarkView {
            time_ms: time.unix_millis_f64(),
            ticks: time.0,
            group,
            matched: reason.is_none(),
            reason: self.id(reason.unwrap_or("")),
            account: self.id(pool.resolve(logons.account[row])),
            host: self.id(pool.resolve(logons.computer[row])),
            activity: self.id(pool.resolve(logons.activity[row])),
            logon_type: logons.logon_type[row],
            ip_address: self.id(pool.resolve(logons.ip_address[row])),
            file: self.id(self.names.name(origin.file)),
            line: origin.line,
        }
    }

    pub(super) fn into_strings(self) -> Vec<String> {
        (0..self.strings.len() as u32).map(|i| self.strings.resolve(Sym(i)).to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{sample_bench, Export};
    use super::super::results::results;
    use crate::engine::HuntParams;

    /// Lanes come in the order their hosts first alert, each with its groups in time order.
    #[test]
    fn lanes_are_in_order_of_first_alert() {
        fn check(alerts: &[(&str, &str)], expected: &[(&str, &[usize])]) {
            let mut export = Export::default();
            for (time, host) in alerts {
                export.alert(time, "Password Spray", host);
            }
            let view = results(&export.bench(), &HuntParams::default());
            let lanes: Vec<(&str, &[usize])> = view.lanes.iter().map(|l| (l.host.as_str(), l.groups.as_slice())).collect();
            assert_eq!(lanes, expected, "{alerts:?}");
            for (li, lane) in view.lanes.iter().enumerate() {
                assert!(lane.groups.iter().all(|&g| view.groups[g].lane == li));
            }
        }
        check(&[("2026-03-02T09:00:00Z", "WS01")], &[("WS01", &[0])]);
        // Hosts are upper-cased by the hunt: ws01 and WS01 are one lane.
        check(&[("2026-03-02T09:00:00Z", "ws01"), ("2026-03-02T10:00:00Z", "WS01")], &[("WS01", &[0, 1])]);
        // The order is the alerts' time, not the rows' order nor the names'.
        check(
            &[("2026-03-02T11:00:00Z", "AAA"), ("2026-03-02T09:00:00Z", "ZZZ"), ("2026-03-02T10:00:00Z", "MMM"), ("2026-03-02T12:00:00Z", "ZZZ")],
            &[("ZZZ", &[0, 3]), ("MMM", &[1]), ("AAA", &[2])],
        );
        check(&[], &[]);
    }

    /// One mark per joined row, in its group's lane, matches and misses in time order.
    #[test]
    fn marks_are_numbers_and_interned_text() {
        let view = results(&sample_bench(), &HuntParams::default());
        let lane = &view.lanes[view.groups[0].lane];
        let summary: Vec<(String, bool, &str)> = lane.marks.iter().map(|m| (m.time(), m.matched, view.string(m.reason))).collect();
        assert_eq!(
            summary,
            [
                ("2026-03-02T09:05:00.0000000Z".to_string(), true, ""),
                ("2026-03-02T09:06:00.0000000Z".to_string(), false, "LogonType 3, not 10"),
                ("2026-03-02T09:17:00.0000000Z".to_string(), false, "+17 min: after the 15m window"),
            ]
        );
        assert!(lane.marks.windows(2).all(|w| w[0].time_ms <= w[1].time_ms));
        assert_eq!(view.strings[0], "", "StringId::EMPTY is the empty string");
        let distinct: std::collections::HashSet<&String> = view.strings.iter().collect();
        assert_eq!(distinct.len(), view.strings.len(), "each string once");
        let joined = &lane.marks[0];
        assert_eq!((view.string(joined.account), view.string(joined.host), view.string(joined.file)), ("CONTOSO\\Alice", "ws01", "events.csv"));
        assert_eq!((joined.line, joined.logon_type, joined.group), (2, Some(10), 0));
    }

    /// Two groups on one host whose windows hold the same logon draw it once for each.
    #[test]
    fn a_logon_two_groups_joined_is_two_marks() {
        let mut export = Export::default();
        export.alert("2026-03-02T09:00:00Z", "Password Spray", "WS01").alert("2026-03-02T09:10:00Z", "Password Spray", "WS01");
        export.logon("2026-03-02T09:12:00Z", 4624, Some(10), "WS01");
        let view = results(&export.bench(), &HuntParams::default());
        let groups: Vec<(usize, bool)> = view.lanes[0].marks.iter().map(|m| (m.group, m.matched)).collect();
        assert_eq!(groups, [(0, true), (1, true)]);
        assert_eq!(view.rows.len(), 2);
    }
}
