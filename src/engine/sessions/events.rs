//! The evidence the session builder reads, in columns: `SessionEvents`, filled one
//! `SessionEvent` at a time by the readers, read back through `SessionEventRow`.
//!
//! An event is told apart by its channel and its id together (`ChannelKind` + id → `EventKind`),
//! so Sysmon's 22 or the System channel's 25 never pass for LocalSessionManager's. Only events
//! with a role in a session are stored; `push` drops the rest, and `wants` lets a reader skip
//! building an event it would drop. Every row still moves the host's "data ends at" time.

use std::collections::HashMap;

use crate::engine::table::{FileId, Origin, StringPool, Sym};
use crate::engine::time::Ticks;

/// Where an event was written, from its channel text (or its provider when there is no channel).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    Security,
    LocalSessionManager,
    RemoteConnectionManager,
    System,
    /// Sysmon, PowerShell and every other channel: nothing of a session.
    Other,
    /// The row names no channel: Security for the Security ids, nothing otherwise.
    Missing,
}

impl ChannelKind {
    /// Channel or provider text, without case: `security`,
    /// `Microsoft-Windows-TerminalServices-LocalSessionManager/Operational`, `User32`...
    pub fn parse(text: &str) -> ChannelKind {
        let t = text.trim().to_ascii_lowercase();
        if t.is_empty() {
            ChannelKind::Missing
        } else if t.contains("terminalservices-localsessionmanager") {
            ChannelKind::LocalSessionManager
        } else if t.contains("terminalservices-remoteconnectionmanager") {
            ChannelKind::RemoteConnectionManager
        } else if matches!(t.as_str(), "security" | "microsoft-windows-security-auditing" | "microsoft-windows-eventlog") {
            ChannelKind::Security
        } else if matches!(t.as_str(), "system" | "user32" | "eventlog") {
            ChannelKind::System
        } else {
            ChannelKind::Other
        }
    }

    /// The channel's full name, for evidence whose row named none.
    pub fn name(self) -> &'static str {
        match self {
            ChannelKind::Security | ChannelKind::Missing => "Security",
            ChannelKind::LocalSessionManager => "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
            ChannelKind::RemoteConnectionManager => "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational",
            ChannelKind::System => "System",
            ChannelKind::Other => "",
        }
    }

    /// Security-channel events are compared with Security's own boot (4608), the others with
    /// the System channel's: collector times differ per channel.
    pub fn is_security(self) -> bool {
        matches!(self, ChannelKind::Security | ChannelKind::Missing)
    }
}

/// The role of an event, from its channel and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// Security 4624, any logon type (10 and 12 start sessions, 7 and 3 are marks).
    Logon,
    /// Security 4634.
    Logoff,
    /// Security 4647.
    UserLogoff,
    /// Security 4778.
    Reconnect,
    /// Security 4779.
    Disconnect,
    /// Security 4800.
    Lock,
    /// Security 4801.
    Unlock,
    /// LSM 21.
    LsmLogon,
    /// LSM 22.
    LsmShell,
    /// LSM 23.
    LsmLogoff,
    /// LSM 24.
    LsmDisconnect,
    /// LSM 25.
    LsmReconnect,
    /// LSM 39.
    LsmTakeover,
    /// LSM 40.
    LsmReason,
    /// LSM 41 and 42.
    LsmArbitration,
    /// RCM 1149.
    RcmAuth,
    /// RCM 261.
    RcmListener,
    /// LSM 54, User32 1074, 1100, 4609.
    Shutdown,
    /// 4608, 6005, 6009.
    Boot,
}

