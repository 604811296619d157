//! The workbench pivoted onto one account or address (`PivotEntity`): `PivotView` holds what
//! `engine::pivot` finds of it, placed on the timeline: the alert groups it concerns, every logon
//! of it on every host (`PivotLogon`, any event and logon type), its sessions, the lanes it
//! reached (everything else is dimmed), and its path from host to host (`Hop`s, in time order).
//!
//! The worker builds it into the `ResultsView` (`results::results_pivoted`); the page asks for a
//! pivot and draws what comes back.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::lanes::{Lanes, Marks};
use super::range::TimeRange;
use super::results::StringId;
use crate::engine::pivot::{pivot, Entity, PathStep};
use crate::engine::sessions::{host_key, SessionSet};
use crate::engine::{Dataset, HuntResult, Origin, Ticks};

/// What to follow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PivotEntity {
    Account(String),
    Address(String),
}

impl PivotEntity {
    pub fn text(&self) -> &str {
        match self {
            PivotEntity::Account(t) | PivotEntity::Address(t) => t,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            PivotEntity::Account(_) => "account",
            PivotEntity::Address(_) => "address",
        }
    }

    fn engine(&self) -> Entity {
        match self {
            PivotEntity::Account(t) => Entity::Account(t.clone()),
            PivotEntity::Address(t) => Entity::Address(t.clone()),
        }
    }
}

/// One logon of the entity, on its host's lane.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PivotLogon {
    pub lane: usize,
    pub ticks: i64,
    pub event_id: Option<i32>,
    pub logon_type: Option<i32>,
    pub account: StringId,
    pub host: StringId,
    pub ip_address: StringId,
    pub file: StringId,
    pub line: u64,
}

/// Consecutive steps of the path onto one host, merged: `froms -> to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    /// The first step's time, in ticks.
    pub ticks: i64,
    /// The distinct source addresses (or client names) of its steps, in order; empty when the
    /// data named none.
    pub froms: Vec<String>,
    /// The host key.
    pub to: String,
    pub lane: usize,
    /// The logon types of its steps, distinct, in order.
    pub logon_types: Vec<i32>,
    pub steps: usize,
}

