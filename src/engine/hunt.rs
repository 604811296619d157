//! The seed hunt, "Recon Activity with Interactive Logon Correlation", with Kusto's semantics.
//!
//! `run` takes a `Dataset` and `HuntParams` and returns a `HuntResult`: the `AlertGroup`s of the
//! summarize step and one `HuntRow` per (group, logon) pair of the inner join that falls in the
//! window. The join never nests loops: logons are bucketed by host key and sorted by time, and
//! each group finds its window with two binary searches, so the cost is
//! O((alerts + logons) · log logons) plus the size of the output.

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;

use serde::Serialize;

use super::table::{Dataset, Origin, StringPool, Sym};
use super::text::{upper_simple, lower_simple, TermSet};
use super::time::{Span, Ticks};
use super::window::Window;

/// The alert names of the seed query, in its order.
pub const SEED_ALERT_NAMES: [&str; 7] = [
    "Atypical travel",
    "Unfamiliar sign-in properties",
    "Anonymous IP address",
    "Malware linked IP address",
    "Malicious IP address",
    "Password Spray",
    "Targeted port scans",
];

/// What the analyst can change; `Default` is the seed query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct HuntParams {
    /// Needles of `AlertName has_any (...)`.
    pub alert_names: Vec<String>,
    /// `TimeWindow = TimeGenerated + window`.
    pub window: Span,
    /// `EventID == event_id`.
    pub event_id: i32,
    /// `LogonType == t` for one type, `LogonType in (...)` for several.
    pub logon_types: Vec<i32>,
    /// Opt-in, not Kusto's behaviour: join `WS01.contoso.com` with `WS01` by comparing short names.
    pub normalize_hosts: bool,
}

impl Default for HuntParams {
    fn default() -> Self {
        HuntParams {
            alert_names: SEED_ALERT_NAMES.iter().map(|s| s.to_string()).collect(),
            window: Span::minutes(15),
            event_id: 4624,
            logon_types: vec![10],
            normalize_hosts: false,
        }
    }
}

impl HuntParams {
    /// The window of an alert group whose TimeGenerated is `alert`.
    pub fn window_of(&self, alert: Ticks) -> Window {
        Window::after(alert, self.window)
    }

    /// Refuses parameters that cannot be written as a hunt.
    pub fn validate(&self) -> Result<(), String> {
        if self.alert_names.iter().any(|n| n.is_empty()) {
            return Err("an alert name is empty".into());
        }
        if self.window.0 < 0 {
            return Err("the window must not be negative".into());
        }
        if self.logon_types.is_empty() {
            return Err("at least one logon type is needed".into());
        }
        Ok(())
    }
}

/// One row of `summarize count(), make_set(AlertName) by WorkspaceSubscriptionId,
/// CompromisedEntity = toupper(CompromisedEntity), TimeGenerated`, plus `number_alerts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlertGroup {
    #[serde(rename = "WorkspaceSubscriptionId")]
    pub subscription: String,
    /// Upper-cased with the simple mapping.
    #[serde(rename = "CompromisedEntity")]
    pub compromised_entity: String,
    #[serde(rename = "TimeGenerated", serialize_with = "iso")]
    pub time: Ticks,
    #[serde(rename = "count_")]
    pub count: u64,
    /// Distinct (case-sensitively) alert names, sorted.
    #[serde(rename = "set_AlertName")]
    pub alert_names: Vec<String>,
    /// The alert rows that formed the group.
    #[serde(skip)]
    pub origins: Vec<Origin>,
}

impl AlertGroup {
    pub fn number_alerts(&self) -> usize {
        self.alert_names.len()
    }
}

