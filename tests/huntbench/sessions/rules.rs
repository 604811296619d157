//! Each rule of shared/spec/sessions.md in tiny cases, and the rules the builder decided where
//! the spec is silent.

use huntbench::engine::sessions::{self, EndCause, SessionIndex, SessionsJson};
use huntbench::engine::FileId;

use super::*;

const A: &str = "WS5 theshire\\pgustavo";

#[test]
fn starts_are_4624_of_type_10_or_12() {
    check("type 10", &[logon(0, 10, "0xa")], &[&format!("{A} ids=0xa Security 0s..? unknown ev=0")]);
    check("type 12", &[logon(0, 12, "0xa")], &[&format!("{A} ids=0xa Security 0s..? unknown ev=0")]);
    check("type 2 is the console", &[logon(0, 2, "0xa")], &[]);
    check("type 3 alone is nothing", &[logon(0, 3, "0xa")], &[]);
    check("a start without an id is still a session", &[logon(0, 10, "")], &[&format!("{A} ids= Security 0s..? unknown ev=0")]);
}

#[test]
fn type_7_is_a_mark_never_a_session_and_its_logoff_ends_nothing() {
    check("alone", &[logon(0, 7, "0x7")], &[]);
    check("alone with its logoff", &[logon(0, 7, "0x7"), logoff(1000, "0x7").lt(Some(7))], &[]);
    let around = [
        logon(0, 10, "0xa"),
        disconnect(10_000, "0xa", "RDP-Tcp#0"),
        reconnect(20_000, "0xa", "RDP-Tcp#1"),
        logon(20_500, 7, "0x7"),
        logoff(21_000, "0x7").lt(Some(7)),
    ];
    check("around a 4778", &around, &[&format!("{A} ids=0xa Security 0s..? unknown ev=0,1,2,3,4")]);
    let (pool, set) = build(&around);
    assert_eq!(marks(&set.sessions[0], &pool), ["reconnect@20.500s 0x7"]);
    let mut untyped = around;
    untyped[4] = untyped[4].lt(None);
    check("its logoff without a type", &untyped, &[&format!("{A} ids=0xa Security 0s..? unknown ev=0,1,2,3,4")]);
    check(
        "around a 4801",
        &[logon(0, 10, "0xa"), unlock(10_000, "0xa", "2"), logon(9_000, 7, "0x7")],
        &[&format!("{A} ids=0xa Security 0s..? unknown ev=0,2,1")],
    );
    check(
        "more than 120 s from any reconnect",
        &[logon(0, 10, "0xa"), reconnect(10_000, "0xa", "RDP-Tcp#1"), logon(130_001, 7, "0x7")],
        &[&format!("{A} ids=0xa Security 0s..? unknown ev=0,1")],
    );
}

#[test]
fn nla_logons_are_marks_before_a_start_or_reconnect() {
    let start = |ms| logon(ms, 10, "0xa");
    check("30 s before", &[logon(0, 3, "0x3"), start(30_000)], &[&format!("{A} ids=0xa Security 30s..? unknown ev=0,1")]);
    check("longer before", &[logon(0, 3, "0x3"), start(30_001)], &[&format!("{A} ids=0xa Security 30.001s..? unknown ev=1")]);
    check("other address", &[logon(0, 3, "0x3").ip("9.9.9.9"), start(1000)], &[&format!("{A} ids=0xa Security 1s..? unknown ev=1")]);
    check(
        "other account",
        &[logon(0, 3, "0x3").account("THESHIRE\\alice"), start(1000)],
        &[&format!("{A} ids=0xa Security 1s..? unknown ev=1")],
    );
    check("after the start", &[start(0), logon(1000, 3, "0x3")], &[&format!("{A} ids=0xa Security 0s..? unknown ev=0")]);
    for lt in [Some(3), None] {
        check(
            "its logoff ends nothing",
            &[logon(0, 3, "0x3"), start(1000), logoff(2000, "0x3").lt(lt)],
            &[&format!("{A} ids=0xa Security 1s..? unknown ev=0,1,2")],
        );
    }
    let reconnecting = [start(0), disconnect(10_000, "0xa", "RDP-Tcp#0"), logon(100_000, 3, "0x3"), reconnect(101_000, "0xa", "RDP-Tcp#1")];
    check("before a reconnect", &reconnecting, &[&format!("{A} ids=0xa Security 0s..? unknown ev=0,1,2,3")]);
    let (pool, set) = build(&reconnecting);
    assert_eq!(marks(&set.sessions[0], &pool), ["nla@100s 0x3"]);
}

