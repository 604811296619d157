//! `huntbench summary`: what the files hold whatever the parameters (`explore::DataSummary`):
//! alert names with counts, logons by EventID and LogonType, hosts on either side and the
//! spellings host normalisation would join, each side's time span. Warnings go to stderr.

use std::io::{self, Write};

use clap::Args;
use serde::Serialize;

use super::exit;
use super::output::write_report;
use super::params::HuntArgs;
use super::read::{load, ReadArgs};
use super::table::{write_table, TableOrJson};
use crate::engine::explore::{summarize, DataSummary, TimeSpan};
use crate::export::inert_text;

#[derive(Args, Debug)]
pub struct SummaryCommand {
    /// Hunt options: here they decide only which alert names count as matched and which logons
    /// as hunted.
    #[command(flatten)]
    hunt: HuntArgs,
    #[command(flatten)]
    read: ReadArgs,
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
    /// Files to read: CSV, JSON, JSON Lines, or .gz/.zip of them. `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

pub fn run(args: &SummaryCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let params = match args.hunt.valid_params(err) {
        Ok(params) => params,
        Err(code) => return code,
    };
    let (bench, failed) = load(&args.files, &args.read.options());
    let mut write = || -> io::Result<u8> {
        for report in &bench.files {
            write_report(err, report, false)?;
        }
        let summary = summarize(&bench.data, &params);
        match args.format {
            TableOrJson::Json => {
                // JSON has no place for them: the warnings go where the reports go.
                for warning in summary.warnings() {
                    writeln!(err, "huntbench: warning: {warning}")?;
                }
                writeln!(out, "{}", serde_json::to_string_pretty(&SummaryJson::of(&summary)).expect("serialises"))?;
            }
            TableOrJson::Table => write_summary(out, &summary)?,
        }
        Ok(exit::of_inputs(failed))
    };
    let written = write();
    exit::after_writing(written, err)
}

/// The JSON shape of the summary, times as ISO text.
#[derive(Serialize)]
struct SummaryJson<'a> {
    alert_names: Vec<NameJson<'a>>,
    logons: Vec<LogonJson>,
    hosts: &'a crate::engine::explore::HostOverlap,
    normalization_pairs: &'a [(String, String)],
    alerts_span: Option<[String; 2]>,
    logons_span: Option<[String; 2]>,
}

#[derive(Serialize)]
struct NameJson<'a> {
    name: &'a str,
    count: u64,
    matched: bool,
}

#[derive(Serialize)]
struct LogonJson {
    event_id: Option<i32>,
    logon_type: Option<i32>,
    count: u64,
}

fn iso_span(span: Option<TimeSpan>) -> Option<[String; 2]> {
    span.map(|s| [s.from.to_iso(), s.to.to_iso()])
}

impl<'a> SummaryJson<'a> {
    fn of(s: &'a DataSummary) -> Self {
        SummaryJson {
            alert_names: s.alert_names.iter().map(|n| NameJson { name: &n.name, count: n.count, matched: n.matched }).collect(),
            logons: s.logon_kinds.iter().map(|k| LogonJson { event_id: k.event_id, logon_type: k.logon_type, count: k.count }).collect(),
            hosts: &s.hosts,
            normalization_pairs: &s.normalization_pairs,
            alerts_span: iso_span(s.alerts_span),
            logons_span: iso_span(s.logons_span),
        }
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn number(n: Option<i32>) -> String {
    n.map_or_else(|| "-".to_string(), |n| n.to_string())
}

fn write_summary(w: &mut dyn Write, s: &DataSummary) -> io::Result<()> {
    let matched = s.alert_names.iter().filter(|n| n.matched).count();
    writeln!(w, "Alert names: {} rows, {} distinct, {matched} matched by the terms", s.alerts, s.alert_names.len())?;
    let names: Vec<Vec<String>> = s.alert_names.iter().map(|n| vec![n.count.to_string(), yes_no(n.matched), n.name.clone()]).collect();
    write_table(w, "  ", &["count", "matched", "AlertName"], &names)?;
    writeln!(w, "Logons: {} rows", s.logons)?;
    let kinds: Vec<Vec<String>> = s
        .logon_kinds
        .iter()
        .map(|k| vec![k.count.to_string(), yes_no(k.hunted), number(k.event_id), number(k.logon_type)])
        .collect();
    write_table(w, "  ", &["count", "hunted", "EventID", "LogonType"], &kinds)?;
    let h = &s.hosts;
    writeln!(
        w,
        "Hosts: {} in alerts only, {} in logons only, {} in both; {} in both with host normalisation",
        h.alerts_only, h.logons_only, h.both, h.both_if_normalized
    )?;
    if !s.normalization_pairs.is_empty() {
        writeln!(w, "Spellings only host normalisation joins:")?;
        let pairs: Vec<Vec<String>> = s.normalization_pairs.iter().map(|(a, l)| vec![a.clone(), "<->".to_string(), l.clone()]).collect();
        write_table(w, "  ", &["alert host", "", "logon host"], &pairs)?;
        if s.normalization_pairs_omitted > 0 {
            writeln!(w, "  ... and {} more pairs", s.normalization_pairs_omitted)?;
        }
    }
    for (side, span) in [("Alerts", s.alerts_span), ("Logons", s.logons_span)] {
        match span {
            Some(span) => writeln!(w, "{side}: {} to {}", span.from, span.to)?,
            None => writeln!(w, "{side}: none")?,
        }
    }
    for warning in s.warnings() {
        writeln!(w, "warning: {}", inert_text(&warning))?;
    }
    Ok(())
}
