//! The optimised hunt (buckets, sorted times, binary search) against `reference`, a plain
//! nested-loop reading of the spec that shares no code with the engine, on random inputs full of
//! same-tick groups, case variants, host spellings and window edges. Whole rows are compared as
//! multisets: all 8 output columns plus each row's count_ and set_AlertName.

use proptest::prelude::*;

use huntbench::engine::time::TICKS_PER_MINUTE;
use huntbench::engine::{self, AlertRow, Dataset, FileId, HuntParams, LogonRow, Origin, Span, Ticks};

use crate::fixtures::t;
use crate::reference;

#[derive(Clone, Debug)]
struct Alert {
    subscription: &'static str,
    entity: &'static str,
    name: &'static str,
    time: Ticks,
}

#[derive(Clone, Debug)]
struct Logon {
    computer: &'static str,
    account: &'static str,
    ip_address: &'static str,
    time: Ticks,
    event_id: Option<i32>,
    logon_type: Option<i32>,
}

const SUBSCRIPTIONS: [&str; 3] = ["", "sub-a", "sub-b"];
const HOSTS: [&str; 9] = ["WS01", "ws01", "Ws01.contoso.com", "srv-ß", "SRV-ß", "", "10.0.0.5", "ſrv.x", "wor\u{212A}"];
const NAMES: [&str; 8] = [
    "Atypical travel",
    "atypical travel",
    "Password Spray",
    "Atypical travels",
    "Targeted port scans",
    "Other",
    "[Password spray]_x",
    "Unfamiliar sign-in properties",
];
const ACCOUNTS: [&str; 4] = ["CONTOSO\\Alice", "contoso\\alice", "İlker", "ΟΔΟΣ\\\u{212A}"];
const ADDRESSES: [&str; 3] = ["203.0.113.7", "", "fe80::1"];

/// Times clustered on a few instants and on the edges of a 15-minute window, so ties and edges are common.
fn time() -> impl Strategy<Value = Ticks> {
    let w = Span::minutes(15).0;
    (0i64..4, prop::sample::select(vec![0, 1, -1, w, w - 1, w + 1, 7 * TICKS_PER_MINUTE, -TICKS_PER_MINUTE]))
        .prop_map(|(base, offset)| Ticks(t(base * 5).0 + offset))
}

fn alert() -> impl Strategy<Value = Alert> {
    (prop::sample::select(&SUBSCRIPTIONS[..]), prop::sample::select(&HOSTS[..]), prop::sample::select(&NAMES[..]), time())
        .prop_map(|(subscription, entity, name, time)| Alert { subscription, entity, name, time })
}

fn logon() -> impl Strategy<Value = Logon> {
    (
        prop::sample::select(&HOSTS[..]),
        prop::sample::select(&ACCOUNTS[..]),
        prop::sample::select(&ADDRESSES[..]),
        time(),
        prop::sample::select(vec![Some(4624), Some(4624), Some(4625), None]),
        prop::sample::select(vec![Some(10), Some(10), Some(3), Some(7), None]),
    )
        .prop_map(|(computer, account, ip_address, time, event_id, logon_type)| Logon {
            computer,
            account,
            ip_address,
            time,
            event_id,
            logon_type,
        })
}

fn params() -> impl Strategy<Value = HuntParams> {
    (
        prop::sample::select(vec![0i64, 5, 15]),
        prop::sample::select(vec![vec![10], vec![10, 7], vec![3]]),
        any::<bool>(),
        prop::sample::select(vec![None, Some(vec!["travel".to_string(), "spray".to_string()])]),
    )
        .prop_map(|(minutes, logon_types, normalize_hosts, names)| {
            let mut p = HuntParams { window: Span::minutes(minutes), logon_types, normalize_hosts, ..HuntParams::default() };
            if let Some(names) = names {
                p.alert_names = names;
            }
            p
        })
}

fn account_type(i: usize) -> &'static str {
    ["User", "Machine", ""][i % 3]
}

fn activity(i: usize) -> &'static str {
    ["4624 - An account was successfully logged on.", "4625 - An account failed to log on."][i % 2]
}

