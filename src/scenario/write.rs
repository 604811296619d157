//! The four export formats, streamed row by row to a `Write`.
//!
//! Each table is a list of columns with a Kusto type; a row is an array of `Cell`s. The writers
//! differ only in how they write a header, a cell and a row's ends.

use std::io::{self, Write};

use super::rng::{mix, SplitMix64};
use super::vocab;
use super::{Alert, Format, Scenario};
use crate::engine::time::{TICKS_PER_MINUTE, TICKS_PER_SECOND};
use crate::engine::Ticks;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Datetime,
    Int,
    Dynamic,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Datetime => "datetime",
            Kind::Int => "int",
            Kind::Dynamic => "dynamic",
        }
    }
}

/// One value of a row.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Text(&'a str),
    Int(i64),
    Time(Ticks),
    Null,
}

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

const EVENT_COLUMNS: [(&str, Kind); 18] = [
    ("TenantId", Kind::String),
    ("TimeGenerated", Kind::Datetime),
    ("SourceSystem", Kind::String),
    ("Account", Kind::String),
    ("AccountType", Kind::String),
    ("Computer", Kind::String),
    ("EventSourceName", Kind::String),
    ("Channel", Kind::String),
    ("Task", Kind::Int),
    ("EventID", Kind::Int),
    ("Activity", Kind::String),
    ("AuthenticationPackageName", Kind::String),
    ("IpAddress", Kind::String),
    ("LogonProcessName", Kind::String),
    ("LogonType", Kind::Int),
    ("LogonTypeName", Kind::String),
    ("WorkstationName", Kind::String),
    ("Type", Kind::String),
];

pub(super) fn alerts(s: &Scenario, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer::new(out, s.config.alert_format, &ALERT_COLUMNS)?;
    let mut text = AlertText::default();
    for alert in s.alerts() {
        text.fill(s, &alert);
        let start = Ticks(alert.time.0 - text.lead);
        w.row([
            Cell::Text(&s.tenant),
            Cell::Time(alert.time),
            Cell::Text(alert.name),
            Cell::Text(alert.name),
            Cell::Text(text.kind.severity),
            Cell::Text(&text.description),
            Cell::Text(text.kind.provider),
            Cell::Text("Microsoft"),
            Cell::Text(&text.id),
            Cell::Text(text.kind.alert_type),
            Cell::Time(start),
            Cell::Time(start),
            Cell::Text(&text.extended),
            Cell::Text(&text.entities),
            Cell::Text("Detection"),
            Cell::Text(alert.subscription),
            Cell::Text("rg-sentinel-prod"),
            Cell::Text(text.kind.product),
            Cell::Text("New"),
            Cell::Text(alert.entity),
            Cell::Text(text.kind.tactics),
            Cell::Text(&text.vendor_id),
            Cell::Text("SecurityAlert"),
        ])?;
    }
    w.finish()
}

pub(super) fn events(s: &Scenario, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer::new(out, s.config.event_format, &EVENT_COLUMNS)?;
    for e in s.events() {
        let logon_type = e.logon_type.map_or(Cell::Null, |t| Cell::Int(i64::from(t)));
        w.row([
            Cell::Text(&s.tenant),
            Cell::Time(e.time),
            Cell::Text("OpsManager"),
            Cell::Text(e.account),
            Cell::Text(e.account_type()),
            Cell::Text(e.computer),
            Cell::Text("Microsoft-Windows-Security-Auditing"),
            Cell::Text("Security"),
            Cell::Int(i64::from(vocab::task(e.event_id))),
            Cell::Int(i64::from(e.event_id)),
            Cell::Text(vocab::activity(e.event_id)),
            Cell::Text(e.auth_package),
            Cell::Text(e.ip),
            Cell::Text(e.logon_process),
            logon_type,
            Cell::Text(vocab::logon_type_name(e.logon_type)),
            Cell::Text(e.workstation),
            Cell::Text("SecurityEvent"),
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
}

/// Writes one table in one format.
struct Writer<'w, W: Write, const N: usize> {
    out: &'w mut W,
    format: Format,
    columns: &'static [(&'static str, Kind); N],
    rows: u64,
    buf: Vec<u8>,
}

