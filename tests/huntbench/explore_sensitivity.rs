//! `explore::sensitivity` against the hunt: for every whole minute N, its rows and groups are
//! those `engine::run` gives with `--window Nm` (random inputs, a crowded host that takes the
//! per-minute binary search, generated scenarios); the histogram is a nested loop's, and the
//! curve is its prefix sum.

use std::collections::HashSet;

use proptest::prelude::*;

use huntbench::engine::explore::{sensitivity, Sensitivity, HISTOGRAM_FROM_MINUTES};
use huntbench::engine::hunt::short_host;
use huntbench::engine::text::upper_simple;
use huntbench::engine::time::{TICKS_PER_MINUTE, TICKS_PER_SECOND};
use huntbench::engine::{self, Dataset, HuntParams, Span, Ticks};
use huntbench::scenario::{Config, Difficulty, Format, Scenario};

use crate::fixtures::{t, Data, TICK};

/// Rows and groups with a row for a window of `minutes`, by running the hunt.
fn hunted(data: &Dataset, params: &HuntParams, minutes: u32) -> (u64, u64) {
    let result = engine::run(data, &HuntParams { window: Span::minutes(i64::from(minutes)), ..params.clone() });
    let groups: HashSet<usize> = result.rows.iter().map(|r| r.group).collect();
    (result.rows.len() as u64, groups.len() as u64)
}

fn curve(data: &Dataset, params: &HuntParams, max: u32) -> Sensitivity {
    sensitivity(data, params, &engine::run(data, params), max)
}

/// Every point against the hunt, and the curve against its histogram.
fn check(data: &Dataset, params: &HuntParams, max: u32) {
    let s = curve(data, params, max);
    assert_eq!(s.points.len(), max as usize + 1);
    let mut rows = 0;
    for (n, point) in s.points.iter().enumerate() {
        assert_eq!(point.window_minutes as usize, n);
        assert_eq!((point.rows, point.groups), hunted(data, params, n as u32), "window {n}m, {params:?}");
        rows += s.histogram.count(n as i64);
        assert_eq!(point.rows, rows, "the curve is the histogram's prefix sum at {n}m");
    }
    assert_eq!(s.histogram.from_minutes, HISTOGRAM_FROM_MINUTES);
    assert_eq!(s.histogram.to_minutes(), i64::from(max));
    assert_eq!(s.histogram.counts, gaps_by_minute(data, params, max), "{params:?}");
    assert_eq!(s.total_groups, engine::run(data, params).groups.len());
}

/// The histogram by a nested loop over groups and logons, with each minute's interval written out.
fn gaps_by_minute(data: &Dataset, params: &HuntParams, max: u32) -> Vec<u64> {
    let m = TICKS_PER_MINUTE;
    let holds = |minute: i64, gap: i64| match minute {
        0 => gap == 0,
        _ if minute < 0 => minute * m <= gap && gap < (minute + 1) * m,
        _ => (minute - 1) * m < gap && gap <= minute * m,
    };
    let key = |host: &str| {
        let upper = upper_simple(host);
        if params.normalize_hosts { short_host(&upper).to_string() } else { upper }
    };
    let logons = &data.logons;
    let mut counts = vec![0; (i64::from(max) - HISTOGRAM_FROM_MINUTES + 1) as usize];
    for group in &engine::run(data, params).groups {
        for i in 0..logons.len() {
            let hunted = logons.event_id[i] == Some(params.event_id) && logons.logon_type[i].is_some_and(|t| params.logon_types.contains(&t));
            if !hunted || key(data.strings.resolve(logons.computer[i])) != key(&group.compromised_entity) {
                continue;
            }
            let gap = logons.time[i].0 - group.time.0;
            if let Some(k) = (HISTOGRAM_FROM_MINUTES..=i64::from(max)).position(|minute| holds(minute, gap)) {
                counts[k] += 1;
            }
        }
    }
    counts
}

const HOSTS: [&str; 5] = ["WS01", "ws01", "WS01.contoso.com", "SRV-02", "10.0.0.5"];

/// Minutes from −70 to +45 around a few instants, with tick and second offsets on the edges.
fn time() -> impl Strategy<Value = Ticks> {
    (0i64..3, -70i64..45, prop::sample::select(vec![0, 0, 1, -1, TICKS_PER_SECOND, 30 * TICKS_PER_SECOND]))
        .prop_map(|(base, minute, offset)| Ticks(t(base * 7 + minute).0 + offset))
}

