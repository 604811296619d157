//! Steps 6-7 of the spec: a finished session's start, end, stretches, marks and addresses,
//! derived from its evidence alone.
//!
//! Rules the spec leaves open, decided here:
//! - A session without a 4624 start but with an LSM 21 starts at the 21.
//! - The end is, in order: the first 4634/4647 of one of its ids after a start of that same id
//!   (for a session without a 4624, after its start); the first LSM 23 at or after the start;
//!   the host shutdown that bounds it; `disconnected` when the last stretch is disconnected;
//!   unknown. "After" is in time and, on a tie, in file order. So an end is never before the
//!   start.
//! - The shutdown bound is the last shutdown event (LSM 54, 1074, 1100, 4609) after the
//!   session's last evidence and before the next boot of its clock, else that boot: the latest
//!   time the host was certainly still going down. A logoff between a shutdown message and the
//!   boot still ends the session (the second real example: LSM 54, then 23 and 4647).
//! - Stretches come from 4778/4779 when the session has any (they name the session, client and
//!   address), else from LSM 24/25. Events after the end split nothing. A 4779 names the
//!   connection it ends, so it also labels the connected stretch before it; a 4778 while
//!   connected starts a new connected stretch; a repeated disconnect changes nothing.
//!   Without a known start, the first stretch is the state before the first change.
//! - An LSM 40 labels the disconnected stretch nearest to it in time.
//! - The client changed when connected stretches name two client names or two addresses.
//! - The client name is the first one named; the source address falls back, after the LSM
//!   address, to a 1149's.

use super::host::{Draft, Host};
use super::kinds::EventKind;
use super::keys::{is_absent, is_local};
use super::{EndCause, Evidence, Mark, MarkKind, RdpSession, StartLogon, Stretch, StretchState};
use crate::engine::table::{StringPool, Sym};
use crate::engine::text::lower_simple;
use crate::engine::time::Ticks;

