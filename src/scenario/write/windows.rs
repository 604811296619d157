//! The WindowsEvent export, as the WindowsForwardedEvents connector fills it: a few columns and an
//! EventData property bag (`Bag`) whose keys depend on the event (the mapping the readers undo:
//! Account from TargetDomainName and TargetUserName, and so on). With `Options::sessions` the
//! bags carry the session fields too (TargetLogonId, LogonID, SessionName, SessionId...).

use std::io::{self, Write};

use super::dress::{free, Dress};
use super::events::{event_text, names_logon_id, source_name, EventBufs, SessionText};
use super::json::json_string;
use super::{push_int, Cell, Kind, Writer};
use crate::scenario::vocab;
use crate::scenario::{Event, EventChannel, Scenario};

/// WindowsEvent, as the WindowsForwardedEvents connector fills it.
const WINDOWS_COLUMNS: [(&str, Kind); 12] = [
    ("TenantId", Kind::String),
    ("TimeGenerated", Kind::Datetime),
    ("Computer", Kind::String),
    ("EventID", Kind::Int),
    ("Channel", Kind::String),
    ("Provider", Kind::String),
    ("Task", Kind::Int),
    ("EventLevel", Kind::Int),
    ("EventLevelName", Kind::String),
    ("Keywords", Kind::String),
    ("EventData", Kind::Dynamic),
    ("Type", Kind::String),
];

const WITH_CORRELATION: usize = WINDOWS_COLUMNS.len() + 1;

/// `WINDOWS_COLUMNS`, then `Correlation` (the ActivityID of LSM and RCM events), with
/// `Options::sessions`.
const WINDOWS_SESSION_COLUMNS: [(&str, Kind); WITH_CORRELATION] = {
    let mut out = [("Correlation", Kind::String); WITH_CORRELATION];
    let mut i = 0;
    while i < WINDOWS_COLUMNS.len() {
        out[i] = WINDOWS_COLUMNS[i];
        i += 1;
    }
    out
};

/// `DOMAIN\user` as WindowsEvent's TargetDomainName and TargetUserName: split at the first
/// backslash; no backslash, no domain.
pub(in crate::scenario) fn split_account(account: &str) -> (&str, &str) {
    account.split_once('\\').unwrap_or(("", account))
}

pub(in crate::scenario) fn windows_events(s: &Scenario, out: &mut impl Write) -> io::Result<()> {
    if s.options.sessions {
        write_windows(s, out, &WINDOWS_SESSION_COLUMNS)
    } else {
        write_windows(s, out, &WINDOWS_COLUMNS)
    }
}

/// The export with `columns`: `WINDOWS_COLUMNS`, with or without `Correlation` after them.
fn write_windows<const N: usize>(s: &Scenario, out: &mut impl Write, columns: &'static [(&'static str, Kind); N]) -> io::Result<()> {
    let mut w = Writer::new(out, s.config.event_format, columns)?;
    let mut bufs = EventBufs::default();
    let mut bag = Bag::default();
    for e in s.events() {
        if !s.routes_to_windows(e.computer) {
            continue;
        }
        if e.session.channel != EventChannel::Security {
            let cells = service_row(s, &e, &mut bag);
            w.row_of(&cells[..N])?;
            continue;
        }
        let dress = Dress::of(e.hostile, w.nul_unsafe());
        let t = event_text(s, &e, dress, &mut bufs);
        let (domain, user) = split_account(t.account);
        let subject = free(dress, 1, "-");
        // The session fields, with `Options::sessions` (no row of the noise or of the other
        // stories has them otherwise, so their bags stay as they were).
        let session = s.options.sessions.then(|| SessionText::of(&e)).filter(|t| !t.logon_id.is_empty());
        let target_logon_id = session.as_ref().filter(|_| !names_logon_id(e.event_id)).map(|t| t.logon_id.as_str());
        bag.clear();
        match e.event_id {
            4624 | 4625 => {
                bag.add("SubjectUserSid", free(dress, 20, "S-1-0-0"));
                bag.add("SubjectUserName", subject);
                bag.add("SubjectDomainName", subject);
                bag.add("TargetUserName", user);
                bag.add("TargetDomainName", domain);
                bag.add_some("TargetLogonId", target_logon_id);
                if let Some(lt) = e.logon_type {
                    bag.add_int("LogonType", lt.into());
                }
                bag.add("LogonProcessName", t.logon_process);
                bag.add("AuthenticationPackageName", t.auth_package);
                bag.add("WorkstationName", t.workstation);
                bag.add("IpAddress", t.ip);
                if matches!(t.ip, "-" | "") {
                    bag.add("IpPort", "-");
                } else {
                    bag.add_int("IpPort", 49_152 + e.time.0.rem_euclid(16_000));
                }
                if let Some(text) = &session {
                    bag.add("TargetLinkedLogonId", &text.linked);
                    bag.add("ElevatedToken", text.elevated);
                }
                if e.event_id == 4625 {
                    bag.add("Status", free(dress, 21, "0xc000006d"));
                    bag.add("SubStatus", free(dress, 22, "0xc000006a"));
                }
            }
            4634 => {
                bag.add("TargetUserName", user);
                bag.add("TargetDomainName", domain);
                bag.add_some("TargetLogonId", target_logon_id);
                if let Some(lt) = e.logon_type {
                    bag.add_int("LogonType", lt.into());
                }
            }
            // Only the session stories write these (with `Options::sessions`).
            4647 | 4800 | 4801 => {
                bag.add("TargetUserName", user);
                bag.add("TargetDomainName", domain);
                bag.add_some("TargetLogonId", target_logon_id);
                if let Some(id) = e.session.session_id {
                    bag.add_int("SessionId", id.into());
                }
            }
            4778 | 4779 => {
                bag.add("AccountName", user);
                bag.add("AccountDomain", domain);
                bag.add("LogonID", session.as_ref().map_or("", |t| t.logon_id.as_str()));
                bag.add("SessionName", e.session.session_name);
                bag.add("ClientName", e.session.client_name);
                bag.add("ClientAddress", e.session.client_address);
            }
            4608 | 1100 => {}
            4648 => {
                bag.add("SubjectUserName", user);
                bag.add("SubjectDomainName", domain);
                bag.add("TargetUserName", user);
                bag.add("TargetDomainName", domain);
                bag.add("TargetServerName", free(dress, 20, "localhost"));
                bag.add("IpAddress", t.ip);
            }
            4672 => {
                bag.add("SubjectUserName", user);
                bag.add("SubjectDomainName", domain);
                bag.add("PrivilegeList", free(dress, 9, "SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeDebugPrivilege"));
            }
            _ => {
                bag.add("SubjectUserName", user);
                bag.add("SubjectDomainName", domain);
                bag.add("NewProcessName", free(dress, 9, "C:\\Windows\\System32\\cmd.exe"));
            }
        }
        if t.huge && !matches!(e.event_id, 4624 | 4625) {
            // Other events have no WorkstationName; this one carries the 1 MiB field anyway.
            bag.add("WorkstationName", t.workstation);
        }
        let failure = e.event_id == 4625;
        w.row_of(&[
            Cell::Text(free(dress, 0, &s.tenant)),
            Cell::Time(e.time),
            Cell::Text(t.computer),
            Cell::Int(i64::from(e.event_id)),
            Cell::Text(free(dress, 7, "Security")),
            Cell::Text(free(dress, 6, source_name(e.event_id))),
            Cell::Int(i64::from(vocab::task(e.event_id))),
            Cell::Int(0),
            Cell::Text(free(dress, 8, "Information")),
            Cell::Text(free(dress, 10, if failure { "Audit Failure" } else { "Audit Success" })),
            Cell::Bag(bag.finish()),
            Cell::Text(free(dress, 17, "WindowsEvent")),
            Cell::Text(""),
        ][..N])?;
    }
    w.finish()
}

