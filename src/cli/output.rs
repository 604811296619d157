//! What the CLI prints: `write_report`, a file's report as lines, `write_session_sources`, what it
//! holds for RDP sessions, and `write_rows`, the result rows in an `OutputFormat` (an aligned
//! table, or the page's CSV, JSON and JSON Lines exports; `write_rows_with_sessions` adds the
//! session columns); `write_table` aligns any cells. Every value from a log goes out through
//! `inert_text` or the exports' own neutralising.

use std::io::{self, Write};

use clap::ValueEnum;

use crate::engine::sessions::RdpSession;
use crate::engine::{HuntResult, OUTPUT_COLUMNS};
use crate::export::{
    inert_text, rows_to_csv, rows_to_json, rows_to_jsonl, rows_with_sessions_csv, rows_with_sessions_json,
    rows_with_sessions_jsonl, SESSION_COLUMNS,
};
use crate::ingest::FileReport;

/// How `hunt` prints its rows: `table` is the terminal's own; the others are the page's exports.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
    Jsonl,
}

/// A file's report: a summary line, then the mapping, error, date-order question, warnings and
/// skipped lines, each naming the file. `full` lists every skipped line kept, else the first five.
pub fn write_report(w: &mut dyn Write, r: &FileReport, full: bool) -> io::Result<()> {
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

/// What a file holds for RDP sessions (inspect's lines after its report).
pub fn write_session_sources(w: &mut dyn Write, r: &FileReport) -> io::Result<()> {
    let name = inert_text(&r.name);
    if !r.session_sources.is_empty() {
        let sources: Vec<String> = r.session_sources.iter().map(|s| format!("{} {}", s.source, s.events)).collect();
        writeln!(w, "{name}: session sources: {}", sources.join(", "))?;
    }
    if r.collector_times {
        writeln!(w, "{name}: times are the collector's (@timestamp), not the hosts' own; session evidence keeps each record's EventTime")?;
    }
    Ok(())
}

/// Cells as an aligned table, the first row its header, then `(N rows)`.
pub fn write_table(w: &mut dyn Write, cells: &[Vec<String>], what: &str) -> io::Result<()> {
    let columns = cells.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns).map(|c| cells.iter().map(|row| row[c].chars().count()).max().unwrap_or(0)).collect();
    for row in cells {
        let line: Vec<String> = row.iter().zip(&widths).map(|(v, &n)| format!("{v:<n$}")).collect();
        writeln!(w, "{}", line.join("  ").trim_end())?;
    }
    writeln!(w, "({} {what})", cells.len().saturating_sub(1))
}

/// The rows with `SessionEnd`, `SessionEndCause` and `SessionDurationSeconds`; `sessions[i]` is
/// the session of row `i`'s logon. The table says `unknown` for an end the data does not show,
/// and `-` for a row whose logon starts no session.
pub fn write_rows_with_sessions(w: &mut dyn Write, result: &HuntResult, sessions: &[Option<&RdpSession>], format: OutputFormat) -> io::Result<()> {
    match format {
        OutputFormat::Json => writeln!(w, "{}", rows_with_sessions_json(&result.rows, sessions)),
        OutputFormat::Jsonl => write!(w, "{}", rows_with_sessions_jsonl(&result.rows, sessions)),
        OutputFormat::Csv => write!(w, "{}", rows_with_sessions_csv(&result.rows, sessions)),
        OutputFormat::Table => {
            let mut cells: Vec<Vec<String>> = vec![OUTPUT_COLUMNS.iter().chain(SESSION_COLUMNS.iter()).map(|c| c.to_string()).collect()];
            for (row, session) in result.rows.iter().zip(sessions) {
                let mut line: Vec<String> = row.values().iter().map(|v| inert_text(v)).collect();
                line.extend(match session {
                    None => ["-".to_string(), "-".to_string(), "-".to_string()],
                    Some(s) => [
                        s.end.map_or("unknown".to_string(), |t| t.to_iso()),
                        s.end_cause.as_str().to_string(),
                        s.duration_seconds().map_or("unknown".to_string(), |d| d.to_string()),
                    ],
                });
                cells.push(line);
            }
            write_table(w, &cells, "rows")
        }
    }
}

pub fn write_rows(w: &mut dyn Write, result: &HuntResult, format: OutputFormat) -> io::Result<()> {
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
