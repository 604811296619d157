//! Hostile values: what an attacker who controls a log field (a workstation name, a user name, an
//! alert's description) can put there. With `Options::hostile` on, the generator writes them into
//! every text field of the noise rows and into the keys, accounts and addresses of some stories
//! (see `Scenario`), so the readers, the exports and the page can be held to them.
//!
//! [`HOSTILE`] is the corpus: markup and script injection, formula prefixes, bidi overrides and
//! zero-width characters, NUL and other control characters, quotes and line breaks that CSV must
//! quote, and JSON escapes. [`huge_field`] (1 MiB) and [`deep_json`] (nested 10,000 deep) are
//! generated, not listed. No value matches a term of the seed query, and every non-ASCII
//! character in them is caseless, so Kusto's `toupper`/`tolower` change only their ASCII letters.

use super::rng::SplitMix64;

/// The hostile values, each a few bytes to a few dozen.
pub const HOSTILE: [&str; 26] = [
    // Markup and script injection.
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "</td><script>alert(1)</script>",
    "\"><iframe srcdoc=\"<script>alert(1)</script>\">",
    "javascript:alert(1)",
    "{{constructor.constructor('alert(1)')()}}",
    // Spreadsheet formulas (OWASP CSV injection): = + - @, a leading tab, a leading CR.
    "=HYPERLINK(\"http://evil.example/\",\"Click\")",
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    // Unicode that misleads the eye: a right-to-left override, zero-width space, a BOM.
    "\u{202E}exe.txt",
    "adm\u{200B}in",
    "\u{FEFF}BOM",
    "line\u{2028}separator\u{2029}paragraph",
    // Control characters: NUL, a terminal escape, backspace and form feed.
    "nul\u{0}byte",
    "\u{1b}[31mred\u{1b}[0m\u{1b}]8;;http://evil.example/\u{7}link",
    "back\u{8}space\u{c}feed",
    // What CSV has to quote: commas, doubled quotes, line breaks.
    "\"quoted\", with a comma",
    "two\nlines",
    "crlf\r\nline",
    // JSON escapes and look-alikes of JSON structure.
    "\\\"},{\"injected\":true,\"x\":\"\\\\",
    "\\u0000 \\n \\\" not escapes",
    "' OR '1'='1' -- %s%n ${7*7} ../../etc/passwd",
];

/// The size of the field [`huge_field`] makes: 1 MiB.
pub const HUGE_FIELD_BYTES: usize = 1 << 20;

/// How deep [`deep_json`] nests.
pub const DEEP_NESTING: usize = 10_000;

/// How deep [`nested_object`] nests: hostile alerts' ExtendedProperties hold it.
///
/// Dynamic columns are JSON text in every format but ADX v2, where they are JSON values; there
/// the readers skip columns they do not keep without building them, at any depth. (A value nested
/// past 127 levels in the first record of JSON Lines, a JSON array or Graph results, which the
/// readers parse whole to bind the columns, does not load; the generator never writes one.)
pub const VALUE_NESTING: usize = 100;

/// A field of exactly [`HUGE_FIELD_BYTES`] bytes: an HTML payload, then letters and digits drawn
/// from a fixed seed (so it does not compress like a bomb and trips no decompression limit).
pub fn huge_field() -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .";
    let mut out = String::with_capacity(HUGE_FIELD_BYTES);
    out.push_str(HOSTILE[0]);
    let mut rng = SplitMix64::new(0x4855_4745);
    while out.len() < HUGE_FIELD_BYTES {
        let mut bits = rng.next_u64();
        for _ in 0..10 {
            if out.len() == HUGE_FIELD_BYTES {
                break;
            }
            out.push(ALPHABET[(bits & 63) as usize] as char);
            bits >>= 6;
        }
    }
    out
}

/// JSON text nested [`DEEP_NESTING`] deep: `[{"a":[{"a":...}]}]`, with a script at the bottom.
pub fn deep_json() -> String {
    nested(DEEP_NESTING)
}

