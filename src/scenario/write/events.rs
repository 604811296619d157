//! The SecurityEvent export: its columns and rows, and the texts of an event row as both event
//! exports write them (`EventText`, hostile where the row is dressed; `SessionText`, the session
//! columns written after the others with `Options::sessions`).

use std::io::{self, Write};

use super::dress::{free, Dress};
use super::{Cell, Kind, Writer};
use crate::scenario::vocab;
use crate::scenario::{Event, Scenario, WindowsEvents};

const EVENT_COLUMNS: [(&str, Kind); 18] = [
    ("TenantId", Kind::String),
    ("TimeGenerated", Kind::Datetime),
    ("SourceSystem", Kind::String),
    ("Account", Kind::String),
    ("AccountType", Kind::String),
    ("Computer", Kind::String),
    ("EventSourceName", Kind::String),
    ("Channel", Kind::String),
    ("Task", Kind::Int),
    ("EventID", Kind::Int),
    ("Activity", Kind::String),
    ("AuthenticationPackageName", Kind::String),
    ("IpAddress", Kind::String),
    ("LogonProcessName", Kind::String),
    ("LogonType", Kind::Int),
    ("LogonTypeName", Kind::String),
    ("WorkstationName", Kind::String),
    ("Type", Kind::String),
];

/// The columns sessions are rebuilt from, after the others (with `Options::sessions`).
/// SecurityEvent has no SessionId column: 4800/4801 carry it in WindowsEvent's EventData only.
const SESSION_COLUMNS: [(&str, Kind); 7] = [
    ("TargetLogonId", Kind::String),
    ("TargetLinkedLogonId", Kind::String),
    ("ElevatedToken", Kind::String),
    ("LogonID", Kind::String),
    ("SessionName", Kind::String),
    ("ClientName", Kind::String),
    ("ClientAddress", Kind::String),
];

const ALL_COLUMNS: usize = EVENT_COLUMNS.len() + SESSION_COLUMNS.len();

/// `EVENT_COLUMNS`, then `SESSION_COLUMNS`.
const EVENT_SESSION_COLUMNS: [(&str, Kind); ALL_COLUMNS] = {
    let mut out = [("", Kind::String); ALL_COLUMNS];
    let mut i = 0;
    while i < ALL_COLUMNS {
        out[i] = if i < EVENT_COLUMNS.len() { EVENT_COLUMNS[i] } else { SESSION_COLUMNS[i - EVENT_COLUMNS.len()] };
        i += 1;
    }
    out
};

/// `EventSourceName` (WindowsEvent's `Provider`) of an event.
pub(super) fn source_name(event_id: i32) -> &'static str {
    match event_id {
        1100 => "Microsoft-Windows-Eventlog",
        _ => "Microsoft-Windows-Security-Auditing",
    }
}

/// The texts of an event's session columns.
pub(super) struct SessionText {
    /// TargetLogonId, or LogonID for 4778/4779.
    pub(super) logon_id: String,
    pub(super) linked: String,
    pub(super) elevated: &'static str,
}

impl SessionText {
    pub(super) fn of(e: &Event<'_>) -> SessionText {
        SessionText { logon_id: e.session.logon_id_text(), linked: e.session.linked_text(), elevated: e.session.elevated_text() }
    }
}

/// Whether an event names its logon in LogonID rather than TargetLogonId.
pub(super) fn names_logon_id(event_id: i32) -> bool {
    matches!(event_id, 4778 | 4779)
}

/// The texts of one event row, hostile where the row is dressed.
pub(super) struct EventText<'e> {
    pub(super) account: &'e str,
    pub(super) computer: &'e str,
    pub(super) ip: &'e str,
    pub(super) workstation: &'e str,
    pub(super) logon_process: &'e str,
    pub(super) auth_package: &'e str,
    /// The workstation is `hostile::huge_field`.
    pub(super) huge: bool,
}

/// Scratch space for the prefixed values of a dressed event.
#[derive(Default)]
pub(super) struct EventBufs {
    account: String,
    computer: String,
}

