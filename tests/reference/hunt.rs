//! The seed hunt read literally from `../shared/spec/hunt-semantics.md`, as a plain nested loop.
//!
//! This is the oracle of the property tests (`tests/huntbench/properties.rs`) and of the `hunt`
//! fuzz target. It shares no code with `src/engine`: its own case mapping, term splitting,
//! grouping and join, written from the spec's words with std and the Unicode category table only,
//! so a mistake in the engine's helpers cannot hide in both. It is slow on purpose: every alert
//! group against every logon.
//!
//! Where the spec leaves a choice open, this file states the rule the engine follows:
//! - `has` compares both sides through the simple lower-case mapping of each char.
//! - A window end past 9999-12-31T23:59:59.9999999 is that instant (no logon can be later).
//! - Host normalisation (opt-in, not Kusto's) keys a host by the text before its first `.`,
//!   except a host that is an IP address, which stays whole.

use std::net::IpAddr;

use unicode_general_category::{get_general_category, GeneralCategory};

/// Kusto's largest datetime, in ticks.
pub const LAST_TICK: i64 = 3_155_378_975_999_999_999;

pub struct Alert<'a> {
    pub subscription: &'a str,
    pub entity: &'a str,
    pub name: &'a str,
    pub time: i64,
}

pub struct Logon<'a> {
    pub computer: &'a str,
    pub account: &'a str,
    pub account_type: &'a str,
    pub activity: &'a str,
    pub ip_address: &'a str,
    pub time: i64,
    pub event_id: Option<i32>,
    pub logon_type: Option<i32>,
}

pub struct Params<'a> {
    pub alert_names: &'a [String],
    pub window: i64,
    pub event_id: i32,
    pub logon_types: &'a [i32],
    pub normalize_hosts: bool,
}

/// One output row: the query's 8 columns, then its group's count_ and sorted set_AlertName.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    pub time_generated: i64,
    pub interactive_logon_time: i64,
    pub account: String,
    pub account_type: String,
    pub compromised_entity: String,
    pub activity: String,
    pub ip_address: String,
    pub time_window: i64,
    pub count: u64,
    pub alert_names: Vec<String>,
}

/// One char through a mapping, kept when the mapping is not exactly one char (spec §3).
fn one_to_one(c: char, mut mapped: impl Iterator<Item = char>) -> char {
    match (mapped.next(), mapped.next()) {
        (Some(m), None) => m,
        _ => c,
    }
}

pub fn toupper(s: &str) -> String {
    s.chars().map(|c| one_to_one(c, c.to_uppercase())).collect()
}

pub fn tolower(s: &str) -> String {
    s.chars().map(|c| one_to_one(c, c.to_lowercase())).collect()
}

/// Spec §1: a term character is a letter or a number, general categories L* and N*.
pub fn is_term_char(c: char) -> bool {
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        UppercaseLetter | LowercaseLetter | TitlecaseLetter | ModifierLetter | OtherLetter | DecimalNumber | LetterNumber | OtherNumber
    )
}

/// Spec §1: `value has needle`.
pub fn has(value: &str, needle: &str) -> bool {
    let value: Vec<char> = tolower(value).chars().collect();
    let needle: Vec<char> = tolower(needle).chars().collect();
    if needle.len() > value.len() {
        return needle.is_empty();
    }
    for start in 0..=value.len() - needle.len() {
        let end = start + needle.len();
        if value[start..end] != needle[..] {
            continue;
        }
        let first_is_term = needle.first().is_some_and(|&c| is_term_char(c));
        let last_is_term = needle.last().is_some_and(|&c| is_term_char(c));
        let glued_before = first_is_term && start > 0 && is_term_char(value[start - 1]);
        let glued_after = last_is_term && end < value.len() && is_term_char(value[end]);
        if !glued_before && !glued_after {
            return true;
        }
    }
    false
}

fn host_key(host: &str, normalize: bool) -> String {
    let upper = toupper(host);
    if !normalize || upper.parse::<IpAddr>().is_ok() {
        return upper;
    }
    match upper.find('.') {
        Some(dot) => upper[..dot].to_string(),
        None => upper,
    }
}

/// The hunt's rows, sorted. The output is never de-duplicated.
pub fn hunt(alerts: &[Alert], logons: &[Logon], p: &Params) -> Vec<Row> {
    // where AlertName has_any (...); summarize count(), make_set(AlertName) by (sub, toupper(entity), time)
    struct Group {
        subscription: String,
        entity: String,
        time: i64,
        count: u64,
        names: Vec<String>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for a in alerts {
        if !p.alert_names.iter().any(|n| has(a.name, n)) {
            continue;
        }
        let entity = toupper(a.entity);
        let found = groups.iter_mut().find(|g| g.subscription == a.subscription && g.entity == entity && g.time == a.time);
        match found {
            Some(g) => {
                g.count += 1;
                if !g.names.iter().any(|n| n == a.name) {
                    g.names.push(a.name.to_string());
                }
            }
            None => groups.push(Group {
                subscription: a.subscription.to_string(),
                entity,
                time: a.time,
                count: 1,
                names: vec![a.name.to_string()],
            }),
        }
    }
    // join kind=inner (every pair), then between (TimeGenerated .. TimeGenerated + window)
    let mut rows = Vec::new();
    for g in &groups {
        let end = (i128::from(g.time) + i128::from(p.window)).min(i128::from(LAST_TICK)) as i64;
        let mut names = g.names.clone();
        names.sort();
        for l in logons {
            let wanted = l.event_id == Some(p.event_id) && l.logon_type.is_some_and(|t| p.logon_types.contains(&t));
            let same_host = host_key(l.computer, p.normalize_hosts) == host_key(&g.entity, p.normalize_hosts);
            if wanted && same_host && g.time <= l.time && l.time <= end {
                rows.push(Row {
                    time_generated: g.time,
                    interactive_logon_time: l.time,
                    account: tolower(l.account),
                    account_type: l.account_type.to_string(),
                    compromised_entity: g.entity.clone(),
                    activity: l.activity.to_string(),
                    ip_address: l.ip_address.to_string(),
                    time_window: end,
                    count: g.count,
                    alert_names: names.clone(),
                });
            }
        }
    }
    rows.sort();
    rows
}
