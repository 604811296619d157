//! `huntbench sessions`: the RDP sessions the files show (shared/spec/sessions.md), one line each
//! in a table, as CSV, or as `SessionsJson`; `--host` and `--account` narrow them. Reports and a
//! summary go to stderr, as for `hunt`.

use std::io::{self, Write};

use clap::{Args, ValueEnum};

use super::exit;
use super::output::{write_report, write_table};
use super::read::{load, ReadArgs};
use crate::engine::pivot::filter_sessions;
use crate::engine::sessions::{self, RdpSession, SessionsJson};
use crate::engine::StringPool;
use crate::export::{inert_text, table_to_csv};

/// How `sessions` prints: an aligned table, CSV (formulas neutralised) or JSON.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SessionsFormat {
    Table,
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct SessionsCommand {
    #[command(flatten)]
    read: ReadArgs,
    #[arg(long, value_enum, default_value_t = SessionsFormat::Table)]
    format: SessionsFormat,
    /// Only the sessions of this host (compared as the hunt compares hosts: upper case).
    #[arg(long)]
    host: Option<String>,
    /// Only the sessions of this account, DOMAIN\user (compared without case).
    #[arg(long)]
    account: Option<String>,
    /// Compare hosts by short name (WS01.contoso.com = WS01), as `hunt --normalize-hosts`.
    #[arg(long)]
    normalize_hosts: bool,
    /// Files to read: CSV, JSON, JSON Lines, EVTX, or .gz/.zip of them. `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

/// The table's and the CSV's columns.
const COLUMNS: [&str; 10] =
    ["Host", "Account", "LogonIds", "Source", "Start", "End", "EndCause", "DurationSeconds", "SourceAddress", "ClientName"];

pub fn run(args: &SessionsCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (bench, failed) = load(&args.files, &args.read.options());
    let data = &bench.data;
    let mut write = || -> io::Result<u8> {
        for report in &bench.files {
            write_report(err, report, false)?;
        }
        let all = sessions::build(&data.sessions, &data.strings, args.normalize_hosts);
        let set = filter_sessions(&all, data, args.host.as_deref(), args.account.as_deref(), args.normalize_hosts);
        writeln!(
            err,
            "huntbench: {} session(s) from {} session event(s), {} unattached",
            set.sessions.len(),
            data.sessions.len(),
            set.unattached.len()
        )?;
        let file_name = |id| bench.report(id).map(|r| r.name.clone()).unwrap_or_default();
        match args.format {
            SessionsFormat::Json => {
                let json = SessionsJson::new(&set, &data.strings, &file_name);
                writeln!(out, "{}", serde_json::to_string_pretty(&json).expect("sessions serialise"))?;
            }
            SessionsFormat::Csv => {
                let rows = set.sessions.iter().map(|s| cells(s, &data.strings, ""));
                write!(out, "{}", table_to_csv(&COLUMNS, rows))?;
            }
            SessionsFormat::Table => {
                let mut rows: Vec<Vec<String>> = vec![COLUMNS.iter().map(|c| c.to_string()).collect()];
                rows.extend(set.sessions.iter().map(|s| cells(s, &data.strings, "unknown").iter().map(|v| inert_text(v)).collect()));
                write_table(out, &rows, "sessions")?;
                for e in &set.unattached {
                    let place = format!("{}:{}", file_name(e.origin.file), e.origin.line);
                    let line = format!("unattached: {} {} at {} ({place})", e.event_id, e.channel_text(&data.strings), e.time.to_iso());
                    writeln!(out, "{}", inert_text(&line))?;
                }
            }
        }
        Ok(exit::of_inputs(failed))
    };
    let written = write();
    exit::after_writing(written, err)
}

/// One session's cells, `unknown` standing for what the data does not show.
fn cells(s: &RdpSession, pool: &StringPool, unknown: &str) -> Vec<String> {
    let ids: Vec<&str> = s.logon_ids.iter().map(|&id| pool.resolve(id)).collect();
    vec![
        s.host.clone(),
        s.account.clone(),
        ids.join(" "),
        s.source.as_str().to_string(),
        s.start.map_or(unknown.to_string(), |t| t.to_iso()),
        s.end.map_or(unknown.to_string(), |t| t.to_iso()),
        s.end_cause.as_str().to_string(),
        s.duration_seconds().map_or(unknown.to_string(), |d| d.to_string()),
        pool.resolve(s.source_address).to_string(),
        pool.resolve(s.client_name).to_string(),
    ]
}
