//! The sessions of the answer key (with `Options::sessions`): [`SessionsKey`] holds the session
//! stories ([`SessionStoryKey`]) and every RDP session the exports show ([`SessionKey`]), in
//! the shape of the engine's `SessionsJson` (its evidence without files and lines), written
//! from what was planted, never by running the session builder.
//!
//! The session stories (`stories::sessions`) write their sessions down as they plant them, as
//! `PlantedSession`s. Every other RDP logon (true positives, near misses, the noise's servers)
//! is a session too, and `incidental` writes those from their rows: the 4624 that starts it,
//! the logoff that carries its logon id when one was written (only a true positive's), and
//! the network logons (NLA) of the same account and address on the same host at most 30 s
//! before it.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::rows::{EventChannel, SessionColumns};
use super::{Event, Scenario};
use crate::engine::time::TICKS_PER_SECOND;
use crate::engine::Ticks;

/// A network logon precedes the RDP logon it authenticates by at most this.
const NLA_WINDOW: i64 = 30 * TICKS_PER_SECOND;


/// Seconds as `SessionsJson` writes `DurationSeconds`: ticks / 10^7 as a float. Compared as
/// numbers (never NaN).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seconds(pub f64);

impl Eq for Seconds {}

/// The sessions of a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionsKey {
    pub stories: Vec<SessionStoryKey>,
    /// Every session the exports show: the stories', and those of the other RDP logons. By
    /// host, then start (unknown first), then first evidence.
    pub sessions: Vec<SessionKey>,
    /// Evidence that joins no session: none is planted, so 0.
    pub unattached: usize,
}

/// A planted session story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionStoryKey {
    pub id: usize,
    /// `full-session`, `disconnect-reconnect`, `linked-admin`, `reboot-reuse`, `before-data`,
    /// `no-end` or `lateral-chain`.
    pub kind: String,
    pub summary: String,
    /// As the logs spell it.
    pub account: String,
    /// Computer of each host, as logged; a chain's in the order reached.
    pub hosts: Vec<String>,
    /// The sessions' logon ids, in the order of `hosts` (two for linked administrator logons,
    /// the same id twice for a reuse after a reboot).
    pub logon_ids: Vec<String>,
}