impl EventKind {
    /// The role of event `id` written to `channel`, if it has one in a session.
    pub fn of(channel: ChannelKind, id: i32) -> Option<EventKind> {
        use EventKind::*;
        Some(match (channel, id) {
            (ChannelKind::Security | ChannelKind::Missing, _) => match id {
                4624 => Logon,
                4634 => Logoff,
                4647 => UserLogoff,
                4778 => Reconnect,
                4779 => Disconnect,
                4800 => Lock,
                4801 => Unlock,
                4608 => Boot,
                4609 | 1100 => Shutdown,
                _ => return None,
            },
            (ChannelKind::LocalSessionManager, _) => match id {
                21 => LsmLogon,
                22 => LsmShell,
                23 => LsmLogoff,
                24 => LsmDisconnect,
                25 => LsmReconnect,
                39 => LsmTakeover,
                40 => LsmReason,
                41 | 42 => LsmArbitration,
                54 => Shutdown,
                _ => return None,
            },
            (ChannelKind::RemoteConnectionManager, 1149) => RcmAuth,
            (ChannelKind::RemoteConnectionManager, 261) => RcmListener,
            (ChannelKind::System, 1074) => Shutdown,
            (ChannelKind::System, 6005 | 6009) => Boot,
            _ => return None,
        })
    }

    /// LSM 21 to 25: the events that pair into LSM sessions by SessionID.
    pub fn is_lsm_core(self) -> bool {
        use EventKind::*;
        matches!(self, LsmLogon | LsmShell | LsmLogoff | LsmDisconnect | LsmReconnect)
    }

    /// RCM events and the LSM events that only join a session someone else built.
    pub fn is_satellite(self) -> bool {
        use EventKind::*;
        matches!(self, LsmTakeover | LsmReason | LsmArbitration | RcmAuth | RcmListener)
    }
}

/// One event as a reader hands it over. Text fields are `""` when the record lacks them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionEvent<'a> {
    /// `Computer` (`Hostname` in Mordor records).
    pub host: &'a str,
    /// The hunt's clock: TimeGenerated, EVTX SystemTime, Mordor `@timestamp`.
    pub time: Ticks,
    /// `Channel`, else the provider's name; `""` for a row that names neither.
    pub channel: &'a str,
    pub event_id: Option<i32>,
    pub logon_type: Option<i32>,
    pub target_logon_id: &'a str,
    pub target_linked_logon_id: &'a str,
    /// `LogonID` of 4778 and 4779.
    pub logon_id: &'a str,
    /// `TargetDomainName\TargetUserName`, or `AccountDomain\AccountName` for 4778/4779
    /// (`join_account` writes it). Never the service account of an LSM or RCM record.
    pub account: &'a str,
    pub ip_address: &'a str,
    pub session_name: &'a str,
    pub client_name: &'a str,
    pub client_address: &'a str,
    pub workstation_name: &'a str,
    /// `%%1842` (yes) or `%%1843` (no), or the words.
    pub elevated_token: &'a str,
    /// 4800/4801 `SessionId`, LSM `SessionID`, 40's `Session`, 39's `TargetSession`.
    pub session_id: &'a str,
    /// LSM and RCM ActivityID (the Security channel's is unrelated and never read).
    pub activity_id: &'a str,
    /// LSM `User`; for 1149 `Domain\User` (Param2\Param1).
    pub user: &'a str,
    /// LSM `Address`; 1149's source address (Param3).
    pub address: &'a str,
    /// 40's reason code.
    pub reason: &'a str,
    /// 39's `Source` session.
    pub source: &'a str,
    /// The record's own EventTime text, when it has one.
    pub event_time: &'a str,
    pub origin: Origin,
}

impl Default for SessionEvent<'_> {
    fn default() -> Self {
        SessionEvent {
            host: "",
            time: Ticks(0),
            channel: "",
            event_id: None,
            logon_type: None,
            target_logon_id: "",
            target_linked_logon_id: "",
            logon_id: "",
            account: "",
            ip_address: "",
            session_name: "",
            client_name: "",
            client_address: "",
            workstation_name: "",
            elevated_token: "",
            session_id: "",
            activity_id: "",
            user: "",
            address: "",
            reason: "",
            source: "",
            event_time: "",
            origin: Origin { file: FileId(0), line: 0 },
        }
    }
}

/// `DOMAIN\name`, or `name` alone when the domain is empty.
pub fn join_account(domain: &str, name: &str) -> String {
    if domain.is_empty() {
        name.to_string()
    } else {
        format!("{domain}\\{name}")
    }
}

