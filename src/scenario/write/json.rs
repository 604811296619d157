//! The JSON document shapes: the Log Analytics query API (`tables`/`columns`/`rows`), Azure Data
//! Explorer REST v1 (`Tables`/`Columns`/`Rows`) and v2 (frames), and Microsoft Graph
//! runHuntingQuery (`schema`/`results`, whose rows are records: see `records`). Also the JSON
//! text of a cell and a string, which every JSON format shares.

use std::io::Write;

use super::times::iso_time;
use super::{push_int, Cell, Columns};
use crate::scenario::Format;

/// The document's start, up to the first row: its schema in the format's words.
pub(super) fn header(b: &mut Vec<u8>, format: Format, columns: &Columns) {
    let (start, rows): (&[u8], &[u8]) = match format {
        Format::ApiJson => (b"{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[", b"],\"rows\":["),
        Format::AdxV1 => (b"{\"Tables\":[{\"TableName\":\"Table_0\",\"Columns\":[", b"],\"Rows\":["),
        Format::AdxV2 => (
            b"[{\"FrameType\":\"DataSetHeader\",\"IsProgressive\":false,\"Version\":\"v2.0\"},\n\
              {\"FrameType\":\"DataTable\",\"TableId\":0,\"TableKind\":\"PrimaryResult\",\"TableName\":\"PrimaryResult\",\"Columns\":[",
            b"],\"Rows\":[",
        ),
        Format::Graph => (
            b"{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults\",\"schema\":[",
            b"],\"results\":[",
        ),
        _ => unreachable!("{} is not a JSON document with a schema", format.name()),
    };
    b.extend_from_slice(start);
    for (i, (name, kind)) in columns.iter().enumerate() {
        if i > 0 {
            b.push(b',');
        }
        let (data_type, column_type) = (kind.data_type(), kind.name(format));
        let _ = match format {
            Format::AdxV1 => write!(b, "{{\"ColumnName\":\"{name}\",\"DataType\":\"{data_type}\",\"ColumnType\":\"{column_type}\"}}"),
            Format::AdxV2 => write!(b, "{{\"ColumnName\":\"{name}\",\"ColumnType\":\"{column_type}\"}}"),
            _ => write!(b, "{{\"name\":\"{name}\",\"type\":\"{column_type}\"}}"),
        };
    }
    b.extend_from_slice(rows);
}

/// A row of the API or ADX: an array of cells, one to a line.
pub(super) fn array_row(b: &mut Vec<u8>, format: Format, first: bool, cells: &[Cell<'_>]) {
    b.extend_from_slice(if first { b"\n[" } else { b",\n[" });
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            b.push(b',');
        }
        json_cell(b, *cell, format);
    }
    b.push(b']');
}

/// The document's end, after the last row.
pub(super) fn end(format: Format) -> &'static [u8] {
    match format {
        Format::ApiJson | Format::AdxV1 => b"\n]}]}\n",
        Format::AdxV2 => b"\n]},\n{\"FrameType\":\"DataSetCompletion\",\"HasErrors\":false,\"Cancelled\":false}]\n",
        Format::Graph => b"\n]}\n",
        _ => unreachable!("{} is not a JSON document with a schema", format.name()),
    }
}

/// A cell in a JSON format.
pub(super) fn json_cell(b: &mut Vec<u8>, cell: Cell<'_>, format: Format) {
    match cell {
        Cell::Text(t) => json_string(b, t),
        Cell::Dynamic(t) | Cell::Bag(t) if format == Format::AdxV2 => b.extend_from_slice(t.as_bytes()),
        Cell::Dynamic(t) => json_string(b, t),
        Cell::Bag(t) => b.extend_from_slice(t.as_bytes()),
        Cell::Int(v) => push_int(b, v),
        Cell::Time(t) => {
            b.push(b'"');
            iso_time(b, t, format == Format::ApiJson);
            b.push(b'"');
        }
        Cell::Null => b.extend_from_slice(b"null"),
    }
}

/// A JSON string: quotes, backslashes and control characters escaped, other bytes as they are.
pub(super) fn json_string(b: &mut Vec<u8>, text: &str) {
    b.push(b'"');
    for c in text.bytes() {
        match c {
            b'"' => b.extend_from_slice(b"\\\""),
            b'\\' => b.extend_from_slice(b"\\\\"),
            b'\n' => b.extend_from_slice(b"\\n"),
            b'\r' => b.extend_from_slice(b"\\r"),
            b'\t' => b.extend_from_slice(b"\\t"),
            0..=0x1f => {
                let _ = write!(b, "\\u{:04x}", c);
            }
            _ => b.push(c),
        }
    }
    b.push(b'"');
}

/// The JSON text of a string, as serde writes it.
pub(super) fn json_text(value: &str) -> String {
    serde_json::to_string(value).expect("strings serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let mut b = Vec::new();
        json_string(&mut b, text);
        assert_eq!(String::from_utf8(b).unwrap(), expected, "{text:?}");
    }

    #[test]
    fn strings_are_escaped() {
        check("plain", "\"plain\"");
        check("C\\x \"q\"\u{1}", "\"C\\\\x \\\"q\\\"\\u0001\"");
        check("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
        check("\u{1f}\u{7f}é", "\"\\u001f\u{7f}é\"");
        check("\0", "\"\\u0000\"");
    }
}
