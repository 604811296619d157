//! What the readers keep for RDP sessions (shared/spec/sessions.md): for each row whose channel
//! and event id have a session role, a `SessionEvent` in `Dataset::sessions`; for every row, its
//! host's last time (`SessionEvents::note_time`).
//!
//! `RowLoader::session_row` decides the role (`ChannelMemo`), asks the reader to fill the row's
//! session cells only then, and `SessionFields` takes the values from where each table keeps
//! them: SecurityEvent columns (4800/4801's SessionId from the EventData XML when there is no
//! column), Mordor top-level keys for Security events and the rendered `Message` for LSM and RCM
//! ("User: THESHIRE\pgustavo", "Session ID: 2", "Source Network Address: 1.2.3.4", "Session 2 has
//! been disconnected, reason code 5"), WindowsEvent and EVTX EventData or UserData. Values stay
//! exact strings: only the separator after a `Message` label is dropped.
//!
//! Rows whose time waits for the day/month order are kept aside (`PendingSession`) and pushed at
//! `finish` with the time the file settles, or dropped with their row.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::RowLoader;
use crate::engine::sessions::{join_account, ChannelKind, EventKind, SessionEvent};
use crate::engine::{Origin, Sym, Ticks};
use crate::ingest::datetime::{DateOrder, DayMonth};
use crate::ingest::report::SessionSourceCount;
use crate::ingest::schema::{Field, TableKind};
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

