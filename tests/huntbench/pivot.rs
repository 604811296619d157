//! `engine::pivot`: an account or an address followed across hosts (a chain A → B → C → D),
//! the alerts on the hosts it reached, the session of each hunt row's logon (also on one line of
//! a compact JSON export), and sessions narrowed to a host or an account.

use huntbench::engine::pivot::{filter_sessions, pivot, sessions_of_rows, AlertReason, Entity, Pivot, PivotJson};
use huntbench::engine::sessions::{self, SessionSet};
use huntbench::engine::{self, HuntParams};
use huntbench::ingest::Workbench;

use crate::fixtures::load;

pub const EVENTS: &str = "TimeGenerated,Account,Computer,EventID,LogonType,IpAddress,TargetLogonId,TargetLinkedLogonId,LogonID,ClientName,ClientAddress,Channel
2026-03-02T09:00:00Z,CONTOSO\\alice,HOSTA,4624,10,10.0.0.5,0x1,0x2,,,,Security
2026-03-02T09:00:00Z,CONTOSO\\alice,HOSTA,4624,10,10.0.0.5,0x2,0x1,,,,Security
2026-03-02T09:05:00Z,CONTOSO\\bob,HOSTZ,4624,10,10.0.0.10,0x9,,,,,Security
2026-03-02T09:10:00Z,CONTOSO\\Alice,HOSTB,4624,10,10.0.0.10,0x3,,,,,Security
2026-03-02T09:20:00Z,contoso\\alice,hostc,4624,3,10.0.0.11,0x4,,,,,Security
2026-03-02T09:30:00Z,CONTOSO\\alice,HOSTB,4634,10,,0x3,,,,,Security
2026-03-02T09:40:00Z,CONTOSO\\alice,HOSTD,4624,10,-,0x5,,,,,Security
2026-03-02T09:41:00Z,CONTOSO\\alice,HOSTD,4778,,,,,0x5,jump01,-,Security
";

pub const ALERTS: &str = "TimeGenerated,AlertName,CompromisedEntity
2026-03-02T08:00:00Z,Password Spray,HOSTZ
2026-03-02T08:55:00Z,Password Spray,HOSTB
2026-03-02T09:50:00Z,Anonymous IP address,10.0.0.10
2026-03-02T10:00:00Z,Something else,hosta
";

fn bench() -> (Workbench, SessionSet) {
    let bench = load(&[("alerts.csv", ALERTS.as_bytes()), ("events.csv", EVENTS.as_bytes())]);
    let set = sessions::build(&bench.data.sessions, &bench.data.strings, false);
    (bench, set)
}

/// `time from→to account LT` per step, times as `HH:MM`.
fn path(p: &Pivot) -> Vec<String> {
    p.path.iter().map(|s| format!("{} {}→{} {} {:?}", &s.time.to_iso()[11..16], s.from, s.to, s.account, s.logon_type)).collect()
}

/// The alerts (`CompromisedEntity why`) and logons (`HH:MM Computer`) of a pivot.
fn names(bench: &Workbench, p: &Pivot) -> (Vec<String>, Vec<String>) {
    let (d, pool) = (&bench.data, &bench.data.strings);
    let alerts = p.alerts.iter().map(|&(i, why)| format!("{} {}", pool.resolve(d.alerts.compromised_entity[i]), why.as_str())).collect();
    let logons = p.logons.iter().map(|&i| format!("{} {}", &d.logons.time[i].to_iso()[11..16], pool.resolve(d.logons.computer[i]))).collect();
    (alerts, logons)
}

fn sessions_of(set: &SessionSet, p: &Pivot) -> Vec<String> {
    p.sessions.iter().map(|&i| format!("{} {} {}", set.sessions[i].host, set.sessions[i].account, set.sessions[i].end_cause.as_str())).collect()
}

#[test]
fn an_account_is_followed_from_host_to_host() {
    let (bench, set) = bench();
    for entity in ["CONTOSO\\alice", "contoso\\ALICE"] {
        let p = pivot(&bench.data, &set, &Entity::Account(entity.into()), false);
        assert_eq!(
            path(&p),
            [
                "09:00 10.0.0.5→HOSTA contoso\\alice Some(10)",
                "09:10 10.0.0.10→HOSTB contoso\\alice Some(10)",
                "09:20 10.0.0.11→HOSTC contoso\\alice Some(3)",
                "09:40 jump01→HOSTD contoso\\alice Some(10)",
            ],
            "the linked pair is one step; an address of '-' gives way to the session's client name"
        );
        let (alerts, logons) = names(&bench, &p);
        assert_eq!(alerts, ["HOSTB on a host the entity reached", "hosta on a host the entity reached"]);
        assert_eq!(logons, ["09:00 HOSTA", "09:00 HOSTA", "09:10 HOSTB", "09:20 hostc", "09:30 HOSTB", "09:40 HOSTD", "09:41 HOSTD"]);
        assert_eq!(
            sessions_of(&set, &p),
            ["HOSTA contoso\\alice unknown", "HOSTB contoso\\alice logoff 4634", "HOSTD contoso\\alice unknown"]
        );
    }
}

#[test]
fn an_address_is_followed_too() {
    let (bench, set) = bench();
    let p = pivot(&bench.data, &set, &Entity::Address("10.0.0.10".into()), false);
    assert_eq!(path(&p), ["09:05 10.0.0.10→HOSTZ contoso\\bob Some(10)", "09:10 10.0.0.10→HOSTB contoso\\alice Some(10)"]);
    let (alerts, logons) = names(&bench, &p);
    assert_eq!(
        alerts,
        ["HOSTZ on a host the entity reached", "HOSTB on a host the entity reached", "10.0.0.10 the entity is its CompromisedEntity"]
    );
    assert_eq!(logons, ["09:05 HOSTZ", "09:10 HOSTB"]);
    assert_eq!(sessions_of(&set, &p), ["HOSTB contoso\\alice logoff 4634", "HOSTZ contoso\\bob unknown"]);
    assert_eq!(p.alerts[2].1, AlertReason::IsEntity);
    let none = pivot(&bench.data, &set, &Entity::Address("".into()), false);
    assert!(none.logons.is_empty() && none.path.is_empty(), "an empty address matches nothing");
}

