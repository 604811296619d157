//! The builder's first half: `build` buckets events per host, and `Host` holds one host's events
//! sorted by time with what each belongs to (`Owner`). Here: boot epochs, Security starts
//! (`SecUnit`, linked logons made one), the events that carry a logon id, and the `Group`s of
//! such events whose start is not in the data.
//!
//! Rules the spec leaves open, decided here:
//! - Boot epochs are per clock: Security events are split by Security's own 4608 and the other
//!   channels by the System channel's 6005/6009 (when a host has only one kind, both use it),
//!   because collector times trail differently per channel and a Security 1100 can arrive after
//!   the System channel's boot. Logon ids and LSM SessionIDs link only within one epoch.
//! - TargetLinkedLogonId links two starts of one epoch whatever their distance in time; links
//!   are transitive, so a session holds every id reachable by them.
//! - A start without a logon id is a session of its own, with no id.
//! - Orphan evidence (4778/4779/4800/4801/4634/4647 whose id no start in the epoch carries) of
//!   one logon id is one group whatever the gap: a logon id names one logon until a reboot.
//!   Without a logon id, 4778/4779/4800/4801 of one user chain into a group while each is within
//!   120 s of the previous one; a 4634/4647 without an id joins nothing.
//! - A group whose logon id is that of an earlier 4624 of another logon type (a console logon,
//!   an unlock, a network logon) is not RDP unless it holds an RDP 4778/4779 (an RDP reconnect
//!   to a console logon is shown, with its start unknown).

use std::collections::HashMap;

use super::events::{EventKind, SessionEventRow, SessionEvents};
use super::finish;
use super::keys::{elevated, host_key, is_console_session, is_local, IdKey, UserKey, Users};
use super::{attach, lsm, Evidence, SessionSet, SessionSource};
use crate::engine::table::{StringPool, Sym};
use crate::engine::text::lower_simple;
use crate::engine::time::{Ticks, TICKS_PER_SECOND};

/// The fallback link's window: same host, same user, within 120 s.
pub(super) const LINK_WINDOW: i64 = 120 * TICKS_PER_SECOND;
/// Linked admin logons without TargetLinkedLogonId: within one second.
const ADMIN_PAIR_WINDOW: i64 = TICKS_PER_SECOND;

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

/// A session started by 4624 LogonType 10/12: its starts' positions.
pub(super) struct SecUnit {
    pub starts: Vec<usize>,
}

/// Evidence of one logon whose start is not in the data.
pub(super) struct Group {
    pub id: Sym,
    /// A 4778/4779 from a remote client.
    pub rdp_disc: bool,
    /// A 4778/4779 of the console, or a 4800/4801 of a console LSM session.
    pub console: bool,
    /// Its logon id is an earlier 4624 of another logon type.
    pub non_rdp: bool,
    pub lock: bool,
    /// An LSM session belongs to it.
    pub linked: bool,
}

impl Group {
    pub fn excluded(&self) -> bool {
        !self.rdp_disc && (self.console || self.non_rdp)
    }

    pub fn is_rdp(&self) -> bool {
        self.rdp_disc || (!self.excluded() && (self.linked || self.lock))
    }
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
    pub data_ends: Option<Ticks>,
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
        let ends = data_ends.get(&key).copied();
        let (sessions, unattached) = Host::new(events, pool, key, ends, rows).run();
        set.sessions.extend(sessions);
        set.unattached.extend(unattached);
    }
    set
}

