//! The SecurityAlert export: its columns, and the texts of each row (description, ids,
//! ExtendedProperties, Entities) drawn from the alert's kind and serial.

use std::io::{self, Write};

use super::dress::{free, Dress};
use super::json::json_text;
use super::{Cell, Kind, Writer};
use crate::engine::time::{TICKS_PER_MINUTE, TICKS_PER_SECOND};
use crate::engine::Ticks;
use crate::scenario::rng::{mix, SplitMix64};
use crate::scenario::vocab;
use crate::scenario::{Alert, Hostile, Scenario};

const ALERT_COLUMNS: [(&str, Kind); 23] = [
    ("TenantId", Kind::String),
    ("TimeGenerated", Kind::Datetime),
    ("DisplayName", Kind::String),
    ("AlertName", Kind::String),
    ("AlertSeverity", Kind::String),
    ("Description", Kind::String),
    ("ProviderName", Kind::String),
    ("VendorName", Kind::String),
    ("SystemAlertId", Kind::String),
    ("AlertType", Kind::String),
    ("StartTime", Kind::Datetime),
    ("EndTime", Kind::Datetime),
    ("ExtendedProperties", Kind::Dynamic),
    ("Entities", Kind::Dynamic),
    ("SourceSystem", Kind::String),
    ("WorkspaceSubscriptionId", Kind::String),
    ("WorkspaceResourceGroup", Kind::String),
    ("ProductName", Kind::String),
    ("Status", Kind::String),
    ("CompromisedEntity", Kind::String),
    ("Tactics", Kind::String),
    ("VendorOriginalId", Kind::String),
    ("Type", Kind::String),
];

pub(in crate::scenario) fn alerts(s: &Scenario, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer::new(out, s.config.alert_format, &ALERT_COLUMNS)?;
    let mut text = AlertText::default();
    let (mut name_buf, mut entity_buf) = (String::new(), String::new());
    for alert in s.alerts() {
        text.fill(s, &alert);
        let start = Ticks(alert.time.0 - text.lead);
        let dress = Dress::of(alert.hostile, w.nul_unsafe());
        let (mut name, mut entity, mut subscription) = (alert.name, alert.entity, alert.subscription);
        let mut deep = false;
        if let Some(d) = dress {
            name = d.prefixed(3, alert.name, &mut name_buf);
            entity = d.prefixed(19, alert.entity, &mut entity_buf);
            subscription = d.key(15, alert.subscription);
            text.dress(s, &d);
            deep = d.all && s.hostile_rows.deep_alert(d.row);
        }
        let description = match dress {
            Some(d) if d.all && s.hostile_rows.huge_alert == Some(d.row) => s.hostile_text.huge.as_str(),
            _ => free(dress, 5, &text.description),
        };
        let entities = if deep { &s.hostile_text.deep } else { &text.entities };
        w.row([
            Cell::Text(free(dress, 0, &s.tenant)),
            Cell::Time(alert.time),
            Cell::Text(free(dress, 2, alert.name)),
            Cell::Text(name),
            Cell::Text(free(dress, 4, text.kind.severity)),
            Cell::Text(description),
            Cell::Text(free(dress, 6, text.kind.provider)),
            Cell::Text(free(dress, 7, "Microsoft")),
            Cell::Text(free(dress, 8, &text.id)),
            Cell::Text(free(dress, 9, text.kind.alert_type)),
            Cell::Time(start),
            Cell::Time(start),
            Cell::Dynamic(&text.extended),
            Cell::Dynamic(entities),
            Cell::Text(free(dress, 14, "Detection")),
            Cell::Text(subscription),
            Cell::Text(free(dress, 16, "rg-sentinel-prod")),
            Cell::Text(free(dress, 17, text.kind.product)),
            Cell::Text(free(dress, 18, "New")),
            Cell::Text(entity),
            Cell::Text(free(dress, 20, text.kind.tactics)),
            Cell::Text(free(dress, 21, &text.vendor_id)),
            Cell::Text(free(dress, 22, "SecurityAlert")),
        ])?;
    }
    w.finish()
}

/// The texts of one alert row, rebuilt in place for each row.
#[derive(Default)]
struct AlertText {
    kind: vocab::AlertKind,
    description: String,
    id: String,
    vendor_id: String,
    extended: String,
    entities: String,
    /// StartTime is this long before TimeGenerated.
    lead: i64,
}

impl Default for vocab::AlertKind {
    fn default() -> Self {
        vocab::OTHER_ALERTS[0]
    }
}

impl AlertText {
    fn fill(&mut self, s: &Scenario, alert: &Alert<'_>) {
        self.kind = vocab::alert_kind(alert.name);
        self.description.clear();
        self.description.push_str(&self.kind.description.replace("{ip}", alert.ip).replace("{entity}", alert.entity));
        let mut rng = SplitMix64::new(s.config.seed ^ mix(alert.serial));
        self.id = rng.guid();
        self.vendor_id = rng.guid();
        let step = s.config.alert_format.resolution();
        let lead = rng.range(10 * TICKS_PER_SECOND, 20 * TICKS_PER_MINUTE);
        self.lead = lead - lead % step;
        if alert.hostile != Hostile::No {
            // Filled by `dress`: the ip and entity may be hostile, and must be escaped.
            return;
        }
        self.extended = format!(
            "{{\"Alert generation source\":\"{}\",\"Client IP Address\":\"{}\"}}",
            self.kind.provider, alert.ip
        );
        self.entities.clear();
        let subject = match alert.entity.split_once('@') {
            Some((user, suffix)) => format!("{{\"$id\":\"2\",\"Name\":\"{user}\",\"UPNSuffix\":\"{suffix}\",\"Type\":\"account\"}}"),
            None => match alert.entity.split_once('.') {
                Some((host, domain)) => format!("{{\"$id\":\"2\",\"HostName\":\"{host}\",\"DnsDomain\":\"{domain}\",\"Type\":\"host\"}}"),
                None => format!("{{\"$id\":\"2\",\"HostName\":\"{}\",\"Type\":\"host\"}}", alert.entity),
            },
        };
        self.entities = format!("[{subject},{{\"$id\":\"3\",\"Address\":\"{}\",\"Type\":\"ip\"}}]", alert.ip);
    }

    /// ExtendedProperties and Entities of a dressed row: valid JSON holding hostile strings, and
    /// an object nested `hostile::VALUE_NESTING` deep.
    fn dress(&mut self, s: &Scenario, d: &Dress) {
        self.extended = format!(
            "{{\"Alert generation source\":{},\"Client IP Address\":{},\"Nested\":{}}}",
            json_text(d.pick(12)),
            json_text(d.pick(11)),
            s.hostile_text.nested
        );
        self.entities = format!(
            "[{{\"$id\":\"2\",\"HostName\":{},\"Type\":\"host\"}},{{\"$id\":\"3\",\"Address\":{},\"Type\":\"ip\"}}]",
            json_text(d.pick(13)),
            json_text(d.pick(1))
        );
    }
}
