//! What the readers keep for RDP sessions: each session field from each format, the same
//! SecurityEvent rows giving the same events from CSV, API JSON, JSON arrays and JSON Lines
//! (keys in any order), Mordor `Message` parsing, WindowsEvent EventData and UserData, portal
//! dates settled late, files given up or removed, and hostile values kept exactly.

use serde_json::{json, Value};

use huntbench::engine::sessions;
use huntbench::ingest::{ReadOptions, Workbench};

use crate::fixtures::load;

/// Each stored session event as `EventID host key=value...`, its non-empty fields only.
fn stored(bench: &Workbench) -> Vec<String> {
    let (events, pool) = (&bench.data.sessions, &bench.data.strings);
    (0..events.len())
        .map(|i| {
            let e = events.get(i);
            let mut out = format!("{} {} {}", e.event_id, pool.resolve(e.host), e.time.to_iso());
            if let Some(lt) = e.logon_type {
                out.push_str(&format!(" lt={lt}"));
            }
            for (key, sym) in [
                ("channel", e.channel),
                ("tli", e.target_logon_id),
                ("linked", e.target_linked_logon_id),
                ("lid", e.logon_id),
                ("account", e.account),
                ("ip", e.ip_address),
                ("sn", e.session_name),
                ("cn", e.client_name),
                ("ca", e.client_address),
                ("ws", e.workstation_name),
                ("elevated", e.elevated_token),
                ("sid", e.session_id),
                ("activity", e.activity_id),
                ("user", e.user),
                ("address", e.address),
                ("reason", e.reason),
                ("source", e.source),
                ("et", e.event_time),
            ] {
                let text = pool.resolve(sym);
                if !text.is_empty() {
                    out.push_str(&format!(" {key}={text}"));
                }
            }
            out
        })
        .collect()
}

const HEADER: [&str; 19] = [
    "TimeGenerated",
    "Account",
    "Computer",
    "EventID",
    "LogonType",
    "IpAddress",
    "Channel",
    "EventSourceName",
    "TargetLogonId",
    "TargetLinkedLogonId",
    "LogonID",
    "SessionName",
    "ClientName",
    "ClientAddress",
    "WorkstationName",
    "ElevatedToken",
    "AccountName",
    "AccountDomain",
    "EventData",
];

const XML: &str = "<EventData xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><Data Name=\"TargetLogonId\">0xa2</Data><Data Name=\"SessionId\">2</Data></EventData>";

/// SecurityEvent rows: an RDP logon, a disconnect and reconnect with hostile values, a lock
/// whose SessionId is in the EventData XML, a logoff naming only its provider, and rows with no
/// session role (a 4688, Sysmon's 23).
fn security_rows() -> Vec<[&'static str; 19]> {
    vec![
        ["2026-03-02T09:00:00Z", "CONTOSO\\alice", "ws01", "4624", "10", "203.0.113.7", "Security", "Microsoft-Windows-Security-Auditing", "0xa1", "0xa2", "", "", "", "", "WS01", "%%1842", "", "", XML],
        ["2026-03-02T09:01:00Z", "CONTOSO\\alice", "ws01", "4779", "", "", "Security", "", "", "", "0xa2", "RDP-Tcp#0", "=HYPERLINK(\"x\")", "203.0.113.7", "", "", "alice ", "CONTOSO", ""],
        ["2026-03-02T09:02:00Z", "CONTOSO\\alice", "ws01", "4778", "", "", "security", "", "", "", "0xa2", "RDP-Tcp#1", "laptop\u{202E}\u{1b}[2J", "198.51.100.9", "", "", "alice", "", ""],
        ["2026-03-02T09:03:00Z", "CONTOSO\\alice", "ws01", "4800", "", "", "Security", "", "0xa2", "", "", "", "", "", "", "", "", "", XML],
        ["2026-03-02T09:04:00Z", "CONTOSO\\alice", "ws01", "4634", "10", "", "", "Microsoft-Windows-Security-Auditing", "0xa2", "", "", "", "", "", "", "", "", "", ""],
        ["2026-03-02T09:05:00Z", "CONTOSO\\alice", "ws01", "4688", "", "", "Security", "", "0xa2", "", "", "", "", "", "", "", "", "", XML],
        ["2026-03-02T09:06:00Z", "CONTOSO\\alice", "ws01", "23", "", "", "Microsoft-Windows-Sysmon/Operational", "", "0xa2", "", "", "", "", "", "", "", "", "", ""],
    ]
}