#[test]
fn linked_admin_logons_are_one_session() {
    let one = |name, events: &[Ev]| check(name, events, &[&format!("{A} ids=0xa,0xb Security 0s..? unknown ev=0,1")]);
    let two = |name, events: &[Ev], second: &str| {
        check(name, events, &[&format!("{A} ids=0xa Security 0s..? unknown ev=0"), &format!("{A} ids=0xb Security {second}..? unknown ev=1")])
    };
    one("each names the other", &[logon(0, 10, "0xa").linked("0xb").elevated(true), logon(0, 10, "0xb").linked("0xa")]);
    one("one names the other", &[logon(0, 10, "0xa").linked("0xb"), logon(0, 10, "0xb")]);
    one("the later names the earlier", &[logon(0, 10, "0xa"), logon(500, 10, "0xb").linked("0xa")]);
    one("no column, one elevated, within 1 s", &[logon(0, 10, "0xa").linked("").elevated(true), logon(1000, 10, "0xb").linked("")]);
    two("no column, 1.001 s apart", &[logon(0, 10, "0xa").linked("").elevated(true), logon(1001, 10, "0xb").linked("")], "1.001s");
    two("no column, both elevated", &[logon(0, 10, "0xa").linked("").elevated(true), logon(0, 10, "0xb").linked("").elevated(true)], "0s");
    two("no column, other address", &[logon(0, 10, "0xa").linked("").elevated(true), logon(0, 10, "0xb").linked("").ip("5.6.7.8")], "0s");
    two("no column, other type", &[logon(0, 10, "0xa").linked("").elevated(true), logon(0, 12, "0xb").linked("")], "0s");
    two("the column says 0x0", &[logon(0, 10, "0xa").elevated(true), logon(0, 10, "0xb")], "0s");
    check(
        "either id ends it; the other's logoff is evidence",
        &[logon(0, 10, "0xa").linked("0xb"), logon(0, 10, "0xb").linked("0xa"), logoff(5000, "0xb"), logoff(6000, "0xa")],
        &[&format!("{A} ids=0xa,0xb Security 0s..5s logoff 4634 ev=0,1,2,3")],
    );
}

#[test]
fn the_first_logoff_at_or_after_the_start_ends_it() {
    let start = logon(0, 10, "0xa");
    check("4634", &[start, logoff(60_000, "0xa"), logoff(70_000, "0xa")], &[&format!("{A} ids=0xa Security 0s..60s logoff 4634 ev=0,1,2")]);
    check("4647", &[start, user_logoff(50_000, "0xa"), logoff(51_000, "0xa")], &[&format!("{A} ids=0xa Security 0s..50s logoff 4647 ev=0,1,2")]);
    check("before the start", &[logoff(0, "0xa"), logon(10_000, 10, "0xa")], &[&format!("{A} ids=0xa Security 10s..? unknown ev=1")]);
    check("same tick, earlier in the file", &[logoff(0, "0xa"), logon(0, 10, "0xa")], &[&format!("{A} ids=0xa Security 0s..? unknown ev=1")]);
    check("same tick, later in the file", &[logon(0, 10, "0xa"), logoff(0, "0xa")], &[&format!("{A} ids=0xa Security 0s..0s logoff 4634 ev=0,1")]);
    check("a type 3 logoff of its id", &[start, logoff(5000, "0xa").lt(Some(3))], &[&format!("{A} ids=0xa Security 0s..? unknown ev=0")]);
    check("another id", &[start, logoff(5000, "0xb")], &[&format!("{A} ids=0xa Security 0s..? unknown ev=0")]);
    check("ids compare as numbers", &[logon(0, 10, "0xA"), logoff(5000, "0x000a")], &[&format!("{A} ids=0xA Security 0s..5s logoff 4634 ev=0,1")]);
    // Found by the property tests: a logoff before every start of its id, that joins the
    // session as the logoff of an NLA mark with the same id, is evidence and no end.
    check(
        "same tick, earlier in the file, as a mark's logoff",
        &[logoff(20_999, "0xa"), logon(20_999, 10, "0xA"), logon(0, 3, "0xa")],
        &[&format!("{A} ids=0xA Security 20.999s..? unknown ev=2,0,1")],
    );
    check(
        "before the start of its own id, though after the session's",
        &[logon(0, 3, "0xc"), logon(0, 10, "0xa").linked("0xc"), logon(21_000, 10, "0xc"), logoff(20_000, "0xc").lt(Some(2))],
        &[&format!("{A} ids=0xa,0xc Security 0s..? unknown ev=0,1,3,2")],
    );
}

