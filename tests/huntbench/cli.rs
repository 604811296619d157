//! The `huntbench` binary: outputs, exit codes and messages.

use std::process::{Command, Output};

fn huntbench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huntbench")).args(args).output().expect("runs")
}

fn temp(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("huntbench-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

const ALERTS: &str = "TimeGenerated [UTC],AlertName,CompromisedEntity,WorkspaceSubscriptionId\n\
\"3/2/2026, 9:00:00.000 AM\",Atypical travel,ws01,s\n\
\"3/2/2026, 9:00:00.000 AM\",Password Spray,WS01,s\n\
\"3/20/2026, 9:00:00.000 AM\",=cmd|' /C calc'!A0,WS01,s\n";

const EVENTS: &str = r#"{"tables":[{"name":"PrimaryResult","columns":[
 {"name":"TimeGenerated","type":"datetime"},{"name":"EventID","type":"int"},{"name":"LogonType","type":"int"},
 {"name":"Account","type":"string"},{"name":"Computer","type":"string"},{"name":"IpAddress","type":"string"},
 {"name":"AccountType","type":"string"},{"name":"Activity","type":"string"}],"rows":[
 ["2026-03-02T09:14:59.9999999Z",4624,10,"CONTOSO\\Alice","ws01","-","User","4624 - An account was successfully logged on."],
 ["2026-03-02T09:15:00.0000001Z",4624,10,"CONTOSO\\Bob","ws01","203.0.113.9","User","4624 - An account was successfully logged on."]
]}]}"#;

#[test]
fn hunt_json_has_the_eight_columns_and_seven_digit_times() {
    let (a, e) = (temp("alerts.csv", ALERTS), temp("events.json", EVENTS));
    let out = huntbench(&["hunt", "--format", "json", &a, &e]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "one group (same tick, same upper-cased host), one logon in the window");
    assert_eq!(rows[0].as_object().unwrap().len(), 8);
    assert_eq!(rows[0]["Interactivelogontime"], "2026-03-02T09:14:59.9999999Z");
    assert_eq!(rows[0]["AccountCustomEntity"], "contoso\\alice");
    assert_eq!(rows[0]["CompromisedEntity"], "WS01");
    assert_eq!(rows[0]["TimeWindow"], "2026-03-02T09:15:00.0000000Z");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("portal CSV, SecurityAlert: 3 rows read, 3 loaded, 0 skipped"), "{stderr}");
}

#[test]
fn hunt_options_and_other_formats() {
    let (a, e) = (temp("alerts2.csv", ALERTS), temp("events2.json", EVENTS));
    let out = huntbench(&["hunt", "--window", "16m", "--format", "jsonl", &a, &e]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let out = huntbench(&["hunt", "--alert-name", "Malicious IP address", "--format", "csv", &a, &e]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1, "header only");
    let out = huntbench(&["hunt", "--logon-type", "3", &a, &e]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("(0 rows)"));
    assert_eq!(out.status.code(), Some(0), "no rows is still success");
    let out = huntbench(&["hunt", "--format", "csv", &a, &e]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.starts_with("TimeGenerated,Interactivelogontime,AccountCustomEntity,AccountType,CompromisedEntity,Activity,IpAddress,TimeWindow"));
    assert!(csv.contains(",'-,"), "a value starting with - is neutralised: {csv}");
    let out = huntbench(&["hunt", &a, &e]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("contoso\\alice"));
}

#[test]
fn exit_codes() {
    let a = temp("alerts3.csv", ALERTS);
    let junk = temp("junk.csv", "Name,Value\n1,2\n");
    assert_eq!(huntbench(&["hunt", &a]).status.code(), Some(0));
    let missing = huntbench(&["hunt", &a, "/nonexistent/file.csv"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/file.csv: error: cannot be read"));
    assert_eq!(huntbench(&["hunt", &junk]).status.code(), Some(1));
    assert_eq!(huntbench(&["hunt"]).status.code(), Some(2));
    assert_eq!(huntbench(&["hunt", "--window", "soon", &a]).status.code(), Some(2));
    assert_eq!(huntbench(&["hunt", "--format", "xml", &a]).status.code(), Some(2));
    assert_eq!(huntbench(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn ambiguous_dates_name_the_option() {
    let a = temp("ambiguous.csv", "TimeGenerated [UTC],AlertName,CompromisedEntity\n\"1/2/2026, 5:00:00.000 AM\",x,WS01\n");
    let out = huntbench(&["hunt", &a]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--date-order mdy|dmy"), "{stderr}");
    assert!(stderr.contains("'1/2/2026' reads as 2026-01-02T05:00:00.0000000Z with --date-order mdy"), "{stderr}");
    assert_eq!(huntbench(&["hunt", "--date-order", "dmy", &a]).status.code(), Some(0));
}

#[test]
fn inspect_prints_reports_with_skipped_lines() {
    let e = temp("bad.csv", "TimeGenerated,Account,Computer,EventID,LogonType\n\"3/31/2022, 14:51:35.857 PM\",a,b,4624,10\n");
    let out = huntbench(&["inspect", &e]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("bad.csv:2: skipped: TimeGenerated '3/31/2022, 14:51:35.857 PM' has hour 14 with PM"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "skipped rows are reported, not an error");
    let out = huntbench(&["inspect", "--json", &e]);
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports[0]["rows_skipped"], 1);
}

#[test]
fn kql_defaults_to_the_seed_and_follows_options() {
    let out = huntbench(&["kql"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("SecurityAlert\n| where AlertName has_any ('Atypical travel',"));
    assert!(text.trim_end().ends_with("| where Interactivelogontime between (TimeGenerated .. TimeWindow)"));
    let out = huntbench(&["kql", "--window", "1h", "--logon-type", "10", "--logon-type", "2", "--normalize-hosts"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("TimeGenerated + 1h") && text.contains("LogonType in (10, 2)") && text.contains("HostKey"));
}

#[test]
fn hostile_values_cannot_drive_the_terminal() {
    let a = temp("hostile.csv", "TimeGenerated,AlertName,CompromisedEntity\n2026-03-02 09:00:00,Atypical travel,\"WS01\u{1b}[2J\"\n");
    let e = temp(
        "hostile.jsonl",
        "{\"TimeGenerated\":\"2026-03-02T09:01:00Z\",\"EventID\":4624,\"LogonType\":10,\"Account\":\"x\",\"Computer\":\"ws01\\u001b[2j\"}\n",
    );
    let out = huntbench(&["hunt", &a, &e]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("WS01\u{FFFD}[2J"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'));
}

#[test]
fn real_exports_all_load_and_exit_zero() {
    let root = crate::fixtures::shared("realdata");
    let files: Vec<String> = [
        "msticpy/alertlist.csv",
        "msticpy/host_logons.csv",
        "msticpy/az_mon_raw_query.json",
        "azure-sentinel/Microsoft_Security Events_Authentication_IngestedLogs.csv",
        "azure-sentinel/RiskIQ_scenrio.json",
        "otrf/rdp_interactive_taskmanager_lsass_dump.zip",
        "otrf/empire_persistence_registry_modification_run_keys_standard_user.zip",
        "evtx-attack-samples/DE_RDP_Tunneling_4624.evtx",
        "evtx-attack-samples/DE_RDP_Tunnel_5156.evtx",
    ]
    .iter()
    .map(|p| root.join(p).to_string_lossy().into_owned())
    .collect();
    let args: Vec<&str> = ["hunt", "--format", "json"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let out = huntbench(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches(" rows read, ").count(), 9, "{stderr}");
}