#[test]
fn short_host_names_join_when_asked() {
    let events = "TimeGenerated,Account,Computer,EventID,LogonType,IpAddress,TargetLogonId\n2026-03-02T09:00:00Z,C\\a,ws01.contoso.com,4624,10,10.0.0.1,0x1\n";
    let bench = load(&[("a.csv", b"TimeGenerated,AlertName,CompromisedEntity\n2026-03-02T08:00:00Z,x,WS01\n"), ("e.csv", events.as_bytes())]);
    for (normalize, alerts) in [(false, 0), (true, 1)] {
        let set = sessions::build(&bench.data.sessions, &bench.data.strings, normalize);
        let p = pivot(&bench.data, &set, &Entity::Account("c\\a".into()), normalize);
        assert_eq!(p.alerts.len(), alerts, "normalize {normalize}");
        assert_eq!(p.path[0].to, if normalize { "WS01" } else { "WS01.CONTOSO.COM" });
    }
}

#[test]
fn pivot_json_has_the_four_lists() {
    let (bench, set) = bench();
    let p = pivot(&bench.data, &set, &Entity::Account("contoso\\alice".into()), false);
    let json = serde_json::to_value(PivotJson::new(&p, &bench.data, &set, &|id| bench.report(id).unwrap().name.clone())).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4);
    for key in ["alerts", "logons", "sessions", "path"] {
        assert!(json[key].is_array(), "{key}");
    }
    assert_eq!(
        json["path"][1],
        serde_json::json!({"Time": "2026-03-02T09:10:00.0000000Z", "From": "10.0.0.10", "To": "HOSTB", "Account": "contoso\\alice", "LogonType": 10})
    );
    assert_eq!(json["logons"][3]["Computer"], "hostc");
    assert_eq!((&json["logons"][3]["File"], &json["logons"][3]["Line"]), (&serde_json::json!("events.csv"), &serde_json::json!(6)));
    assert_eq!(json["alerts"][0]["Why"], "on a host the entity reached");
    assert_eq!(json["sessions"][1]["EndCause"], "logoff 4634");
}

#[test]
fn each_row_finds_the_session_its_logon_starts_even_on_one_line() {
    // A compact API export: every row on line 1, two RDP logons at the same tick on one host.
    let events = r#"{"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated"},{"name":"Account"},{"name":"Computer"},{"name":"EventID"},{"name":"LogonType"},{"name":"TargetLogonId"},{"name":"Channel"}],"rows":[["2026-03-02T09:01:00Z","C\\alice","ws01",4624,10,"0x1","Security"],["2026-03-02T09:01:00Z","C\\bob","ws01",4624,10,"0x2","Security"],["2026-03-02T09:02:00Z","C\\bob","ws01",4634,10,"0x2","Security"]]}]}"#;
    let bench = load(&[("a.csv", b"TimeGenerated,AlertName,CompromisedEntity\n2026-03-02T09:00:00Z,Password Spray,WS01\n"), ("e.json", events.as_bytes())]);
    let set = sessions::build(&bench.data.sessions, &bench.data.strings, false);
    let result = engine::run(&bench.data, &HuntParams::default());
    assert_eq!(result.rows.len(), 2);
    let found = sessions_of_rows(&result.rows, &bench.data, &set, false);
    for (row, session) in result.rows.iter().zip(&found) {
        let s = &set.sessions[session.expect("every row starts a session")];
        assert_eq!(s.account, row.account);
        assert_eq!(s.end_cause.as_str(), if row.account == "c\\bob" { "logoff 4634" } else { "unknown" });
    }
    let other = HuntParams { logon_types: vec![3], ..HuntParams::default() };
    assert!(sessions_of_rows(&engine::run(&bench.data, &other).rows, &bench.data, &set, false).is_empty());
}

#[test]
fn sessions_narrow_to_a_host_or_an_account() {
    let (bench, set) = bench();
    let hosts = |s: &SessionSet| s.sessions.iter().map(|s| s.host.clone()).collect::<Vec<_>>();
    assert_eq!(hosts(&filter_sessions(&set, &bench.data, Some("hostb"), None, false)), ["HOSTB"]);
    assert_eq!(hosts(&filter_sessions(&set, &bench.data, None, Some("CONTOSO\\BOB"), false)), ["HOSTZ"]);
    assert!(filter_sessions(&set, &bench.data, Some("HOSTB"), Some("contoso\\bob"), false).sessions.is_empty());
    assert_eq!(filter_sessions(&set, &bench.data, None, None, false), set);
    // A lone 1149 stays with its host and user.
    let lone = "TimeGenerated,Account,Computer,EventID,LogonType,Channel\n2026-03-02T09:00:00Z,,ws09,1149,,Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational\n";
    let bench = load(&[("lone.csv", lone.as_bytes())]);
    let set = sessions::build(&bench.data.sessions, &bench.data.strings, false);
    assert_eq!(set.unattached.len(), 1);
    assert_eq!(filter_sessions(&set, &bench.data, Some("WS09"), None, false).unattached.len(), 1);
    assert_eq!(filter_sessions(&set, &bench.data, Some("WS01"), None, false).unattached.len(), 0);
}
