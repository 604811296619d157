//! The export formats, streamed row by row to a `Write`.
//!
//! Each table is a list of columns with a Kusto type ([`Kind`]); a row is an array of [`Cell`]s.
//! The tables: `alerts` (SecurityAlert), `events` (SecurityEvent), `windows` (WindowsEvent, its
//! EventData property bag). The formats differ only in how a `Writer` writes a header, a cell
//! and a row's ends: `csv` (portal and plain), `json` (the API, ADX v1 and v2, Graph documents),
//! `records` (JSON Lines and arrays of records, and Graph's results); `times` writes their times.
//! With `Options::hostile`, rows marked `Hostile` get the corpus of `hostile` in their text
//! columns as they are written (`dress`). `file` names the tables' files and wraps them in gzip
//! or zip.

mod alerts;
mod csv;
mod dress;
mod events;
mod file;
mod json;
mod records;
mod times;
mod windows;

use std::io::{self, Write};

use super::Format;
use crate::engine::Ticks;

pub(super) use alerts::alerts;
pub(super) use events::events;
pub use file::Table;
pub(super) use windows::{split_account, windows_events};

/// A column's type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Datetime,
    Int,
    Dynamic,
}

impl Kind {
    /// The type as each format names it.
    fn name(self, format: Format) -> &'static str {
        match (format, self) {
            (Format::Graph, Kind::String) => "String",
            (Format::Graph, Kind::Datetime) => "DateTime",
            (Format::Graph, Kind::Int) => "Int32",
            (Format::Graph, Kind::Dynamic) => "Object",
            (_, Kind::String) => "string",
            (_, Kind::Datetime) => "datetime",
            (_, Kind::Int) => "int",
            (_, Kind::Dynamic) => "dynamic",
        }
    }

    /// ADX REST v1's `DataType`: the .NET type.
    fn data_type(self) -> &'static str {
        match self {
            Kind::String => "String",
            Kind::Datetime => "DateTime",
            Kind::Int => "Int32",
            Kind::Dynamic => "Object",
        }
    }
}

/// A table's columns: name and type.
type Columns = [(&'static str, Kind)];

/// One value of a row.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Text(&'a str),
    Int(i64),
    Time(Ticks),
    Null,
    /// A `dynamic` value given as JSON text: a JSON string in every format but ADX v2, which
    /// writes it as a JSON value.
    Dynamic(&'a str),
    /// WindowsEvent's EventData property bag, given as JSON text: an object in the JSON formats,
    /// its text in CSV.
    Bag(&'a str),
}

/// A CSV file whose first bytes hold a NUL is binary data to the readers (and to most tools), so
/// CSV writers put no NUL before this offset.
pub(super) const CSV_NUL_FREE_BYTES: u64 = 4096;

/// Writes one table in one format.
struct Writer<'w, W: Write, const N: usize> {
    out: &'w mut W,
    format: Format,
    columns: &'static [(&'static str, Kind); N],
    rows: u64,
    /// Bytes written so far.
    written: u64,
    buf: Vec<u8>,
}

impl<'w, W: Write, const N: usize> Writer<'w, W, N> {
    /// Writes the header of `format` for `columns`.
    fn new(out: &'w mut W, format: Format, columns: &'static [(&'static str, Kind); N]) -> io::Result<Self> {
        let mut b = Vec::with_capacity(1024);
        match format {
            Format::PortalCsv | Format::Csv => csv::header(&mut b, format, columns),
            Format::ApiJson | Format::AdxV1 | Format::AdxV2 | Format::Graph => json::header(&mut b, format, columns),
            Format::JsonArray | Format::JsonLines => records::header(&mut b, format),
        }
        out.write_all(&b)?;
        Ok(Writer { out, format, columns, rows: 0, written: b.len() as u64, buf: b })
    }

    /// The next row starts within a CSV file's first `CSV_NUL_FREE_BYTES`: no NUL in it.
    fn nul_unsafe(&self) -> bool {
        self.format.is_csv() && self.written < CSV_NUL_FREE_BYTES
    }

    fn row(&mut self, cells: [Cell<'_>; N]) -> io::Result<()> {
        self.row_of(&cells)
    }

    /// A row given as a slice of the table's `N` cells.
    fn row_of(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        debug_assert_eq!(cells.len(), N);
        let (format, first) = (self.format, self.rows == 0);
        let b = &mut self.buf;
        b.clear();
        match format {
            Format::PortalCsv | Format::Csv => csv::row(b, format, cells),
            Format::ApiJson | Format::AdxV1 | Format::AdxV2 => json::array_row(b, format, first, cells),
            Format::JsonLines | Format::JsonArray | Format::Graph => records::row(b, format, first, cells, self.columns),
        }
        self.rows += 1;
        self.written += b.len() as u64;
        self.out.write_all(b)
    }

    /// Writes the end of the document and flushes.
    fn finish(self) -> io::Result<()> {
        let end: &[u8] = match self.format {
            Format::PortalCsv | Format::Csv => b"",
            Format::ApiJson | Format::AdxV1 | Format::AdxV2 | Format::Graph => json::end(self.format),
            Format::JsonArray | Format::JsonLines => records::end(self.format),
        };
        self.out.write_all(end)?;
        self.out.flush()
    }
}

fn push_int(b: &mut Vec<u8>, v: i64) {
    let _ = write!(b, "{v}");
}
