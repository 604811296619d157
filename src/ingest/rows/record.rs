//! `Record`: the kept cells of one row as a reader found them, before any parsing.
//!
//! A reader fills one `Record` per row (a `Cell` for each `Field` the hunt keeps, with the
//! `CellKind` of the value it came from) and hands it to the `RowLoader`. Session fields
//! (`Field::is_session`) are worth reading only on rows whose channel and event id have a session
//! role: `reads` says so as soon as both cells are set, so a streaming reader can pass over the
//! session values (a Mordor `Message` of kilobytes) of every other row without decoding them.
//! Before both are set, a reader that can read the row again (JSON Lines) defers the session
//! values (`defer_session_cells`) and reads them again only for a row with a role (`missed`);
//! the others read them in case.

use super::sessions::{ChannelMemo, Needs};
use crate::engine::sessions::EventKind;
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
    /// The cells set since the last `clear` (bit `Field::index`), so `clear` touches only them.
    touched: u64,
    /// The row's session role once its channel and event id are both known: `Some(None)` when
    /// it has none, so its session fields need not be read.
    role: Option<Option<EventKind>>,
    channels: ChannelMemo,
    /// Pass over session values met before the role is known (the reader can read them again).
    defer: bool,
    /// A session value was passed over before the role was known.
    missed: bool,
}

impl Default for Record {
    fn default() -> Record {
        Record { cells: std::array::from_fn(|_| Cell::default()), touched: 0, role: None, channels: ChannelMemo::default(), defer: false, missed: false }
    }
}

impl Record {
    pub fn clear(&mut self) {
        while self.touched != 0 {
            let c = &mut self.cells[self.touched.trailing_zeros() as usize];
            c.kind = CellKind::Null;
            c.text.clear();
            self.touched &= self.touched - 1;
        }
        self.role = None;
        self.missed = false;
    }

    /// Whether session values met before the row's role is known are passed over (and `missed`
    /// says so) rather than read in case.
    pub fn defer_session_cells(&mut self, defer: bool) {
        self.defer = defer;
    }

    /// A session value of this row was passed over before its role was known.
    pub fn missed(&self) -> bool {
        self.missed
    }

    pub fn set(&mut self, field: Field, kind: CellKind, text: &str) {
        let cell = &mut self.cells[field.index()];
        self.touched |= 1 << field.index();
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

    /// Whether a reader should read `field` of this row: every field but the session ones a row
    /// does not need (none, when it has no session role), or, when deferring, the session ones of
    /// a row whose role is not known yet. Without a channel the role stays open until the end.
    pub fn reads(&mut self, field: Field) -> bool {
        if !field.is_session() {
            return true;
        }
        match self.role {
            Some(role) => role.is_some_and(|kind| Needs(kind).reads(field)),
            None if self.defer => {
                self.missed = true;
                false
            }
            None => true,
        }
    }

    fn settle_role(&mut self) {
        let (channel, id) = (&self.cells[Field::Channel.index()].text, &self.cells[Field::EventId.index()].text);
        if channel.trim().is_empty() || id.is_empty() {
            return;
        }
        let id = super::parse_int(id).ok().flatten();
        self.role = Some(self.channels.role(channel, id));
    }
}
