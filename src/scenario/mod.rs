//! Deterministic scenarios: synthetic SecurityAlert and SecurityEvent exports with planted stories
//! and an answer key, for tests, benchmarks and the page's sample data.
//!
//! Main types: [`Config`] (seed, row counts, [`Difficulty`], one [`Format`] per table) goes into
//! [`Scenario::generate`], or with opt-in [`Options`] into [`Scenario::generate_with`]; a
//! [`Scenario`] streams its rows ([`Alert`], [`Event`]) to any `std::io::Write` in any format the
//! readers accept (portal CSV, plain CSV, Log Analytics API JSON, ADX REST v1 and v2, Graph
//! runHuntingQuery, JSON arrays, JSON Lines), gzip- or zip-wrapped on request, and holds its
//! [`AnswerKey`]: the true-positive stories ([`StoryKey`]), the near misses with their
//! [`NearMissReason`], and the hunt's expected rows ([`ExpectedRow`]).
//!
//! Options, all off by default: [`WindowsEvents`] writes some or all logon-side rows as a
//! WindowsEvent export (an EventData property bag) instead of SecurityEvent; `hostile` writes the
//! corpus of [`hostile`] into every text column of the noise and into the keys, accounts and
//! addresses of every other story, with the answer key holding the values the hunt returns;
//! [`Compression`] wraps each export in gzip or zip.
//!
//! The same seed gives the same bytes on every platform (a [`SplitMix64`] generator, integer
//! arithmetic only). Nothing here touches files: the CLI (`huntbench gen`) writes them.
//! [`SAMPLE_FILES`] are the page's built-in sample, generated from [`sample_config`].
//!
//! How the answer key stays true without running the hunt: every story gets a host of its own,
//! and the noise keeps to hosts where it cannot join. RDP logons (4624, LogonType 10) of the
//! noise land only on servers that no recon alert names; recon alerts of the noise name only
//! workstations (which never see a 4624 of type 10) or user principal names. Hostile noise keeps
//! to this: its hosts get a hostile value before their names, so they stay apart.

mod answer;
pub mod hostile;
mod noise;
mod rng;
mod stories;
mod vocab;
mod write;

use std::io::{self, Seek, Write};

use serde::{Deserialize, Serialize};

use crate::engine::Ticks;

pub use answer::{AnswerKey, ExpectedRow, HostileException, HostileKey, KeyAlert, NearMissKey, NearMissReason, StoryKey};
pub use rng::SplitMix64;
pub use vocab::{HARD_MATCHING_NAMES, HARD_NEAR_NAMES, NEAR_NAMES};

/// An export format the generator writes (and the readers read back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// Sentinel / Log Analytics portal "Export to CSV": BOM, CRLF, `TimeGenerated [UTC]`,
    /// en-US `3/16/2026, 9:05:12.345 AM` times (milliseconds).
    #[serde(rename = "portal-csv")]
    PortalCsv,
    /// Kusto.Explorer-style CSV: plain headers, `2026-03-16T09:05:12.3456789Z`.
    #[serde(rename = "csv")]
    Csv,
    /// Log Analytics query API: `{"tables":[{"name":"PrimaryResult","columns","rows"}]}`.
    #[serde(rename = "api-json")]
    ApiJson,
    /// Data-export JSON Lines: one record a line, null values left out.
    #[serde(rename = "jsonl")]
    JsonLines,
    /// A JSON array of records, nulls written (pandas' `to_json(orient="records")`).
    #[serde(rename = "json-array")]
    JsonArray,
    /// Azure Data Explorer REST v1: `{"Tables":[{"TableName","Columns":[{"ColumnName","DataType",
    /// "ColumnType"}],"Rows"}]}`; dynamic values as JSON text.
    #[serde(rename = "adx-v1")]
    AdxV1,
    /// Azure Data Explorer REST v2: frames `DataSetHeader`, a `DataTable` of kind `PrimaryResult`,
    /// `DataSetCompletion`; dynamic values as JSON values.
    #[serde(rename = "adx-v2")]
    AdxV2,
    /// Microsoft Graph runHuntingQuery: `{"schema":[{"name","type"}],"results":[{..}]}` with .NET
    /// type names.
    #[serde(rename = "graph")]
    Graph,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::PortalCsv,
        Format::Csv,
        Format::ApiJson,
        Format::JsonLines,
        Format::JsonArray,
        Format::AdxV1,
        Format::AdxV2,
        Format::Graph,
    ];

    /// `portal-csv`, `csv`, `api-json`, `jsonl`, `json-array`, `adx-v1`, `adx-v2` or `graph`.
    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::PortalCsv => "portal-csv",
            Format::Csv => "csv",
            Format::ApiJson => "api-json",
            Format::JsonLines => "jsonl",
            Format::JsonArray => "json-array",
            Format::AdxV1 => "adx-v1",
            Format::AdxV2 => "adx-v2",
            Format::Graph => "graph",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::PortalCsv | Format::Csv => "csv",
            Format::JsonLines => "jsonl",
            Format::ApiJson | Format::JsonArray | Format::AdxV1 | Format::AdxV2 | Format::Graph => "json",
        }
    }

    pub fn is_csv(self) -> bool {
        matches!(self, Format::PortalCsv | Format::Csv)
    }

    /// The finest time step the format keeps, in ticks: the portal writes milliseconds, so
    /// scenarios written to it use whole milliseconds and the export still holds the truth.
    pub fn resolution(self) -> i64 {
        match self {
            Format::PortalCsv => 10_000,
            _ => 1,
        }
    }
}

