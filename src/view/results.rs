//! `ResultsView`: one hunt as the page shows it. `results` runs the hunt and its near misses;
//! `ResultsView::new` shapes a `HuntResult` that was already run: `GroupView`s (an alert group
//! and its window band), `RowView`s (the 8 output columns, where they came from and the RDP
//! session their logon started), the lanes of the timeline (`lanes.rs`) and the RDP sessions the
//! data shows (`sessions.rs`), on every host that has them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::axis::short_label;
use super::lanes::{LaneView, Lanes, Marks};
use super::pivot::{PivotEntity, PivotView};
use super::sessions::{LoneView, SessionView};
use crate::engine::pivot::sessions_of_rows;
use crate::engine::sessions::{self, host_key};
use crate::engine::{self, kql, near_misses, AlertGroup, FileId, HuntParams, HuntResult, HuntRow, NearMiss, Origin};
use crate::ingest::LoadedFiles;

/// The hunt's result, shaped for the page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub params: HuntParams,
    pub kql: String,
    pub groups: Vec<GroupView>,
    pub rows: Vec<RowView>,
    pub lanes: Vec<LaneView>,
    /// Every RDP session, by host key then start (`engine::sessions::build`).
    pub sessions: Vec<SessionView>,
    /// The account or address the workbench is pivoted onto, and what it found.
    pub pivot: Option<PivotView>,
    pub matched_alerts: usize,
    pub matched_logons: usize,
    pub alert_rows: usize,
    pub logon_rows: usize,
    /// What the loaded columns hold (`Dataset::heap_bytes`).
    pub held_bytes: f64,
    /// The text of the marks (`StringId`); the first is empty.
    pub strings: Vec<String>,
    /// The worker's whole wasm memory: it grows, never shrinks, so it is the peak. The worker
    /// sets it (`results` leaves it 0: measuring memory is the worker's business).
    pub engine_memory_bytes: f64,
}

/// One alert group (a row of the summarize step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    pub index: usize,
    pub subscription: String,
    pub entity: String,
    pub time: String,
    /// Where its band starts: the group's TimeGenerated.
    pub time_ms: f64,
    /// Where its band ends: the window's inclusive end (`HuntParams::window_of`).
    pub window_end_ms: f64,
    pub count: u64,
    pub names: Vec<String>,
    /// `file:line` of each alert row of the group.
    pub origins: Vec<String>,
    /// The lane (host) it is drawn in.
    pub lane: usize,
    /// Indexes into `ResultsView::rows`.
    pub rows: Vec<usize>,
}

/// One result row: the 8 output columns and where they came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowView {
    /// TimeGenerated, Interactivelogontime, AccountCustomEntity, AccountType, CompromisedEntity,
    /// Activity, IpAddress, TimeWindow.
    pub values: Vec<String>,
    pub group: usize,
    pub logon_ms: f64,
    /// `file:line` of the logon.
    pub logon_origin: String,
    /// The RDP session its logon started: an index into `ResultsView::sessions`.
    pub session: Option<usize>,
}

/// An index into `ResultsView::strings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StringId(pub u32);

impl StringId {
    pub const EMPTY: StringId = StringId(0);
}

/// Runs the hunt and its near misses over everything loaded, and shapes them for the page.
pub fn results(bench: &LoadedFiles, params: &HuntParams) -> ResultsView {
    results_pivoted(bench, params, None)
}

/// `results`, pivoted onto `entity` when there is one.
pub fn results_pivoted(bench: &LoadedFiles, params: &HuntParams, entity: Option<&PivotEntity>) -> ResultsView {
    let result = engine::run(&bench.data, params);
    let misses = near_misses(&bench.data, params, &result);
    ResultsView::new(bench, params, &result, &misses, entity)
}

/// The names of the loaded files, for `file:line`.
pub(super) struct FileNames<'a>(HashMap<FileId, &'a str>);

impl<'a> FileNames<'a> {
    fn new(bench: &'a LoadedFiles) -> Self {
        FileNames(bench.files.iter().map(|r| (r.file, r.name.as_str())).collect())
    }

    /// The file's name, or `?` for a file no longer loaded.
    pub(super) fn name(&self, file: FileId) -> &'a str {
        self.0.get(&file).copied().unwrap_or("?")
    }

    fn origin(&self, o: &Origin) -> String {
        format!("{}:{}", self.name(o.file), o.line)
    }
}

