//! RDP sessions rebuilt from the logs, as shared/spec/sessions.md fixes it.
//!
//! Readers fill `SessionEvents` (`events.rs`); `build` turns them into a `SessionSet`: the
//! `RdpSession`s, each with its `Stretch`es, `Mark`s and `Evidence`, and the evidence that
//! belongs to none. `SessionIndex` finds the session of a hunt row's logon; `SessionsJson`
//! (`json.rs`) is the shape the CLI prints. Where the logs cannot tell (a start before the data,
//! no logoff), the session says unknown; it never takes the data's last time for an end.
//!
//! The builder works per host (`host.rs`): events are bucketed by the hunt's host key and
//! sorted by time (ties in push order, that is file order), then linked by maps on logon id,
//! SessionID and ActivityID, and by time windows only where no link exists (`security.rs`,
//! `lsm.rs`, `attach.rs`); `finish.rs` derives each session's start, end, stretches and marks
//! from its evidence. Each of those modules lists the rules it decided where the spec is silent.

mod anchors;
mod attach;
mod events;
mod finish;
mod host;
mod json;
mod keys;
mod kinds;
mod lsm;
mod security;

use std::collections::HashMap;

use serde::Serialize;

pub use events::{join_account, SessionEvent, SessionEventRow, SessionEvents};
pub use host::build;
pub use json::{EvidenceJson, MarkJson, SessionJson, SessionsJson, StretchJson};
pub use keys::{host_key, IdKey};
pub use kinds::{ChannelKind, EventKind};

use super::table::{Origin, StringPool, Sym};
use super::time::{Ticks, TICKS_PER_SECOND};

/// Every session the events show, and the evidence of none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionSet {
    /// By host key, then start (unknown starts first), then first evidence.
    pub sessions: Vec<RdpSession>,
    /// Evidence that joined no session (a lone 1149), by host key then time.
    pub unattached: Vec<Evidence>,
}

/// Which channel built the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SessionSource {
    Security,
    LocalSessionManager,
}

impl SessionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionSource::Security => "Security",
            SessionSource::LocalSessionManager => "LocalSessionManager",
        }
    }
}

/// How a session ended, as far as the data tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndCause {
    Logoff4634,
    Logoff4647,
    LogoffLsm23,
    /// Ended no later than a shutdown or boot of the host.
    HostShutdown,
    /// Disconnected, with no reconnect or logoff after it.
    Disconnected,
    Unknown,
}

impl EndCause {
    pub fn as_str(self) -> &'static str {
        match self {
            EndCause::Logoff4634 => "logoff 4634",
            EndCause::Logoff4647 => "logoff 4647",
            EndCause::LogoffLsm23 => "logoff LSM 23",
            EndCause::HostShutdown => "host shutdown",
            EndCause::Disconnected => "disconnected",
            EndCause::Unknown => "unknown",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StretchState {
    Connected,
    Disconnected,
}

impl StretchState {
    pub fn as_str(self) -> &'static str {
        match self {
            StretchState::Connected => "connected",
            StretchState::Disconnected => "disconnected",
        }
    }
}

/// A connected or disconnected part of a session. `None` times are unknown (before the data,
/// or an end the data does not show).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stretch {
    pub state: StretchState,
    pub from: Option<Ticks>,
    pub to: Option<Ticks>,
    pub session_name: Sym,
    pub client_name: Sym,
    pub client_address: Sym,
    /// The reason code of the LSM 40 that labels a disconnected stretch.
    pub reason: Option<Sym>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Lock,
    Unlock,
    /// A LogonType 7 logon around a reconnect or unlock.
    Reconnect,
    /// A LogonType 3 logon just before a start or reconnect: Network Level Authentication.
    Nla,
}

impl MarkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Lock => "lock",
            MarkKind::Unlock => "unlock",
            MarkKind::Reconnect => "reconnect",
            MarkKind::Nla => "nla",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub kind: MarkKind,
    pub time: Ticks,
    pub logon_id: Sym,
}

/// One event that built a session (or joined none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Its index in `SessionEvents`.
    pub row: usize,
    pub kind: EventKind,
    pub event_id: i32,
    pub channel_kind: ChannelKind,
    /// The channel as the record wrote it (empty when it named none).
    pub channel: Sym,
    pub time: Ticks,
    /// The record's own EventTime text.
    pub event_time: Option<Sym>,
    pub origin: Origin,
}