/// How subtle the planted stories are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    /// Wide margins (a near miss at +25 min), hosts spelled alike on both sides.
    Easy,
    /// Near misses at +16 min and a few minutes before; host and account case differ between tables.
    Normal,
    /// Normal, plus the edges: logons at exactly +0 and +15 min, one tick (or millisecond) past
    /// either end, groups that differ only by WorkspaceSubscriptionId, cross products, alert
    /// names at term boundaries.
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Normal, Difficulty::Hard];

    pub fn parse(text: &str) -> Option<Difficulty> {
        Difficulty::ALL.into_iter().find(|d| d.name() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Normal => "normal",
            Difficulty::Hard => "hard",
        }
    }
}

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    pub seed: u64,
    /// SecurityAlert rows; more are written when the planted stories alone need more.
    pub alerts: usize,
    /// SecurityEvent rows; more are written when the planted stories alone need more.
    pub events: usize,
    pub difficulty: Difficulty,
    pub alert_format: Format,
    pub event_format: Format,
}

impl Config {
    /// A normal scenario with both tables in one format.
    pub fn new(seed: u64, alerts: usize, events: usize, format: Format) -> Config {
        Config { seed, alerts, events, difficulty: Difficulty::Normal, alert_format: format, event_format: format }
    }

    pub fn alert_file_name(&self) -> String {
        format!("SecurityAlert.{}", self.alert_format.extension())
    }

    pub fn event_file_name(&self) -> String {
        format!("SecurityEvent.{}", self.event_format.extension())
    }
}

/// Which logon-side rows are written as a WindowsEvent export (WindowsForwardedEvents connector)
/// instead of SecurityEvent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowsEvents {
    /// None: one SecurityEvent export.
    #[default]
    Off,
    /// The events of about half the hosts (chosen by a hash of Computer, as a fleet where some
    /// machines forward events and others run the agent): both exports.
    Part,
    /// All: one WindowsEvent export.
    All,
}

impl WindowsEvents {
    pub const ALL: [WindowsEvents; 3] = [WindowsEvents::Off, WindowsEvents::Part, WindowsEvents::All];

    pub fn name(self) -> &'static str {
        match self {
            WindowsEvents::Off => "off",
            WindowsEvents::Part => "part",
            WindowsEvents::All => "all",
        }
    }

    pub fn parse(text: &str) -> Option<WindowsEvents> {
        WindowsEvents::ALL.into_iter().find(|w| w.name() == text)
    }

    /// Whether the events of `computer` go to the WindowsEvent export.
    pub fn routes(self, computer: &str) -> bool {
        match self {
            WindowsEvents::Off => false,
            WindowsEvents::All => true,
            WindowsEvents::Part => {
                // FNV-1a, then the splitmix finaliser: a fixed, platform-independent choice.
                let h = computer.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
                rng::mix(h) >> 63 == 0
            }
        }
    }
}

