//! The spec's two real examples (shared/realdata/otrf), encoded by hand from the spec's text as
//! events with their collector times (`@timestamp`) and, where the spec names none, the
//! neighbouring records of the same files that the rules must leave out or take in (Sysmon
//! 22/23, System 25, the boots, the NLA logons). `check_empire` and `check_taskmanager` hold the
//! expected sessions; `real` checks the files themselves against them, through the readers.

use serde_json::{json, Value};

use huntbench::engine::sessions::{self, SessionsJson};

use super::*;

const HOST: &str = "WORKSTATION5.theshire.local";
const SYSMON: &str = "Microsoft-Windows-Sysmon/Operational";

/// Milliseconds from `t(0)` to an ISO time.
fn ms(iso: &str) -> i64 {
    let time = chrono::DateTime::parse_from_rfc3339(iso).unwrap();
    let base = chrono::DateTime::parse_from_rfc3339(&t(0).to_iso()).unwrap();
    (time - base).num_milliseconds()
}

fn on_host(events: Vec<Ev>) -> Vec<Ev> {
    events.into_iter().map(|e| e.on(HOST)).collect()
}

fn json_of(events: &[Ev]) -> Value {
    let (pool, set) = build(events);
    serde_json::to_value(SessionsJson::new(&set, &pool, &|_| "otrf.json".into())).unwrap()
}

/// Evidence as `EventID@time`, in order.
fn evidence(session: &Value) -> Vec<String> {
    session["Evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}@{}", e["EventID"], &e["Time"].as_str().unwrap()[11..23]))
        .collect()
}

fn marks(session: &Value) -> Vec<String> {
    session["Marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{} {} {}", m["Kind"].as_str().unwrap(), &m["Time"].as_str().unwrap()[11..23], m["LogonId"].as_str().unwrap()))
        .collect()
}

fn stretches(session: &Value) -> Vec<String> {
    let time = |v: &Value| v.as_str().map_or("?".to_string(), |s| s[11..23].to_string());
    session["Stretches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {}..{} {}/{}/{} {}",
                s["State"].as_str().unwrap(),
                time(&s["From"]),
                time(&s["To"]),
                s["SessionName"].as_str().unwrap(),
                s["ClientName"].as_str().unwrap(),
                s["ClientAddress"].as_str().unwrap(),
                s["Reason"]
            )
        })
        .collect()
}

