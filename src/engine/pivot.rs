//! From a result row or an entity to RDP sessions. `pivot` follows one account or address across
//! every host and gathers its `Pivot` (the alerts near it, every logon row of it, its sessions and
//! its `PathStep`s); `PivotJson` is the shape `huntbench pivot --format json` prints.
//! `sessions_of_rows` finds the session each hunt row's logon starts (`hunt --with-sessions`), and
//! `filter_sessions` narrows a `SessionSet` to a host and/or an account (`huntbench sessions
//! --host --account`). Pure: no IO.
//!
//! Rules decided here (issue 12 leaves them open):
//! - Accounts compare whole (`DOMAIN\user`) with the simple lower mapping, as the hunt shows them;
//!   addresses compare as written, without ASCII case (IPv6 hex digits).
//! - A logon is any row of the logon columns (any event id, any logon type) whose account, or
//!   whose IpAddress, is the entity. A session is the entity's when its account is (an account),
//!   or its source address or a stretch's client address is (an address).
//! - An alert names a host, never an account, so an alert is included when its CompromisedEntity
//!   is a host the entity reached (the host key of one of its logons or sessions), at any time,
//!   marked `on a host the entity reached`; or when its CompromisedEntity is the entity itself,
//!   marked `the entity is its CompromisedEntity`. Every alert name counts, not only the hunt's.
//! - The path is the entity's successful logons (4624) in time order: From is the logon's source
//!   address as in the data, else the client name of the session it starts, else empty; To is
//!   the host key. A step that repeats the one before it (same From, To, account and logon type,
//!   as an administrator's linked pair does) is left out.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::sessions::{host_key, SessionJson, SessionSet};
use super::hunt::HuntRow;
use super::table::{Dataset, FileId, Origin, StringPool};
use super::text::{lower_simple, upper_simple};
use super::time::Ticks;

/// What to follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    /// `DOMAIN\user` (or a bare name, compared whole).
    Account(String),
    /// An IP address (or whatever the logs wrote as a source address).
    Address(String),
}

impl Entity {
    fn is_account(&self, account: &str) -> bool {
        matches!(self, Entity::Account(a) if lower_simple(a) == lower_simple(account))
    }

    fn is_address(&self, address: &str) -> bool {
        matches!(self, Entity::Address(a) if !address.is_empty() && a.eq_ignore_ascii_case(address))
    }

    /// The entity as an alert's CompromisedEntity would name it.
    fn text(&self) -> &str {
        match self {
            Entity::Account(t) | Entity::Address(t) => t,
        }
    }
}

/// Why an alert is in a pivot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertReason {
    /// Its CompromisedEntity is a host the entity reached.
    ReachedHost,
    /// Its CompromisedEntity is the entity itself.
    IsEntity,
}

impl AlertReason {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertReason::ReachedHost => "on a host the entity reached",
            AlertReason::IsEntity => "the entity is its CompromisedEntity",
        }
    }
}

/// One hop of the entity: a successful logon onto `to` from `from`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathStep {
    pub time: Ticks,
    /// The source address as in the data, else the client name of the session it starts.
    pub from: String,
    /// The host key of the logon's Computer.
    pub to: String,
    /// As the hunt shows accounts: `tolower` with the simple mapping.
    pub account: String,
    pub logon_type: Option<i32>,
    /// Its row in `Dataset::logons`.
    pub logon_row: usize,
}

/// Everything of one entity, each list in time order (ties in load order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pivot {
    /// Rows of `Dataset::alerts`, with why each is here.
    pub alerts: Vec<(usize, AlertReason)>,
    /// Rows of `Dataset::logons`.
    pub logons: Vec<usize>,
    /// Indexes into the `SessionSet`.
    pub sessions: Vec<usize>,
    pub path: Vec<PathStep>,
}

