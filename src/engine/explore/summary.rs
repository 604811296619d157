//! `DataSummary`: what the loaded data holds, whatever the parameters; only `matched` (the alert
//! names the terms match) and `hunted` (the logon kinds the hunt keeps) read them.
//!
//! Hosts are compared as the hunt compares them, upper-cased with the simple mapping; the
//! normalised counts and pairs use the short name the `--normalize-hosts` join uses.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::super::hunt::{short_host, HuntParams};
use super::super::table::{Dataset, Sym};
use super::super::text::TermSet;
use super::super::time::Ticks;
use super::{window_minutes_for, Uppercase};

/// At most this many normalisation pairs are listed; `normalization_pairs_omitted` counts the rest.
pub const MAX_NORMALIZATION_PAIRS: usize = 10_000;

/// One distinct AlertName (compared case-sensitively, as `set_AlertName` keeps them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertNameCount {
    pub name: String,
    /// Alert rows with this name.
    pub count: u64,
    /// Whether the terms (`HuntParams::alert_names`) match it.
    pub matched: bool,
}

/// Logon-side rows of one (EventID, LogonType).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogonKindCount {
    pub event_id: Option<i32>,
    pub logon_type: Option<i32>,
    pub count: u64,
    /// Whether the hunt's EventID and LogonType filter keeps these rows.
    pub hunted: bool,
}

/// Distinct hosts of each side: CompromisedEntity of every alert, Computer of every logon.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostOverlap {
    /// Upper-cased names only alerts name.
    pub alerts_only: usize,
    /// Upper-cased names only logons name.
    pub logons_only: usize,
    /// Upper-cased names both sides name: the keys the faithful join can meet on.
    pub both: usize,
    /// Short names both sides name: the keys the normalised join can meet on.
    pub both_if_normalized: usize,
}

/// The first and last TimeGenerated of one side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeSpan {
    pub from: Ticks,
    pub to: Ticks,
}

impl TimeSpan {
    fn of(times: &[Ticks]) -> Option<TimeSpan> {
        let from = *times.iter().min()?;
        let to = *times.iter().max()?;
        Some(TimeSpan { from, to })
    }

    /// Whether the two spans share at least one instant (both ends inclusive).
    pub fn overlaps(&self, other: &TimeSpan) -> bool {
        self.from <= other.to && other.from <= self.to
    }
}

/// What the data holds: see the module's overview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSummary {
    /// Alert rows loaded.
    pub alerts: usize,
    /// Logon-side rows loaded.
    pub logons: usize,
    /// Most frequent first, then by name.
    pub alert_names: Vec<AlertNameCount>,
    /// Most frequent first, then by EventID and LogonType (none first).
    pub logon_kinds: Vec<LogonKindCount>,
    pub hosts: HostOverlap,
    /// (alert host, logon host), upper-cased: spellings that differ but share a short name, so
    /// that only host normalisation joins them. By short name, then spellings; at most
    /// `MAX_NORMALIZATION_PAIRS`.
    pub normalization_pairs: Vec<(String, String)>,
    /// Pairs beyond `MAX_NORMALIZATION_PAIRS`, not listed.
    pub normalization_pairs_omitted: usize,
    pub alerts_span: Option<TimeSpan>,
    pub logons_span: Option<TimeSpan>,
}

impl DataSummary {
    /// `Some(false)` when both sides hold rows and their time spans share no instant.
    pub fn spans_overlap(&self) -> Option<bool> {
        Some(self.alerts_span?.overlaps(&self.logons_span?))
    }

