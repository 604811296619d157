//! The rules of hunt-semantics.md, one boundary at a time.

use huntbench::engine::{HuntParams, Span, Ticks, SEED_ALERT_NAMES};

use crate::fixtures::{t, Data, TICK};

const NAME: &str = "Atypical travel";

/// The logon times (in ticks from the alert) that join one alert at t(0).
fn joined_offsets(offsets: &[i64]) -> Vec<i64> {
    let mut data = Data::new().alert("", "WS01", NAME, t(0));
    for &o in offsets {
        data = data.logon("WS01", "c\\a", Ticks(t(0).0 + o));
    }
    data.hunt().rows.iter().map(|r| r.interactive_logon_time.0 - t(0).0).collect()
}

#[test]
fn window_is_inclusive_at_both_ends_to_the_tick() {
    let w = 15 * huntbench::engine::time::TICKS_PER_MINUTE;
    assert_eq!(joined_offsets(&[-TICK, 0, TICK, w - TICK, w, w + TICK]), vec![0, TICK, w - TICK, w]);
}

#[test]
fn a_logon_before_the_alert_is_outside() {
    assert!(joined_offsets(&[-huntbench::engine::time::TICKS_PER_MINUTE, -TICK]).is_empty());
}

#[test]
fn window_parameter_moves_the_far_edge() {
    let data = Data::new().alert("", "WS01", NAME, t(0)).logon("WS01", "c\\a", t(16)).logon("WS01", "c\\a", t(30));
    assert_eq!(data.hunt().rows.len(), 0);
    let params = HuntParams { window: Span::minutes(30), ..HuntParams::default() };
    let rows = data.hunt_with(&params).rows;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].time_window, t(30));
    let zero = HuntParams { window: Span(0), ..HuntParams::default() };
    let at_alert = Data::new().alert("", "WS01", NAME, t(0)).logon("WS01", "c\\a", t(0));
    assert_eq!(at_alert.hunt_with(&zero).rows.len(), 1);
}

#[test]
fn time_window_column_is_alert_time_plus_window() {
    let data = Data::new().alert("", "WS01", NAME, t(0)).logon("WS01", "c\\a", t(3));
    let row = &data.hunt().rows[0];
    assert_eq!(row.time_generated, t(0));
    assert_eq!(row.interactive_logon_time, t(3));
    assert_eq!(row.time_window, t(15));
    assert_eq!(row.time_window.to_iso(), "2026-03-02T09:15:00.0000000Z");
}

#[test]
fn groups_are_exact_ticks_with_counts_and_sets() {
    let data = Data::new()
        .alert("", "ws01", "Atypical travel", t(0))
        .alert("", "WS01", "Atypical travel", t(0))
        .alert("", "Ws01", "atypical travel", t(0))
        .alert("", "WS01", "Password Spray", t(0))
        .alert("", "WS01", "Password Spray", Ticks(t(0).0 + TICK))
        .alert("", "WS01", "Sign-in from a new country", t(0));
    let result = data.hunt();
    assert_eq!(result.groups.len(), 2, "one tick apart is another group; no binning");
    let g = &result.groups[0];
    assert_eq!(g.compromised_entity, "WS01");
    assert_eq!(g.count, 4);
    // Distinct case-sensitively, presented sorted.
    assert_eq!(g.alert_names, vec!["Atypical travel", "Password Spray", "atypical travel"]);
    assert_eq!(g.number_alerts(), 3);
    assert_eq!(result.groups[1].count, 1);
    assert_eq!(result.matched_alerts, 5);
}

#[test]
fn join_is_the_full_cross_product() {
    // Two groups on one host (differing only in the hidden subscription key) and three logons:
    // kind=inner gives every pair, 2 × 3 rows, never de-duplicated.
    let data = Data::new()
        .alert("sub-a", "WS01", NAME, t(0))
        .alert("sub-b", "WS01", NAME, t(0))
        .logon("WS01", "c\\a", t(1))
        .logon("WS01", "c\\a", t(1))
        .logon("WS01", "c\\b", t(2));
    let result = data.hunt();
    assert_eq!(result.groups.len(), 2);
    assert_eq!(result.rows.len(), 6);
    let visible: Vec<[String; 8]> = result.rows.iter().map(|r| r.values()).collect();
    assert_eq!(visible[0], visible[1], "hidden-key duplicates stay, visually identical");
}

#[test]
fn empty_strings_are_ordinary_keys() {
    let data = Data::new().alert("", "", NAME, t(0)).logon("", "c\\a", t(1));
    let result = data.hunt();
    assert_eq!(result.rows.len(), 1);
    assert_eq!(result.rows[0].compromised_entity, "");
}

#[test]
fn keys_compare_after_simple_upper_casing() {
    for (entity, computer, joins) in [
        ("ws01", "WS01", true),
        ("Ws01", "wS01", true),
        ("straße", "STRASSE", false),
        ("straße", "STRAßE", true),
        ("WS01", "WS01.contoso.com", false),
        ("WS01 ", "WS01", false),
        ("ǆ-host", "Ǆ-HOST", true),
    ] {
        let data = Data::new().alert("", entity, NAME, t(0)).logon(computer, "c\\a", t(1));
        assert_eq!(data.hunt().rows.len(), usize::from(joins), "{entity:?} vs {computer:?}");
    }
}

