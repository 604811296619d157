//! JSON exports, streamed: no document tree is built, rows go to the `RowLoader` as they are read.
//!
//! `shape` tells the `Shape` from the first bytes and `read` streams the file with the reader of
//! that shape, every one feeding the same `State` (the binding, the row being filled, the tables
//! left unread):
//!
//! - `document`: `Shape::Document`, the Log Analytics API (`{"tables":[{"columns","rows"}]}`),
//!   ADX REST v1 (`{"Tables":[{"Columns","Rows"}]}`) and Graph runHuntingQuery
//!   (`{"schema","results"}`); and `Shape::Frames`, ADX REST v2, an array of frames
//!   (`DataTable`, or `TableHeader` + `TableFragment`).
//! - `records`: `Shape::Records`, an array of objects, one a row (also Graph's `results`).
//! - `lines`: `Shape::Lines`, JSON Lines (Log Analytics data export blobs), one object a line;
//!   a broken line is skipped and counted, the rest still load.
//! - `seeds`: the serde seeds the shapes share, from a record object or a value to `Record` cells.
//!
//! Positional rows bind their columns once; objects bind from the first record's keys, after
//! which each record only materialises the keys the hunt keeps.

mod document;
mod lines;
mod records;
mod seeds;

use std::io::{BufReader, Read};
use std::rc::Rc;

use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

use super::limits::{Meter, Metered};
use super::rows::{Record, RowLoader};
use super::schema::{Binding, Field};
use super::FileCtx;
use document::{DocSeed, FramesSeed};
use records::RecordsSeed;
use seeds::{set_value, KeyMemo};

/// How a JSON export is laid out; each shape has its reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One object holding tables (API, ADX v1) or records (Graph): `document`.
    Document,
    /// ADX REST v2, an array of frames: `document`.
    Frames,
    /// An array of record objects: `records`.
    Records,
    /// JSON Lines, one record object a line: `lines`.
    Lines,
}

fn skip_ws(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    &b[start..]
}

/// The first key of the object at the start of `b` (just after its `{`).
fn first_key(b: &[u8]) -> Option<String> {
    let b = skip_ws(b);
    if b.first() != Some(&b'"') {
        return None;
    }
    let mut escaped = false;
    for (i, &c) in b.iter().enumerate().skip(1) {
        match c {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => return serde_json::from_slice(&b[..=i]).ok(),
            _ => escaped = false,
        }
    }
    None
}

/// Tells the JSON shape from the first bytes, or `None` when they are not JSON.
pub fn shape(head: &[u8]) -> Option<Shape> {
    let b = skip_ws(head);
    match b.first()? {
        b'{' => match first_key(&b[1..]).as_deref() {
            Some("tables" | "Tables" | "schema" | "Schema" | "results" | "Results" | "@odata.context") => Some(Shape::Document),
            _ => Some(Shape::Lines),
        },
        b'[' => {
            let rest = skip_ws(&b[1..]);
            match rest.first() {
                Some(b'{') if first_key(&rest[1..]).as_deref() == Some("FrameType") => Some(Shape::Frames),
                Some(b'{') | Some(b']') | None => Some(Shape::Records),
                _ => None,
            }
        }
        _ => None,
    }
}

