//! JSON exports, streamed: no document tree is built, rows go to the `RowLoader` as they are read.
//!
//! - `Shape::Document`: the Log Analytics API (`{"tables":[{"columns","rows"}]}`), ADX REST v1
//!   (`{"Tables":[{"Columns","Rows"}]}`) and Graph runHuntingQuery (`{"schema","results"}`).
//! - `Shape::Frames`: ADX REST v2, an array of frames (`DataTable`, or `TableHeader` + `TableFragment`).
//! - `Shape::Records`: an array of objects, one a row.
//! - `Shape::Lines`: JSON Lines (Log Analytics data export blobs), one object a line; a broken
//!   line is skipped and counted, the rest still load.
//!
//! Positional rows bind their columns once; objects bind from the first record's keys, after
//! which each record only materialises the keys the hunt keeps.

use std::cell::Cell as Shared;
use std::fmt;
use std::io::{BufReader, Read};
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::limits::{read_line_bounded, Meter, Metered};
use super::rows::{CellKind, Record, RowLoader};
use super::schema::{Binding, Field};
use super::FileCtx;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Document,
    Frames,
    Records,
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

/// Two independent 64-bit hashes of a record's bytes: 128 bits, so no two different records
/// of any real export collide.
fn fingerprint(bytes: &[u8]) -> (u64, u64) {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut a = DefaultHasher::new();
    bytes.hash(&mut a);
    let mut b = DefaultHasher::new();
    0x9e37_79b9_7f4a_7c15u64.hash(&mut b);
    bytes.hash(&mut b);
    (a.finish(), b.finish())
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
        Shape::Lines => read_lines(input, &mut state),
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
            loader.push(self.ctx, line, &self.record);
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
        loader.push(self.ctx, line, &self.record);
        self.loader = Some(loader);
    }

    fn push_object(&mut self, line: u64) {
        if let Some(loader) = self.loader.as_mut() {
            loader.push(self.ctx, line, &self.record);
        }
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

fn set_value(record: &mut Record, field: Field, value: &Value) {
    match value {
        Value::Null => record.set(field, CellKind::Null, ""),
        Value::String(s) => record.set(field, CellKind::Text, s),
        Value::Number(n) => record.set(field, CellKind::Number, &n.to_string()),
        Value::Bool(b) => record.set(field, CellKind::Bool, if *b { "true" } else { "false" }),
        nested => record.set(field, CellKind::Nested, &nested.to_string()),
    }
}

fn read_lines<R: Read>(input: R, state: &mut State<'_, '_>) -> Result<(), String> {
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    let mut buf = Vec::new();
    let mut line: u64 = 0;
    let max = state.ctx.limits.max_record_bytes;
    loop {
        buf.clear();
        let too_long = match read_line_bounded(&mut reader, &mut buf, max) {
            Ok((0, _)) => return Ok(()),
            Ok((_, too_long)) => too_long,
            Err(e) => return Err(format!("reading stopped after line {line}: {e}")),
        };
        line += 1;
        if too_long {
            if state.loader.is_none() && state.ctx.report.error.is_some() {
                return Ok(());
            }
            state.skip(line, format!("{}; reading went on at the next line", state.meter.reason()));
            continue;
        }
        let trimmed = skip_ws(&buf);
        if trimmed.is_empty() {
            continue;
        }
        if state.ctx.opts.dedupe_records && !state.ctx.seen.insert(fingerprint(trimmed.trim_ascii_end())) {
            state.ctx.report.duplicates_removed += 1;
            continue;
        }
        if !read_line_record(state, line, trimmed) {
            return Ok(());
        }
    }
}

/// One line of JSON Lines; false when the file cannot go on (its first record could not bind).
///
/// The bytes are parsed as they are: serde_json checks the UTF-8 of every string it keeps. Only
/// a line that fails and is not UTF-8 is read again, lossily, and counted as a lossy row;
/// bytes in values the hunt does not keep change nothing and count for nothing, as in CSV.
fn read_line_record(state: &mut State<'_, '_>, line: u64, bytes: &[u8]) -> bool {
    let read_before = state.ctx.report.rows_read;
    if state.loader.is_none() {
        if state.ctx.report.error.is_some() {
            // The first record could not be bound; the file's error says why.
            return false;
        }
        let (first, lossy) = match serde_json::from_slice::<Value>(bytes) {
            Err(_) if std::str::from_utf8(bytes).is_err() => {
                (serde_json::from_slice::<Value>(String::from_utf8_lossy(bytes).as_bytes()), true)
            }
            parsed => (parsed, false),
        };
        match first {
            Ok(Value::Object(object)) => state.push_first_object(line, object),
            Ok(_) => state.skip(line, "is not a JSON object".into()),
            Err(e) => state.skip(line, format!("is not valid JSON: {e}")),
        }
        count_lossy(state, lossy, read_before);
        return true;
    }
    let (parsed, lossy) = match parse_record(state, bytes) {
        Err(_) if std::str::from_utf8(bytes).is_err() => (parse_record(state, String::from_utf8_lossy(bytes).as_bytes()), true),
        parsed => (parsed, false),
    };
    match parsed {
        Ok(true) => state.push_object(line),
        Ok(false) => state.skip(line, "is not a JSON object".into()),
        Err(e) => state.skip(line, format!("is not a valid JSON record: {e}")),
    }
    count_lossy(state, lossy, read_before);
    true
}

/// Only a line read as a row (loaded or skipped) counts as a lossy row: a line that could not
/// bind the file is no row.
fn count_lossy(state: &mut State<'_, '_>, lossy: bool, read_before: u64) {
    if lossy && state.ctx.report.rows_read > read_before {
        state.ctx.report.lossy_rows += 1;
    }
}

/// Parses one record of JSON Lines into `state.record`; false when it is no object.
fn parse_record(state: &mut State<'_, '_>, bytes: &[u8]) -> serde_json::Result<bool> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let binding = state.loader.as_ref().expect("bound").binding();
    let seed = ObjectSeed { binding, keys: &mut state.keys, record: &mut state.record, line: &Shared::new(0), lines: None };
    let is_object = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(is_object)
}