#[test]
fn a_logoff_belongs_to_the_latest_session_of_its_id() {
    check(
        "reuse without a boot in the data",
        &[logon(0, 10, "0xa"), logon(100_000, 10, "0xa"), logoff(50_000, "0xa"), logoff(150_000, "0xa")],
        &[&format!("{A} ids=0xa Security 0s..50s logoff 4634 ev=0,2"), &format!("{A} ids=0xa Security 100s..150s logoff 4634 ev=1,3")],
    );
    check(
        "reuse after a reboot",
        &[logon(0, 10, "0xa"), other(50_000, SECURITY, 4608), logon(100_000, 10, "0xa"), logoff(150_000, "0xa")],
        &[&format!("{A} ids=0xa Security 0s..50s host shutdown ev=0"), &format!("{A} ids=0xa Security 100s..150s logoff 4634 ev=2,3")],
    );
    check(
        "a logoff after a reboot ends nothing before it",
        &[logon(0, 10, "0xa"), other(50_000, SECURITY, 4608), logoff(60_000, "0xa")],
        &[&format!("{A} ids=0xa Security 0s..50s host shutdown ev=0")],
    );
}

#[test]
fn disconnects_and_reconnects_split_stretches() {
    let events = [logon(0, 10, "0xa"), disconnect(10_000, "0xa", "RDP-Tcp#0"), reconnect(20_000, "0xa", "RDP-Tcp#1"), logoff(30_000, "0xa")];
    check("split", &events, &[&format!("{A} ids=0xa Security 0s..30s logoff 4634 ev=0,1,2,3")]);
    let (pool, set) = build(&events);
    let s = &set.sessions[0];
    assert_eq!(
        stretches(s, &pool),
        [
            "connected 0s..10s RDP-Tcp#0/robertos-mbp/1.2.3.4",
            "disconnected 10s..20s RDP-Tcp#0/robertos-mbp/1.2.3.4",
            "connected 20s..30s RDP-Tcp#1/robertos-mbp/1.2.3.4",
        ]
    );
    assert!(!s.client_changed);
    assert_eq!((pool.resolve(s.client_name), pool.resolve(s.source_address)), (CLIENT, ADDRESS));

    let mut taken = events;
    taken[2] = taken[2].client("evil-pc", "6.6.6.6");
    let (pool, set) = build(&taken);
    assert!(set.sessions[0].client_changed);
    assert_eq!(stretches(&set.sessions[0], &pool)[2], "connected 20s..30s RDP-Tcp#1/evil-pc/6.6.6.6");

    let events = [logon(0, 10, "0xa")];
    let (pool, set) = build(&events);
    assert_eq!(stretches(&set.sessions[0], &pool), ["connected 0s..? //1.2.3.4"]);
}

#[test]
fn a_disconnect_with_nothing_after_ends_disconnected() {
    let events = [logon(0, 10, "0xa"), disconnect(10_000, "0xa", "RDP-Tcp#0")];
    check("disconnected", &events, &[&format!("{A} ids=0xa Security 0s..? disconnected ev=0,1")]);
    let (pool, set) = build(&events);
    assert_eq!(stretches(&set.sessions[0], &pool), ["connected 0s..10s RDP-Tcp#0/robertos-mbp/1.2.3.4", "disconnected 10s..? RDP-Tcp#0/robertos-mbp/1.2.3.4"]);
    assert!(set.sessions[0].end_text().starts_with("disconnected; no reconnect or logoff in the data; the data of this host ends at "));
}

#[test]
fn lock_and_unlock_are_marks_and_their_session_id_links_lsm() {
    let other_user = "THESHIRE\\other";
    let events = [lsm(-300_000, 21, "2").user(other_user), logon(0, 10, "0xa"), lock(10_000, "0xa", "2"), unlock(20_000, "0xa", "2")];
    check("linked by SessionId alone", &events, &[&format!("{A} ids=0xa Security 0s..? unknown ev=0,1,2,3")]);
    let (pool, set) = build(&events);
    assert_eq!(marks(&set.sessions[0], &pool), ["lock@10s 0xa", "unlock@20s 0xa"]);
    check(
        "without them, two sessions",
        &events[..2],
        &["WS5 theshire\\other ids= LSM -300s..? unknown ev=0", &format!("{A} ids=0xa Security 0s..? unknown ev=1")],
    );
}