impl<'w, W: Write, const N: usize> Writer<'w, W, N> {
    fn new(out: &'w mut W, format: Format, columns: &'static [(&'static str, Kind); N]) -> io::Result<Self> {
        match format {
            Format::PortalCsv | Format::Csv => {
                let portal = format == Format::PortalCsv;
                if portal {
                    out.write_all(b"\xEF\xBB\xBF")?;
                }
                for (i, (name, kind)) in columns.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    out.write_all(name.as_bytes())?;
                    if portal && *kind == Kind::Datetime {
                        out.write_all(b" [UTC]")?;
                    }
                }
                out.write_all(if portal { b"\r\n" } else { b"\n" })?;
            }
            Format::ApiJson => {
                out.write_all(b"{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[")?;
                for (i, (name, kind)) in columns.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    write!(out, "{{\"name\":\"{name}\",\"type\":\"{}\"}}", kind.name())?;
                }
                out.write_all(b"],\"rows\":[")?;
            }
            Format::JsonLines => {}
        }
        Ok(Writer { out, format, columns, rows: 0, buf: Vec::with_capacity(1024) })
    }

    fn row(&mut self, cells: [Cell<'_>; N]) -> io::Result<()> {
        let b = &mut self.buf;
        b.clear();
        match self.format {
            Format::PortalCsv | Format::Csv => {
                let portal = self.format == Format::PortalCsv;
                for (i, cell) in cells.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    match *cell {
                        Cell::Text(t) => csv_field(b, t),
                        Cell::Int(v) => push_int(b, v),
                        Cell::Time(t) if portal => {
                            b.push(b'"');
                            portal_time(b, t);
                            b.push(b'"');
                        }
                        Cell::Time(t) => iso_time(b, t, false),
                        Cell::Null => {}
                    }
                }
                b.extend_from_slice(if portal { b"\r\n" } else { b"\n" });
            }
            Format::ApiJson => {
                b.extend_from_slice(if self.rows == 0 { b"\n[" } else { b",\n[" });
                for (i, cell) in cells.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    match *cell {
                        Cell::Text(t) => json_string(b, t),
                        Cell::Int(v) => push_int(b, v),
                        Cell::Time(t) => {
                            b.push(b'"');
                            iso_time(b, t, true);
                            b.push(b'"');
                        }
                        Cell::Null => b.extend_from_slice(b"null"),
                    }
                }
                b.push(b']');
            }
            Format::JsonLines => {
                b.push(b'{');
                let mut first = true;
                for (cell, (name, _)) in cells.iter().zip(self.columns.iter()) {
                    if matches!(cell, Cell::Null) {
                        continue;
                    }
                    if !first {
                        b.push(b',');
                    }
                    first = false;
                    json_string(b, name);
                    b.push(b':');
                    match *cell {
                        Cell::Text(t) => json_string(b, t),
                        Cell::Int(v) => push_int(b, v),
                        Cell::Time(t) => {
                            b.push(b'"');
                            iso_time(b, t, false);
                            b.push(b'"');
                        }
                        Cell::Null => {}
                    }
                }
                b.extend_from_slice(b"}\n");
            }
        }
        self.rows += 1;
        self.out.write_all(b)
    }

    fn finish(self) -> io::Result<()> {
        if self.format == Format::ApiJson {
            self.out.write_all(b"\n]}]}\n")?;
        }
        self.out.flush()
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(b: &mut Vec<u8>, text: &str) {
    if text.bytes().any(|c| matches!(c, b',' | b'"' | b'\n' | b'\r')) {
        b.push(b'"');
        for c in text.bytes() {
            if c == b'"' {
                b.push(b'"');
            }
            b.push(c);
        }
        b.push(b'"');
    } else {
        b.extend_from_slice(text.as_bytes());
    }
}

fn json_string(b: &mut Vec<u8>, text: &str) {
    b.push(b'"');
    for c in text.bytes() {
        match c {
            b'"' => b.extend_from_slice(b"\\\""),
            b'\\' => b.extend_from_slice(b"\\\\"),
            b'\n' => b.extend_from_slice(b"\\n"),
            b'\r' => b.extend_from_slice(b"\\r"),
            b'\t' => b.extend_from_slice(b"\\t"),
            0..=0x1f => {
                let _ = write!(b, "\\u{:04x}", c);
            }
            _ => b.push(c),
        }
    }
    b.push(b'"');
}

fn push_int(b: &mut Vec<u8>, v: i64) {
    let _ = write!(b, "{v}");
}

/// Calendar fields of a time: (year, month, day, hour, minute, second, ticks of the second).
fn civil(t: Ticks) -> (i64, u32, u32, u32, u32, u32, i64) {
    const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;
    let since = t.0 - UNIX_EPOCH_TICKS;
    let secs = since.div_euclid(TICKS_PER_SECOND);
    let frac = since.rem_euclid(TICKS_PER_SECOND);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, (sod / 3600) as u32, (sod % 3600 / 60) as u32, (sod % 60) as u32, frac)
}

