//! What the readers keep for RDP sessions (shared/spec/sessions.md): for each row whose channel
//! and event id have a session role, a `SessionEvent` in `Dataset::sessions`; for every row, its
//! host's last time (`SessionEvents::note_time`).
//!
//! `RowLoader::session_row` decides the role (`ChannelMemo`), asks the reader to fill the cells
//! that role `Needs` only then, and `SessionFields` (`session_fields`) takes the values from where
//! each table keeps them. The file's report counts the events by source (`SOURCE_NAMES`).
//!
//! Rows whose time waits for the day/month order are kept aside (`PendingSession`) and pushed at
//! `finish` with the time their logon row settles, or dropped with it.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{Record, RowLoader};
use crate::engine::sessions::{ChannelKind, EventKind};
use crate::engine::{Origin, Sym, Ticks};
use crate::ingest::report::SessionSourceCount;
use crate::ingest::schema::Field;
use crate::ingest::FileCtx;

/// `ChannelKind::parse` of the last channel text seen, so rows of one channel parse it once.
#[derive(Clone, Debug, Default)]
pub struct ChannelMemo {
    text: String,
    kind: Option<ChannelKind>,
}

impl ChannelMemo {
    pub fn kind(&mut self, channel: &str) -> ChannelKind {
        match self.kind {
            Some(kind) if self.text == channel => kind,
            _ => {
                let kind = ChannelKind::parse(channel);
                self.text.clear();
                self.text.push_str(channel);
                self.kind = Some(kind);
                kind
            }
        }
    }

    /// The session role of event `id` written to `channel`, if it has one.
    pub fn role(&mut self, channel: &str, id: Option<i32>) -> Option<EventKind> {
        EventKind::of(self.kind(channel), id?)
    }
}

/// Which session cells a row of role `EventKind` needs: the large ones only where they hold
/// its values (a Mordor `Message` or EVTX `UserData` for LSM and RCM, SecurityEvent's EventData
/// XML for 4800/4801's SessionId), every other session cell always.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needs(pub EventKind);

impl Needs {
    pub fn reads(self, field: Field) -> bool {
        use EventKind::*;
        match field {
            Field::Message | Field::UserData | Field::Correlation => {
                matches!(self.0, LsmLogon | LsmShell | LsmLogoff | LsmDisconnect | LsmReconnect | LsmTakeover | LsmReason | LsmArbitration | RcmAuth | RcmListener)
            }
            Field::EventDataXml => matches!(self.0, Lock | Unlock),
            _ => true,
        }
    }
}

/// The channel text of a row: `Channel`, else the provider.
pub(super) fn channel_of(rec: &Record) -> &str {
    match rec.text(Field::Channel) {
        c if !c.trim().is_empty() => c,
        _ => rec.text(Field::Provider),
    }
}

/// The report's name for the sources a file holds, by role.
fn source_of(kind: EventKind) -> usize {
    use EventKind::*;
    match kind {
        Logon | Logoff | UserLogoff => 0,
        Reconnect | Disconnect | Lock | Unlock => 1,
        LsmLogon | LsmShell | LsmLogoff | LsmDisconnect | LsmReconnect | LsmTakeover | LsmReason | LsmArbitration => 2,
        RcmAuth | RcmListener => 3,
        Shutdown | Boot => 4,
    }
}

pub const SOURCE_NAMES: [&str; 5] = [
    "Security logons/logoffs",
    "Security disconnects/reconnects/locks",
    "LocalSessionManager",
    "RemoteConnectionManager",
    "shutdowns/boots",
];

impl RowLoader {
    /// After a logon-side row is loaded: stores its session event if its channel and event id
    /// have a session role, calling `fill` first so the reader can read the session cells.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn session_row(
        &mut self,
        ctx: &mut FileCtx<'_>,
        rec: &mut Record,
        fill: &mut dyn FnMut(&mut Record, Needs),
        bag: Option<&Map<String, Value>>,
        time: Ticks,
        waits: Option<usize>,
        event_id: Option<i32>,
        logon_type: Option<i32>,
        origin: Origin,
    ) {
        let channel = self.channels.kind(channel_of(rec));
        let (Some(id), Some(kind)) = (event_id, event_id.and_then(|id| EventKind::of(channel, id))) else { return };
        fill(rec, Needs(kind));
        self.session.fill(self.binding.kind, kind, channel, rec, bag);
        let host = rec.text(Field::Computer);
        match waits {
            None => {
                ctx.data.push_session(&self.session.event(host, time, id, logon_type, origin));
                self.session_counts[source_of(kind)] += 1;
            }
            Some(row) => {
                let waiting = self.session.pending(host, row, id, logon_type, origin, source_of(kind));
                self.pending_sessions.push(waiting);
            }
        }
    }

    /// At `finish`, once the rows' times are settled and before the `dropped` ones (whose date
    /// does not exist) are removed: pushes the waiting session rows that stay, notes each host's
    /// last time over the file's rows, and fills the report's counts.
    pub(super) fn finish_sessions(&mut self, ctx: &mut FileCtx<'_>, dropped: &HashSet<usize>) {
        for p in std::mem::take(&mut self.pending_sessions) {
            if !dropped.contains(&p.row) {
                ctx.data.push_session(&p.event(ctx.data.logons.time[p.row]));
                self.session_counts[p.source] += 1;
            }
        }
        if self.binding.kind.is_alerts() {
            return;
        }
        // Rows of one host come in runs: the map is touched once a run.
        let logons = &ctx.data.logons;
        let mut last: HashMap<Sym, Ticks> = HashMap::new();
        let mut run: Option<(Sym, Ticks)> = None;
        for i in (self.start..logons.len()).filter(|i| !dropped.contains(i)) {
            let (host, time) = (logons.computer[i], logons.time[i]);
            match &mut run {
                Some((h, t)) if *h == host => *t = (*t).max(time),
                _ => {
                    if let Some((h, t)) = run.replace((host, time)) {
                        let seen = last.entry(h).or_insert(t);
                        *seen = (*seen).max(t);
                    }
                }
            }
        }
        if let Some((h, t)) = run {
            let seen = last.entry(h).or_insert(t);
            *seen = (*seen).max(t);
        }
        for (host, time) in last {
            let host = ctx.data.strings.resolve(host).to_string();
            ctx.data.note_session_time(&host, time, self.file);
        }
        ctx.report.session_sources = SOURCE_NAMES
            .iter()
            .zip(self.session_counts)
            .filter(|(_, n)| *n > 0)
            .map(|(name, events)| SessionSourceCount { source: name.to_string(), events })
            .collect();
    }

    /// The file's rows are given up: so are its session events.
    pub(super) fn abandon_sessions(&mut self, ctx: &mut FileCtx<'_>) {
        self.pending_sessions.clear();
        self.session_counts = [0; SOURCE_NAMES.len()];
        ctx.data.sessions.remove_file(self.file);
    }
}
