//! An array of record objects, one a row (`RecordsSeed`; also Graph's `results`).
//!
//! The first object binds the file from its keys (`State::push_first_object`); every later one
//! is read with `ObjectSeed`, which keeps only the keys the binding names. An element that is
//! no object is skipped with its line.

use std::cell::Cell as Shared;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, SeqAccess, Visitor};
use serde_json::Value;

use super::seeds::ObjectSeed;
use super::State;

/// An array of record objects (also Graph's `results`).
pub(super) struct RecordsSeed<'s, 'c, 'a>(pub(super) &'s mut State<'c, 'a>);

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