#[test]
fn lsm_events_pair_in_order_and_session_ids_are_reused() {
    let events = [
        lsm(0, 21, "2"),
        lsm(1000, 22, "2"),
        lsm(10_000, 24, "2"),
        lsm(20_000, 25, "2"),
        lsm(30_000, 23, "2"),
        lsm(100_000, 21, "2"),
        lsm(130_000, 23, "2"),
    ];
    check("reuse", &events, &[&format!("{A} ids= LSM 0s..30s logoff LSM 23 ev=0,1,2,3,4"), &format!("{A} ids= LSM 100s..130s logoff LSM 23 ev=5,6")]);
    let (pool, set) = build(&events);
    assert_eq!(stretches(&set.sessions[0], &pool), ["connected 0s..10s //1.2.3.4", "disconnected 10s..20s //1.2.3.4", "connected 20s..30s //1.2.3.4"]);
    check(
        "interleaved ids",
        &[lsm(0, 21, "2"), lsm(1000, 21, "3").user("THESHIRE\\alice"), lsm(5000, 23, "3"), lsm(9000, 23, "2")],
        &[&format!("{A} ids= LSM 0s..9s logoff LSM 23 ev=0,3"), "WS5 theshire\\alice ids= LSM 1s..5s logoff LSM 23 ev=1,2"],
    );
    check("no SessionID pairs with nothing", &[lsm(0, 21, ""), lsm(1000, 23, "")], &[&format!("{A} ids= LSM ?..1s logoff LSM 23 ev=1"), &format!("{A} ids= LSM 0s..? unknown ev=0")]);
}

#[test]
fn lsm_40_labels_the_disconnected_stretch() {
    let events = [lsm(0, 21, "2"), reason(9_000, "2", "5"), lsm(10_000, 24, "2"), lsm(20_000, 25, "2")];
    check("reason", &events, &[&format!("{A} ids= LSM 0s..? unknown ev=0,1,2,3")]);
    let (pool, set) = build(&events);
    assert_eq!(stretches(&set.sessions[0], &pool), ["connected 0s..10s //1.2.3.4", "disconnected 10s..20s //1.2.3.4 reason 5", "connected 20s..? //1.2.3.4"]);
    check("a lone 40 is unattached", &[reason(0, "2", "5")], &["unattached ev=0"]);
}

#[test]
fn lsm_sessions_join_security_ones_or_stand_alone() {
    let start = logon(0, 10, "0xa");
    check("23 gives the end", &[start, lsm(1000, 21, "2"), lsm(50_000, 23, "2")], &[&format!("{A} ids=0xa Security 0s..50s logoff LSM 23 ev=0,1,2")]);
    check(
        "a Security logoff wins",
        &[start, lsm(1000, 21, "2"), lsm(50_000, 23, "2"), logoff(50_010, "0xa")],
        &[&format!("{A} ids=0xa Security 0s..50.010s logoff 4634 ev=0,1,2,3")],
    );
    check("21 within 120 s", &[start, lsm(120_000, 21, "2")], &[&format!("{A} ids=0xa Security 0s..? unknown ev=0,1")]);
    check(
        "21 further",
        &[start, lsm(120_001, 21, "2")],
        &[&format!("{A} ids=0xa Security 0s..? unknown ev=0"), &format!("{A} ids= LSM 120.001s..? unknown ev=1")],
    );
    check(
        "another user",
        &[start, lsm(1000, 21, "2").user("THESHIRE\\alice")],
        &[&format!("{A} ids=0xa Security 0s..? unknown ev=0"), "WS5 theshire\\alice ids= LSM 1s..? unknown ev=1"],
    );
    check("nearest start wins", &[start, logon(100_000, 10, "0xb"), lsm(90_000, 21, "2")], &[
        &format!("{A} ids=0xa Security 0s..? unknown ev=0"),
        &format!("{A} ids=0xb Security 100s..? unknown ev=2,1"),
    ]);
}