fn security_expected() -> Vec<String> {
    [
        "4624 ws01 2026-03-02T09:00:00.0000000Z lt=10 channel=Security tli=0xa1 linked=0xa2 account=CONTOSO\\alice ip=203.0.113.7 ws=WS01 elevated=%%1842",
        "4779 ws01 2026-03-02T09:01:00.0000000Z channel=Security lid=0xa2 account=CONTOSO\\alice  sn=RDP-Tcp#0 cn==HYPERLINK(\"x\") ca=203.0.113.7",
        "4778 ws01 2026-03-02T09:02:00.0000000Z channel=security lid=0xa2 account=alice sn=RDP-Tcp#1 cn=laptop\u{202E}\u{1b}[2J ca=198.51.100.9",
        "4800 ws01 2026-03-02T09:03:00.0000000Z channel=Security tli=0xa2 account=CONTOSO\\alice sid=2",
        "4634 ws01 2026-03-02T09:04:00.0000000Z lt=10 channel=Microsoft-Windows-Security-Auditing tli=0xa2 account=CONTOSO\\alice",
    ]
    .map(String::from)
    .to_vec()
}

/// The first `width` columns of the rows as CSV.
fn csv_of(rows: &[[&str; 19]], width: usize) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&HEADER[..width]).unwrap();
    for row in rows {
        w.write_record(&row[..width]).unwrap();
    }
    w.into_inner().unwrap()
}

/// A record object with the keys in `order` (positions into `HEADER`).
fn object(row: &[&str; 19], order: &[usize]) -> Value {
    let mut fields: Vec<String> = Vec::new();
    for &i in order {
        let value = match HEADER[i] {
            "EventID" | "LogonType" if !row[i].is_empty() => json!(row[i].parse::<i64>().unwrap()),
            _ => json!(row[i]),
        };
        fields.push(format!("{}:{}", json!(HEADER[i]), value));
    }
    serde_json::from_str(&format!("{{{}}}", fields.join(","))).unwrap()
}

#[test]
fn security_event_fields_are_the_same_from_every_format() {
    let rows = security_rows();
    let forward: Vec<usize> = (0..HEADER.len()).collect();
    // Channel and EventID last: the session values come before the row's role is known.
    let mut late: Vec<usize> = (0..HEADER.len()).filter(|&i| !matches!(HEADER[i], "Channel" | "EventID")).collect();
    late.extend([3, 6]);
    let api = json!({"tables": [{"name": "PrimaryResult",
        "columns": HEADER.iter().map(|c| json!({"name": c, "type": "string"})).collect::<Vec<_>>(),
        "rows": rows.iter().map(|r| r.to_vec()).collect::<Vec<_>>()}]});
    let array: Vec<Value> = rows.iter().map(|r| object(r, &late)).collect();
    let lines = |order: &[usize]| -> String { rows.iter().map(|r| format!("{}\n", object(r, order))).collect() };
    let first = |order: &[usize]| -> String {
        // A first record that binds the file, then the rows.
        format!("{}\n{}", object(&rows[5], order), lines(order))
    };
    for (name, bytes) in [
        ("events.csv", csv_of(&rows, HEADER.len())),
        ("api.json", api.to_string().into_bytes()),
        ("array.json", serde_json::to_vec(&array).unwrap()),
        ("forward.jsonl", first(&forward).into_bytes()),
        ("late.jsonl", first(&late).into_bytes()),
    ] {
        let bench = load(&[(name, &bytes)]);
        assert_eq!(bench.files[0].error, None, "{name}");
        assert_eq!(stored(&bench), security_expected(), "{name}");
        let counts: Vec<(String, u64)> = bench.files[0].session_sources.iter().map(|s| (s.source.clone(), s.events)).collect();
        assert_eq!(counts, [("Security logons/logoffs".to_string(), 2), ("Security disconnects/reconnects/locks".to_string(), 3)], "{name}");
        assert!(!bench.files[0].collector_times);
    }
}

