//! The real files of shared/realdata through the readers: the OTRF zips give the spec's two
//! examples exactly (`examples::check_empire`, `check_taskmanager`), built by the engine and
//! printed by `huntbench sessions --format json`; each EVTX of evtx-attack-samples gives the one
//! open session its records imply, exactly.

use std::fs::File;
use std::process::Command;

use serde_json::{json, Value};

use huntbench::engine::sessions::{self, SessionSet, SessionsJson};
use huntbench::ingest::{ReadOptions, Workbench};

use super::examples::{check_empire, check_taskmanager};
use crate::fixtures::shared;

const EMPIRE: &str = "realdata/otrf/empire_persistence_registry_modification_run_keys_standard_user.zip";
const TASKMANAGER: &str = "realdata/otrf/rdp_interactive_taskmanager_lsass_dump.zip";
const TUNNELING: &str = "realdata/evtx-attack-samples/DE_RDP_Tunneling_4624.evtx";
const TUNNEL: &str = "realdata/evtx-attack-samples/DE_RDP_Tunnel_5156.evtx";

/// The files loaded under their paths in ../shared, and their sessions.
fn load(paths: &[&str]) -> (Workbench, SessionSet) {
    let mut bench = Workbench::new();
    for path in paths {
        bench.load(path, File::open(shared(path)).unwrap(), &ReadOptions::default());
    }
    let set = sessions::build(&bench.data.sessions, &bench.data.strings, false);
    (bench, set)
}

fn engine_json(paths: &[&str]) -> Value {
    let (bench, set) = load(paths);
    let name = |id| bench.report(id).unwrap().name.clone();
    serde_json::to_value(SessionsJson::new(&set, &bench.data.strings, &name)).unwrap()
}

fn cli_json(paths: &[&str], options: &[&str]) -> Value {
    let files: Vec<String> = paths.iter().map(|p| shared(p).to_string_lossy().into_owned()).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_huntbench"))
        .args(["sessions", "--format", "json"])
        .args(options)
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `(EventID, Line)` of each evidence item of a session.
fn lines(session: &Value) -> Vec<(i64, i64)> {
    session["Evidence"].as_array().unwrap().iter().map(|e| (e["EventID"].as_i64().unwrap(), e["Line"].as_i64().unwrap())).collect()
}

#[test]
fn the_empire_zip_from_the_file() {
    for value in [engine_json(&[EMPIRE]), cli_json(&[EMPIRE], &[])] {
        check_empire(&value);
        let s = &value["sessions"][1];
        assert!(lines(s).contains(&(4624, 23_653)), "the 4624 of 0xa96e8 is line 23653 of the member");
        let file = s["Evidence"][0]["File"].as_str().unwrap();
        assert!(file.ends_with("empire_persistence_registry_modification_run_keys_standard_user_2020-09-04030609.json"), "{file}");
    }
}

#[test]
fn the_taskmanager_zip_from_the_file() {
    for value in [engine_json(&[TASKMANAGER]), cli_json(&[TASKMANAGER], &[])] {
        check_taskmanager(&value);
        assert!(lines(&value["sessions"][0]).contains(&(4778, 239)), "the 4778 of 0x10ac67 is line 239");
    }
}

#[test]
fn both_zips_together_and_filtered() {
    let both = cli_json(&[EMPIRE, TASKMANAGER], &[]);
    assert_eq!(both["sessions"].as_array().unwrap().len(), 3);
    let host = cli_json(&[EMPIRE, TASKMANAGER], &["--host", "workstation5.theshire.local", "--account", "THESHIRE\\PGUSTAVO"]);
    assert_eq!(host, both);
    let short = cli_json(&[TASKMANAGER], &["--host", "workstation5", "--normalize-hosts"]);
    assert_eq!(short["sessions"].as_array().unwrap().len(), 1);
    let none = cli_json(&[TASKMANAGER], &["--host", "WORKSTATION5"]);
    assert_eq!(none, json!({"sessions": [], "unattached": []}), "without --normalize-hosts the short name is another host");
    let other = cli_json(&[TASKMANAGER], &["--account", "theshire\\someone"]);
    assert_eq!(other["sessions"], json!([]));
}

/// The one session of an EVTX file: a 4624 LogonType 10 from 127.0.0.1, nothing after it.
fn open_session(path: &str, host: &str, account: &str, id: &str, start: &str, line: u64) -> Value {
    json!({
        "sessions": [{
            "Host": host,
            "Account": account,
            "LogonIds": [id],
            "Source": "Security",
            "Start": start,
            "End": null,
            "EndCause": "unknown",
            "SourceAddress": "127.0.0.1",
            "ClientName": "",
            "DurationSeconds": null,
            "Stretches": [{"State": "connected", "From": start, "To": null, "SessionName": "", "ClientName": "", "ClientAddress": "127.0.0.1", "Reason": null}],
            "Marks": [],
            "Evidence": [{"EventID": 4624, "Channel": "Security", "Time": start, "EventTime": null, "File": path, "Line": line}],
        }],
        "unattached": [],
    })
}

#[test]
fn each_evtx_gives_its_one_open_session() {
    for (path, expected, data_ends) in [
        (
            TUNNELING,
            open_session(TUNNELING, "PC02.EXAMPLE.CORP", "pc02\\ieuser", "0x45120", "2019-02-13T15:26:53.3567809Z", 15),
            "2019-02-13T15:31:31.5568129Z",
        ),
        (
            TUNNEL,
            open_session(TUNNEL, "PC01.EXAMPLE.CORP", "example\\admin01", "0x14a321", "2019-02-13T18:04:58.3636968Z", 51),
            "",
        ),
    ] {
        assert_eq!(engine_json(&[path]), expected, "{path}");
        let (bench, set) = load(&[path]);
        // The data of the host ends at its last record, whatever its event.
        let last = bench.data.logons.time.iter().max().unwrap().to_iso();
        assert!(data_ends.is_empty() || data_ends == last, "{path}");
        assert_eq!(set.sessions[0].data_ends.to_iso(), last, "{path}");
        assert_eq!(set.sessions[0].end_text(), format!("no logoff in the data; the data of this host ends at {last}"));
    }
}

#[test]
fn the_reports_name_the_session_sources() {
    let (bench, _) = load(&[TASKMANAGER, TUNNEL]);
    let sources = |i: usize| -> Vec<(String, u64)> { bench.files[i].session_sources.iter().map(|s| (s.source.clone(), s.events)).collect() };
    let owned = |v: &[(&str, u64)]| -> Vec<(String, u64)> { v.iter().map(|(s, n)| (s.to_string(), *n)).collect() };
    assert_eq!(
        sources(0),
        owned(&[
            ("Security logons/logoffs", 32),
            ("Security disconnects/reconnects/locks", 2),
            ("LocalSessionManager", 2),
            ("RemoteConnectionManager", 2),
        ])
    );
    assert!(bench.files[0].collector_times);
    assert_eq!(sources(1), owned(&[("Security logons/logoffs", 5)]));
    assert!(!bench.files[1].collector_times);
    assert_eq!(bench.data.sessions.len(), 38 + 5);
}
