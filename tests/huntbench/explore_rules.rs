//! `explore::explain`, rule by rule: one alert group and a logon per case, and the verdict each
//! must get. The generated and real-data checks are in `explore_changes.rs`.

use huntbench::engine::explore::{explain, Blocker, Change, Explanation, Verdict};
use huntbench::engine::time::{TICKS_PER_MILLISECOND, TICKS_PER_MINUTE, TICKS_PER_SECOND};
use huntbench::engine::{HuntParams, Span, Ticks};

use crate::fixtures::{t, Data, TICK};

/// A recon alert on WS01 at t(0), and one more logon.
fn one_logon(computer: &str, time: Ticks, event_id: Option<i32>, logon_type: Option<i32>) -> Data {
    Data::new().alert("", "WS01", "Atypical travel", t(0)).logon_full(computer, "CONTOSO\\Alice", time, event_id, logon_type)
}

fn explained(data: &Data, params: &HuntParams) -> Vec<Explanation> {
    explain(&data.set, params, &data.hunt_with(params))
}

/// The verdict of the only near miss of `data` under the default parameters.
fn verdict(data: &Data) -> Verdict {
    let all = explained(data, &HuntParams::default());
    assert_eq!(all.len(), 1, "{all:#?}");
    all[0].verdict.clone()
}

fn check(computer: &str, time: Ticks, event_id: Option<i32>, logon_type: Option<i32>, expected: Verdict) {
    let data = one_logon(computer, time, event_id, logon_type);
    assert_eq!(verdict(&data), expected, "{computer} at {time}, {event_id:?}/{logon_type:?}");
}

fn window(minutes: i64) -> Verdict {
    Verdict::One(Change::Window(Span::minutes(minutes)))
}

#[test]
fn the_window_is_the_exact_minimum_rounded_up_to_the_minute() {
    let rdp = (Some(4624), Some(10));
    check("WS01", Ticks(t(17).0 + TICKS_PER_SECOND / 10), rdp.0, rdp.1, window(18));
    check("WS01", t(17), rdp.0, rdp.1, window(17));
    check("WS01", Ticks(t(15).0 + TICK), rdp.0, rdp.1, window(16));
    check("WS01", Ticks(t(16).0 - TICK), rdp.0, rdp.1, window(16));
    check("WS01", Ticks(t(16).0 + TICKS_PER_MILLISECOND), rdp.0, rdp.1, window(17));
    check("WS01", t(75), rdp.0, rdp.1, window(75));
}

#[test]
fn a_logon_before_the_alert_is_never_suggested_a_change() {
    for before in [Ticks(t(0).0 - TICK), t(-5), t(-60)] {
        let data = one_logon("WS01", before, Some(4624), Some(10));
        let all = explained(&data, &HuntParams::default());
        assert_eq!(all.len(), 1);
        assert!(matches!(all[0].verdict, Verdict::Never(Blocker::BeforeAlert { .. })), "{:?}", all[0].verdict);
        assert_eq!(all[0].change(), None);
        let reason = all[0].reason(&HuntParams::default());
        assert!(reason.contains("before the alert") && reason.contains("looks forward only"), "{reason}");
    }
    // Another LogonType as well: still no change, and no logon type suggested.
    check("WS01", t(-5), Some(4624), Some(7), Verdict::Never(Blocker::BeforeAlert { ticks_before: 5 * TICKS_PER_MINUTE }));
}

#[test]
fn each_single_blocker_has_its_change() {
    check("ws01.contoso.com", t(5), Some(4624), Some(10), Verdict::One(Change::NormalizeHosts));
    check("WS01", t(5), Some(4624), Some(7), Verdict::One(Change::LogonType(7)));
    check("WS01", t(5), Some(4624), Some(3), Verdict::One(Change::LogonType(3)));
    check("WS01", t(5), Some(4625), Some(10), Verdict::One(Change::EventId(4625)));
}

#[test]
fn what_no_parameter_can_match_is_never() {
    check("WS01", t(5), None, Some(10), Verdict::Never(Blocker::EventId { event_id: None }));
    check("WS01", t(5), Some(4624), None, Verdict::Never(Blocker::LogonType { logon_type: None }));
    let data = Data::new().alert("", "WS01", "", t(0)).logon("WS01", "a", t(5));
    let all = explained(&data, &HuntParams::default());
    assert_eq!(all.len(), 1, "an alert with no name and an RDP logon in its window");
    assert!(matches!(all[0].verdict, Verdict::Never(Blocker::AlertName { .. })));
    assert!(all[0].reason(&HuntParams::default()).contains("no AlertName"));
}

#[test]
fn two_needed_changes_give_no_change_and_name_both() {
    let data = one_logon("WS01", t(20), Some(4624), Some(7));
    let all = explained(&data, &HuntParams::default());
    assert_eq!(all[0].verdict, Verdict::Several(vec![Change::LogonType(7), Change::Window(Span::minutes(20))]));
    assert_eq!(all[0].change(), None);
    let reason = all[0].reason(&HuntParams::default());
    assert_eq!(reason, "LogonType 7, not 10; +20 min: after the 15m window: needs 2 changes together: add LogonType 7 and widen the window to 20m");
    check(
        "ws01.contoso.com",
        t(5),
        Some(4625),
        Some(10),
        Verdict::Several(vec![Change::NormalizeHosts, Change::EventId(4625)]),
    );
}

