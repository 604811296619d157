//! `huntbench summary`, `explain` and `sensitivity` through the binary: their JSON, a change of
//! each kind carried back into `huntbench hunt` options joining its pair, the curve against
//! `hunt --window Nm`, hostile text, and exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn huntbench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huntbench")).args(args).output().expect("runs")
}

/// The keys of a JSON object, sorted.
fn keys(v: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

fn json(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huntbench-explore-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A generated scenario's two exports, written by `huntbench gen`.
fn generated(seed: u64, difficulty: &str) -> Vec<String> {
    let dir = temp_dir(&format!("gen-{seed}"));
    let out = huntbench(&["gen", "--seed", &seed.to_string(), "--alerts", "60", "--events", "500", "--format", "csv", "--difficulty", difficulty, "--out", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    ["SecurityAlert.csv", "SecurityEvent.csv"].iter().map(|f| dir.join(f).to_string_lossy().into_owned()).collect()
}

/// `hunt` options that apply one `change` of the JSON to the seed query. `--logon-type` and
/// `--alert-name` replace the seed's, so the seed's are given again.
fn options_for(change: &Value) -> Vec<String> {
    let (key, value) = change.as_object().unwrap().iter().next().unwrap();
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    match key.as_str() {
        "window" => vec!["--window".into(), text(value)],
        "logon_type" => vec!["--logon-type".into(), "10".into(), "--logon-type".into(), text(value)],
        "event_id" => vec!["--event-id".into(), text(value)],
        "normalize_hosts" => vec!["--normalize-hosts".into()],
        "alert_name" => huntbench::engine::SEED_ALERT_NAMES
            .iter()
            .map(|n| n.to_string())
            .chain([text(value)])
            .flat_map(|n| ["--alert-name".to_string(), n])
            .collect(),
        other => panic!("unknown change {other}"),
    }
}

/// Whether `hunt` with `options` returns the entry's pair as a row.
fn hunt_joins(files: &[String], options: &[String], entry: &Value) -> bool {
    let args: Vec<&str> = ["hunt", "--format", "json"].into_iter().chain(options.iter().map(String::as_str)).chain(files.iter().map(String::as_str)).collect();
    let rows = json(&huntbench(&args));
    rows.as_array().unwrap().iter().any(|r| {
        r["TimeGenerated"] == entry["TimeGenerated"]
            && r["Interactivelogontime"] == entry["Interactivelogontime"]
            && r["CompromisedEntity"] == entry["CompromisedEntity"]
            && r["AccountCustomEntity"] == entry["Account"]
    })
}

#[test]
fn explain_json_and_one_change_of_each_kind_through_hunt() {
    let files = generated(5, "normal");
    let args: Vec<&str> = ["explain", "--format", "json"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let out = huntbench(&args);
    let entries = json(&out);
    let entries = entries.as_array().unwrap();
    assert!(!entries.is_empty());
    let mut want = ["TimeGenerated", "CompromisedEntity", "Interactivelogontime", "Computer", "Account", "EventID", "LogonType", "reason", "change"];
    want.sort_unstable();
    for e in entries {
        assert_eq!(keys(e), want, "{e}");
        assert_eq!(e["TimeGenerated"].as_str().unwrap().len(), "2026-03-02T09:00:00.0000000Z".len());
        assert!(e["reason"].as_str().is_some_and(|r| !r.is_empty()));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{} near miss(es)", entries.len())), "{stderr}");
    let mut tried = Vec::new();
    for kind in ["window", "logon_type", "event_id", "normalize_hosts", "alert_name"] {
        let entry = entries
            .iter()
            .find(|e| e["change"].as_object().is_some_and(|c| c.contains_key(kind)))
            .unwrap_or_else(|| panic!("no '{kind}' change in {entries:#?}"));
        assert!(!hunt_joins(&files, &[], entry), "the seed query joins {entry}");
        assert!(hunt_joins(&files, &options_for(&entry["change"]), entry), "{} does not join {entry}", entry["change"]);
        tried.push(entry["change"].clone());
    }
    let before = entries.iter().find(|e| e["reason"].as_str().unwrap().contains("before the alert")).expect("a logon before its alert");
    assert_eq!(before["change"], Value::Null);
    assert!(tried[0]["window"].as_str().unwrap().ends_with('m'));
    assert_eq!(tried[2], serde_json::json!({"event_id": 4625}));
    assert_eq!(tried[3], serde_json::json!({"normalize_hosts": true}));
}

#[test]
fn sensitivity_equals_hunt_with_each_window() {
    let files = generated(6, "hard");
    let args: Vec<&str> = ["sensitivity", "--max", "30m", "--format", "json"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let points = json(&huntbench(&args));
    let points = points.as_array().unwrap();
    assert_eq!(points.len(), 31);
    for n in [0usize, 1, 14, 15, 16, 17, 30] {
        assert_eq!(keys(&points[n]), ["groups", "rows", "window_minutes"]);
        assert_eq!(points[n]["window_minutes"], n);
        let window = format!("{n}m");
        let args: Vec<&str> = ["hunt", "--format", "json", "--window", &window].into_iter().chain(files.iter().map(String::as_str)).collect();
        let rows = json(&huntbench(&args));
        assert_eq!(points[n]["rows"], rows.as_array().unwrap().len(), "{n}m");
    }
    let args: Vec<&str> = ["sensitivity"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let table = String::from_utf8(huntbench(&args).stdout).unwrap();
    assert_eq!(table.lines().count(), 1 + 121, "a header and 0m to 120m by default");
    assert!(table.lines().nth(16).unwrap().starts_with("15m "), "{table}");
}

#[test]
fn summary_json_has_the_issues_shape() {
    let files = generated(7, "easy");
    let args: Vec<&str> = ["summary", "--format", "json"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let s = json(&huntbench(&args));
    assert_eq!(keys(&s), ["alert_names", "alerts_span", "hosts", "logons", "logons_span", "normalization_pairs"]);
    assert_eq!(keys(&s["hosts"]), ["alerts_only", "both", "both_if_normalized", "logons_only"]);
    assert_eq!(keys(&s["alert_names"][0]), ["count", "matched", "name"]);
    assert_eq!(keys(&s["logons"][0]), ["count", "event_id", "logon_type"]);
    let names = s["alert_names"].as_array().unwrap();
    assert!(names.iter().any(|n| n["matched"] == true) && names.iter().any(|n| n["matched"] == false));
    let alerts: u64 = names.iter().map(|n| n["count"].as_u64().unwrap()).sum();
    assert!(alerts >= 60);
    assert!(s["logons"].as_array().unwrap().iter().any(|k| k["event_id"] == 4624 && k["logon_type"] == 10));
    assert_eq!(s["alerts_span"].as_array().unwrap().len(), 2);
    assert!(s["logons_span"][0].as_str().unwrap().ends_with('Z'));

    // Alerts only: no logon span, and the warning on stderr.
    let out = huntbench(&["summary", "--format", "json", &files[0]]);
    assert_eq!(json(&out)["logons_span"], Value::Null);
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: no SecurityEvent or WindowsEvent rows"));
}

#[test]
fn hostile_text_is_inert_in_every_table() {
    let dir = temp_dir("hostile");
    let alerts = dir.join("alerts.csv");
    let events = dir.join("events.jsonl");
    std::fs::write(&alerts, "TimeGenerated,AlertName,CompromisedEntity\n2026-03-02 09:00:00,\"Recon\u{1b}[2J\u{202E}\",\"WS01\u{1b}]0;x\u{7}\"\n").unwrap();
    std::fs::write(
        &events,
        "{\"TimeGenerated\":\"2026-03-02T09:05:00Z\",\"EventID\":4624,\"LogonType\":10,\"Account\":\"a\\u001b[31m\",\"Computer\":\"ws01\\u001b]0;x\\u0007\"}\n",
    )
    .unwrap();
    let (a, e) = (alerts.to_str().unwrap(), events.to_str().unwrap());
    for args in [vec!["summary", a, e], vec!["explain", a, e], vec!["sensitivity", "--max", "5m", a, e]] {
        let out = huntbench(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}') && !stdout.contains('\u{202E}'), "{args:?}: {stdout}");
    }
    let stdout = String::from_utf8(huntbench(&["explain", a, e]).stdout).unwrap();
    assert!(stdout.contains("add the alert name 'Recon\u{FFFD}[2J\u{FFFD}'"), "{stdout}");
    let entries = json(&huntbench(&["explain", "--format", "json", a, e]));
    assert_eq!(entries[0]["change"]["alert_name"], "Recon\u{1b}[2J\u{202E}", "JSON keeps the exact value");
}

#[test]
fn exit_codes() {
    let files = generated(8, "easy");
    let f = files[0].as_str();
    assert_eq!(huntbench(&["sensitivity", "--max", "90s", f]).status.code(), Some(2));
    assert_eq!(huntbench(&["sensitivity", "--max", "8d", f]).status.code(), Some(2));
    assert_eq!(huntbench(&["sensitivity", "--max", "7d", "--format", "json", f]).status.code(), Some(0));
    assert_eq!(huntbench(&["summary", "--format", "csv", f]).status.code(), Some(2));
    assert_eq!(huntbench(&["explain"]).status.code(), Some(2));
    assert_eq!(huntbench(&["explain", "--window", "-5m", f]).status.code(), Some(2));
    for command in ["summary", "explain", "sensitivity"] {
        assert_eq!(huntbench(&[command, f, "/nonexistent/file.csv"]).status.code(), Some(1), "{command}");
    }
}
