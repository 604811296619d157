//! What to generate: [`Config`] (seed, row counts, [`Difficulty`], a [`Format`] per table) and
//! the opt-in [`Options`] ([`WindowsEvents`], hostile values, [`Compression`], RDP sessions).
//!
//! The choices parse from the names the command line spells them with (`FromStr`, `NAMES`,
//! `name`), and each has a one-line `help`, so the CLI takes them as they are; an unknown name
//! is an [`UnknownChoice`] that lists the valid ones.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::rng;
use crate::engine::time::TICKS_PER_MILLISECOND;

/// A name that is none of a choice's `NAMES`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownChoice {
    /// What was being chosen: `format`, `difficulty`.
    pub what: &'static str,
    pub given: String,
    pub valid: &'static [&'static str],
}

impl fmt::Display for UnknownChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} '{}': expected one of {}", self.what, self.given, self.valid.join(", "))
    }
}

impl std::error::Error for UnknownChoice {}

/// The choice among `all` whose name (one of `valid`) is `text`.
fn choose<T: Copy>(
    text: &str,
    all: &[T],
    name: fn(T) -> &'static str,
    what: &'static str,
    valid: &'static [&'static str],
) -> Result<T, UnknownChoice> {
    let unknown = || UnknownChoice { what, given: text.to_string(), valid };
    if !valid.contains(&text) {
        return Err(unknown());
    }
    all.iter().copied().find(|&c| name(c) == text).ok_or_else(unknown)
}

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

    /// The names of `ALL`, in its order.
    pub const NAMES: [&'static str; 8] = ["portal-csv", "csv", "api-json", "jsonl", "json-array", "adx-v1", "adx-v2", "graph"];

    pub fn name(self) -> &'static str {
        Format::NAMES[self as usize]
    }

    /// One line for the command line's help.
    pub fn help(self) -> &'static str {
        match self {
            Format::PortalCsv => "Portal \"Export to CSV\": `TimeGenerated [UTC]`, `3/16/2026, 9:05:12.345 AM`",
            Format::Csv => "Plain CSV with ISO times of seven digits",
            Format::ApiJson => "Log Analytics query API JSON",
            Format::JsonLines => "JSON Lines, as data export writes them",
            Format::JsonArray => "A JSON array of records",
            Format::AdxV1 => "Azure Data Explorer REST v1 JSON",
            Format::AdxV2 => "Azure Data Explorer REST v2 JSON frames",
            Format::Graph => "Microsoft Graph runHuntingQuery JSON",
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
            Format::PortalCsv => TICKS_PER_MILLISECOND,
            _ => 1,
        }
    }
}

impl FromStr for Format {
    type Err = UnknownChoice;

    fn from_str(text: &str) -> Result<Format, UnknownChoice> {
        choose(text, &Format::ALL, Format::name, "format", &Format::NAMES)
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

    /// The names of `ALL`, in its order.
    pub const NAMES: [&'static str; 3] = ["easy", "normal", "hard"];

    pub fn name(self) -> &'static str {
        Difficulty::NAMES[self as usize]
    }

    /// One line for the command line's help.
    pub fn help(self) -> &'static str {
        match self {
            Difficulty::Easy => "Wide margins, hosts spelled alike in both tables",
            Difficulty::Normal => "Near misses close to the window, host and account case differing between tables",
            Difficulty::Hard => "Window edges to the tick, hidden keys, cross products, term edges",
        }
    }
}

impl FromStr for Difficulty {
    type Err = UnknownChoice;

    fn from_str(text: &str) -> Result<Difficulty, UnknownChoice> {
        choose(text, &Difficulty::ALL, Difficulty::name, "difficulty", &Difficulty::NAMES)
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

    /// The names of `ALL`, in its order.
    pub const NAMES: [&'static str; 3] = ["off", "part", "all"];

    pub fn name(self) -> &'static str {
        WindowsEvents::NAMES[self as usize]
    }

    /// One line for the command line's help.
    pub fn help(self) -> &'static str {
        match self {
            WindowsEvents::Off => "None: one SecurityEvent export",
            WindowsEvents::Part => "Those of about half the hosts: both exports",
            WindowsEvents::All => "All: one WindowsEvent export",
        }
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

impl FromStr for WindowsEvents {
    type Err = UnknownChoice;

    fn from_str(text: &str) -> Result<WindowsEvents, UnknownChoice> {
        choose(text, &WindowsEvents::ALL, WindowsEvents::name, "windows-events", &WindowsEvents::NAMES)
    }
}

/// How each export file is wrapped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Compression {
    /// No wrapping: `SecurityAlert.csv`. Not a name to choose: the default without one.
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

    /// The names one chooses a compression by: those of `ALL` but `None`, in its order.
    pub const NAMES: [&'static str; 2] = ["gz", "zip"];

    /// `none`, `gz` or `zip`, as the answer key writes it.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gz",
            Compression::Zip => "zip",
        }
    }

