//! Columnar storage of the rows the hunt reads: `Dataset` holds an `AlertColumns`, a `LogonColumns`,
//! the `SessionEvents` RDP sessions are built from, and the `StringPool` that interns their
//! repeated strings (hosts, accounts, Activity...).
//!
//! Only the columns the hunt and the UI need are kept. Each row remembers its `Origin` (file and
//! line) so every result can be traced back to the export it came from.

use std::collections::HashMap;
use std::rc::Rc;

use super::sessions::{SessionEvent, SessionEvents};
use super::time::Ticks;

/// An interned string: an index into the dataset's `StringPool`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sym(pub u32);

/// Interns strings so that a column of a million host names holds a few hundred distinct values.
#[derive(Debug)]
pub struct StringPool {
    /// foldhash rather than SipHash: interning is on every row's path. Its seed is random per
    /// pool, so values an attacker chose still spread over the table.
    index: HashMap<Rc<str>, Sym, foldhash::fast::RandomState>,
    strings: Vec<Rc<str>>,
}

impl Default for StringPool {
    fn default() -> Self {
        // Sym(0) is the empty string: Kusto strings are never null.
        let empty: Rc<str> = Rc::from("");
        let mut pool = StringPool { index: HashMap::default(), strings: vec![empty.clone()] };
        pool.index.insert(empty, Self::EMPTY);
        pool
    }
}

impl StringPool {
    pub const EMPTY: Sym = Sym(0);

    pub fn intern(&mut self, s: &str) -> Sym {
        if s.is_empty() {
            return Self::EMPTY;
        }
        if let Some(&sym) = self.index.get(s) {
            return sym;
        }
        let sym = Sym(u32::try_from(self.strings.len()).expect("more than 4 billion distinct strings"));
        let rc: Rc<str> = Rc::from(s);
        self.strings.push(rc.clone());
        self.index.insert(rc, sym);
        sym
    }

    /// The sym of `s` if it was ever interned.
    pub fn get(&self, s: &str) -> Option<Sym> {
        self.index.get(s).copied()
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        &self.strings[sym.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.len() <= 1
    }

    /// Bytes held by the distinct strings, for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        self.strings.iter().map(|s| s.len() + 32).sum::<usize>() * 2
    }
}

/// Which loaded file a row came from; the UI and CLI keep the matching names and reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct FileId(pub u32);

/// Where a row came from: its file and the line its record starts on (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    pub file: FileId,
    pub line: u64,
}

/// One SecurityAlert row, as a reader hands it over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertRow<'a> {
    pub time: Ticks,
    pub subscription: &'a str,
    pub compromised_entity: &'a str,
    pub alert_name: &'a str,
    pub origin: Origin,
}

/// The SecurityAlert columns the hunt reads.
#[derive(Debug, Default)]
pub struct AlertColumns {
    pub time: Vec<Ticks>,
    pub subscription: Vec<Sym>,
    pub compromised_entity: Vec<Sym>,
    pub alert_name: Vec<Sym>,
    pub origin: Vec<Origin>,
}

impl AlertColumns {
    pub fn len(&self) -> usize {
        self.time.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        let keep: Vec<bool> = (0..self.len()).map(keep).collect();
        retain_by(&mut self.time, &keep);
        retain_by(&mut self.subscription, &keep);
        retain_by(&mut self.compromised_entity, &keep);
        retain_by(&mut self.alert_name, &keep);
        retain_by(&mut self.origin, &keep);
    }
}

/// One logon-side row (SecurityEvent, or a WindowsEvent/Mordor record mapped onto it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogonRow<'a> {
    pub time: Ticks,
    pub event_id: Option<i32>,
    pub logon_type: Option<i32>,
    pub account: &'a str,
    pub computer: &'a str,
    pub ip_address: &'a str,
    pub account_type: &'a str,
    pub activity: &'a str,
    pub logon_type_name: &'a str,
    pub origin: Origin,
}

/// The SecurityEvent columns the hunt and the timeline read.
#[derive(Debug, Default)]
pub struct LogonColumns {
    pub time: Vec<Ticks>,
    pub event_id: Vec<Option<i32>>,
    pub logon_type: Vec<Option<i32>>,
    pub account: Vec<Sym>,
    pub computer: Vec<Sym>,
    pub ip_address: Vec<Sym>,
    pub account_type: Vec<Sym>,
    pub activity: Vec<Sym>,
    pub logon_type_name: Vec<Sym>,
    pub origin: Vec<Origin>,
}

