//! The answer key of a scenario: what the hunt must return, and what it must not.
//!
//! It is written from the planted stories as they are planted (each story knows its alert groups
//! and the logons that fall in their windows), never by running the engine, so tests can hold
//! the engine to it.

use serde::{Deserialize, Serialize};

use super::{Difficulty, Format};

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

/// Everything a test or an analyst needs to check a hunt over the scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerKey {
    pub seed: u64,
    pub difficulty: Difficulty,
    pub alert_format: Format,
    pub event_format: Format,
    /// SecurityAlert rows written.
    pub alerts: usize,
    /// SecurityEvent rows written.
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
}

impl AnswerKey {
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