#[test]
fn rcm_1149_joins_the_connection_it_authenticated() {
    check("by ActivityID", &[auth(0).act("{A1}"), lsm(200_000, 21, "2").act("{A1}")], &[&format!("{A} ids= LSM 200s..? unknown ev=0,1")]);
    check("by time, 120 s", &[auth(0), lsm(120_000, 21, "2")], &[&format!("{A} ids= LSM 120s..? unknown ev=0,1")]);
    check("by time, further", &[auth(0), lsm(120_001, 21, "2")], &[&format!("{A} ids= LSM 120.001s..? unknown ev=1"), "unattached ev=0"]);
    check("after the logon", &[lsm(0, 21, "2"), auth(1000)], &[&format!("{A} ids= LSM 0s..? unknown ev=0"), "unattached ev=1"]);
    check("another user", &[auth(0).user("theshire\\alice"), lsm(1000, 21, "2")], &[&format!("{A} ids= LSM 1s..? unknown ev=1"), "unattached ev=0"]);
    check("user without domain", &[auth(0).user("pgustavo"), lsm(1000, 21, "2")], &[&format!("{A} ids= LSM 1s..? unknown ev=0,1")]);
    check(
        "before a reconnect",
        &[logon(0, 10, "0xa"), disconnect(10_000, "0xa", "RDP-Tcp#0"), auth(50_000), reconnect(51_000, "0xa", "RDP-Tcp#1")],
        &[&format!("{A} ids=0xa Security 0s..? unknown ev=0,1,2,3")],
    );
    check("before an LSM reconnect", &[lsm(0, 24, "2"), auth(50_000), lsm(51_000, 25, "2")], &[&format!("{A} ids= LSM ?..? unknown ev=0,1,2")]);
    check("lone", &[auth(0)], &["unattached ev=0"]);
    check(
        "261 by ActivityID, through a 1149",
        &[listener(0).act("{A1}"), auth(1000).act("{A1}"), lsm(2000, 21, "2").act("{A2}")],
        &[&format!("{A} ids= LSM 2s..? unknown ev=0,1,2")],
    );
    check("lone 261", &[listener(0).act("{A1}")], &["unattached ev=0"]);
    check("zero ActivityIDs link nothing", &[listener(0).act("{00000000-0000-0000-0000-000000000000}"), lsm(1000, 21, "2").act("{00000000-0000-0000-0000-000000000000}")], &[
        &format!("{A} ids= LSM 1s..? unknown ev=1"),
        "unattached ev=0",
    ]);
}

#[test]
fn console_activity_builds_no_rdp_session() {
    let local = |e: Ev| e.address("LOCAL");
    check("console LSM", &[local(lsm(0, 21, "1")), local(lsm(1000, 22, "1")), lsm(50_000, 23, "1")], &[]);
    check("what joins it", &[local(lsm(0, 21, "1")).act("{C}"), Ev { sid: "1", ..other(0, LSM, 41) }.act("{C}"), reason(5000, "1", "11")], &[]);
    check("4778/4779 of the Console", &[disconnect(0, "0xc", "Console"), reconnect(10_000, "0xc", "Console")], &[]);
    check("4778 from LOCAL", &[reconnect(0, "0xc", "RDP-Tcp#0").client("WS5", "LOCAL")], &[]);
    check("a console logon's lock", &[logon(0, 2, "0xc"), lock(10_000, "0xc", "1"), unlock(20_000, "0xc", "1")], &[]);
    check("a console LSM session's lock", &[local(lsm(0, 21, "1")), lock(10_000, "0xc", "1"), unlock(20_000, "0xc", "1")], &[]);
    check("a console session reconnected over RDP", &[local(lsm(0, 21, "1")), lsm(10_000, 25, "1")], &[&format!("{A} ids= LSM 0s..? unknown ev=0,1")]);
    check(
        "an RDP reconnect to a console logon",
        &[logon(0, 2, "0xc"), reconnect(10_000, "0xc", "RDP-Tcp#0")],
        &[&format!("{A} ids=0xc Security ?..? unknown ev=1")],
    );
    check("a lock with no logon in the data", &[lock(0, "0xd", "2"), unlock(10_000, "0xd", "2")], &[&format!("{A} ids=0xd Security ?..? unknown ev=0,1")]);
}

