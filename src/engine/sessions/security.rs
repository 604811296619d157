//! Steps 1-3 of the spec on the Security channel: 4624 LogonType 10/12 starts (`SecUnit`,
//! linked admin logons made one), the events that carry a logon id, and the `Group`s of such
//! events whose start is not in the data.
//!
//! Rules the spec leaves open, decided here:
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

use std::collections::{HashMap, HashSet};

use super::host::{latest_at_or_before, Host, Owner, LINK_WINDOW};
use super::keys::{elevated, is_console_session, is_local, IdKey};
use super::kinds::EventKind;
use crate::engine::table::{StringPool, Sym};
use crate::engine::text::lower_simple;
use crate::engine::time::{Ticks, TICKS_PER_SECOND};

/// Linked admin logons without TargetLinkedLogonId: within one second.
const ADMIN_PAIR_WINDOW: i64 = TICKS_PER_SECOND;

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

impl Host<'_> {
    /// Step 1: every 4624 LogonType 10/12 starts a session; linked admin logons are one.
    pub(super) fn starts(&mut self) {
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
        let mut chained: HashSet<(u32, IdKey)> = HashSet::new();
        for &p in &starts {
            let Some(linked) = IdKey::of(self.pool, self.row(p).target_linked_logon_id) else { continue };
            let key = (self.epoch[p], linked);
            if let Some(named) = self.starts_by_id.get(&key) {
                if chained.insert(key) {
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
    pub(super) fn id_events(&mut self) {
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
}

fn new_group(groups: &mut Vec<Group>, id: Sym) -> u32 {
    groups.push(Group { id, rdp_disc: false, console: false, non_rdp: false, lock: false, linked: false });
    groups.len() as u32 - 1
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
