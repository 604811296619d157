//! The answer key of a scenario ([`AnswerKey`]): what the hunt must return ([`ExpectedRow`],
//! [`StoryKey`]), and what it must not ([`NearMissKey`], [`NearMissReason`]); with hostile values,
//! where they went ([`HostileKey`]).
//!
//! It is written from the planted stories as they are planted (each story knows its alert groups
//! and the logons that fall in their windows), never by running the engine, so tests can hold
//! the engine to it.

use serde::{Deserialize, Serialize};

use super::sessions::SessionsKey;
use super::stories::PlantedKey;
use super::{hostile, write, Compression, Config, Difficulty, Format, Options, WindowsEvents};

/// One result row of the hunt, as `huntbench hunt --format json` writes it: the 8 output columns,
/// datetimes in ISO 8601 UTC with seven fractional digits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExpectedRow {
    #[serde(rename = "TimeGenerated")]
    pub time_generated: String,
    #[serde(rename = "Interactivelogontime")]
    pub interactive_logon_time: String,
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
    #[serde(rename = "TimeWindow")]
    pub time_window: String,
}

impl ExpectedRow {
    /// The 8 values in KQL order, as `HuntRow::values` gives them.
    pub fn values(&self) -> [String; 8] {
        [
            self.time_generated.clone(),
            self.interactive_logon_time.clone(),
            self.account.clone(),
            self.account_type.clone(),
            self.compromised_entity.clone(),
            self.activity.clone(),
            self.ip_address.clone(),
            self.time_window.clone(),
        ]
    }
}

/// A SecurityAlert row of a story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAlert {
    pub time: String,
    pub name: String,
    pub subscription: String,
}

/// A true-positive story: recon alert(s) on a host, then RDP logon(s) to it inside the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryKey {
    pub id: usize,
    /// `password-spray`, `single-alert`, `multi-alert`, `repeated-alert`, `window-edges`,
    /// `hidden-key`, `cross-product`, `term-edge` or `same-tick-repeat`.
    pub kind: String,
    pub summary: String,
    /// CompromisedEntity as the alerts spell it.
    pub alert_entity: String,
    /// Computer as the logons spell it.
    pub logon_computer: String,
    pub account: String,
    pub ip_address: String,
    pub alerts: Vec<KeyAlert>,
    /// Times of the RDP logons (4624, LogonType 10) that join.
    pub logons: Vec<String>,
    /// Rows of `expected_rows` that this story gives.
    pub expected_rows: usize,
}

/// Why a near miss does not join.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NearMissReason {
    /// The logon came after TimeGenerated + 15m.
    AfterWindow,
    /// The logon came before the alert; the hunt looks forward only.
    BeforeAlert,
    /// A 4624 of another logon type (3 Network, 7 Unlock).
    LogonType,
    /// A 4625 failure, not a 4624.
    FailedLogon,
    /// The logon's Computer is the FQDN of the alert's short host name.
    HostSpelling,
    /// The alert's name does not match any term of the query.
    AlertName,
}

impl NearMissReason {
    pub const ALL: [NearMissReason; 6] = [
        NearMissReason::AfterWindow,
        NearMissReason::BeforeAlert,
        NearMissReason::LogonType,
        NearMissReason::FailedLogon,
        NearMissReason::HostSpelling,
        NearMissReason::AlertName,
    ];
}

/// An alert and a logon on one host that a careless hunt would join, and the reason it must not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearMissKey {
    pub id: usize,
    pub reason: NearMissReason,
    pub summary: String,
    pub alert_name: String,
    pub alert_entity: String,
    pub alert_time: String,
    pub logon_computer: String,
    pub logon_time: String,
    pub account: String,
    pub event_id: i32,
    pub logon_type: Option<i32>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// What a hostile scenario holds (`Options::hostile`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostileKey {
    /// `hostile::HOSTILE`: the values written into every text column of the noise rows, and
    /// into the hosts, accounts and addresses of the stories listed in `stories`.
    pub corpus: Vec<String>,
    /// One noise alert's Description and one noise event's WorkstationName hold a field of this
    /// many bytes (`hostile::huge_field`).
    pub huge_field_bytes: usize,
    /// One noise alert in 64 has Entities nested this deep (`hostile::deep_json`): JSON text,
    /// or a JSON value in ADX v2, as every dynamic column.
    pub deep_nesting: usize,
    /// Hostile alerts' ExtendedProperties hold an object nested this deep.
    pub value_nesting: usize,
    /// Ids of the stories whose host (a hostile value before its name), account and address are
    /// hostile; their expected rows hold the values the hunt returns.
    pub stories: Vec<usize>,
    /// Where a value of the corpus is not written as is, and why.
    pub exceptions: Vec<HostileException>,
}