impl Evidence {
    /// The record's channel text, or the channel's name when the record named none.
    pub fn channel_text<'a>(&self, pool: &'a StringPool) -> &'a str {
        match pool.resolve(self.channel) {
            "" => self.channel_kind.name(),
            text => text,
        }
    }
}

/// A 4624 LogonType 10 or 12 that started a session: the logon the hunt joins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StartLogon {
    pub logon_id: Sym,
    pub time: Ticks,
    pub origin: Origin,
}

/// One RDP session. See "What a session carries" in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RdpSession {
    /// The hunt's host key.
    pub host: String,
    /// As the hunt shows accounts: `tolower` with the simple mapping.
    pub account: String,
    /// As in the data, in order of first appearance.
    pub logon_ids: Vec<Sym>,
    pub source: SessionSource,
    pub source_address: Sym,
    pub client_name: Sym,
    pub start: Option<Ticks>,
    pub end: Option<Ticks>,
    pub end_cause: EndCause,
    /// The shutdown or boot that bounds a `HostShutdown` end.
    pub end_bound: Option<Evidence>,
    /// Client name or address differs between connected stretches.
    pub client_changed: bool,
    pub stretches: Vec<Stretch>,
    pub marks: Vec<Mark>,
    /// By time, ties in file order.
    pub evidence: Vec<Evidence>,
    /// The 4624s that started it (empty when its start is unknown or LSM's).
    pub starts: Vec<StartLogon>,
    /// The last time of any row of this host.
    pub data_ends: Ticks,
}

impl RdpSession {
    /// End minus start, when both are known.
    pub fn duration_ticks(&self) -> Option<i64> {
        Some(self.end?.0.saturating_sub(self.start?.0))
    }

    /// `DurationSeconds`: for printing only.
    pub fn duration_seconds(&self) -> Option<f64> {
        self.duration_ticks().map(|d| d as f64 / TICKS_PER_SECOND as f64)
    }

    /// The start as the page and CLI say it.
    pub fn start_text(&self) -> String {
        match self.start {
            Some(t) => t.to_iso(),
            None => "began before the data".to_string(),
        }
    }

    /// The end as the page and CLI say it; an unknown end names where the host's data ends.
    pub fn end_text(&self) -> String {
        let data_ends = format!("the data of this host ends at {}", self.data_ends.to_iso());
        match (self.end_cause, self.end) {
            (EndCause::HostShutdown, Some(t)) => format!("ended no later than {} (host shutdown)", t.to_iso()),
            (EndCause::Disconnected, _) => format!("disconnected; no reconnect or logoff in the data; {data_ends}"),
            (_, Some(t)) => t.to_iso(),
            (_, None) => format!("no logoff in the data; {data_ends}"),
        }
    }
}

/// Finds the session of a hunt row's logon: by the 4624's origin (file and line), or by its
/// host and TargetLogonId.
#[derive(Debug, Default)]
pub struct SessionIndex {
    by_origin: HashMap<Origin, usize>,
    by_logon: HashMap<(String, IdKey), Vec<(Ticks, usize)>>,
}

impl SessionIndex {
    pub fn new(set: &SessionSet, pool: &StringPool) -> SessionIndex {
        let mut index = SessionIndex::default();
        for (i, session) in set.sessions.iter().enumerate() {
            for start in &session.starts {
                index.by_origin.insert(start.origin, i);
                if let Some(id) = IdKey::of(pool, start.logon_id) {
                    index.by_logon.entry((session.host.clone(), id)).or_default().push((start.time, i));
                }
            }
        }
        for starts in index.by_logon.values_mut() {
            starts.sort_unstable();
        }
        index
    }

    /// The session whose start is the 4624 at `origin`.
    pub fn of_origin(&self, origin: Origin) -> Option<usize> {
        self.by_origin.get(&origin).copied()
    }

    /// The session started by logon `logon_id` on `host` (a host key, see `host_key`): the
    /// latest start with that id at or before `at`.
    pub fn of_logon(&self, pool: &StringPool, host: &str, logon_id: &str, at: Ticks) -> Option<usize> {
        let id = IdKey::lookup(pool, logon_id)?;
        let starts = self.by_logon.get(&(host.to_string(), id))?;
        let after = starts.partition_point(|&(t, _)| t <= at);
        after.checked_sub(1).map(|i| starts[i].1)
    }
}

/// `SessionIndex::of_logon` for one look-up.
pub fn session_of_logon(set: &SessionSet, pool: &StringPool, host: &str, logon_id: &str, at: Ticks) -> Option<usize> {
    SessionIndex::new(set, pool).of_logon(pool, host, logon_id, at)
}