/// Follows `entity` over every host of `data` and its `sessions` (built from the same dataset,
/// with the same host normalisation).
pub fn pivot(data: &Dataset, sessions: &SessionSet, entity: &Entity, normalize_hosts: bool) -> Pivot {
    let pool = &data.strings;
    let l = &data.logons;
    let mut logons: Vec<usize> = (0..l.len())
        .filter(|&i| entity.is_account(pool.resolve(l.account[i])) || entity.is_address(pool.resolve(l.ip_address[i])))
        .collect();
    logons.sort_by_key(|&i| (l.time[i], l.origin[i]));
    let session_list: Vec<usize> = (0..sessions.sessions.len())
        .filter(|&i| {
            let s = &sessions.sessions[i];
            entity.is_account(&s.account)
                || entity.is_address(pool.resolve(s.source_address))
                || s.stretches.iter().any(|st| entity.is_address(pool.resolve(st.client_address)))
        })
        .collect();
    let mut reached: HashSet<String> = logons.iter().map(|&i| host_key(pool.resolve(l.computer[i]), normalize_hosts)).collect();
    reached.extend(session_list.iter().map(|&i| sessions.sessions[i].host.clone()));
    let entity_upper = upper_simple(entity.text());
    let a = &data.alerts;
    let mut alerts: Vec<(usize, AlertReason)> = (0..a.len())
        .filter_map(|i| {
            let named = pool.resolve(a.compromised_entity[i]);
            if upper_simple(named) == entity_upper {
                Some((i, AlertReason::IsEntity))
            } else {
                reached.contains(&host_key(named, normalize_hosts)).then_some((i, AlertReason::ReachedHost))
            }
        })
        .collect();
    alerts.sort_by_key(|&(i, _)| (a.time[i], a.origin[i]));
    let path = path(data, sessions, &logons, normalize_hosts);
    Pivot { alerts, logons, sessions: session_list, path }
}

fn path(data: &Dataset, sessions: &SessionSet, logons: &[usize], normalize_hosts: bool) -> Vec<PathStep> {
    let pool = &data.strings;
    let l = &data.logons;
    let index = StartIndex::new(sessions);
    let mut steps: Vec<PathStep> = Vec::new();
    for &i in logons.iter().filter(|&&i| l.event_id[i] == Some(4624)) {
        let (to, account) = (host_key(pool.resolve(l.computer[i]), normalize_hosts), lower_simple(pool.resolve(l.account[i])));
        let address = pool.resolve(l.ip_address[i]);
        let from = if address.is_empty() || address == "-" {
            index.find(sessions, l.origin[i], l.time[i], &to, &account).map_or("", |s| pool.resolve(sessions.sessions[s].client_name))
        } else {
            address
        };
        let step = PathStep { time: l.time[i], from: from.to_string(), to, account, logon_type: l.logon_type[i], logon_row: i };
        let repeats = steps.last().is_some_and(|last| {
            (&last.from, &last.to, &last.account, last.logon_type) == (&step.from, &step.to, &step.account, step.logon_type)
        });
        if !repeats {
            steps.push(step);
        }
    }
    steps
}

/// The session (an index into `set`) each row's logon starts, if any: see `StartIndex`.
pub fn sessions_of_rows(rows: &[HuntRow], data: &Dataset, set: &SessionSet, normalize_hosts: bool) -> Vec<Option<usize>> {
    let index = StartIndex::new(set);
    let pool = &data.strings;
    rows.iter()
        .map(|r| {
            let host = host_key(pool.resolve(data.logons.computer[r.logon_row]), normalize_hosts);
            index.find(set, r.logon_origin, r.interactive_logon_time, &host, &r.account)
        })
        .collect()
}

/// Sessions by their starting 4624s. A logon row starts the session one of whose starts has the
/// row's file and line, time, host key and account: the line alone is not enough, as one line of
/// a compact JSON export holds many rows.
struct StartIndex {
    by_start: HashMap<(Origin, Ticks), Vec<usize>>,
}

impl StartIndex {
    fn new(set: &SessionSet) -> StartIndex {
        let mut by_start: HashMap<(Origin, Ticks), Vec<usize>> = HashMap::new();
        for (i, s) in set.sessions.iter().enumerate() {
            for start in &s.starts {
                by_start.entry((start.origin, start.time)).or_default().push(i);
            }
        }
        StartIndex { by_start }
    }

    /// `account` as the hunt shows it (lower case).
    fn find(&self, set: &SessionSet, origin: Origin, time: Ticks, host: &str, account: &str) -> Option<usize> {
        let candidates = self.by_start.get(&(origin, time))?;
        candidates.iter().copied().find(|&i| set.sessions[i].host == host && set.sessions[i].account == account)
    }
}

