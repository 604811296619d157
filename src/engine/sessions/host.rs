//! The builder's driver: `build` buckets events per host key, and `Host` holds one host's
//! events sorted by time (ties in push order, that is file order) with what each belongs to so
//! far (`Owner`), runs the steps in the spec's link order, and turns units into `Draft`s of
//! finished sessions.
//!
//! Rule the spec leaves open, decided here: boot epochs are per clock. Security events are
//! split by Security's own 4608 and the other channels by the System channel's 6005/6009 (when
//! a host has only one kind, both use it), because collector times trail differently per
//! channel and a Security 1100 can arrive after the System channel's boot. Logon ids and LSM
//! SessionIDs link only within one epoch.

use std::collections::HashMap;

use super::events::{SessionEventRow, SessionEvents};
use super::keys::{host_key, IdKey, UserKey, Users};
use super::kinds::EventKind;
use super::security::{Group, SecUnit};
use super::{attach, finish, lsm, Evidence, RdpSession, SessionSet, SessionSource};
use crate::engine::table::{StringPool, Sym};
use crate::engine::time::{Ticks, TICKS_PER_SECOND};

/// The fallback link's window: same host, same user, within 120 s.
pub(super) const LINK_WINDOW: i64 = 120 * TICKS_PER_SECOND;

/// What an event (a position in `Host`) belongs to so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Owner {
    /// Nothing yet; left so, the event is not evidence of RDP.
    Free,
    Sec(u32),
    Group(u32),
    Lsm(u32),
    /// A finished session (an index into `Host::drafts`).
    Final(u32),
    Unattached,
    /// Console activity and what joins it: not RDP, not unattached.
    Dropped,
}

/// A finished session before its fields are derived.
pub(super) struct Draft {
    pub source: SessionSource,
    /// Logon ids as in the data, with their keys.
    pub ids: Vec<(IdKey, Sym)>,
    pub positions: Vec<usize>,
}

/// One host's events, sorted by time (ties in push order), and what each belongs to.
pub(super) struct Host<'a> {
    pub pool: &'a StringPool,
    pub events: &'a SessionEvents,
    pub key: String,
    /// The last time of any row of the host, stored or not.
    pub data_ends: Ticks,
    /// Position → row in `events`.
    pub rows: Vec<usize>,
    pub time: Vec<Ticks>,
    pub kind: Vec<EventKind>,
    pub id: Vec<Option<IdKey>>,
    pub user: Vec<Option<UserKey>>,
    pub epoch: Vec<u32>,
    pub owner: Vec<Owner>,
    /// Boots that split Security events, and those that split the others.
    pub security_boots: Vec<usize>,
    pub other_boots: Vec<usize>,
    pub shutdowns: Vec<usize>,
    /// Every 4624, and every start, by (epoch, logon id).
    pub logons_by_id: HashMap<(u32, IdKey), Vec<usize>>,
    pub starts_by_id: HashMap<(u32, IdKey), Vec<usize>>,
    pub secs: Vec<SecUnit>,
    pub groups: Vec<Group>,
    pub lsms: Vec<lsm::LsmUnit>,
    pub drafts: Vec<Draft>,
}

/// Builds every session of the events. Never panics; the order is deterministic.
pub fn build(events: &SessionEvents, pool: &StringPool, normalize_hosts: bool) -> SessionSet {
    let mut keys: HashMap<Sym, String> = HashMap::new();
    let mut key_of = |sym: Sym| keys.entry(sym).or_insert_with(|| host_key(pool.resolve(sym), normalize_hosts)).clone();
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for row in 0..events.len() {
        buckets.entry(key_of(events.host(row))).or_default().push(row);
    }
    let mut data_ends: HashMap<String, Ticks> = HashMap::new();
    for (host, t) in events.last_seen() {
        let end = data_ends.entry(key_of(host)).or_insert(t);
        *end = (*end).max(t);
    }
    let mut hosts: Vec<(String, Vec<usize>)> = buckets.into_iter().collect();
    hosts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut set = SessionSet::default();
    for (key, rows) in hosts {
        let last_event = rows.iter().map(|&r| events.time(r)).max().unwrap_or_default();
        let ends = data_ends.get(&key).map_or(last_event, |&t| t.max(last_event));
        let (sessions, unattached) = Host::new(events, pool, key, ends, rows).run();
        set.sessions.extend(sessions);
        set.unattached.extend(unattached);
    }
    set
}

