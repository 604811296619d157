//! The rows of a scenario: [`Alert`] and [`Event`] (borrowed views, as the noise draws them and
//! the writers take them), their owned forms for planted rows, which columns a row dresses in
//! hostile values ([`Hostile`]), an event's session columns ([`SessionColumns`], written with
//! `Options::sessions`), and `Merge` of the planted and the noise streams in time order.

use crate::engine::Ticks;

/// One SecurityAlert row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alert<'a> {
    pub time: Ticks,
    pub name: &'a str,
    pub entity: &'a str,
    pub subscription: &'a str,
    /// The address the alert is about (in its Description and Entities).
    pub ip: &'a str,
    /// Seeds the row's SystemAlertId and StartTime.
    pub serial: u64,
    /// Whether the export writes hostile values into the row.
    pub hostile: Hostile,
}

/// Which columns of a row the export fills with `hostile::HOSTILE` values (with `Options::hostile`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hostile {
    #[default]
    No,
    /// A story row: the columns the hunt does not read. (Its host, account and address were
    /// made hostile when it was planted, and the answer key holds them.)
    Free(u32),
    /// A noise row: every text column; hosts, accounts and alert names get a hostile value
    /// before their own. The number walks the corpus.
    All(u32),
}

/// One SecurityEvent row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event<'a> {
    pub time: Ticks,
    pub event_id: i32,
    pub logon_type: Option<i32>,
    pub account: &'a str,
    pub computer: &'a str,
    pub ip: &'a str,
    pub logon_process: &'a str,
    pub auth_package: &'a str,
    pub workstation: &'a str,
    /// Whether the export writes hostile values into the row.
    pub hostile: Hostile,
    /// The session columns (all empty without `Options::sessions`).
    pub session: SessionColumns<'a>,
}

/// The columns of an event that RDP sessions are rebuilt from. Logon ids are numbers, written
/// `0x` and lower-case hex; 0 writes nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SessionColumns<'a> {
    /// TargetLogonId, or LogonID for 4778 and 4779.
    pub logon_id: u64,
    /// TargetLinkedLogonId of a 4624: `None` writes it empty, `Some(0)` as `0x0`.
    pub linked_logon_id: Option<u64>,
    /// ElevatedToken of a 4624: `%%1842` (yes) or `%%1843` (no).
    pub elevated: Option<bool>,
    /// SessionName, ClientName, ClientAddress of 4778 and 4779.
    pub session_name: &'a str,
    pub client_name: &'a str,
    pub client_address: &'a str,
    /// SessionId of 4800 and 4801 (in WindowsEvent's EventData; SecurityEvent has no such column),
    /// SessionID of LSM events, Session of LSM 40.
    pub session_id: Option<u32>,
    /// Where the event is written: Security, or (WindowsEvent only) LSM or RCM, whose events carry
    /// their user in `Event::account` and their address in `Event::ip`.
    pub channel: EventChannel,
    /// The ActivityID of an LSM or RCM event (WindowsEvent's Correlation).
    pub activity_id: &'a str,
    /// The reason code of LSM 40.
    pub reason: &'a str,
}

/// The channel an event is written to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EventChannel {
    #[default]
    Security,
    /// TerminalServices-LocalSessionManager/Operational.
    LocalSessionManager,
    /// TerminalServices-RemoteConnectionManager/Operational.
    RemoteConnectionManager,
}

impl EventChannel {
    /// The channel's name, as WindowsEvent's Channel.
    pub fn name(self) -> &'static str {
        match self {
            EventChannel::Security => "Security",
            EventChannel::LocalSessionManager => "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
            EventChannel::RemoteConnectionManager => "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational",
        }
    }
}