/// One stored event: interned text and the parsed channel and role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionEventRow {
    pub host: Sym,
    pub time: Ticks,
    pub channel: Sym,
    pub channel_kind: ChannelKind,
    pub kind: EventKind,
    pub event_id: i32,
    pub logon_type: Option<i32>,
    pub target_logon_id: Sym,
    pub target_linked_logon_id: Sym,
    pub logon_id: Sym,
    pub account: Sym,
    pub ip_address: Sym,
    pub session_name: Sym,
    pub client_name: Sym,
    pub client_address: Sym,
    pub workstation_name: Sym,
    pub elevated_token: Sym,
    pub session_id: Sym,
    pub activity_id: Sym,
    pub user: Sym,
    pub address: Sym,
    pub reason: Sym,
    pub source: Sym,
    pub event_time: Sym,
    pub origin: Origin,
}

impl SessionEventRow {
    /// The logon the event names: `LogonID` for 4778/4779, `TargetLogonId` otherwise.
    pub fn logon_id_of(&self) -> Sym {
        match self.kind {
            EventKind::Reconnect | EventKind::Disconnect => self.logon_id,
            _ => self.target_logon_id,
        }
    }
}

/// Declares the columns once: the struct, `push`'s interning, the row accessor and `retain`.
macro_rules! session_columns {
    ($($text:ident),* $(,)?) => {
        /// The session evidence of every loaded file, one Vec per field.
        #[derive(Debug, Default)]
        pub struct SessionEvents {
            time: Vec<Ticks>,
            channel_kind: Vec<ChannelKind>,
            kind: Vec<EventKind>,
            event_id: Vec<i32>,
            logon_type: Vec<Option<i32>>,
            origin: Vec<Origin>,
            $($text: Vec<Sym>,)*
            /// The last time seen per (host, file), over every row of the file, stored or not.
            last_seen: HashMap<(Sym, FileId), Ticks>,
        }

        impl SessionEvents {
            fn store(&mut self, pool: &mut StringPool, e: &SessionEvent<'_>, channel_kind: ChannelKind, kind: EventKind, event_id: i32) {
                self.time.push(e.time);
                self.channel_kind.push(channel_kind);
                self.kind.push(kind);
                self.event_id.push(event_id);
                self.logon_type.push(e.logon_type);
                self.origin.push(e.origin);
                $(self.$text.push(pool.intern(e.$text));)*
            }

            /// Row `i` (0-based, in push order). Panics past `len()`, like slice indexing.
            pub fn get(&self, i: usize) -> SessionEventRow {
                SessionEventRow {
                    time: self.time[i],
                    channel_kind: self.channel_kind[i],
                    kind: self.kind[i],
                    event_id: self.event_id[i],
                    logon_type: self.logon_type[i],
                    origin: self.origin[i],
                    $($text: self.$text[i],)*
                }
            }

            fn retain(&mut self, keep: &[bool]) {
                retain_by(&mut self.time, keep);
                retain_by(&mut self.channel_kind, keep);
                retain_by(&mut self.kind, keep);
                retain_by(&mut self.event_id, keep);
                retain_by(&mut self.logon_type, keep);
                retain_by(&mut self.origin, keep);
                $(retain_by(&mut self.$text, keep);)*
            }
        }
    };
}

session_columns!(
    host,
    channel,
    target_logon_id,
    target_linked_logon_id,
    logon_id,
    account,
    ip_address,
    session_name,
    client_name,
    client_address,
    workstation_name,
    elevated_token,
    session_id,
    activity_id,
    user,
    address,
    reason,
    source,
    event_time,
);

