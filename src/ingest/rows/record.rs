//! `Record`: the kept cells of one row as a reader found them, before any parsing.
//!
//! A reader fills one `Record` per row (a `Cell` for each `Field` the hunt keeps, with the
//! `CellKind` of the value it came from) and hands it to the `RowLoader`. Session fields
//! (`Field::is_session`) are worth reading only on rows whose channel and event id have a session
//! role: `reads` says so as soon as both cells are set, so a streaming reader can pass over the
//! session values (a Mordor `Message` of kilobytes) of every other row without decoding them.

use super::sessions::ChannelMemo;
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
#[derive(Clone, Debug)]
pub struct Record {
    cells: [Cell; FIELD_COUNT],
    /// The row's session role once its channel and event id are both known: `Some(false)` when
    /// it has none, so its session fields need not be read.
    role: Option<bool>,
    channels: ChannelMemo,
}

impl Default for Record {
    fn default() -> Record {
        Record { cells: std::array::from_fn(|_| Cell::default()), role: None, channels: ChannelMemo::default() }
    }
}

impl Record {
    pub fn clear(&mut self) {
        for c in &mut self.cells {
            c.kind = CellKind::Null;
            c.text.clear();
        }
        self.role = None;
    }

    pub fn set(&mut self, field: Field, kind: CellKind, text: &str) {
        let cell = &mut self.cells[field.index()];
        cell.kind = kind;
        cell.text.clear();
        cell.text.push_str(text);
        if matches!(field, Field::EventId | Field::Channel) {
            self.settle_role();
        }
    }

    pub fn text(&self, field: Field) -> &str {
        &self.cells[field.index()].text
    }

    /// Whether a reader should read `field` of this row: every field but the session ones of a
    /// row known to have no session role. Without a channel the role stays open until the end.
    pub fn reads(&self, field: Field) -> bool {
        !field.is_session() || self.role != Some(false)
    }

    fn settle_role(&mut self) {
        let (channel, id) = (&self.cells[Field::Channel.index()].text, &self.cells[Field::EventId.index()].text);
        if channel.trim().is_empty() || id.is_empty() {
            return;
        }
        let id = super::parse_int(id).ok().flatten();
        self.role = Some(self.channels.role(channel, id).is_some());
    }
}
