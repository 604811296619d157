//! Writing results for people and spreadsheets: CSV that opens safely in Excel, text that cannot
//! drive a terminal. Log values are attacker-controlled, so both the CLI and the page use these.
//! Result rows go out with their 8 columns, or with `SESSION_COLUMNS` after them (the end of the
//! RDP session each row's logon starts: `rows_with_sessions_csv`, `_json`, `_jsonl`).

use serde_json::Value;

use crate::engine::sessions::RdpSession;
use crate::engine::{HuntRow, OUTPUT_COLUMNS};

/// OWASP's CSV-injection defence: a cell that starts with `=`, `+`, `-`, `@`, tab or CR is
/// prefixed with `'` so a spreadsheet shows it as text instead of evaluating it.
pub fn neutralize_formula(value: &str) -> std::borrow::Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}").into(),
        _ => value.into(),
    }
}

/// Replaces control characters (ANSI escapes, bidi overrides, NUL...) so a value shows as inert text.
pub fn inert_text(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() || is_bidi_control(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// For the page: controls, bidi overrides and zero-width characters shown as `⟨U+202E⟩`, so a
/// value cannot reorder or hide what the analyst reads. Exports keep the exact value.
pub fn visible_text(value: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() || is_bidi_control(c) || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}');
    if !value.chars().any(hidden) {
        return value.into();
    }
    value.chars().map(|c| if hidden(c) { format!("⟨U+{:04X}⟩", c as u32) } else { c.to_string() }).collect::<String>().into()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The result rows as CSV: a header of the 8 columns, then one line a row, formulas neutralised.
pub fn rows_to_csv(rows: &[HuntRow]) -> String {
    values_to_csv(rows.iter().map(|r| r.values()))
}

/// Rows of the 8 output values as CSV, formulas neutralised.
pub fn values_to_csv<V: AsRef<str>>(rows: impl IntoIterator<Item = impl IntoIterator<Item = V>>) -> String {
    table_to_csv(&OUTPUT_COLUMNS, rows)
}

/// A header and rows of text as CSV, formulas neutralised.
pub fn table_to_csv<V: AsRef<str>>(header: &[&str], rows: impl IntoIterator<Item = impl IntoIterator<Item = V>>) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).expect("writing to memory");
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|v| neutralize_formula(v.as_ref()).into_owned()).collect();
        out.write_record(&cells).expect("writing to memory");
    }
    String::from_utf8(out.into_inner().expect("writing to memory")).expect("CSV of UTF-8 values")
}

/// Rows of the 8 output values as a JSON array of objects keyed by the column names, in order:
/// the same text `huntbench hunt --format json` prints.
pub fn values_to_json<V: AsRef<str>>(rows: impl IntoIterator<Item = impl IntoIterator<Item = V>>) -> String {
    objects_to_json(rows.into_iter().map(|row| OUTPUT_COLUMNS.iter().zip(row).map(|(k, v)| (*k, Value::from(v.as_ref()))).collect()))
}

/// Flat objects (keys in the order given, scalar values) as a pretty JSON array: the text
/// `serde_json::to_string_pretty` writes for structs of those fields.
fn objects_to_json(rows: impl IntoIterator<Item = Vec<(&'static str, Value)>>) -> String {
    let objects: Vec<String> = rows
        .into_iter()
        .map(|row| {
            let fields: Vec<String> = row.iter().map(|(k, v)| format!("    {}: {}", json_string(k), v)).collect();
            format!("  {{\n{}\n  }}", fields.join(",\n"))
        })
        .collect();
    if objects.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n{}\n]", objects.join(",\n"))
    }
}