    /// Sentences about what stops rows whatever the other parameters: an empty side, or time
    /// spans that do not meet (then how far apart they are).
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.alerts == 0 {
            out.push("no SecurityAlert rows are loaded: the hunt needs alerts".to_string());
        }
        if self.logons == 0 {
            out.push("no SecurityEvent or WindowsEvent rows are loaded: the hunt needs logons".to_string());
        }
        if let (Some(a), Some(l)) = (self.alerts_span, self.logons_span) {
            let apart = format!("the alerts ({} to {}) and the logons ({} to {}) do not overlap in time", a.from, a.to, l.from, l.to);
            if l.to < a.from {
                out.push(format!("{apart}: every logon comes before the first alert, and the hunt looks forward only"));
            } else if a.to < l.from {
                let minutes = window_minutes_for(l.from.0 - a.to.0);
                out.push(format!("{apart}: every logon comes after the last alert, so no window under {minutes}m joins any"));
            }
        }
        out
    }
}

/// The summary of `data`; `params` only decides `matched` and `hunted`.
pub fn summarize(data: &Dataset, params: &HuntParams) -> DataSummary {
    let pool = &data.strings;
    let (alerts, logons) = (&data.alerts, &data.logons);

    let mut by_name: HashMap<Sym, u64> = HashMap::new();
    for &name in &alerts.alert_name {
        *by_name.entry(name).or_default() += 1;
    }
    let terms = TermSet::new(&params.alert_names);
    let mut alert_names: Vec<AlertNameCount> = by_name
        .into_iter()
        .map(|(sym, count)| {
            let name = pool.resolve(sym);
            AlertNameCount { name: name.to_string(), count, matched: terms.matches(name) }
        })
        .collect();
    alert_names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));

    let mut by_kind: BTreeMap<(Option<i32>, Option<i32>), u64> = BTreeMap::new();
    for (&event_id, &logon_type) in logons.event_id.iter().zip(&logons.logon_type) {
        *by_kind.entry((event_id, logon_type)).or_default() += 1;
    }
    let mut logon_kinds: Vec<LogonKindCount> = by_kind
        .into_iter()
        .map(|((event_id, logon_type), count)| LogonKindCount {
            event_id,
            logon_type,
            count,
            hunted: event_id == Some(params.event_id) && logon_type.is_some_and(|t| params.logon_types.contains(&t)),
        })
        .collect();
    logon_kinds.sort_by_key(|k| std::cmp::Reverse(k.count));

    let mut upper = Uppercase::new(data);
    let alert_hosts: BTreeSet<String> = distinct(&alerts.compromised_entity).map(|s| upper.of(s).to_string()).collect();
    let logon_hosts: BTreeSet<String> = distinct(&logons.computer).map(|s| upper.of(s).to_string()).collect();
    let both = alert_hosts.intersection(&logon_hosts).count();
    let shorts = |hosts: &BTreeSet<String>| {
        let mut by_short: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for h in hosts {
            by_short.entry(short_host(h).to_string()).or_default().push(h.clone());
        }
        by_short
    };
    let (alert_shorts, logon_shorts) = (shorts(&alert_hosts), shorts(&logon_hosts));
    let mut normalization_pairs = Vec::new();
    let mut normalization_pairs_omitted = 0;
    let mut both_if_normalized = 0;
    for (short, alert_spellings) in &alert_shorts {
        let Some(logon_spellings) = logon_shorts.get(short) else { continue };
        both_if_normalized += 1;
        for a in alert_spellings {
            for l in logon_spellings.iter().filter(|l| *l != a) {
                if normalization_pairs.len() < MAX_NORMALIZATION_PAIRS {
                    normalization_pairs.push((a.clone(), l.clone()));
                } else {
                    normalization_pairs_omitted += 1;
                }
            }
        }
    }

    DataSummary {
        alerts: alerts.len(),
        logons: logons.len(),
        alert_names,
        logon_kinds,
        hosts: HostOverlap {
            alerts_only: alert_hosts.len() - both,
            logons_only: logon_hosts.len() - both,
            both,
            both_if_normalized,
        },
        normalization_pairs,
        normalization_pairs_omitted,
        alerts_span: TimeSpan::of(&alerts.time),
        logons_span: TimeSpan::of(&logons.time),
    }
}

/// The distinct syms of a column.
fn distinct(column: &[Sym]) -> impl Iterator<Item = Sym> {
    column.iter().copied().collect::<BTreeSet<Sym>>().into_iter()
}
