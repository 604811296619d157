//! Every row of the `has` table in hunt-semantics.md, through the hunt itself and through `TermSet`.

use huntbench::engine::text::{Term, TermSet};
use huntbench::engine::SEED_ALERT_NAMES;

use crate::fixtures::{t, Data};

fn check(alert_name: &str, expected: bool) {
    let seed = TermSet::new(&SEED_ALERT_NAMES);
    assert_eq!(seed.matches(alert_name), expected, "has_any on {alert_name:?}");
    // And end to end: the alert joins an RDP logon only when its name matches.
    let data = Data::new().alert("", "WS01", alert_name, t(0)).logon("WS01", "c\\a", t(1));
    assert_eq!(data.hunt().rows.len(), usize::from(expected), "hunt on {alert_name:?}");
}

#[test]
fn spec_table_matches() {
    for name in [
        "Atypical travel",
        "atypical TRAVEL detected",
        "[Atypical travel]",
        "Atypical travel.",
        "Atypical travel_x",
        "password spray detected",
        "Unfamiliar sign-in properties for session",
    ] {
        check(name, true);
    }
}

#[test]
fn spec_table_non_matches() {
    for name in [
        "Atypical_travel",
        "Atypical-travel",
        "Atypical  travel",
        "Atypical travels",
        "xAtypical travel",
        "Atypical travel1",
        "Atypical travelé",
        "Unfamiliar sign in properties",
        "Anonymous IP addresses",
        "Targeted port scan",
        "PasswordSpray",
    ] {
        check(name, false);
    }
}

#[test]
fn every_seed_name_matches_itself_in_any_case() {
    for name in SEED_ALERT_NAMES {
        check(name, true);
        check(&name.to_uppercase(), true);
        check(&format!("({name})"), true);
        check(&format!("{name}s"), false);
    }
}

fn term(needle: &str, value: &str, expected: bool) {
    assert_eq!(Term::new(needle).is_in(value), expected, "{value:?} has {needle:?}");
}

#[test]
fn term_boundaries() {
    // Short needles still match: the three-character note is about Kusto's index.
    term("ip", "Anonymous IP address", true);
    term("ip", "zip", false);
    // A needle edge that is not a term character needs no boundary there.
    term("-in", "sign-in", true);
    term("sign-", "sign-in", true);
    // Separators: underscore, brackets, digits are term characters.
    term("scan", "port_scan_", true);
    term("scan", "scan2", false);
    term("scan", "2scan", false);
    // Non-ASCII letters and numbers are term characters; marks are not.
    term("travel", "travelé", false);
    term("travel", "travel\u{0345}", true);
    term("travel", "中travel", false);
    term("travel", "travel٣", false);
    // Case-insensitive with the simple mapping.
    term("TRAVEL", "Travel", true);
    term("straße", "STRAßE", true);
    // The needle's inside is literal: one space is not two.
    term("a b", "a  b", false);
    term("a b", "x a b y", true);
}

#[test]
fn no_needles_match_nothing() {
    assert!(!TermSet::new::<&str>(&[]).matches("Atypical travel"));
}
