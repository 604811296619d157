//! RDP sessions from any session events: `sessions::build` never panics and places each event
//! at most once (in one session or unattached), whatever the channels, ids, logon ids, times
//! and texts; the JSON, the row look-up and `pivot` over the same data never panic either.
#![no_main]
use std::collections::HashSet;

use arbitrary::Arbitrary;
use huntbench::engine::pivot::{filter_sessions, pivot, sessions_of_rows, Entity};
use huntbench::engine::sessions::{self, SessionEvent, SessionsJson};
use huntbench::engine::time::{MAX_TICKS, TICKS_PER_MILLISECOND};
use huntbench::engine::{self, AlertRow, Dataset, FileId, HuntParams, LogonRow, Origin, Ticks};
use huntbench_fuzz::gen::{Text, HOSTS, USERS};
use libfuzzer_sys::fuzz_target;

/// 2020-09-04T07:08:00Z.
const BASE: i64 = 637_348_492_800_000_000;

const CHANNELS: [&str; 9] = [
    "Security",
    "security",
    "",
    "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
    "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational",
    "System",
    "User32",
    "Microsoft-Windows-Sysmon/Operational",
    "Microsoft-Windows-Security-Auditing",
];
const IDS: [i32; 26] = [
    4624, 4634, 4647, 4778, 4779, 4800, 4801, 4608, 4609, 1100, 21, 22, 23, 24, 25, 39, 40, 41, 42, 54, 1149, 261, 1074, 6005, 6009, 4688,
];
const LOGON_IDS: [&str; 8] = ["0x1", "0x2", "0X1", "0x00000001", "0x3", "0x0", "-", ""];
const ACCOUNTS: [&str; 5] = ["THESHIRE\\pgustavo", "theshire\\PGUSTAVO", "pgustavo@theshire.local", "OTHER\\bob", "-"];
const ADDRESSES: [&str; 5] = ["1.2.3.4", "LOCAL", "-", "::1", ""];
const NAMES: [&str; 4] = ["RDP-Tcp#0", "RDP-Tcp#1", "Console", ""];
const SMALL: [&str; 5] = ["2", "3", "%%1842", "%%1843", "{00000000-0000-0000-0000-000000000000}"];
const ACTIVITIES: [&str; 3] = ["{F4207320-5A40-4CA1-99C7-8C290B800000}", "{F42087CD-13D6-422E-9ADD-152465240000}", ""];

#[derive(Arbitrary, Debug)]
enum When {
    /// Milliseconds from the base: the 1 s, 30 s and 120 s windows and ties.
    Near(i16),
    /// Anywhere in Kusto's range.
    Anywhere(u64),
}

#[derive(Arbitrary, Debug)]
struct Event {
    host: Text,
    when: When,
    channel: u8,
    id: u8,
    raw_id: Option<i32>,
    logon_type: Option<u8>,
    target_logon_id: Text,
    linked: Text,
    logon_id: Text,
    account: Text,
    ip: Text,
    session_name: Text,
    client_name: Text,
    client_address: Text,
    elevated: Text,
    session_id: Text,
    activity: Text,
    user: Text,
    address: Text,
    reason: Text,
    source: Text,
    event_time: Text,
    /// Also a logon row, so result rows have sessions to find.
    logon_row: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    events: Vec<Event>,
    normalize_hosts: bool,
    entity: Text,
    address: bool,
}

