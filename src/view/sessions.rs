//! RDP sessions as the page draws them: `SessionView` (one session: its account, address and
//! client, start and end, stretches, marks and evidence) and `LoneView` (a 1149 that joined no
//! session), made from `engine::sessions`; `assign_tracks` puts overlapping sessions of a host
//! on two tracks. Their text is in `session_text.rs`.
//!
//! Like a logon mark, a session is numbers and `StringId`s into `ResultsView::strings`; its text
//! is made for the one session hovered or shown. What the data does not show stays unknown: a
//! session with no logoff says where the data of its host ends, and is never closed there.

use serde::{Deserialize, Serialize};

use super::lanes::Marks;
use super::results::StringId;
use crate::engine::sessions::{EndCause, Evidence, MarkKind, RdpSession, SessionSource, StretchState};
use crate::engine::{Dataset, Ticks};

/// How a session ended, as far as the data tells (`engine::sessions::EndCause`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndView {
    Logoff4634,
    Logoff4647,
    LogoffLsm23,
    HostShutdown,
    Disconnected,
    Unknown,
}

impl From<EndCause> for EndView {
    fn from(cause: EndCause) -> EndView {
        match cause {
            EndCause::Logoff4634 => EndView::Logoff4634,
            EndCause::Logoff4647 => EndView::Logoff4647,
            EndCause::LogoffLsm23 => EndView::LogoffLsm23,
            EndCause::HostShutdown => EndView::HostShutdown,
            EndCause::Disconnected => EndView::Disconnected,
            EndCause::Unknown => EndView::Unknown,
        }
    }
}

impl EndView {
    pub fn as_str(self) -> &'static str {
        match self {
            EndView::Logoff4634 => "logoff 4634",
            EndView::Logoff4647 => "logoff 4647",
            EndView::LogoffLsm23 => "logoff LSM 23",
            EndView::HostShutdown => "host shutdown",
            EndView::Disconnected => "disconnected",
            EndView::Unknown => "unknown",
        }
    }
}

/// A lock, unlock, reconnect logon (LogonType 7) or NLA logon (LogonType 3) of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionMarkKind {
    Lock,
    Unlock,
    Reconnect,
    Nla,
}

impl SessionMarkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionMarkKind::Lock => "lock",
            SessionMarkKind::Unlock => "unlock",
            SessionMarkKind::Reconnect => "reconnect",
            SessionMarkKind::Nla => "nla",
        }
    }
}

/// One RDP session. Times are ticks; `None` is unknown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub lane: usize,
    /// The host key.
    pub host: StringId,
    pub account: StringId,
    pub address: StringId,
    pub client: StringId,
    pub logon_ids: Vec<StringId>,
    /// Built by LocalSessionManager alone (no 4624 in the data), else by Security.
    pub lsm: bool,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub end_cause: EndView,
    /// The last time of any row of this host.
    pub data_ends: i64,
    /// Client name or address differs between connected stretches.
    pub client_changed: bool,
    /// The first and last moment the data shows of it (the start and end when known), in ticks:
    /// where its bar's body runs.
    pub first: i64,
    pub last: i64,
    pub stretches: Vec<StretchView>,
    pub marks: Vec<SessionMarkView>,
    pub evidence: Vec<EvidenceView>,
    /// Overlapping sessions of one host are drawn on two tracks: 0 or 1.
    pub track: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StretchView {
    pub connected: bool,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub session_name: StringId,
    pub client_name: StringId,
    pub client_address: StringId,
    /// The LSM 40 reason code (`StringId::EMPTY` when none labels it).
    pub reason: StringId,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionMarkView {
    pub kind: SessionMarkKind,
    pub ticks: i64,
}

/// One event that built a session, or a lone 1149.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceView {
    pub event_id: i32,
    pub channel: StringId,
    pub ticks: i64,
    /// The record's own EventTime text (`StringId::EMPTY` when it has none).
    pub event_time: StringId,
    pub file: StringId,
    pub line: u64,
}

/// A 1149 (network authentication succeeded) that joined no session: a lone mark on its lane.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoneView {
    pub user: StringId,
    pub address: StringId,
    pub evidence: EvidenceView,
}

fn ms(ticks: i64) -> f64 {
    Ticks(ticks).unix_millis_f64()
}