impl LogonColumns {
    pub fn len(&self) -> usize {
        self.time.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        let keep: Vec<bool> = (0..self.len()).map(keep).collect();
        retain_by(&mut self.time, &keep);
        retain_by(&mut self.event_id, &keep);
        retain_by(&mut self.logon_type, &keep);
        retain_by(&mut self.account, &keep);
        retain_by(&mut self.computer, &keep);
        retain_by(&mut self.ip_address, &keep);
        retain_by(&mut self.account_type, &keep);
        retain_by(&mut self.activity, &keep);
        retain_by(&mut self.logon_type_name, &keep);
        retain_by(&mut self.origin, &keep);
    }
}

fn retain_by<T>(column: &mut Vec<T>, keep: &[bool]) {
    let mut i = 0;
    column.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// Every row loaded so far, of every file, in columns.
#[derive(Debug, Default)]
pub struct Dataset {
    pub strings: StringPool,
    pub alerts: AlertColumns,
    pub logons: LogonColumns,
    /// The rows with a session role, beside (never instead of) their logon rows.
    pub sessions: SessionEvents,
}

impl Dataset {
    pub fn push_alert(&mut self, row: &AlertRow<'_>) {
        let a = &mut self.alerts;
        a.time.push(row.time);
        a.subscription.push(self.strings.intern(row.subscription));
        a.compromised_entity.push(self.strings.intern(row.compromised_entity));
        a.alert_name.push(self.strings.intern(row.alert_name));
        a.origin.push(row.origin);
    }

    pub fn push_logon(&mut self, row: &LogonRow<'_>) {
        let l = &mut self.logons;
        l.time.push(row.time);
        l.event_id.push(row.event_id);
        l.logon_type.push(row.logon_type);
        l.account.push(self.strings.intern(row.account));
        l.computer.push(self.strings.intern(row.computer));
        l.ip_address.push(self.strings.intern(row.ip_address));
        l.account_type.push(self.strings.intern(row.account_type));
        l.activity.push(self.strings.intern(row.activity));
        l.logon_type_name.push(self.strings.intern(row.logon_type_name));
        l.origin.push(row.origin);
    }

    /// Stores a row's session event if it has a session role; returns whether it did.
    pub fn push_session(&mut self, event: &SessionEvent<'_>) -> bool {
        self.sessions.push(&mut self.strings, event)
    }

    /// Notes that `file` holds a row of `host` at `time` (see `SessionEvents::note_time`).
    pub fn note_session_time(&mut self, host: &str, time: Ticks, file: FileId) {
        self.sessions.note_time(&mut self.strings, host, time, file);
    }

    /// Drops every row of one file (the page's "remove file").
    pub fn remove_file(&mut self, file: FileId) {
        let alerts = &self.alerts.origin;
        let keep_alert: Vec<bool> = alerts.iter().map(|o| o.file != file).collect();
        self.alerts.retain(|i| keep_alert[i]);
        let keep_logon: Vec<bool> = self.logons.origin.iter().map(|o| o.file != file).collect();
        self.logons.retain(|i| keep_logon[i]);
        self.sessions.remove_file(file);
    }

    /// Keeps only the rows from `start` on of the logon columns for which `keep` holds
    /// (used by readers that settle a file's date order after reading it).
    pub fn retain_logons_from(&mut self, start: usize, keep: impl Fn(usize) -> bool) {
        self.logons.retain(|i| i < start || keep(i));
    }

    /// As `retain_logons_from`, for alerts.
    pub fn retain_alerts_from(&mut self, start: usize, keep: impl Fn(usize) -> bool) {
        self.alerts.retain(|i| i < start || keep(i));
    }

    /// Approximate bytes retained, for the memory budget.
    pub fn heap_bytes(&self) -> usize {
        let alert_row = 8 + 4 * 3 + 16;
        let logon_row = 8 + 8 * 2 + 4 * 6 + 16;
        let session_row = 8 + 2 + 4 + 8 + 16 + 4 * 19;
        self.strings.heap_bytes() + self.alerts.len() * alert_row + self.logons.len() * logon_row + self.sessions.len() * session_row
    }
}