/// A JSON object nested [`VALUE_NESTING`] deep, safe to write as a real JSON value.
pub fn nested_object() -> String {
    let mut out = String::new();
    for _ in 0..VALUE_NESTING - 1 {
        out.push_str("{\"$id\":");
    }
    out.push_str("{\"Name\":\"<svg onload=alert(1)>\"}");
    for _ in 0..VALUE_NESTING - 1 {
        out.push('}');
    }
    out
}

/// Alternating arrays and objects, `depth` levels in all.
fn nested(depth: usize) -> String {
    let mut out = String::with_capacity(depth * 6);
    for level in 0..depth {
        out.push_str(if level % 2 == 0 { "[" } else { "{\"a\":" });
    }
    out.push_str("\"</script><script>alert(1)</script>\"");
    for level in (0..depth).rev() {
        out.push(if level % 2 == 0 { ']' } else { '}' });
    }
    out
}

/// The value for column `column` of a hostile row `row`: the corpus, walked in a different order
/// for each column, so each value lands in every column. `no_nul`: skip values holding NUL.
pub(super) fn pick(row: u32, column: usize, no_nul: bool) -> &'static str {
    let n = HOSTILE.len();
    let mut i = (row as usize + column * 7) % n;
    while no_nul && HOSTILE[i].contains('\0') {
        i = (i + 1) % n;
    }
    HOSTILE[i]
}

/// Values for the hunt's keys of a story (host prefix, account, address): all but those that a
/// format cannot carry anywhere in a file. `no_nul` when either export is CSV.
pub(super) fn story_values(no_nul: bool) -> Vec<&'static str> {
    HOSTILE.iter().copied().filter(|v| !(no_nul && v.contains('\0'))).collect()
}

/// Kusto's `toupper` of a hostile value: ASCII letters change; every other character of the
/// corpus is caseless.
pub(super) fn upper(value: &str) -> String {
    debug_assert!(caseless_beyond_ascii(value), "{value:?}");
    value.to_ascii_uppercase()
}

/// Kusto's `tolower`, as [`upper`].
pub(super) fn lower(value: &str) -> String {
    debug_assert!(caseless_beyond_ascii(value), "{value:?}");
    value.to_ascii_lowercase()
}

/// Every non-ASCII character has no case mapping, so ASCII case mapping is Kusto's.
pub fn caseless_beyond_ascii(value: &str) -> bool {
    value.chars().all(|c| c.is_ascii() || (c.to_uppercase().eq([c]) && c.to_lowercase().eq([c])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::text::TermSet;
    use crate::engine::HuntParams;

    #[test]
    fn the_corpus_is_caseless_beyond_ascii_and_matches_no_term() {
        let terms = TermSet::new(&HuntParams::default().alert_names);
        for v in HOSTILE {
            assert!(caseless_beyond_ascii(v), "{v:?}");
            assert!(!terms.matches(v), "{v:?} matches a term of the query");
        }
        let mut upper: Vec<String> = HOSTILE.iter().map(|v| v.to_ascii_uppercase()).collect();
        upper.sort();
        upper.dedup();
        assert_eq!(upper.len(), HOSTILE.len(), "values differ even ignoring case");
    }

    #[test]
    fn generated_values_are_what_they_say() {
        let huge = huge_field();
        assert_eq!(huge.len(), HUGE_FIELD_BYTES);
        assert!(huge.starts_with(HOSTILE[0]));
        let deep = deep_json();
        let mut depth: usize = 0;
        let mut max = 0;
        for c in deep.bytes() {
            match c {
                b'[' | b'{' => {
                    depth += 1;
                    max = max.max(depth);
                }
                b']' | b'}' => depth -= 1,
                _ => {}
            }
        }
        assert_eq!((max, depth), (DEEP_NESTING, 0));
        let value: serde_json::Value = serde_json::from_str(&nested_object()).unwrap();
        assert!(value.is_object());
        for column in 0..20 {
            for row in 0..60 {
                assert!(!pick(row, column, true).contains('\0'));
            }
        }
    }
}
