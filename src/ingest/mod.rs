//! Readers: bytes of an export in, rows in a `Dataset` and a `FileReport` out.
//!
//! `Workbench::load` takes any `std::io::Read` and never holds the whole file: it peeks at the
//! first bytes to tell the format, then streams. gzip and zip are unwrapped on the fly and each
//! archive member becomes a file of its own. The readers know nothing of the file system or the
//! browser: the CLI hands them open files, the worker hands them Blob slices.
//!
//! - `delimited`: portal, Kusto-tool and pandas CSV.
//! - `json`: Log Analytics API, ADX v1/v2, Graph hunting, JSON Lines and arrays of records.
//! - `evtx`: raw Windows event logs, chunk by chunk.
//! - `schema`: which table a header belongs to, and which columns are kept.
//! - `rows`: cells to typed rows, WindowsEvent/Mordor mapping, the day/month decision.
//! - `datetime`: datetime strings to ticks.
//! - `limits`: what one file may cost (`Limits`): record size, decompressed size and ratio.

pub mod datetime;
pub mod delimited;
pub mod evtx;
pub mod json;
pub mod limits;
pub mod report;
pub mod rows;
pub mod schema;

use std::collections::HashSet;
use std::io::{Cursor, Read};

use crate::engine::{Dataset, FileId};
use limits::Budget;
pub use datetime::DateOrder;
pub use limits::Limits;
pub use report::{FileReport, Precision, SessionSourceCount, Skip};
pub use schema::{Binding, TableKind};

/// Choices the analyst makes about how to read files.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReadOptions {
    /// For portal dates whose order no value settles.
    pub date_order: Option<DateOrder>,
    /// Minutes east of UTC of `[Local Time]` columns; assumed 0 (and said so) when unset.
    pub local_offset_minutes: Option<i32>,
    /// Drop JSON Lines records that repeat one already read, byte for byte (a data export
    /// retry writes some twice). Off by default; the report counts what it removed.
    #[serde(default)]
    pub dedupe_records: bool,
}

/// Archives nest at most this deep (a zip in a gzip in a zip...).
const MAX_DEPTH: u8 = 3;
/// Bytes looked at to tell the format.
const PEEK: u64 = 16 * 1024;

/// What one file's reader works on.
pub struct FileCtx<'a> {
    pub data: &'a mut Dataset,
    pub report: &'a mut FileReport,
    pub opts: &'a ReadOptions,
    pub limits: Limits,
    /// Fingerprints of the records read so far, for `ReadOptions::dedupe_records`.
    pub seen: &'a mut HashSet<(u64, u64)>,
}

impl FileCtx<'_> {
    /// Binds a header to a table, or records on the report why it cannot be.
    pub fn bind(&mut self, columns: &[String], format: &str) -> Option<Binding> {
        let Some(binding) = Binding::new(columns) else {
            let shown: Vec<String> = columns.iter().take(12).map(|c| rows::shown(c)).collect();
            self.report.format = format.to_string();
            self.report.error = Some(format!(
                "not a SecurityAlert, SecurityEvent or WindowsEvent export: its columns are {}{}",
                shown.join(", "),
                if columns.len() > 12 { format!(" and {} more", columns.len() - 12) } else { String::new() }
            ));
            return None;
        };
        if !binding.missing.is_empty() {
            self.report.format = format.to_string();
            self.report.table = Some(binding.kind.label().to_string());
            self.report.error = Some(format!(
                "{} export without the required column(s) {}; export all columns, not only the displayed ones",
                binding.kind.label(),
                binding.missing.join(", ")
            ));
            return None;
        }
        Some(binding)
    }
}

/// The files loaded so far: their rows in one `Dataset`, and a report for each.
#[derive(Default)]
pub struct Workbench {
    pub data: Dataset,
    pub files: Vec<FileReport>,
    /// What one file may cost; `Limits::default()` unless set.
    pub limits: Limits,
    next_id: u32,
    seen: HashSet<(u64, u64)>,
}

impl Workbench {
    pub fn new() -> Workbench {
        Workbench::default()
    }

    /// Reads one file; returns the ids of the reports it produced (one per archive member).
    pub fn load(&mut self, name: &str, input: impl Read, opts: &ReadOptions) -> Vec<FileId> {
        let budget = Budget::new(self.limits);
        let mut input = budget.count_input(input);
        self.load_nested(name, &mut input, opts, "", 0, &budget)
    }

    /// Forgets a file and its rows.
    pub fn remove(&mut self, file: FileId) {
        self.data.remove_file(file);
        self.files.retain(|r| r.file != file);
    }

    pub fn report(&self, file: FileId) -> Option<&FileReport> {
        self.files.iter().find(|r| r.file == file)
    }

    fn new_report(&mut self, name: &str) -> FileId {
        let id = FileId(self.next_id);
        self.next_id += 1;
        self.files.push(FileReport::new(id, name));
        id
    }

