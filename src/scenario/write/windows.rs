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
use crate::scenario::Scenario;

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

/// `DOMAIN\user` as WindowsEvent's TargetDomainName and TargetUserName: split at the first
/// backslash; no backslash, no domain.
pub(in crate::scenario) fn split_account(account: &str) -> (&str, &str) {
    account.split_once('\\').unwrap_or(("", account))
}

pub(in crate::scenario) fn windows_events(s: &Scenario, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer::new(out, s.config.event_format, &WINDOWS_COLUMNS)?;
    let mut bufs = EventBufs::default();
    let mut bag = Bag::default();
    for e in s.events() {
        if !s.routes_to_windows(e.computer) {
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
        w.row([
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
        ])?;
    }
    w.finish()
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