/// Narrows sessions to one host (compared as the hunt's host key) and/or one account (the simple
/// lower mapping); unattached evidence stays when its host, and its user or account, match.
pub fn filter_sessions(set: &SessionSet, data: &Dataset, host: Option<&str>, account: Option<&str>, normalize_hosts: bool) -> SessionSet {
    let pool = &data.strings;
    let host = host.map(|h| host_key(h, normalize_hosts));
    let account = account.map(lower_simple);
    let host_ok = |h: &str| host.as_deref().is_none_or(|want| want == h);
    let account_ok = |a: &str| account.as_deref().is_none_or(|want| want == lower_simple(a));
    SessionSet {
        sessions: set.sessions.iter().filter(|s| host_ok(&s.host) && account_ok(&s.account)).cloned().collect(),
        unattached: set
            .unattached
            .iter()
            .filter(|e| {
                let row = data.sessions.get(e.row);
                let user = match pool.resolve(row.user) {
                    "" => pool.resolve(row.account),
                    user => user,
                };
                host_ok(&host_key(pool.resolve(row.host), normalize_hosts)) && account_ok(user)
            })
            .copied()
            .collect(),
    }
}

/// `huntbench pivot --format json`: `{"alerts", "logons", "sessions", "path"}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PivotJson {
    pub alerts: Vec<PivotAlertJson>,
    pub logons: Vec<PivotLogonJson>,
    pub sessions: Vec<SessionJson>,
    pub path: Vec<PathStepJson>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PivotAlertJson {
    #[serde(rename = "TimeGenerated")]
    pub time: String,
    #[serde(rename = "AlertName")]
    pub alert_name: String,
    #[serde(rename = "CompromisedEntity")]
    pub compromised_entity: String,
    #[serde(rename = "WorkspaceSubscriptionId")]
    pub subscription: String,
    #[serde(rename = "Why")]
    pub why: &'static str,
    #[serde(rename = "File")]
    pub file: String,
    #[serde(rename = "Line")]
    pub line: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PivotLogonJson {
    #[serde(rename = "TimeGenerated")]
    pub time: String,
    #[serde(rename = "Computer")]
    pub computer: String,
    #[serde(rename = "Account")]
    pub account: String,
    #[serde(rename = "EventID")]
    pub event_id: Option<i32>,
    #[serde(rename = "LogonType")]
    pub logon_type: Option<i32>,
    #[serde(rename = "IpAddress")]
    pub ip_address: String,
    #[serde(rename = "Activity")]
    pub activity: String,
    #[serde(rename = "File")]
    pub file: String,
    #[serde(rename = "Line")]
    pub line: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathStepJson {
    #[serde(rename = "Time")]
    pub time: String,
    #[serde(rename = "From")]
    pub from: String,
    #[serde(rename = "To")]
    pub to: String,
    #[serde(rename = "Account")]
    pub account: String,
    #[serde(rename = "LogonType")]
    pub logon_type: Option<i32>,
}

impl PivotJson {
    /// `file_name` names a loaded file (the reports hold the names, not the engine).
    pub fn new(p: &Pivot, data: &Dataset, sessions: &SessionSet, file_name: &dyn Fn(FileId) -> String) -> PivotJson {
        let pool: &StringPool = &data.strings;
        let text = |sym| pool.resolve(sym).to_string();
        let (a, l) = (&data.alerts, &data.logons);
        let place = |o: Origin| (file_name(o.file), o.line);
        PivotJson {
            alerts: p
                .alerts
                .iter()
                .map(|&(i, why)| {
                    let (file, line) = place(a.origin[i]);
                    PivotAlertJson {
                        time: a.time[i].to_iso(),
                        alert_name: text(a.alert_name[i]),
                        compromised_entity: text(a.compromised_entity[i]),
                        subscription: text(a.subscription[i]),
                        why: why.as_str(),
                        file,
                        line,
                    }
                })
                .collect(),
            logons: p
                .logons
                .iter()
                .map(|&i| {
                    let (file, line) = place(l.origin[i]);
                    PivotLogonJson {
                        time: l.time[i].to_iso(),
                        computer: text(l.computer[i]),
                        account: lower_simple(pool.resolve(l.account[i])),
                        event_id: l.event_id[i],
                        logon_type: l.logon_type[i],
                        ip_address: text(l.ip_address[i]),
                        activity: text(l.activity[i]),
                        file,
                        line,
                    }
                })
                .collect(),
            sessions: p.sessions.iter().map(|&i| SessionJson::new(&sessions.sessions[i], pool, file_name)).collect(),
            path: p
                .path
                .iter()
                .map(|s| PathStepJson {
                    time: s.time.to_iso(),
                    from: s.from.clone(),
                    to: s.to.clone(),
                    account: s.account.clone(),
                    logon_type: s.logon_type,
                })
                .collect(),
        }
    }
}