/// How each export file is wrapped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Compression {
    #[default]
    #[serde(rename = "none")]
    None,
    /// `SecurityAlert.csv.gz`.
    #[serde(rename = "gz")]
    Gzip,
    /// `SecurityAlert.csv.zip`, the export its only member.
    #[serde(rename = "zip")]
    Zip,
}

impl Compression {
    pub const ALL: [Compression; 3] = [Compression::None, Compression::Gzip, Compression::Zip];

    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gz",
            Compression::Zip => "zip",
        }
    }

    pub fn parse(text: &str) -> Option<Compression> {
        Compression::ALL.into_iter().find(|c| c.name() == text)
    }

    /// What the file name gets after the export's own extension.
    pub fn suffix(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => ".gz",
            Compression::Zip => ".zip",
        }
    }
}

/// Opt-in choices beyond [`Config`]; the default changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    pub windows_events: WindowsEvents,
    /// Hostile values (`hostile::HOSTILE`) in every text column of the noise, and in the host,
    /// account and address of every other story (recorded in the answer key).
    pub hostile: bool,
    /// gzip or zip around each export: native builds only (see `Scenario::write_file`).
    pub compression: Compression,
}

/// A table the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    SecurityAlert,
    SecurityEvent,
    WindowsEvent,
}

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::SecurityAlert => "SecurityAlert",
            Table::SecurityEvent => "SecurityEvent",
            Table::WindowsEvent => "WindowsEvent",
        }
    }
}

/// The file the answer key is written to, beside the exports.
pub const ANSWER_KEY_FILE: &str = "answer-key.json";

/// The seed of the page's sample.
pub const SAMPLE_SEED: u64 = 20_260_316;

/// The page's sample: a few dozen alerts (portal CSV) and a few hundred events (API JSON).
/// Regenerate `www/sample/` with
/// `cargo run --release --bin huntbench -- gen --seed 20260316 --alerts 36 --events 300
/// --alert-format portal-csv --event-format api-json --out www/sample`.
pub fn sample_config() -> Config {
    Config {
        seed: SAMPLE_SEED,
        alerts: 36,
        events: 300,
        difficulty: Difficulty::Normal,
        alert_format: Format::PortalCsv,
        event_format: Format::ApiJson,
    }
}

/// The sample's two exports, by file name, compiled in so the page loads them without a request.
pub const SAMPLE_FILES: &[(&str, &[u8])] = &[
    ("SecurityAlert.csv", include_bytes!("../../www/sample/SecurityAlert.csv")),
    ("SecurityEvent.json", include_bytes!("../../www/sample/SecurityEvent.json")),
];

/// The names of `SAMPLE_FILES`, for the page's main thread, which must not link the bytes in.
pub const SAMPLE_NAMES: [&str; 2] = ["SecurityAlert.csv", "SecurityEvent.json"];

/// The sample's `answer-key.json`.
pub const SAMPLE_ANSWER_KEY: &[u8] = include_bytes!("../../www/sample/answer-key.json");

/// One SecurityAlert row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alert<'a> {
    pub time: Ticks,
    pub name: &'a str,
    pub entity: &'a str,
    pub subscription: &'a str,
    /// The address the alert is about (in its Description and Entities).
    pub ip: &'a str,
    /// Seeds the row's SystemAlertId and StartTime.
    pub serial: u64,
    /// Whether the export writes hostile values into the row.
    pub hostile: Hostile,
}

/// Which columns of a row the export fills with `hostile::HOSTILE` values (with `Options::hostile`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hostile {
    #[default]
    No,
    /// A story row: the columns the hunt does not read. (Its host, account and address were
    /// made hostile when it was planted, and the answer key holds them.)
    Free(u32),
    /// A noise row: every text column; hosts, accounts and alert names get a hostile value
    /// before their own. The number walks the corpus.
    All(u32),
}

/// One SecurityEvent row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event<'a> {
    pub time: Ticks,
    pub event_id: i32,
    pub logon_type: Option<i32>,
    pub account: &'a str,
    pub computer: &'a str,
    pub ip: &'a str,
    pub logon_process: &'a str,
    pub auth_package: &'a str,
    pub workstation: &'a str,
    /// Whether the export writes hostile values into the row.
    pub hostile: Hostile,
}

