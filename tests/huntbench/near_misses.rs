//! Near misses: what the timeline shows muted beside the matches, with the reason.

use huntbench::engine::{near_misses, HuntParams, MissReason, Ticks};

use crate::fixtures::{t, Data, TICK};

fn reasons(data: &Data, params: &HuntParams) -> Vec<(i64, String)> {
    let result = data.hunt_with(params);
    near_misses(&data.set, params, &result)
        .iter()
        .map(|m| ((m.time.0 - t(0).0) / huntbench::engine::time::TICKS_PER_MINUTE, m.reason.describe(params)))
        .collect()
}

#[test]
fn each_kind_of_miss_says_why() {
    let data = Data::new()
        .alert("", "WS01", "Atypical travel", t(0))
        .logon("WS01", "c\\a", t(5))
        .logon("WS01", "c\\a", t(-5))
        .logon("WS01", "c\\a", t(17))
        .logon_full("WS01", "c\\a", t(3), Some(4624), Some(3))
        .logon_full("WS01", "c\\a", t(4), Some(4625), Some(10))
        .logon("ws01.contoso.com", "c\\a", t(6))
        .logon("WS01", "c\\a", t(200))
        .logon("WS02", "c\\a", t(7));
    let params = HuntParams::default();
    assert_eq!(
        reasons(&data, &params),
        [
            (-5, "before the alert (−5 min)".to_string()),
            (3, "LogonType 3, not 10".to_string()),
            (4, "event 4625, not 4624".to_string()),
            (6, "host spelled differently: WS01.CONTOSO.COM against WS01 (host normalisation would join it)".to_string()),
            (17, "+17 min: after the 15m window".to_string()),
        ],
        "the match at +5 is no miss; +200 min and another host are not nearby"
    );
    let normalized = HuntParams { normalize_hosts: true, ..HuntParams::default() };
    let with_norm = reasons(&data, &normalized);
    assert!(!with_norm.iter().any(|(m, _)| *m == 6), "with normalisation the FQDN logon joins: {with_norm:?}");
}

#[test]
fn one_tick_past_the_window_is_a_miss_and_the_edge_is_not() {
    let edge = Ticks(t(15).0);
    let past = Ticks(t(15).0 + TICK);
    let data = Data::new().alert("", "WS01", "Atypical travel", t(0)).logon("WS01", "a", edge).logon("WS01", "a", past);
    let params = HuntParams::default();
    let result = data.hunt_with(&params);
    assert_eq!(result.rows.len(), 1);
    let misses = near_misses(&data.set, &params, &result);
    assert_eq!(misses.len(), 1);
    assert_eq!(misses[0].time, past);
    assert!(matches!(misses[0].reason, MissReason::AfterWindow { .. }));
}

#[test]
fn misses_never_include_a_joined_pair() {
    let mut data = Data::new().alert("", "WS01", "Password Spray", t(0)).alert("", "WS01", "Password Spray", t(10));
    for m in -70..90 {
        data = data.logon("WS01", "a", t(m));
    }
    let params = HuntParams::default();
    let result = data.hunt_with(&params);
    let misses = near_misses(&data.set, &params, &result);
    for m in &misses {
        assert!(!result.rows.iter().any(|r| r.group == m.group && r.logon_row == m.logon_row));
    }
    // Group at t(0): 60 before + 60 after the window, all inside ±1 h and not joined.
    assert_eq!(misses.iter().filter(|m| m.group == 0).count(), 60 + 60);
}
