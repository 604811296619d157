//! The SecurityEvent export: its columns and rows, and the texts of an event row as both event
//! exports write them (`EventText`, hostile where the row is dressed).

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
    let mut w = Writer::new(out, s.config.event_format, &EVENT_COLUMNS)?;
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
        w.row([
            Cell::Text(free(dress, 0, &s.tenant)),
            Cell::Time(e.time),
            Cell::Text(free(dress, 2, "OpsManager")),
            Cell::Text(t.account),
            Cell::Text(account_type),
            Cell::Text(t.computer),
            Cell::Text(free(dress, 6, "Microsoft-Windows-Security-Auditing")),
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
        ])?;
    }
    w.finish()
}
