//! `huntbench sensitivity`: result rows and alert groups with a logon for every whole minute of
//! window from 0 to `--max` (`explore::sensitivity`, one pass over the gaps), as a table or JSON.

use std::io::{self, Write};

use clap::Args;

use super::exit;
use super::output::write_report;
use super::params::HuntArgs;
use super::read::{load, ReadArgs};
use super::table::{write_table, TableOrJson};
use crate::engine::explore::{sensitivity, MAX_WINDOW_MINUTES};
use crate::engine::time::TICKS_PER_MINUTE;
use crate::engine::{self, Span};

#[derive(Args, Debug)]
pub struct SensitivityCommand {
    /// Hunt options: every one but --window holds for each point of the curve.
    #[command(flatten)]
    hunt: HuntArgs,
    #[command(flatten)]
    read: ReadArgs,
    /// The widest window, in whole minutes (120m, 2h; at most a week).
    #[arg(long, default_value = "120m", value_parser = Span::parse)]
    max: Span,
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
    /// Files to read: CSV, JSON, JSON Lines, or .gz/.zip of them. `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

/// `--max` in minutes, or why it cannot be.
fn max_minutes(max: Span) -> Result<u32, String> {
    let limit = Span::minutes(i64::from(MAX_WINDOW_MINUTES));
    if max.0 % TICKS_PER_MINUTE != 0 {
        return Err(format!("--max {max} is not a whole number of minutes"));
    }
    if max > limit {
        return Err(format!("--max {max} is wider than {limit}"));
    }
    Ok((max.0 / TICKS_PER_MINUTE) as u32)
}

pub fn run(args: &SensitivityCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let params = match args.hunt.valid_params(err) {
        Ok(params) => params,
        Err(code) => return code,
    };
    let max = match max_minutes(args.max) {
        Ok(max) => max,
        Err(e) => {
            let _ = writeln!(err, "huntbench: {e}");
            return exit::USAGE_ERROR;
        }
    };
    let (bench, failed) = load(&args.files, &args.read.options());
    let mut write = || -> io::Result<u8> {
        for report in &bench.files {
            write_report(err, report, false)?;
        }
        let result = engine::run(&bench.data, &params);
        let curve = sensitivity(&bench.data, &params, &result, max);
        writeln!(err, "huntbench: {} alert group(s); windows 0 to {max} minutes", curve.total_groups)?;
        match args.format {
            TableOrJson::Json => writeln!(out, "{}", serde_json::to_string_pretty(&curve.points).expect("serialises"))?,
            TableOrJson::Table => {
                let rows: Vec<Vec<String>> = curve
                    .points
                    .iter()
                    .map(|p| vec![format!("{}m", p.window_minutes), p.rows.to_string(), p.groups.to_string()])
                    .collect();
                write_table(out, "", &["window", "rows", "groups"], &rows)?;
            }
        }
        Ok(exit::of_inputs(failed))
    };
    let written = write();
    exit::after_writing(written, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(max: &str, expected: Option<u32>) {
        assert_eq!(max_minutes(Span::parse(max).unwrap()).ok(), expected, "{max}");
    }

    #[test]
    fn max_is_whole_minutes_up_to_a_week() {
        check("120m", Some(120));
        check("2h", Some(120));
        check("0m", Some(0));
        check("7d", Some(MAX_WINDOW_MINUTES));
        check("90s", None);
        check("1.5m", None);
        check("10081m", None);
        check("1tick", None);
    }
}