impl<'a> Host<'a> {
    fn new(events: &'a SessionEvents, pool: &'a StringPool, key: String, data_ends: Ticks, mut rows: Vec<usize>) -> Host<'a> {
        rows.sort_by_key(|&r| (events.time(r), r));
        let n = rows.len();
        let mut users = Users::default();
        let (mut time, mut kind, mut id, mut user, mut security) =
            (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut security_boots, mut other_boots, mut shutdowns) = (Vec::new(), Vec::new(), Vec::new());
        for (p, &r) in rows.iter().enumerate() {
            let e = events.get(r);
            time.push(e.time);
            kind.push(e.kind);
            security.push(e.channel_kind.is_security());
            id.push(IdKey::of(pool, e.logon_id_of()));
            let user_sym = if e.channel_kind.is_security() { e.account } else { e.user };
            user.push(users.key(pool, user_sym));
            match e.kind {
                EventKind::Boot if e.channel_kind.is_security() => security_boots.push(p),
                EventKind::Boot => other_boots.push(p),
                EventKind::Shutdown => shutdowns.push(p),
                _ => {}
            }
        }
        if security_boots.is_empty() {
            security_boots = other_boots.clone();
        }
        if other_boots.is_empty() {
            other_boots = security_boots.clone();
        }
        let epoch = (0..n)
            .map(|p| {
                let boots = if security[p] { &security_boots } else { &other_boots };
                boots.partition_point(|&b| b <= p) as u32
            })
            .collect();
        Host {
            pool,
            events,
            key,
            data_ends,
            rows,
            time,
            kind,
            id,
            user,
            epoch,
            owner: vec![Owner::Free; n],
            security_boots,
            other_boots,
            shutdowns,
            logons_by_id: HashMap::new(),
            starts_by_id: HashMap::new(),
            secs: Vec::new(),
            groups: Vec::new(),
            lsms: Vec::new(),
            drafts: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn row(&self, p: usize) -> SessionEventRow {
        self.events.get(self.rows[p])
    }

    pub fn text(&self, sym: Sym) -> &'a str {
        self.pool.resolve(sym)
    }

    /// A 4624 of LogonType 10 or 12.
    pub fn is_start(&self, p: usize) -> bool {
        self.kind[p] == EventKind::Logon && matches!(self.row(p).logon_type, Some(10 | 12))
    }

    pub fn evidence(&self, p: usize) -> Evidence {
        let e = self.row(p);
        Evidence {
            row: self.rows[p],
            kind: e.kind,
            event_id: e.event_id,
            channel_kind: e.channel_kind,
            channel: e.channel,
            time: e.time,
            event_time: (!self.text(e.event_time).is_empty()).then_some(e.event_time),
            origin: e.origin,
        }
    }

    fn run(mut self) -> (Vec<RdpSession>, Vec<Evidence>) {
        self.starts();
        self.id_events();
        lsm::pair(&mut self);
        lsm::link(&mut self);
        self.finals();
        attach::rcm(&mut self);
        attach::satellites(&mut self);
        attach::marks(&mut self);
        attach::mark_logoffs(&mut self);
        let mut unattached = Vec::new();
        for p in 0..self.len() {
            match self.owner[p] {
                Owner::Final(f) => self.drafts[f as usize].positions.push(p),
                Owner::Unattached => unattached.push(self.evidence(p)),
                _ => {}
            }
        }
        let mut sessions: Vec<RdpSession> = self.drafts.iter().map(|d| finish::session(&self, d)).collect();
        sessions.sort_by_key(|s| (s.start, s.evidence.first().map(|e| (e.time, e.row))));
        (sessions, unattached)
    }

    /// Which units are sessions: every Security start, the RDP groups, and the LSM sessions
    /// that belong to none of those. Console LSM sessions are dropped.
    fn finals(&mut self) {
        let mut sec_final = Vec::with_capacity(self.secs.len());
        for unit in &self.secs {
            let mut ids: Vec<(IdKey, Sym)> = Vec::new();
            for &p in &unit.starts {
                if let Some(key) = self.id[p] {
                    if !ids.iter().any(|(k, _)| *k == key) {
                        ids.push((key, self.events.get(self.rows[p]).target_logon_id));
                    }
                }
            }
            sec_final.push(self.drafts.len() as u32);
            self.drafts.push(Draft { source: SessionSource::Security, ids, positions: Vec::new() });
        }
        let mut group_final = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            group_final.push(g.is_rdp().then(|| {
                let ids = IdKey::of(self.pool, g.id).map(|k| vec![(k, g.id)]).unwrap_or_default();
                self.drafts.push(Draft { source: SessionSource::Security, ids, positions: Vec::new() });
                self.drafts.len() as u32 - 1
            }));
        }
        let mut lsm_final = Vec::with_capacity(self.lsms.len());
        for l in &self.lsms {
            if l.console() {
                lsm_final.push(None);
                continue;
            }
            let owner = match l.link {
                Some(Owner::Sec(u)) => Some(sec_final[u as usize]),
                Some(Owner::Group(g)) => group_final[g as usize],
                _ => None,
            };
            lsm_final.push(Some(owner.unwrap_or_else(|| {
                self.drafts.push(Draft { source: SessionSource::LocalSessionManager, ids: Vec::new(), positions: Vec::new() });
                self.drafts.len() as u32 - 1
            })));
        }
        for (l, f) in self.lsms.iter_mut().zip(&lsm_final) {
            l.session = *f;
        }
        for owner in &mut self.owner {
            *owner = match *owner {
                Owner::Sec(u) => Owner::Final(sec_final[u as usize]),
                Owner::Group(g) => group_final[g as usize].map_or(Owner::Free, Owner::Final),
                Owner::Lsm(l) => lsm_final[l as usize].map_or(Owner::Dropped, Owner::Final),
                other => other,
            };
        }
    }
}

/// The last position in the sorted `list` at or before `p`.
pub(super) fn latest_at_or_before(list: &[usize], p: usize) -> Option<usize> {
    let after = list.partition_point(|&q| q <= p);
    after.checked_sub(1).map(|i| list[i])
}
