//! The RDP session builder against shared/spec/sessions.md: each rule in tiny cases
//! (`rules`), the spec's two real examples encoded by hand (`examples`) and read from the real
//! files (`real`), and random event streams against invariants and a plain reference of the
//! Security-only core (`props`).
//!
//! Cases are lists of `Ev`; `check` builds the sessions and compares one line per session
//! (`line`) and one for what stayed unattached. Evidence is written as the indexes of the
//! input events, times as seconds after `t(0)`.

mod examples;
mod props;
mod real;
mod rules;

use huntbench::engine::sessions::{self, RdpSession, SessionEvent, SessionEvents, SessionSet};
use huntbench::engine::time::TICKS_PER_MILLISECOND;
use huntbench::engine::{FileId, Origin, StringPool, Ticks};

use crate::fixtures::t;

pub const SECURITY: &str = "Security";
pub const LSM: &str = "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational";
pub const RCM: &str = "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational";
pub const SYSTEM: &str = "System";

/// One input event; text fields are `""` unless set.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ev {
    pub host: &'static str,
    /// Milliseconds after `t(0)`.
    pub ms: i64,
    pub channel: &'static str,
    pub id: i32,
    pub lt: Option<i32>,
    pub tli: &'static str,
    pub linked: &'static str,
    pub logon_id: &'static str,
    pub account: &'static str,
    pub ip: &'static str,
    pub session_name: &'static str,
    pub client_name: &'static str,
    pub client_address: &'static str,
    pub elevated: &'static str,
    pub sid: &'static str,
    pub activity: &'static str,
    pub user: &'static str,
    pub address: &'static str,
    pub reason: &'static str,
    pub event_time: &'static str,
}

pub const USER: &str = "THESHIRE\\pgustavo";
pub const ADDRESS: &str = "1.2.3.4";
pub const CLIENT: &str = "robertos-mbp";

fn base(channel: &'static str, id: i32, ms: i64) -> Ev {
    Ev { host: "WS5", ms, channel, id, ..Ev::default() }
}

/// Security 4624 of logon type `lt`, from `ADDRESS` as `USER`, not elevated, TargetLinkedLogonId 0x0.
pub fn logon(ms: i64, lt: i32, id: &'static str) -> Ev {
    Ev { lt: Some(lt), tli: id, linked: "0x0", account: USER, ip: ADDRESS, elevated: "%%1843", ..base(SECURITY, 4624, ms) }
}

/// 4634 of a LogonType 10 logon.
pub fn logoff(ms: i64, id: &'static str) -> Ev {
    Ev { lt: Some(10), tli: id, account: USER, ..base(SECURITY, 4634, ms) }
}

pub fn user_logoff(ms: i64, id: &'static str) -> Ev {
    Ev { tli: id, account: USER, ..base(SECURITY, 4647, ms) }
}

/// 4779 (`reconnect: false`) or 4778 from `CLIENT` at `ADDRESS`.
fn session_change(ms: i64, id: &'static str, name: &'static str, reconnect: bool) -> Ev {
    let event = if reconnect { 4778 } else { 4779 };
    Ev { logon_id: id, account: USER, session_name: name, client_name: CLIENT, client_address: ADDRESS, ..base(SECURITY, event, ms) }
}

pub fn disconnect(ms: i64, id: &'static str, name: &'static str) -> Ev {
    session_change(ms, id, name, false)
}

pub fn reconnect(ms: i64, id: &'static str, name: &'static str) -> Ev {
    session_change(ms, id, name, true)
}

pub fn lock(ms: i64, id: &'static str, sid: &'static str) -> Ev {
    Ev { tli: id, account: USER, sid, ..base(SECURITY, 4800, ms) }
}

pub fn unlock(ms: i64, id: &'static str, sid: &'static str) -> Ev {
    Ev { tli: id, account: USER, sid, ..base(SECURITY, 4801, ms) }
}

/// LSM event `id` (21-25) of session `sid`, `USER`, from `ADDRESS` (23 carries none).
pub fn lsm(ms: i64, id: i32, sid: &'static str) -> Ev {
    let address = if id == 23 { "" } else { ADDRESS };
    Ev { user: USER, sid, address, ..base(LSM, id, ms) }
}

/// LSM 40: session `sid` disconnected, reason `code`.
pub fn reason(ms: i64, sid: &'static str, code: &'static str) -> Ev {
    Ev { sid, reason: code, ..base(LSM, 40, ms) }
}

/// RCM 1149 for theshire\pgustavo from `ADDRESS`.
pub fn auth(ms: i64) -> Ev {
    Ev { user: "theshire\\pgustavo", address: ADDRESS, ..base(RCM, 1149, ms) }
}

pub fn listener(ms: i64) -> Ev {
    base(RCM, 261, ms)
}

/// Any other event, by channel and id.
pub fn other(ms: i64, channel: &'static str, id: i32) -> Ev {
    base(channel, id, ms)
}