/// The row of an LSM or RCM event (only the session stories write them, with
/// `Options::sessions`): their fields as the connector flattens UserData, and the ActivityID.
fn service_row<'a>(s: &'a Scenario, e: &Event<'a>, bag: &'a mut Bag) -> [Cell<'a>; WITH_CORRELATION] {
    let session_id = e.session.session_id.map(|id| id.to_string()).unwrap_or_default();
    bag.clear();
    match (e.session.channel, e.event_id) {
        (EventChannel::RemoteConnectionManager, _) => {
            let (domain, user) = split_account(e.account);
            bag.add("Param1", user);
            bag.add("Param2", domain);
            bag.add("Param3", e.ip);
        }
        (_, 40) => {
            bag.add("Session", &session_id);
            bag.add("Reason", e.session.reason);
        }
        (_, 23) => {
            bag.add("User", e.account);
            bag.add("SessionID", &session_id);
        }
        _ => {
            bag.add("User", e.account);
            bag.add("SessionID", &session_id);
            bag.add("Address", e.ip);
        }
    }
    let channel = e.session.channel.name();
    [
        Cell::Text(&s.tenant),
        Cell::Time(e.time),
        Cell::Text(e.computer),
        Cell::Int(i64::from(e.event_id)),
        Cell::Text(channel),
        Cell::Text(channel.trim_end_matches("/Operational")),
        Cell::Int(0),
        Cell::Int(4),
        Cell::Text("Information"),
        Cell::Text(""),
        Cell::Bag(bag.finish()),
        Cell::Text("WindowsEvent"),
        Cell::Text(e.session.activity_id),
    ]
}

/// A property bag's JSON text, built in place for each row. Values are strings, as the
/// connector writes them.
#[derive(Default)]
struct Bag {
    buf: Vec<u8>,
}

impl Bag {
    fn clear(&mut self) {
        self.buf.clear();
        self.buf.push(b'{');
    }

    fn key(&mut self, key: &str) {
        if self.buf.len() > 1 {
            self.buf.push(b',');
        }
        json_string(&mut self.buf, key);
        self.buf.push(b':');
    }

    fn add(&mut self, key: &str, value: &str) {
        self.key(key);
        json_string(&mut self.buf, value);
    }

    /// Adds the field when it has a value.
    fn add_some(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.add(key, value);
        }
    }

    fn add_int(&mut self, key: &str, value: i64) {
        self.key(key);
        self.buf.push(b'"');
        push_int(&mut self.buf, value);
        self.buf.push(b'"');
    }

    fn finish(&mut self) -> &str {
        self.buf.push(b'}');
        std::str::from_utf8(&self.buf).expect("JSON text of UTF-8 strings")
    }
}
