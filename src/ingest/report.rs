//! `FileReport`: what a reader tells the analyst about one file.

use serde::{Deserialize, Serialize};

use crate::engine::FileId;

/// How many skipped rows are listed with their line and reason; the rest are only counted.
pub const SKIPS_LISTED: usize = 20;

/// A row that was not loaded, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skip {
    pub line: u64,
    pub reason: String,
}

/// The finest time precision the file's values carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Precision {
    Seconds,
    Milliseconds,
    Microseconds,
    /// 100 ns, Kusto's own.
    Ticks,
}

impl Precision {
    pub fn from_digits(digits: u8) -> Precision {
        match digits {
            0 => Precision::Seconds,
            1..=3 => Precision::Milliseconds,
            4..=6 => Precision::Microseconds,
            _ => Precision::Ticks,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Precision::Seconds => "seconds",
            Precision::Milliseconds => "milliseconds",
            Precision::Microseconds => "microseconds",
            Precision::Ticks => "ticks (100 ns)",
        }
    }
}

/// A datetime column whose day/month order no value settles, with examples read both ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateOrderQuestion {
    /// (the text, read month-first, read day-first); a reading that is no date is empty.
    pub examples: Vec<(String, String, String)>,
}

/// How many events of one kind of session source a file holds (see `rows::sessions`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSourceCount {
    /// `Security logons/logoffs`, `Security disconnects/reconnects/locks`, `LocalSessionManager`,
    /// `RemoteConnectionManager`, `shutdowns/boots`.
    pub source: String,
    pub events: u64,
}

/// What happened to one file (or one member of an archive).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub file: FileId,
    pub name: String,
    /// The container and format, e.g. `zip › JSON Lines`, `portal CSV`.
    pub format: String,
    /// The table detected from the columns.
    pub table: Option<String>,
    /// Data rows (records) seen, loaded or not.
    pub rows_read: u64,
    pub rows_loaded: u64,
    pub rows_skipped: u64,
    /// The first `SKIPS_LISTED` skipped rows.
    pub skipped: Vec<Skip>,
    pub precision: Option<Precision>,
    /// The mapping applied onto the logon side (WindowsEvent, Mordor).
    pub mapping: Option<String>,
    pub warnings: Vec<String>,
    /// Set when the file could not be read, or stopped being readable part way. Rows read
    /// before the error stay loaded and are counted above.
    pub error: Option<String>,
    /// Set when the file's day/month order must be chosen before its rows can load.
    pub date_order_question: Option<DateOrderQuestion>,
    /// Rows with bytes that were not UTF-8 (read with U+FFFD in their place).
    pub lossy_rows: u64,
    /// Records dropped as exact repeats, when de-duplication was asked for.
    pub duplicates_removed: u64,
    /// The events kept for RDP sessions, by source; empty when the file holds none.
    #[serde(default)]
    pub session_sources: Vec<SessionSourceCount>,
    /// The file's times are a collector's (Mordor's `@timestamp`), not the hosts' own: session
    /// evidence keeps each record's `EventTime` beside it.
    #[serde(default)]
    pub collector_times: bool,
}

impl FileReport {
    pub fn new(file: FileId, name: &str) -> FileReport {
        FileReport {
            file,
            name: name.to_string(),
            format: String::new(),
            table: None,
            rows_read: 0,
            rows_loaded: 0,
            rows_skipped: 0,
            skipped: Vec::new(),
            precision: None,
            mapping: None,
            warnings: Vec::new(),
            error: None,
            date_order_question: None,
            lossy_rows: 0,
            duplicates_removed: 0,
            session_sources: Vec::new(),
            collector_times: false,
        }
    }

    pub fn skip(&mut self, line: u64, reason: impl Into<String>) {
        self.rows_skipped += 1;
        if self.skipped.len() < SKIPS_LISTED {
            self.skipped.push(Skip { line, reason: reason.into() });
        }
    }

    /// Whether the file failed (its rows, if any, may be partial).
    pub fn failed(&self) -> bool {
        self.error.is_some() || self.date_order_question.is_some()
    }
}
