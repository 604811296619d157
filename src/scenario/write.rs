//! The export formats, streamed row by row to a `Write`.
//!
//! Each table is a list of columns with a Kusto type; a row is an array of `Cell`s. The writers
//! differ only in how they write a header, a cell and a row's ends. With `Options::hostile`, rows
//! marked `Hostile` get the corpus of `hostile` in their text columns here, as they are written.

use std::io::{self, Write};

use super::hostile;
use super::rng::{mix, SplitMix64};
use super::vocab;
use super::{Alert, Event, Format, Hostile, Scenario};
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
    /// The type as each format names it.
    fn name(self, format: Format) -> &'static str {
        match (format, self) {
            (Format::Graph, Kind::String) => "String",
            (Format::Graph, Kind::Datetime) => "DateTime",
            (Format::Graph, Kind::Int) => "Int32",
            (Format::Graph, Kind::Dynamic) => "Object",
            (_, Kind::String) => "string",
            (_, Kind::Datetime) => "datetime",
            (_, Kind::Int) => "int",
            (_, Kind::Dynamic) => "dynamic",
        }
    }

    /// ADX REST v1's `DataType`: the .NET type.
    fn data_type(self) -> &'static str {
        match self {
            Kind::String => "String",
            Kind::Datetime => "DateTime",
            Kind::Int => "Int32",
            Kind::Dynamic => "Object",
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
    /// A `dynamic` value given as JSON text: a JSON string in every format but ADX v2, which
    /// writes it as a JSON value.
    Dynamic(&'a str),
    /// WindowsEvent's EventData property bag, given as JSON text: an object in the JSON formats,
    /// its text in CSV.
    Bag(&'a str),
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

/// WindowsEvent, as the WindowsForwardedEvents connector fills it.
const WINDOWS_COLUMNS: [(&str, Kind); 12] = [
    ("TenantId", Kind::String),
    ("TimeGenerated", Kind::Datetime),
    ("Computer", Kind::String),
    ("EventID", Kind::Int),
    ("Channel", Kind::String),
    ("Provider", Kind::String),
    ("Task", Kind::Int),
    ("EventLevel", Kind::Int),
    ("EventLevelName", Kind::String),
    ("Keywords", Kind::String),
    ("EventData", Kind::Dynamic),
    ("Type", Kind::String),
];

/// A CSV file whose first bytes hold a NUL is binary data to the readers (and to most tools), so
/// CSV writers put no NUL before this offset.
pub(super) const CSV_NUL_FREE_BYTES: u64 = 4096;

/// How a row marked `Hostile` is dressed.
#[derive(Clone, Copy)]
struct Dress {
    row: u32,
    /// A noise row: the columns the hunt reads are hostile too.
    all: bool,
    no_nul: bool,
}

impl Dress {
    fn of(mark: Hostile, no_nul: bool) -> Option<Dress> {
        match mark {
            Hostile::No => None,
            Hostile::Free(row) => Some(Dress { row, all: false, no_nul }),
            Hostile::All(row) => Some(Dress { row, all: true, no_nul }),
        }
    }

    fn pick(&self, column: usize) -> &'static str {
        hostile::pick(self.row, column, self.no_nul)
    }

    /// A column the hunt reads but never joins on: hostile in noise rows only.
    fn key<'a>(&self, column: usize, original: &'a str) -> &'a str {
        if self.all {
            self.pick(column)
        } else {
            original
        }
    }

    /// A column the hunt joins or groups on: in noise rows, a hostile value before the original,
    /// so two noise rows stay as different as the originals were and no noise row joins.
    fn prefixed<'a>(&self, column: usize, original: &'a str, buf: &'a mut String) -> &'a str {
        if !self.all {
            return original;
        }
        buf.clear();
        buf.push_str(self.pick(column));
        buf.push_str(original);
        buf
    }
}

/// Applies `Dress::pick` to a column when the row is dressed.
fn free(dress: Option<Dress>, column: usize, original: &str) -> &str {
    dress.map_or(original, |d| d.pick(column))
}

fn json_text(value: &str) -> String {
    serde_json::to_string(value).expect("strings serialise")
}

pub(super) fn alerts(s: &Scenario, out: &mut impl Write) -> io::Result<()> {
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

/// The texts of one event row, hostile where the row is dressed.
struct EventText<'e> {
    account: &'e str,
    computer: &'e str,
    ip: &'e str,
    workstation: &'e str,
    logon_process: &'e str,
    auth_package: &'e str,
    /// The workstation is `hostile::huge_field`.
    huge: bool,
}

/// Scratch space for the prefixed values of a dressed event.
#[derive(Default)]
struct EventBufs {
    account: String,
    computer: String,
}

