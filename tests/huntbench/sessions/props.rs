//! Random event streams: the builder never panics, loses nothing and never counts an event
//! twice, keeps its starts and ends honest, and on Security-only streams agrees with a plain
//! nested-loop reading of the spec's core (start, linked logons, end by logon id with reuse),
//! written here without any of the engine's session code.

use std::collections::{BTreeMap, HashSet};

use proptest::prelude::*;

use huntbench::engine::sessions::{self, EventKind, SessionsJson};
use huntbench::engine::Ticks;

use super::*;

const HOSTS: [&str; 3] = ["WS5", "ws5", "WS6"];
const IDS: [&str; 5] = ["0xa", "0xb", "0xc", "0xA", ""];
const LINKED: [&str; 5] = ["", "0x0", "0xa", "0xb", "0xc"];
const ACCOUNTS: [&str; 4] = ["THESHIRE\\pgustavo", "theshire\\PGUSTAVO", "THESHIRE\\alice", ""];
const USERS: [&str; 3] = ["THESHIRE\\pgustavo", "pgustavo", "THESHIRE\\alice"];
const ADDRESSES: [&str; 3] = ["1.2.3.4", "5.6.7.8", "-"];
const ELEVATED: [&str; 3] = ["%%1842", "%%1843", ""];
const SESSION_IDS: [&str; 3] = ["1", "2", ""];
const ACTIVITIES: [&str; 3] = ["", "{A}", "{B}"];

/// Every (channel, id, logon type) the builder knows, and a few it must ignore.
const TEMPLATES: [(&str, i32, Option<i32>); 32] = [
    (SECURITY, 4624, Some(10)),
    (SECURITY, 4624, Some(12)),
    (SECURITY, 4624, Some(3)),
    (SECURITY, 4624, Some(7)),
    (SECURITY, 4624, Some(2)),
    ("", 4624, Some(10)),
    (SECURITY, 4634, Some(10)),
    (SECURITY, 4634, Some(3)),
    (SECURITY, 4634, None),
    (SECURITY, 4647, None),
    (SECURITY, 4778, None),
    (SECURITY, 4779, None),
    (SECURITY, 4800, None),
    (SECURITY, 4801, None),
    (SECURITY, 4608, None),
    (SECURITY, 4609, None),
    (SECURITY, 1100, None),
    (LSM, 21, None),
    (LSM, 22, None),
    (LSM, 23, None),
    (LSM, 24, None),
    (LSM, 25, None),
    (LSM, 39, None),
    (LSM, 40, None),
    (LSM, 41, None),
    (LSM, 54, None),
    (RCM, 1149, None),
    (RCM, 261, None),
    (SYSTEM, 1074, None),
    (SYSTEM, 6005, None),
    (SYSTEM, 25, None),
    ("Microsoft-Windows-Sysmon/Operational", 22, None),
];

/// Times on a few instants and on the edges of the 1 s, 30 s and 120 s windows.
fn ms() -> impl Strategy<Value = i64> {
    (0i64..4, prop::sample::select(vec![0, 1, 999, 1000, 1001, 30_000, 30_001, 120_000, 120_001]))
        .prop_map(|(base, offset)| base * 200_000 + offset)
}

fn pick<T: Copy + std::fmt::Debug + 'static>(values: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(values)
}

prop_compose! {
    fn any_event(console: bool)(
        template in pick(&TEMPLATES[..]),
        ms in ms(),
        host in pick(&HOSTS[..]),
        tli in pick(&IDS[..]),
        linked in pick(&LINKED[..]),
        account in pick(&ACCOUNTS[..]),
        ip in pick(&ADDRESSES[..]),
        elevated in pick(&ELEVATED[..]),
        sid in pick(&SESSION_IDS[..]),
        activity in pick(&ACTIVITIES[..]),
        user in pick(&USERS[..]),
        local in any::<bool>(),
        reason_code in pick(&["5", ""][..]),
    ) -> Ev {
        let (channel, id, lt) = template;
        let local = console && local;
        Ev {
            host, ms, channel, id, lt, tli, linked, logon_id: tli, account, ip, elevated, sid, activity, user,
            session_name: if local { "Console" } else { "RDP-Tcp#0" },
            client_name: CLIENT,
            client_address: if local { "LOCAL" } else { ip },
            address: if local { "LOCAL" } else { ip },
            reason: reason_code,
            event_time: if ms % 2 == 0 { "2020-09-04 03:08:20" } else { "" },
        }
    }
}

