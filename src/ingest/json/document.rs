//! JSON documents: one response object (`DocSeed`: the Log Analytics API's `tables`, ADX REST
//! v1's `Tables`, Graph hunting's `results`) or ADX REST v2's array of frames (`FramesSeed`).
//!
//! A table lists its columns, then positional rows. `TableSeed` reads one table or frame: it
//! binds the first readable primary table's columns (`State::begin_table`), reads its rows with
//! `RowsSeed`/`RowSeed`, and skips every other table's rows without building them; a
//! `TableFragment` continues the last `TableHeader`. Graph's `results` are an array of records,
//! read by `RecordsSeed`.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::records::RecordsSeed;
use super::seeds::CellSeed;
use super::State;
use crate::ingest::limits::Meter;
use crate::ingest::rows::Record;
use crate::ingest::schema::Field;

/// The top-level object of an API, ADX v1 or Graph response.
pub(super) struct DocSeed<'s, 'c, 'a>(pub(super) &'s mut State<'c, 'a>);

impl<'de> DeserializeSeed<'de> for DocSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a response object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        loop {
            self.0.meter.mark();
            let Some(key) = map.next_key::<String>()? else { break };
            match key.as_str() {
                "tables" => {
                    self.0.set_format("Log Analytics API JSON");
                    map.next_value_seed(TablesSeed(self.0))?;
                }
                "Tables" => {
                    self.0.set_format("ADX REST v1 JSON");
                    map.next_value_seed(TablesSeed(self.0))?;
                }
                "results" | "Results" => {
                    self.0.set_format("Graph hunting JSON");
                    map.next_value_seed(RecordsSeed(self.0))?;
                }
                _ => {
                    // Skipped values are never held, so no limit applies to them.
                    self.0.meter.pause();
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct TablesSeed<'s, 'c, 'a>(&'s mut State<'c, 'a>);

impl<'de> DeserializeSeed<'de> for TablesSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TablesSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of tables")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(TableSeed(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// The ADX v2 array of frames.
pub(super) struct FramesSeed<'s, 'c, 'a>(pub(super) &'s mut State<'c, 'a>);

impl<'de> DeserializeSeed<'de> for FramesSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FramesSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of frames")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(TableSeed(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

#[derive(Deserialize)]
struct ColumnDef {
    #[serde(alias = "ColumnName", alias = "Name")]
    name: String,
}

/// One table object (API or ADX v1), or one ADX v2 frame.
struct TableSeed<'s, 'c, 'a>(&'s mut State<'c, 'a>);

impl<'de> DeserializeSeed<'de> for TableSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TableSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a table")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let mut name = String::new();
        let mut primary = true;
        let mut fragment = false;
        let mut saw_columns = false;
        loop {
            state.meter.mark();
            let Some(key) = map.next_key::<String>()? else { break };
            match key.as_str() {
                "name" | "TableName" => name = map.next_value()?,
                "TableKind" => primary = map.next_value::<String>()? == "PrimaryResult",
                "FrameType" => {
                    let frame: String = map.next_value()?;
                    fragment = frame == "TableFragment";
                    primary &= matches!(frame.as_str(), "DataTable" | "TableHeader" | "TableFragment");
                }
                "columns" | "Columns" => {
                    let columns: Vec<ColumnDef> = map.next_value()?;
                    saw_columns = true;
                    if primary {
                        let names: Vec<String> = columns.into_iter().map(|c| c.name).collect();
                        state.begin_table(&name, &names);
                    } else {
                        state.current_binds = false;
                    }
                }
                "rows" | "Rows" => {
                    // A TableFragment continues the last TableHeader's table.
                    let binds = primary && (saw_columns || fragment) && state.current_binds;
                    if binds {
                        map.next_value_seed(RowsSeed(&mut *state))?;
                    } else {
                        state.meter.pause();
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                _ => {
                    state.meter.pause();
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct RowsSeed<'s, 'c, 'a>(&'s mut State<'c, 'a>);

impl<'de> DeserializeSeed<'de> for RowsSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        loop {
            state.meter.mark();
            let row = RowSeed { positions: &state.positions, record: &mut state.record, meter: &state.meter };
            match seq.next_element_seed(row)? {
                Some((line, cells)) => state.push_positional(line, cells),
                None => return Ok(()),
            }
        }
    }
}

/// One positional row: keeps the bound cells, skips the rest without building them (and the
/// session cells of a row whose channel and event id, read before them, have no session role).
struct RowSeed<'s> {
    positions: &'s [Option<Field>],
    record: &'s mut Record,
    meter: &'s Meter,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = (u64, usize);
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(u64, usize), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = (u64, usize);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row (a list of values)")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(u64, usize), A::Error> {
        let line = self.meter.newlines() + 1;
        self.record.clear();
        let mut i = 0;
        loop {
            let more = match self.positions.get(i).copied().flatten() {
                Some(field) if self.record.reads(field) => seq.next_element_seed(CellSeed(self.record, field))?.is_some(),
                _ => seq.next_element::<IgnoredAny>()?.is_some(),
            };
            if !more {
                return Ok((line, i));
            }
            i += 1;
        }
    }
}