impl Hop {
    /// `1.2.3.4 → WS5 (2020-09-04T07:09:21.6680000Z, LogonType 3, 10, 7)`, for a title.
    pub fn text(&self) -> String {
        let from = if self.froms.is_empty() { "?".to_string() } else { self.froms.join(", ") };
        let types: Vec<String> = self.logon_types.iter().map(i32::to_string).collect();
        let types = if types.is_empty() { String::new() } else { format!(", LogonType {}", types.join(", ")) };
        format!("{from} → {} ({}{types})", self.to, Ticks(self.ticks).to_iso())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PivotView {
    pub entity: PivotEntity,
    /// Indexes into `ResultsView::groups`, ascending.
    pub groups: Vec<usize>,
    /// How many alert rows concern it (`engine::pivot`'s alerts, any alert name).
    pub alerts: usize,
    /// In time order.
    pub logons: Vec<PivotLogon>,
    /// Indexes into `ResultsView::sessions`, ascending.
    pub sessions: Vec<usize>,
    /// The lanes it reached, ascending.
    pub lanes: Vec<usize>,
    pub path: Vec<Hop>,
}

impl PivotView {
    /// Follows `entity` over `data` and `set` (the sessions `ResultsView::sessions` were made
    /// from, in the same order), placing what it finds in `lanes` (a reached host with no lane
    /// yet gets one); `group_lanes` is the lane of each of `result`'s groups.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        entity: &PivotEntity,
        data: &Dataset,
        set: &SessionSet,
        result: &HuntResult,
        group_lanes: &[usize],
        normalize_hosts: bool,
        lanes: &mut Lanes,
        marks: &mut Marks,
    ) -> PivotView {
        let found = pivot(data, set, &entity.engine(), normalize_hosts);
        let pool = &data.strings;
        let l = &data.logons;
        let mut reached: Vec<usize> = Vec::new();
        let logons = found
            .logons
            .iter()
            .map(|&i| {
                let lane = lanes.of_host_key(&host_key(pool.resolve(l.computer[i]), normalize_hosts), normalize_hosts);
                reached.push(lane);
                let origin = l.origin[i];
                PivotLogon {
                    lane,
                    ticks: l.time[i].0,
                    event_id: l.event_id[i],
                    logon_type: l.logon_type[i],
                    account: marks.id(pool.resolve(l.account[i])),
                    host: marks.id(pool.resolve(l.computer[i])),
                    ip_address: marks.id(pool.resolve(l.ip_address[i])),
                    file: marks.file(origin.file),
                    line: origin.line,
                }
            })
            .collect();
        for &s in &found.sessions {
            reached.push(lanes.of_host_key(&set.sessions[s].host, normalize_hosts));
        }
        let group_of: HashMap<Origin, usize> =
            result.groups.iter().enumerate().flat_map(|(gi, g)| g.origins.iter().map(move |&o| (o, gi))).collect();
        let mut groups: Vec<usize> = found.alerts.iter().filter_map(|&(i, _)| group_of.get(&data.alerts.origin[i]).copied()).collect();
        groups.sort_unstable();
        groups.dedup();
        reached.extend(groups.iter().map(|&g| group_lanes[g]));
        reached.sort_unstable();
        reached.dedup();
        let path = hops(&found.path, &mut |to: &str| lanes.of_host_key(to, normalize_hosts));
        PivotView { entity: entity.clone(), groups, alerts: found.alerts.len(), logons, sessions: found.sessions, lanes: reached, path }
    }

    pub fn has_group(&self, g: usize) -> bool {
        self.groups.binary_search(&g).is_ok()
    }

    pub fn has_session(&self, s: usize) -> bool {
        self.sessions.binary_search(&s).is_ok()
    }

    pub fn has_lane(&self, lane: usize) -> bool {
        self.lanes.binary_search(&lane).is_ok()
    }

    /// The entity's logons on `lane`, with their index in `logons`.
    pub fn logons_on(&self, lane: usize) -> impl Iterator<Item = (usize, &PivotLogon)> {
        self.logons.iter().enumerate().filter(move |(_, l)| l.lane == lane)
    }

    /// The entity's logons on `lane` in `range`: their index and x from the chart's edge, one
    /// per px at most (a busy account at a wide zoom is a comb, not thousands of shapes).
    pub fn logons_in_view(&self, lane: usize, range: TimeRange, px_per_ms: f64) -> Vec<(usize, f64)> {
        let mut shown: Vec<(usize, f64)> = Vec::new();
        for (i, l) in self.logons_on(lane) {
            let t = Ticks(l.ticks).unix_millis_f64();
            if t < range.start || t > range.end {
                continue;
            }
            let x = (t - range.start) * px_per_ms;
            if shown.last().is_some_and(|&(_, last)| x - last < 1.0) {
                continue;
            }
            shown.push((i, x));
        }
        shown
    }
}

/// The path with consecutive steps onto one host merged into one hop, so a chain A → B → C
/// reads as three hops however many logons each took.
pub(super) fn hops(steps: &[PathStep], lane_of: &mut dyn FnMut(&str) -> usize) -> Vec<Hop> {
    let mut hops: Vec<Hop> = Vec::new();
    for step in steps {
        let hop = match hops.last_mut() {
            Some(hop) if hop.to == step.to => hop,
            _ => {
                hops.push(Hop { ticks: step.time.0, froms: vec![], to: step.to.clone(), lane: lane_of(&step.to), logon_types: vec![], steps: 0 });
                hops.last_mut().expect("just pushed")
            }
        };
        hop.steps += 1;
        if !step.from.is_empty() && !hop.froms.contains(&step.from) {
            hop.froms.push(step.from.clone());
        }
        if let Some(t) = step.logon_type.filter(|t| !hop.logon_types.contains(t)) {
            hop.logon_types.push(t);
        }
    }
    hops
}

#[cfg(test)]
mod tests {
    use super::super::fixture::session_bench;
    use super::super::results::{results_pivoted, ResultsView};
    use super::*;
    use crate::engine::HuntParams;
    use crate::ingest::{ReadOptions, LoadedFiles};

    /// Alice hops 203.0.113.7 → WS01 → WS02 → WS03 (twice onto WS03, LogonType 10 then 7: one hop); Bob logs on to
    /// WS02 too. One alert, on WS02.
    fn chain() -> LoadedFiles {
        let alerts = "TimeGenerated,AlertName,CompromisedEntity,WorkspaceSubscriptionId\n2026-03-02T09:00:00Z,Password Spray,WS02,s\n";
        let events = "TimeGenerated,EventID,LogonType,Account,Computer,IpAddress,TargetLogonId\n\
            2026-03-02T09:05:00Z,4624,10,CONTOSO\\Alice,WS01,203.0.113.7,0x1\n\
            2026-03-02T09:10:00Z,4624,3,CONTOSO\\Alice,WS02,10.0.0.1,0x2\n\
            2026-03-02T09:11:00Z,4624,10,CONTOSO\\Bob,WS02,10.0.0.9,0x3\n\
            2026-03-02T09:20:00Z,4624,10,contoso\\alice,WS03,10.0.0.2,0x4\n\
            2026-03-02T09:21:00Z,4624,7,CONTOSO\\Alice,WS03,10.0.0.2,0x5\n\
            2026-03-02T09:30:00Z,4634,10,CONTOSO\\Alice,WS03,,0x5\n";
        let mut bench = LoadedFiles::new();
        bench.load("alerts.csv", alerts.as_bytes(), &ReadOptions::default());
        bench.load("events.csv", events.as_bytes(), &ReadOptions::default());
        bench
    }

    fn pivoted(bench: &LoadedFiles, entity: PivotEntity) -> ResultsView {
        results_pivoted(bench, &HuntParams::default(), Some(&entity))
    }