/// The channel text of a row: `Channel`, else the provider.
fn channel_of(rec: &super::Record) -> &str {
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

/// One session row whose time waits for the file's day/month order.
pub(super) struct PendingSession {
    fields: SessionFields,
    host: String,
    value: DayMonth,
    event_id: i32,
    logon_type: Option<i32>,
    origin: Origin,
    source: usize,
}

/// A row's session values, owned and reused from row to row.
#[derive(Clone, Debug, Default)]
pub(super) struct SessionFields {
    channel: String,
    target_logon_id: String,
    target_linked_logon_id: String,
    logon_id: String,
    account: String,
    ip_address: String,
    session_name: String,
    client_name: String,
    client_address: String,
    workstation_name: String,
    elevated_token: String,
    session_id: String,
    activity_id: String,
    user: String,
    address: String,
    reason: String,
    source: String,
    event_time: String,
}

impl SessionFields {
    fn event<'a>(&'a self, host: &'a str, time: Ticks, event_id: i32, logon_type: Option<i32>, origin: Origin) -> SessionEvent<'a> {
        SessionEvent {
            host,
            time,
            channel: &self.channel,
            event_id: Some(event_id),
            logon_type,
            target_logon_id: &self.target_logon_id,
            target_linked_logon_id: &self.target_linked_logon_id,
            logon_id: &self.logon_id,
            account: &self.account,
            ip_address: &self.ip_address,
            session_name: &self.session_name,
            client_name: &self.client_name,
            client_address: &self.client_address,
            workstation_name: &self.workstation_name,
            elevated_token: &self.elevated_token,
            session_id: &self.session_id,
            activity_id: &self.activity_id,
            user: &self.user,
            address: &self.address,
            reason: &self.reason,
            source: &self.source,
            event_time: &self.event_time,
            origin,
        }
    }

    fn clear(&mut self) {
        for s in [
            &mut self.channel,
            &mut self.target_logon_id,
            &mut self.target_linked_logon_id,
            &mut self.logon_id,
            &mut self.account,
            &mut self.ip_address,
            &mut self.session_name,
            &mut self.client_name,
            &mut self.client_address,
            &mut self.workstation_name,
            &mut self.elevated_token,
            &mut self.session_id,
            &mut self.activity_id,
            &mut self.user,
            &mut self.address,
            &mut self.reason,
            &mut self.source,
            &mut self.event_time,
        ] {
            s.clear();
        }
    }

    /// Fills every value from the row's cells (`bag`: a WindowsEvent's parsed EventData).
    fn fill(&mut self, table: TableKind, kind: EventKind, channel: ChannelKind, rec: &super::Record, bag: Option<&Map<String, Value>>) {
        self.clear();
        set(&mut self.channel, channel_of(rec));
        let (security, rdp_service) =
            (channel.is_security(), matches!(channel, ChannelKind::LocalSessionManager | ChannelKind::RemoteConnectionManager));
        let session_change = matches!(kind, EventKind::Reconnect | EventKind::Disconnect);
        match table {
            TableKind::SecurityAlert => {}
            TableKind::SecurityEvent => {
                self.security_columns(rec);
                match rec.text(Field::SessionId) {
                    "" => set(&mut self.session_id, &xml_data(rec.text(Field::EventDataXml), "SessionId").unwrap_or_default()),
                    id => set(&mut self.session_id, id),
                }
                let (name, domain) = (rec.text(Field::AccountName), rec.text(Field::AccountDomain));
                if session_change && !name.is_empty() {
                    self.account = join_account(domain, name);
                } else {
                    set(&mut self.account, rec.text(Field::Account));
                }
            }
            TableKind::Mordor => {
                set(&mut self.event_time, rec.text(Field::EventTime));
                if security {
                    self.security_columns(rec);
                    set(&mut self.session_id, rec.text(Field::SessionId));
                    self.account = if session_change {
                        join_account(rec.text(Field::AccountDomain), rec.text(Field::AccountName))
                    } else {
                        join_account(rec.text(Field::TargetDomainName), rec.text(Field::TargetUserName))
                    };
                } else if rdp_service {
                    set(&mut self.activity_id, rec.text(Field::ActivityId));
                    self.from_message(kind, rec.text(Field::Message));
                }
            }
            TableKind::WindowsEvent => {
                let user_data = match rec.text(Field::UserData) {
                    "" => None,
                    text => serde_json::from_str::<Map<String, Value>>(text).ok(),
                };
                let bags: Vec<&Map<String, Value>> = bag.into_iter().chain(user_data.as_ref()).collect();
                let get = |key: &str| bag_text(&bags, key).unwrap_or_default();
                if security {
                    for (value, key) in [
                        (&mut self.target_logon_id, "TargetLogonId"),
                        (&mut self.target_linked_logon_id, "TargetLinkedLogonId"),
                        (&mut self.logon_id, "LogonID"),
                        (&mut self.ip_address, "IpAddress"),
                        (&mut self.session_name, "SessionName"),
                        (&mut self.client_name, "ClientName"),
                        (&mut self.client_address, "ClientAddress"),
                        (&mut self.workstation_name, "WorkstationName"),
                        (&mut self.elevated_token, "ElevatedToken"),
                        (&mut self.session_id, "SessionId"),
                    ] {
                        *value = get(key);
                    }
                    self.account = if session_change {
                        join_account(&get("AccountDomain"), &get("AccountName"))
                    } else {
                        join_account(&get("TargetDomainName"), &get("TargetUserName"))
                    };
                } else if rdp_service {
                    set(&mut self.activity_id, &activity_of_correlation(rec.text(Field::Correlation)));
                    let first = |keys: &[&str]| keys.iter().find_map(|k| bag_text(&bags, k)).unwrap_or_default();
                    if kind == EventKind::RcmAuth {
                        self.user = join_account(&get("Param2"), &get("Param1"));
                        self.address = get("Param3");
                    } else {
                        self.user = get("User");
                        self.address = get("Address");
                    }
                    self.session_id = first(&["SessionID", "Session", "TargetSession"]);
                    self.reason = get("Reason");
                    self.source = get("Source");
                }
            }
        }
    }

    /// The Security values SecurityEvent and Mordor both carry as columns of their own.
    fn security_columns(&mut self, rec: &super::Record) {
        for (value, field) in [
            (&mut self.target_logon_id, Field::TargetLogonId),
            (&mut self.target_linked_logon_id, Field::TargetLinkedLogonId),
            (&mut self.logon_id, Field::LogonId),
            (&mut self.ip_address, Field::IpAddress),
            (&mut self.session_name, Field::SessionName),
            (&mut self.client_name, Field::ClientName),
            (&mut self.client_address, Field::ClientAddress),
            (&mut self.workstation_name, Field::WorkstationName),
            (&mut self.elevated_token, Field::ElevatedToken),
        ] {
            set(value, rec.text(field));
        }
    }

    /// An LSM or RCM record's values from its rendered message (Mordor's only copy of them).
    fn from_message(&mut self, kind: EventKind, message: &str) {
        let label = |name: &str| message_value(message, name).unwrap_or("");
        match kind {
            EventKind::RcmAuth => {
                self.user = join_account(label("Domain"), label("User"));
                set(&mut self.address, label("Source Network Address"));
            }
            EventKind::LsmReason | EventKind::LsmTakeover => {
                if let Some((session, rest)) = message.strip_prefix("Session ").and_then(|m| m.split_once(' ')) {
                    set(&mut self.session_id, session);
                    if let Some((_, reason)) = rest.split_once("reason code ") {
                        set(&mut self.reason, reason.trim_end_matches(['.', ' ', '\r', '\n']));
                    }
                    if let Some((_, source)) = rest.split_once("by session ") {
                        set(&mut self.source, source.trim_end_matches(['.', ' ', '\r', '\n']));
                    }
                }
            }
            _ => {
                set(&mut self.user, label("User"));
                set(&mut self.session_id, label("Session ID"));
                set(&mut self.address, label("Source Network Address"));
            }
        }
    }
}

fn set(target: &mut String, value: &str) {
    target.clear();
    target.push_str(value);
}

/// The value after `label:` on a line of a rendered message, without the separator after the colon.
pub fn message_value<'m>(message: &'m str, label: &str) -> Option<&'m str> {
    message.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        (name.trim() == label).then(|| value.trim_start_matches([' ', '\t']))
    })
}