/// A hostile value that a format cannot carry everywhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostileException {
    pub formats: Vec<Format>,
    pub value: String,
    pub rule: String,
}

/// Everything a test or an analyst needs to check a hunt over the scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerKey {
    pub seed: u64,
    pub difficulty: Difficulty,
    pub alert_format: Format,
    pub event_format: Format,
    /// Which logon-side rows went to a WindowsEvent export; absent when none did.
    #[serde(default, skip_serializing_if = "is_default")]
    pub windows_events: WindowsEvents,
    /// Rows of the WindowsEvent export, counted in `events`; absent when none.
    #[serde(default, skip_serializing_if = "is_default")]
    pub windows_event_rows: usize,
    /// How each export file is wrapped; absent when not.
    #[serde(default, skip_serializing_if = "is_default")]
    pub compression: Compression,
    /// The hostile values written and where they could not be; absent unless asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostile: Option<HostileKey>,
    /// SecurityAlert rows written.
    pub alerts: usize,
    /// Logon-side rows written: SecurityEvent, and WindowsEvent when `windows_event_rows` is set.
    pub events: usize,
    /// The hunt's window, as in the query.
    pub window: String,
    /// Upper-cased, as the result's CompromisedEntity shows them; sorted.
    pub compromised_hosts: Vec<String>,
    /// Lower-cased, as the result's AccountCustomEntity shows them; sorted.
    pub compromised_accounts: Vec<String>,
    pub source_ips: Vec<String>,
    /// Sorted by TimeGenerated, then Interactivelogontime, then the other columns. Identical
    /// rows repeat (the hunt never de-duplicates).
    pub expected_rows: Vec<ExpectedRow>,
    pub stories: Vec<StoryKey>,
    pub near_misses: Vec<NearMissKey>,
    /// The session stories and every RDP session of the exports; absent unless asked for
    /// (`Options::sessions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<SessionsKey>,
}

impl AnswerKey {
    /// The key of a scenario of `alerts` and `events` rows around the stories `planted`.
    /// `windows_event_rows` is left for the caller to count, as it takes the rows themselves.
    pub(super) fn new(config: &Config, options: &Options, planted: PlantedKey, alerts: usize, events: usize) -> AnswerKey {
        let hostile = options.hostile.then(|| HostileKey {
            corpus: hostile::HOSTILE.iter().map(|v| v.to_string()).collect(),
            huge_field_bytes: hostile::HUGE_FIELD_BYTES,
            deep_nesting: hostile::DEEP_NESTING,
            value_nesting: hostile::VALUE_NESTING,
            stories: planted.hostile_stories,
            exceptions: hostile_exceptions(config),
        });
        AnswerKey {
            seed: config.seed,
            difficulty: config.difficulty,
            alert_format: config.alert_format,
            event_format: config.event_format,
            windows_events: options.windows_events,
            windows_event_rows: 0,
            compression: options.compression,
            hostile,
            alerts,
            events,
            window: "15m".to_string(),
            compromised_hosts: planted.hosts,
            compromised_accounts: planted.accounts,
            source_ips: planted.ips,
            expected_rows: planted.rows,
            stories: planted.stories,
            near_misses: planted.near_misses,
            sessions: None,
        }
    }

    /// Pretty JSON with a final newline: the bytes of `answer-key.json`.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("the answer key serialises");
        out.push(b'\n');
        out
    }

    pub fn from_json(bytes: &[u8]) -> Result<AnswerKey, String> {
        serde_json::from_slice(bytes).map_err(|e| format!("not an answer key: {e}"))
    }
}

/// What the hostile corpus cannot be in the exports of `config`, and what is written instead.
fn hostile_exceptions(config: &Config) -> Vec<HostileException> {
    let mut out = Vec::new();
    let mut csv: Vec<Format> = [config.alert_format, config.event_format].into_iter().filter(|f| f.is_csv()).collect();
    csv.dedup();
    for value in hostile::HOSTILE.iter().filter(|v| v.contains('\0')) {
        if !csv.is_empty() {
            out.push(HostileException {
                formats: csv.clone(),
                value: value.to_string(),
                rule: format!(
                    "not within the first {} bytes of a CSV file (a NUL there makes the file binary data to the readers), \
                     and not in the stories' hosts, accounts or addresses",
                    write::CSV_NUL_FREE_BYTES
                ),
            });
        }
    }
    out
}