/// The empire zip's sessions, as `SessionsJson` (collector times; file names not compared).
pub fn check_empire(value: &Value) {
    assert_eq!(value["unattached"], json!([]), "no 1149 of this session is unattached");
    let sessions = value["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);

    let before = &sessions[0];
    assert_eq!(
        (&before["Host"], &before["Account"], &before["LogonIds"], &before["Source"]),
        (&json!("WORKSTATION5.THESHIRE.LOCAL"), &json!("theshire\\pgustavo"), &json!(["0x1e3237"]), &json!("Security"))
    );
    assert_eq!(
        (&before["Start"], &before["End"], &before["EndCause"], &before["DurationSeconds"]),
        (&Value::Null, &json!("2020-09-04T07:07:20.2240000Z"), &json!("logoff 4647"), &Value::Null)
    );
    assert_eq!(evidence(before), ["23@07:07:20.213", "4647@07:07:20.224"]);
    assert_eq!(before["Evidence"][0]["EventTime"], "2020-09-04 03:07:18");

    let s = &sessions[1];
    assert_eq!(
        (&s["Account"], &s["LogonIds"], &s["Source"], &s["SourceAddress"], &s["ClientName"]),
        (&json!("theshire\\pgustavo"), &json!(["0xa96e8", "0xa992d"]), &json!("Security"), &json!("1.2.3.4"), &json!("robertos-mbp"))
    );
    assert_eq!(
        (&s["Start"], &s["End"], &s["EndCause"], &s["DurationSeconds"]),
        (&json!("2020-09-04T07:09:22.5580000Z"), &Value::Null, &json!("unknown"), &Value::Null)
    );
    assert_eq!(
        evidence(s),
        [
            "261@07:08:06.106",
            "1149@07:08:16.936",
            "41@07:08:22.322",
            "42@07:08:22.324",
            "21@07:08:23.381",
            "22@07:08:24.460",
            "261@07:08:35.226",
            "1149@07:08:35.229",
            "40@07:08:35.229",
            "24@07:08:36.257",
            "25@07:08:37.278",
            "4624@07:09:21.668",
            "4624@07:09:22.558",
            "4624@07:09:22.558",
            "4624@07:09:30.858",
            "4779@07:09:30.859",
            "4800@07:09:30.860",
            "4778@07:09:30.862",
            "4624@07:09:31.230",
            "4624@07:09:31.230",
            "4801@07:09:31.230",
            "4634@07:09:31.231",
            "4634@07:09:31.231",
            "4624@07:09:31.231",
            "4624@07:09:31.231",
            "4634@07:09:31.231",
            "4634@07:09:31.231",
            "4634@07:09:31.236",
        ]
    );
    assert_eq!(
        marks(s),
        [
            "nla 07:09:21.668 0x88bf7",
            "nla 07:09:30.858 0xf4513",
            "lock 07:09:30.860 0xa992d",
            "reconnect 07:09:31.230 0x104ea4",
            "reconnect 07:09:31.230 0x10512d",
            "unlock 07:09:31.230 0xa992d",
            "reconnect 07:09:31.231 0x105bfe",
            "reconnect 07:09:31.231 0x105f4e",
        ]
    );
    assert_eq!(
        stretches(s),
        [
            "connected 07:09:22.558..07:09:30.859 RDP-Tcp#0/robertos-mbp/1.2.3.4 null",
            "disconnected 07:09:30.859..07:09:30.862 RDP-Tcp#0/robertos-mbp/1.2.3.4 \"5\"",
            "connected 07:09:30.862..? RDP-Tcp#1/robertos-mbp/1.2.3.4 null",
        ]
    );
}

#[test]
fn the_empire_zip() {
    let first = "{F4207320-5A40-4CA1-99C7-8C290B800000}";
    let second = "{F42087CD-13D6-422E-9ADD-152465240000}";
    let lsm_at = |iso, id, sid| lsm(ms(iso), id, sid);
    let events = on_host(vec![
        // Before the data's session: the shutdown, then its logoff.
        other(ms("2020-09-04T07:07:19.118Z"), LSM, 54).event_time("2020-09-04 03:07:17"),
        other(ms("2020-09-04T07:07:19.160Z"), SYSTEM, 1074),
        lsm_at("2020-09-04T07:07:20.213Z", 23, "2").act("{F42091BB-54A5-42FA-A8D0-3175A2290000}").event_time("2020-09-04 03:07:18"),
        user_logoff(ms("2020-09-04T07:07:20.224Z"), "0x1e3237").event_time("2020-09-04 03:07:18"),
        // The reboot, and what is not LSM.
        other(ms("2020-09-04T07:08:06.073Z"), SYSTEM, 6009),
        other(ms("2020-09-04T07:08:06.083Z"), SYSTEM, 6005),
        other(ms("2020-09-04T07:08:06.097Z"), SYSTEM, 25),
        listener(ms("2020-09-04T07:08:06.106Z")).act(first),
        other(ms("2020-09-04T07:08:09.251Z"), SECURITY, 1100),
        other(ms("2020-09-04T07:08:10.291Z"), SYSMON, 23),
        other(ms("2020-09-04T07:08:11.450Z"), "security", 4608),
        // The first connection.
        auth(ms("2020-09-04T07:08:16.936Z")).user("theshire\\pgustavo").act(first),
        Ev { sid: "2", user: USER, ..other(ms("2020-09-04T07:08:22.322Z"), LSM, 41) }.act(first),
        Ev { sid: "2", user: USER, ..other(ms("2020-09-04T07:08:22.324Z"), LSM, 42) }.act(first),
        lsm_at("2020-09-04T07:08:23.381Z", 21, "2").act(first),
        lsm_at("2020-09-04T07:08:24.460Z", 22, "2").act(first),
        // The reconnect.
        listener(ms("2020-09-04T07:08:35.226Z")).act(second),
        auth(ms("2020-09-04T07:08:35.229Z")).user("THESHIRE\\pgustavo").act(second),
        reason(ms("2020-09-04T07:08:35.229Z"), "2", "5").act(second),
        lsm_at("2020-09-04T07:08:36.257Z", 24, "2").act(second),
        lsm_at("2020-09-04T07:08:37.278Z", 25, "2").act(second),
        other(ms("2020-09-04T07:09:20.895Z"), SYSMON, 22),
        // Security: NLA, the linked logons, the reconnect seen from Security, lock and unlock.
        logon(ms("2020-09-04T07:09:21.668Z"), 3, "0x88bf7").channel("security").elevated(true),
        logon(ms("2020-09-04T07:09:22.558Z"), 10, "0xa96e8").linked("0xa992d").elevated(true).channel("security"),
        logon(ms("2020-09-04T07:09:22.558Z"), 10, "0xa992d").linked("0xa96e8").channel("security"),
        logon(ms("2020-09-04T07:09:30.858Z"), 3, "0xf4513").channel("security").elevated(true),
        disconnect(ms("2020-09-04T07:09:30.859Z"), "0xa992d", "RDP-Tcp#0").channel("security"),
        lock(ms("2020-09-04T07:09:30.860Z"), "0xa992d", "2").channel("security"),
        reconnect(ms("2020-09-04T07:09:30.862Z"), "0xa992d", "RDP-Tcp#1").channel("security"),
        logon(ms("2020-09-04T07:09:31.230Z"), 7, "0x104ea4").linked("0x10512d").elevated(true).channel("security"),
        logon(ms("2020-09-04T07:09:31.230Z"), 7, "0x10512d").linked("0x104ea4").channel("security"),
        unlock(ms("2020-09-04T07:09:31.230Z"), "0xa992d", "2").channel("security"),
        logoff(ms("2020-09-04T07:09:31.231Z"), "0x10512d").lt(Some(7)).channel("security"),
        logoff(ms("2020-09-04T07:09:31.231Z"), "0x104ea4").lt(Some(7)).channel("security"),
        logon(ms("2020-09-04T07:09:31.231Z"), 7, "0x105bfe").linked("0x105f4e").ip("-").elevated(true).channel("security"),
        logon(ms("2020-09-04T07:09:31.231Z"), 7, "0x105f4e").linked("0x105bfe").ip("-").channel("security"),
        logoff(ms("2020-09-04T07:09:31.231Z"), "0x105f4e").lt(Some(7)).channel("security"),
        logoff(ms("2020-09-04T07:09:31.231Z"), "0x105bfe").lt(Some(7)).channel("security"),
        logoff(ms("2020-09-04T07:09:31.236Z"), "0x88bf7").lt(Some(3)).channel("security"),
        other(ms("2020-09-04T07:09:34.023Z"), SYSMON, 23),
    ]);
    check_empire(&json_of(&events));

    // The hunt's row (the 4624 of 0xa96e8) finds this session.
    let (pool, set) = build(&events);
    let index = sessions::SessionIndex::new(&set, &pool);
    let host = sessions::host_key(HOST, false);
    assert_eq!(index.of_logon(&pool, &host, "0xa96e8", at(ms("2020-09-04T07:09:22.558Z"))), Some(1));
    assert!(set.sessions[1].end_text().starts_with("no logoff in the data; the data of this host ends at 2020-09-04T07:09:34.0230000Z"));
}

#[test]
fn the_rdp_interactive_taskmanager_lsass_dump_zip() {
    let connection = "{F4203C58-E6F6-49F2-A326-0CB02C0E0000}";
    let events = on_host(vec![
        listener(ms("2020-09-22T08:37:56.581Z")).act(connection),
        logon(ms("2020-09-22T08:38:03.665Z"), 3, "0xc3e079").channel("security").event_time("2020-09-22 04:38:02"),
        auth(ms("2020-09-22T08:38:04.676Z")).act(connection),
        reason(ms("2020-09-22T08:38:04.679Z"), "2", "5").act(connection),
        lsm(ms("2020-09-22T08:38:04.681Z"), 25, "2").act(connection),
        reconnect(ms("2020-09-22T08:38:05.699Z"), "0x10ac67", "RDP-Tcp#5").channel("security"),
        logon(ms("2020-09-22T08:38:05.724Z"), 3, "0x7203044").ip("172.18.39.5").channel("security"),
        logon(ms("2020-09-22T08:38:06.820Z"), 7, "0xc47279").linked("0xc47666").channel("security"),
        logon(ms("2020-09-22T08:38:06.823Z"), 7, "0xc47666").linked("0xc47279").elevated(true).channel("security"),
        unlock(ms("2020-09-22T08:38:06.829Z"), "0x10ac67", "2").channel("security"),
        logoff(ms("2020-09-22T08:38:06.830Z"), "0xc47666").lt(Some(7)).channel("security"),
        logoff(ms("2020-09-22T08:38:06.831Z"), "0xc47279").lt(Some(7)).channel("security"),
        logon(ms("2020-09-22T08:38:06.867Z"), 7, "0xc47c05").linked("0xc49e51").ip("-").channel("security"),
        logon(ms("2020-09-22T08:38:06.869Z"), 7, "0xc49e51").linked("0xc47c05").ip("-").elevated(true).channel("security"),
        logoff(ms("2020-09-22T08:38:06.872Z"), "0xc49e51").lt(Some(7)).channel("security"),
        logoff(ms("2020-09-22T08:38:06.878Z"), "0xc47c05").lt(Some(7)).channel("security"),
        logoff(ms("2020-09-22T08:38:49.127Z"), "0x7203044").lt(Some(3)).channel("security"),
    ]);
    check_taskmanager(&json_of(&events));
}

/// The rdp_interactive_taskmanager_lsass_dump zip's one session, as `SessionsJson`.
pub fn check_taskmanager(value: &Value) {
    assert_eq!(value["unattached"], json!([]));
    let sessions = value["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "one session");
    let s = &sessions[0];
    assert_eq!(
        (&s["LogonIds"], &s["Source"], &s["Start"], &s["End"], &s["EndCause"]),
        (&json!(["0x10ac67"]), &json!("Security"), &Value::Null, &Value::Null, &json!("unknown"))
    );
    assert_eq!((&s["Account"], &s["SourceAddress"], &s["ClientName"]), (&json!("theshire\\pgustavo"), &json!("1.2.3.4"), &json!("robertos-mbp")));
    assert_eq!(
        evidence(s),
        [
            "261@08:37:56.581",
            "4624@08:38:03.665",
            "1149@08:38:04.676",
            "40@08:38:04.679",
            "25@08:38:04.681",
            "4778@08:38:05.699",
            "4624@08:38:06.820",
            "4624@08:38:06.823",
            "4801@08:38:06.829",
            "4634@08:38:06.830",
            "4634@08:38:06.831",
            "4624@08:38:06.867",
            "4624@08:38:06.869",
            "4634@08:38:06.872",
            "4634@08:38:06.878",
        ]
    );
    assert_eq!(s["Evidence"][1]["EventTime"], "2020-09-22 04:38:02");
    assert_eq!(
        marks(s),
        [
            "nla 08:38:03.665 0xc3e079",
            "reconnect 08:38:06.820 0xc47279",
            "reconnect 08:38:06.823 0xc47666",
            "unlock 08:38:06.829 0x10ac67",
            "reconnect 08:38:06.867 0xc47c05",
            "reconnect 08:38:06.869 0xc49e51",
        ]
    );
    assert_eq!(
        stretches(s),
        ["disconnected ?..08:38:05.699 // \"5\"", "connected 08:38:05.699..? RDP-Tcp#5/robertos-mbp/1.2.3.4 null"]
    );
}