    /// One line for the command line's help.
    pub fn help(self) -> &'static str {
        match self {
            Compression::None => "No wrapping",
            Compression::Gzip => "gzip (.gz)",
            Compression::Zip => "zip (.zip), the export its only member",
        }
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

impl FromStr for Compression {
    type Err = UnknownChoice;

    /// `gz` or `zip`: no compression is chosen by naming none.
    fn from_str(text: &str) -> Result<Compression, UnknownChoice> {
        choose(text, &Compression::ALL, Compression::name, "compression", &Compression::NAMES)
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
    /// RDP session stories (`stories::sessions`) and the session columns of the logon-side
    /// exports (TargetLogonId, LogonID, SessionName...), with the sessions in the answer key.
    /// Not with `hostile`: the key could not say which dressed values the sessions carry.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sessions: bool,
}

impl Options {
    /// Why these options cannot be generated together, if they cannot.
    pub fn conflict(&self) -> Option<&'static str> {
        (self.sessions && self.hostile).then_some("sessions and hostile values cannot be generated together")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `names` are the command line's, in order, and each parses to the choice that gives it back;
    /// the choices without a name to choose by (`Compression::None`) do not parse.
    fn check_names<T>(all: &[T], name: fn(T) -> &'static str, names: &[&str], expected: &str)
    where
        T: Copy + PartialEq + fmt::Debug + FromStr<Err = UnknownChoice>,
    {
        assert_eq!(names.join(" "), expected);
        for &spelled in names {
            assert_eq!(spelled.parse::<T>().map(name), Ok(spelled));
        }
        for &choice in all {
            let spelled = name(choice);
            assert_eq!(spelled.parse::<T>().ok(), names.contains(&spelled).then_some(choice), "{spelled}");
        }
    }

    #[test]
    fn every_name_round_trips() {
        check_names(&Format::ALL, Format::name, &Format::NAMES, "portal-csv csv api-json jsonl json-array adx-v1 adx-v2 graph");
        check_names(&Difficulty::ALL, Difficulty::name, &Difficulty::NAMES, "easy normal hard");
        check_names(&WindowsEvents::ALL, WindowsEvents::name, &WindowsEvents::NAMES, "off part all");
        check_names(&Compression::ALL, Compression::name, &Compression::NAMES, "gz zip");
    }

    fn check_unknown<T: FromStr<Err = UnknownChoice> + fmt::Debug>(text: &str, expected: &str) {
        assert_eq!(text.parse::<T>().unwrap_err().to_string(), expected);
    }

    #[test]
    fn an_unknown_name_lists_the_valid_ones() {
        let formats = "expected one of portal-csv, csv, api-json, jsonl, json-array, adx-v1, adx-v2, graph";
        check_unknown::<Format>("xml", &format!("unknown format 'xml': {formats}"));
        check_unknown::<Format>("CSV", &format!("unknown format 'CSV': {formats}"));
        check_unknown::<Format>("jsonl ", &format!("unknown format 'jsonl ': {formats}"));
        check_unknown::<Format>("", &format!("unknown format '': {formats}"));
        check_unknown::<Difficulty>("medium", "unknown difficulty 'medium': expected one of easy, normal, hard");
        check_unknown::<WindowsEvents>("some", "unknown windows-events 'some': expected one of off, part, all");
        check_unknown::<Compression>("rar", "unknown compression 'rar': expected one of gz, zip");
        check_unknown::<Compression>("none", "unknown compression 'none': expected one of gz, zip");
    }

    #[test]
    fn names_match_the_answer_keys_spelling() {
        // The answer key writes the choices with serde; the names are the same words.
        for format in Format::ALL {
            assert_eq!(serde_json::to_string(&format).unwrap(), format!("\"{}\"", format.name()));
        }
        for difficulty in Difficulty::ALL {
            assert_eq!(serde_json::to_string(&difficulty).unwrap(), format!("\"{}\"", difficulty.name()));
        }
        for windows in WindowsEvents::ALL {
            assert_eq!(serde_json::to_string(&windows).unwrap(), format!("\"{}\"", windows.name()));
        }
        for compression in Compression::ALL {
            assert_eq!(serde_json::to_string(&compression).unwrap(), format!("\"{}\"", compression.name()));
        }
    }

    #[test]
    fn every_choice_has_one_line_of_help() {
        let helps = Format::ALL
            .map(Format::help)
            .into_iter()
            .chain(Difficulty::ALL.map(Difficulty::help))
            .chain(WindowsEvents::ALL.map(WindowsEvents::help))
            .chain(Compression::ALL.map(Compression::help));
        for help in helps {
            assert!(!help.is_empty() && !help.contains('\n') && !help.ends_with('.'), "{help:?}");
        }
    }
}