pub(super) fn session(h: &Host, d: &Draft) -> RdpSession {
    use EventKind::*;
    let ps = &d.positions;
    let kind = |p: usize| h.kind[p];
    let starts: Vec<usize> = ps.iter().copied().filter(|&p| h.is_start(p)).collect();
    let first_of = |wanted: &dyn Fn(usize) -> bool| ps.iter().copied().find(|&p| wanted(p));
    let start_at = starts.first().copied().or_else(|| first_of(&|p| kind(p) == LsmLogon));
    let start = start_at.map(|p| h.time[p]);
    // At or after the start in time and, on a tie, in file order.
    let after_start = |p: usize| start_at.is_none_or(|s| p >= s);

    let logoff = first_of(&|p| {
        let is_logoff = match kind(p) {
            Logoff => !matches!(h.row(p).logon_type, Some(3 | 7)),
            UserLogoff => true,
            _ => false,
        };
        // As the logoff was assigned: after a start of its own id when the session has starts.
        let own_id = |id| {
            if starts.is_empty() {
                d.ids.iter().any(|&(k, _)| k == id) && after_start(p)
            } else {
                starts.iter().any(|&s| s <= p && h.id[s] == Some(id))
            }
        };
        is_logoff && h.id[p].is_some_and(own_id)
    });
    let lsm_logoff = first_of(&|p| kind(p) == LsmLogoff && after_start(p));
    let (end, mut end_cause, end_bound) = match (logoff, lsm_logoff) {
        (Some(p), _) => {
            let cause = if kind(p) == Logoff { EndCause::Logoff4634 } else { EndCause::Logoff4647 };
            (Some(h.time[p]), cause, None)
        }
        (None, Some(p)) => (Some(h.time[p]), EndCause::LogoffLsm23, None),
        (None, None) => match shutdown_bound(h, ps) {
            Some(p) => (Some(h.time[p]), EndCause::HostShutdown, Some(h.evidence(p))),
            None => (None, EndCause::Unknown, None),
        },
    };
    let start_address = start_at.map_or(StringPool::EMPTY, |p| {
        let e = h.row(p);
        valid(h, if kind(p) == Logon { e.ip_address } else { e.address })
    });
    let stretches = stretches(h, ps, start, end, start_address);
    if end.is_none() && stretches.last().is_some_and(|s| s.state == StretchState::Disconnected) {
        end_cause = EndCause::Disconnected;
    }

    let account = starts
        .first()
        .map(|&p| h.row(p).account)
        .or_else(|| {
            ps.iter().map(|&p| h.row(p)).find_map(|e| {
                let named = matches!(e.kind, Reconnect | Disconnect | Lock | Unlock | Logoff | UserLogoff);
                (named && !is_absent(h.text(e.account))).then_some(e.account)
            })
        })
        .or_else(|| ps.iter().map(|&p| h.row(p)).find(|e| e.kind.is_lsm_core() && !is_absent(h.text(e.user))).map(|e| e.user))
        .map_or(String::new(), |sym| lower_simple(h.text(sym)));

    let source_address = [
        start_address,
        first_valid(h, ps, &|k| matches!(k, Reconnect | Disconnect), |e| e.client_address),
        first_valid(h, ps, &|k| k.is_lsm_core(), |e| e.address),
        first_valid(h, ps, &|k| k == RcmAuth, |e| e.address),
    ]
    .into_iter()
    .find(|&s| s != StringPool::EMPTY)
    .unwrap_or(StringPool::EMPTY);
    let client_name = ps
        .iter()
        .map(|&p| h.row(p))
        .find(|e| matches!(e.kind, Reconnect | Disconnect) && !is_absent(h.text(e.client_name)))
        .map_or(StringPool::EMPTY, |e| e.client_name);

    let marks = ps
        .iter()
        .filter_map(|&p| {
            let e = h.row(p);
            let mark = match (e.kind, e.logon_type) {
                (Lock, _) => MarkKind::Lock,
                (Unlock, _) => MarkKind::Unlock,
                (Logon, Some(7)) => MarkKind::Reconnect,
                (Logon, Some(3)) => MarkKind::Nla,
                _ => return None,
            };
            Some(Mark { kind: mark, time: e.time, logon_id: e.target_logon_id })
        })
        .collect();

    RdpSession {
        host: h.key.clone(),
        account,
        logon_ids: d.ids.iter().map(|&(_, sym)| sym).collect(),
        source: d.source,
        source_address,
        client_name,
        start,
        end,
        end_cause,
        end_bound,
        client_changed: client_changed(h, &stretches),
        stretches,
        marks,
        evidence: ps.iter().map(|&p| h.evidence(p)).collect::<Vec<Evidence>>(),
        starts: starts
            .iter()
            .map(|&p| {
                let e = h.row(p);
                StartLogon { logon_id: e.target_logon_id, time: e.time, origin: e.origin }
            })
            .collect(),
        data_ends: h.data_ends,
    }
}

/// The text's sym when it is a remote value (not empty, `-` or `LOCAL`), else the empty sym.
fn valid(h: &Host, sym: Sym) -> Sym {
    let text = h.text(sym);
    if is_absent(text) || is_local(text) {
        StringPool::EMPTY
    } else {
        sym
    }
}

fn first_valid(
    h: &Host,
    ps: &[usize],
    wanted: &dyn Fn(EventKind) -> bool,
    field: impl Fn(&super::SessionEventRow) -> Sym,
) -> Sym {
    ps.iter()
        .map(|&p| h.row(p))
        .filter(|e| wanted(e.kind))
        .map(|e| valid(h, field(&e)))
        .find(|&s| s != StringPool::EMPTY)
        .unwrap_or(StringPool::EMPTY)
}

/// The shutdown or boot that bounds a session with no logoff: see the module's rules.
fn shutdown_bound(h: &Host, ps: &[usize]) -> Option<usize> {
    let &last = ps.last()?;
    let security_clock = ps.iter().any(|&p| h.row(p).channel_kind.is_security());
    let boots = if security_clock { &h.security_boots } else { &h.other_boots };
    let next_boot = boots.get(boots.partition_point(|&b| b <= last)).copied();
    let limit = next_boot.unwrap_or(h.len());
    let from = h.shutdowns.partition_point(|&s| s <= last);
    let to = h.shutdowns.partition_point(|&s| s < limit);
    if from < to {
        Some(h.shutdowns[to - 1])
    } else {
        next_boot
    }
}

