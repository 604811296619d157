//! WindowsEvent rows (logons inside an EventData property bag) mapped onto SecurityEvent:
//! structured records written as JSON Lines, a JSON array, API JSON or CSV.
#![no_main]
use arbitrary::Arbitrary;
use huntbench_fuzz::gen::{write, Layout, Num, Text, Time, DOMAINS, HOSTS, USERS};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

#[derive(Arbitrary, Debug)]
enum Bag {
    /// A property bag object.
    Object { user: Text, domain: Text, logon_type: Num, ip: Text, extra: Option<(String, Num)> },
    /// The bag as a JSON string (as Log Analytics keeps dynamic columns in CSV).
    Encoded { user: Text, logon_type: Num },
    /// Anything, as text.
    Raw(String),
    Null,
}

#[derive(Arbitrary, Debug)]
struct Row {
    time: Time,
    computer: Text,
    event_id: Num,
    bag: Bag,
}

#[derive(Arbitrary, Debug)]
struct Input {
    layout: Layout,
    rows: Vec<Row>,
}

const COLUMNS: [&str; 5] = ["TimeGenerated", "Computer", "EventID", "EventData", "Provider"];

fn bag(b: &Bag) -> Value {
    match b {
        Bag::Object { user, domain, logon_type, ip, extra } => {
            let mut m = Map::new();
            m.insert("TargetUserName".into(), json!(user.get(&USERS)));
            m.insert("TargetDomainName".into(), json!(domain.get(&DOMAINS)));
            m.insert("LogonType".into(), logon_type.value());
            m.insert("IpAddress".into(), json!(ip.get(&["10.1.2.3", "-", "::1"])));
            if let Some((k, v)) = extra {
                m.insert(k.clone(), v.value());
            }
            Value::Object(m)
        }
        Bag::Encoded { user, logon_type } => {
            json!(json!({ "TargetUserName": user.get(&USERS), "LogonType": logon_type.value() }).to_string())
        }
        Bag::Raw(s) => json!(s),
        Bag::Null => Value::Null,
    }
}

fuzz_target!(|input: Input| {
    let records: Vec<Map<String, Value>> = input
        .rows
        .iter()
        .map(|r| {
            let mut m = Map::new();
            m.insert("TimeGenerated".into(), json!(r.time.text()));
            m.insert("Computer".into(), json!(r.computer.get(&HOSTS)));
            m.insert("EventID".into(), r.event_id.value());
            m.insert("EventData".into(), bag(&r.bag));
            m.insert("Provider".into(), json!("Microsoft-Windows-Security-Auditing"));
            m
        })
        .collect();
    let bytes = write(input.layout, &COLUMNS, &records);
    let bench = huntbench_fuzz::load_and_check("windows-event", &bytes);
    // Mapped rows say what they are: the account type follows the user name's form.
    let l = &bench.data.logons;
    for i in 0..l.len() {
        let account = bench.data.strings.resolve(l.account[i]);
        let account_type = bench.data.strings.resolve(l.account_type[i]);
        match account_type {
            "" => assert!(account.is_empty() || account.ends_with('\\'), "{account:?}"),
            "Machine" => assert!(account.ends_with('$'), "{account:?}"),
            "User" => assert!(!account.ends_with('$'), "{account:?}"),
            other => panic!("account type {other:?}"),
        }
    }
});