impl<'a> Host<'a> {
    fn new(events: &'a SessionEvents, pool: &'a StringPool, key: String, data_ends: Option<Ticks>, mut rows: Vec<usize>) -> Host<'a> {
        rows.sort_by_key(|&r| (events.time(r), r));
        let n = rows.len();
        let mut users = Users::default();
        let (mut time, mut kind, mut id, mut user) =
            (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut security_boots, mut other_boots, mut shutdowns) = (Vec::new(), Vec::new(), Vec::new());
        for (p, &r) in rows.iter().enumerate() {
            let e = events.get(r);
            time.push(e.time);
            kind.push(e.kind);
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
                let boots = if events.get(rows[p]).channel_kind.is_security() { &security_boots } else { &other_boots };
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

    fn run(mut self) -> (Vec<super::RdpSession>, Vec<Evidence>) {
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
        let mut sessions: Vec<super::RdpSession> = self.drafts.iter().map(|d| finish::session(&self, d)).collect();
        sessions.sort_by_key(|s| (s.start, s.evidence.first().map(|e| (e.time, e.row))));
        (sessions, unattached)
    }

    /// Step 1: every 4624 LogonType 10/12 starts a session; linked admin logons are one.
    fn starts(&mut self) {
        let mut starts = Vec::new();
        for p in 0..self.len() {
            let (EventKind::Logon, id) = (self.kind[p], self.id[p]) else { continue };
            let start = self.is_start(p);
            if start {
                starts.push(p);
            }
            if let Some(id) = id {
                self.logons_by_id.entry((self.epoch[p], id)).or_default().push(p);
                if start {
                    self.starts_by_id.entry((self.epoch[p], id)).or_default().push(p);
                }
            }
        }
        let mut sets = DisjointSets::new(self.len());
        // By TargetLinkedLogonId: a start joins every start of the id it names.
        let mut chained: HashMap<(u32, IdKey), ()> = HashMap::new();
        for &p in &starts {
            let Some(linked) = IdKey::of(self.pool, self.row(p).target_linked_logon_id) else { continue };
            let key = (self.epoch[p], linked);
            if let Some(named) = self.starts_by_id.get(&key) {
                if chained.insert(key, ()).is_none() {
                    for w in named.windows(2) {
                        sets.union(w[0], w[1]);
                    }
                }
                sets.union(p, named[0]);
            }
        }
        // Without the column: same account, address and type within 1 s, one elevated, one not.
        type Pair = (Vec<(Ticks, usize)>, Vec<(Ticks, usize)>);
        let mut pairs: HashMap<(String, Sym, Option<i32>), Pair> = HashMap::new();
        for &p in &starts {
            let e = self.row(p);
            if !self.text(e.target_linked_logon_id).trim().is_empty() {
                continue;
            }
            if let Some(is_elevated) = elevated(self.text(e.elevated_token)) {
                let lists = pairs.entry((lower_simple(self.text(e.account)), e.ip_address, e.logon_type)).or_default();
                if is_elevated { &mut lists.0 } else { &mut lists.1 }.push((e.time, p));
            }
        }
        for (elevated, plain) in pairs.values() {
            let (mut lo, mut hi, mut chained_to) = (0, 0, 0);
            for &(t, p) in plain {
                while lo < elevated.len() && elevated[lo].0 .0 < t.0.saturating_sub(ADMIN_PAIR_WINDOW) {
                    lo += 1;
                }
                hi = hi.max(lo);
                while hi < elevated.len() && elevated[hi].0 .0 <= t.0.saturating_add(ADMIN_PAIR_WINDOW) {
                    hi += 1;
                }
                if lo < hi {
                    sets.union(p, elevated[lo].1);
                    for i in lo.max(chained_to)..hi - 1 {
                        sets.union(elevated[i].1, elevated[i + 1].1);
                    }
                    chained_to = chained_to.max(hi - 1);
                }
            }
        }
        let mut unit_of_root: HashMap<usize, u32> = HashMap::new();
        for p in starts {
            let next = self.secs.len() as u32;
            let unit = *unit_of_root.entry(sets.find(p)).or_insert(next);
            if unit == next {
                self.secs.push(SecUnit { starts: Vec::new() });
            }
            self.secs[unit as usize].starts.push(p);
            self.owner[p] = Owner::Sec(unit);
        }
    }

    /// Steps 2-3: events with a logon id go to the session of the latest start with that id
    /// at or before them in the epoch; the rest form orphan groups.
    fn id_events(&mut self) {
        use EventKind::*;
        let mut by_id: HashMap<(u32, IdKey), u32> = HashMap::new();
        let mut by_user: HashMap<(u32, u32), (u32, Ticks)> = HashMap::new();
        for p in 0..self.len() {
            let kind = self.kind[p];
            if !matches!(kind, Logoff | UserLogoff | Reconnect | Disconnect | Lock | Unlock) {
                continue;
            }
            let e = self.row(p);
            // A 4634 of a LogonType 7 or 3 logon ends nothing: at most a mark's evidence.
            if kind == Logoff && matches!(e.logon_type, Some(3 | 7)) {
                continue;
            }
            let disc = matches!(kind, Reconnect | Disconnect);
            let console = disc && (is_console_session(self.text(e.session_name)) || is_local(self.text(e.client_address)));
            let group = match self.id[p] {
                Some(id) => {
                    let key = (self.epoch[p], id);
                    if let Some(start) = self.starts_by_id.get(&key).and_then(|l| latest_at_or_before(l, p)) {
                        self.owner[p] = self.owner[start];
                        continue;
                    }
                    // No start: any earlier 4624 of this id is another kind of logon.
                    let non_rdp = self.logons_by_id.get(&key).and_then(|l| latest_at_or_before(l, p)).is_some();
                    let g = *by_id.entry(key).or_insert_with(|| new_group(&mut self.groups, e.logon_id_of()));
                    self.groups[g as usize].non_rdp |= non_rdp;
                    g
                }
                None => {
                    let Some(user) = self.user[p].filter(|_| kind != Logoff && kind != UserLogoff) else { continue };
                    let t = self.time[p];
                    let chain = by_user.get(&(self.epoch[p], user.name)).filter(|(_, last)| t.0.saturating_sub(last.0) <= LINK_WINDOW);
                    let g = match chain {
                        Some(&(g, _)) => g,
                        None => new_group(&mut self.groups, StringPool::EMPTY),
                    };
                    by_user.insert((self.epoch[p], user.name), (g, t));
                    g
                }
            };
            let g = &mut self.groups[group as usize];
            if disc {
                if console { g.console = true } else { g.rdp_disc = true }
            }
            g.lock |= matches!(kind, Lock | Unlock);
            self.owner[p] = Owner::Group(group);
        }
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
            let owner = match l.link {
                _ if l.console() => None,
                Some(Owner::Sec(u)) => Some(sec_final[u as usize]),
                Some(Owner::Group(g)) => group_final[g as usize],
                _ => None,
            };
            lsm_final.push(if l.console() {
                None
            } else {
                Some(owner.unwrap_or_else(|| {
                    self.drafts.push(Draft { source: SessionSource::LocalSessionManager, ids: Vec::new(), positions: Vec::new() });
                    self.drafts.len() as u32 - 1
                }))
            });
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

fn new_group(groups: &mut Vec<Group>, id: Sym) -> u32 {
    groups.push(Group { id, rdp_disc: false, console: false, non_rdp: false, lock: false, linked: false });
    groups.len() as u32 - 1
}

/// The last position in the sorted `list` at or before `p`.
pub(super) fn latest_at_or_before(list: &[usize], p: usize) -> Option<usize> {
    let after = list.partition_point(|&q| q <= p);
    after.checked_sub(1).map(|i| list[i])
}

/// Union-find over `0..n`.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets { parent: (0..n).collect() }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller root stays, so the result does not depend on the order of unions.
        let (keep, join) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[join] = keep;
    }
}
