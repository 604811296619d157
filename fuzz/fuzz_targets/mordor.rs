//! OTRF/Mordor (NXLog) Windows events mapped onto SecurityEvent: structured records with keys
//! present or absent, numbers as numbers or strings, written as JSON Lines or a JSON array.
#![no_main]
use arbitrary::Arbitrary;
use huntbench_fuzz::gen::{write, Layout, Num, Text, Time, DOMAINS, HOSTS, USERS};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

#[derive(Arbitrary, Debug)]
struct Row {
    time: Option<Time>,
    host: Option<Text>,
    event_id: Option<Num>,
    logon_type: Option<Num>,
    user: Option<Text>,
    domain: Option<Text>,
    ip: Option<Text>,
    extra: Option<(String, Num)>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    array: bool,
    rows: Vec<Row>,
}

const COLUMNS: [&str; 8] = ["@timestamp", "Hostname", "EventID", "LogonType", "TargetUserName", "TargetDomainName", "IpAddress", "SourceModuleName"];

fuzz_target!(|input: Input| {
    let records: Vec<Map<String, Value>> = input
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut m = Map::new();
            // The first record binds the file: it always has the keys that make it Mordor.
            let first = i == 0;
            if let Some(t) = &r.time { m.insert("@timestamp".into(), json!(t.text())); } else if first { m.insert("@timestamp".into(), json!("2020-09-04T03:10:02.123Z")); }
            if let Some(h) = &r.host { m.insert("Hostname".into(), json!(h.get(&HOSTS))); } else if first { m.insert("Hostname".into(), json!("W5")); }
            if let Some(e) = &r.event_id { m.insert("EventID".into(), e.value()); } else if first { m.insert("EventID".into(), json!(4624)); }
            if let Some(t) = &r.logon_type { m.insert("LogonType".into(), t.value()); }
            if let Some(u) = &r.user { m.insert("TargetUserName".into(), json!(u.get(&USERS))); }
            if let Some(d) = &r.domain { m.insert("TargetDomainName".into(), json!(d.get(&DOMAINS))); }
            if let Some(ip) = &r.ip { m.insert("IpAddress".into(), json!(ip.get(&["10.1.2.3", "-", "::1"]))); }
            m.insert("SourceModuleName".into(), json!("eventlog"));
            if let Some((k, v)) = &r.extra { m.insert(k.clone(), v.value()); }
            m
        })
        .collect();
    let layout = if input.array { Layout::Array } else { Layout::Lines };
    let bytes = write(layout, &COLUMNS, &records);
    let bench = huntbench_fuzz::load_and_check("mordor.json", &bytes);
    for r in &bench.files {
        if r.rows_loaded > 0 {
            assert_eq!(r.table.as_deref(), Some("OTRF/Mordor Windows events"), "{r:#?}");
            assert!(r.mapping.is_some(), "{r:#?}");
        }
    }
});
