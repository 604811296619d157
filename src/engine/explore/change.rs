//! The smallest change that joins a near miss: `explain` gives an `Explanation` per near miss,
//! with every `Blocker` that keeps the pair out of the result and the `Verdict`.
//!
//! A near miss is what `near_misses` finds for the timeline (a logon on a group's host, or on
//! its host's other spelling, from an hour before the alert to an hour after its window, not
//! joined; the `PER_GROUP` nearest), plus, for alerts whose names the terms do not match (they
//! form no group today), the logons that would join them if only the name were matched.
//!
//! Each blocker has at most one fix: the exact minimum window in whole minutes, the logon's
//! LogonType added, the hunt's one EventID set to the logon's, host normalisation on, or one of
//! the group's alert names added. A pair with one blocker gets that `Change`; a pair with several
//! gets them all as `Verdict::Several`, never one of them; a blocker with no fix (a logon before
//! the alert, no EventID, no LogonType, no AlertName) makes the verdict `Never`.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::super::hunt::{short_host, HuntParams, HuntResult};
use super::super::nearmiss::{MissReason, NEARBY, PER_GROUP};
use super::super::table::{Dataset, Sym};
use super::super::text::{lower_simple, TermSet};
use super::super::time::{Span, Ticks, TICKS_PER_MINUTE};
use super::{window_minutes_for, LogonBuckets, Uppercase};

/// One change of the parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Set the window to this many whole minutes (wider than it is).
    Window(Span),
    /// Add this LogonType to the ones the hunt keeps.
    LogonType(i32),
    /// Set the hunt's one EventID to this one: it replaces the current one, whose rows go.
    EventId(i32),
    /// Turn host normalisation on.
    NormalizeHosts,
    /// Add this alert name as a term.
    AlertName(String),
}

impl Change {
    /// `params` with this change applied.
    pub fn apply(&self, params: &HuntParams) -> HuntParams {
        let mut changed = params.clone();
        match self {
            Change::Window(span) => changed.window = *span,
            Change::LogonType(t) => {
                if !changed.logon_types.contains(t) {
                    changed.logon_types.push(*t);
                }
            }
            Change::EventId(id) => changed.event_id = *id,
            Change::NormalizeHosts => changed.normalize_hosts = true,
            Change::AlertName(name) => {
                if !changed.alert_names.contains(name) {
                    changed.alert_names.push(name.clone());
                }
            }
        }
        changed
    }

    /// What to do, as a short imperative for a button or a table cell.
    pub fn describe(&self, params: &HuntParams) -> String {
        match self {
            Change::Window(span) => format!("widen the window to {}m", span.0 / TICKS_PER_MINUTE),
            Change::LogonType(t) => format!("add LogonType {t}"),
            Change::EventId(id) => format!("set the EventID to {id} (in place of {})", params.event_id),
            Change::NormalizeHosts => "turn host normalisation on".to_string(),
            Change::AlertName(name) => format!("add the alert name '{name}'"),
        }
    }
}

/// One thing that keeps a pair out of the result, in the order they are checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocker {
    /// The terms match none of the group's alert names (distinct, sorted), so it forms no group.
    AlertName { names: Vec<String> },
    /// Only the spelling of the host differs (upper-cased): `WS01.CONTOSO.COM` against `WS01`.
    HostSpelling { logon_host: String, alert_host: String },
    /// Another EventID, or none.
    EventId { event_id: Option<i32> },
    /// A LogonType the hunt does not keep, or none.
    LogonType { logon_type: Option<i32> },
    /// The logon came this many ticks before the alert.
    BeforeAlert { ticks_before: i64 },
    /// The logon came after the window closed, this many ticks after the alert.
    AfterWindow { ticks_after_alert: i64 },
}

impl Blocker {
    /// The one change that lifts this blocker, or `None` when no parameter can.
    pub fn fix(&self) -> Option<Change> {
        match self {
            Blocker::AlertName { names } => names.iter().find(|n| !n.is_empty()).map(|n| Change::AlertName(n.clone())),
            Blocker::HostSpelling { .. } => Some(Change::NormalizeHosts),
            Blocker::EventId { event_id } => event_id.map(Change::EventId),
            Blocker::LogonType { logon_type } => logon_type.map(Change::LogonType),
            Blocker::BeforeAlert { .. } => None,
            Blocker::AfterWindow { ticks_after_alert } => {
                Some(Change::Window(Span::minutes(window_minutes_for(*ticks_after_alert))))
            }
        }
    }