fn stretches(h: &Host, ps: &[usize], start: Option<Ticks>, end: Option<Ticks>, start_address: Sym) -> Vec<Stretch> {
    use EventKind::*;
    let security = ps.iter().any(|&p| matches!(h.kind[p], Reconnect | Disconnect));
    let changes: Vec<usize> = ps
        .iter()
        .copied()
        .filter(|&p| if security { matches!(h.kind[p], Reconnect | Disconnect) } else { matches!(h.kind[p], LsmReconnect | LsmDisconnect) })
        .filter(|&p| end.is_none_or(|e| h.time[p] <= e))
        .collect();
    let is_disconnect = |p: usize| matches!(h.kind[p], Disconnect | LsmDisconnect);
    let first_state = match (start, changes.first()) {
        (None, Some(&p)) if !is_disconnect(p) => StretchState::Disconnected,
        _ => StretchState::Connected,
    };
    let empty = StringPool::EMPTY;
    let stretch = |state, from, names: (Sym, Sym, Sym)| Stretch {
        state,
        from,
        to: None,
        session_name: names.0,
        client_name: names.1,
        client_address: names.2,
        reason: None,
    };
    let initial_address = if start.is_some() { start_address } else { empty };
    let mut current = stretch(first_state, start, (empty, empty, initial_address));
    let mut out = Vec::new();
    for p in changes {
        let e = h.row(p);
        let names = if security {
            (e.session_name, e.client_name, e.client_address)
        } else {
            (empty, empty, e.address)
        };
        let state = if is_disconnect(p) { StretchState::Disconnected } else { StretchState::Connected };
        if state == StretchState::Disconnected {
            if current.state == StretchState::Disconnected {
                continue;
            }
            for (mine, theirs) in [
                (&mut current.session_name, names.0),
                (&mut current.client_name, names.1),
                (&mut current.client_address, names.2),
            ] {
                if is_absent(h.text(*mine)) {
                    *mine = theirs;
                }
            }
        }
        current.to = Some(e.time);
        out.push(current);
        current = stretch(state, Some(e.time), names);
    }
    current.to = end;
    out.push(current);
    // Stretches follow each other, so the nearest disconnected one is either side of the 40.
    let disconnected: Vec<usize> = (0..out.len()).filter(|&k| out[k].state == StretchState::Disconnected).collect();
    for &p in ps {
        let e = h.row(p);
        if e.kind != LsmReason || is_absent(h.text(e.reason)) {
            continue;
        }
        let i = disconnected.partition_point(|&k| out[k].to.is_some_and(|to| to < e.time));
        let nearest = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|j| disconnected.get(j).copied())
            .min_by_key(|&k| distance(e.time, out[k].from, out[k].to));
        if let Some(k) = nearest.filter(|&k| out[k].reason.is_none()) {
            out[k].reason = Some(e.reason);
        }
    }
    out
}

/// How far `t` lies outside [from, to]; an unknown bound is open.
fn distance(t: Ticks, from: Option<Ticks>, to: Option<Ticks>) -> u64 {
    match (from, to) {
        (Some(f), _) if t < f => f.0.abs_diff(t.0),
        (_, Some(e)) if t > e => t.0.abs_diff(e.0),
        _ => 0,
    }
}

fn client_changed(h: &Host, stretches: &[Stretch]) -> bool {
    let connected = || stretches.iter().filter(|s| s.state == StretchState::Connected);
    let differs = |field: fn(&Stretch) -> Sym| {
        let mut named = connected().map(field).filter(|&s| !is_absent(h.text(s)));
        let first = named.next();
        named.any(|s| Some(s) != first)
    };
    differs(|s| s.client_name) || differs(|s| s.client_address)
}