type Alert = (&'static str, &'static str, i64, bool);
type Logon = (&'static str, Ticks, Option<i32>, Option<i32>);

fn rows() -> impl Strategy<Value = (Vec<Alert>, Vec<Logon>)> {
    let alert = (prop::sample::select(&HOSTS[..]), prop::sample::select(vec!["Atypical travel", "Other", "Password Spray"]), 0i64..3, prop::bool::ANY);
    let logon = (
        prop::sample::select(&HOSTS[..]),
        time(),
        prop::sample::select(vec![Some(4624), Some(4624), Some(4625), None]),
        prop::sample::select(vec![Some(10), Some(10), Some(7), None]),
    );
    (prop::collection::vec(alert, 0..12), prop::collection::vec(logon, 0..30))
}

fn data(alerts: &[Alert], logons: &[Logon]) -> Data {
    let mut d = Data::new();
    for &(host, name, base, sub) in alerts {
        d = d.alert(if sub { "sub" } else { "" }, host, name, t(base * 7));
    }
    for &(host, time, event_id, logon_type) in logons {
        d = d.logon_full(host, "a", time, event_id, logon_type);
    }
    d
}

fn params() -> impl Strategy<Value = HuntParams> {
    (prop::sample::select(vec![vec![10], vec![10, 7]]), prop::bool::ANY, prop::sample::select(vec![4624, 4625])).prop_map(
        |(logon_types, normalize_hosts, event_id)| HuntParams { logon_types, normalize_hosts, event_id, ..HuntParams::default() },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_minute_gives_the_hunts_rows_and_groups((alerts, logons) in rows(), params in params(), max in 0u32..50) {
        check(&data(&alerts, &logons).set, &params, max);
    }
}

#[test]
fn window_edges_to_the_tick() {
    let data = Data::new()
        .alert("", "WS01", "Atypical travel", t(0))
        .logon("WS01", "a", t(0))
        .logon("WS01", "a", Ticks(t(0).0 + TICK))
        .logon("WS01", "a", t(1))
        .logon("WS01", "a", Ticks(t(1).0 + TICK))
        .logon("WS01", "a", Ticks(t(0).0 - TICK))
        .logon("WS01", "a", t(-60))
        .logon("WS01", "a", Ticks(t(-60).0 - TICK))
        .logon("WS01", "a", t(120))
        .logon("WS01", "a", Ticks(t(120).0 + TICK));
    let s = curve(&data.set, &HuntParams::default(), 120);
    let rows: Vec<u64> = [0, 1, 2, 119, 120].iter().map(|&n| s.at(n).unwrap().rows).collect();
    assert_eq!(rows, [1, 3, 4, 4, 5], "0 holds only the alert's tick; a window's end is inclusive");
    assert_eq!(s.at(0).unwrap().groups, 1);
    let histogram: Vec<(i64, u64)> = (-61..=121).map(|m| (m, s.histogram.count(m))).filter(|&(_, n)| n > 0).collect();
    assert_eq!(histogram, [(-60, 1), (-1, 1), (0, 1), (1, 2), (2, 1), (120, 1)], "one tick outside either end is left out");
    check(&data.set, &HuntParams::default(), 120);
}

#[test]
fn a_crowded_host_is_counted_minute_by_minute() {
    // More logons in reach than minutes, so the count takes binary searches per minute.
    let mut data = Data::new().alert("", "WS01", "Atypical travel", t(0)).alert("s", "ws01", "Password Spray", t(3)).alert("", "WS02", "Password Spray", t(1));
    for i in 0..700i64 {
        let at = Ticks(t(-65).0 + i * 17 * TICKS_PER_SECOND + (i % 3) - 1);
        data = data.logon(if i % 5 == 0 { "ws01.contoso.com" } else { "WS01" }, "a", at);
    }
    // And on minute edges to the tick, from either group.
    for minute in (-61..=124).step_by(7) {
        data = data.logon("WS01", "a", t(minute)).logon("WS01", "a", Ticks(t(minute).0 + TICK)).logon("WS01", "a", Ticks(t(minute).0 - TICK));
    }
    data = data.logon("WS02", "a", t(50));
    for params in [HuntParams::default(), HuntParams { normalize_hosts: true, ..HuntParams::default() }] {
        check(&data.set, &params, 120);
    }
}

#[test]
fn generated_scenarios_agree_at_every_minute() {
    for (seed, difficulty) in [(1, Difficulty::Easy), (2, Difficulty::Normal), (3, Difficulty::Hard)] {
        let s = Scenario::generate(&Config { difficulty, ..Config::new(seed, 60, 600, Format::JsonLines) });
        let bench = crate::scenario::load_all(&s, &s.files());
        let params = HuntParams::default();
        let curve = curve(&bench.data, &params, 120);
        assert_eq!(curve.at(15).unwrap().rows as usize, s.answer_key().expected_rows.len(), "seed {seed}: the seed's window");
        for n in [0, 1, 14, 15, 16, 17, 30, 60, 119, 120] {
            assert_eq!((curve.at(n).unwrap().rows, curve.at(n).unwrap().groups), hunted(&bench.data, &params, n), "seed {seed}, {n}m");
        }
    }
}

#[test]
fn the_widest_window_is_bounded_and_the_result_serialises() {
    let data = Data::new().alert("", "WS01", "Atypical travel", t(0)).logon("WS01", "a", t(5));
    let s = curve(&data.set, &HuntParams::default(), u32::MAX);
    assert_eq!(s.points.len() as u32, huntbench::engine::explore::MAX_WINDOW_MINUTES + 1);
    assert_eq!(s.points.last().unwrap().rows, 1);
    let s = curve(&data.set, &HuntParams::default(), 20);
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Sensitivity>(&text).unwrap(), s);
}