    /// Why the pair is out, in the timeline's words (`MissReason::describe`).
    pub fn describe(&self, params: &HuntParams) -> String {
        let miss = match self.clone() {
            Blocker::AlertName { names } => {
                let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
                return format!("no term matches the alert name {}", quoted.join(" or "));
            }
            Blocker::HostSpelling { logon_host, alert_host } => MissReason::HostSpelling { logon_host, alert_host },
            Blocker::EventId { event_id } => MissReason::EventId { event_id },
            Blocker::LogonType { logon_type } => MissReason::LogonType { logon_type },
            Blocker::BeforeAlert { ticks_before } => MissReason::BeforeAlert { ticks_before },
            Blocker::AfterWindow { ticks_after_alert } => MissReason::AfterWindow { ticks_after_alert },
        };
        miss.describe(params)
    }

    /// Why no parameter lifts this blocker, when none does.
    fn why_never(&self) -> Option<&'static str> {
        match self {
            Blocker::BeforeAlert { .. } => Some("the hunt looks forward only, so no window reaches back before the alert"),
            Blocker::EventId { event_id: None } => Some("the logon has no EventID, which no EventID filter keeps"),
            Blocker::LogonType { logon_type: None } => Some("the logon has no LogonType, which no LogonType filter keeps"),
            Blocker::AlertName { .. } if self.fix().is_none() => Some("the alerts have no AlertName, which no term matches"),
            _ => None,
        }
    }
}

/// What joins a pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// This one change joins it, and nothing less does.
    One(Change),
    /// Only all of these changes together join it (one per blocker).
    Several(Vec<Change>),
    /// No change of the parameters joins it, because of this blocker.
    Never(Blocker),
}

impl Verdict {
    fn of(blockers: &[Blocker]) -> Verdict {
        if let Some(never) = blockers.iter().find(|b| b.fix().is_none()) {
            return Verdict::Never(never.clone());
        }
        let mut changes: Vec<Change> = blockers.iter().filter_map(Blocker::fix).collect();
        if changes.len() == 1 {
            Verdict::One(changes.remove(0))
        } else {
            Verdict::Several(changes)
        }
    }
}

/// A near miss: an alert group (or the group an unmatched alert would form) and a logon on its
/// host that the hunt does not join, why, and what would join them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// Index into `HuntResult::groups`; `None` when the terms match none of its alerts.
    pub group: Option<usize>,
    pub subscription: String,
    /// Upper-cased, as the result shows it.
    pub compromised_entity: String,
    /// The group's TimeGenerated.
    pub alert_time: Ticks,
    /// The group's distinct alert names, sorted; all of them, matched or not.
    pub alert_names: Vec<String>,
    /// Index into `Dataset::logons`.
    pub logon_row: usize,
    pub logon_time: Ticks,
    /// Upper-cased, as the hunt compares it.
    pub computer: String,
    /// Lower-cased, as the result's AccountCustomEntity shows it.
    pub account: String,
    pub event_id: Option<i32>,
    pub logon_type: Option<i32>,
    /// Never empty; the first is the reason `near_misses` gives.
    pub blockers: Vec<Blocker>,
    pub verdict: Verdict,
}

impl Explanation {
    /// The single change that joins the pair, if one does.
    pub fn change(&self) -> Option<&Change> {
        match &self.verdict {
            Verdict::One(change) => Some(change),
            _ => None,
        }
    }

    /// Why the pair is out and, when no single change joins it, why not.
    pub fn reason(&self, params: &HuntParams) -> String {
        let why: Vec<String> = self.blockers.iter().map(|b| b.describe(params)).collect();
        let why = why.join("; ");
        match &self.verdict {
            Verdict::One(_) => why,
            Verdict::Several(changes) => {
                let each: Vec<String> = changes.iter().map(|c| c.describe(params)).collect();
                format!("{why}: needs {} changes together: {}", changes.len(), each.join(" and "))
            }
            Verdict::Never(blocker) => {
                format!("{why}: no change joins it: {}", blocker.why_never().unwrap_or("no parameter lifts it"))
            }
        }
    }
}

/// An alert group as `run` forms it (or would, were its names matched).
struct Group {
    subscription: Sym,
    entity: String,
    time: Ticks,
    names: BTreeSet<Sym>,
    matched: bool,
}