/// Input indexes of every evidence item, sessions first, then unattached.
fn all_evidence(set: &sessions::SessionSet) -> Vec<usize> {
    let items = set.sessions.iter().flat_map(|s| s.evidence.iter()).chain(set.unattached.iter());
    items.map(|e| (e.origin.line - 1) as usize).collect()
}

/// Events every stream without console values must place exactly once.
fn always_placed(e: &Ev) -> bool {
    let security = e.channel == SECURITY || e.channel.is_empty();
    match (e.channel, e.id) {
        (_, 4624) => security && matches!(e.lt, Some(10 | 12)),
        (SECURITY, 4778 | 4779) => !(e.logon_id.is_empty() && e.account.is_empty()),
        (LSM, 21..=25 | 39..=41) | (RCM, 1149 | 261) => true,
        _ => false,
    }
}

fn check_invariants(events: &[Ev], console: bool) {
    let (pool, store) = load(events);
    let set = sessions::build(&store, &pool, false);
    let json = serde_json::to_string(&SessionsJson::new(&set, &pool, &|_| "f".into())).unwrap();
    assert!(json.starts_with("{\"sessions\":"));
    let placed = all_evidence(&set);
    let mut seen = HashSet::new();
    for &i in &placed {
        assert!(seen.insert(i), "event {i} placed twice: {events:?}");
    }
    if !console {
        for (i, e) in events.iter().enumerate() {
            if always_placed(e) {
                assert!(seen.contains(&i), "event {i} ({e:?}) lost");
            }
        }
    }
    let mut previous: Option<(String, Option<Ticks>)> = None;
    for s in &set.sessions {
        assert!(!s.evidence.is_empty());
        assert!(s.evidence.windows(2).all(|w| (w[0].time, w[0].row) <= (w[1].time, w[1].row)), "evidence in order");
        let key = (s.host.clone(), s.start);
        if let Some(previous) = &previous {
            assert!(*previous <= key, "sessions by host then start");
        }
        previous = Some(key);
        if let Some(start) = s.start {
            let starts_here = s.evidence.iter().any(|e| {
                let input = &events[(e.origin.line - 1) as usize];
                e.time == start && (e.kind == EventKind::LsmLogon || (e.kind == EventKind::Logon && matches!(input.lt, Some(10 | 12))))
            });
            assert!(starts_here, "a start is a 4624 LogonType 10/12 or an LSM 21 of the session");
            if let Some(first) = s.starts.first() {
                assert_eq!(first.time, start);
            }
        }
        if let (Some(start), Some(end)) = (s.start, s.end) {
            assert!(end >= start);
            assert_eq!(s.duration_ticks(), Some(end.0 - start.0));
        }
        let _ = (s.end_text(), s.start_text());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_streams_keep_the_invariants(events in prop::collection::vec(any_event(false), 0..40)) {
        check_invariants(&events, false);
    }

    #[test]
    fn random_streams_with_console_values_keep_the_invariants(events in prop::collection::vec(any_event(true), 0..40)) {
        check_invariants(&events, true);
    }

    #[test]
    fn security_only_streams_agree_with_the_reference(events in prop::collection::vec(security_event(), 0..30)) {
        let (pool, set) = build(&events);
        let mut ours: Vec<Outline> = set
            .sessions
            .iter()
            .map(|s| {
                let mut ids: Vec<String> = s.logon_ids.iter().map(|&id| pool.resolve(id).to_lowercase()).collect();
                ids.sort();
                ids.dedup();
                (s.host.clone(), ids, s.start, s.end, s.end_cause.as_str().to_string())
            })
            .collect();
        ours.sort();
        prop_assert_eq!(ours, reference(&events));
    }
}

prop_compose! {
    fn security_event()(
        kind in 0usize..3,
        lt in pick(&[Some(10), Some(12), Some(3), Some(7), Some(2), None][..]),
        ms in (0i64..3, pick(&[0i64, 999, 1000, 1001, 5000][..])).prop_map(|(b, o)| b * 10_000 + o),
        host in pick(&HOSTS[..]),
        tli in pick(&["0xa", "0xb", "0xc", "0xA"][..]),
        linked in pick(&LINKED[..]),
        account in pick(&ACCOUNTS[..3]),
        ip in pick(&ADDRESSES[..2]),
        elevated in pick(&ELEVATED[..]),
    ) -> Ev {
        let (id, lt) = match kind {
            0 => (4624, lt.or(Some(10))),
            1 => (4634, lt),
            _ => (4647, None),
        };
        Ev { host, ms, channel: SECURITY, id, lt, tli, linked, account, ip, elevated, ..Ev::default() }
    }
}

/// (host, ids, start, end, end cause).
type Outline = (String, Vec<String>, Option<Ticks>, Option<Ticks>, String);

/// The spec's Security core read literally: every pair of starts compared, every logoff
/// against every start.
fn reference(events: &[Ev]) -> Vec<Outline> {
    let id = |text: &str| Some(text.to_lowercase()).filter(|t| !t.is_empty() && t != "0x0");
    let host = |i: usize| events[i].host.to_ascii_uppercase();
    let order = |i: usize| (events[i].ms, i);
    let starts: Vec<usize> = (0..events.len()).filter(|&i| events[i].id == 4624 && matches!(events[i].lt, Some(10 | 12))).collect();
    let linked = |a: usize, b: usize| {
        let (x, y) = (&events[a], &events[b]);
        let names = |x: &Ev, y: &Ev| id(x.linked).is_some() && id(x.linked) == id(y.tli);
        let elevated = |e: &Ev| match e.elevated {
            "%%1842" => Some(true),
            "%%1843" => Some(false),
            _ => None,
        };
        let pair = x.linked.is_empty()
            && y.linked.is_empty()
            && x.account.to_lowercase() == y.account.to_lowercase()
            && x.ip == y.ip
            && x.lt == y.lt
            && (x.ms - y.ms).abs() <= 1000
            && elevated(x).is_some()
            && elevated(y).is_some()
            && elevated(x) != elevated(y);
        names(x, y) || names(y, x) || pair
    };
    let mut label: BTreeMap<usize, usize> = starts.iter().map(|&s| (s, s)).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for &a in &starts {
            for &b in &starts {
                if a != b && host(a) == host(b) && linked(a, b) && label[&a] != label[&b] {
                    let low = label[&a].min(label[&b]);
                    let high = label[&a].max(label[&b]);
                    for l in label.values_mut() {
                        if *l == high {
                            *l = low;
                        }
                    }
                    changed = true;
                }
            }
        }
    }
    let mut ends: BTreeMap<usize, usize> = BTreeMap::new();
    for i in 0..events.len() {
        let e = &events[i];
        let ends_something = e.id == 4647 || (e.id == 4634 && !matches!(e.lt, Some(3 | 7)));
        if !ends_something || id(e.tli).is_none() {
            continue;
        }
        let latest = starts
            .iter()
            .copied()
            .filter(|&s| host(s) == host(i) && id(events[s].tli) == id(e.tli) && order(s) <= order(i))
            .max_by_key(|&s| order(s));
        if let Some(s) = latest {
            let session = label[&s];
            if ends.get(&session).is_none_or(|&j| order(i) < order(j)) {
                ends.insert(session, i);
            }
        }
    }
    let mut out: Vec<Outline> = label
        .values()
        .collect::<HashSet<_>>()
        .into_iter()
        .map(|&l| {
            let members: Vec<usize> = starts.iter().copied().filter(|s| label[s] == l).collect();
            let mut ids: Vec<String> = members.iter().filter_map(|&s| id(events[s].tli)).collect();
            ids.sort();
            ids.dedup();
            let start = members.iter().map(|&s| at(events[s].ms)).min();
            let (end, cause) = match ends.get(&l) {
                Some(&j) => (Some(at(events[j].ms)), if events[j].id == 4634 { "logoff 4634" } else { "logoff 4647" }),
                None => (None, "unknown"),
            };
            (host(l), ids, start, end, cause.to_string())
        })
        .collect();
    out.sort();
    out
}