fn engine_rows(alerts: &[Alert], logons: &[Logon], params: &HuntParams) -> Vec<reference::Row> {
    let mut data = Dataset::default();
    for (i, a) in alerts.iter().enumerate() {
        let origin = Origin { file: FileId(0), line: i as u64 + 2 };
        data.push_alert(&AlertRow { time: a.time, subscription: a.subscription, compromised_entity: a.entity, alert_name: a.name, origin });
    }
    for (i, l) in logons.iter().enumerate() {
        data.push_logon(&LogonRow {
            time: l.time,
            event_id: l.event_id,
            logon_type: l.logon_type,
            account: l.account,
            computer: l.computer,
            ip_address: l.ip_address,
            account_type: account_type(i),
            activity: activity(i),
            logon_type_name: "10 - RemoteInteractive",
            origin: Origin { file: FileId(1), line: i as u64 + 2 },
        });
    }
    let result = engine::run(&data, params);
    // Rows come out sorted by alert time, then logon time.
    let order: Vec<_> = result.rows.iter().map(|r| (r.time_generated, r.interactive_logon_time)).collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "rows out of order: {order:?}");
    let mut rows: Vec<reference::Row> = result
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
    rows.sort();
    rows
}

fn reference_rows(alerts: &[Alert], logons: &[Logon], params: &HuntParams) -> Vec<reference::Row> {
    let alerts: Vec<reference::Alert> = alerts
        .iter()
        .map(|a| reference::Alert { subscription: a.subscription, entity: a.entity, name: a.name, time: a.time.0 })
        .collect();
    let logons: Vec<reference::Logon> = logons
        .iter()
        .enumerate()
        .map(|(i, l)| reference::Logon {
            computer: l.computer,
            account: l.account,
            account_type: account_type(i),
            activity: activity(i),
            ip_address: l.ip_address,
            time: l.time.0,
            event_id: l.event_id,
            logon_type: l.logon_type,
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn hunt_equals_the_reference(
        alerts in prop::collection::vec(alert(), 0..25),
        logons in prop::collection::vec(logon(), 0..25),
        params in params(),
    ) {
        prop_assert_eq!(engine_rows(&alerts, &logons, &params), reference_rows(&alerts, &logons, &params));
    }

    #[test]
    fn a_window_reaching_past_the_calendar_ends_at_its_last_tick(
        minutes_before_end in 0i64..30,
        logon_offset in -2i64..2,
    ) {
        let alert_time = Ticks(reference::LAST_TICK - minutes_before_end * TICKS_PER_MINUTE);
        let logon_time = Ticks((alert_time.0 + logon_offset).clamp(0, reference::LAST_TICK));
        let alerts = [Alert { subscription: "", entity: "WS01", name: "Password Spray", time: alert_time }];
        let logons = [Logon { computer: "ws01", account: "a", ip_address: "", time: logon_time, event_id: Some(4624), logon_type: Some(10) }];
        let params = HuntParams { window: Span::minutes(60), ..HuntParams::default() };
        prop_assert_eq!(engine_rows(&alerts, &logons, &params), reference_rows(&alerts, &logons, &params));
    }
}

/// The reference itself, on the spec's own examples, so that a wrong oracle cannot pass for a
/// right one.
#[test]
fn the_reference_reads_the_spec() {
    for (value, needle, expected) in [
        ("Atypical travel_x", "Atypical travel", true),
        ("Atypical_travel", "Atypical travel", false),
        ("Atypical travelé", "Atypical travel", false),
        ("[Atypical travel]", "atypical TRAVEL", true),
        ("PasswordSpray", "Password Spray", false),
        ("a\u{0345}spray", "spray", true),
    ] {
        assert_eq!(reference::has(value, needle), expected, "{value:?} has {needle:?}");
    }
    assert_eq!(reference::toupper("straße İı"), "STRAßE İI");
    assert_eq!(reference::tolower("ΟΔΟΣ İ"), "οδοσ İ");
}