/// `2026-03-16T09:05:12.3456789Z`; `trim`: the API's form, trailing zeros (and a bare dot) dropped.
fn iso_time(b: &mut Vec<u8>, t: Ticks, trim: bool) {
    let (y, mo, d, h, mi, s, frac) = civil(t);
    let _ = write!(b, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    if trim {
        if frac != 0 {
            let digits = format!("{frac:07}");
            let _ = write!(b, ".{}", digits.trim_end_matches('0'));
        }
    } else {
        let _ = write!(b, ".{frac:07}");
    }
    b.push(b'Z');
}

/// The en-US portal display: `3/16/2026, 9:05:12.345 AM` (milliseconds, 12-hour clock).
fn portal_time(b: &mut Vec<u8>, t: Ticks) {
    let (y, mo, d, h, mi, s, frac) = civil(t);
    let (hour12, meridiem) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    let _ = write!(b, "{mo}/{d}/{y}, {hour12}:{mi:02}:{s:02}.{:03} {meridiem}", frac / 10_000);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_each_export_writes_them() {
        let mut r = SplitMix64::new(3);
        for _ in 0..2000 {
            let t = Ticks(r.range(630_000_000_000_000_000, 650_000_000_000_000_000));
            let mut b = Vec::new();
            iso_time(&mut b, t, false);
            assert_eq!(String::from_utf8(b).unwrap(), t.to_iso());
        }
        let t = Ticks::from_parts(chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(), 0, 5, 7, 1_230_000).unwrap();
        let text = |f: fn(&mut Vec<u8>, Ticks), t| {
            let mut b = Vec::new();
            f(&mut b, t);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(text(portal_time, t), "3/16/2026, 12:05:07.123 AM");
        assert_eq!(text(portal_time, Ticks(t.0 + 12 * 3600 * TICKS_PER_SECOND)), "3/16/2026, 12:05:07.123 PM");
        assert_eq!(text(portal_time, Ticks(t.0 + 13 * 3600 * TICKS_PER_SECOND)), "3/16/2026, 1:05:07.123 PM");
        assert_eq!(text(|b, t| iso_time(b, t, true), t), "2026-03-16T00:05:07.123Z");
        assert_eq!(text(|b, t| iso_time(b, t, true), Ticks(t.0 - 1_230_000)), "2026-03-16T00:05:07Z");
    }

    #[test]
    fn csv_and_json_quoting() {
        let mut b = Vec::new();
        csv_field(&mut b, "a,\"b\"");
        csv_field(&mut b, "plain ");
        json_string(&mut b, "C\\x \"q\"\u{1}");
        assert_eq!(String::from_utf8(b).unwrap(), "\"a,\"\"b\"\"\"plain \"C\\\\x \\\"q\\\"\\u0001\"");
    }
}