#[test]
fn account_is_lower_cased_with_the_simple_mapping() {
    for (account, expected) in [("CONTOSO\\Alice", "contoso\\alice"), ("İlker", "İlker"), ("ÀDMIN", "àdmin")] {
        let data = Data::new().alert("", "WS01", NAME, t(0)).logon("WS01", account, t(1));
        assert_eq!(data.hunt().rows[0].account, expected);
    }
}

#[test]
fn compromised_entity_output_is_upper_cased() {
    let data = Data::new().alert("", "ws01.contoso.com", NAME, t(0)).logon("WS01.CONTOSO.COM", "c\\a", t(1));
    assert_eq!(data.hunt().rows[0].compromised_entity, "WS01.CONTOSO.COM");
}

#[test]
fn logon_side_needs_event_4624_and_logon_type_10() {
    for (event_id, logon_type, joins) in [
        (Some(4624), Some(10), true),
        (Some(4625), Some(10), false),
        (Some(4624), Some(3), false),
        (Some(4624), Some(7), false),
        (Some(4624), None, false),
        (None, Some(10), false),
    ] {
        let data = Data::new().alert("", "WS01", NAME, t(0)).logon_full("WS01", "c\\a", t(1), event_id, logon_type);
        assert_eq!(data.hunt().rows.len(), usize::from(joins), "{event_id:?} {logon_type:?}");
    }
}

#[test]
fn parameters_change_names_types_and_event() {
    let data = Data::new()
        .alert("", "WS01", "Suspicious PowerShell", t(0))
        .logon_full("WS01", "c\\a", t(1), Some(4624), Some(2))
        .logon_full("WS01", "c\\a", t(2), Some(4624), Some(10))
        .logon_full("WS01", "c\\a", t(3), Some(4625), Some(10));
    assert!(data.hunt().rows.is_empty());
    let params = HuntParams { alert_names: vec!["powershell".into()], logon_types: vec![2, 10], ..HuntParams::default() };
    assert_eq!(data.hunt_with(&params).rows.len(), 2);
    let failures = HuntParams { event_id: 4625, ..params };
    assert_eq!(data.hunt_with(&failures).rows.len(), 1);
}

#[test]
fn host_normalisation_is_opt_in() {
    let data = Data::new()
        .alert("", "WS01", NAME, t(0))
        .logon("ws01.contoso.com", "c\\a", t(1))
        .alert("", "10.0.0.5", NAME, t(0))
        .logon("10.0.0.9", "c\\a", t(1));
    assert!(data.hunt().rows.is_empty(), "faithful mode: no domain stripping");
    let params = HuntParams { normalize_hosts: true, ..HuntParams::default() };
    let rows = data.hunt_with(&params).rows;
    assert_eq!(rows.len(), 1, "short names join; IP addresses are not cut at their dots");
    assert_eq!(rows[0].compromised_entity, "WS01");
}

#[test]
fn output_is_sorted_by_alert_then_logon_time() {
    let data = Data::new()
        .alert("", "B", NAME, t(5))
        .alert("", "A", NAME, t(0))
        .logon("A", "c\\a", t(9))
        .logon("A", "c\\a", t(2))
        .logon("B", "c\\b", t(6));
    let times: Vec<(Ticks, Ticks)> =
        data.hunt().rows.iter().map(|r| (r.time_generated, r.interactive_logon_time)).collect();
    assert_eq!(times, vec![(t(0), t(2)), (t(0), t(9)), (t(5), t(6))]);
}

#[test]
fn provenance_points_at_alert_and_logon_lines() {
    let data = Data::new().alert("", "WS01", NAME, t(0)).alert("", "WS01", NAME, t(0)).logon("WS01", "c\\a", t(1));
    let result = data.hunt();
    let row = &result.rows[0];
    assert_eq!(row.logon_origin.line, 3);
    let lines: Vec<u64> = result.groups[row.group].origins.iter().map(|o| o.line).collect();
    assert_eq!(lines, vec![1, 2]);
}

#[test]
fn defaults_are_the_seed() {
    let p = HuntParams::default();
    assert_eq!(p.alert_names, SEED_ALERT_NAMES.map(String::from).to_vec());
    assert_eq!(p.window, Span::minutes(15));
    assert_eq!((p.event_id, p.logon_types.as_slice(), p.normalize_hosts), (4624, &[10][..], false));
    assert!(p.validate().is_ok());
    assert!(HuntParams { logon_types: vec![], ..HuntParams::default() }.validate().is_err());
    assert!(HuntParams { alert_names: vec![String::new()], ..HuntParams::default() }.validate().is_err());
}

#[test]
fn json_output_has_exactly_the_eight_columns() {
    let data = Data::new().alert("", "WS01", NAME, t(0)).logon("WS01", "c\\a", t(1));
    let json = huntbench::export::rows_to_json(&data.hunt().rows);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let object = value[0].as_object().unwrap();
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_by_key(|k| json.find(&format!("\"{k}\"")).unwrap());
    assert_eq!(keys, huntbench::engine::OUTPUT_COLUMNS, "exactly the 8 columns, in KQL order");
    assert_eq!(object["TimeGenerated"], "2026-03-02T09:00:00.0000000Z");
    assert_eq!(object["Interactivelogontime"], "2026-03-02T09:01:00.0000000Z");
}