/// One session, as `huntbench sessions --format json` prints it (its evidence without file and
/// line), and the story it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionKey {
    /// The id of the session story, true positive or near miss; null for the noise's.
    #[serde(rename = "Story")]
    pub story: Option<usize>,
    #[serde(rename = "Host")]
    pub host: String,
    #[serde(rename = "Account")]
    pub account: String,
    #[serde(rename = "LogonIds")]
    pub logon_ids: Vec<String>,
    #[serde(rename = "Source")]
    pub source: String,
    #[serde(rename = "Start")]
    pub start: Option<String>,
    #[serde(rename = "End")]
    pub end: Option<String>,
    #[serde(rename = "EndCause")]
    pub end_cause: String,
    #[serde(rename = "SourceAddress")]
    pub source_address: String,
    #[serde(rename = "ClientName")]
    pub client_name: String,
    #[serde(rename = "DurationSeconds")]
    pub duration_seconds: Option<Seconds>,
    #[serde(rename = "Stretches")]
    pub stretches: Vec<StretchKey>,
    #[serde(rename = "Marks")]
    pub marks: Vec<MarkKey>,
    #[serde(rename = "Evidence")]
    pub evidence: Vec<EvidenceKey>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StretchKey {
    #[serde(rename = "State")]
    pub state: String,
    #[serde(rename = "From")]
    pub from: Option<String>,
    #[serde(rename = "To")]
    pub to: Option<String>,
    #[serde(rename = "SessionName")]
    pub session_name: String,
    #[serde(rename = "ClientName")]
    pub client_name: String,
    #[serde(rename = "ClientAddress")]
    pub client_address: String,
    #[serde(rename = "Reason")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkKey {
    #[serde(rename = "Kind")]
    pub kind: String,
    #[serde(rename = "Time")]
    pub time: String,
    #[serde(rename = "LogonId")]
    pub logon_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceKey {
    #[serde(rename = "EventID")]
    pub event_id: i32,
    #[serde(rename = "Channel")]
    pub channel: String,
    #[serde(rename = "Time")]
    pub time: String,
}

impl SessionKey {
    /// The session's start in ticks, when known.
    pub fn start_ticks(&self) -> Option<Ticks> {
        self.start.as_deref().and_then(parse_iso)
    }

    /// The session's end in ticks, when known.
    pub fn end_ticks(&self) -> Option<Ticks> {
        self.end.as_deref().and_then(parse_iso)
    }
}

/// The ISO text `Ticks::to_iso` writes, back to ticks.
fn parse_iso(text: &str) -> Option<Ticks> {
    match crate::ingest::datetime::parse(text) {
        Ok(crate::ingest::datetime::Parsed::Exact { ticks, .. }) => Some(ticks),
        _ => None,
    }
}

/// A stretch as planted.
#[derive(Clone, Debug)]
pub(super) struct PlantedStretch {
    pub connected: bool,
    pub from: Option<Ticks>,
    pub to: Option<Ticks>,
    pub session_name: String,
    pub client_name: String,
    pub client_address: String,
    /// The reason code of the LSM 40 that labels it.
    pub reason: Option<String>,
}

/// A session as planted, in ticks; `key` writes it down.
#[derive(Clone, Debug)]
pub(super) struct PlantedSession {
    pub story: Option<usize>,
    /// Computer, as logged.
    pub computer: String,
    /// As logged.
    pub account: String,
    pub logon_ids: Vec<u64>,
    pub start: Option<Ticks>,
    pub end: Option<Ticks>,
    /// `logoff 4634`, `logoff 4647`, `host shutdown`, `disconnected` or `unknown`.
    pub end_cause: &'static str,
    pub source_address: String,
    pub client_name: String,
    pub stretches: Vec<PlantedStretch>,
    /// (kind, time, logon id).
    pub marks: Vec<(&'static str, Ticks, u64)>,
    /// Security events: (event id, time), in the order written.
    pub evidence: Vec<(i32, Ticks)>,
    /// LSM and RCM events (WindowsEvent only): (channel, event id, time).
    pub services: Vec<(EventChannel, i32, Ticks)>,
}

impl PlantedSession {
    /// A session started at `start` by a 4624 of `logon_id` from `address`: connected, end
    /// unknown until a logoff or a disconnect says otherwise.
    pub fn started(story: Option<usize>, computer: &str, account: &str, logon_id: u64, start: Ticks, address: &str) -> PlantedSession {
        // `-` and `LOCAL` name no remote address.
        let address = if matches!(address.trim(), "" | "-") || address.trim().eq_ignore_ascii_case("LOCAL") { "" } else { address };
        PlantedSession {
            story,
            computer: computer.to_string(),
            account: account.to_string(),
            logon_ids: vec![logon_id],
            start: Some(start),
            end: None,
            end_cause: "unknown",
            source_address: address.to_string(),
            client_name: String::new(),
            stretches: vec![PlantedStretch {
                connected: true,
                from: Some(start),
                to: None,
                session_name: String::new(),
                client_name: String::new(),
                client_address: address.to_string(),
                reason: None,
            }],
            marks: Vec::new(),
            evidence: vec![(4624, start)],
            services: Vec::new(),
        }
    }

    /// Ends the session (and its last stretch) at `time`.
    pub fn end_at(&mut self, time: Ticks, cause: &'static str) {
        self.end = Some(time);
        self.end_cause = cause;
        if let Some(last) = self.stretches.last_mut() {
            last.to = Some(time);
        }
    }

    /// The host as the builder keys it: `toupper` (every planted name is ASCII).
    fn host(&self) -> String {
        self.computer.to_ascii_uppercase()
    }

    fn first_evidence(&self) -> Option<Ticks> {
        self.evidence.iter().map(|&(_, t)| t).min()
    }

    pub fn key(&self) -> SessionKey {
        let iso = |t: Option<Ticks>| t.map(Ticks::to_iso);
        let mut marks = self.marks.clone();
        marks.sort_by_key(|m| m.1);
        let security = self.evidence.iter().map(|&(id, t)| (EventChannel::Security, id, t));
        let mut evidence: Vec<(EventChannel, i32, Ticks)> = security.chain(self.services.iter().copied()).collect();
        evidence.sort_by_key(|e| e.2);
        SessionKey {
            story: self.story,
            host: self.host(),
            account: self.account.to_ascii_lowercase(),
            logon_ids: self.logon_ids.iter().map(|&id| SessionColumns::hex(id)).collect(),
            source: "Security".to_string(),
            start: iso(self.start),
            end: iso(self.end),
            end_cause: self.end_cause.to_string(),
            source_address: self.source_address.clone(),
            client_name: self.client_name.clone(),
            duration_seconds: match (self.start, self.end) {
                (Some(s), Some(e)) => Some(Seconds((e.0 - s.0) as f64 / TICKS_PER_SECOND as f64)),
                _ => None,
            },
            stretches: self
                .stretches
                .iter()
                .map(|s| StretchKey {
                    state: if s.connected { "connected" } else { "disconnected" }.to_string(),
                    from: iso(s.from),
                    to: iso(s.to),
                    session_name: s.session_name.clone(),
                    client_name: s.client_name.clone(),
                    client_address: s.client_address.clone(),
                    reason: s.reason.clone(),
                })
                .collect(),
            marks: marks
                .iter()
                .map(|&(kind, t, id)| MarkKey { kind: kind.to_string(), time: t.to_iso(), logon_id: SessionColumns::hex(id) })
                .collect(),
            evidence: evidence
                .iter()
                .map(|&(channel, id, t)| EvidenceKey { event_id: id, channel: channel.name().to_string(), time: t.to_iso() })
                .collect(),
        }
    }
}

/// What the session stories planted: their keys, their sessions, and the hosts they own.
#[derive(Clone, Debug, Default)]
pub(super) struct PlantedSessions {
    pub stories: Vec<SessionStoryKey>,
    pub sessions: Vec<PlantedSession>,
    /// Computers of the story hosts: `incidental` leaves their rows alone.
    pub hosts: HashSet<String>,
    /// Rows the stories wrote, on top of the requested events.
    pub rows: usize,
}

/// The key: the stories' sessions and those of every other RDP logon of the scenario.
pub(super) fn key(s: &Scenario, planted: PlantedSessions) -> SessionsKey {
    let mut story_of: HashMap<&str, usize> = HashMap::new();
    for story in &s.answer.stories {
        story_of.insert(&story.logon_computer, story.id);
    }
    for miss in &s.answer.near_misses {
        story_of.insert(&miss.logon_computer, miss.id);
    }
    let others = incidental(s.events().filter(|e| !planted.hosts.contains(e.computer)), &story_of);
    let mut sessions: Vec<PlantedSession> = planted.sessions.into_iter().chain(others).collect();
    sessions.sort_by_key(|s| (s.host(), s.start, s.first_evidence()));
    SessionsKey { stories: planted.stories, sessions: sessions.iter().map(PlantedSession::key).collect(), unattached: 0 }
}

/// The sessions of RDP logons outside the session stories, from their rows in time order.
fn incidental<'a>(events: impl Iterator<Item = Event<'a>>, story_of: &HashMap<&str, usize>) -> Vec<PlantedSession> {
    type Link = (String, String, String);
    let mut sessions: Vec<PlantedSession> = Vec::new();
    let mut by_id: HashMap<(&str, u64), usize> = HashMap::new();
    // Network logons waiting for an RDP logon, and the last RDP logon, per (host, account, address).
    let mut waiting: HashMap<Link, Vec<(Ticks, u64)>> = HashMap::new();
    let mut last_start: HashMap<Link, (Ticks, usize)> = HashMap::new();
    for e in events {
        let id = e.session.logon_id;
        let link = || (e.computer.to_ascii_uppercase(), e.account.to_ascii_lowercase(), e.ip.to_string());
        match (e.event_id, e.logon_type) {
            (4624, Some(10 | 12)) => {
                let mut session = PlantedSession::started(story_of.get(e.computer).copied(), e.computer, e.account, id, e.time, e.ip);
                if let Some(nla) = waiting.remove(&link()) {
                    for (t, nla_id) in nla.into_iter().filter(|&(t, _)| e.time.0 - t.0 <= NLA_WINDOW) {
                        session.marks.push(("nla", t, nla_id));
                        session.evidence.push((4624, t));
                    }
                }
                by_id.insert((e.computer, id), sessions.len());
                last_start.entry(link()).and_modify(|s| *s = if s.0 == e.time { *s } else { (e.time, sessions.len()) }).or_insert((e.time, sessions.len()));
                sessions.push(session);
            }
            (4624, Some(3)) if !matches!(e.ip, "" | "-") => match last_start.get(&link()) {
                // An RDP logon at the same instant, written before it, is still "at or after" it.
                Some(&(t, i)) if t == e.time => {
                    sessions[i].marks.push(("nla", e.time, id));
                    sessions[i].evidence.push((4624, e.time));
                }
                _ => waiting.entry(link()).or_default().push((e.time, id)),
            },
            (4634, lt) | (4647, lt) if !matches!(lt, Some(3 | 7)) && id != 0 => {
                if let Some(&i) = by_id.get(&(e.computer, id)) {
                    let session = &mut sessions[i];
                    session.evidence.push((e.event_id, e.time));
                    if session.end.is_none() {
                        session.end_at(e.time, if e.event_id == 4634 { "logoff 4634" } else { "logoff 4647" });
                    }
                }
            }
            _ => {}
        }
    }
    sessions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sessions::{build, SessionEvent, SessionEvents, SessionsJson};
    use crate::engine::table::{FileId, Origin, StringPool};
    use crate::scenario::Hostile;

    /// (seconds, event id, logon type, account, ip, logon id) on one host.
    fn event(row: &(i64, i32, Option<i32>, &'static str, &'static str, u64)) -> Event<'static> {
        let &(seconds, event_id, logon_type, account, ip, logon_id) = row;
        Event {
            time: Ticks(638_000_000_000_000_000 + seconds * TICKS_PER_SECOND),
            event_id,
            logon_type,
            account,
            computer: "SRV-RDS01.contoso.com",
            ip,
            logon_process: "",
            auth_package: "",
            workstation: "",
            hostile: Hostile::No,
            session: SessionColumns { logon_id, linked_logon_id: (event_id == 4624).then_some(0), ..SessionColumns::default() },
        }
    }

    /// `incidental`'s sessions are the builder's for the same rows.
    fn check(rows: &[(i64, i32, Option<i32>, &'static str, &'static str, u64)], nla_marks: usize) {
        let events: Vec<Event<'static>> = rows.iter().map(event).collect();
        let planted = incidental(events.iter().copied(), &HashMap::new());
        let mut pool = StringPool::default();
        let mut pushed = SessionEvents::default();
        for (line, e) in events.iter().enumerate() {
            let id = e.session.logon_id_text();
            let linked = e.session.linked_text();
            let row = SessionEvent {
                host: e.computer,
                time: e.time,
                channel: "Security",
                event_id: Some(e.event_id),
                logon_type: e.logon_type,
                target_logon_id: &id,
                target_linked_logon_id: &linked,
                account: e.account,
                ip_address: e.ip,
                origin: Origin { file: FileId(0), line: line as u64 },
                ..SessionEvent::default()
            };
            pushed.push(&mut pool, &row);
        }
        let built = serde_json::to_value(SessionsJson::new(&build(&pushed, &pool, false), &pool, &|_| String::new())).unwrap();
        let mut built: Vec<serde_json::Value> = built["sessions"].as_array().unwrap().clone();
        for s in &mut built {
            for e in s["Evidence"].as_array_mut().unwrap() {
                e.as_object_mut().unwrap().retain(|k, _| matches!(k.as_str(), "EventID" | "Channel" | "Time"));
            }
        }
        let mut want: Vec<serde_json::Value> = planted.iter().map(|p| serde_json::to_value(p.key()).unwrap()).collect();
        for s in &mut want {
            s.as_object_mut().unwrap().remove("Story");
        }
        assert_eq!(built, want, "{rows:?}");
        assert_eq!(planted.iter().map(|p| p.marks.len()).sum::<usize>(), nla_marks, "{rows:?}");
    }

    const U: &str = "CONTOSO\\asmith";
    const V: &str = "CONTOSO\\bjones";

    #[test]
    fn incidental_sessions_are_the_builders() {
        // A logon alone; with its logoff; a logoff of another logon id.
        check(&[(0, 4624, Some(10), U, "10.0.0.1", 0x100)], 0);
        check(&[(0, 4624, Some(10), U, "10.0.0.1", 0x100), (60, 4634, Some(10), U, "", 0x100)], 0);
        check(&[(0, 4624, Some(10), U, "10.0.0.1", 0x100), (60, 4634, Some(10), U, "", 0x200)], 0);
        // Network logons before it: same account and address within 30 s are NLA marks.
        check(&[(0, 4624, Some(3), U, "10.0.0.1", 0x50), (30, 4624, Some(10), U, "10.0.0.1", 0x100)], 1);
        check(&[(0, 4624, Some(3), U, "10.0.0.1", 0x50), (31, 4624, Some(10), U, "10.0.0.1", 0x100)], 0);
        check(&[(0, 4624, Some(3), U, "10.0.0.2", 0x50), (5, 4624, Some(10), U, "10.0.0.1", 0x100)], 0);
        check(&[(0, 4624, Some(3), V, "10.0.0.1", 0x50), (5, 4624, Some(10), U, "10.0.0.1", 0x100)], 0);
        check(&[(0, 4624, Some(3), U, "-", 0x50), (5, 4624, Some(10), U, "-", 0x100)], 0);
        // The first RDP logon after it takes it; one at the same instant, written after, too.
        check(
            &[(0, 4624, Some(3), U, "10.0.0.1", 0x50), (5, 4624, Some(10), U, "10.0.0.1", 0x100), (9, 4624, Some(10), U, "10.0.0.1", 0x101)],
            1,
        );
        check(&[(5, 4624, Some(10), U, "10.0.0.1", 0x100), (5, 4624, Some(3), U, "10.0.0.1", 0x50)], 1);
        check(
            &[(5, 4624, Some(10), U, "10.0.0.1", 0x100), (5, 4624, Some(10), U, "10.0.0.1", 0x101), (5, 4624, Some(3), U, "10.0.0.1", 0x50)],
            1,
        );
        check(&[(0, 4624, Some(3), U, "10.0.0.1", 0x50), (2, 4624, Some(3), U, "10.0.0.1", 0x51), (5, 4624, Some(10), U, "10.0.0.1", 0x100)], 2);
    }
}
