//! Steps 3 and 5 of the spec, once sessions are known: RCM 1149 and the other events that only
//! join a session (261, LSM 39/40/41/42), and the marks (LogonType 7 reconnects, LogonType 3
//! NLA logons) with their logoffs.
//!
//! Rules the spec leaves open, decided here:
//! - A 1149 whose ActivityID joins no LSM 21/25 falls back to the time link, as one without.
//! - 261, 39, 40, 41 and 42 join the session of any LSM or RCM event sharing their ActivityID
//!   (a 1149 included); else 39-42 join the LSM session their SessionID names at that time
//!   (as for 4800/4801); else they are unattached, like a lone 1149. What joins a console LSM
//!   session is dropped, never unattached.
//! - ActivityIDs of zeros name nothing.
//! - "Around a 4778 or 4801" is within 120 s, same user, nearest; a LogonType 7 logon near none
//!   is no RDP evidence (console unlocks make them too).
//! - NLA precedes a start, a 4778 or an LSM 21/25 of the same user and address by at most
//!   30 s (the spec's second example authenticates a reconnect); the first such event takes it.
//! - A 4634/4647 of a mark's logon id is evidence of the mark's session.

use std::collections::HashMap;

use super::anchors::Anchors;
use super::host::{latest_at_or_before, Host, Owner, LINK_WINDOW};
use super::kinds::{ChannelKind, EventKind};
use super::keys::{is_absent, IdKey};
use super::lsm::SessionIds;
use crate::engine::table::Sym;
use crate::engine::time::TICKS_PER_SECOND;

/// NLA logons precede the logon they authenticate by at most this.
const NLA_WINDOW: i64 = 30 * TICKS_PER_SECOND;

/// The event's LSM/RCM ActivityID, unless it names nothing.
fn activity(h: &Host, p: usize) -> Option<Sym> {
    let sym = h.row(p).activity_id;
    let text = h.text(sym);
    let zeros = text.chars().all(|c| matches!(c, '0' | '-' | '{' | '}') || c.is_whitespace());
    (!zeros).then_some(sym)
}

/// Whether the event already belongs somewhere final (a session, or dropped as console).
fn settled(owner: Owner) -> bool {
    matches!(owner, Owner::Final(_) | Owner::Dropped)
}

/// Step 5: each 1149 joins the session whose connection it authenticated.
pub(super) fn rcm(h: &mut Host) {
    use EventKind::*;
    let mut by_activity: HashMap<Sym, Owner> = HashMap::new();
    let mut connects = Anchors::new();
    for p in 0..h.len() {
        let kind = h.kind[p];
        if matches!(kind, LsmLogon | LsmReconnect) && settled(h.owner[p]) {
            if let Some(a) = activity(h, p) {
                by_activity.entry(a).or_insert(h.owner[p]);
            }
        }
        if let (LsmLogon | LsmReconnect | Reconnect, Owner::Final(f), Some(user)) = (kind, h.owner[p], h.user[p]) {
            connects.push(user, h.time[p], p, f);
        }
    }
    for p in 0..h.len() {
        if h.kind[p] != RcmAuth {
            continue;
        }
        let by_link = activity(h, p).and_then(|a| by_activity.get(&a).copied());
        let by_time = || {
            let user = h.user[p]?;
            connects.first_after(user, h.time[p], LINK_WINDOW, |_| true).map(Owner::Final)
        };
        h.owner[p] = by_link.or_else(by_time).unwrap_or(Owner::Unattached);
    }
}

/// 261, 39, 40, 41, 42: by ActivityID, else by SessionID, else unattached.
pub(super) fn satellites(h: &mut Host) {
    let mut by_activity: HashMap<Sym, Owner> = HashMap::new();
    for p in 0..h.len() {
        let channel = h.row(p).channel_kind;
        let lsm_or_rcm = matches!(channel, ChannelKind::LocalSessionManager | ChannelKind::RemoteConnectionManager);
        if lsm_or_rcm && settled(h.owner[p]) {
            if let Some(a) = activity(h, p) {
                by_activity.entry(a).or_insert(h.owner[p]);
            }
        }
    }
    let ids = SessionIds::new(h);
    for p in 0..h.len() {
        let kind = h.kind[p];
        if !kind.is_satellite() || kind == EventKind::RcmAuth {
            continue;
        }
        let by_link = activity(h, p).and_then(|a| by_activity.get(&a).copied());
        let by_session = || {
            if kind == EventKind::RcmListener {
                return None;
            }
            let u = ids.current(h, h.row(p).session_id, p)?;
            Some(h.lsms[u as usize].session.map_or(Owner::Dropped, Owner::Final))
        };
        h.owner[p] = by_link.or_else(by_session).unwrap_or(Owner::Unattached);
    }
}

/// LogonType 7 logons around a 4778/4801, and NLA logons before a start or reconnect.
pub(super) fn marks(h: &mut Host) {
    use EventKind::*;
    let mut reconnects = Anchors::new();
    let mut connects = Anchors::new();
    for p in 0..h.len() {
        let (Owner::Final(f), Some(user)) = (h.owner[p], h.user[p]) else { continue };
        let e = h.row(p);
        if matches!(e.kind, Reconnect | Unlock) {
            reconnects.push(user, e.time, p, f);
        }
        let address = match e.kind {
            Logon if h.is_start(p) => e.ip_address,
            Reconnect => e.client_address,
            LsmLogon | LsmReconnect => e.address,
            _ => continue,
        };
        if !is_absent(h.text(address)) {
            connects.push(user, e.time, p, (f, address));
        }
    }
    for p in 0..h.len() {
        let e = h.row(p);
        let (Logon, Owner::Free, Some(user)) = (e.kind, h.owner[p], h.user[p]) else { continue };
        let found = match e.logon_type {
            Some(7) => reconnects.nearest(user, e.time, LINK_WINDOW).map(|(_, _, f)| f),
            Some(3) if !is_absent(h.text(e.ip_address)) => {
                connects.first_after(user, e.time, NLA_WINDOW, |&(_, a)| a == e.ip_address).map(|(f, _)| f)
            }
            _ => None,
        };
        if let Some(f) = found {
            h.owner[p] = Owner::Final(f);
        }
    }
}

/// A 4634/4647 of a mark's logon id joins the mark's session.
pub(super) fn mark_logoffs(h: &mut Host) {
    let mut marks: HashMap<(u32, IdKey), Vec<usize>> = HashMap::new();
    for p in 0..h.len() {
        if let (EventKind::Logon, Owner::Final(_), Some(id)) = (h.kind[p], h.owner[p], h.id[p]) {
            if !h.is_start(p) {
                marks.entry((h.epoch[p], id)).or_default().push(p);
            }
        }
    }
    for p in 0..h.len() {
        if !matches!(h.kind[p], EventKind::Logoff | EventKind::UserLogoff) || h.owner[p] != Owner::Free {
            continue;
        }
        let Some(id) = h.id[p] else { continue };
        if let Some(mark) = marks.get(&(h.epoch[p], id)).and_then(|l| latest_at_or_before(l, p)) {
            h.owner[p] = h.owner[mark];
        }
    }
}