impl Ev {
    pub fn on(self, host: &'static str) -> Ev {
        Ev { host, ..self }
    }
    pub fn act(self, activity: &'static str) -> Ev {
        Ev { activity, ..self }
    }
    pub fn linked(self, linked: &'static str) -> Ev {
        Ev { linked, ..self }
    }
    pub fn elevated(self, yes: bool) -> Ev {
        Ev { elevated: if yes { "%%1842" } else { "%%1843" }, ..self }
    }
    pub fn ip(self, ip: &'static str) -> Ev {
        Ev { ip, ..self }
    }
    pub fn account(self, account: &'static str) -> Ev {
        Ev { account, ..self }
    }
    pub fn user(self, user: &'static str) -> Ev {
        Ev { user, ..self }
    }
    pub fn address(self, address: &'static str) -> Ev {
        Ev { address, ..self }
    }
    pub fn client(self, client_name: &'static str, client_address: &'static str) -> Ev {
        Ev { client_name, client_address, ..self }
    }
    pub fn channel(self, channel: &'static str) -> Ev {
        Ev { channel, ..self }
    }
    pub fn lt(self, lt: Option<i32>) -> Ev {
        Ev { lt, ..self }
    }
    pub fn event_time(self, event_time: &'static str) -> Ev {
        Ev { event_time, ..self }
    }
}

pub fn at(ms: i64) -> Ticks {
    Ticks(t(0).0 + ms * TICKS_PER_MILLISECOND)
}

/// Pushes the events in order, event `i` on line `i + 1` of file 0.
pub fn load(events: &[Ev]) -> (StringPool, SessionEvents) {
    let mut pool = StringPool::default();
    let mut store = SessionEvents::default();
    for (i, e) in events.iter().enumerate() {
        store.push(
            &mut pool,
            &SessionEvent {
                host: e.host,
                time: at(e.ms),
                channel: e.channel,
                event_id: Some(e.id),
                logon_type: e.lt,
                target_logon_id: e.tli,
                target_linked_logon_id: e.linked,
                logon_id: e.logon_id,
                account: e.account,
                ip_address: e.ip,
                session_name: e.session_name,
                client_name: e.client_name,
                client_address: e.client_address,
                elevated_token: e.elevated,
                session_id: e.sid,
                activity_id: e.activity,
                user: e.user,
                address: e.address,
                reason: e.reason,
                event_time: e.event_time,
                origin: Origin { file: FileId(0), line: i as u64 + 1 },
                ..SessionEvent::default()
            },
        );
    }
    (pool, store)
}

pub fn build(events: &[Ev]) -> (StringPool, SessionSet) {
    let (pool, store) = load(events);
    let set = sessions::build(&store, &pool, false);
    (pool, set)
}

/// Seconds after `t(0)`, or `?` when unknown.
pub fn secs(time: Option<Ticks>) -> String {
    match time {
        None => "?".into(),
        Some(time) => {
            let ms = (time.0 - t(0).0) / TICKS_PER_MILLISECOND;
            if ms % 1000 == 0 {
                format!("{}s", ms / 1000)
            } else {
                format!("{}.{:03}s", ms.div_euclid(1000), ms.rem_euclid(1000))
            }
        }
    }
}

fn indexes<'a>(evidence: impl Iterator<Item = &'a huntbench::engine::sessions::Evidence>) -> String {
    evidence.map(|e| (e.origin.line - 1).to_string()).collect::<Vec<_>>().join(",")
}

/// `HOST account ids=a,b Source start..end cause ev=i,j`.
pub fn line(s: &RdpSession, pool: &StringPool) -> String {
    let ids: Vec<&str> = s.logon_ids.iter().map(|&id| pool.resolve(id)).collect();
    let source = match s.source {
        sessions::SessionSource::Security => "Security",
        sessions::SessionSource::LocalSessionManager => "LSM",
    };
    format!(
        "{} {} ids={} {} {}..{} {} ev={}",
        s.host,
        s.account,
        ids.join(","),
        source,
        secs(s.start),
        secs(s.end),
        s.end_cause.as_str(),
        indexes(s.evidence.iter())
    )
}

pub fn lines(set: &SessionSet, pool: &StringPool) -> Vec<String> {
    let mut out: Vec<String> = set.sessions.iter().map(|s| line(s, pool)).collect();
    if !set.unattached.is_empty() {
        out.push(format!("unattached ev={}", indexes(set.unattached.iter())));
    }
    out
}

/// Builds the sessions of `events` and compares their lines with `expected`.
pub fn check(name: &str, events: &[Ev], expected: &[&str]) {
    let (pool, set) = build(events);
    assert_eq!(lines(&set, &pool), expected, "case: {name}");
}

/// `connected 0s..10s RDP-Tcp#0/robertos-mbp/1.2.3.4 reason 5`, one per stretch.
pub fn stretches(s: &RdpSession, pool: &StringPool) -> Vec<String> {
    s.stretches
        .iter()
        .map(|st| {
            let mut text = format!(
                "{} {}..{} {}/{}/{}",
                st.state.as_str(),
                secs(st.from),
                secs(st.to),
                pool.resolve(st.session_name),
                pool.resolve(st.client_name),
                pool.resolve(st.client_address)
            );
            if let Some(reason) = st.reason {
                text.push_str(&format!(" reason {}", pool.resolve(reason)));
            }
            text
        })
        .collect()
}

/// `lock@10s 0xa`, one per mark.
pub fn marks(s: &RdpSession, pool: &StringPool) -> Vec<String> {
    s.marks.iter().map(|m| format!("{}@{} {}", m.kind.as_str(), secs(Some(m.time)), pool.resolve(m.logon_id))).collect()
}
