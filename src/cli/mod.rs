//! The native command line over the same engine and readers as the page: `Cli`, its parser, and
//! `run`, which hands each subcommand to its module: `hunt`, `inspect`, `kql`, `gen` (a synthetic
//! scenario with its answer key) and `exercise` (`exercise new`). The pieces they share: `params`
//! (hunt options to `HuntParams`), `read` (read options, loading files), `output` (reports and
//! rows), `values` (parsers over the scenario's option types) and `exit` (exit codes).
//!
//! Results go to stdout, reports and errors to stderr. Exit codes: 0 success (also with no
//! result rows), 1 an input error (a file that cannot be opened or read, in part or whole),
//! 2 a usage error.

mod exercise;
mod exit;
mod gen;
mod hunt;
mod inspect;
mod kql;
mod output;
mod params;
mod pivot;
mod read;
mod sessions;
mod values;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "huntbench", version, about = "Recon Activity with Interactive Logon Correlation, over Sentinel exports")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the hunt over exports of SecurityAlert and SecurityEvent/WindowsEvent.
    Hunt(hunt::HuntCommand),
    /// Print what each file holds: format, table, rows read and skipped, precision, warnings.
    Inspect(inspect::InspectCommand),
    /// Print the KQL that runs the same hunt in Sentinel.
    Kql(params::HuntArgs),
    /// Write a synthetic scenario: SecurityAlert.<ext>, SecurityEvent.<ext> (and/or
    /// WindowsEvent.<ext>) with planted stories and near misses, and answer-key.json with the
    /// rows the hunt must return.
    Gen(gen::GenCommand),
    /// Make exercises for training rooms.
    #[command(subcommand)]
    Exercise(exercise::ExerciseCommand),
    /// Print the RDP sessions the files show: start, end and how it ended, source, client.
    Sessions(sessions::SessionsCommand),
    /// Follow one account or address across every host: its alerts, logons, sessions and path.
    Pivot(pivot::PivotCommand),
}

/// Parses the arguments and runs; `main` only calls this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let code = run(cli, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}

/// Runs one parsed command line, writing results to `out` and reports and errors to `err`;
/// returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match &cli.command {
        Command::Hunt(args) => hunt::run(args, out, err),
        Command::Inspect(args) => inspect::run(args, out, err),
        Command::Kql(args) => kql::run(args, out, err),
        Command::Gen(args) => gen::run(args, err),
        Command::Exercise(command) => exercise::run(command, err),
        Command::Sessions(args) => sessions::run(args, out, err),
        Command::Pivot(args) => pivot::run(args, out, err),
    }
}
