//! Step 4 of the spec: LSM events pair into `LsmUnit`s by SessionID, and each belongs to a
//! Security session or orphan group by the links, strongest first.
//!
//! Rules the spec leaves open, decided here:
//! - LSM 21-25 without a SessionID pair with nothing: each is an LSM session of its own.
//! - A 22, 24 or 25 with no open session of its SessionID opens one whose start is unknown;
//!   a new 21 closes the open one (its end stays unknown).
//! - An LSM session is console, and no RDP, when every LSM address it carries is `LOCAL`; one
//!   remote address makes it RDP (a console session reconnected over RDP is shown).
//! - A 4800/4801 SessionId names the latest LSM session of that id whose first event is at or
//!   before it, unless that one ended (23) more than 120 s earlier; failing that, the first
//!   one beginning within 120 s after it.
//! - After the SessionId and the nearest-start links, an LSM session still alone (it has no 21,
//!   or no start is near) belongs to the Security session or group holding the event nearest to
//!   any of its events, same user, within 120 s (a 23 next to a 4647, a 25 next to a 4778).

use std::collections::HashMap;

use super::anchors::Anchors;
use super::host::{Host, Owner, LINK_WINDOW};
use super::kinds::EventKind;
use super::keys::{is_absent, is_local};
use crate::engine::table::Sym;

/// One LSM session: its events by SessionID in order, 21 (or the first orphan) to 23.
pub(super) struct LsmUnit {
    pub first: usize,
    pub end: Option<usize>,
    pub start: Option<usize>,
    has_address: bool,
    all_local: bool,
    /// The Security session or group it belongs to.
    pub link: Option<Owner>,
    pub positions: Vec<usize>,
    /// The finished session it is part of; `None` when console.
    pub session: Option<u32>,
}

impl LsmUnit {
    pub fn console(&self) -> bool {
        self.has_address && self.all_local
    }
}

/// Pairs LSM 21-25 into sessions per (epoch, SessionID), in time order.
pub(super) fn pair(h: &mut Host) {
    let mut open: HashMap<(u32, Sym), u32> = HashMap::new();
    for p in 0..h.len() {
        let kind = h.kind[p];
        if !kind.is_lsm_core() {
            continue;
        }
        let e = h.row(p);
        let key = (h.epoch[p], e.session_id);
        let unit = match open.get(&key) {
            Some(&u) if kind != EventKind::LsmLogon && !is_absent(h.text(e.session_id)) => u,
            _ => {
                h.lsms.push(LsmUnit {
                    first: p,
                    end: None,
                    start: None,
                    has_address: false,
                    all_local: true,
                    link: None,
                    positions: Vec::new(),
                    session: None,
                });
                let u = h.lsms.len() as u32 - 1;
                if !is_absent(h.text(e.session_id)) {
                    open.insert(key, u);
                }
                u
            }
        };
        let l = &mut h.lsms[unit as usize];
        l.positions.push(p);
        if kind == EventKind::LsmLogon {
            l.start = Some(p);
        }
        let address = h.pool.resolve(e.address);
        if kind != EventKind::LsmLogoff && !is_absent(address) {
            l.has_address = true;
            l.all_local &= is_local(address);
        }
        if kind == EventKind::LsmLogoff {
            l.end = Some(p);
            open.remove(&key);
        }
        h.owner[p] = Owner::Lsm(unit);
    }
}

/// LSM sessions by SessionID, in order of their first event.
pub(super) struct SessionIds(HashMap<Sym, Vec<u32>>);

impl SessionIds {
    pub fn new(h: &Host) -> SessionIds {
        let mut by_id: HashMap<Sym, Vec<u32>> = HashMap::new();
        for (u, l) in h.lsms.iter().enumerate() {
            let sid = h.row(l.first).session_id;
            if !is_absent(h.text(sid)) {
                by_id.entry(sid).or_default().push(u as u32);
            }
        }
        SessionIds(by_id)
    }

    /// The LSM session that SessionID `sid` names at position `p`.
    pub fn current(&self, h: &Host, sid: Sym, p: usize) -> Option<u32> {
        let list = self.0.get(&sid)?;
        let t = h.time[p].0;
        let i = list.partition_point(|&u| h.lsms[u as usize].first <= p);
        let before = i.checked_sub(1).map(|i| list[i]).filter(|&u| {
            h.lsms[u as usize].end.is_none_or(|e| t.saturating_sub(h.time[e].0) <= LINK_WINDOW)
        });
        before.or_else(|| list.get(i).copied().filter(|&u| h.time[h.lsms[u as usize].first].0.saturating_sub(t) <= LINK_WINDOW))
    }
}

/// Links each RDP LSM session to its Security session or group.
pub(super) fn link(h: &mut Host) {
    by_session_id(h);
    by_start(h);
    by_nearest_event(h);
    for l in &h.lsms {
        if let Some(Owner::Group(g)) = l.link {
            h.groups[g as usize].linked = true;
        }
    }
}

/// A candidate owner for an LSM session: a Security session, or a group that may be RDP.
fn candidate(h: &Host, owner: Owner) -> bool {
    match owner {
        Owner::Sec(_) => true,
        Owner::Group(g) => !h.groups[g as usize].excluded(),
        _ => false,
    }
}

fn by_session_id(h: &mut Host) {
    let ids = SessionIds::new(h);
    for p in 0..h.len() {
        let owner = h.owner[p];
        if !matches!(h.kind[p], EventKind::Lock | EventKind::Unlock) || !candidate(h, owner) {
            continue;
        }
        let Some(u) = ids.current(h, h.row(p).session_id, p) else { continue };
        let l = &mut h.lsms[u as usize];
        if l.console() {
            // A console lock: the group is the console's, unless an RDP 4778/4779 says otherwise.
            if let Owner::Group(g) = owner {
                h.groups[g as usize].console = true;
            }
        } else if l.link.is_none() {
            l.link = Some(owner);
        }
    }
}

/// An LSM session with a 21: the Security start of the same user nearest to it within 120 s.
fn by_start(h: &mut Host) {
    let mut starts = Anchors::new();
    for p in 0..h.len() {
        if let (Owner::Sec(u), Some(user)) = (h.owner[p], h.user[p]) {
            if h.is_start(p) {
                starts.push(user, h.time[p], p, u);
            }
        }
    }
    for l in &mut h.lsms {
        if l.link.is_some() || l.console() {
            continue;
        }
        let Some(p) = l.start else { continue };
        let Some(user) = h.user[p] else { continue };
        if let Some((_, _, u)) = starts.nearest(user, h.time[p], LINK_WINDOW) {
            l.link = Some(Owner::Sec(u));
        }
    }
}

fn by_nearest_event(h: &mut Host) {
    let mut anchors = Anchors::new();
    for p in 0..h.len() {
        if let Some(user) = h.user[p] {
            if h.row(p).channel_kind.is_security() && candidate(h, h.owner[p]) {
                anchors.push(user, h.time[p], p, h.owner[p]);
            }
        }
    }
    for l in &mut h.lsms {
        if l.link.is_some() || l.console() {
            continue;
        }
        let best = l
            .positions
            .iter()
            .filter_map(|&p| anchors.nearest(h.user[p]?, h.time[p], LINK_WINDOW))
            .min_by_key(|&(distance, position, _)| (distance, position));
        l.link = best.map(|(_, _, owner)| owner);
    }
}