impl ResultsView {
    /// Shapes `result` and `misses`, which `engine::run` and `near_misses` made from `bench`'s
    /// data with `params`, pivoted onto `entity` when there is one.
    pub fn new(bench: &LoadedFiles, params: &HuntParams, result: &HuntResult, misses: &[NearMiss], entity: Option<&PivotEntity>) -> ResultsView {
        let data = &bench.data;
        let names = FileNames::new(bench);
        let mut lanes = Lanes::default();
        let mut groups: Vec<GroupView> = result
            .groups
            .iter()
            .enumerate()
            .map(|(index, g)| GroupView::new(index, g, params, lanes.place(&g.compromised_entity, index), &names))
            .collect();
        let mut marks = Marks::new(data, &names);
        let set = sessions::build(&data.sessions, &data.strings, params.normalize_hosts);
        let session_of_row = sessions_of_rows(&result.rows, data, &set, params.normalize_hosts);
        // One mark per joined row, in the lane of the row's group: a logon two groups joined is
        // drawn once for each.
        let rows = result
            .rows
            .iter()
            .zip(session_of_row)
            .enumerate()
            .map(|(n, (r, session))| {
                groups[r.group].rows.push(n);
                lanes.push(groups[r.group].lane, marks.mark(r.logon_row, r.group, None));
                RowView::new(r, &names, session)
            })
            .collect();
        for m in misses {
            lanes.push(groups[m.group].lane, marks.mark(m.logon_row, m.group, Some(&m.reason.describe(params))));
        }
        // Sessions after every group, so hosts with alerts keep their order on top.
        let mut session_views = Vec::with_capacity(set.sessions.len());
        for (i, s) in set.sessions.iter().enumerate() {
            let lane = lanes.of_host_key(&s.host, params.normalize_hosts);
            lanes.lane_mut(lane).sessions.push(i);
            session_views.push(SessionView::new(s, lane, &mut marks));
        }
        for e in &set.unattached {
            let host = data.strings.resolve(data.sessions.get(e.row).host);
            let lane = lanes.of_host_key(&host_key(host, params.normalize_hosts), params.normalize_hosts);
            let lone = LoneView::new(e, data, &mut marks);
            lanes.lane_mut(lane).lone.push(lone);
        }
        let group_lanes: Vec<usize> = groups.iter().map(|g| g.lane).collect();
        let pivot = entity.map(|e| PivotView::new(e, data, &set, result, &group_lanes, params.normalize_hosts, &mut lanes, &mut marks));
        ResultsView {
            params: params.clone(),
            kql: kql::render(params),
            groups,
            rows,
            lanes: lanes.finish(&mut session_views),
            sessions: session_views,
            pivot,
            matched_alerts: result.matched_alerts,
            matched_logons: result.matched_logons,
            alert_rows: data.alerts.len(),
            logon_rows: data.logons.len(),
            held_bytes: data.heap_bytes() as f64,
            strings: marks.into_strings(),
            engine_memory_bytes: 0.0,
        }
    }

    /// The text under `id`; empty for an id out of range.
    pub fn string(&self, id: StringId) -> &str {
        self.strings.get(id.0 as usize).map_or("", String::as_str)
    }
}

impl GroupView {
    fn new(index: usize, g: &AlertGroup, params: &HuntParams, lane: usize, names: &FileNames) -> GroupView {
        GroupView {
            index,
            subscription: g.subscription.clone(),
            entity: g.compromised_entity.clone(),
            time: g.time.to_iso(),
            time_ms: g.time.unix_millis_f64(),
            window_end_ms: params.window_of(g.time).end.unix_millis_f64(),
            count: g.count,
            names: g.alert_names.clone(),
            origins: g.origins.iter().map(|o| names.origin(o)).collect(),
            lane,
            rows: Vec::new(),
        }
    }

    /// The label drawn in its band: its alert names and, for several alerts, how many.
    pub fn label(&self) -> String {
        let count = if self.count > 1 { format!(" ×{}", self.count) } else { String::new() };
        short_label(&format!("{}{count}", self.names.join(", ")))
    }
}

impl RowView {
    fn new(r: &HuntRow, names: &FileNames, session: Option<usize>) -> RowView {
        RowView {
            values: r.values().to_vec(),
            group: r.group,
            logon_ms: r.interactive_logon_time.unix_millis_f64(),
            logon_origin: names.origin(&r.logon_origin),
            session,
        }
    }