impl SessionView {
    pub(super) fn new(s: &RdpSession, lane: usize, marks: &mut Marks) -> SessionView {
        let pool = marks.pool();
        let stretches: Vec<StretchView> = s
            .stretches
            .iter()
            .map(|st| StretchView {
                connected: st.state == StretchState::Connected,
                from: st.from.map(|t| t.0),
                to: st.to.map(|t| t.0),
                session_name: marks.id(pool.resolve(st.session_name)),
                client_name: marks.id(pool.resolve(st.client_name)),
                client_address: marks.id(pool.resolve(st.client_address)),
                reason: st.reason.map_or(StringId::EMPTY, |r| marks.id(pool.resolve(r))),
            })
            .collect();
        let session_marks: Vec<SessionMarkView> = s
            .marks
            .iter()
            .map(|m| SessionMarkView {
                kind: match m.kind {
                    MarkKind::Lock => SessionMarkKind::Lock,
                    MarkKind::Unlock => SessionMarkKind::Unlock,
                    MarkKind::Reconnect => SessionMarkKind::Reconnect,
                    MarkKind::Nla => SessionMarkKind::Nla,
                },
                ticks: m.time.0,
            })
            .collect();
        let evidence: Vec<EvidenceView> = s.evidence.iter().map(|e| EvidenceView::new(e, marks)).collect();
        // What the data shows of it: stretches, marks and evidence; the start and end bound it
        // when known (evidence before a known start, such as the 1149 that preceded the logon,
        // is its evidence, not its bar).
        let known: Vec<i64> = stretches
            .iter()
            .flat_map(|st| [st.from, st.to])
            .flatten()
            .chain(session_marks.iter().map(|m| m.ticks))
            .chain(evidence.iter().map(|e| e.ticks))
            .collect();
        let start = s.start.map(|t| t.0);
        let end = s.end.map(|t| t.0);
        let first = start.unwrap_or_else(|| known.iter().copied().min().unwrap_or(s.data_ends.0));
        let last = end.unwrap_or_else(|| known.iter().copied().max().unwrap_or(first)).max(first);
        SessionView {
            lane,
            host: marks.id(&s.host),
            account: marks.id(&s.account),
            address: marks.id(pool.resolve(s.source_address)),
            client: marks.id(pool.resolve(s.client_name)),
            logon_ids: s.logon_ids.iter().map(|&id| marks.id(pool.resolve(id))).collect(),
            lsm: s.source == SessionSource::LocalSessionManager,
            start,
            end,
            end_cause: s.end_cause.into(),
            data_ends: s.data_ends.0,
            client_changed: s.client_changed,
            first,
            last,
            stretches,
            marks: session_marks,
            evidence,
            track: 0,
        }
    }

    /// Where its bar's body starts and ends, in Unix ms.
    pub fn first_ms(&self) -> f64 {
        ms(self.first)
    }

    pub fn last_ms(&self) -> f64 {
        ms(self.last)
    }

    pub fn open_start(&self) -> bool {
        self.start.is_none()
    }

    pub fn open_end(&self) -> bool {
        self.end.is_none()
    }

}

impl EvidenceView {
    pub(super) fn new(e: &Evidence, marks: &mut Marks) -> EvidenceView {
        let pool = marks.pool();
        let channel = marks.id(e.channel_text(pool));
        let event_time = e.event_time.map_or(StringId::EMPTY, |t| marks.id(pool.resolve(t)));
        let file = marks.file(e.origin.file);
        EvidenceView { event_id: e.event_id, channel, ticks: e.time.0, event_time, file, line: e.origin.line }
    }

}

impl LoneView {
    pub(super) fn new(e: &Evidence, data: &Dataset, marks: &mut Marks) -> LoneView {
        let row = data.sessions.get(e.row);
        let pool = &data.strings;
        let user = match pool.resolve(row.user) {
            "" => pool.resolve(row.account),
            user => user,
        };
        let address = match pool.resolve(row.address) {
            "" => pool.resolve(row.ip_address),
            address => address,
        };
        LoneView { user: marks.id(user), address: marks.id(address), evidence: EvidenceView::new(e, marks) }
    }

    pub fn time_ms(&self) -> f64 {
        ms(self.evidence.ticks)
    }

}

/// Puts overlapping sessions of one lane on two tracks: each takes track 0 unless the last
/// session on it has not ended by its start. `order` is the lane's sessions by first moment.
pub(super) fn assign_tracks(sessions: &mut [SessionView], order: &[usize]) {
    let mut busy_until: Option<i64> = None;
    for &i in order {
        let s = &mut sessions[i];
        if busy_until.is_some_and(|t| t >= s.first) {
            s.track = 1;
        } else {
            s.track = 0;
            busy_until = Some(s.last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::session_bench;
    use super::super::results::results;
    use super::*;
    use crate::engine::HuntParams;

    /// Sessions show on every host that has them: WS09 has no alert but gets a lane.
    #[test]
    fn sessions_on_every_host() {
        let view = results(&session_bench(), &HuntParams::default());
        let lanes: Vec<(&str, usize, Vec<&str>)> = view
            .lanes
            .iter()
            .map(|l| (l.host.as_str(), l.groups.len(), l.sessions.iter().map(|&i| view.string(view.sessions[i].account)).collect()))
            .collect();
        assert_eq!(lanes, [("WS01", 1, vec!["contoso\\alice"]), ("WS09", 0, vec!["contoso\\bob", "contoso\\carol"])]);
        for (li, lane) in view.lanes.iter().enumerate() {
            assert!(lane.sessions.iter().all(|&i| view.sessions[i].lane == li));
        }
        assert!(view.sessions.iter().all(|s| s.track == 0), "none overlaps another on its host");
    }

    /// Overlapping sessions of one host take the second track; one that starts after the
    /// others end takes the first again.
    #[test]
    fn overlapping_sessions_take_two_tracks() {
        let base = results(&session_bench(), &HuntParams::default()).sessions[0].clone();
        let check = |spans: &[(i64, i64)], expected: &[u8]| {
            let mut sessions: Vec<SessionView> = spans.iter().map(|&(first, last)| SessionView { first, last, ..base.clone() }).collect();
            let order: Vec<usize> = (0..sessions.len()).collect();
            assign_tracks(&mut sessions, &order);
            assert_eq!(sessions.iter().map(|s| s.track).collect::<Vec<_>>(), expected, "{spans:?}");
        };
        check(&[(0, 10), (20, 30)], &[0, 0]);
        check(&[(0, 10), (5, 30), (20, 40)], &[0, 1, 0]);
        check(&[(0, 10), (10, 30)], &[0, 1]);
        check(&[(0, 100), (5, 6), (7, 8), (101, 102)], &[0, 1, 1, 0]);
        check(&[], &[]);
    }
}
