//! The serde seeds the JSON shapes share: values go straight into `Record` cells.
//!
//! - `CellSeed`: one value into its cell as text (objects and arrays as their JSON text);
//!   `set_value` does the same for a value already parsed.
//! - `ObjectSeed`: one record object, keeping only the keys the `Binding` names; `KeySeed`
//!   looks each key up without allocating, helped by `KeyMemo`, the last record's keys.

use std::cell::Cell as Shared;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::ingest::limits::Meter;
use crate::ingest::rows::{CellKind, Record};
use crate::ingest::schema::{Binding, Field};

pub(super) fn set_value(record: &mut Record, field: Field, value: &Value) {
    match value {
        Value::Null => record.set(field, CellKind::Null, ""),
        Value::String(s) => record.set(field, CellKind::Text, s),
        Value::Number(n) => record.set(field, CellKind::Number, &n.to_string()),
        Value::Bool(b) => record.set(field, CellKind::Bool, if *b { "true" } else { "false" }),
        nested => record.set(field, CellKind::Nested, &nested.to_string()),
    }
}


/// One record object: keeps only the keys the binding names (session keys only while the record
/// may have a session role, `Record::reads`). Yields false for a non-object.
pub(super) struct ObjectSeed<'s> {
    pub(super) binding: &'s Binding,
    pub(super) keys: &'s mut KeyMemo,
    pub(super) record: &'s mut Record,
    pub(super) line: &'s Shared<u64>,
    pub(super) lines: Option<&'s Meter>,
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
                Some(field) if self.record.reads(field) => map.next_value_seed(CellSeed(self.record, field))?,
                _ => map.next_value::<IgnoredAny>().map(|_| ())?,
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
/// one comparison instead of a search of the binding's columns. Records whose keys come in an
/// order of their own per event (Mordor's) find them in `known`, every key met so far.
#[derive(Default)]
pub(super) struct KeyMemo {
    slots: Vec<(Box<str>, Option<Field>)>,
    /// The position of the next key in the record being read.
    next: usize,
    known: HashMap<Box<str>, Option<Field>, foldhash::fast::RandomState>,
}

impl KeyMemo {
    /// Records with more keys than this look up the rest each time (a hostile file cannot
    /// make the memo grow without bound).
    const MAX_SLOTS: usize = 512;
    /// Distinct keys remembered at most, for the same reason.
    const MAX_KNOWN: usize = 4096;

    fn field_of_key(&mut self, binding: &Binding, key: &str) -> Option<Field> {
        let at = self.next;
        self.next += 1;
        match self.slots.get_mut(at) {
            Some((known, field)) if **known == *key => *field,
            Some(slot) => {
                let field = Self::lookup(&mut self.known, binding, key);
                *slot = (key.into(), field);
                field
            }
            None => {
                let field = Self::lookup(&mut self.known, binding, key);
                if at == self.slots.len() && at < Self::MAX_SLOTS {
                    self.slots.push((key.into(), field));
                }
                field
            }
        }
    }

    fn lookup(known: &mut HashMap<Box<str>, Option<Field>, foldhash::fast::RandomState>, binding: &Binding, key: &str) -> Option<Field> {
        if let Some(&field) = known.get(key) {
            return field;
        }
        let field = binding.field_of_key(key);
        if known.len() < Self::MAX_KNOWN {
            known.insert(key.into(), field);
        }
        field
    }
}

/// A value kept as text in its `Record` cell; objects and arrays as their JSON text.
pub(super) struct CellSeed<'s>(pub(super) &'s mut Record, pub(super) Field);

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

