//! `huntbench pivot`: one account (`--account`) or address (`--address`) followed across every
//! host of the files: the alerts on the hosts it reached, its logons, its RDP sessions and its
//! path from host to host (`engine::pivot`), as tables or as `PivotJson`.

use std::io::{self, Write};

use clap::{ArgGroup, Args, ValueEnum};

use super::exit;
use super::output::{write_report, write_table};
use super::read::{load, ReadArgs};
use crate::engine::pivot::{pivot, Entity, PivotJson};
use crate::engine::sessions;
use crate::export::inert_text;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PivotFormat {
    Table,
    Json,
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("entity").required(true).args(["account", "address"])))]
pub struct PivotCommand {
    #[command(flatten)]
    read: ReadArgs,
    /// Follow this account, DOMAIN\user (compared without case).
    #[arg(long)]
    account: Option<String>,
    /// Follow this source address.
    #[arg(long)]
    address: Option<String>,
    #[arg(long, value_enum, default_value_t = PivotFormat::Table)]
    format: PivotFormat,
    /// Compare hosts by short name (WS01.contoso.com = WS01), as `hunt --normalize-hosts`.
    #[arg(long)]
    normalize_hosts: bool,
    /// Files to read: CSV, JSON, JSON Lines, EVTX, or .gz/.zip of them. `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

pub fn run(args: &PivotCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let entity = match (&args.account, &args.address) {
        (Some(account), _) => Entity::Account(account.clone()),
        (None, Some(address)) => Entity::Address(address.clone()),
        (None, None) => unreachable!("clap requires --account or --address"),
    };
    let (bench, failed) = load(&args.files, &args.read.options());
    let data = &bench.data;
    let mut write = || -> io::Result<u8> {
        for report in &bench.files {
            write_report(err, report, false)?;
        }
        let set = sessions::build(&data.sessions, &data.strings, args.normalize_hosts);
        let found = pivot(data, &set, &entity, args.normalize_hosts);
        let file_name = |id| bench.report(id).map(|r| r.name.clone()).unwrap_or_default();
        let json = PivotJson::new(&found, data, &set, &file_name);
        writeln!(
            err,
            "huntbench: {} alert(s), {} logon(s), {} session(s), {} step(s)",
            json.alerts.len(),
            json.logons.len(),
            json.sessions.len(),
            json.path.len()
        )?;
        match args.format {
            PivotFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&json).expect("pivot serialises"))?,
            PivotFormat::Table => write_tables(out, &json)?,
        }
        Ok(exit::of_inputs(failed))
    };
    let written = write();
    exit::after_writing(written, err)
}

fn number(n: Option<i32>) -> String {
    n.map_or(String::new(), |n| n.to_string())
}

/// The four lists, each a titled table of inert text.
fn write_tables(out: &mut dyn Write, json: &PivotJson) -> io::Result<()> {
    let inert = |row: Vec<String>| -> Vec<String> { row.iter().map(|v| inert_text(v)).collect() };
    let titled = |out: &mut dyn Write, title: &str, header: &[&str], rows: Vec<Vec<String>>, what: &str| -> io::Result<()> {
        writeln!(out, "{title}")?;
        let mut cells = vec![header.iter().map(|h| h.to_string()).collect()];
        cells.extend(rows.into_iter().map(inert));
        write_table(out, &cells, what)?;
        writeln!(out)
    };
    let path = json.path.iter().map(|s| vec![s.time.clone(), s.from.clone(), s.to.clone(), s.account.clone(), number(s.logon_type)]).collect();
    titled(out, "Path", &["Time", "From", "To", "Account", "LogonType"], path, "steps")?;
    let sessions = json
        .sessions
        .iter()
        .map(|s| {
            let unknown = |t: &Option<String>| t.clone().unwrap_or_else(|| "unknown".into());
            vec![s.host.clone(), s.account.clone(), unknown(&s.start), unknown(&s.end), s.end_cause.to_string(), s.source_address.clone(), s.client_name.clone()]
        })
        .collect();
    titled(out, "Sessions", &["Host", "Account", "Start", "End", "EndCause", "SourceAddress", "ClientName"], sessions, "sessions")?;
    let logons = json
        .logons
        .iter()
        .map(|l| vec![l.time.clone(), l.computer.clone(), l.account.clone(), number(l.event_id), number(l.logon_type), l.ip_address.clone()])
        .collect();
    titled(out, "Logons", &["TimeGenerated", "Computer", "Account", "EventID", "LogonType", "IpAddress"], logons, "logons")?;
    let alerts = json
        .alerts
        .iter()
        .map(|a| vec![a.time.clone(), a.alert_name.clone(), a.compromised_entity.clone(), a.why.to_string()])
        .collect();
    titled(out, "Alerts", &["TimeGenerated", "AlertName", "CompromisedEntity", "Why"], alerts, "alerts")
}
