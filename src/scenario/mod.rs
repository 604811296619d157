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
//! Where things are: `config` (the choices, which parse from their command-line names),
//! `pools` (hosts, people, addresses), `stories` (true positives and near misses), `noise`,
//! `rows` (the row types and the merge of planted and noise rows), `answer` (the key), `write`
//! (one module per format family, the WindowsEvent mapping, gzip and zip).
//!
//! Options, all off by default: [`WindowsEvents`] writes some or all logon-side rows as a
//! WindowsEvent export (an EventData property bag) instead of SecurityEvent; `hostile` writes the
//! corpus of [`hostile`] into every text column of the noise and into the keys, accounts and
//! addresses of every other story, with the answer key holding the values the hunt returns;
//! [`Compression`] wraps each export in gzip or zip; `sessions` plants RDP session stories,
//! writes the columns sessions are rebuilt from, and lists every session in the key
//! ([`SessionsKey`], see `sessions`).
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
mod config;
pub mod hostile;
mod noise;
mod pools;
mod rng;
mod rows;
mod sessions;
mod stories;
mod vocab;
mod write;

use crate::engine::time::TICKS_PER_HOUR;
use crate::engine::Ticks;

pub use answer::{AnswerKey, ExpectedRow, HostileException, HostileKey, KeyAlert, NearMissKey, NearMissReason, StoryKey};
pub use config::{Compression, Config, Difficulty, Format, Options, UnknownChoice, WindowsEvents};
pub use rng::SplitMix64;
pub use rows::{Alert, Event, EventChannel, Hostile, SessionColumns};
pub use sessions::{EvidenceKey, MarkKey, Seconds, SessionKey, SessionStoryKey, SessionsKey, StretchKey};
pub use vocab::{HARD_MATCHING_NAMES, HARD_NEAR_NAMES, NEAR_NAMES};
pub use write::Table;

use pools::Pools;
use rows::{Merge, OwnedAlert, OwnedEvent};

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

/// The sample's `answer-key.json`.
pub const SAMPLE_ANSWER_KEY: &[u8] = include_bytes!("../../www/sample/answer-key.json");

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
    /// with `hostile`, the texts of stories and noise; with `sessions`, the session stories add
    /// their rows and every 4624 and 4634 gets a logon id). Panics on options that
    /// `Options::conflict` refuses.
    pub fn generate_with(config: &Config, options: &Options) -> Scenario {
        if let Some(why) = options.conflict() {
            panic!("{why}");
        }
        let mut root = SplitMix64::new(config.seed);
        let mut setup = root.fork(1);
        let story_rng = root.fork(2);
        let alert_seed = root.fork(3).next_u64();
        let event_seed = root.fork(4).next_u64();
        let session_rng = root.fork(5);

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
        let span = span_hours * TICKS_PER_HOUR;
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
            session_rng,
        });
        // The session stories' rows come on top: the noise is that of the scenario without them.
        let session_rows = planted.sessions.as_ref().map_or(0, |p| p.rows);
        let noise_alerts = config.alerts.saturating_sub(planted.alerts.len());
        let noise_events = config.events.saturating_sub(planted.events.len() - session_rows);
        let (hostile_text, hostile_rows) = if options.hostile {
            let text = HostileText { huge: hostile::huge_field(), deep: hostile::deep_json(), nested: hostile::nested_object() };
            let middle = |n: usize| (n > 0).then_some((n / 2) as u32);
            (text, HostileRows { huge_alert: middle(noise_alerts), huge_event: middle(noise_events) })
        } else {
            Default::default()
        };
        let (planted_alerts, planted_events, planted_sessions) = (planted.alerts, planted.events, planted.sessions);
        let (alerts, events) = (planted_alerts.len() + noise_alerts, planted_events.len() + noise_events);
        let answer = AnswerKey::new(config, options, planted.key, alerts, events);
        let mut scenario = Scenario {
            config: config.clone(),
            options: options.clone(),
            start,
            span,
            tenant,
            subscription,
            pools,
            planted_alerts,
            planted_events,
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
        if let Some(planted) = planted_sessions {
            scenario.answer.sessions = Some(sessions::key(&scenario, planted));
        }
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

    /// Whether the events of `computer` are written to the WindowsEvent export.
    pub fn routes_to_windows(&self, computer: &str) -> bool {
        self.options.windows_events.routes(computer)
    }
}