#[test]
fn events_are_told_apart_by_channel_and_id() {
    let sysmon = "Microsoft-Windows-Sysmon/Operational";
    check(
        "Sysmon 22/23 and System 25 are not LSM",
        &[logon(0, 10, "0xa"), lsm(1000, 21, "2"), other(50_000, sysmon, 23), other(50_001, sysmon, 22), other(50_002, SYSTEM, 25), other(50_003, SYSTEM, 23)],
        &[&format!("{A} ids=0xa Security 0s..? unknown ev=0,1")],
    );
    check("no channel: Security ids", &[logon(0, 10, "0xa").channel("")], &[&format!("{A} ids=0xa Security 0s..? unknown ev=0")]);
    check("no channel: never LSM", &[lsm(0, 21, "2").channel("")], &[]);
    check("no channel: never RCM", &[auth(0).channel("")], &[]);
    check(
        "channel names without case",
        &[
            logon(0, 10, "0xa").channel("security"),
            lsm(1000, 21, "2").channel("MICROSOFT-WINDOWS-TERMINALSERVICES-LOCALSESSIONMANAGER/OPERATIONAL"),
            lsm(50_000, 23, "2").channel("microsoft-windows-terminalservices-localsessionmanager/operational"),
        ],
        &[&format!("{A} ids=0xa Security 0s..50s logoff LSM 23 ev=0,1,2")],
    );
}

#[test]
fn an_unknown_end_is_never_the_data_end() {
    let events = [logon(0, 10, "0xa"), other(3_600_000, "Microsoft-Windows-Sysmon/Operational", 1), other(7_200_000, SECURITY, 4688).on("WS6")];
    let (pool, store) = load(&events);
    assert_eq!(store.len(), 1, "only the logon has a role");
    let set = sessions::build(&store, &pool, false);
    let s = &set.sessions[0];
    assert_eq!((s.end, s.end_cause, s.duration_ticks()), (None, EndCause::Unknown, None));
    assert_eq!(s.end_text(), format!("no logoff in the data; the data of this host ends at {}", at(3_600_000).to_iso()));
    assert_eq!(s.start_text(), at(0).to_iso());
}

#[test]
fn shutdowns_and_boots_bound_a_session_without_logoff() {
    for (channel, id) in [(LSM, 54), (SYSTEM, 1074), (SECURITY, 1100), (SECURITY, 4609), (SECURITY, 4608), (SYSTEM, 6005), (SYSTEM, 6009)] {
        let (pool, set) = build(&[logon(0, 10, "0xa"), other(60_000, channel, id)]);
        assert_eq!(lines(&set, &pool), [format!("{A} ids=0xa Security 0s..60s host shutdown ev=0")], "{channel} {id}");
        let s = &set.sessions[0];
        assert_eq!(s.end_text(), format!("ended no later than {} (host shutdown)", at(60_000).to_iso()));
        assert_eq!(s.end_bound.map(|e| e.event_id), Some(id));
        assert_eq!(s.duration_seconds(), Some(60.0));
    }
    check(
        "a logoff between shutdown and boot",
        &[logon(0, 10, "0xa"), other(60_000, LSM, 54), user_logoff(61_000, "0xa"), other(90_000, SECURITY, 4608)],
        &[&format!("{A} ids=0xa Security 0s..61s logoff 4647 ev=0,2")],
    );
    check(
        "the last shutdown event before the boot",
        &[logon(0, 10, "0xa"), other(60_000, LSM, 54), other(61_000, SYSTEM, 1074), other(62_000, SECURITY, 1100), other(100_000, SECURITY, 4608)],
        &[&format!("{A} ids=0xa Security 0s..62s host shutdown ev=0")],
    );
    check("a shutdown before the start", &[other(0, LSM, 54), logon(10_000, 10, "0xa")], &[&format!("{A} ids=0xa Security 10s..? unknown ev=1")]);
    check(
        "an LSM 21 before a boot never pairs with a 23 after it",
        &[lsm(0, 21, "2"), other(50_000, SYSTEM, 6005), lsm(60_000, 23, "2")],
        &[&format!("{A} ids= LSM ?..60s logoff LSM 23 ev=2"), &format!("{A} ids= LSM 0s..50s host shutdown ev=0")],
    );
    check(
        "Security events split at Security's own boot",
        &[logon(0, 10, "0xa"), other(50_000, SYSTEM, 6005), logoff(55_000, "0xa"), other(60_000, SECURITY, 4608)],
        &[&format!("{A} ids=0xa Security 0s..55s logoff 4634 ev=0,2")],
    );
}