fn event_text<'e>(s: &'e Scenario, e: &Event<'e>, dress: Option<Dress>, bufs: &'e mut EventBufs) -> EventText<'e> {
    let Some(d) = dress else {
        return EventText {
            account: e.account,
            computer: e.computer,
            ip: e.ip,
            workstation: e.workstation,
            logon_process: e.logon_process,
            auth_package: e.auth_package,
            huge: false,
        };
    };
    let huge = d.all && s.hostile_rows.huge_event == Some(d.row);
    let workstation = if huge { s.hostile_text.huge.as_str() } else { d.pick(16) };
    EventText {
        account: d.prefixed(3, e.account, &mut bufs.account),
        computer: d.prefixed(5, e.computer, &mut bufs.computer),
        ip: d.key(12, e.ip),
        workstation,
        logon_process: d.pick(13),
        auth_package: d.pick(11),
        huge,
    }
}

pub(super) fn events(s: &Scenario, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer::new(out, s.config.event_format, &EVENT_COLUMNS)?;
    let mut bufs = EventBufs::default();
    let split = s.options.windows_events != super::WindowsEvents::Off;
    for e in s.events() {
        if split && s.routes_to_windows(e.computer) {
            continue;
        }
        let dress = Dress::of(e.hostile, w.nul_unsafe());
        let t = event_text(s, &e, dress, &mut bufs);
        let logon_type = e.logon_type.map_or(Cell::Null, |t| Cell::Int(i64::from(t)));
        let (account_type, activity) = match dress {
            Some(d) => (d.key(4, e.account_type()), d.key(10, vocab::activity(e.event_id))),
            None => (e.account_type(), vocab::activity(e.event_id)),
        };
        w.row([
            Cell::Text(free(dress, 0, &s.tenant)),
            Cell::Time(e.time),
            Cell::Text(free(dress, 2, "OpsManager")),
            Cell::Text(t.account),
            Cell::Text(account_type),
            Cell::Text(t.computer),
            Cell::Text(free(dress, 6, "Microsoft-Windows-Security-Auditing")),
            Cell::Text(free(dress, 7, "Security")),
            Cell::Int(i64::from(vocab::task(e.event_id))),
            Cell::Int(i64::from(e.event_id)),
            Cell::Text(activity),
            Cell::Text(t.auth_package),
            Cell::Text(t.ip),
            Cell::Text(t.logon_process),
            logon_type,
            Cell::Text(free(dress, 15, vocab::logon_type_name(e.logon_type))),
            Cell::Text(t.workstation),
            Cell::Text(free(dress, 17, "SecurityEvent")),
        ])?;
    }
    w.finish()
}

/// `DOMAIN\user` as WindowsEvent's TargetDomainName and TargetUserName: split at the first
/// backslash; no backslash, no domain.
pub(super) fn split_account(account: &str) -> (&str, &str) {
    account.split_once('\\').unwrap_or(("", account))
}

