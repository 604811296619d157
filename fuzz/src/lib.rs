//! What every fuzz target shares: loading bytes the ways the CLI and the page do, and the
//! invariants that must hold whatever the bytes were.
//!
//! - `load_and_check`: `LoadedFiles::load` with the default options and with a chosen day/month
//!   order, a local offset and de-duplication; every report must account for its rows and the
//!   dataset must hold exactly the rows the reports say were loaded. Half the inputs are read
//!   under tiny limits (`Limits`), so the paths that refuse oversized records and decompression
//!   bombs are fuzzed too.
//! - `check_hunt`: `engine::run` and `engine::near_misses` over any dataset and any parameters;
//!   the rows must equal, as a multiset of whole rows, those of `reference`, the plain nested-loop
//!   hunt of `tests/reference/hunt.rs` that shares no code with the engine.
//! - `with_prefix`: puts a valid header in front of the fuzzer's bytes, so that mutations reach
//!   the rows instead of dying on the header.

use std::collections::HashSet;

use huntbench::engine::nearmiss::{NEARBY, PER_GROUP};
use huntbench::engine::time::MAX_TICKS;
use huntbench::engine::{self, Dataset, HuntParams, Ticks};
use huntbench::ingest::{DateOrder, Limits, ReadOptions, LoadedFiles};

#[path = "../../tests/reference/hunt.rs"]
pub mod reference;

/// `prefixes[data[0] % n]` before `data`, unless `data` already looks whole (`whole(data)`).
/// The first byte picks the prefix and stays part of the input, so every byte is still fuzzed.
pub fn with_prefix(data: &[u8], prefixes: &[&[u8]], whole: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    if data.is_empty() || whole(data) {
        return data.to_vec();
    }
    let prefix = prefixes[usize::from(data[0]) % prefixes.len()];
    let mut out = Vec::with_capacity(prefix.len() + data.len());
    out.extend_from_slice(prefix);
    out.extend_from_slice(data);
    out
}

/// Small limits, so that fuzz inputs of a few KiB reach the refusals.
pub fn tiny_limits(seed: usize) -> Limits {
    Limits {
        max_record_bytes: 64 + (seed % 4096) as u64,
        max_decompressed_bytes: 4096 + (seed % 65536) as u64,
        max_compression_ratio: 2 + (seed % 50) as u64,
        ratio_floor_bytes: 1024,
    }
}

/// Loads `bytes` twice into one workbench (default options, then a day/month order, an offset
/// and de-duplication), checks every invariant, then hunts over what loaded.
pub fn load_and_check(name: &str, bytes: &[u8]) -> LoadedFiles {
    let seed = bytes.iter().take(64).fold(bytes.len(), |h, &b| h.wrapping_mul(31).wrapping_add(usize::from(b)));
    let mut bench = LoadedFiles::new();
    if seed % 2 == 1 {
        bench.limits = tiny_limits(seed / 2);
    }
    bench.load(name, bytes, &ReadOptions::default());
    let order = if seed % 4 < 2 { DateOrder::MonthFirst } else { DateOrder::DayFirst };
    let opts = ReadOptions { date_order: Some(order), local_offset_minutes: Some(-300), dedupe_records: true };
    bench.load(name, bytes, &opts);
    check_workbench(&bench);
    check_hunt(&bench.data, &HuntParams::default());
    check_hunt(&bench.data, &HuntParams { normalize_hosts: true, ..HuntParams::default() });
    bench
}

/// Nothing lost, nothing invented: the reports and the dataset agree.
pub fn check_workbench(bench: &LoadedFiles) {
    let mut alerts = 0u64;
    let mut logons = 0u64;
    let mut ids = HashSet::new();
    for r in &bench.files {
        assert!(ids.insert(r.file), "two reports for {:?}", r.file);
        let abandoned = r.date_order_question.is_some() || r.error.as_deref().unwrap_or("").contains("mixes");
        if abandoned {
            assert_eq!(r.rows_loaded, 0, "{r:#?}");
        } else {
            assert_eq!(r.rows_read, r.rows_loaded + r.rows_skipped, "{r:#?}");
        }
        assert!(r.skipped.len() <= huntbench::ingest::report::SKIPS_LISTED, "{r:#?}");
        assert!(r.skipped.len() as u64 <= r.rows_skipped, "{r:#?}");
        assert!(r.lossy_rows <= r.rows_read, "lossy rows that were never read: {r:#?}");
        assert!(r.warnings.len() <= 64, "unbounded warnings: {r:#?}");
        match r.table.as_deref() {
            Some("SecurityAlert") => alerts += r.rows_loaded,
            Some(_) => logons += r.rows_loaded,
            None => assert_eq!(r.rows_loaded, 0, "{r:#?}"),
        }
    }
    let data = &bench.data;
    assert_eq!((data.alerts.len() as u64, data.logons.len() as u64), (alerts, logons), "{:#?}", bench.files);
    let in_range = |t: &Ticks| (0..=MAX_TICKS).contains(&t.0);
    assert!(data.alerts.time.iter().all(in_range));
    assert!(data.logons.time.iter().all(in_range));
    for (origin, table) in data.alerts.origin.iter().map(|o| (o, true)).chain(data.logons.origin.iter().map(|o| (o, false))) {
        let report = bench.report(origin.file).expect("a row's file has a report");
        assert_eq!(report.table.as_deref() == Some("SecurityAlert"), table, "{report:#?}");
        assert!(report.rows_loaded > 0, "{report:#?}");
    }
}

