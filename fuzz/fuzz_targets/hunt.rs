//! The hunt and its near misses over any rows and any parameters, checked against a nested loop.
#![no_main]
use arbitrary::Arbitrary;
use huntbench::engine::time::{MAX_TICKS, TICKS_PER_SECOND};
use huntbench::engine::{AlertRow, Dataset, FileId, HuntParams, LogonRow, Origin, Span, Ticks};
use huntbench_fuzz::gen::{Text, ALERT_NAMES, HOSTS, USERS};
use libfuzzer_sys::fuzz_target;

/// 2026-03-02T09:00:00Z.
const BASE: i64 = 639_080_388_000_000_000;

#[derive(Arbitrary, Debug)]
enum When {
    /// Seconds from the base instant: most rows fall within an hour of each other.
    Near(i16),
    /// Ticks from the base instant, to the tick.
    Ticks(i32),
    /// Anywhere in Kusto's range, edges included.
    Anywhere(u64),
}

impl When {
    fn ticks(&self) -> Ticks {
        let t = match self {
            When::Near(s) => BASE + i64::from(*s) * TICKS_PER_SECOND,
            When::Ticks(t) => BASE + i64::from(*t),
            When::Anywhere(t) => (*t % (MAX_TICKS as u64 + 1)) as i64,
        };
        Ticks(t.clamp(0, MAX_TICKS))
    }
}

#[derive(Arbitrary, Debug)]
struct Alert {
    when: When,
    subscription: Text,
    entity: Text,
    name: Text,
}

#[derive(Arbitrary, Debug)]
struct Logon {
    when: When,
    event_id: Option<i32>,
    logon_type: Option<i32>,
    computer: Text,
    account: Text,
}

#[derive(Arbitrary, Debug)]
struct Params {
    names: Vec<Text>,
    window: i64,
    small_window: Option<u16>,
    event_id: Option<i32>,
    logon_types: Vec<i32>,
    normalize_hosts: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    alerts: Vec<Alert>,
    logons: Vec<Logon>,
    params: Params,
}

fuzz_target!(|input: Input| {
    let mut data = Dataset::default();
    for (i, a) in input.alerts.iter().enumerate() {
        data.push_alert(&AlertRow {
            time: a.when.ticks(),
            subscription: &a.subscription.get(&["sub-a", "sub-b"]),
            compromised_entity: &a.entity.get(&HOSTS),
            alert_name: &a.name.get(&ALERT_NAMES),
            origin: Origin { file: FileId(0), line: i as u64 + 2 },
        });
    }
    for (i, l) in input.logons.iter().enumerate() {
        let event_id = l.event_id.map(|e| if e % 3 == 0 { e } else { 4624 });
        let logon_type = l.logon_type.map(|t| if t % 3 == 0 { t } else { 10 });
        data.push_logon(&LogonRow {
            time: l.when.ticks(),
            event_id,
            logon_type,
            account: &l.account.get(&USERS),
            computer: &l.computer.get(&HOSTS),
            ip_address: "203.0.113.7",
            account_type: "User",
            activity: "4624 - An account was successfully logged on.",
            logon_type_name: "10 - RemoteInteractive",
            origin: Origin { file: FileId(1), line: i as u64 + 2 },
        });
    }
    let p = &input.params;
    let mut params = HuntParams {
        window: match p.small_window {
            Some(m) => Span(i64::from(m) * TICKS_PER_SECOND),
            None => Span(p.window),
        },
        event_id: p.event_id.unwrap_or(4624),
        logon_types: if p.logon_types.is_empty() { vec![10] } else { p.logon_types.clone() },
        normalize_hosts: p.normalize_hosts,
        ..HuntParams::default()
    };
    if !p.names.is_empty() {
        params.alert_names = p.names.iter().map(|n| n.get(&ALERT_NAMES)).collect();
    }
    huntbench_fuzz::check_hunt(&data, &params);
    // The query written for the same parameters never panics either.
    let _ = huntbench::engine::kql::render(&params);
});