#[test]
fn evidence_without_a_start_builds_one_session() {
    check("a 4779", &[disconnect(0, "0xa", "RDP-Tcp#0")], &[&format!("{A} ids=0xa Security ?..? disconnected ev=0")]);
    let (pool, set) = build(&[disconnect(0, "0xa", "RDP-Tcp#0")]);
    assert_eq!(stretches(&set.sessions[0], &pool), ["connected ?..0s RDP-Tcp#0/robertos-mbp/1.2.3.4", "disconnected 0s..? RDP-Tcp#0/robertos-mbp/1.2.3.4"]);
    assert_eq!(set.sessions[0].start_text(), "began before the data");
    check(
        "one logon id, whatever the gap",
        &[disconnect(0, "0xa", "RDP-Tcp#0"), reconnect(500_000, "0xa", "RDP-Tcp#1"), logoff(900_000, "0xa")],
        &[&format!("{A} ids=0xa Security ?..900s logoff 4634 ev=0,1,2")],
    );
    check(
        "no logon id: one user within 120 s",
        &[disconnect(0, "", "RDP-Tcp#0"), reconnect(100_000, "", "RDP-Tcp#1"), disconnect(300_000, "", "RDP-Tcp#1")],
        &[&format!("{A} ids= Security ?..? unknown ev=0,1"), &format!("{A} ids= Security ?..? disconnected ev=2")],
    );
    check("one SessionID within 120 s", &[lsm(0, 24, "2"), lsm(30_000, 25, "2")], &[&format!("{A} ids= LSM ?..? unknown ev=0,1")]);
    check(
        "a 23 closes it",
        &[lsm(0, 24, "2"), lsm(10_000, 23, "2"), lsm(20_000, 25, "2")],
        &[&format!("{A} ids= LSM ?..10s logoff LSM 23 ev=0,1"), &format!("{A} ids= LSM ?..? unknown ev=2")],
    );
    check("a lone 4647 ties to nothing", &[user_logoff(0, "0x1e")], &[]);
    check("a 4647 next to an LSM 23", &[lsm(0, 23, "2"), user_logoff(11, "0x1e3237")], &[&format!("{A} ids=0x1e3237 Security ?..0.011s logoff 4647 ev=0,1")]);
    check("a 4634 tied by a 4779", &[disconnect(0, "0xa", "RDP-Tcp#0"), logoff(10_000, "0xa")], &[&format!("{A} ids=0xa Security ?..10s logoff 4634 ev=0,1")]);
    check("an LSM 21 gives the start", &[lsm(0, 21, "2"), disconnect(10_000, "0xa", "RDP-Tcp#0")], &[&format!("{A} ids=0xa Security 0s..? disconnected ev=0,1")]);
}

#[test]
fn evidence_carries_the_records_own_time_and_origin() {
    let events = [logon(0, 10, "0xa").event_time("2026-03-02 04:00:00").channel(""), logoff(1000, "0xa")];
    let (pool, set) = build(&events);
    let json = SessionsJson::new(&set, &pool, &|file: FileId| format!("file{}.json", file.0));
    let value = serde_json::to_value(&json).unwrap();
    assert_eq!(
        value["sessions"][0]["Evidence"],
        serde_json::json!([
            {"EventID": 4624, "Channel": "Security", "Time": at(0).to_iso(), "EventTime": "2026-03-02 04:00:00", "File": "file0.json", "Line": 1},
            {"EventID": 4634, "Channel": "Security", "Time": at(1000).to_iso(), "EventTime": null, "File": "file0.json", "Line": 2},
        ])
    );
}

