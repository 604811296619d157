//! The evidence the session builder reads, in columns: `SessionEvents`, filled one
//! `SessionEvent` at a time by the readers, read back through `SessionEventRow`.
//!
//! Only events with a role in a session (`EventKind`) are stored; `push` drops the rest, and
//! `wants` lets a reader skip building an event it would drop. Every row still moves the
//! host's "data ends at" time.

use std::collections::HashMap;

use super::kinds::{ChannelKind, EventKind};
use crate::engine::table::{FileId, Origin, StringPool, Sym};
use crate::engine::time::Ticks;

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
        assert!(SessionEvents::wants("security", Some(4624)));
        assert!(!SessionEvents::wants("System", Some(25)));
        assert!(!SessionEvents::wants("", Some(21)));
        assert!(!SessionEvents::wants("Security", None));
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
