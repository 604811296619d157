//! `ReadArgs`: how to read the inputs (`--date-order`, `--local-offset`, `--dedupe`), shared by
//! `hunt` and `inspect`, and `load`, which reads the named files (or standard input) into one
//! `LoadedFiles`.

use std::fs::File;
use std::io::{self, Read};

use clap::Args;

use crate::ingest::{DateOrder, FileReport, ReadOptions, LoadedFiles};

#[derive(Args, Debug)]
pub struct ReadArgs {
    /// Day/month order of portal dates that no value settles: mdy (1/29/2026) or dmy (29/1/2026).
    #[arg(long)]
    date_order: Option<DateOrder>,
    /// Offset of `[Local Time]` columns from UTC, as +02:00, -05:30 or minutes.
    #[arg(long, value_parser = parse_offset, allow_hyphen_values = true)]
    local_offset: Option<i32>,
    /// Drop JSON Lines records that repeat one already read byte for byte (data export retries).
    #[arg(long)]
    dedupe: bool,
}

impl ReadArgs {
    pub fn options(&self) -> ReadOptions {
        ReadOptions { date_order: self.date_order, local_offset_minutes: self.local_offset, dedupe_records: self.dedupe }
    }
}

/// The largest offset from UTC a zone has, in minutes (UTC+14:00).
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// `+02:00`, `-05:30` or a number of minutes, to minutes east of UTC.
fn parse_offset(s: &str) -> Result<i32, String> {
    let bad = || format!("'{s}' is not an offset: use +02:00, -05:30 or a number of minutes");
    let t = s.trim();
    let minutes = if let Some((h, m)) = t.split_once(':') {
        let sign = if h.starts_with('-') { -1 } else { 1 };
        let hours: i32 = h.trim_start_matches(['+', '-']).parse().map_err(|_| bad())?;
        let mins: i32 = m.parse().map_err(|_| bad())?;
        if mins >= 60 {
            return Err(bad());
        }
        sign * (hours * 60 + mins)
    } else {
        t.parse::<i32>().map_err(|_| bad())?
    };
    if minutes.abs() > MAX_OFFSET_MINUTES {
        return Err(bad());
    }
    Ok(minutes)
}

/// Reads every file into one workbench; true when any of them failed in whole or in part.
pub fn load(files: &[String], options: &ReadOptions) -> (LoadedFiles, bool) {
    let mut bench = LoadedFiles::new();
    let mut failed = false;
    for path in files {
        let opened: io::Result<Box<dyn Read>> = if path == "-" {
            Ok(Box::new(io::stdin().lock()))
        } else {
            File::open(path).map(|f| Box::new(f) as Box<dyn Read>)
        };
        match opened {
            Ok(reader) => {
                let ids = bench.load(path, reader, options);
                failed |= ids.iter().any(|id| bench.report(*id).is_some_and(FileReport::failed));
            }
            Err(e) => {
                // Reported like any other file, so the summary lists it.
                let ids = bench.load(path, FailingReader(Some(e)), options);
                failed |= !ids.is_empty();
            }
        }
    }
    (bench, failed)
}

/// A reader that fails with the error that opening the file gave.
struct FailingReader(Option<io::Error>);

impl Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(self.0.take().unwrap_or_else(|| io::Error::other("cannot be read")))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_offset;

    fn check(input: &str, expected: Option<i32>) {
        assert_eq!(parse_offset(input).ok(), expected, "{input:?}");
    }

    #[test]
    fn offsets() {
        check("+02:00", Some(120));
        check("-05:30", Some(-330));
        check("05:30", Some(330));
        check("-00:30", Some(-30));
        check(" +01:00 ", Some(60));
        check("120", Some(120));
        check("-90", Some(-90));
        check("0", Some(0));
        check("+14:00", Some(840));
        check("-14:00", Some(-840));
        check("840", Some(840));
        check("+14:01", None);
        check("841", None);
        check("-841", None);
        check("+02:60", None);
        check("+02:", None);
        check(":30", None);
        check("two", None);
        check("", None);
        check("1.5", None);
    }
}
