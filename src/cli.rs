//! The native command line over the same engine and readers as the page: `hunt`, `inspect`, `kql`,
//! and `gen`, which writes a synthetic scenario with its answer key.
//!
//! Results go to stdout, reports and errors to stderr. Exit codes: 0 success (also with no
//! result rows), 1 an input error (a file that cannot be opened or read, in part or whole),
//! 2 a usage error.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::{self, kql, HuntParams, HuntResult, Span, OUTPUT_COLUMNS};
use crate::export::{inert_text, rows_to_csv, rows_to_json, rows_to_jsonl};
use crate::ingest::{DateOrder, FileReport, ReadOptions, Workbench};
use crate::scenario::{self, Difficulty, Format, Scenario};

#[derive(Parser, Debug)]
#[command(name = "huntbench", version, about = "Recon Activity with Interactive Logon Correlation, over Sentinel exports")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the hunt over exports of SecurityAlert and SecurityEvent/WindowsEvent.
    Hunt {
        #[command(flatten)]
        hunt: HuntArgs,
        #[command(flatten)]
        read: ReadArgs,
        /// How to print the result rows.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Files to read: CSV, JSON, JSON Lines, or .gz/.zip of them. `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print what each file holds: format, table, rows read and skipped, precision, warnings.
    Inspect {
        #[command(flatten)]
        read: ReadArgs,
        /// Print the reports as JSON.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print the KQL that runs the same hunt in Sentinel.
    Kql {
        #[command(flatten)]
        hunt: HuntArgs,
    },
    /// Write a synthetic scenario: SecurityAlert.<ext>, SecurityEvent.<ext> (and/or
    /// WindowsEvent.<ext>) with planted stories and near misses, and answer-key.json with the
    /// rows the hunt must return.
    Gen(GenArgs),
    /// Make exercises for training rooms.
    #[command(subcommand)]
    Exercise(ExerciseCommand),
}

#[derive(Args, Debug)]
struct GenArgs {
    /// The seed: the same seed and options give the same bytes.
    #[arg(long)]
    seed: u64,
    /// SecurityAlert rows (more when the planted stories need more; one deck of stories per 40).
    #[arg(long, default_value_t = 40)]
    alerts: usize,
    /// SecurityEvent rows (more when the planted stories need more).
    #[arg(long, default_value_t = 400)]
    events: usize,
    /// The format of both exports.
    #[arg(long, value_enum, required_unless_present_all = ["alert_format", "event_format"])]
    format: Option<GenFormat>,
    /// The format of the SecurityAlert export, instead of --format.
    #[arg(long, value_enum)]
    alert_format: Option<GenFormat>,
    /// The format of the SecurityEvent export, instead of --format.
    #[arg(long, value_enum)]
    event_format: Option<GenFormat>,
    /// How subtle the stories are: easy (wide margins), normal, hard (window edges to the tick,
    /// hidden keys, cross products, term edges).
    #[arg(long, value_enum, default_value_t = GenDifficulty::Normal)]
    difficulty: GenDifficulty,
    /// Write logon events as WindowsEvent.<ext> (WindowsForwardedEvents: an EventData property
    /// bag) instead of SecurityEvent: none (off), those of about half the hosts (part), or all.
    #[arg(long, value_enum, default_value_t = GenWindowsEvents::Off)]
    windows_events: GenWindowsEvents,
    /// Put hostile values (HTML and script injection, spreadsheet formulas, bidi overrides,
    /// zero-width characters, NUL, a 1 MiB field, deeply nested JSON, quotes and line breaks)
    /// into every text column of the noise and into the hosts, accounts and addresses of every
    /// other story; the answer key holds what the hunt returns.
    #[arg(long)]
    hostile: bool,
    /// Wrap each export in gzip (.gz) or zip (.zip).
    #[arg(long, value_enum)]
    compress: Option<GenCompress>,
    /// The directory to write into; created when missing.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GenWindowsEvents {
    Off,
    Part,
    All,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GenCompress {
    Gz,
    Zip,
}

#[derive(Subcommand, Debug)]
enum ExerciseCommand {
    /// Write one exercise file: a generated scenario, its story, and questions whose answers are
    /// stored only as salted hashes. Drop it into the page to play it.
    New {
        /// The seed: the same seed and options give the same file.
        #[arg(long)]
        seed: u64,
        /// The title shown in the page.
        #[arg(long, default_value = "Recon, then RDP")]
        title: String,
        #[arg(long, default_value_t = 40)]
        alerts: usize,
        #[arg(long, default_value_t = 400)]
        events: usize,
        #[arg(long, value_enum, default_value_t = GenDifficulty::Normal)]
        difficulty: GenDifficulty,
        /// The exercise file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum GenFormat {
    /// Portal "Export to CSV": `TimeGenerated [UTC]`, `3/16/2026, 9:05:12.345 AM`.
    PortalCsv,
    /// Plain CSV with ISO times of seven digits.
    Csv,
    /// Log Analytics query API JSON.
    ApiJson,
    /// JSON Lines, as data export writes them.
    Jsonl,
    /// A JSON array of records.
    #[value(name = "json-array")]
    JsonArray,
    /// Azure Data Explorer REST v1 JSON.
    #[value(name = "adx-v1")]
    AdxV1,
    /// Azure Data Explorer REST v2 JSON frames.
    #[value(name = "adx-v2")]
    AdxV2,
    /// Microsoft Graph runHuntingQuery JSON.
    Graph,
}

impl From<GenFormat> for Format {
    fn from(f: GenFormat) -> Format {
        match f {
            GenFormat::PortalCsv => Format::PortalCsv,
            GenFormat::Csv => Format::Csv,
            GenFormat::ApiJson => Format::ApiJson,
            GenFormat::Jsonl => Format::JsonLines,
            GenFormat::JsonArray => Format::JsonArray,
            GenFormat::AdxV1 => Format::AdxV1,
            GenFormat::AdxV2 => Format::AdxV2,
            GenFormat::Graph => Format::Graph,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GenDifficulty {
    Easy,
    Normal,
    Hard,
}

impl From<GenDifficulty> for Difficulty {
    fn from(d: GenDifficulty) -> Difficulty {
        match d {
            GenDifficulty::Easy => Difficulty::Easy,
            GenDifficulty::Normal => Difficulty::Normal,
            GenDifficulty::Hard => Difficulty::Hard,
        }
    }
}

impl GenArgs {
    fn config(&self) -> scenario::Config {
        let both = self.format.map(Format::from);
        let pick = |one: Option<GenFormat>| one.map(Format::from).or(both).expect("clap requires a format");
        scenario::Config {
            seed: self.seed,
            alerts: self.alerts,
            events: self.events,
            difficulty: self.difficulty.into(),
            alert_format: pick(self.alert_format),
            event_format: pick(self.event_format),
        }
    }

    fn options(&self) -> scenario::Options {
        scenario::Options {
            windows_events: match self.windows_events {
                GenWindowsEvents::Off => scenario::WindowsEvents::Off,
                GenWindowsEvents::Part => scenario::WindowsEvents::Part,
                GenWindowsEvents::All => scenario::WindowsEvents::All,
            },
            hostile: self.hostile,
            compression: match self.compress {
                None => scenario::Compression::None,
                Some(GenCompress::Gz) => scenario::Compression::Gzip,
                Some(GenCompress::Zip) => scenario::Compression::Zip,
            },
        }
    }
}

#[derive(Args, Debug)]
struct HuntArgs {
    /// How long after an alert a logon still counts (15m, 1h, 90s...).
    #[arg(long, default_value = "15m", value_parser = parse_span)]
    window: Span,
    /// An alert name term (repeatable); replaces the seven of the seed query.
    #[arg(long = "alert-name", value_name = "NAME")]
    alert_names: Vec<String>,
    /// A logon type (repeatable); default 10, RemoteInteractive.
    #[arg(long = "logon-type", value_name = "N")]
    logon_types: Vec<i32>,
    /// The logon event ID.
    #[arg(long, default_value_t = 4624)]
    event_id: i32,
    /// Join hosts by short name (WS01.contoso.com = WS01). Not Kusto's behaviour: off by default.
    #[arg(long)]
    normalize_hosts: bool,
}

impl HuntArgs {
    fn params(&self) -> HuntParams {
        let mut params = HuntParams { window: self.window, event_id: self.event_id, normalize_hosts: self.normalize_hosts, ..HuntParams::default() };
        if !self.alert_names.is_empty() {
            params.alert_names = self.alert_names.clone();
        }
        if !self.logon_types.is_empty() {
            params.logon_types = self.logon_types.clone();
        }
        params
    }
}

#[derive(Args, Debug)]
struct ReadArgs {
    /// Day/month order of portal dates that no value settles: mdy (1/29/2026) or dmy (29/1/2026).
    #[arg(long, value_parser = parse_order)]
    date_order: Option<DateOrder>,
    /// Offset of `[Local Time]` columns from UTC, as +02:00, -05:30 or minutes.
    #[arg(long, value_parser = parse_offset, allow_hyphen_values = true)]
    local_offset: Option<i32>,
    /// Drop JSON Lines records that repeat one already read byte for byte (data export retries).
    #[arg(long)]
    dedupe: bool,
}

impl ReadArgs {
    fn options(&self) -> ReadOptions {
        ReadOptions { date_order: self.date_order, local_offset_minutes: self.local_offset, dedupe_records: self.dedupe }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OutputFormat {
    Table,
    Csv,
    Json,
    Jsonl,
}

fn parse_span(s: &str) -> Result<Span, String> {
    Span::parse(s)
}

fn parse_order(s: &str) -> Result<DateOrder, String> {
    DateOrder::parse(s).ok_or_else(|| format!("'{s}' is not a date order: use mdy or dmy"))
}

fn parse_offset(s: &str) -> Result<i32, String> {
    let bad = || format!("'{s}' is not an offset: use +02:00, -05:30 or a number of minutes");
    let t = s.trim();
    let minutes = if let Some((h, m)) = t.split_once(':') {
        let sign = if h.starts_with('-') { -1 } else { 1 };
        let hours: i32 = h.trim_start_matches(['+', '-']).parse().map_err(|_| bad())?;
        let mins: i32 = m.parse().map_err(|_| bad())?;
        if mins >= 60 {
            return Err(bad());
        }
        sign * (hours * 60 + mins)
    } else {
        t.parse::<i32>().map_err(|_| bad())?
    };
    if minutes.abs() > 14 * 60 {
        return Err(bad());
    }
    Ok(minutes)
}

/// Parses the arguments and runs; `main` only calls this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let code = run(cli, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}

pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match cli.command {
        Command::Exercise(ExerciseCommand::New { seed, title, alerts, events, difficulty, out: path }) => {
            let config = scenario::Config {
                seed,
                alerts,
                events,
                difficulty: difficulty.into(),
                alert_format: Format::PortalCsv,
                event_format: Format::ApiJson,
            };
            let exercise = crate::exercise::Exercise::new(&title, &config);
            return match std::fs::write(&path, exercise.to_json()) {
                Ok(()) => {
                    let _ = writeln!(
                        err,
                        "{}: exercise '{}', {} questions, {} points",
                        path.display(),
                        exercise.title,
                        exercise.questions.len(),
                        exercise.total_points()
                    );
                    0
                }
                Err(e) => {
                    let _ = writeln!(err, "huntbench: cannot write {}: {e}", path.display());
                    1
                }
            };
        }
        Command::Gen(args) => {
            return generate(&args, err).unwrap_or_else(|e| {
                let _ = writeln!(err, "huntbench: {e}");
                1
            })
        }
        Command::Kql { hunt } => {
            let params = hunt.params();
            if let Err(e) = params.validate() {
                let _ = writeln!(err, "huntbench: {e}");
                return 2;
            }
            writeln!(out, "{}", kql::render(&params)).map(|()| 0)
        }
        Command::Inspect { read, json, files } => {
            let (bench, failed) = load(&files, &read.options());
            if json {
                let text = serde_json::to_string_pretty(&bench.files).expect("reports serialise");
                writeln!(out, "{text}").map(|()| exit_of(failed))
            } else {
                let mut write = || -> io::Result<u8> {
                    for report in &bench.files {
                        write_report(out, report, true)?;
                    }
                    Ok(exit_of(failed))
                };
                write()
            }
        }
        Command::Hunt { hunt, read, format, files } => {
            let params = hunt.params();
            if let Err(e) = params.validate() {
                let _ = writeln!(err, "huntbench: {e}");
                return 2;
            }
            let (bench, failed) = load(&files, &read.options());
            let mut write = || -> io::Result<u8> {
                for report in &bench.files {
                    write_report(err, report, false)?;
                }
                let result = engine::run(&bench.data, &params);
                writeln!(
                    err,
                    "huntbench: {} alert group(s) from {} matching alert(s), {} logon(s) of type {:?}, {} result row(s)",
                    result.groups.len(),
                    result.matched_alerts,
                    result.matched_logons,
                    params.logon_types,
                    result.rows.len()
                )?;
                write_rows(out, &result, format)?;
                Ok(exit_of(failed))
            };
            write()
        }
    };
    result.unwrap_or_else(|e| {
        // A closed pipe (`| head`) is not an error worth a message.
        if e.kind() != io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "huntbench: cannot write: {e}");
        }
        1
    })
}

/// `gen`: writes the exports and the answer key into `--out`, streaming every row.
fn generate(args: &GenArgs, err: &mut dyn Write) -> Result<u8, String> {
    let started = Instant::now();
    let config = args.config();
    let scenario = Scenario::generate_with(&config, &args.options());
    std::fs::create_dir_all(&args.out).map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let create = |name: &str| -> Result<(PathBuf, BufWriter<File>), String> {
        let path = args.out.join(name);
        let file = File::create(&path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok((path, BufWriter::with_capacity(256 * 1024, file)))
    };
    let close = |path: &Path, out: BufWriter<File>| -> Result<(), String> {
        let fail = |e: io::Error| format!("cannot write {}: {e}", path.display());
        out.into_inner().map_err(|e| fail(e.into_error()))?.sync_all().map_err(fail)
    };
    let mut written = Vec::new();
    for table in scenario.tables() {
        let (path, out) = create(&scenario.file_name(table))?;
        let out = scenario.write_file(table, out).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        close(&path, out)?;
        written.push((table, path));
    }
    let key = scenario.answer_key();
    let (answer, mut out) = create(scenario::ANSWER_KEY_FILE)?;
    out.write_all(&key.to_json()).map_err(|e| format!("cannot write {}: {e}", answer.display()))?;
    close(&answer, out)?;
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut report = || -> io::Result<()> {
        for (table, path) in &written {
            let format = if *table == scenario::Table::SecurityAlert { config.alert_format } else { config.event_format };
            let compression = scenario.options().compression;
            let wrapped = if compression == scenario::Compression::None { String::new() } else { format!(" in {}", compression.name()) };
            writeln!(
                err,
                "{}: {} {} rows, {} bytes, {}{wrapped}",
                path.display(),
                scenario.row_count(*table),
                table.name(),
                size(path),
                format.name()
            )?;
        }
        writeln!(
            err,
            "{}: {} true-positive stories, {} near misses, {} expected result rows",
            answer.display(),
            key.stories.len(),
            key.near_misses.len(),
            key.expected_rows.len()
        )?;
        if let Some(hostile) = &key.hostile {
            writeln!(err, "huntbench: hostile values in the noise and in {} stories", hostile.stories.len())?;
        }
        writeln!(err, "huntbench: seed {}, {} difficulty, written in {:.2} s", config.seed, config.difficulty.name(), started.elapsed().as_secs_f64())
    };
    let _ = report();
    Ok(0)
}

fn exit_of(failed: bool) -> u8 {
    u8::from(failed)
}

/// Reads every file into one workbench; true when any of them failed in whole or in part.
fn load(files: &[String], options: &ReadOptions) -> (Workbench, bool) {
    let mut bench = Workbench::new();
    let mut failed = false;
    for path in files {
        let opened: io::Result<Box<dyn Read>> = if path == "-" {
            Ok(Box::new(io::stdin().lock()))
        } else {
            File::open(path).map(|f| Box::new(f) as Box<dyn Read>)
        };
        match opened {
            Ok(reader) => {
                let ids = bench.load(path, reader, options);
                failed |= ids.iter().any(|id| bench.report(*id).is_some_and(FileReport::failed));
            }
            Err(e) => {
                // Reported like any other file, so the summary lists it.
                let ids = bench.load(path, FailingReader(Some(e)), options);
                failed |= !ids.is_empty();
            }
        }
    }
    (bench, failed)
}

/// A reader that fails with the error that opening the file gave.
struct FailingReader(Option<io::Error>);

impl Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(self.0.take().unwrap_or_else(|| io::Error::other("cannot be read")))
    }
}

fn write_report(w: &mut dyn Write, r: &FileReport, full: bool) -> io::Result<()> {
    let name = inert_text(&r.name);
    let table = r.table.as_deref().unwrap_or("no table");
    let precision = r.precision.map_or("-", |p| p.label());
    writeln!(
        w,
        "{name}: {}, {table}: {} rows read, {} loaded, {} skipped; time precision {precision}",
        r.format, r.rows_read, r.rows_loaded, r.rows_skipped
    )?;
    if let Some(mapping) = &r.mapping {
        writeln!(w, "{name}: mapping applied: {mapping}")?;
    }
    if let Some(error) = &r.error {
        writeln!(w, "{name}: error: {}", inert_text(error))?;
    }
    if let Some(q) = &r.date_order_question {
        for (text, mdy, dmy) in &q.examples {
            writeln!(w, "{name}: '{text}' reads as {mdy} with --date-order mdy, {dmy} with --date-order dmy")?;
        }
    }
    for warning in &r.warnings {
        writeln!(w, "{name}: warning: {}", inert_text(warning))?;
    }
    let listed = if full { r.skipped.len() } else { r.skipped.len().min(5) };
    for skip in &r.skipped[..listed] {
        writeln!(w, "{name}:{}: skipped: {}", skip.line, inert_text(&skip.reason))?;
    }
    if r.rows_skipped > listed as u64 {
        writeln!(w, "{name}: ... and {} more skipped rows", r.rows_skipped - listed as u64)?;
    }
    if r.lossy_rows > 0 {
        writeln!(w, "{name}: {} rows had bytes that are not UTF-8", r.lossy_rows)?;
    }
    Ok(())
}

fn write_rows(w: &mut dyn Write, result: &HuntResult, format: OutputFormat) -> io::Result<()> {
    match format {
        OutputFormat::Json => writeln!(w, "{}", rows_to_json(&result.rows)),
        OutputFormat::Jsonl => write!(w, "{}", rows_to_jsonl(&result.rows)),
        OutputFormat::Csv => write!(w, "{}", rows_to_csv(&result.rows)),
        OutputFormat::Table => {
            let mut cells: Vec<[String; 8]> = vec![OUTPUT_COLUMNS.map(str::to_string)];
            cells.extend(result.rows.iter().map(|r| r.values().map(|v| inert_text(&v))));
            let widths: Vec<usize> =
                (0..8).map(|c| cells.iter().map(|row| row[c].chars().count()).max().unwrap_or(0)).collect();
            for row in &cells {
                let line: Vec<String> = row.iter().zip(&widths).map(|(v, &n)| format!("{v:<n$}")).collect();
                writeln!(w, "{}", line.join("  ").trim_end())?;
            }
            writeln!(w, "({} rows)", result.rows.len())
        }
    }
}