/// `engine::run` and `engine::near_misses` never panic, and what they return is right.
pub fn check_hunt(data: &Dataset, params: &HuntParams) {
    let result = engine::run(data, params);
    let misses = engine::near_misses(data, params, &result);
    if params.validate().is_err() {
        return;
    }
    assert_eq!(result.groups.iter().map(|g| g.count as usize).sum::<usize>(), result.matched_alerts);
    assert!(result.matched_alerts <= data.alerts.len() && result.matched_logons <= data.logons.len());
    // Whole rows against the reference's nested loop, as multisets.
    let mut got: Vec<reference::Row> = result
        .rows
        .iter()
        .map(|r| {
            let g = &result.groups[r.group];
            reference::Row {
                time_generated: r.time_generated.0,
                interactive_logon_time: r.interactive_logon_time.0,
                account: r.account.clone(),
                account_type: r.account_type.clone(),
                compromised_entity: r.compromised_entity.clone(),
                activity: r.activity.clone(),
                ip_address: r.ip_address.clone(),
                time_window: r.time_window.0,
                count: g.count,
                alert_names: g.alert_names.clone(),
            }
        })
        .collect();
    got.sort();
    assert_eq!(got, reference_rows(data, params), "the hunt differs from the reference");
    let mut joined = HashSet::new();
    for pair in result.rows.windows(2) {
        assert!((pair[0].time_generated, pair[0].interactive_logon_time) <= (pair[1].time_generated, pair[1].interactive_logon_time));
    }
    for row in &result.rows {
        let g = &result.groups[row.group];
        assert_eq!(row.time_generated, g.time);
        assert!(row.interactive_logon_time >= row.time_generated && row.interactive_logon_time <= row.time_window);
        assert_eq!(row.interactive_logon_time, data.logons.time[row.logon_row]);
        assert!(joined.insert((row.group, row.logon_row)), "a (group, logon) pair twice");
    }
    let mut per_group = vec![0usize; result.groups.len()];
    for m in &misses {
        let g = &result.groups[m.group];
        per_group[m.group] += 1;
        assert!(!joined.contains(&(m.group, m.logon_row)), "a joined logon is a near miss: {m:?}");
        assert_eq!(m.time, data.logons.time[m.logon_row]);
        let window = params.window_of(g.time);
        assert!(m.time.0 >= window.start.0.saturating_sub(NEARBY) && m.time.0 <= window.end.0.saturating_add(NEARBY), "{m:?}");
        let _ = m.reason.describe(params);
    }
    assert!(per_group.iter().all(|&n| n <= PER_GROUP));
}

/// The reference's rows for the same dataset and parameters.
fn reference_rows(data: &Dataset, params: &HuntParams) -> Vec<reference::Row> {
    let pool = &data.strings;
    let (a, l) = (&data.alerts, &data.logons);
    let alerts: Vec<reference::Alert> = (0..a.len())
        .map(|i| reference::Alert {
            subscription: pool.resolve(a.subscription[i]),
            entity: pool.resolve(a.compromised_entity[i]),
            name: pool.resolve(a.alert_name[i]),
            time: a.time[i].0,
        })
        .collect();
    let logons: Vec<reference::Logon> = (0..l.len())
        .map(|i| reference::Logon {
            computer: pool.resolve(l.computer[i]),
            account: pool.resolve(l.account[i]),
            account_type: pool.resolve(l.account_type[i]),
            activity: pool.resolve(l.activity[i]),
            ip_address: pool.resolve(l.ip_address[i]),
            time: l.time[i].0,
            event_id: l.event_id[i],
            logon_type: l.logon_type[i],
        })
        .collect();
    let p = reference::Params {
        alert_names: &params.alert_names,
        window: params.window.0,
        event_id: params.event_id,
        logon_types: &params.logon_types,
        normalize_hosts: params.normalize_hosts,
    };
    reference::hunt(&alerts, &logons, &p)
}