/// The top-level object of an API, ADX v1 or Graph response.
struct DocSeed<'s, 'c, 'a>(&'s mut State<'c, 'a>);

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
struct FramesSeed<'s, 'c, 'a>(&'s mut State<'c, 'a>);

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

/// One positional row: keeps the bound cells, skips the rest without building them.
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
                Some(field) => seq.next_element_seed(CellSeed(self.record, field))?.is_some(),
                None => seq.next_element::<IgnoredAny>()?.is_some(),
            };
            if !more {
                return Ok((line, i));
            }
            i += 1;
        }
    }
}

/// An array of record objects (also Graph's `results`).
struct RecordsSeed<'s, 'c, 'a>(&'s mut State<'c, 'a>);

impl<'de> DeserializeSeed<'de> for RecordsSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RecordsSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        loop {
            state.meter.mark();
            let line = state.line();
            if state.loader.is_none() {
                if state.ctx.report.error.is_some() {
                    state.meter.pause();
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    return Ok(());
                }
                match seq.next_element::<Value>()? {
                    None => return Ok(()),
                    Some(Value::Object(object)) => state.push_first_object(line, object),
                    Some(_) => state.skip(line, "is not a JSON object".into()),
                }
                continue;
            }
            let started = Shared::new(line);
            let binding = state.loader.as_ref().expect("bound").binding();
            let seed = ObjectSeed { binding, keys: &mut state.keys, record: &mut state.record, line: &started, lines: Some(&state.meter) };
            match seq.next_element_seed(seed)? {
                None => return Ok(()),
                Some(true) => state.push_object(started.get()),
                Some(false) => state.skip(started.get(), "is not a JSON object".into()),
            }
        }
    }
}

/// One record object: keeps only the keys the binding names. Yields false for a non-object.
struct ObjectSeed<'s> {
    binding: &'s Binding,
    keys: &'s mut KeyMemo,
    record: &'s mut Record,
    line: &'s Shared<u64>,
    lines: Option<&'s Meter>,
}

impl ObjectSeed<'_> {
    /// Records the line the value started on, once the parser has reached it.
    fn mark(&self) {
        if let Some(meter) = self.lines {
            self.line.set(meter.newlines() + 1);
        }
    }

    fn not_an_object<E>(self) -> Result<bool, E> {
        self.mark();
        Ok(false)
    }
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        self.mark();
        self.record.clear();
        self.keys.next = 0;
        while let Some(field) = map.next_key_seed(KeySeed(self.binding, &mut *self.keys))? {
            match field {
                Some(field) => map.next_value_seed(CellSeed(self.record, field))?,
                None => map.next_value::<IgnoredAny>().map(|_| ())?,
            }
        }
        Ok(true)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        self.mark();
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
        self.not_an_object()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        self.not_an_object()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        self.not_an_object()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        self.not_an_object()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        self.not_an_object()
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.not_an_object()
    }
}

/// A key, looked up without allocating: the field it feeds, if kept.
struct KeySeed<'s>(&'s Binding, &'s mut KeyMemo);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<Field>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<Field>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Option<Field>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<Field>, E> {
        Ok(self.1.field_of_key(self.0, key))
    }
}

/// The keys of the last record, in order, with their fields. Records of one export list the
/// same keys in the same order, so the n-th key is nearly always the last record's n-th:
/// one comparison instead of a search of the binding's columns.
#[derive(Default)]
struct KeyMemo {
    slots: Vec<(Box<str>, Option<Field>)>,
    /// The position of the next key in the record being read.
    next: usize,
}

impl KeyMemo {
    /// Records with more keys than this look up the rest each time (a hostile file cannot
    /// make the memo grow without bound).
    const MAX_SLOTS: usize = 512;

    fn field_of_key(&mut self, binding: &Binding, key: &str) -> Option<Field> {
        let at = self.next;
        self.next += 1;
        match self.slots.get_mut(at) {
            Some((known, field)) if **known == *key => *field,
            Some(slot) => {
                let field = binding.field_of_key(key);
                *slot = (key.into(), field);
                field
            }
            None => {
                let field = binding.field_of_key(key);
                if at == self.slots.len() && at < Self::MAX_SLOTS {
                    self.slots.push((key.into(), field));
                }
                field
            }
        }
    }
}

/// A value kept as text in its `Record` cell; objects and arrays as their JSON text.
struct CellSeed<'s>(&'s mut Record, Field);

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CellSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.set(self.1, CellKind::Text, v);
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.set(self.1, CellKind::Number, &v.to_string());
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.set(self.1, CellKind::Number, &v.to_string());
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.0.set(self.1, CellKind::Number, &v.to_string());
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.set(self.1, CellKind::Bool, if v { "true" } else { "false" });
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.set(self.1, CellKind::Null, "");
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        self.0.set(self.1, CellKind::Nested, &value.to_string());
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let value = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        self.0.set(self.1, CellKind::Nested, &value.to_string());
        Ok(())
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