/// One output row: the 8 columns of the query in KQL order, then where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HuntRow {
    #[serde(rename = "TimeGenerated", serialize_with = "iso")]
    pub time_generated: Ticks,
    #[serde(rename = "Interactivelogontime", serialize_with = "iso")]
    pub interactive_logon_time: Ticks,
    #[serde(rename = "AccountCustomEntity")]
    pub account: String,
    #[serde(rename = "AccountType")]
    pub account_type: String,
    #[serde(rename = "CompromisedEntity")]
    pub compromised_entity: String,
    #[serde(rename = "Activity")]
    pub activity: String,
    #[serde(rename = "IpAddress")]
    pub ip_address: String,
    #[serde(rename = "TimeWindow", serialize_with = "iso")]
    pub time_window: Ticks,
    /// Index into `HuntResult::groups`.
    #[serde(skip)]
    pub group: usize,
    /// Index of the logon in `Dataset::logons`.
    #[serde(skip)]
    pub logon_row: usize,
    #[serde(skip)]
    pub logon_origin: Origin,
}

/// The names of the output columns, in KQL order.
pub const OUTPUT_COLUMNS: [&str; 8] = [
    "TimeGenerated",
    "Interactivelogontime",
    "AccountCustomEntity",
    "AccountType",
    "CompromisedEntity",
    "Activity",
    "IpAddress",
    "TimeWindow",
];

impl HuntRow {
    /// The 8 output values as text, in KQL order.
    pub fn values(&self) -> [String; 8] {
        [
            self.time_generated.to_iso(),
            self.interactive_logon_time.to_iso(),
            self.account.clone(),
            self.account_type.clone(),
            self.compromised_entity.clone(),
            self.activity.clone(),
            self.ip_address.clone(),
            self.time_window.to_iso(),
        ]
    }
}

fn iso<S: serde::Serializer>(t: &Ticks, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_iso())
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HuntResult {
    /// Every group of matching alerts, sorted by time, entity and subscription, joined or not.
    pub groups: Vec<AlertGroup>,
    /// Sorted by TimeGenerated, then Interactivelogontime; never de-duplicated.
    pub rows: Vec<HuntRow>,
    /// Alert rows whose name matched the terms.
    pub matched_alerts: usize,
    /// Logon rows that passed the EventID and LogonType filter.
    pub matched_logons: usize,
}

/// Upper-cased (and, when asked, shortened) host names mapped to small ids, memoised per `Sym`.
struct HostKeys<'a> {
    pool: &'a StringPool,
    normalize: bool,
    ids: HashMap<String, u32>,
    by_sym: Vec<u32>,
}

impl<'a> HostKeys<'a> {
    const UNSET: u32 = u32::MAX;

    fn new(pool: &'a StringPool, normalize: bool) -> Self {
        HostKeys { pool, normalize, ids: HashMap::new(), by_sym: vec![Self::UNSET; pool.len()] }
    }

    fn key(&mut self, sym: Sym) -> u32 {
        let cached = self.by_sym[sym.0 as usize];
        if cached != Self::UNSET {
            return cached;
        }
        let upper = upper_simple(self.pool.resolve(sym));
        let key = if self.normalize { short_host(&upper).to_string() } else { upper };
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(key).or_insert(next);
        self.by_sym[sym.0 as usize] = id;
        id
    }
}

/// `WS01.CONTOSO.COM` → `WS01`; IP addresses stay whole.
pub fn short_host(host: &str) -> &str {
    if host.parse::<IpAddr>().is_ok() {
        return host;
    }
    host.split('.').next().unwrap_or(host)
}

