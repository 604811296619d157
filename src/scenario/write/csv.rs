//! CSV exports: the portal's "Export to CSV" (BOM, CRLF, `TimeGenerated [UTC]`, en-US display
//! times in milliseconds) and the plain form of Kusto tools (LF, ISO times of seven digits).

use super::times::{iso_time, portal_time};
use super::{push_int, Cell, Columns, Kind};
use crate::scenario::Format;

/// The header line; the portal's starts with a BOM and marks its datetime columns `[UTC]`.
pub(super) fn header(b: &mut Vec<u8>, format: Format, columns: &Columns) {
    let portal = format == Format::PortalCsv;
    if portal {
        b.extend_from_slice(b"\xEF\xBB\xBF");
    }
    for (i, (name, kind)) in columns.iter().enumerate() {
        if i > 0 {
            b.push(b',');
        }
        b.extend_from_slice(name.as_bytes());
        if portal && *kind == Kind::Datetime {
            b.extend_from_slice(b" [UTC]");
        }
    }
    b.extend_from_slice(line_end(portal));
}

pub(super) fn row(b: &mut Vec<u8>, format: Format, cells: &[Cell<'_>]) {
    let portal = format == Format::PortalCsv;
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            b.push(b',');
        }
        match *cell {
            Cell::Text(t) | Cell::Dynamic(t) | Cell::Bag(t) => field(b, t),
            Cell::Int(v) => push_int(b, v),
            Cell::Time(t) if portal => {
                b.push(b'"');
                portal_time(b, t);
                b.push(b'"');
            }
            Cell::Time(t) => iso_time(b, t, false),
            Cell::Null => {}
        }
    }
    b.extend_from_slice(line_end(portal));
}

fn line_end(portal: bool) -> &'static [u8] {
    if portal {
        b"\r\n"
    } else {
        b"\n"
    }
}

/// A text field, quoted (quotes doubled) when it holds a comma, a quote or a line break.
fn field(b: &mut Vec<u8>, text: &str) {
    if text.bytes().any(|c| matches!(c, b',' | b'"' | b'\n' | b'\r')) {
        b.push(b'"');
        for c in text.bytes() {
            if c == b'"' {
                b.push(b'"');
            }
            b.push(c);
        }
        b.push(b'"');
    } else {
        b.extend_from_slice(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let mut b = Vec::new();
        field(&mut b, text);
        assert_eq!(String::from_utf8(b).unwrap(), expected, "{text:?}");
    }

    #[test]
    fn fields_are_quoted_when_they_must_be() {
        check("plain ", "plain ");
        check("", "");
        check("a,\"b\"", "\"a,\"\"b\"\"\"");
        check("two\nlines", "\"two\nlines\"");
        check("cr\r", "\"cr\r\"");
        check("tab\there", "tab\there");
    }
}
