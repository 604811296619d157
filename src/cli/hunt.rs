//! `huntbench hunt`: reads the files, runs the hunt, prints the rows to stdout and the reports and
//! a summary to stderr. With `--with-sessions` each row also gets the end of the RDP session its
//! logon starts (`SessionEnd`, `SessionEndCause`, `SessionDurationSeconds`).

use std::io::{self, Write};

use clap::Args;

use super::exit;
use super::output::{write_report, write_rows, write_rows_with_sessions, OutputFormat};
use super::params::HuntArgs;
use super::read::{load, ReadArgs};
use crate::engine;
use crate::engine::pivot::sessions_of_rows;
use crate::engine::sessions;

#[derive(Args, Debug)]
pub struct HuntCommand {
    #[command(flatten)]
    hunt: HuntArgs,
    #[command(flatten)]
    read: ReadArgs,
    /// How to print the result rows.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Add SessionEnd, SessionEndCause and SessionDurationSeconds: the RDP session each row's
    /// logon starts (see `huntbench sessions`).
    #[arg(long)]
    with_sessions: bool,
    /// Files to read: CSV, JSON, JSON Lines, or .gz/.zip of them. `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

pub fn run(args: &HuntCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let params = match args.hunt.valid_params(err) {
        Ok(params) => params,
        Err(code) => return code,
    };
    let (bench, failed) = load(&args.files, &args.read.options());
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
        if args.with_sessions {
            let set = sessions::build(&bench.data.sessions, &bench.data.strings, params.normalize_hosts);
            let of_rows = sessions_of_rows(&result.rows, &bench.data, &set, params.normalize_hosts);
            let of_row: Vec<_> = of_rows.iter().map(|s| s.map(|i| &set.sessions[i])).collect();
            write_rows_with_sessions(out, &result, &of_row, args.format)?;
        } else {
            write_rows(out, &result, args.format)?;
        }
        Ok(exit::of_inputs(failed))
    };
    let written = write();
    exit::after_writing(written, err)
}