/// Every near miss of `data` under `params`, explained; `result` is `run(data, params)`.
/// Ordered as the groups are (time, entity, subscription), then by logon time.
pub fn explain(data: &Dataset, params: &HuntParams, result: &HuntResult) -> Vec<Explanation> {
    let pool = &data.strings;
    let (alerts, logons) = (&data.alerts, &data.logons);
    let terms = TermSet::new(&params.alert_names);
    let mut name_matches: HashMap<Sym, bool> = HashMap::new();
    let mut upper = Uppercase::new(data);
    let mut index: HashMap<(Sym, String, Ticks), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for i in 0..alerts.len() {
        let name = alerts.alert_name[i];
        let matched = *name_matches.entry(name).or_insert_with(|| terms.matches(pool.resolve(name)));
        let key = (alerts.subscription[i], upper.of(alerts.compromised_entity[i]).to_string(), alerts.time[i]);
        let at = *index.entry(key).or_insert_with_key(|(subscription, entity, time)| {
            let group = Group { subscription: *subscription, entity: entity.clone(), time: *time, names: BTreeSet::new(), matched: false };
            groups.push(group);
            groups.len() - 1
        });
        groups[at].names.insert(name);
        groups[at].matched |= matched;
    }
    groups.sort_by(|a, b| (a.time, &a.entity, pool.resolve(a.subscription)).cmp(&(b.time, &b.entity, pool.resolve(b.subscription))));
    let result_index: HashMap<(&str, &str, Ticks), usize> = result
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| ((g.subscription.as_str(), g.compromised_entity.as_str(), g.time), i))
        .collect();

    // Every logon, whatever its event or type, keyed by short host name, as `near_misses` keys them.
    let buckets = LogonBuckets::new(data, true, |_| true);
    let mut out = Vec::new();
    for group in &groups {
        let window = params.window_of(group.time);
        // An unmatched group's pairs are near misses only when the name alone keeps them out,
        // so only its window can hold one.
        let (from, to) = if group.matched {
            (Ticks(window.start.0.saturating_sub(NEARBY)), Ticks(window.end.0.saturating_add(NEARBY)))
        } else {
            (window.start, window.end)
        };
        let bucket = buckets.get(short_host(&group.entity));
        let lo = bucket.partition_point(|&(t, _)| t < from);
        let hi = bucket.partition_point(|&(t, _)| t <= to);
        if hi <= lo {
            continue;
        }
        let mut names: Vec<String> = group.names.iter().map(|&s| pool.resolve(s).to_string()).collect();
        names.sort();
        let mut misses: Vec<(Ticks, usize, Vec<Blocker>)> = Vec::new();
        for &(time, i) in &bucket[lo..hi] {
            let mut blockers = Vec::new();
            if !group.matched {
                blockers.push(Blocker::AlertName { names: names.clone() });
            }
            let host = upper.of(logons.computer[i]);
            if host != group.entity && !params.normalize_hosts {
                blockers.push(Blocker::HostSpelling { logon_host: host.to_string(), alert_host: group.entity.clone() });
            }
            let (event_id, logon_type) = (logons.event_id[i], logons.logon_type[i]);
            if event_id != Some(params.event_id) {
                blockers.push(Blocker::EventId { event_id });
            }
            if !logon_type.is_some_and(|t| params.logon_types.contains(&t)) {
                blockers.push(Blocker::LogonType { logon_type });
            }
            if time < window.start {
                blockers.push(Blocker::BeforeAlert { ticks_before: window.start.0 - time.0 });
            } else if time > window.end {
                blockers.push(Blocker::AfterWindow { ticks_after_alert: time.0 - window.start.0 });
            }
            let joined = blockers.is_empty();
            let name_alone = group.matched || blockers.len() == 1;
            if !joined && name_alone {
                misses.push((time, i, blockers));
            }
        }
        // The nearest `PER_GROUP`, then in time order, as `near_misses` keeps them.
        misses.sort_by_key(|m| (m.0 .0 - group.time.0).abs());
        misses.truncate(PER_GROUP);
        misses.sort_by_key(|m| m.0);
        let group_index = result_index.get(&(pool.resolve(group.subscription), group.entity.as_str(), group.time)).copied();
        for (time, i, blockers) in misses {
            out.push(Explanation {
                group: group_index,
                subscription: pool.resolve(group.subscription).to_string(),
                compromised_entity: group.entity.clone(),
                alert_time: group.time,
                alert_names: names.clone(),
                logon_row: i,
                logon_time: time,
                computer: upper.of(logons.computer[i]).to_string(),
                account: lower_simple(pool.resolve(logons.account[i])),
                event_id: logons.event_id[i],
                logon_type: logons.logon_type[i],
                verdict: Verdict::of(&blockers),
                blockers,
            });
        }
    }
    out
}