pub fn read<R: Read>(input: R, shape: Shape, container: &str, ctx: &mut FileCtx<'_>) {
    let label = match shape {
        Shape::Document => "JSON document",
        Shape::Frames => "ADX REST v2 JSON",
        Shape::Records => "JSON array",
        Shape::Lines => "JSON Lines",
    };
    ctx.report.format = format!("{container}{label}");
    let meter = Meter::new(ctx.limits.max_record_bytes);
    let mut state = State {
        ctx,
        meter: meter.clone(),
        loader: None,
        positions: Vec::new(),
        width: 0,
        record: Record::default(),
        keys: KeyMemo::default(),
        bound_tables: 0,
        unread_tables: Vec::new(),
        unread_count: 0,
        current_binds: false,
        container: container.to_string(),
    };
    let outcome = match shape {
        Shape::Lines => lines::read_lines(input, &mut state),
        _ => {
            // The meter counts lines and holds each record to the record limit.
            let metered = Metered::new(BufReader::with_capacity(64 * 1024, input), meter.clone());
            let mut de = serde_json::Deserializer::from_reader(metered);
            let parsed = match shape {
                Shape::Document => DocSeed(&mut state).deserialize(&mut de),
                Shape::Frames => FramesSeed(&mut state).deserialize(&mut de),
                _ => RecordsSeed(&mut state).deserialize(&mut de),
            };
            let parsed = parsed.and_then(|()| de.end());
            if parsed.is_err() && meter.tripped() {
                // A streamed parser cannot find the next record: count this one and stop.
                let line = meter.mark_line();
                if state.loader.is_some() {
                    state.skip(line, meter.reason());
                }
                Err(format!("reading stopped at line {line}: a value {}; the rows before it were loaded", meter.reason()))
            } else {
                parsed.map_err(|e| if e.is_io() {
                    format!("reading stopped at line {}: {e}; the rows before it were loaded", meter.newlines() + 1)
                } else if e.is_eof() {
                    format!("the JSON ends early at line {} (a truncated file?); the rows before it were loaded", e.line())
                } else {
                    format!("line {}, column {}: {e}; the rows before it were loaded", e.line(), e.column())
                })
            }
        }
    };
    let State { ctx, loader, unread_tables, unread_count, .. } = state;
    if unread_count > 0 {
        let named = unread_tables.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
        let more = unread_count - unread_tables.len() as u64;
        let which = match (unread_count, more) {
            (1, _) => format!("table {named} was"),
            (_, 0) => format!("tables {named} were"),
            _ => format!("tables {named} and {more} more were"),
        };
        ctx.report.warnings.push(format!("{which} not read: only the first table of a response is"));
    }
    if let Some(loader) = loader {
        loader.finish(ctx);
    } else if outcome.is_ok() && ctx.report.error.is_none() && ctx.report.duplicates_removed == 0 {
        ctx.report.error = Some("no rows: the JSON holds no table or records to read".into());
    }
    if ctx.report.duplicates_removed > 0 {
        ctx.report.warnings.push(format!(
            "{} records repeated one already read and were removed (de-duplication is on)",
            ctx.report.duplicates_removed
        ));
    }
    if let Err(message) = outcome {
        if ctx.report.error.is_none() {
            ctx.report.error = Some(message);
        }
    }
}

/// Tables not read are named in one warning, the first few by name.
const UNREAD_NAMED: usize = 5;

/// What the reading of one JSON file has bound and seen so far; every shape's reader feeds it.
struct State<'c, 'a> {
    ctx: &'c mut FileCtx<'a>,
    meter: Rc<Meter>,
    loader: Option<RowLoader>,
    positions: Vec<Option<Field>>,
    width: usize,
    record: Record,
    keys: KeyMemo,
    bound_tables: u32,
    unread_tables: Vec<String>,
    unread_count: u64,
    /// The table being read is the bound one (its rows load).
    current_binds: bool,
    container: String,
}

impl State<'_, '_> {
    fn line(&self) -> u64 {
        self.meter.newlines() + 1
    }

    fn set_format(&mut self, label: &str) {
        self.ctx.report.format = format!("{}{label}", self.container);
    }

    /// A table's columns arrived: bind them if this is the first table that can be read.
    fn begin_table(&mut self, name: &str, columns: &[String]) {
        self.current_binds = false;
        if self.bound_tables > 0 || self.ctx.report.error.is_some() {
            if !name.is_empty() && self.bound_tables > 0 {
                self.unread_count += 1;
                if self.unread_tables.len() < UNREAD_NAMED {
                    self.unread_tables.push(super::rows::shown(name));
                }
            }
            return;
        }
        let format = self.ctx.report.format.clone();
        let Some(binding) = self.ctx.bind(columns, &format) else { return };
        self.bound_tables += 1;
        self.current_binds = true;
        self.positions = binding.by_position.clone();
        self.width = columns.len();
        self.loader = Some(RowLoader::new(self.ctx, binding));
    }

