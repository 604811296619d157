//! `huntbench gen`: writes a synthetic scenario (`GenCommand` → `scenario::Config` and `Options`)
//! into a directory: its exports and the answer key, streaming every row, with a summary on stderr.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use super::{exit, values};
use crate::scenario::{self, Compression, Difficulty, Format, Scenario, WindowsEvents};

#[derive(Args, Debug)]
pub struct GenCommand {
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
    #[arg(long, value_parser = values::formats(), required_unless_present_all = ["alert_format", "event_format"])]
    format: Option<Format>,
    /// The format of the SecurityAlert export, instead of --format.
    #[arg(long, value_parser = values::formats())]
    alert_format: Option<Format>,
    /// The format of the SecurityEvent export, instead of --format.
    #[arg(long, value_parser = values::formats())]
    event_format: Option<Format>,
    /// How subtle the stories are: easy (wide margins), normal, hard (window edges to the tick,
    /// hidden keys, cross products, term edges).
    #[arg(long, value_parser = values::difficulties(), default_value = Difficulty::Normal.name())]
    difficulty: Difficulty,
    /// Write logon events as WindowsEvent.<ext> (WindowsForwardedEvents: an EventData property
    /// bag) instead of SecurityEvent: none (off), those of about half the hosts (part), or all.
    #[arg(long, value_parser = values::windows_events(), default_value = WindowsEvents::Off.name())]
    windows_events: WindowsEvents,
    /// Put hostile values (HTML and script injection, spreadsheet formulas, bidi overrides,
    /// zero-width characters, NUL, a 1 MiB field, deeply nested JSON, quotes and line breaks)
    /// into every text column of the noise and into the hosts, accounts and addresses of every
    /// other story; the answer key holds what the hunt returns.
    #[arg(long)]
    hostile: bool,
    /// Wrap each export in gzip (.gz) or zip (.zip).
    #[arg(long, value_parser = values::compressions())]
    compress: Option<Compression>,
    /// Plant RDP session stories (logoffs, disconnects and reconnects, linked administrator
    /// logons, a logon id reused after a reboot, a session begun before the data, one with no
    /// end, a lateral chain) and write the session columns; the answer key lists every session.
    #[arg(long, conflicts_with = "hostile")]
    sessions: bool,
    /// The directory to write into; created when missing.
    #[arg(long)]
    out: PathBuf,
}

impl GenCommand {
    fn config(&self) -> scenario::Config {
        let pick = |one: Option<Format>| one.or(self.format).expect("clap requires a format");
        scenario::Config {
            seed: self.seed,
            alerts: self.alerts,
            events: self.events,
            difficulty: self.difficulty,
            alert_format: pick(self.alert_format),
            event_format: pick(self.event_format),
        }
    }

    fn options(&self) -> scenario::Options {
        scenario::Options {
            windows_events: self.windows_events,
            hostile: self.hostile,
            compression: self.compress.unwrap_or_default(),
            sessions: self.sessions,
        }
    }
}

pub fn run(args: &GenCommand, err: &mut dyn Write) -> u8 {
    generate(args, err).unwrap_or_else(|e| {
        let _ = writeln!(err, "huntbench: {e}");
        exit::INPUT_ERROR
    })
}

/// Writes the exports and the answer key into `--out`, streaming every row.
fn generate(args: &GenCommand, err: &mut dyn Write) -> Result<u8, String> {
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
            let wrapped = if compression == Compression::None { String::new() } else { format!(" in {}", compression.name()) };
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
        if let Some(sessions) = &key.sessions {
            writeln!(err, "huntbench: {} session stories, {} RDP sessions", sessions.stories.len(), sessions.sessions.len())?;
        }
        writeln!(err, "huntbench: seed {}, {} difficulty, written in {:.2} s", config.seed, config.difficulty.name(), started.elapsed().as_secs_f64())
    };
    // The files are written: a summary that cannot be printed does not undo them.
    let _ = report();
    Ok(exit::SUCCESS)
}