/// `<Data Name="SessionId">2</Data>` of an EventData XML, with its five entities decoded.
pub fn xml_data(xml: &str, name: &str) -> Option<String> {
    let start = [format!("Name=\"{name}\">"), format!("Name='{name}'>")]
        .iter()
        .find_map(|open| xml.find(open.as_str()).map(|at| at + open.len()))?;
    let end = xml[start..].find("</Data>")?;
    let raw = &xml[start..start + end];
    Some(raw.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&"))
}

/// A value of a property bag as text (numbers as written, objects as JSON), looked up at the top
/// of each bag, then one level down (`UserData` nests its values in `EventXML`).
fn bag_text(bags: &[&Map<String, Value>], key: &str) -> Option<String> {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    bags.iter().find_map(|bag| {
        bag.get(key).map(text).or_else(|| {
            bag.values().find_map(|inner| match inner {
                Value::Object(o) => o.get(key).map(text),
                _ => None,
            })
        })
    })
}

/// The ActivityID of a WindowsEvent `Correlation`: `{"ActivityID":"{..}"}`, `<Correlation
/// ActivityID="{..}"/>`, or the identifier alone (EVTX).
pub fn activity_of_correlation(text: &str) -> String {
    if let Ok(object) = serde_json::from_str::<Map<String, Value>>(text) {
        return bag_text(&[&object], "ActivityID").unwrap_or_default();
    }
    match text.split_once("ActivityID=\"") {
        Some((_, rest)) => rest.split('"').next().unwrap_or("").to_string(),
        None => text.to_string(),
    }
}

impl RowLoader {
    /// After a logon-side row is loaded: stores its session event if its channel and event id
    /// have a session role, calling `fill` first so the reader can read the session cells.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn session_row(
        &mut self,
        ctx: &mut FileCtx<'_>,
        rec: &mut super::Record,
        fill: &mut dyn FnMut(&mut super::Record),
        bag: Option<&Map<String, Value>>,
        time: Ticks,
        pending: Option<DayMonth>,
        event_id: Option<i32>,
        logon_type: Option<i32>,
        origin: Origin,
    ) {
        let channel = self.channels.kind(channel_of(rec));
        let (Some(id), Some(kind)) = (event_id, event_id.and_then(|id| EventKind::of(channel, id))) else { return };
        fill(rec);
        self.session.fill(self.binding.kind, kind, channel, rec, bag);
        let host = rec.text(Field::Computer);
        match pending {
            None => {
                ctx.data.push_session(&self.session.event(host, time, id, logon_type, origin));
                self.session_counts[source_of(kind)] += 1;
            }
            Some(value) => self.pending_sessions.push(PendingSession {
                fields: self.session.clone(),
                host: host.to_string(),
                value,
                event_id: id,
                logon_type,
                origin,
                source: source_of(kind),
            }),
        }
    }

    /// At `finish`, once the order is known: pushes the waiting session rows whose date exists
    /// in it, notes each host's last time over the file's rows, and fills the report's counts.
    pub(super) fn finish_sessions(&mut self, ctx: &mut FileCtx<'_>, order: DateOrder) {
        for p in std::mem::take(&mut self.pending_sessions) {
            if let Some(time) = p.value.resolve(order).and_then(|t| t.checked_add(-self.local_offset_ticks)) {
                ctx.data.push_session(&p.fields.event(&p.host, time, p.event_id, p.logon_type, p.origin));
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
        for i in self.start..logons.len() {
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