    // `dyn Read`: archives nest, and a generic reader type would nest without end.
    fn load_nested(
        &mut self,
        name: &str,
        input: &mut dyn Read,
        opts: &ReadOptions,
        container: &str,
        depth: u8,
        budget: &Budget,
    ) -> Vec<FileId> {
        let limits = self.limits;
        let mut head = Vec::with_capacity(PEEK as usize);
        let peeked = (&mut *input).take(PEEK).read_to_end(&mut head);
        let input = Cursor::new(head).chain(input);
        let head = input.get_ref().0.get_ref().as_slice();
        let fail = |wb: &mut Workbench, format: &str, message: String| {
            let id = wb.new_report(name);
            let report = wb.files.last_mut().expect("just pushed");
            report.format = format!("{container}{format}");
            report.error = Some(message);
            vec![id]
        };
        if let Err(e) = peeked {
            return fail(self, "unknown", format!("cannot be read: {e}"));
        }
        match sniff(head) {
            Sniffed::Gzip if depth < MAX_DEPTH => {
                let inner = name.strip_suffix(".gz").unwrap_or(name);
                let mut decoder = budget.inflate(flate2::read::MultiGzDecoder::new(input), "gzip");
                self.load_nested(inner, &mut decoder, opts, &format!("{container}gzip › "), depth + 1, budget)
            }
            Sniffed::Zip if depth < MAX_DEPTH => self.load_zip(name, input, opts, container, depth, budget),
            Sniffed::Gzip | Sniffed::Zip => fail(self, "archive", "archives nest too deep".into()),
            Sniffed::Empty => fail(self, "empty", "the file is empty".into()),
            Sniffed::Evtx => {
                let id = self.new_report(name);
                let report = self.files.last_mut().expect("just pushed");
                let mut ctx = FileCtx { data: &mut self.data, report, opts, limits, seen: &mut self.seen };
                evtx::read(input, &mut ctx);
                if !container.is_empty() {
                    ctx.report.format = format!("{container}{}", ctx.report.format);
                }
                vec![id]
            }
            Sniffed::Binary => fail(self, "binary", "binary data, not a text export (CSV or JSON) nor gzip or zip".into()),
            Sniffed::Json(shape) => {
                let id = self.new_report(name);
                let report = self.files.last_mut().expect("just pushed");
                let mut ctx = FileCtx { data: &mut self.data, report, opts, limits, seen: &mut self.seen };
                json::read(input, shape, container, &mut ctx);
                vec![id]
            }
            Sniffed::Text => {
                let id = self.new_report(name);
                let delimiter = delimited::sniff_delimiter(head);
                let report = self.files.last_mut().expect("just pushed");
                let mut ctx = FileCtx { data: &mut self.data, report, opts, limits, seen: &mut self.seen };
                delimited::read(input, delimiter, &mut ctx);
                if !container.is_empty() {
                    ctx.report.format = format!("{container}{}", ctx.report.format);
                }
                vec![id]
            }
        }
    }

    fn load_zip(
        &mut self,
        name: &str,
        mut input: impl Read,
        opts: &ReadOptions,
        container: &str,
        depth: u8,
        budget: &Budget,
    ) -> Vec<FileId> {
        let mut ids = Vec::new();
        loop {
            match zip::read::read_zipfile_from_stream(&mut input) {
                Ok(Some(mut member)) => {
                    if member.is_dir() {
                        continue;
                    }
                    let inner = member.name().map(|n| n.to_string()).unwrap_or_else(|_| "(unreadable name)".into());
                    let member_name = format!("{name} › {inner}");
                    let what = format!("zip member '{}'", rows::shown(&inner));
                    if let Err(refusal) = budget.check_declared(&what, member.size(), member.compressed_size()) {
                        // Dropping the member skips its compressed bytes without inflating them.
                        let id = self.new_report(&member_name);
                        let report = self.files.last_mut().expect("just pushed");
                        report.format = format!("{container}zip › archive member");
                        report.error = Some(refusal.0);
                        ids.push(id);
                        continue;
                    }
                    let mut member = budget.inflate(&mut member, &what);
                    let container = format!("{container}zip › ");
                    ids.extend(self.load_nested(&member_name, &mut member, opts, &container, depth + 1, budget));
                }
                Ok(None) => break,
                Err(e) => {
                    let id = self.new_report(name);
                    let report = self.files.last_mut().expect("just pushed");
                    report.format = format!("{container}zip");
                    report.error = Some(format!("the zip archive cannot be read past member {}: {e}", ids.len()));
                    ids.push(id);
                    break;
                }
            }
        }
        if ids.is_empty() {
            let id = self.new_report(name);
            let report = self.files.last_mut().expect("just pushed");
            report.format = format!("{container}zip");
            report.error = Some("the zip archive holds no files".into());
            ids.push(id);
        }
        ids
    }
}

/// What the first bytes say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sniffed {
    Empty,
    Gzip,
    Zip,
    Evtx,
    Binary,
    Json(json::Shape),
    Text,
}

fn sniff(head: &[u8]) -> Sniffed {
    if head.is_empty() {
        return Sniffed::Empty;
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        return Sniffed::Gzip;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if head.starts_with(b"ElfFile\0") {
        return Sniffed::Evtx;
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if text.iter().take(4096).any(|&b| b == 0) {
        return Sniffed::Binary;
    }
    match json::shape(text) {
        Some(shape) => Sniffed::Json(shape),
        None if text.iter().all(u8::is_ascii_whitespace) => Sniffed::Empty,
        None => Sniffed::Text,
    }
}
