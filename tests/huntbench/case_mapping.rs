//! Case mapping where the choices part ways: upper against lower folding, simple (one char to one
//! char, spec §3) against full mapping (ß → SS, İ → i̇) and against context rules (final sigma).
//!
//! The rules, from `../shared/spec/hunt-semantics.md` §3 and §1: `toupper`/`tolower` map each
//! char on its own and keep the char when its mapping is not exactly one char; `has` compares
//! case-insensitively, which the engine does through the simple lower-case mapping of each char
//! (the spec does not name the folding; these cases pin the one in use).

use huntbench::engine::text::{lower_simple, upper_simple, Term};

use crate::fixtures::{t, Data};

fn check_upper(input: &str, expected: &str) {
    assert_eq!(upper_simple(input), expected, "toupper({input:?})");
    assert_eq!(upper_simple(input).chars().count(), input.chars().count(), "one char to one char: {input:?}");
}

fn check_lower(input: &str, expected: &str) {
    assert_eq!(lower_simple(input), expected, "tolower({input:?})");
    assert_eq!(lower_simple(input).chars().count(), input.chars().count(), "one char to one char: {input:?}");
}

#[test]
fn sigma_maps_char_by_char_with_no_final_form_rule() {
    check_upper("ς", "Σ");
    check_upper("σ", "Σ");
    check_upper("Σ", "Σ");
    check_lower("Σ", "σ");
    // str::to_lowercase would give "οδος" (final sigma by context); Kusto's mapping has no context.
    check_lower("ΟΔΟΣ", "οδοσ");
    check_upper("οδος", "ΟΔΟΣ");
}

#[test]
fn kelvin_sign_lowers_to_k_but_stays_itself_upper() {
    check_lower("\u{212A}", "k");
    check_upper("\u{212A}", "\u{212A}");
    check_upper("k", "K");
}

#[test]
fn sharp_s_has_no_single_char_upper_case() {
    check_upper("ß", "ß");
    check_upper("straße", "STRAßE");
    check_lower("\u{1E9E}", "ß");
}

#[test]
fn dotless_and_dotted_i() {
    check_upper("ı", "I");
    check_lower("I", "i");
    check_upper("i", "I");
    // İ's lower case is two chars (i + combining dot): kept as it is.
    check_lower("İ", "İ");
    check_upper("İ", "İ");
}

/// An alert on `alert_host` joins an RDP logon on `logon_host` only when their upper cases are equal.
fn check_join(alert_host: &str, logon_host: &str, joins: bool) {
    let data = Data::new().alert("", alert_host, "Password Spray", t(0)).logon(logon_host, "c\\a", t(1));
    assert_eq!(data.hunt().rows.len(), usize::from(joins), "{alert_host:?} with {logon_host:?}");
}

#[test]
fn hosts_join_on_their_simple_upper_case() {
    check_join("ΟΔΟΣ", "οδος", true);
    check_join("ws-ı", "WS-i", true);
    check_join("WORK", "wor\u{212A}", false);
    check_join("straße", "STRASSE", false);
    check_join("STRAßE", "straße", true);
    check_join("İ", "i", false);
}

#[test]
fn accounts_are_lowered_char_by_char() {
    for (account, expected) in [("ΟΔΟΣ\\Alice", "οδοσ\\alice"), ("İlker", "İlker"), ("\u{212A}", "k"), ("STRAẞE", "straße")] {
        let data = Data::new().alert("", "WS01", "Password Spray", t(0)).logon("WS01", account, t(1));
        assert_eq!(data.hunt().rows[0].account, expected, "{account:?}");
    }
}

fn check_has(value: &str, needle: &str, expected: bool) {
    assert_eq!(Term::new(needle).is_in(value), expected, "{value:?} has {needle:?}");
}

#[test]
fn has_folds_through_the_simple_lower_case() {
    check_has("\u{212A}elvin spray", "kelvin", true);
    check_has("KELVIN", "\u{212A}elvin", true);
    // Lower folding keeps ς and σ apart (an upper folding would join them).
    check_has("ΟΔΟΣ", "οδοσ", true);
    check_has("ΟΔΟΣ", "οδος", false);
    check_has("STRASSE", "straße", false);
    check_has("WS-I", "ws-ı", false);
    check_has("ws-i", "WS-I", true);
}