    /// The path in time order, one hop per host reached in turn, each with its source.
    #[test]
    fn the_path_reads_as_a_chain() {
        let view = pivoted(&chain(), PivotEntity::Account("CONTOSO\\ALICE".into()));
        let p = view.pivot.as_ref().unwrap();
        let hops: Vec<String> = p.path.iter().map(Hop::text).collect();
        assert_eq!(
            hops,
            [
                "203.0.113.7 → WS01 (2026-03-02T09:05:00.0000000Z, LogonType 10)",
                "10.0.0.1 → WS02 (2026-03-02T09:10:00.0000000Z, LogonType 3)",
                "10.0.0.2 → WS03 (2026-03-02T09:20:00.0000000Z, LogonType 10, 7)",
            ]
        );
        assert_eq!(p.path.iter().map(|h| h.steps).collect::<Vec<_>>(), [1, 1, 2]);
        // Every host it reached has a lane, the alert's first; only its lanes are not dimmed.
        let hosts: Vec<&str> = view.lanes.iter().map(|l| l.host.as_str()).collect();
        assert_eq!(hosts[0], "WS02");
        for hop in &p.path {
            assert_eq!(view.lanes[hop.lane].host, hop.to);
            assert!(p.has_lane(hop.lane));
        }
        assert_eq!(p.groups, [0], "the alert on WS02, a host Alice reached");
        assert_eq!((p.alerts, p.logons.len()), (1, 5), "every logon of hers, the 4634 too");
        assert!(p.logons.windows(2).all(|w| w[0].ticks <= w[1].ticks));
        let on_ws03: Vec<Option<i32>> = p.logons_on(view.lanes.iter().position(|l| l.host == "WS03").unwrap()).map(|(_, l)| l.event_id).collect();
        assert_eq!(on_ws03, [Some(4624), Some(4624), Some(4634)]);
        // In view at 10 px a minute from 09:00: one per px at most.
        let ws03 = view.lanes.iter().position(|l| l.host == "WS03").unwrap();
        let nine = 1_772_442_000_000.0;
        let range = TimeRange { start: nine, end: nine + 3_600_000.0 };
        assert_eq!(p.logons_in_view(ws03, range, 10.0 / 60_000.0), [(2, 200.0), (3, 210.0), (4, 300.0)]);
        assert_eq!(p.logons_in_view(ws03, range, 0.05 / 60_000.0), [(2, 1.0)]);
        assert_eq!(p.logons_in_view(ws03, TimeRange { start: nine + 1_500_000.0, end: nine + 3_600_000.0 }, 1.0).len(), 1);
    }

    /// What is dimmed: groups, sessions and lanes that are not the entity's.
    #[test]
    fn others_are_dimmed() {
        let bench = session_bench();
        let check = |entity: PivotEntity, sessions: &[&str], lanes: &[&str], groups: &[usize]| {
            let view = pivoted(&bench, entity.clone());
            let p = view.pivot.as_ref().unwrap();
            let mine: Vec<&str> = (0..view.sessions.len()).filter(|&s| p.has_session(s)).map(|s| view.string(view.sessions[s].account)).collect();
            let reached: Vec<&str> = (0..view.lanes.len()).filter(|&l| p.has_lane(l)).map(|l| view.lanes[l].host.as_str()).collect();
            let groups_kept: Vec<usize> = (0..view.groups.len()).filter(|&g| p.has_group(g)).collect();
            assert_eq!((mine.as_slice(), reached.as_slice(), groups_kept.as_slice()), (sessions, lanes, groups), "{entity:?}");
        };
        check(PivotEntity::Account("contoso\\alice".into()), &["contoso\\alice"], &["WS01"], &[0]);
        check(PivotEntity::Address("198.51.100.4".into()), &["contoso\\bob"], &["WS09"], &[]);
        // Carol's session has no 4624, so no path, but her session and its host are hers.
        check(PivotEntity::Account("CONTOSO\\Carol".into()), &["contoso\\carol"], &["WS09"], &[]);
        check(PivotEntity::Account("nobody".into()), &[], &[], &[]);
        // Without a pivot nothing is dimmed.
        assert_eq!(results_pivoted(&bench, &HuntParams::default(), None).pivot, None);
    }

    /// A pivot logon's tooltip says whose it is.
    #[test]
    fn pivot_logon_tooltip() {
        let view = pivoted(&chain(), PivotEntity::Address("10.0.0.2".into()));
        let p = view.pivot.as_ref().unwrap();
        assert_eq!(p.logons.len(), 2);
        assert_eq!(
            super::super::tooltip::Tip::PivotLogon(1).lines(&view).unwrap(),
            [
                "Logon of the address 10.0.0.2",
                "2026-03-02T09:21:00.0000000Z · CONTOSO\\Alice on WS03",
                "EventID 4624 · LogonType 7 · 10.0.0.2 · events.csv:6",
            ]
        );
        assert_eq!(super::super::tooltip::Tip::PivotLogon(2).lines(&view), None);
    }
}
