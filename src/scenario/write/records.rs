//! Records: one JSON object per row, keyed by column name. JSON Lines (data export: one record a
//! line, nulls left out), a JSON array of records (nulls written), and the results of Graph's
//! document (see `json`).

use super::json::{json_cell, json_string};
use super::{Cell, Columns};
use crate::scenario::Format;

/// The start of a JSON array of records; JSON Lines has none.
pub(super) fn header(b: &mut Vec<u8>, format: Format) {
    if format == Format::JsonArray {
        b.push(b'[');
    }
}

/// One record; in an array (and Graph's results), after a comma unless `first`.
pub(super) fn row(b: &mut Vec<u8>, format: Format, first: bool, cells: &[Cell<'_>], columns: &Columns) {
    let lines = format == Format::JsonLines;
    if !lines {
        b.extend_from_slice(if first { b"\n" } else { b",\n" });
    }
    b.push(b'{');
    let mut first_cell = true;
    for (cell, (name, _)) in cells.iter().zip(columns.iter()) {
        if matches!(cell, Cell::Null) && lines {
            continue;
        }
        if !first_cell {
            b.push(b',');
        }
        first_cell = false;
        json_string(b, name);
        b.push(b':');
        json_cell(b, *cell, format);
    }
    b.extend_from_slice(if lines { b"}\n" } else { b"}" });
}

/// The end of a JSON array of records; JSON Lines has none.
pub(super) fn end(format: Format) -> &'static [u8] {
    if format == Format::JsonArray {
        b"\n]\n"
    } else {
        b""
    }
}