    fn push_positional(&mut self, line: u64, cells: usize) {
        let Some(loader) = self.loader.as_mut() else { return };
        if cells != self.width {
            loader.skip(self.ctx, line, format!("has {cells} values where the table has {} columns", self.width));
        } else {
            loader.push(self.ctx, line, &mut self.record);
        }
    }

    /// A record object that is the first of its file: bind from its keys.
    fn push_first_object(&mut self, line: u64, object: Map<String, Value>) {
        let keys: Vec<String> = object.keys().cloned().collect();
        let Some(mut binding) = Binding::new(&keys) else {
            let format = self.ctx.report.format.clone();
            self.ctx.bind(&keys, &format);
            return;
        };
        if binding.missing.contains(&"TimeGenerated") || binding.missing.contains(&"@timestamp") {
            let format = self.ctx.report.format.clone();
            self.ctx.bind(&keys, &format);
            return;
        }
        // Records carry different keys (a 4688 event has no LogonType): an absent key is an
        // empty value of that record, not a missing column of the file.
        binding.missing_optional.clear();
        if !binding.missing.is_empty() {
            self.ctx.report.warnings.push(format!(
                "the first record has no {}: records without a key read it as empty",
                binding.missing.join(", ")
            ));
        }
        self.record.clear();
        for (key, value) in &object {
            if let Some(field) = binding.field_of_key(key) {
                set_value(&mut self.record, field, value);
            }
        }
        let mut loader = RowLoader::new(self.ctx, binding);
        loader.push(self.ctx, line, &mut self.record);
        self.loader = Some(loader);
    }

    fn push_object(&mut self, line: u64) {
        if let Some(loader) = self.loader.as_mut() {
            loader.push(self.ctx, line, &mut self.record);
        }
    }

    /// A JSON Lines record: session values passed over before its role was known are read from
    /// its `bytes` again, only if it has a role.
    fn push_line(&mut self, line: u64, bytes: &[u8]) {
        let Some(loader) = self.loader.as_mut() else { return };
        let table = loader.binding().kind;
        loader.push_lazy(self.ctx, line, &mut self.record, &mut |record, needs| {
            if record.missed() {
                if let Ok(object) = serde_json::from_slice::<Map<String, Value>>(bytes) {
                    for (key, value) in &object {
                        match table.field_of_key(key) {
                            Some(field) if field.is_session() && needs.reads(field) => set_value(record, field, value),
                            _ => {}
                        }
                    }
                }
            }
        });
    }

    fn skip(&mut self, line: u64, reason: String) {
        match self.loader.as_mut() {
            Some(loader) => loader.skip(self.ctx, line, reason),
            None => {
                self.ctx.report.rows_read += 1;
                self.ctx.report.skip(line, reason);
            }
        }
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_told_from_the_first_key() {
        for (head, expected) in [
            (&b"{\"tables\":[{\"name\":\"PrimaryResult\""[..], Some(Shape::Document)),
            (b"  {\n  \"Tables\": [", Some(Shape::Document)),
            (b"{\"@odata.context\":\"x\",\"schema\":[]", Some(Shape::Document)),
            (b"{\"TimeGenerated\":\"2026-01-01T00:00:00Z\"}\n{", Some(Shape::Lines)),
            (b"[{\"FrameType\":\"DataSetHeader\"", Some(Shape::Frames)),
            (b"[\n  {\n    \"TimeGenerated\": \"3/31/2022\"", Some(Shape::Records)),
            (b"[]", Some(Shape::Records)),
            (b"TimeGenerated,AlertName", None),
            (b"[1,2,3]", None),
        ] {
            assert_eq!(shape(head), expected, "{}", String::from_utf8_lossy(head));
        }
    }
}
