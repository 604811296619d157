//! `Record`: the kept cells of one row as a reader found them, before any parsing.
//!
//! A reader fills one `Record` per row (a `Cell` for each `Field` the hunt keeps, with the
//! `CellKind` of the value it came from) and hands it to the `RowLoader`.

use crate::ingest::schema::{Field, FIELD_COUNT};

/// What kind of JSON value (or CSV text) a cell held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CellKind {
    #[default]
    Null,
    Text,
    Number,
    Bool,
    /// An object or array, kept as its JSON text.
    Nested,
}

#[derive(Clone, Debug, Default)]
struct Cell {
    kind: CellKind,
    text: String,
}

/// The kept cells of one row; reused from row to row to spare allocations.
#[derive(Clone, Debug, Default)]
pub struct Record {
    cells: [Cell; FIELD_COUNT],
}

impl Record {
    pub fn clear(&mut self) {
        for c in &mut self.cells {
            c.kind = CellKind::Null;
            c.text.clear();
        }
    }

    pub fn set(&mut self, field: Field, kind: CellKind, text: &str) {
        let cell = &mut self.cells[field.index()];
        cell.kind = kind;
        cell.text.clear();
        cell.text.push_str(text);
    }

    pub fn text(&self, field: Field) -> &str {
        &self.cells[field.index()].text
    }
}