#[test]
fn json_has_exactly_the_issues_keys() {
    let events = [
        logon(0, 10, "0xa"),
        lock(5_000, "0xa", "2"),
        disconnect(10_000, "0xa", "RDP-Tcp#0"),
        reconnect(20_000, "0xa", "RDP-Tcp#1"),
        user_logoff(30_000, "0xa"),
        auth(500_000),
    ];
    let (pool, set) = build(&events);
    let value = serde_json::to_value(SessionsJson::new(&set, &pool, &|_| "f".into())).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut keys = v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        keys.sort_unstable();
        keys
    };
    assert_eq!(keys(&value), ["sessions", "unattached"]);
    let s = &value["sessions"][0];
    let mut expected = [
        "Host", "Account", "LogonIds", "Source", "Start", "End", "EndCause", "SourceAddress", "ClientName", "DurationSeconds", "Stretches", "Marks",
        "Evidence",
    ];
    expected.sort_unstable();
    assert_eq!(keys(s), expected);
    let mut stretch = ["State", "From", "To", "SessionName", "ClientName", "ClientAddress", "Reason"];
    stretch.sort_unstable();
    assert_eq!(keys(&s["Stretches"][0]), stretch);
    assert_eq!(keys(&s["Marks"][0]), ["Kind", "LogonId", "Time"]);
    assert_eq!(keys(&value["unattached"][0]), ["Channel", "EventID", "EventTime", "File", "Line", "Time"]);
    assert_eq!(
        (&s["Host"], &s["Account"], &s["LogonIds"], &s["Source"], &s["EndCause"], &s["DurationSeconds"]),
        (&serde_json::json!("WS5"), &serde_json::json!("theshire\\pgustavo"), &serde_json::json!(["0xa"]), &serde_json::json!("Security"), &serde_json::json!("logoff 4647"), &serde_json::json!(30.0))
    );
    assert_eq!((&s["Start"], &s["End"]), (&serde_json::json!(at(0).to_iso()), &serde_json::json!(at(30_000).to_iso())));
    assert_eq!(s["Stretches"][1]["State"], "disconnected");
    assert_eq!(s["Stretches"][1]["Reason"], serde_json::Value::Null);
    assert_eq!(s["Marks"][0], serde_json::json!({"Kind": "lock", "Time": at(5_000).to_iso(), "LogonId": "0xa"}));
    let (pool, set) = build(&[disconnect(0, "0xa", "RDP-Tcp#0")]);
    let open = serde_json::to_value(SessionsJson::new(&set, &pool, &|_| "f".into())).unwrap();
    assert_eq!((&open["sessions"][0]["Start"], &open["sessions"][0]["End"], &open["sessions"][0]["DurationSeconds"]), (&serde_json::Value::Null, &serde_json::Value::Null, &serde_json::Value::Null));
}

#[test]
fn hosts_are_the_hunts_host_keys() {
    check("case", &[logon(0, 10, "0xa").on("ws5"), logoff(1000, "0xa").on("WS5")], &[&format!("{A} ids=0xa Security 0s..1s logoff 4634 ev=0,1")]);
    check(
        "by host, then start",
        &[logon(0, 10, "0xa").on("WS6"), logon(5000, 10, "0xb"), logon(1000, 10, "0xa")],
        &[&format!("{A} ids=0xa Security 1s..? unknown ev=2"), &format!("{A} ids=0xb Security 5s..? unknown ev=1"), "WS6 theshire\\pgustavo ids=0xa Security 0s..? unknown ev=0"],
    );
    let events = [logon(0, 10, "0xa").on("ws5.theshire.local"), logoff(1000, "0xa")];
    let (pool, store) = load(&events);
    let apart = sessions::build(&store, &pool, false);
    assert_eq!(lines(&apart, &pool), ["WS5.THESHIRE.LOCAL theshire\\pgustavo ids=0xa Security 0s..? unknown ev=0"]);
    let joined = sessions::build(&store, &pool, true);
    assert_eq!(lines(&joined, &pool), [format!("{A} ids=0xa Security 0s..1s logoff 4634 ev=0,1")]);
}

#[test]
fn a_hunt_row_finds_its_session() {
    let events = [logon(0, 10, "0xa").linked("0xb"), logon(0, 10, "0xb").linked("0xa"), logon(100_000, 10, "0xc").on("WS6")];
    let (pool, set) = build(&events);
    let index = SessionIndex::new(&set, &pool);
    let origin = |line| huntbench::engine::Origin { file: FileId(0), line };
    assert_eq!([index.of_origin(origin(1)), index.of_origin(origin(2)), index.of_origin(origin(3))], [Some(0), Some(0), Some(1)]);
    assert_eq!(index.of_logon(&pool, "WS5", "0xB", at(0)), Some(0));
    assert_eq!(index.of_logon(&pool, "WS5", "0xc", at(100_000)), None);
    assert_eq!(index.of_logon(&pool, "WS6", "0xc", at(99_999)), None);
    assert_eq!(sessions::session_of_logon(&set, &pool, &sessions::host_key("ws6", false), "0xc", at(100_000)), Some(1));
}