pub(super) fn windows_events(s: &Scenario, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer::new(out, s.config.event_format, &WINDOWS_COLUMNS)?;
    let mut bufs = EventBufs::default();
    let mut bag = Bag::default();
    for e in s.events() {
        if !s.routes_to_windows(e.computer) {
            continue;
        }
        let dress = Dress::of(e.hostile, w.nul_unsafe());
        let t = event_text(s, &e, dress, &mut bufs);
        let (domain, user) = split_account(t.account);
        let subject = free(dress, 1, "-");
        bag.clear();
        match e.event_id {
            4624 | 4625 => {
                bag.add("SubjectUserSid", free(dress, 20, "S-1-0-0"));
                bag.add("SubjectUserName", subject);
                bag.add("SubjectDomainName", subject);
                bag.add("TargetUserName", user);
                bag.add("TargetDomainName", domain);
                if let Some(lt) = e.logon_type {
                    bag.add_int("LogonType", lt.into());
                }
                bag.add("LogonProcessName", t.logon_process);
                bag.add("AuthenticationPackageName", t.auth_package);
                bag.add("WorkstationName", t.workstation);
                bag.add("IpAddress", t.ip);
                if matches!(t.ip, "-" | "") {
                    bag.add("IpPort", "-");
                } else {
                    bag.add_int("IpPort", 49_152 + e.time.0.rem_euclid(16_000));
                }
                if e.event_id == 4625 {
                    bag.add("Status", free(dress, 21, "0xc000006d"));
                    bag.add("SubStatus", free(dress, 22, "0xc000006a"));
                }
            }
            4634 => {
                bag.add("TargetUserName", user);
                bag.add("TargetDomainName", domain);
                if let Some(lt) = e.logon_type {
                    bag.add_int("LogonType", lt.into());
                }
            }
            4648 => {
                bag.add("SubjectUserName", user);
                bag.add("SubjectDomainName", domain);
                bag.add("TargetUserName", user);
                bag.add("TargetDomainName", domain);
                bag.add("TargetServerName", free(dress, 20, "localhost"));
                bag.add("IpAddress", t.ip);
            }
            4672 => {
                bag.add("SubjectUserName", user);
                bag.add("SubjectDomainName", domain);
                bag.add("PrivilegeList", free(dress, 9, "SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeDebugPrivilege"));
            }
            _ => {
                bag.add("SubjectUserName", user);
                bag.add("SubjectDomainName", domain);
                bag.add("NewProcessName", free(dress, 9, "C:\\Windows\\System32\\cmd.exe"));
            }
        }
        if t.huge && !matches!(e.event_id, 4624 | 4625) {
            // Other events have no WorkstationName; this one carries the 1 MiB field anyway.
            bag.add("WorkstationName", t.workstation);
        }
        let failure = e.event_id == 4625;
        w.row([
            Cell::Text(free(dress, 0, &s.tenant)),
            Cell::Time(e.time),
            Cell::Text(t.computer),
            Cell::Int(i64::from(e.event_id)),
            Cell::Text(free(dress, 7, "Security")),
            Cell::Text(free(dress, 6, "Microsoft-Windows-Security-Auditing")),
            Cell::Int(i64::from(vocab::task(e.event_id))),
            Cell::Int(0),
            Cell::Text(free(dress, 8, "Information")),
            Cell::Text(free(dress, 10, if failure { "Audit Failure" } else { "Audit Success" })),
            Cell::Bag(bag.finish()),
            Cell::Text(free(dress, 17, "WindowsEvent")),
        ])?;
    }
    w.finish()
}

/// A property bag's JSON text, built in place for each row. Values are strings, as the
/// connector writes them.
#[derive(Default)]
struct Bag {
    buf: Vec<u8>,
}

impl Bag {
    fn clear(&mut self) {
        self.buf.clear();
        self.buf.push(b'{');
    }

    fn key(&mut self, key: &str) {
        if self.buf.len() > 1 {
            self.buf.push(b',');
        }
        json_string(&mut self.buf, key);
        self.buf.push(b':');
    }

    fn add(&mut self, key: &str, value: &str) {
        self.key(key);
        json_string(&mut self.buf, value);
    }

    fn add_int(&mut self, key: &str, value: i64) {
        self.key(key);
        self.buf.push(b'"');
        push_int(&mut self.buf, value);
        self.buf.push(b'"');
    }

    fn finish(&mut self) -> &str {
        self.buf.push(b'}');
        std::str::from_utf8(&self.buf).expect("JSON text of UTF-8 strings")
    }
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

/// Writes one table in one format.
struct Writer<'w, W: Write, const N: usize> {
    out: &'w mut W,
    format: Format,
    columns: &'static [(&'static str, Kind); N],
    rows: u64,
    /// Bytes written so far.
    written: u64,
    buf: Vec<u8>,
}

