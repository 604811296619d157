//! JSON Lines (Log Analytics data export blobs): one record object a line, read line by line.
//!
//! `read_lines` holds each line to the record limit and parses it on its own, so a broken,
//! oversized or non-object line is skipped and counted and the next line still loads. The first
//! record binds the file; later ones are read with `ObjectSeed`, which passes over session values
//! met before the record's channel and event id, read again for the few records with a session
//! role (`State::push_line`). With
//! `ReadOptions::dedupe_records` a line repeating one already read (by `fingerprint`) is dropped.

use std::cell::Cell as Shared;
use std::io::{BufReader, Read};

use serde::de::DeserializeSeed;
use serde_json::Value;

use super::seeds::ObjectSeed;
use super::{skip_ws, State};
use crate::ingest::limits::read_line_bounded;

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

/// Reads every line; `Err` says why reading stopped early (the rows before it stay loaded).
pub(super) fn read_lines<R: Read>(input: R, state: &mut State<'_, '_>) -> Result<(), String> {
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
    let (parsed, lossy, text) = match parse_record(state, bytes) {
        Err(_) if std::str::from_utf8(bytes).is_err() => {
            let text = String::from_utf8_lossy(bytes).into_owned().into_bytes();
            (parse_record(state, &text), true, std::borrow::Cow::Owned(text))
        }
        parsed => (parsed, false, std::borrow::Cow::Borrowed(bytes)),
    };
    match parsed {
        Ok(true) => state.push_line(line, &text),
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
    state.record.defer_session_cells(true);
    let seed = ObjectSeed { binding, keys: &mut state.keys, record: &mut state.record, line: &Shared::new(0), lines: None };
    let is_object = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(is_object)
}

