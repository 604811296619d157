//! `huntbench inspect`: what each file holds (format, table, rows read and skipped, precision,
//! warnings, the sources of RDP sessions and whose clock its times are), as lines or as the
//! reports' JSON, on stdout.

use std::io::{self, Write};

use clap::Args;

use super::exit;
use super::output::{write_report, write_session_sources};
use super::read::{load, ReadArgs};

#[derive(Args, Debug)]
pub struct InspectCommand {
    #[command(flatten)]
    read: ReadArgs,
    /// Print the reports as JSON.
    #[arg(long)]
    json: bool,
    #[arg(required = true)]
    files: Vec<String>,
}

pub fn run(args: &InspectCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (bench, failed) = load(&args.files, &args.read.options());
    let written = if args.json {
        let text = serde_json::to_string_pretty(&bench.files).expect("reports serialise");
        writeln!(out, "{text}").map(|()| exit::of_inputs(failed))
    } else {
        let mut write = || -> io::Result<u8> {
            for report in &bench.files {
                write_report(out, report, true)?;
                write_session_sources(out, report)?;
            }
            Ok(exit::of_inputs(failed))
        };
        write()
    };
    exit::after_writing(written, err)
}
