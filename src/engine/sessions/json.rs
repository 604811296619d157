//! `SessionsJson`: the sessions as `huntbench sessions --format json` prints them,
//! `{"sessions": [...], "unattached": [...]}`, with the keys issue 12 fixes. Times are ISO 8601
//! with seven digits, or null when unknown.

use serde::Serialize;

use super::{Evidence, Mark, RdpSession, SessionSet, Stretch};
use crate::engine::table::{FileId, StringPool, Sym};
use crate::engine::time::Ticks;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionsJson {
    pub sessions: Vec<SessionJson>,
    pub unattached: Vec<EvidenceJson>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionJson {
    #[serde(rename = "Host")]
    pub host: String,
    #[serde(rename = "Account")]
    pub account: String,
    #[serde(rename = "LogonIds")]
    pub logon_ids: Vec<String>,
    #[serde(rename = "Source")]
    pub source: &'static str,
    #[serde(rename = "Start")]
    pub start: Option<String>,
    #[serde(rename = "End")]
    pub end: Option<String>,
    #[serde(rename = "EndCause")]
    pub end_cause: &'static str,
    #[serde(rename = "SourceAddress")]
    pub source_address: String,
    #[serde(rename = "ClientName")]
    pub client_name: String,
    #[serde(rename = "DurationSeconds")]
    pub duration_seconds: Option<f64>,
    #[serde(rename = "Stretches")]
    pub stretches: Vec<StretchJson>,
    #[serde(rename = "Marks")]
    pub marks: Vec<MarkJson>,
    #[serde(rename = "Evidence")]
    pub evidence: Vec<EvidenceJson>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StretchJson {
    #[serde(rename = "State")]
    pub state: &'static str,
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
    /// The LSM 40 reason code; null when no 40 labels the stretch.
    #[serde(rename = "Reason")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MarkJson {
    #[serde(rename = "Kind")]
    pub kind: &'static str,
    #[serde(rename = "Time")]
    pub time: String,
    #[serde(rename = "LogonId")]
    pub logon_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceJson {
    #[serde(rename = "EventID")]
    pub event_id: i32,
    #[serde(rename = "Channel")]
    pub channel: String,
    #[serde(rename = "Time")]
    pub time: String,
    #[serde(rename = "EventTime")]
    pub event_time: Option<String>,
    #[serde(rename = "File")]
    pub file: String,
    #[serde(rename = "Line")]
    pub line: u64,
}

impl SessionsJson {
    /// `file_name` names a loaded file (the reports hold the names, not the engine).
    pub fn new(set: &SessionSet, pool: &StringPool, file_name: &dyn Fn(FileId) -> String) -> SessionsJson {
        SessionsJson {
            sessions: set.sessions.iter().map(|s| SessionJson::new(s, pool, file_name)).collect(),
            unattached: set.unattached.iter().map(|e| EvidenceJson::new(e, pool, file_name)).collect(),
        }
    }
}

fn iso(t: Option<Ticks>) -> Option<String> {
    t.map(Ticks::to_iso)
}

impl SessionJson {
    pub fn new(s: &RdpSession, pool: &StringPool, file_name: &dyn Fn(FileId) -> String) -> SessionJson {
        let text = |sym: Sym| pool.resolve(sym).to_string();
        SessionJson {
            host: s.host.clone(),
            account: s.account.clone(),
            logon_ids: s.logon_ids.iter().map(|&id| text(id)).collect(),
            source: s.source.as_str(),
            start: iso(s.start),
            end: iso(s.end),
            end_cause: s.end_cause.as_str(),
            source_address: text(s.source_address),
            client_name: text(s.client_name),
            duration_seconds: s.duration_seconds(),
            stretches: s.stretches.iter().map(|st| StretchJson::new(st, pool)).collect(),
            marks: s.marks.iter().map(|m| MarkJson::new(m, pool)).collect(),
            evidence: s.evidence.iter().map(|e| EvidenceJson::new(e, pool, file_name)).collect(),
        }
    }
}

impl StretchJson {
    pub fn new(s: &Stretch, pool: &StringPool) -> StretchJson {
        let text = |sym: Sym| pool.resolve(sym).to_string();
        StretchJson {
            state: s.state.as_str(),
            from: iso(s.from),
            to: iso(s.to),
            session_name: text(s.session_name),
            client_name: text(s.client_name),
            client_address: text(s.client_address),
            reason: s.reason.map(text),
        }
    }
}

impl MarkJson {
    pub fn new(m: &Mark, pool: &StringPool) -> MarkJson {
        MarkJson { kind: m.kind.as_str(), time: m.time.to_iso(), logon_id: pool.resolve(m.logon_id).to_string() }
    }
}

impl EvidenceJson {
    pub fn new(e: &Evidence, pool: &StringPool, file_name: &dyn Fn(FileId) -> String) -> EvidenceJson {
        EvidenceJson {
            event_id: e.event_id,
            channel: e.channel_text(pool).to_string(),
            time: e.time.to_iso(),
            event_time: e.event_time.map(|sym| pool.resolve(sym).to_string()),
            file: file_name(e.origin.file),
            line: e.origin.line,
        }
    }
}