impl SessionColumns<'_> {
    /// A logon id as Windows writes it: `0x3e7`.
    pub fn hex(id: u64) -> String {
        format!("0x{id:x}")
    }

    /// `TargetLogonId` (LogonID for 4778/4779) as written: empty when none.
    pub fn logon_id_text(&self) -> String {
        if self.logon_id == 0 {
            String::new()
        } else {
            SessionColumns::hex(self.logon_id)
        }
    }

    pub fn linked_text(&self) -> String {
        self.linked_logon_id.map(SessionColumns::hex).unwrap_or_default()
    }

    pub fn elevated_text(&self) -> &'static str {
        match self.elevated {
            Some(true) => "%%1842",
            Some(false) => "%%1843",
            None => "",
        }
    }
}

/// `SessionColumns` of a planted row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct OwnedSessionColumns {
    pub(super) logon_id: u64,
    pub(super) linked_logon_id: Option<u64>,
    pub(super) elevated: Option<bool>,
    pub(super) session_name: String,
    pub(super) client_name: String,
    pub(super) client_address: String,
    pub(super) session_id: Option<u32>,
    pub(super) channel: EventChannel,
    pub(super) activity_id: String,
    pub(super) reason: String,
}

impl OwnedSessionColumns {
    pub(super) fn view(&self) -> SessionColumns<'_> {
        SessionColumns {
            logon_id: self.logon_id,
            linked_logon_id: self.linked_logon_id,
            elevated: self.elevated,
            session_name: &self.session_name,
            client_name: &self.client_name,
            client_address: &self.client_address,
            session_id: self.session_id,
            channel: self.channel,
            activity_id: &self.activity_id,
            reason: &self.reason,
        }
    }
}

impl Event<'_> {
    /// `Machine` for accounts ending in `$`, else `User`; empty for events without an account.
    pub fn account_type(&self) -> &'static str {
        account_type(self.account)
    }
}

pub(super) fn account_type(account: &str) -> &'static str {
    if account.is_empty() {
        ""
    } else if account.ends_with('$') {
        "Machine"
    } else {
        "User"
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct OwnedAlert {
    pub(super) time: Ticks,
    pub(super) name: String,
    pub(super) entity: String,
    pub(super) subscription: String,
    pub(super) ip: String,
    pub(super) serial: u64,
    pub(super) hostile: Hostile,
}

impl OwnedAlert {
    pub(super) fn view(&self) -> Alert<'_> {
        Alert {
            time: self.time,
            name: &self.name,
            entity: &self.entity,
            subscription: &self.subscription,
            ip: &self.ip,
            serial: self.serial,
            hostile: self.hostile,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct OwnedEvent {
    pub(super) time: Ticks,
    pub(super) event_id: i32,
    pub(super) logon_type: Option<i32>,
    pub(super) account: String,
    pub(super) computer: String,
    pub(super) ip: String,
    pub(super) logon_process: &'static str,
    pub(super) auth_package: &'static str,
    pub(super) workstation: String,
    pub(super) hostile: Hostile,
    pub(super) session: OwnedSessionColumns,
}

impl OwnedEvent {
    pub(super) fn view(&self) -> Event<'_> {
        Event {
            time: self.time,
            event_id: self.event_id,
            logon_type: self.logon_type,
            account: &self.account,
            computer: &self.computer,
            ip: &self.ip,
            logon_process: self.logon_process,
            auth_package: self.auth_package,
            workstation: &self.workstation,
            hostile: self.hostile,
            session: self.session.view(),
        }
    }
}

/// Merges two time-ordered streams; on equal times the first stream's row comes first.
pub(super) struct Merge<T, A: Iterator<Item = T>, B: Iterator<Item = T>, K: Fn(&T) -> Ticks> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
    key: K,
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>, K: Fn(&T) -> Ticks> Merge<T, A, B, K> {
    pub(super) fn new(a: A, b: B, key: K) -> Self {
        Merge { a: a.peekable(), b: b.peekable(), key }
    }
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>, K: Fn(&T) -> Ticks> Iterator for Merge<T, A, B, K> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let take_a = match (self.a.peek(), self.b.peek()) {
            (Some(x), Some(y)) => (self.key)(x) <= (self.key)(y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        if take_a {
            self.a.next()
        } else {
            self.b.next()
        }
    }
}