pub(super) fn event_text<'e>(s: &'e Scenario, e: &Event<'e>, dress: Option<Dress>, bufs: &'e mut EventBufs) -> EventText<'e> {
    let Some(d) = dress else {
        return EventText {
            account: e.account,
            computer: e.computer,
            ip: e.ip,
            workstation: e.workstation,
            logon_process: e.logon_process,
            auth_package: e.auth_package,
            huge: false,
        };
    };
    let huge = d.all && s.hostile_rows.huge_event == Some(d.row);
    let workstation = if huge { s.hostile_text.huge.as_str() } else { d.pick(16) };
    EventText {
        account: d.prefixed(3, e.account, &mut bufs.account),
        computer: d.prefixed(5, e.computer, &mut bufs.computer),
        ip: d.key(12, e.ip),
        workstation,
        logon_process: d.pick(13),
        auth_package: d.pick(11),
        huge,
    }
}

pub(in crate::scenario) fn events(s: &Scenario, out: &mut impl Write) -> io::Result<()> {
    if s.options.sessions {
        write_events(s, out, &EVENT_SESSION_COLUMNS)
    } else {
        write_events(s, out, &EVENT_COLUMNS)
    }
}

/// The export with `columns`: `EVENT_COLUMNS`, with or without `SESSION_COLUMNS` after them.
fn write_events<const N: usize>(s: &Scenario, out: &mut impl Write, columns: &'static [(&'static str, Kind); N]) -> io::Result<()> {
    let mut w = Writer::new(out, s.config.event_format, columns)?;
    let mut bufs = EventBufs::default();
    let split = s.options.windows_events != WindowsEvents::Off;
    for e in s.events() {
        if split && s.routes_to_windows(e.computer) {
            continue;
        }
        let dress = Dress::of(e.hostile, w.nul_unsafe());
        let t = event_text(s, &e, dress, &mut bufs);
        let logon_type = e.logon_type.map_or(Cell::Null, |t| Cell::Int(i64::from(t)));
        let (account_type, activity) = match dress {
            Some(d) => (d.key(4, e.account_type()), d.key(10, vocab::activity(e.event_id))),
            None => (e.account_type(), vocab::activity(e.event_id)),
        };
        let mut cells = [Cell::Null; ALL_COLUMNS];
        cells[..EVENT_COLUMNS.len()].copy_from_slice(&[
            Cell::Text(free(dress, 0, &s.tenant)),
            Cell::Time(e.time),
            Cell::Text(free(dress, 2, "OpsManager")),
            Cell::Text(t.account),
            Cell::Text(account_type),
            Cell::Text(t.computer),
            Cell::Text(free(dress, 6, source_name(e.event_id))),
            Cell::Text(free(dress, 7, "Security")),
            Cell::Int(i64::from(vocab::task(e.event_id))),
            Cell::Int(i64::from(e.event_id)),
            Cell::Text(activity),
            Cell::Text(t.auth_package),
            Cell::Text(t.ip),
            Cell::Text(t.logon_process),
            logon_type,
            Cell::Text(free(dress, 15, vocab::logon_type_name(e.logon_type))),
            Cell::Text(t.workstation),
            Cell::Text(free(dress, 17, "SecurityEvent")),
        ]);
        let text;
        if N == ALL_COLUMNS {
            text = SessionText::of(&e);
            let (target, station) = if names_logon_id(e.event_id) { ("", text.logon_id.as_str()) } else { (text.logon_id.as_str(), "") };
            cells[EVENT_COLUMNS.len()..].copy_from_slice(&[
                Cell::Text(target),
                Cell::Text(&text.linked),
                Cell::Text(text.elevated),
                Cell::Text(station),
                Cell::Text(e.session.session_name),
                Cell::Text(e.session.client_name),
                Cell::Text(e.session.client_address),
            ]);
        }
        w.row_of(&cells[..N])?;
    }
    w.finish()
}