impl<'w, W: Write, const N: usize> Writer<'w, W, N> {
    fn new(out: &'w mut W, format: Format, columns: &'static [(&'static str, Kind); N]) -> io::Result<Self> {
        let mut b = Vec::with_capacity(1024);
        match format {
            Format::PortalCsv | Format::Csv => {
                let portal = format == Format::PortalCsv;
                if portal {
                    b.extend_from_slice(b"\xEF\xBB\xBF");
                }
                for (i, (name, kind)) in columns.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    b.extend_from_slice(name.as_bytes());
                    if portal && *kind == Kind::Datetime {
                        b.extend_from_slice(b" [UTC]");
                    }
                }
                b.extend_from_slice(if portal { b"\r\n" } else { b"\n" });
            }
            Format::ApiJson => {
                b.extend_from_slice(b"{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[");
                for (i, (name, kind)) in columns.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    let _ = write!(b, "{{\"name\":\"{name}\",\"type\":\"{}\"}}", kind.name(format));
                }
                b.extend_from_slice(b"],\"rows\":[");
            }
            Format::AdxV1 => {
                b.extend_from_slice(b"{\"Tables\":[{\"TableName\":\"Table_0\",\"Columns\":[");
                for (i, (name, kind)) in columns.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    let _ = write!(
                        b,
                        "{{\"ColumnName\":\"{name}\",\"DataType\":\"{}\",\"ColumnType\":\"{}\"}}",
                        kind.data_type(),
                        kind.name(format)
                    );
                }
                b.extend_from_slice(b"],\"Rows\":[");
            }
            Format::AdxV2 => {
                b.extend_from_slice(b"[{\"FrameType\":\"DataSetHeader\",\"IsProgressive\":false,\"Version\":\"v2.0\"},\n");
                b.extend_from_slice(
                    b"{\"FrameType\":\"DataTable\",\"TableId\":0,\"TableKind\":\"PrimaryResult\",\"TableName\":\"PrimaryResult\",\"Columns\":[",
                );
                for (i, (name, kind)) in columns.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    let _ = write!(b, "{{\"ColumnName\":\"{name}\",\"ColumnType\":\"{}\"}}", kind.name(format));
                }
                b.extend_from_slice(b"],\"Rows\":[");
            }
            Format::Graph => {
                b.extend_from_slice(
                    b"{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults\",\"schema\":[",
                );
                for (i, (name, kind)) in columns.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    let _ = write!(b, "{{\"name\":\"{name}\",\"type\":\"{}\"}}", kind.name(format));
                }
                b.extend_from_slice(b"],\"results\":[");
            }
            Format::JsonArray => b.push(b'['),
            Format::JsonLines => {}
        }
        out.write_all(&b)?;
        Ok(Writer { out, format, columns, rows: 0, written: b.len() as u64, buf: b })
    }

    /// The next row starts within a CSV file's first `CSV_NUL_FREE_BYTES`: no NUL in it.
    fn nul_unsafe(&self) -> bool {
        matches!(self.format, Format::PortalCsv | Format::Csv) && self.written < CSV_NUL_FREE_BYTES
    }

    fn row(&mut self, cells: [Cell<'_>; N]) -> io::Result<()> {
        let format = self.format;
        let b = &mut self.buf;
        b.clear();
        match format {
            Format::PortalCsv | Format::Csv => {
                let portal = format == Format::PortalCsv;
                for (i, cell) in cells.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    match *cell {
                        Cell::Text(t) | Cell::Dynamic(t) | Cell::Bag(t) => csv_field(b, t),
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
            Format::ApiJson | Format::AdxV1 | Format::AdxV2 => {
                b.extend_from_slice(if self.rows == 0 { b"\n[" } else { b",\n[" });
                for (i, cell) in cells.iter().enumerate() {
                    if i > 0 {
                        b.push(b',');
                    }
                    json_cell(b, *cell, format);
                }
                b.push(b']');
            }
            Format::JsonLines | Format::JsonArray | Format::Graph => {
                if format != Format::JsonLines {
                    b.extend_from_slice(if self.rows == 0 { b"\n" } else { b",\n" });
                }
                b.push(b'{');
                let mut first = true;
                for (cell, (name, _)) in cells.iter().zip(self.columns.iter()) {
                    if matches!(cell, Cell::Null) && format == Format::JsonLines {
                        continue;
                    }
                    if !first {
                        b.push(b',');
                    }
                    first = false;
                    json_string(b, name);
                    b.push(b':');
                    json_cell(b, *cell, format);
                }
                b.extend_from_slice(if format == Format::JsonLines { b"}\n" } else { b"}" });
            }
        }
        self.rows += 1;
        self.written += b.len() as u64;
        self.out.write_all(b)
    }

    fn finish(self) -> io::Result<()> {
        let end: &[u8] = match self.format {
            Format::ApiJson | Format::AdxV1 => b"\n]}]}\n",
            Format::AdxV2 => b"\n]},\n{\"FrameType\":\"DataSetCompletion\",\"HasErrors\":false,\"Cancelled\":false}]\n",
            Format::Graph => b"\n]}\n",
            Format::JsonArray => b"\n]\n",
            Format::PortalCsv | Format::Csv | Format::JsonLines => b"",
        };
        self.out.write_all(end)?;
        self.out.flush()
    }
}

/// A cell in a JSON format.
fn json_cell(b: &mut Vec<u8>, cell: Cell<'_>, format: Format) {
    match cell {
        Cell::Text(t) => json_string(b, t),
        Cell::Dynamic(t) | Cell::Bag(t) if format == Format::AdxV2 => b.extend_from_slice(t.as_bytes()),
        Cell::Dynamic(t) => json_string(b, t),
        Cell::Bag(t) => b.extend_from_slice(t.as_bytes()),
        Cell::Int(v) => push_int(b, v),
        Cell::Time(t) => {
            b.push(b'"');
            iso_time(b, t, format == Format::ApiJson);
            b.push(b'"');
        }
        Cell::Null => b.extend_from_slice(b"null"),
    }
}

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
