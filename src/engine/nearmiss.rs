//! Near misses: logons close to an alert group on its host that the hunt did not join, and why.
//!
//! The timeline shows them muted beside the matches, so an analyst sees the logon at +17 min,
//! the one before the alert, the LogonType 3, the 4625 failure, or the host written as an FQDN
//! against a short name. `near_misses` finds them with the same bucketed, sorted search as the
//! hunt: logons are keyed by short host name, and each group looks at `NEARBY` on either side.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::hunt::{short_host, HuntParams, HuntResult};
use super::table::Dataset;
use super::text::upper_simple;
use super::time::{Ticks, TICKS_PER_HOUR, TICKS_PER_MINUTE};
use super::window::Window;

/// How far before the alert and after its window a logon still counts as nearby.
pub const NEARBY: i64 = TICKS_PER_HOUR;
/// At most this many near misses are kept per group, nearest first.
pub const PER_GROUP: usize = 200;

/// Why a nearby logon did not join its alert group. The first reason that applies is given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind")]
pub enum MissReason {
    /// Only the spelling of the host differs: `WS01.CONTOSO.COM` against `WS01`.
    HostSpelling { logon_host: String, alert_host: String },
    /// Another event (4625: a failed logon), or none.
    EventId { event_id: Option<i32> },
    /// Another logon type (3: Network, 7: Unlock...), or none.
    LogonType { logon_type: Option<i32> },
    /// The logon came before the alert; the hunt looks forward only.
    BeforeAlert { ticks_before: i64 },
    /// The logon came after the window closed.
    AfterWindow { ticks_after_alert: i64 },
}

impl MissReason {
    /// A sentence for a tooltip.
    pub fn describe(&self, params: &HuntParams) -> String {
        let types = params.logon_types.iter().map(i32::to_string).collect::<Vec<_>>().join(" or ");
        match self {
            MissReason::HostSpelling { logon_host, alert_host } => {
                format!("host spelled differently: {logon_host} against {alert_host} (host normalisation would join it)")
            }
            MissReason::EventId { event_id: Some(id) } => format!("event {id}, not {}", params.event_id),
            MissReason::EventId { event_id: None } => format!("no event ID, not {}", params.event_id),
            MissReason::LogonType { logon_type: Some(t) } => format!("LogonType {t}, not {types}"),
            MissReason::LogonType { logon_type: None } => format!("no LogonType, not {types}"),
            MissReason::BeforeAlert { ticks_before } => format!("before the alert (−{} min)", minutes(*ticks_before)),
            MissReason::AfterWindow { ticks_after_alert } => {
                format!("+{} min: after the {} window", minutes(*ticks_after_alert), params.window.to_kql())
            }
        }
    }
}

fn minutes(ticks: i64) -> String {
    let m = ticks as f64 / TICKS_PER_MINUTE as f64;
    if ticks % TICKS_PER_MINUTE == 0 {
        format!("{}", m.round())
    } else {
        format!("{m:.2}")
    }
}

/// A logon near an alert group that did not join it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NearMiss {
    /// Index into `HuntResult::groups`.
    pub group: usize,
    /// Index into `Dataset::logons`.
    pub logon_row: usize,
    pub time: Ticks,
    pub reason: MissReason,
}


/// The near misses of every group of `result`, which `hunt::run` made from the same data and params.
pub fn near_misses(data: &Dataset, params: &HuntParams, result: &HuntResult) -> Vec<NearMiss> {
    let pool = &data.strings;
    let logons = &data.logons;
    // Every logon, whatever its event or type, keyed by its upper-cased short host name.
    let mut upper_of: HashMap<u32, String> = HashMap::new();
    let mut by_short: HashMap<String, Vec<(Ticks, usize)>> = HashMap::new();
    for i in 0..logons.len() {
        let sym = logons.computer[i];
        let upper = upper_of.entry(sym.0).or_insert_with(|| upper_simple(pool.resolve(sym)));
        by_short.entry(short_host(upper).to_string()).or_default().push((logons.time[i], i));
    }
    for bucket in by_short.values_mut() {
        bucket.sort_unstable();
    }
    let joined: HashSet<(usize, usize)> = result.rows.iter().map(|r| (r.group, r.logon_row)).collect();
    let mut out = Vec::new();
    for (g, group) in result.groups.iter().enumerate() {
        let Some(bucket) = by_short.get(short_host(&group.compromised_entity)) else { continue };
        let window = params.window_of(group.time);
        let from = Ticks(window.start.0.saturating_sub(NEARBY));
        let to = Ticks(window.end.0.saturating_add(NEARBY));
        let lo = bucket.partition_point(|&(t, _)| t < from);
        let hi = bucket.partition_point(|&(t, _)| t <= to);
        let mut misses: Vec<NearMiss> = bucket[lo..hi.max(lo)]
            .iter()
            .filter(|&&(_, i)| !joined.contains(&(g, i)))
            .filter_map(|&(time, i)| {
                let host = &upper_of[&logons.computer[i].0];
                let reason = if *host != group.compromised_entity && !params.normalize_hosts {
                    Some(MissReason::HostSpelling { logon_host: host.clone(), alert_host: group.compromised_entity.clone() })
                } else {
                    reason_beyond_host(params, logons.event_id[i], logons.logon_type[i], window, time)
                }?;
                Some(NearMiss { group: g, logon_row: i, time, reason })
            })
            .collect();
        misses.sort_by_key(|m| (m.time.0 - group.time.0).abs());
        misses.truncate(PER_GROUP);
        misses.sort_by_key(|m| m.time);
        out.extend(misses);
    }
    out
}

fn reason_beyond_host(
    params: &HuntParams,
    event_id: Option<i32>,
    logon_type: Option<i32>,
    window: Window,
    time: Ticks,
) -> Option<MissReason> {
    if event_id != Some(params.event_id) {
        Some(MissReason::EventId { event_id })
    } else if !logon_type.is_some_and(|t| params.logon_types.contains(&t)) {
        Some(MissReason::LogonType { logon_type })
    } else if time < window.start {
        Some(MissReason::BeforeAlert { ticks_before: window.start.0 - time.0 })
    } else if time > window.end {
        Some(MissReason::AfterWindow { ticks_after_alert: time.0 - window.start.0 })
    } else {
        None
    }
}