    /// Session end, End cause and Duration of the session its logon started; dashes when the
    /// data holds no session for it.
    pub fn session_cells(&self, results: &ResultsView) -> [String; 3] {
        match self.session.and_then(|i| results.sessions.get(i)) {
            Some(s) => s.cells(),
            None => ["-".to_string(), "-".to_string(), "-".to_string()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{sample_bench, Export};
    use super::*;
    use crate::engine::time::{TICKS_PER_MILLISECOND, TICKS_PER_MINUTE};
    use crate::engine::{Span, Ticks};

    #[test]
    fn groups_rows_and_provenance() {
        let view = results(&sample_bench(), &HuntParams::default());
        assert_eq!(view.groups.len(), 2);
        assert_eq!(view.groups[0].count, 2);
        assert_eq!(view.groups[0].names, ["Atypical travel", "Password Spray"]);
        assert_eq!(view.groups[0].origins, ["alerts.csv:2", "alerts.csv:3"]);
        assert_eq!(view.rows.len(), 1);
        assert_eq!(view.rows[0].logon_origin, "events.csv:2");
        assert_eq!(view.groups[0].rows, [0]);
        assert!(view.groups[1].rows.is_empty());
        assert!(view.kql.starts_with("SecurityAlert\n"));
        assert_eq!((view.alert_rows, view.logon_rows, view.matched_alerts), (3, 4, 3));
        assert_eq!(view.engine_memory_bytes, 0.0, "the worker measures its memory, not the view");
    }

    /// A group's band runs from its alert to the window's inclusive end, as `Window` says.
    #[test]
    fn band_edges_are_the_window() {
        fn check(alert: &str, window: Span, logons: &[&str], start: &str, end_ticks: i64, joined: usize) {
            let mut export = Export::default();
            export.alert(alert, "Password Spray", "WS01");
            for t in logons {
                export.logon(t, 4624, Some(10), "WS01");
            }
            let params = HuntParams { window, ..HuntParams::default() };
            let view = results(&export.bench(), &params);
            let g = &view.groups[0];
            assert_eq!(g.time, start);
            let span_ms = end_ticks as f64 / TICKS_PER_MILLISECOND as f64;
            assert_eq!(g.window_end_ms - g.time_ms, span_ms, "{alert} + {}", window.to_kql());
            assert_eq!(g.rows.len(), joined, "logons on the band's edges join: {logons:?}");
        }
        let m = TICKS_PER_MINUTE;
        check("2026-03-02T09:00:00Z", Span::minutes(15), &["2026-03-02T09:00:00Z", "2026-03-02T09:15:00Z"], "2026-03-02T09:00:00.0000000Z", 15 * m, 2);
        check("2026-03-02T09:00:00Z", Span::minutes(15), &["2026-03-02T09:15:00.0000001Z"], "2026-03-02T09:00:00.0000000Z", 15 * m, 0);
        check("2026-03-02T09:00:00Z", Span(0), &["2026-03-02T09:00:00Z"], "2026-03-02T09:00:00.0000000Z", 0, 1);
        check("2026-03-02T09:00:00Z", Span::minutes(90), &[], "2026-03-02T09:00:00.0000000Z", 90 * m, 0);
        check("2026-03-02T09:00:00Z", Span(1500 * TICKS_PER_MILLISECOND), &[], "2026-03-02T09:00:00.0000000Z", 1500 * TICKS_PER_MILLISECOND, 0);
    }

    /// Past Kusto's last datetime a window has no end within the calendar: the band stops there.
    #[test]
    fn a_band_past_the_calendar_stops_at_its_end() {
        let mut export = Export::default();
        export.alert("9999-12-31T23:50:00Z", "Password Spray", "WS01");
        let params = HuntParams { window: Span::minutes(60 * 24), ..HuntParams::default() };
        let view = results(&export.bench(), &params);
        let last = Ticks(crate::engine::time::MAX_TICKS).unix_millis_f64();
        assert_eq!(view.groups[0].window_end_ms, last);
    }

    #[test]
    fn group_labels_count_and_shorten() {
        fn check(names: &[&str], count: u64, expected: &str) {
            let g = GroupView {
                index: 0,
                subscription: String::new(),
                entity: String::new(),
                time: String::new(),
                time_ms: 0.0,
                window_end_ms: 0.0,
                count,
                names: names.iter().map(|n| n.to_string()).collect(),
                origins: vec![],
                lane: 0,
                rows: vec![],
            };
            assert_eq!(g.label(), expected);
        }
        check(&["Password Spray"], 1, "Password Spray");
        check(&["Password Spray"], 3, "Password Spray ×3");
        check(&["Atypical travel", "Password Spray"], 2, "Atypical travel, Pass…");
    }

    #[test]
    fn strings_out_of_range_are_empty() {
        let view = ResultsView { strings: vec![String::new(), "x".into()], ..ResultsView::default() };
        assert_eq!(view.string(StringId(1)), "x");
        assert_eq!(view.string(StringId::EMPTY), "");
        assert_eq!(view.string(StringId(9)), "");
    }
}