#[test]
fn the_logon_side_is_the_same_with_or_without_session_columns() {
    let rows = security_rows();
    let with = load(&[("with.csv", &csv_of(&rows, HEADER.len()))]);
    let without = load(&[("without.csv", &csv_of(&rows, 6))]);
    let columns = |bench: &Workbench| {
        let (l, pool) = (&bench.data.logons, &bench.data.strings);
        (0..l.len())
            .map(|i| {
                let text = |sym| pool.resolve(sym).to_string();
                (l.time[i], l.event_id[i], l.logon_type[i], text(l.account[i]), text(l.computer[i]), text(l.ip_address[i]), l.origin[i].line)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(columns(&with), columns(&without));
    assert_eq!(with.files[0].warnings, without.files[0].warnings, "session columns are never reported missing");
    assert_eq!(without.data.sessions.len(), 5, "without them, the rows with a role are still stored");
}

const LSM: &str = "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational";
const RCM: &str = "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational";

/// A Mordor record: `Message` first, as NXLog writes most of them (or last), then the keys.
fn mordor(message_first: bool, (ms, channel, id, message, keys): &(u32, &str, i64, &str, Value)) -> String {
    let mut fields = vec![
        format!("\"EventID\":{id}"),
        format!("\"Channel\":{}", json!(channel)),
        "\"Hostname\":\"WORKSTATION5.theshire.local\"".to_string(),
        format!("\"@timestamp\":\"2020-09-04T07:08:{:02}.{:03}Z\"", ms / 1000, ms % 1000),
        format!("\"EventTime\":\"2020-09-04 03:07:{:02}\"", ms / 1000),
    ];
    fields.extend(keys.as_object().unwrap().iter().map(|(k, v)| format!("{}:{v}", json!(k))));
    let message = format!("\"Message\":{}", json!(message));
    if message_first {
        fields.insert(0, message);
    } else {
        fields.push(message);
    }
    format!("{{{}}}\n", fields.join(","))
}

#[test]
fn mordor_records_give_their_fields_and_messages() {
    let service = json!({"AccountName": "SYSTEM", "Domain": "NT AUTHORITY"});
    let records = [
        (1000, "Microsoft-Windows-Sysmon/Operational", 22, "User: THESHIRE\\pgustavo\r\nSession ID: 2", json!({})),
        (2000, LSM, 21, "Remote Desktop Services: Session logon succeeded:\r\n\r\nUser: THESHIRE\\p\u{1b}[2J \r\nSession ID: 2\r\nSource Network Address: 1.2.3.4", json!({"ActivityID": "{F4207320}", "AccountName": "SYSTEM"})),
        (3000, LSM, 40, "Session 2 has been disconnected, reason code 5", json!({"ActivityID": "{F42087CD}"})),
        (4000, LSM, 39, "Session 2 has been disconnected by session 3", service.clone()),
        (5000, RCM, 1149, "Remote Desktop Services: User authentication succeeded:\r\n\r\nUser: pgustavo\r\nDomain: theshire\r\nSource Network Address: 1.2.3.4", json!({"ActivityID": "{F42087CD}", "AccountName": "NETWORK SERVICE"})),
        (6000, "security", 4778, "A session was reconnected...", json!({"AccountName": "pgustavo", "AccountDomain": "THESHIRE", "LogonID": "0x10ac67", "SessionName": "RDP-Tcp#5", "ClientName": "robertos-mbp", "ClientAddress": "1.2.3.4", "ActivityID": "{3AF69DEC}"})),
        (7000, "security", 4801, "The workstation was unlocked.", json!({"TargetLogonId": "0x10ac67", "SessionId": "2", "TargetUserName": "pgustavo", "TargetDomainName": "THESHIRE"})),
        (8000, "Security", 4624, "An account was successfully logged on.", json!({"TargetLogonId": "0xa96e8", "TargetLinkedLogonId": "0xa992d", "LogonType": "10", "ElevatedToken": "%%1842", "WorkstationName": "WORKSTATION5", "IpAddress": "1.2.3.4", "TargetUserName": "pgustavo", "TargetDomainName": "THESHIRE"})),
        (9000, "System", 25, "The boot menu policy was 0x1.", json!({})),
        (9500, "System", 6005, "The Event log service was started.", json!({})),
    ];
    let file: String = records.iter().map(|r| mordor(true, r)).collect();
    let bench = load(&[("mordor.jsonl", file.as_bytes())]);
    assert_eq!(bench.files[0].table.as_deref(), Some("OTRF/Mordor Windows events"));
    let host = "WORKSTATION5.theshire.local";
    let expected: Vec<String> = [
        format!("21 {host} 2020-09-04T07:08:02.0000000Z channel={LSM} sid=2 activity={{F4207320}} user=THESHIRE\\p\u{1b}[2J  address=1.2.3.4 et=2020-09-04 03:07:02"),
        format!("40 {host} 2020-09-04T07:08:03.0000000Z channel={LSM} sid=2 activity={{F42087CD}} reason=5 et=2020-09-04 03:07:03"),
        format!("39 {host} 2020-09-04T07:08:04.0000000Z channel={LSM} sid=2 source=3 et=2020-09-04 03:07:04"),
        format!("1149 {host} 2020-09-04T07:08:05.0000000Z channel={RCM} activity={{F42087CD}} user=theshire\\pgustavo address=1.2.3.4 et=2020-09-04 03:07:05"),
        format!("4778 {host} 2020-09-04T07:08:06.0000000Z channel=security lid=0x10ac67 account=THESHIRE\\pgustavo sn=RDP-Tcp#5 cn=robertos-mbp ca=1.2.3.4 et=2020-09-04 03:07:06"),
        format!("4801 {host} 2020-09-04T07:08:07.0000000Z channel=security tli=0x10ac67 account=THESHIRE\\pgustavo sid=2 et=2020-09-04 03:07:07"),
        format!("4624 {host} 2020-09-04T07:08:08.0000000Z lt=10 channel=Security tli=0xa96e8 linked=0xa992d account=THESHIRE\\pgustavo ip=1.2.3.4 ws=WORKSTATION5 elevated=%%1842 et=2020-09-04 03:07:08"),
        format!("6005 {host} 2020-09-04T07:08:09.5000000Z channel=System et=2020-09-04 03:07:09"),
    ]
    .to_vec();
    assert_eq!(stored(&bench), expected);
    assert!(bench.files[0].collector_times, "Mordor times are the collector's");
    // The same records with Message last read the same.
    let moved: String = records.iter().map(|r| mordor(false, r)).collect();
    assert_eq!(stored(&load(&[("moved.jsonl", moved.as_bytes())])), expected);
}

#[test]
fn windows_events_read_event_data_user_data_and_correlation() {
    let row = |id: i64, channel: &str, provider: &str, data: Value, extra: Value| -> String {
        let mut record = json!({"TimeGenerated": "2026-03-02T09:00:00Z", "Computer": "ws01", "EventID": id, "Channel": channel, "Provider": provider, "EventData": data});
        for (k, v) in extra.as_object().unwrap() {
            record[k] = v.clone();
        }
        format!("{record}\n")
    };
    let file: String = [
        row(4624, "Security", "", json!({"TargetUserName": "alice", "TargetDomainName": "CONTOSO", "LogonType": "10", "IpAddress": "203.0.113.7", "TargetLogonId": "0xa1", "TargetLinkedLogonId": "0x0", "ElevatedToken": "%%1843", "WorkstationName": "WS01"}), json!({})),
        row(4779, "Security", "", json!({"AccountName": "alice", "AccountDomain": "CONTOSO", "LogonID": "0xa1", "SessionName": "RDP-Tcp#0", "ClientName": "laptop", "ClientAddress": "203.0.113.7"}), json!({})),
        row(4801, "Security", "", json!({"TargetUserName": "alice", "TargetDomainName": "CONTOSO", "TargetLogonId": "0xa1", "SessionId": 2}), json!({})),
        row(24, LSM, "", json!({"User": "CONTOSO\\alice", "SessionID": 2, "Address": "203.0.113.7"}), json!({"Correlation": "{\"ActivityID\":\"{AB}\"}"})),
        row(23, "", "Microsoft-Windows-TerminalServices-LocalSessionManager", json!({"User": "CONTOSO\\alice", "SessionID": "2"}), json!({})),
        row(1149, RCM, "", Value::Null, json!({"UserData": {"EventXML": {"Param1": "alice", "Param2": "CONTOSO", "Param3": "203.0.113.7"}}, "Correlation": "{CD}"})),
        row(40, LSM, "", Value::Null, json!({"UserData": {"EventXML": {"Session": 2, "Reason": 5}}})),
        row(39, LSM, "", Value::Null, json!({"UserData": {"EventXML": {"TargetSession": 2, "Source": 3}}})),
        row(4688, "Security", "", json!({"TargetLogonId": "0xa1"}), json!({})),
    ]
    .concat();
    let bench = load(&[("windows.jsonl", file.as_bytes())]);
    assert_eq!(bench.files[0].table.as_deref(), Some("WindowsEvent"));
    let t = "2026-03-02T09:00:00.0000000Z";
    assert_eq!(
        stored(&bench),
        [
            format!("4624 ws01 {t} lt=10 channel=Security tli=0xa1 linked=0x0 account=CONTOSO\\alice ip=203.0.113.7 ws=WS01 elevated=%%1843"),
            format!("4779 ws01 {t} channel=Security lid=0xa1 account=CONTOSO\\alice sn=RDP-Tcp#0 cn=laptop ca=203.0.113.7"),
            format!("4801 ws01 {t} channel=Security tli=0xa1 account=CONTOSO\\alice sid=2"),
            format!("24 ws01 {t} channel={LSM} sid=2 activity={{AB}} user=CONTOSO\\alice address=203.0.113.7"),
            format!("23 ws01 {t} channel=Microsoft-Windows-TerminalServices-LocalSessionManager sid=2 user=CONTOSO\\alice"),
            format!("1149 ws01 {t} channel={RCM} activity={{CD}} user=CONTOSO\\alice address=203.0.113.7"),
            format!("40 ws01 {t} channel={LSM} sid=2 reason=5"),
            format!("39 ws01 {t} channel={LSM} sid=2 source=3"),
        ]
    );
    // The logon side maps as before: the LSM rows have no account of their own.
    let l = &bench.data.logons;
    assert_eq!(l.len(), 9);
    assert_eq!(bench.data.strings.resolve(l.account[3]), "");
}

#[test]
fn evtx_logons_keep_their_session_fields() {
    let path = crate::fixtures::shared("realdata/evtx-attack-samples/DE_RDP_Tunneling_4624.evtx");
    let mut bench = Workbench::new();
    bench.load("tunneling.evtx", std::fs::File::open(path).unwrap(), &ReadOptions::default());
    let all = stored(&bench);
    assert_eq!(all.len(), 18, "every record is a 4624");
    assert_eq!(all[14], "4624 PC02.example.corp 2019-02-13T15:26:53.3567809Z lt=10 channel=Security tli=0x45120 account=PC02\\IEUser ip=127.0.0.1 ws=PC02");
}

const PORTAL_HEADER: &str = "TimeGenerated [UTC],Account,Computer,EventID,LogonType,TargetLogonId,Channel\n";

#[test]
fn portal_dates_settle_the_session_times_and_drop_with_their_rows() {
    // 13/2 settles day-first; 29/2/2026 is no date (no leap year) and goes, with its session event.
    let file = format!(
        "{PORTAL_HEADER}\"13/2/2026, 9:00:00.000 AM\",C\\a,ws01,4624,10,0x1,Security\n\"29/2/2026, 9:00:00.000 AM\",C\\a,ws01,4634,10,0x1,Security\n\"14/2/2026, 9:00:00.000 AM\",C\\a,ws01,4688,,0x1,Security\n\"14/2/2026, 10:00:00.000 AM\",C\\a,ws01,4647,,0x1,Security\n"
    );
    let bench = load(&[("portal.csv", file.as_bytes())]);
    let r = &bench.files[0];
    assert_eq!((r.rows_loaded, r.rows_skipped), (3, 1));
    assert_eq!(
        stored(&bench),
        [
            "4624 ws01 2026-02-13T09:00:00.0000000Z lt=10 channel=Security tli=0x1 account=C\\a",
            "4647 ws01 2026-02-14T10:00:00.0000000Z channel=Security tli=0x1 account=C\\a",
        ]
    );
    assert_eq!(r.session_sources.iter().map(|s| s.events).sum::<u64>(), 2);
    let set = sessions::build(&bench.data.sessions, &bench.data.strings, false);
    assert_eq!(set.sessions[0].end.unwrap().to_iso(), "2026-02-14T10:00:00.0000000Z");
}

#[test]
fn a_file_given_up_or_removed_keeps_no_session_events() {
    let mixed = format!("{PORTAL_HEADER}\"13/2/2026, 9:00:00.000 AM\",C\\a,ws01,4624,10,0x1,Security\n\"2/13/2026, 9:00:00.000 AM\",C\\a,ws01,4634,10,0x1,Security\n");
    let good = "TimeGenerated,Account,Computer,EventID,LogonType,TargetLogonId\n2026-03-02T09:00:00Z,C\\b,ws02,4624,10,0x2\n";
    let mut bench = load(&[("mixed.csv", mixed.as_bytes()), ("good.csv", good.as_bytes())]);
    assert!(bench.files[0].error.is_some());
    assert!(bench.files[0].session_sources.is_empty());
    assert_eq!(stored(&bench), ["4624 ws02 2026-03-02T09:00:00.0000000Z lt=10 tli=0x2 account=C\\b"]);
    let file = bench.files[1].file;
    bench.remove(file);
    assert!(bench.data.sessions.is_empty());
    assert_eq!(bench.data.sessions.last_seen().count(), 0);
}

#[test]
fn the_data_of_a_host_ends_at_its_last_row_of_any_event() {
    let file = "TimeGenerated,Account,Computer,EventID,LogonType,TargetLogonId\n2026-03-02T09:00:00Z,C\\a,ws01,4624,10,0x1\n2026-03-02T11:00:00Z,C\\a,WS01,4688,,\n2026-03-02T12:00:00Z,C\\a,ws02,4688,,\n";
    let bench = load(&[("events.csv", file.as_bytes())]);
    assert_eq!(bench.data.sessions.len(), 1);
    let set = sessions::build(&bench.data.sessions, &bench.data.strings, false);
    assert_eq!(set.sessions[0].data_ends.to_iso(), "2026-03-02T11:00:00.0000000Z", "WS01 = ws01, and ws02 is another host");
}