fuzz_target!(|input: Input| {
    let mut data = Dataset::default();
    for (i, e) in input.events.iter().enumerate() {
        let time = match e.when {
            When::Near(ms) => Ticks(BASE + i64::from(ms) * 7 * TICKS_PER_MILLISECOND),
            When::Anywhere(t) => Ticks((t % (MAX_TICKS as u64 + 1)) as i64),
        };
        let origin = Origin { file: FileId((i % 2) as u32), line: i as u64 + 1 };
        let (host, account, ip) = (e.host.get(&HOSTS), e.account.get(&ACCOUNTS), e.ip.get(&ADDRESSES));
        let event_id = e.raw_id.unwrap_or(IDS[usize::from(e.id) % IDS.len()]);
        let logon_type = e.logon_type.map(|t| [2, 3, 7, 10, 12, 5][usize::from(t) % 6]);
        let texts = [
            e.target_logon_id.get(&LOGON_IDS),
            e.linked.get(&LOGON_IDS),
            e.logon_id.get(&LOGON_IDS),
            e.session_name.get(&NAMES),
            e.client_name.get(&USERS),
            e.client_address.get(&ADDRESSES),
            e.elevated.get(&SMALL),
            e.session_id.get(&SMALL),
            e.activity.get(&ACTIVITIES),
            e.user.get(&ACCOUNTS),
            e.address.get(&ADDRESSES),
            e.reason.get(&SMALL),
            e.source.get(&SMALL),
            e.event_time.get(&["2020-09-04 03:08:20", ""]),
        ];
        let [tli, linked, logon_id, session_name, client_name, client_address, elevated, session_id, activity, user, address, reason, source, event_time] =
            texts.each_ref().map(String::as_str);
        data.push_session(&SessionEvent {
            host: &host,
            time,
            channel: CHANNELS[usize::from(e.channel) % CHANNELS.len()],
            event_id: Some(event_id),
            logon_type,
            target_logon_id: tli,
            target_linked_logon_id: linked,
            logon_id,
            account: &account,
            ip_address: &ip,
            session_name,
            client_name,
            client_address,
            workstation_name: "",
            elevated_token: elevated,
            session_id,
            activity_id: activity,
            user,
            address,
            reason,
            source,
            event_time,
            origin,
        });
        if e.logon_row {
            data.push_logon(&LogonRow {
                time,
                event_id: Some(event_id),
                logon_type,
                account: &account,
                computer: &host,
                ip_address: &ip,
                account_type: "User",
                activity: "",
                logon_type_name: "",
                origin,
            });
        }
    }
    let normalize = input.normalize_hosts;
    let set = sessions::build(&data.sessions, &data.strings, normalize);
    let mut placed = HashSet::new();
    for e in set.sessions.iter().flat_map(|s| s.evidence.iter()).chain(set.unattached.iter()) {
        assert!(e.row < data.sessions.len(), "evidence names a stored event");
        assert!(placed.insert(e.row), "event {} is evidence twice", e.row);
    }
    for s in &set.sessions {
        assert!(!s.evidence.is_empty(), "a session has evidence");
        if let (Some(start), Some(end)) = (s.start, s.end) {
            assert!(start <= end, "a session ends at or after its start");
        }
        let _ = (s.start_text(), s.end_text(), s.duration_seconds());
    }
    let json = serde_json::to_string(&SessionsJson::new(&set, &data.strings, &|f| format!("file{}", f.0))).expect("serialises");
    assert!(json.starts_with("{\"sessions\":"));
    // A result row per logon, and the entity followed: nothing panics.
    let hosts: Vec<(String, Ticks)> =
        (0..data.logons.len()).map(|i| (data.strings.resolve(data.logons.computer[i]).to_string(), data.logons.time[i])).collect();
    for (host, t) in hosts {
        data.push_alert(&AlertRow { time: t, subscription: "", compromised_entity: &host, alert_name: "Password Spray", origin: Origin { file: FileId(9), line: 1 } });
    }
    let params = HuntParams { logon_types: vec![2, 3, 7, 10, 12, 5], normalize_hosts: normalize, ..HuntParams::default() };
    let rows = engine::run(&data, &params).rows;
    let found = sessions_of_rows(&rows, &data, &set, normalize);
    assert_eq!(found.len(), rows.len());
    let text = input.entity.get(&ACCOUNTS);
    let entity = if input.address { Entity::Address(text.clone()) } else { Entity::Account(text.clone()) };
    let p = pivot(&data, &set, &entity, normalize);
    assert!(p.path.windows(2).all(|w| w[0].time <= w[1].time), "the path is in time order");
    let _ = filter_sessions(&set, &data, Some(&text), Some(&text), normalize);
});