#[test]
fn an_alert_name_the_terms_miss_is_a_change_when_it_alone_blocks() {
    let data = Data::new()
        .alert("", "WS01", "Suspicious PowerShell", t(0))
        .alert("", "WS01", "Another thing", t(0))
        .logon("ws01", "a", t(5))
        .logon("WS01", "a", t(20))
        .logon_full("WS01", "a", t(6), Some(4624), Some(3));
    let params = HuntParams::default();
    let all = explained(&data, &params);
    assert_eq!(all.len(), 1, "only the logon the name alone keeps out: {all:#?}");
    let e = &all[0];
    assert_eq!(e.group, None, "no group today");
    assert_eq!(e.alert_names, ["Another thing", "Suspicious PowerShell"]);
    assert_eq!(e.verdict, Verdict::One(Change::AlertName("Another thing".to_string())));
    assert_eq!(e.reason(&params), "no term matches the alert name 'Another thing' or 'Suspicious PowerShell'");
    // One alert the terms match makes the group: the name is no blocker then.
    let data = data.alert("", "ws01", "Password Spray", t(0));
    let all = explained(&data, &params);
    assert!(all.iter().all(|e| e.group == Some(0) && !matches!(e.blockers[0], Blocker::AlertName { .. })), "{all:#?}");
    assert_eq!(all.len(), 2, "+20 min and the LogonType 3");
}

#[test]
fn rows_other_hosts_and_logons_out_of_reach_are_no_near_misses() {
    let data = Data::new()
        .alert("", "WS01", "Atypical travel", t(0))
        .logon("WS01", "a", t(0))
        .logon("WS01", "a", t(15))
        .logon("WS02", "a", t(5))
        .logon("WS01X.contoso.com", "a", t(5))
        .logon("ws01.contoso.com", "a", t(5))
        .logon("WS01", "a", Ticks(t(75).0 + TICK))
        .logon("WS01", "a", Ticks(t(-60).0 - TICK));
    let all = explained(&data, &HuntParams::default());
    let times: Vec<Ticks> = all.iter().map(|e| e.logon_time).collect();
    assert_eq!(times, [t(5)], "only the other spelling of WS01 (its short name is WS01): {all:#?}");
    assert_eq!(all[0].verdict, Verdict::One(Change::NormalizeHosts));
    // With normalisation on, it is a row.
    let normalized = HuntParams { normalize_hosts: true, ..HuntParams::default() };
    assert!(explained(&data, &normalized).is_empty());
}

#[test]
fn changes_apply_as_the_hunt_options_mean_them() {
    let p = HuntParams::default();
    let with = |c: Change| c.apply(&p);
    assert_eq!(with(Change::LogonType(7)).logon_types, [10, 7], "added, not replacing");
    assert_eq!(with(Change::EventId(4625)).event_id, 4625, "the one EventID replaced");
    assert_eq!(with(Change::Window(Span::minutes(17))).window, Span::minutes(17));
    assert!(with(Change::NormalizeHosts).normalize_hosts);
    let names = with(Change::AlertName("Other".into())).alert_names;
    assert_eq!(names.len(), 8);
    assert_eq!(names.last().map(String::as_str), Some("Other"));
    assert_eq!(Change::EventId(4625).describe(&p), "set the EventID to 4625 (in place of 4624)");
    assert_eq!(Change::Window(Span::minutes(60)).describe(&p), "widen the window to 60m");
}

#[test]
fn the_first_blocker_is_the_timelines_reason_and_the_fields_are_the_hunts() {
    let data = Data::new()
        .alert("sub", "ws01", "Atypical travel", t(0))
        .logon_full("Ws01.Contoso.com", "CONTOSO\\Alice", t(3), Some(4625), Some(3));
    let params = HuntParams::default();
    let all = explained(&data, &params);
    let e = &all[0];
    assert_eq!((e.compromised_entity.as_str(), e.computer.as_str(), e.account.as_str()), ("WS01", "WS01.CONTOSO.COM", "contoso\\alice"));
    assert_eq!((e.subscription.as_str(), e.alert_time, e.logon_time, e.group), ("sub", t(0), t(3), Some(0)));
    assert_eq!(e.blockers.len(), 3);
    let result = data.hunt_with(&params);
    let misses = huntbench::engine::near_misses(&data.set, &params, &result);
    assert_eq!(e.blockers[0].describe(&params), misses[0].reason.describe(&params));
    // Serialisable both ways, for a worker to send.
    let text = serde_json::to_string(&all).unwrap();
    assert_eq!(serde_json::from_str::<Vec<Explanation>>(&text).unwrap(), all);
}
