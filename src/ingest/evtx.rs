//! Raw Windows event logs (`.evtx`), read with the evtx crate one 64 KiB chunk at a time.
//!
//! Each record's System and EventData become a WindowsEvent row (Computer, EventID,
//! TimeCreated as TimeGenerated, EventData as the property bag, Channel and the provider's
//! name), which `RowLoader` maps onto the logon side. For a row with a session role it also
//! takes UserData (LSM and RCM events keep their values there) and `Correlation/@ActivityID`.
//! An EVTX record has no line: its record number stands in for one.

use std::io::Read;
use std::sync::Arc;

use evtx::{EvtxChunkData, ParserSettings};
use serde_json::Value;

use super::rows::{CellKind, Record, RowLoader};
use super::schema::{Binding, Field};
use super::FileCtx;

const FILE_HEADER: usize = 4096;
const CHUNK: usize = 64 * 1024;

pub fn read(mut input: impl Read, ctx: &mut FileCtx<'_>) {
    ctx.report.format = "EVTX (Windows event log)".into();
    let mut header = vec![0u8; FILE_HEADER];
    if let Err(e) = input.read_exact(&mut header) {
        ctx.report.error = Some(format!("the EVTX file header cannot be read: {e}"));
        return;
    }
    let columns = ["TimeGenerated", "Computer", "EventID", "EventData", "Channel", "Provider", "Correlation", "UserData"].map(String::from);
    let binding = Binding::new(&columns).expect("WindowsEvent columns");
    let mut loader = RowLoader::new(ctx, binding);
    let settings = Arc::new(ParserSettings::default().num_threads(1).separate_json_attributes(false));
    let mut record = Record::default();
    let mut number = 0u64;
    // Chunks passed over: the first few are named, the rest counted in one warning.
    let mut passed_over = 0u64;
    loop {
        let mut data = vec![0u8; CHUNK];
        match read_full(&mut input, &mut data) {
            Ok(0) => break,
            Ok(n) if n < CHUNK => {
                ctx.report.warnings.push(format!("the file ends inside chunk {number}: a truncated log? the chunks before it were read"));
                break;
            }
            Ok(_) => {}
            Err(e) => {
                ctx.report.error = Some(format!("reading stopped in chunk {number}: {e}"));
                break;
            }
        }
        number += 1;
        if data.iter().all(|&b| b == 0) {
            continue; // An unused, zeroed chunk.
        }
        let mut chunk_data = match EvtxChunkData::new(data, false) {
            Ok(c) => c,
            Err(e) => {
                pass_over(ctx, &mut passed_over, format!("chunk {} cannot be read and was passed over: {e}", number - 1));
                continue;
            }
        };
        let mut chunk = match chunk_data.parse(settings.clone()) {
            Ok(c) => c,
            Err(e) => {
                pass_over(ctx, &mut passed_over, format!("chunk {} cannot be parsed and was passed over: {e}", number - 1));
                continue;
            }
        };
        for item in chunk.iter() {
            let serialized = item.and_then(|r| r.into_json_value());
            match serialized {
                Ok(r) => {
                    fill(&mut record, &r.data);
                    loader.push_lazy(ctx, r.event_record_id, &mut record, &mut |record, needs| {
                        if needs.reads(Field::UserData) {
                            fill_session(record, &r.data);
                        }
                    });
                }
                Err(e) => loader.skip(ctx, 0, format!("an event record cannot be read: {e}")),
            }
        }
    }
    if passed_over > CHUNKS_NAMED {
        ctx.report.warnings.push(format!("{} more chunks could not be read and were passed over", passed_over - CHUNKS_NAMED));
    }
    loader.finish(ctx);
}

/// Chunks passed over that get a warning of their own.
const CHUNKS_NAMED: u64 = 5;

fn pass_over(ctx: &mut FileCtx<'_>, passed_over: &mut u64, warning: String) {
    *passed_over += 1;
    if *passed_over <= CHUNKS_NAMED {
        ctx.report.warnings.push(warning);
    }
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_full(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// `{"#attributes": .., "#text": 4624}` or a plain value, as text.
fn text_of(value: Option<&Value>) -> (CellKind, String) {
    match value {
        None | Some(Value::Null) => (CellKind::Null, String::new()),
        Some(Value::String(s)) => (CellKind::Text, s.clone()),
        Some(Value::Object(o)) if o.contains_key("#text") => text_of(o.get("#text")),
        Some(Value::Number(n)) => (CellKind::Number, n.to_string()),
        Some(other) => (CellKind::Nested, other.to_string()),
    }
}

fn fill(record: &mut Record, event: &Value) {
    record.clear();
    let system = &event["Event"]["System"];
    let (kind, time) = text_of(system["TimeCreated"]["#attributes"].get("SystemTime"));
    record.set(Field::Time, kind, &time);
    let (kind, computer) = text_of(system.get("Computer"));
    record.set(Field::Computer, kind, &computer);
    let (kind, id) = text_of(system.get("EventID"));
    record.set(Field::EventId, kind, &id);
    if let Some(data @ Value::Object(_)) = event["Event"].get("EventData") {
        record.set(Field::EventData, CellKind::Nested, &data.to_string());
    }
    let (kind, channel) = text_of(system.get("Channel"));
    record.set(Field::Channel, kind, &channel);
    let (kind, provider) = text_of(system["Provider"]["#attributes"].get("Name"));
    record.set(Field::Provider, kind, &provider);
}

/// The values only LSM and RCM events need: UserData as JSON text, and the ActivityID.
fn fill_session(record: &mut Record, event: &Value) {
    if let Some(data @ Value::Object(_)) = event["Event"].get("UserData") {
        record.set(Field::UserData, CellKind::Nested, &data.to_string());
    }
    let (kind, activity) = text_of(event["Event"]["System"]["Correlation"]["#attributes"].get("ActivityID"));
    record.set(Field::Correlation, kind, &activity);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_values_come_from_system_and_user_data() {
        let event = serde_json::json!({"Event": {
            "System": {
                "Provider": {"#attributes": {"Name": "Microsoft-Windows-TerminalServices-LocalSessionManager"}},
                "EventID": 21,
                "TimeCreated": {"#attributes": {"SystemTime": "2020-09-04T07:08:23.3810000Z"}},
                "Correlation": {"#attributes": {"ActivityID": "{F4207320-5A40-4CA1-99C7-8C290B800000}"}},
                "Channel": "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
                "Computer": "WORKSTATION5.theshire.local"
            },
            "UserData": {"EventXML": {"User": "THESHIRE\\pgustavo", "SessionID": 2, "Address": "1.2.3.4"}}
        }});
        let mut record = Record::default();
        fill(&mut record, &event);
        assert_eq!(record.text(Field::Channel), "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational");
        assert_eq!(record.text(Field::Provider), "Microsoft-Windows-TerminalServices-LocalSessionManager");
        assert_eq!((record.text(Field::EventId), record.text(Field::EventData), record.text(Field::UserData)), ("21", "", ""));
        fill_session(&mut record, &event);
        assert_eq!(record.text(Field::Correlation), "{F4207320-5A40-4CA1-99C7-8C290B800000}");
        let user_data: Value = serde_json::from_str(record.text(Field::UserData)).unwrap();
        assert_eq!(user_data["EventXML"]["SessionID"], 2);
    }
}
