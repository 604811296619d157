//! The optimised hunt (buckets, sorted times, binary search) against a plain nested-loop reading
//! of the spec, on random inputs full of same-tick groups, case variants and window edges.

use proptest::prelude::*;

use huntbench::engine::text::{lower_simple, upper_simple, TermSet};
use huntbench::engine::{HuntParams, Span, Ticks};

use crate::fixtures::{t, Data};

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
    time: Ticks,
    event_id: Option<i32>,
    logon_type: Option<i32>,
}

const SUBSCRIPTIONS: [&str; 3] = ["", "sub-a", "sub-b"];
const HOSTS: [&str; 6] = ["WS01", "ws01", "Ws01.contoso.com", "srv-ß", "SRV-ß", ""];
const NAMES: [&str; 6] = ["Atypical travel", "atypical travel", "Password Spray", "Atypical travels", "Targeted port scans", "Other"];
const ACCOUNTS: [&str; 3] = ["CONTOSO\\Alice", "contoso\\alice", "İlker"];

/// Times clustered on a few instants and on the edges of a 15-minute window, so ties and edges are common.
fn time() -> impl Strategy<Value = Ticks> {
    let w = Span::minutes(15).0;
    (0i64..4, prop::sample::select(vec![0, 1, -1, w, w - 1, w + 1, 7 * 600_000_000, -600_000_000]))
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
        time(),
        prop::sample::select(vec![Some(4624), Some(4624), Some(4625), None]),
        prop::sample::select(vec![Some(10), Some(10), Some(3), None]),
    )
        .prop_map(|(computer, account, time, event_id, logon_type)| Logon { computer, account, time, event_id, logon_type })
}

/// hunt-semantics.md read literally: filter, group by linear search, then every group × every logon.
fn reference(alerts: &[Alert], logons: &[Logon], p: &HuntParams) -> Vec<(Ticks, Ticks, String, String, u64, Vec<String>)> {
    let terms = TermSet::new(&p.alert_names);
    let mut groups: Vec<(&str, String, Ticks, u64, Vec<String>)> = Vec::new();
    for a in alerts.iter().filter(|a| terms.matches(a.name)) {
        let key = (a.subscription, upper_simple(a.entity), a.time);
        match groups.iter_mut().find(|g| (g.0, &g.1, g.2) == (key.0, &key.1, key.2)) {
            Some(g) => {
                g.3 += 1;
                if !g.4.contains(&a.name.to_string()) {
                    g.4.push(a.name.to_string());
                }
            }
            None => groups.push((key.0, key.1, key.2, 1, vec![a.name.to_string()])),
        }
    }
    let mut rows = Vec::new();
    for g in &groups {
        for l in logons {
            let wanted = l.event_id == Some(p.event_id) && l.logon_type.is_some_and(|t| p.logon_types.contains(&t));
            if wanted && upper_simple(l.computer) == g.1 && g.2 <= l.time && l.time.0 <= g.2 .0 + p.window.0 {
                let mut names = g.4.clone();
                names.sort();
                rows.push((g.2, l.time, lower_simple(l.account), g.1.clone(), g.3, names));
            }
        }
    }
    rows.sort();
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn hunt_equals_the_nested_loop(
        alerts in prop::collection::vec(alert(), 0..25),
        logons in prop::collection::vec(logon(), 0..25),
        window_minutes in prop::sample::select(vec![0i64, 5, 15]),
    ) {
        let params = HuntParams { window: Span::minutes(window_minutes), ..HuntParams::default() };
        let mut data = Data::new();
        for a in &alerts {
            data = data.alert(a.subscription, a.entity, a.name, a.time);
        }
        for l in &logons {
            data = data.logon_full(l.computer, l.account, l.time, l.event_id, l.logon_type);
        }
        let result = data.hunt_with(&params);
        let mut got: Vec<_> = result.rows.iter().map(|r| {
            let g = &result.groups[r.group];
            (r.time_generated, r.interactive_logon_time, r.account.clone(), r.compromised_entity.clone(), g.count, g.alert_names.clone())
        }).collect();
        got.sort();
        prop_assert_eq!(got, reference(&alerts, &logons, &params));
        // Rows come out sorted by alert time, then logon time.
        let order: Vec<_> = result.rows.iter().map(|r| (r.time_generated, r.interactive_logon_time)).collect();
        let mut sorted = order.clone();
        sorted.sort();
        prop_assert_eq!(order, sorted);
    }
}