/// Runs the hunt over every row of the dataset.
pub fn run(data: &Dataset, params: &HuntParams) -> HuntResult {
    let pool = &data.strings;
    let terms = TermSet::new(&params.alert_names);

    // where AlertName has_any (...): decided once per distinct name.
    let mut name_matches: Vec<Option<bool>> = vec![None; pool.len()];
    let mut matches_name = |sym: Sym| {
        *name_matches[sym.0 as usize].get_or_insert_with(|| terms.matches(pool.resolve(sym)))
    };

    // summarize ... by WorkspaceSubscriptionId, toupper(CompromisedEntity), TimeGenerated
    let mut entity_upper: HashMap<Sym, String> = HashMap::new();
    let mut group_index: HashMap<(Sym, String, Ticks), usize> = HashMap::new();
    struct Building {
        names: BTreeSet<Sym>,
        count: u64,
        origins: Vec<Origin>,
        entity_sym: Sym,
    }
    let mut building: Vec<((Sym, String, Ticks), Building)> = Vec::new();
    let alerts = &data.alerts;
    let mut matched_alerts = 0;
    for i in 0..alerts.len() {
        if !matches_name(alerts.alert_name[i]) {
            continue;
        }
        matched_alerts += 1;
        let entity_sym = alerts.compromised_entity[i];
        let upper = entity_upper
            .entry(entity_sym)
            .or_insert_with(|| upper_simple(pool.resolve(entity_sym)))
            .clone();
        let key = (alerts.subscription[i], upper, alerts.time[i]);
        let at = *group_index.entry(key.clone()).or_insert_with(|| {
            building.push((
                key,
                Building { names: BTreeSet::new(), count: 0, origins: Vec::new(), entity_sym },
            ));
            building.len() - 1
        });
        let g = &mut building[at].1;
        g.count += 1;
        g.names.insert(alerts.alert_name[i]);
        g.origins.push(alerts.origin[i]);
    }
    building.sort_by(|(a, _), (b, _)| {
        (a.2, &a.1, pool.resolve(a.0)).cmp(&(b.2, &b.1, pool.resolve(b.0)))
    });

    // SecurityEvent | where EventID == .. and LogonType == ..: bucketed by host key, sorted by time.
    let mut hosts = HostKeys::new(pool, params.normalize_hosts);
    let mut by_host: HashMap<u32, Vec<(Ticks, usize)>> = HashMap::new();
    let logons = &data.logons;
    let mut matched_logons = 0;
    for i in 0..logons.len() {
        let wanted = logons.event_id[i] == Some(params.event_id)
            && logons.logon_type[i].is_some_and(|t| params.logon_types.contains(&t));
        if wanted {
            matched_logons += 1;
            by_host.entry(hosts.key(logons.computer[i])).or_default().push((logons.time[i], i));
        }
    }
    for bucket in by_host.values_mut() {
        bucket.sort_unstable();
    }

    // join kind=inner on the host key, then between (TimeGenerated .. TimeGenerated + window).
    let mut account_lower: HashMap<Sym, String> = HashMap::new();
    let mut groups = Vec::with_capacity(building.len());
    let mut rows = Vec::new();
    for (index, ((subscription, upper, time), g)) in building.into_iter().enumerate() {
        let window = params.window_of(time);
        if let Some(bucket) = by_host.get(&hosts.key(g.entity_sym)) {
            let lo = bucket.partition_point(|&(t, _)| t < window.start);
            let hi = bucket.partition_point(|&(t, _)| t <= window.end);
            for &(logon_time, li) in &bucket[lo..hi.max(lo)] {
                let account = account_lower
                    .entry(logons.account[li])
                    .or_insert_with(|| lower_simple(pool.resolve(logons.account[li])))
                    .clone();
                rows.push(HuntRow {
                    time_generated: time,
                    interactive_logon_time: logon_time,
                    account,
                    account_type: pool.resolve(logons.account_type[li]).to_string(),
                    compromised_entity: upper.clone(),
                    activity: pool.resolve(logons.activity[li]).to_string(),
                    ip_address: pool.resolve(logons.ip_address[li]).to_string(),
                    time_window: window.end,
                    group: index,
                    logon_row: li,
                    logon_origin: logons.origin[li],
                });
            }
        }
        let mut names: Vec<String> = g.names.iter().map(|&s| pool.resolve(s).to_string()).collect();
        names.sort();
        groups.push(AlertGroup {
            subscription: pool.resolve(subscription).to_string(),
            compromised_entity: upper,
            time,
            count: g.count,
            alert_names: names,
            origins: g.origins,
        });
    }
    rows.sort_by_key(|r| (r.time_generated, r.interactive_logon_time, r.group, r.logon_row));
    HuntResult { groups, rows, matched_alerts, matched_logons }
}