impl Event<'_> {
    /// `Machine` for accounts ending in `$`, else `User`; empty for events without an account.
    pub fn account_type(&self) -> &'static str {
        account_type(self.account)
    }
}

pub(crate) fn account_type(account: &str) -> &'static str {
    if account.is_empty() {
        ""
    } else if account.ends_with('$') {
        "Machine"
    } else {
        "User"
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct OwnedAlert {
    time: Ticks,
    name: String,
    entity: String,
    subscription: String,
    ip: String,
    serial: u64,
    hostile: Hostile,
}

impl OwnedAlert {
    fn view(&self) -> Alert<'_> {
        Alert {
            time: self.time,
            name: &self.name,
            entity: &self.entity,
            subscription: &self.subscription,
            ip: &self.ip,
            serial: self.serial,
            hostile: self.hostile,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct OwnedEvent {
    time: Ticks,
    event_id: i32,
    logon_type: Option<i32>,
    account: String,
    computer: String,
    ip: String,
    logon_process: &'static str,
    auth_package: &'static str,
    workstation: String,
    hostile: Hostile,
}

impl OwnedEvent {
    fn view(&self) -> Event<'_> {
        Event {
            time: self.time,
            event_id: self.event_id,
            logon_type: self.logon_type,
            account: &self.account,
            computer: &self.computer,
            ip: &self.ip,
            logon_process: self.logon_process,
            auth_package: self.auth_package,
            workstation: &self.workstation,
            hostile: self.hostile,
        }
    }
}

/// A host name as the two tables may spell it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Host {
    /// `WKSTN-1042`
    short: String,
    /// `WKSTN-1042.contoso.com`
    fqdn: String,
}

/// The people, machines and addresses of a scenario.
#[derive(Clone, Debug)]
struct Pools {
    dns: String,
    /// Receive everyday RDP logons; never named by a recon alert.
    servers: Vec<Host>,
    /// Never receive a 4624 of type 10; recon alerts of the noise may name them.
    workstations: Vec<Host>,
    /// `CONTOSO\asmith`
    users: Vec<String>,
    /// `alice.smith@contoso.com`
    upns: Vec<String>,
    /// `CONTOSO\adm-asmith`
    admins: Vec<String>,
    /// `CONTOSO\svc_sql`
    services: Vec<String>,
    /// `CONTOSO\WKSTN-1042$`, one per host.
    machines: Vec<String>,
    internal_ips: Vec<String>,
    external_ips: Vec<String>,
    /// Client names attackers' RDP clients report.
    attacker_workstations: Vec<String>,
}

impl Pools {
    fn new(rng: &mut SplitMix64, events: usize) -> Pools {
        let (netbios, dns) = *rng.pick(&vocab::DOMAINS);
        let server_count = (events / 10_000).clamp(6, 30);
        let workstation_count = (events / 2_000).clamp(16, 400);
        let user_count = (events / 1_000).clamp(24, 400);
        let servers: Vec<Host> = (0..server_count)
            .map(|i| {
                let prefix = vocab::SERVER_PREFIXES[i % vocab::SERVER_PREFIXES.len()];
                host(&format!("{prefix}{:02}", 1 + i / vocab::SERVER_PREFIXES.len()), dns)
            })
            .collect();
        let workstations: Vec<Host> = (0..workstation_count)
            .map(|i| {
                if i % 3 == 2 {
                    host(&format!("LAPTOP-{}", 2000 + i), dns)
                } else {
                    host(&format!("WKSTN-{}", 1000 + i), dns)
                }
            })
            .collect();
        // Distinct people: a shuffled walk over first name × surname.
        let combos = vocab::FIRST_NAMES.len() * vocab::SURNAMES.len();
        let mut order: Vec<usize> = (0..combos).collect();
        for i in (1..order.len()).rev() {
            let j = rng.index(0, i + 1);
            order.swap(i, j);
        }
        let people: Vec<(&str, &str)> = order
            .iter()
            .take(user_count)
            .map(|&k| (vocab::FIRST_NAMES[k % vocab::FIRST_NAMES.len()], vocab::SURNAMES[k / vocab::FIRST_NAMES.len()]))
            .collect();
        let login = |first: &str, last: &str| format!("{}{last}", &first[..1]);
        let users = people.iter().map(|(f, l)| format!("{netbios}\\{}", login(f, l))).collect();
        let upns = people.iter().map(|(f, l)| format!("{f}.{l}@{dns}")).collect();
        let admins = people.iter().take(6).map(|(f, l)| format!("{netbios}\\adm-{}", login(f, l))).collect();
        let services = vocab::SERVICE_ACCOUNTS.iter().map(|s| format!("{netbios}\\{s}")).collect();
        let machines =
            servers.iter().chain(workstations.iter()).map(|h| format!("{netbios}\\{}$", h.short)).collect();
        let internal_ips = (0..64).map(|_| format!("10.{}.{}.{}", 1 + rng.below(4), rng.below(32), 10 + rng.below(240))).collect();
        let nets = ["203.0.113", "198.51.100", "192.0.2"];
        let external_ips = (0..48).map(|i| format!("{}.{}", nets[i % 3], 2 + rng.below(250))).collect();
        let attacker_workstations =
            ["kali", "DESKTOP-7Q2M4RB", "WIN-R3LK0P2QX8A", "PC01", "-"].iter().map(|s| s.to_string()).collect();
        Pools {
            dns: dns.to_string(),
            servers,
            workstations,
            users,
            upns,
            admins,
            services,
            machines,
            internal_ips,
            external_ips,
            attacker_workstations,
        }
    }
}

fn host(short: &str, dns: &str) -> Host {
    Host { short: short.to_string(), fqdn: format!("{short}.{dns}") }
}

/// A generated scenario: planted rows in memory, noise drawn as it is written.
#[derive(Clone, Debug)]
pub struct Scenario {
    config: Config,
    options: Options,
    start: Ticks,
    span: i64,
    tenant: String,
    subscription: String,
    pools: Pools,
    planted_alerts: Vec<OwnedAlert>,
    planted_events: Vec<OwnedEvent>,
    noise_alerts: usize,
    noise_events: usize,
    alert_seed: u64,
    event_seed: u64,
    hostile_text: HostileText,
    hostile_rows: HostileRows,
    answer: AnswerKey,
}

/// The generated hostile values (empty unless `Options::hostile`).
#[derive(Clone, Debug, Default)]
struct HostileText {
    huge: String,
    deep: String,
    nested: String,
}

/// Which noise rows carry the generated hostile values.
#[derive(Clone, Debug, Default)]
struct HostileRows {
    /// The noise alert whose Description is `hostile::huge_field`.
    huge_alert: Option<u32>,
    /// The noise event whose WorkstationName is `hostile::huge_field`.
    huge_event: Option<u32>,
}

impl HostileRows {
    /// Noise alerts whose Entities are `hostile::deep_json`: one in 64.
    fn deep_alert(&self, row: u32) -> bool {
        row % 64 == 1
    }
}

impl Scenario {
    /// Plants the stories, sizes the noise and writes the answer key. Cheap: noise rows are
    /// drawn only when the rows are iterated or written.
    pub fn generate(config: &Config) -> Scenario {
        Scenario::generate_with(config, &Options::default())
    }

    /// As `generate`, with opt-in options. The stories, their times and the noise's rows are
    /// those of `generate` for the same config; the options change how rows are written (and,
    /// with `hostile`, the texts of stories and noise).
    pub fn generate_with(config: &Config, options: &Options) -> Scenario {
        let mut root = SplitMix64::new(config.seed);
        let mut setup = root.fork(1);
        let story_rng = root.fork(2);
        let alert_seed = root.fork(3).next_u64();
        let event_seed = root.fork(4).next_u64();

        let tenant = setup.guid();
        let subscription = setup.guid();
        let other_subscription = setup.guid();
        let month = 1 + setup.below(12) as u32;
        // Days 13 to 20, and at most a week: every portal date has a day above 12, so a reader
        // can tell month-first from day-first; no date crosses into another month.
        let day = 13 + setup.below(8) as u32;
        let hour = setup.below(12) as u32;
        let date = chrono::NaiveDate::from_ymd_opt(2026, month, day).expect("a valid date");
        let start = Ticks::from_parts(date, hour, 0, 0, 0).expect("in range");
        let span_hours = (config.events / 50).clamp(6, 168) as i64;
        let span = span_hours * 60 * crate::engine::time::TICKS_PER_MINUTE;
        let pools = Pools::new(&mut setup, config.events);

        let planted = stories::plant(stories::Setting {
            config,
            options,
            rng: story_rng,
            start,
            span,
            pools: &pools,
            subscription: &subscription,
            other_subscription: &other_subscription,
        });
        let noise_alerts = config.alerts.saturating_sub(planted.alerts.len());
        let noise_events = config.events.saturating_sub(planted.events.len());
        let (hostile_text, hostile_rows) = if options.hostile {
            let text = HostileText { huge: hostile::huge_field(), deep: hostile::deep_json(), nested: hostile::nested_object() };
            let middle = |n: usize| (n > 0).then_some((n / 2) as u32);
            (text, HostileRows { huge_alert: middle(noise_alerts), huge_event: middle(noise_events) })
        } else {
            Default::default()
        };
        let hostile = options.hostile.then(|| HostileKey {
            corpus: hostile::HOSTILE.iter().map(|v| v.to_string()).collect(),
            huge_field_bytes: hostile::HUGE_FIELD_BYTES,
            deep_nesting: hostile::DEEP_NESTING,
            value_nesting: hostile::VALUE_NESTING,
            stories: planted.hostile_stories.clone(),
            exceptions: hostile_exceptions(config),
        });
        let answer = AnswerKey {
            seed: config.seed,
            difficulty: config.difficulty,
            alert_format: config.alert_format,
            event_format: config.event_format,
            windows_events: options.windows_events,
            windows_event_rows: 0,
            compression: options.compression,
            hostile,
            alerts: planted.alerts.len() + noise_alerts,
            events: planted.events.len() + noise_events,
            window: "15m".to_string(),
            compromised_hosts: planted.hosts,
            compromised_accounts: planted.accounts,
            source_ips: planted.ips,
            expected_rows: planted.rows,
            stories: planted.stories,
            near_misses: planted.near_misses,
        };
        let mut scenario = Scenario {
            config: config.clone(),
            options: options.clone(),
            start,
            span,
            tenant,
            subscription,
            pools,
            planted_alerts: planted.alerts,
            planted_events: planted.events,
            noise_alerts,
            noise_events,
            alert_seed,
            event_seed,
            hostile_text,
            hostile_rows,
            answer,
        };
        scenario.answer.windows_event_rows = match options.windows_events {
            WindowsEvents::Off => 0,
            WindowsEvents::All => scenario.answer.events,
            WindowsEvents::Part => scenario.events().filter(|e| scenario.routes_to_windows(e.computer)).count(),
        };
        scenario
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn answer_key(&self) -> &AnswerKey {
        &self.answer
    }

    /// The SecurityAlert rows, oldest first.
    pub fn alerts(&self) -> impl Iterator<Item = Alert<'_>> + '_ {
        let noise = noise::Alerts::new(self);
        Merge::new(self.planted_alerts.iter().map(OwnedAlert::view), noise, |a: &Alert<'_>| a.time)
    }

    /// The logon-side rows (SecurityEvent and WindowsEvent), oldest first, with their original
    /// texts (the export writes hostile ones where `Event::hostile` says so).
    pub fn events(&self) -> impl Iterator<Item = Event<'_>> + '_ {
        let noise = noise::Events::new(self);
        Merge::new(self.planted_events.iter().map(OwnedEvent::view), noise, |e: &Event<'_>| e.time)
    }

    pub fn alert_count(&self) -> usize {
        self.answer.alerts
    }

    /// Logon-side rows, in both exports when they are split.
    pub fn event_count(&self) -> usize {
        self.answer.events
    }

    /// Whether the events of `computer` are written to the WindowsEvent export.
    pub fn routes_to_windows(&self, computer: &str) -> bool {
        self.options.windows_events.routes(computer)
    }

    /// The tables this scenario writes, in order: SecurityAlert, then SecurityEvent and/or
    /// WindowsEvent.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![Table::SecurityAlert];
        if self.options.windows_events != WindowsEvents::All {
            tables.push(Table::SecurityEvent);
        }
        if self.options.windows_events != WindowsEvents::Off {
            tables.push(Table::WindowsEvent);
        }
        tables
    }

    /// Rows of a table's export.
    pub fn row_count(&self, table: Table) -> usize {
        match table {
            Table::SecurityAlert => self.answer.alerts,
            Table::SecurityEvent => self.answer.events - self.answer.windows_event_rows,
            Table::WindowsEvent => self.answer.windows_event_rows,
        }
    }

    /// The export's name before any compression: `SecurityAlert.csv`, `WindowsEvent.json`.
    pub fn export_name(&self, table: Table) -> String {
        let format = if table == Table::SecurityAlert { self.config.alert_format } else { self.config.event_format };
        format!("{}.{}", table.name(), format.extension())
    }

    /// The file's name: the export's, plus `.gz` or `.zip` when compressed.
    pub fn file_name(&self, table: Table) -> String {
        format!("{}{}", self.export_name(table), self.options.compression.suffix())
    }

    /// Streams the SecurityAlert export in the config's alert format.
    pub fn write_alerts(&self, out: &mut impl Write) -> io::Result<()> {
        write::alerts(self, out)
    }

    /// Streams the SecurityEvent export in the config's event format (the events not routed to
    /// WindowsEvent).
    pub fn write_events(&self, out: &mut impl Write) -> io::Result<()> {
        write::events(self, out)
    }

    /// Streams the WindowsEvent export in the config's event format (the events routed to it).
    pub fn write_windows_events(&self, out: &mut impl Write) -> io::Result<()> {
        write::windows_events(self, out)
    }

    /// Streams a table's export, uncompressed.
    pub fn write_table(&self, table: Table, out: &mut impl Write) -> io::Result<()> {
        match table {
            Table::SecurityAlert => self.write_alerts(out),
            Table::SecurityEvent => self.write_events(out),
            Table::WindowsEvent => self.write_windows_events(out),
        }
    }

    /// Streams a table's file: the export, gzip- or zip-wrapped as the options say (deflate at
    /// its fastest level; natively only, not in WebAssembly). Gives back the writer (zip needs `Seek` to write sizes into its local
    /// headers, which streamed readers use). Same bytes for the same scenario: no time stamps.
    pub fn write_file<W: Write + Seek>(&self, table: Table, mut out: W) -> io::Result<W> {
        match self.options.compression {
            Compression::None => {
                self.write_table(table, &mut out)?;
                Ok(out)
            }
            // The page never writes compressed files; leaving the deflate encoder and the zip
            // writer out of its worker keeps about 100 KB off the wasm.
            Compression::Gzip | Compression::Zip if cfg!(target_arch = "wasm32") => {
                Err(io::Error::new(io::ErrorKind::Unsupported, "compressed exports are written by the CLI only"))
            }
            Compression::Gzip => {
                let mut gz = flate2::GzBuilder::new().write(out, flate2::Compression::fast());
                self.write_table(table, &mut gz)?;
                gz.finish()
            }
            Compression::Zip => {
                let mut zip = zip::ZipWriter::new(out);
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .compression_level(Some(1))
                    .last_modified_time(zip::DateTime::default());
                zip.start_file(self.export_name(table), options).map_err(io::Error::other)?;
                self.write_table(table, &mut zip)?;
                zip.finish().map_err(io::Error::other)
            }
        }
    }

    /// The files, in memory: (name, bytes) of each export (compressed as the options say), then
    /// the answer key.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = self
            .tables()
            .into_iter()
            .map(|table| {
                let bytes = self.write_file(table, io::Cursor::new(Vec::new())).expect("writing to memory").into_inner();
                (self.file_name(table), bytes)
            })
            .collect();
        files.push((ANSWER_KEY_FILE.to_string(), self.answer.to_json()));
        files
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

/// Merges two time-ordered streams; on equal times the first stream's row comes first.
struct Merge<T, A: Iterator<Item = T>, B: Iterator<Item = T>, K: Fn(&T) -> Ticks> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
    key: K,
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>, K: Fn(&T) -> Ticks> Merge<T, A, B, K> {
    fn new(a: A, b: B, key: K) -> Self {
        Merge { a: a.peekable(), b: b.peekable(), key }
    }
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>, K: Fn(&T) -> Ticks> Iterator for Merge<T, A, B, K> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let take_a = match (self.a.peek(), self.b.peek()) {
            (Some(x), Some(y)) => (self.key)(x) <= (self.key)(y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        if take_a {
            self.a.next()
        } else {
            self.b.next()
        }
    }
}