fn retain_by<T>(column: &mut Vec<T>, keep: &[bool]) {
    let mut i = 0;
    column.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

impl SessionEvents {
    /// Whether `push` would store an event of this channel text and id: a reader can skip
    /// building the others (it still calls `note_time` for them).
    pub fn wants(channel: &str, event_id: Option<i32>) -> bool {
        event_id.is_some_and(|id| EventKind::of(ChannelKind::parse(channel), id).is_some())
    }

    /// Stores the event if it has a role in a session; returns whether it did.
    pub fn push(&mut self, pool: &mut StringPool, e: &SessionEvent<'_>) -> bool {
        self.note_time(pool, e.host, e.time, e.origin.file);
        let channel_kind = ChannelKind::parse(e.channel);
        let Some(event_id) = e.event_id else { return false };
        let Some(kind) = EventKind::of(channel_kind, event_id) else { return false };
        self.store(pool, e, channel_kind, kind, event_id);
        true
    }

    /// Records that `file` holds a row of `host` at `time`, so that an unknown end can say
    /// where the data of the host ends. `push` calls it; readers call it for the rows they skip.
    pub fn note_time(&mut self, pool: &mut StringPool, host: &str, time: Ticks, file: FileId) {
        let last = self.last_seen.entry((pool.intern(host), file)).or_insert(time);
        *last = (*last).max(time);
    }

    /// The last time of any row of host `host` (a `Sym` of the pool the events were pushed with).
    pub fn last_seen(&self) -> impl Iterator<Item = (Sym, Ticks)> + '_ {
        self.last_seen.iter().map(|(&(host, _), &t)| (host, t))
    }

    pub fn host(&self, i: usize) -> Sym {
        self.host[i]
    }

    pub fn time(&self, i: usize) -> Ticks {
        self.time[i]
    }

    pub fn len(&self) -> usize {
        self.time.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Drops every event of one file (the page's "remove file").
    pub fn remove_file(&mut self, file: FileId) {
        let keep: Vec<bool> = self.origin.iter().map(|o| o.file != file).collect();
        self.retain(&keep);
        self.last_seen.retain(|&(_, f), _| f != file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_parse_without_case() {
        for (text, kind) in [
            ("Security", ChannelKind::Security),
            ("security", ChannelKind::Security),
            ("Microsoft-Windows-Security-Auditing", ChannelKind::Security),
            ("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", ChannelKind::LocalSessionManager),
            ("microsoft-windows-terminalservices-localsessionmanager", ChannelKind::LocalSessionManager),
            ("Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational", ChannelKind::RemoteConnectionManager),
            ("SYSTEM", ChannelKind::System),
            ("User32", ChannelKind::System),
            ("Microsoft-Windows-Sysmon/Operational", ChannelKind::Other),
            ("", ChannelKind::Missing),
            ("  ", ChannelKind::Missing),
        ] {
            assert_eq!(ChannelKind::parse(text), kind, "{text}");
        }
    }

    #[test]
    fn roles_need_channel_and_id() {
        for (channel, id, kind) in [
            ("Security", 4624, Some(EventKind::Logon)),
            ("", 4624, Some(EventKind::Logon)),
            ("", 21, None),
            ("", 1149, None),
            ("Microsoft-Windows-Sysmon/Operational", 22, None),
            ("Microsoft-Windows-Sysmon/Operational", 23, None),
            ("System", 25, None),
            ("System", 6005, Some(EventKind::Boot)),
            ("Security", 6005, None),
            ("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", 25, Some(EventKind::LsmReconnect)),
            ("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", 4624, None),
            ("Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational", 1149, Some(EventKind::RcmAuth)),
        ] {
            assert_eq!(EventKind::of(ChannelKind::parse(channel), id), kind, "{channel} {id}");
        }
    }

    #[test]
    fn push_keeps_roles_and_notes_every_time() {
        let mut pool = StringPool::default();
        let mut events = SessionEvents::default();
        let file = FileId(3);
        let row = |id, time| SessionEvent {
            host: "WS1",
            time: Ticks(time),
            channel: "Security",
            event_id: Some(id),
            origin: Origin { file, line: 1 },
            ..SessionEvent::default()
        };
        assert!(events.push(&mut pool, &row(4624, 5)));
        assert!(!events.push(&mut pool, &row(4688, 9)));
        assert_eq!(events.len(), 1);
        assert_eq!(events.get(0).kind, EventKind::Logon);
        assert_eq!(events.last_seen().map(|(_, t)| t).max(), Some(Ticks(9)));
        events.remove_file(file);
        assert!(events.is_empty());
        assert_eq!(events.last_seen().count(), 0);
    }
}