/// Structured inputs for the mapping and hunt targets.
pub mod gen {
    use arbitrary::Arbitrary;
    use serde_json::{json, Map, Value};

    /// A text value: mostly from a small vocabulary (so rows join and map), sometimes anything.
    #[derive(Arbitrary, Debug, Clone)]
    pub enum Text {
        Pick(u8),
        Raw(String),
        Empty,
    }

    impl Text {
        pub fn get(&self, vocabulary: &[&str]) -> String {
            match self {
                Text::Pick(i) => vocabulary[usize::from(*i) % vocabulary.len()].to_string(),
                Text::Raw(s) => s.clone(),
                Text::Empty => String::new(),
            }
        }
    }

    pub const HOSTS: [&str; 6] = ["WS01", "ws01", "WS01.contoso.com", "SRV-2", "10.0.0.5", "ſrv"];
    pub const USERS: [&str; 4] = ["alice", "PC01$", "Administrator", "-"];
    pub const DOMAINS: [&str; 3] = ["CONTOSO", "NT AUTHORITY", ""];
    pub const ALERT_NAMES: [&str; 6] = ["Atypical travel", "Password Spray", "Targeted port scans", "atypical TRAVEL!", "Spray", "Unfamiliar sign-in properties"];

    /// A JSON value as exports spell it: a number, the number as a string, null, or anything.
    #[derive(Arbitrary, Debug, Clone)]
    pub enum Num {
        Int(i64),
        Str(i64),
        Real(f64),
        Text(String),
        Null,
        Nested(Vec<u8>),
    }

    impl Num {
        pub fn value(&self) -> Value {
            match self {
                Num::Int(v) => json!(v),
                Num::Str(v) => json!(v.to_string()),
                Num::Real(v) => json!(v),
                Num::Text(s) => json!(s),
                Num::Null => Value::Null,
                Num::Nested(v) => json!({ "#text": v }),
            }
        }
    }

    /// A datetime: near a fixed instant in one of the forms exports write, or any text.
    #[derive(Arbitrary, Debug, Clone)]
    pub enum Time {
        Iso(u32),
        Portal(u32),
        Raw(String),
    }

    impl Time {
        pub fn text(&self) -> String {
            match self {
                Time::Iso(s) => format!("2026-03-02T09:{:02}:{:02}.{:07}Z", (s / 60) % 60, s % 60, s % 9_999_999),
                Time::Portal(s) => format!("3/2/2026, {}:{:02}:{:02}.{:03} AM", 1 + (s / 3600) % 12, (s / 60) % 60, s % 60, s % 1000),
                Time::Raw(t) => t.clone(),
            }
        }
    }

    /// How records are written into a file.
    #[derive(Arbitrary, Debug, Clone, Copy)]
    pub enum Layout {
        Lines,
        Array,
        Api,
        Csv,
    }

    /// Writes records (all with the same keys order as `columns`) in a layout the readers take.
    pub fn write(layout: Layout, columns: &[&str], records: &[Map<String, Value>]) -> Vec<u8> {
        match layout {
            Layout::Lines => records.iter().flat_map(|r| {
                let mut line = serde_json::to_vec(r).expect("json");
                line.push(b'\n');
                line
            }).collect(),
            Layout::Array => serde_json::to_vec(records).expect("json"),
            Layout::Api => {
                let rows: Vec<Value> = records.iter().map(|r| Value::Array(columns.iter().map(|c| r.get(*c).cloned().unwrap_or(Value::Null)).collect())).collect();
                let columns: Vec<Value> = columns.iter().map(|c| json!({ "name": c, "type": "string" })).collect();
                serde_json::to_vec(&json!({ "tables": [{ "name": "PrimaryResult", "columns": columns, "rows": rows }] })).expect("json")
            }
            Layout::Csv => {
                let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                let mut out = columns.join(",");
                out.push('\n');
                for r in records {
                    let cells: Vec<String> = columns.iter().map(|c| match r.get(*c) {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(s)) => quote(s),
                        Some(other) => quote(&other.to_string()),
                    }).collect();
                    out.push_str(&cells.join(","));
                    out.push('\n');
                }
                out.into_bytes()
            }
        }
    }
}