/// One flat object on one line, as `serde_json::to_string` writes it.
fn object_line(row: &[(&'static str, Value)]) -> String {
    let fields: Vec<String> = row.iter().map(|(k, v)| format!("{}:{}", json_string(k), v)).collect();
    format!("{{{}}}", fields.join(","))
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

/// What `hunt --with-sessions` adds after the 8 columns.
pub const SESSION_COLUMNS: [&str; 3] = ["SessionEnd", "SessionEndCause", "SessionDurationSeconds"];

/// The session values of a row whose logon starts `session`: its end (null when unknown), end
/// cause, and duration in seconds (null unless both ends are known); all null without a session.
pub fn session_values(session: Option<&RdpSession>) -> [Value; 3] {
    match session {
        None => [Value::Null, Value::Null, Value::Null],
        Some(s) => [
            s.end.map_or(Value::Null, |t| Value::from(t.to_iso())),
            Value::from(s.end_cause.as_str()),
            s.duration_seconds().map_or(Value::Null, Value::from),
        ],
    }
}

/// A JSON scalar as a cell: strings as they are, null empty.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn row_with_session(row: &HuntRow, session: Option<&RdpSession>) -> Vec<(&'static str, Value)> {
    let values = row.values().map(Value::from).into_iter().chain(session_values(session));
    OUTPUT_COLUMNS.iter().chain(SESSION_COLUMNS.iter()).copied().zip(values).collect()
}

/// The rows with `SESSION_COLUMNS` as CSV; `sessions[i]` is the session of `rows[i]`'s logon.
pub fn rows_with_sessions_csv(rows: &[HuntRow], sessions: &[Option<&RdpSession>]) -> String {
    let header: Vec<&str> = OUTPUT_COLUMNS.iter().chain(SESSION_COLUMNS.iter()).copied().collect();
    let cells = rows.iter().zip(sessions).map(|(r, s)| row_with_session(r, *s).into_iter().map(|(_, v)| value_text(&v)));
    table_to_csv(&header, cells)
}

/// The rows with `SESSION_COLUMNS` as a pretty JSON array (duration a number, unknowns null).
pub fn rows_with_sessions_json(rows: &[HuntRow], sessions: &[Option<&RdpSession>]) -> String {
    objects_to_json(rows.iter().zip(sessions).map(|(r, s)| row_with_session(r, *s)))
}

/// As `rows_with_sessions_json`, one object a line.
pub fn rows_with_sessions_jsonl(rows: &[HuntRow], sessions: &[Option<&RdpSession>]) -> String {
    rows.iter().zip(sessions).map(|(r, s)| object_line(&row_with_session(r, *s)) + "\n").collect()
}

/// The result rows as a JSON array of objects with exactly the 8 output columns.
pub fn rows_to_json(rows: &[HuntRow]) -> String {
    serde_json::to_string_pretty(rows).expect("rows serialise")
}

/// One JSON object a line.
pub fn rows_to_jsonl(rows: &[HuntRow]) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str(&serde_json::to_string(row).expect("rows serialise"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for (input, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-", "'-"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("contoso\\alice", "contoso\\alice"),
            ("", ""),
            (" =x", " =x"),
        ] {
            assert_eq!(neutralize_formula(input), expected, "{input:?}");
        }
    }

    #[test]
    fn json_of_values_is_the_clis_pretty_json() {
        use crate::engine::{AlertRow, Dataset, FileId, HuntParams, LogonRow, Origin, Ticks};
        let mut data = Dataset::default();
        let origin = Origin { file: FileId(0), line: 1 };
        let t = Ticks(639_080_388_000_000_000);
        data.push_alert(&AlertRow { time: t, subscription: "", compromised_entity: "WS01", alert_name: "Password Spray", origin });
        let logon = LogonRow {
            time: Ticks(t.0 + 1),
            event_id: Some(4624),
            logon_type: Some(10),
            account: "C\\\"quoted\"",
            computer: "ws01",
            ip_address: "=1+1",
            account_type: "User",
            activity: "x",
            logon_type_name: "y",
            origin,
        };
        data.push_logon(&logon);
        let rows = crate::engine::run(&data, &HuntParams::default()).rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(values_to_json(rows.iter().map(|r| r.values())), rows_to_json(&rows));
        assert_eq!(values_to_json(Vec::<Vec<String>>::new()), rows_to_json(&[]));
        assert!(rows_to_csv(&rows).contains(",'=1+1,"));
    }

    #[test]
    fn control_characters_are_made_inert() {
        assert_eq!(inert_text("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(inert_text("x\u{202E}y\u{0}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(inert_text("WS01 ü"), "WS01 ü");
        assert_eq!(visible_text("ab\u{202E}cd\u{200B}\u{0}"), "ab⟨U+202E⟩cd⟨U+200B⟩⟨U+0000⟩");
        assert_eq!(visible_text("WS01"), "WS01");
    }
}
