//! `huntbench explain`: every near miss of the hunt (`explore::explain`) with its reason and the
//! smallest change that joins it, as a table or JSON, and a count of each verdict on stderr.

use std::io::{self, Write};

use clap::Args;
use serde::Serialize;

use super::exit;
use super::output::write_report;
use super::params::HuntArgs;
use super::read::{load, ReadArgs};
use super::table::{write_table, TableOrJson};
use crate::engine::explore::{explain, Change, Explanation, Verdict};
use crate::engine::time::TICKS_PER_MINUTE;
use crate::engine::{self, HuntParams};

#[derive(Args, Debug)]
pub struct ExplainCommand {
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

pub fn run(args: &ExplainCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
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
        let explained = explain(&bench.data, &params, &result);
        let count = |f: fn(&Verdict) -> bool| explained.iter().filter(|e| f(&e.verdict)).count();
        writeln!(
            err,
            "huntbench: {} result row(s), {} near miss(es): {} joined by one change, {} only by several, {} by none",
            result.rows.len(),
            explained.len(),
            count(|v| matches!(v, Verdict::One(_))),
            count(|v| matches!(v, Verdict::Several(_))),
            count(|v| matches!(v, Verdict::Never(_))),
        )?;
        match args.format {
            TableOrJson::Json => {
                let entries: Vec<EntryJson> = explained.iter().map(|e| EntryJson::of(e, &params)).collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&entries).expect("serialises"))?;
            }
            TableOrJson::Table => write_entries(out, &explained, &params)?,
        }
        Ok(exit::of_inputs(failed))
    };
    let written = write();
    exit::after_writing(written, err)
}

/// One near miss as JSON: times and hosts as `hunt --format json` writes them.
#[derive(Serialize)]
struct EntryJson {
    #[serde(rename = "TimeGenerated")]
    time_generated: String,
    #[serde(rename = "CompromisedEntity")]
    compromised_entity: String,
    #[serde(rename = "Interactivelogontime")]
    interactive_logon_time: String,
    #[serde(rename = "Computer")]
    computer: String,
    #[serde(rename = "Account")]
    account: String,
    #[serde(rename = "EventID")]
    event_id: Option<i32>,
    #[serde(rename = "LogonType")]
    logon_type: Option<i32>,
    reason: String,
    change: Option<serde_json::Value>,
}

impl EntryJson {
    fn of(e: &Explanation, params: &HuntParams) -> Self {
        EntryJson {
            time_generated: e.alert_time.to_iso(),
            compromised_entity: e.compromised_entity.clone(),
            interactive_logon_time: e.logon_time.to_iso(),
            computer: e.computer.clone(),
            account: e.account.clone(),
            event_id: e.event_id,
            logon_type: e.logon_type,
            reason: e.reason(params),
            change: e.change().map(change_json),
        }
    }
}

/// `{"window": "17m"}`, `{"logon_type": 7}`, `{"event_id": 4625}`, `{"normalize_hosts": true}`
/// or `{"alert_name": "..."}`.
fn change_json(change: &Change) -> serde_json::Value {
    use serde_json::json;
    match change {
        Change::Window(span) => json!({ "window": format!("{}m", span.0 / TICKS_PER_MINUTE) }),
        Change::LogonType(t) => json!({ "logon_type": t }),
        Change::EventId(id) => json!({ "event_id": id }),
        Change::NormalizeHosts => json!({ "normalize_hosts": true }),
        Change::AlertName(name) => json!({ "alert_name": name }),
    }
}

fn write_entries(w: &mut dyn Write, explained: &[Explanation], params: &HuntParams) -> io::Result<()> {
    let number = |n: Option<i32>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
    let rows: Vec<Vec<String>> = explained
        .iter()
        .map(|e| {
            vec![
                e.alert_time.to_iso(),
                e.compromised_entity.clone(),
                e.logon_time.to_iso(),
                e.computer.clone(),
                e.account.clone(),
                number(e.event_id),
                number(e.logon_type),
                e.change().map_or_else(|| "-".to_string(), |c| c.describe(params)),
                e.reason(params),
            ]
        })
        .collect();
    let header = ["TimeGenerated", "CompromisedEntity", "Interactivelogontime", "Computer", "Account", "EventID", "LogonType", "change", "reason"];
    write_table(w, "", &header, &rows)?;
    writeln!(w, "({} near misses)", explained.len())
}
