//! The scenario generator's RDP session stories (`Options::sessions`) against the session
//! builder: every generated scenario gives exactly the sessions of its answer key, both from
//! its rows handed straight to the builder (`session_events`: the key against the builder
//! alone) and from its exports through the readers (every format, SecurityEvent and
//! WindowsEvent). The exercises' session questions take the answers the sessions give.

use serde_json::Value;

use huntbench::engine::sessions::{self, SessionEvent, SessionEvents, SessionsJson};
use huntbench::engine::{FileId, Origin, StringPool};
use huntbench::exercise::Exercise;
use huntbench::scenario::{AnswerKey, Compression, Config, Difficulty, EventChannel, Format, Options, Scenario, WindowsEvents};

use crate::scenario::{check_against_key, load_all};

fn options() -> Options {
    Options { sessions: true, ..Options::default() }
}

fn config(seed: u64, format: Format) -> Config {
    Config {
        seed,
        alerts: 30 + (seed as usize * 7) % 90,
        events: 200 + (seed as usize * 131) % 1500,
        difficulty: Difficulty::ALL[seed as usize % 3],
        alert_format: format,
        event_format: format,
    }
}

/// The scenario's logon-side rows as a reader of the Security channel hands them over.
fn session_events(s: &Scenario) -> (StringPool, SessionEvents) {
    let mut pool = StringPool::default();
    let mut events = SessionEvents::default();
    for (line, e) in s.events().enumerate() {
        let logon_id = e.session.logon_id_text();
        let (target, station) = if matches!(e.event_id, 4778 | 4779) { ("", logon_id.as_str()) } else { (logon_id.as_str(), "") };
        let linked = e.session.linked_text();
        let session_id = e.session.session_id.map(|id| id.to_string()).unwrap_or_default();
        // LSM and RCM events carry their user in Account and their address in IpAddress.
        let service = e.session.channel != EventChannel::Security;
        let (user, address) = if service { (e.account, e.ip) } else { ("", "") };
        events.push(
            &mut pool,
            &SessionEvent {
                host: e.computer,
                time: e.time,
                channel: e.session.channel.name(),
                user,
                address,
                activity_id: e.session.activity_id,
                reason: e.session.reason,
                event_id: Some(e.event_id),
                logon_type: e.logon_type,
                target_logon_id: target,
                target_linked_logon_id: &linked,
                logon_id: station,
                account: if service { "" } else { e.account },
                ip_address: if service { "" } else { e.ip },
                session_name: e.session.session_name,
                client_name: e.session.client_name,
                client_address: e.session.client_address,
                workstation_name: e.workstation,
                elevated_token: e.session.elevated_text(),
                session_id: &session_id,
                origin: Origin { file: FileId(0), line: line as u64 + 1 },
                ..SessionEvent::default()
            },
        );
    }
    (pool, events)
}

/// Sessions as JSON values, evidence reduced to what the key holds, sorted.
fn comparable(mut sessions: Vec<Value>) -> Vec<Value> {
    for s in &mut sessions {
        let s = s.as_object_mut().unwrap();
        s.remove("Story");
        for e in s["Evidence"].as_array_mut().unwrap() {
            let e = e.as_object_mut().unwrap();
            e.retain(|k, _| matches!(k.as_str(), "EventID" | "Channel" | "Time"));
        }
    }
    let order = |v: &Value| (v["Host"].to_string(), v["Start"].to_string(), v["LogonIds"].to_string(), v["Evidence"][0]["Time"].to_string());
    sessions.sort_by_key(order);
    sessions
}

/// The builder's sessions of the events, as JSON values.
pub(crate) fn built(pool: &StringPool, events: &SessionEvents) -> Value {
    let set = sessions::build(events, pool, false);
    serde_json::to_value(SessionsJson::new(&set, pool, &|_| "file".into())).unwrap()
}

/// The builder's sessions and the key's are the same, session for session.
pub(crate) fn check_sessions(built: &Value, s: &Scenario, what: &str) {
    let key = s.answer_key().sessions.as_ref().unwrap_or_else(|| panic!("{what}: no sessions in the key"));
    assert_eq!(built["unattached"].as_array().unwrap().len(), key.unattached, "{what}: unattached");
    let got = comparable(built["sessions"].as_array().unwrap().clone());
    let want = comparable(key.sessions.iter().map(|k| serde_json::to_value(k).unwrap()).collect());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "{what}: first differing session");
    }
    assert_eq!(got.len(), want.len(), "{what}: number of sessions");
}

#[test]
fn the_key_holds_the_sessions_the_builder_makes() {
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for seed in 0..24u64 {
        let format = Format::ALL[seed as usize % 8];
        // WindowsEvent exports carry the LSM and RCM events of the stories whose hosts go there.
        let windows_events = WindowsEvents::ALL[seed as usize % 3];
        let s = Scenario::generate_with(&config(seed, format), &Options { windows_events, ..options() });
        let (pool, events) = session_events(&s);
        let what = format!("seed {seed}, {format:?}, {windows_events:?}, {:?}", s.config().difficulty);
        check_sessions(&built(&pool, &events), &s, &what);
        for story in &s.answer_key().sessions.as_ref().unwrap().stories {
            *kinds.entry(story.kind.clone()).or_default() += 1;
        }
    }
    let names: Vec<&str> = kinds.keys().map(String::as_str).collect();
    assert_eq!(names, ["before-data", "disconnect-reconnect", "full-session", "lateral-chain", "linked-admin", "no-end", "reboot-reuse"]);
}

#[test]
fn the_key_says_what_each_story_planted() {
    let s = Scenario::generate_with(&config(7, Format::Csv), &options());
    let key = s.answer_key().sessions.clone().unwrap();
    let of = |kind: &str| {
        let story = key.stories.iter().find(|st| st.kind == kind).unwrap();
        key.sessions.iter().filter(|x| x.story == Some(story.id)).collect::<Vec<_>>()
    };
    let causes = |kind: &str| of(kind).iter().map(|x| x.end_cause.as_str()).collect::<Vec<_>>();
    assert!(matches!(causes("full-session")[..], ["logoff 4634" | "logoff 4647"]));
    assert_eq!(causes("reboot-reuse"), ["host shutdown", "logoff 4634"]);
    assert_eq!(causes("no-end"), ["unknown"]);
    assert_eq!(causes("before-data"), ["logoff 4647"]);
    assert_eq!(of("before-data")[0].start, None);
    assert_eq!(causes("lateral-chain").len(), 3);
    assert!(causes("lateral-chain").contains(&"disconnected"));
    let reused = of("reboot-reuse");
    assert_eq!(reused[0].logon_ids, reused[1].logon_ids, "the same logon id after the boot");
    assert_eq!(of("linked-admin")[0].logon_ids.len(), 2);
    let dr = &of("disconnect-reconnect")[0];
    assert_eq!(dr.stretches.iter().map(|st| st.state.as_str()).collect::<Vec<_>>(), ["connected", "disconnected", "connected"]);
    assert_eq!(dr.marks.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(), ["lock", "unlock", "reconnect"]);
    // No session story host has an alert: the hunt's rows are the key's (checked in scenario.rs).
    let alerted: Vec<String> = s.alerts().map(|a| a.entity.to_ascii_uppercase()).collect();
    for story in &key.stories {
        for host in &story.hosts {
            assert!(!alerted.contains(&host.to_ascii_uppercase()), "{host} has an alert");
        }
    }
    // The other RDP logons are sessions too: the true positives' (one ended by its logoff), and
    // the noise's.
    assert!(key.sessions.iter().any(|x| x.story.is_some_and(|id| s.answer_key().stories.iter().any(|st| st.id == id)) && x.end.is_some()));
    assert!(key.sessions.iter().any(|x| x.story.is_none()));
}

#[test]
fn sessions_add_rows_and_columns_and_leave_the_rest_alone() {
    for format in Format::ALL {
        let c = config(3, format);
        let plain = Scenario::generate(&c);
        let with = Scenario::generate_with(&c, &options());
        assert_eq!(with.files(), Scenario::generate_with(&c, &options()).files(), "{format:?}: the same bytes again");
        let rows = |s: &Scenario| s.events().map(|e| (e.time, e.event_id, e.computer.to_string())).collect::<Vec<_>>();
        let (a, b) = (rows(&plain), rows(&with));
        let hosts = &with.answer_key().sessions.as_ref().unwrap().stories.iter().flat_map(|s| s.hosts.clone()).collect::<Vec<_>>();
        let without_stories: Vec<_> = b.into_iter().filter(|r| !hosts.contains(&r.2)).collect();
        assert_eq!(a, without_stories, "{format:?}: the same rows beside the session stories'");
        let (kp, kw) = (plain.answer_key(), with.answer_key());
        assert_eq!((&kp.expected_rows, &kp.stories, &kp.near_misses), (&kw.expected_rows, &kw.stories, &kw.near_misses));
        let events = with.files().into_iter().find(|(n, _)| n.starts_with("SecurityEvent")).unwrap().1;
        let text = String::from_utf8(events).unwrap();
        for column in ["TargetLogonId", "TargetLinkedLogonId", "ElevatedToken", "LogonID", "SessionName", "ClientName", "ClientAddress"] {
            assert!(text.contains(column), "{format:?}: no {column}");
        }
        assert!(!String::from_utf8(plain.files()[1].1.clone()).unwrap().contains("TargetLogonId"));
        let first_id = &with.answer_key().sessions.as_ref().unwrap().stories[0].logon_ids[0];
        assert!(first_id.starts_with("0x") && text.contains(first_id.as_str()), "{format:?}: {first_id}");
    }
}

#[test]
fn windows_events_carry_the_session_fields() {
    let c = config(5, Format::JsonLines);
    let s = Scenario::generate_with(&c, &Options { windows_events: WindowsEvents::All, ..options() });
    let files = s.files();
    let text = String::from_utf8(files.iter().find(|(n, _)| n.starts_with("WindowsEvent")).unwrap().1.clone()).unwrap();
    for field in ["\"TargetLogonId\":\"0x", "\"TargetLinkedLogonId\":\"0x0\"", "\"ElevatedToken\":\"%%184", "\"LogonID\":\"0x", "\"SessionName\":\"RDP-Tcp#", "\"SessionId\":\""] {
        assert!(text.contains(field), "no {field}");
    }
    for field in ["\"Channel\":\"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational\"", "\"Param3\":\"", "\"Reason\":\"11\"", "\"Correlation\":\"{"] {
        assert!(text.contains(field), "no {field}");
    }
    // The same stories and sessions as in SecurityEvent; WindowsEvent adds the LSM and RCM
    // events to the evidence, and the 40's reason to the stretch it labels.
    let plain = Scenario::generate_with(&c, &options());
    let (with, without) = (s.answer_key().sessions.clone().unwrap(), plain.answer_key().sessions.clone().unwrap());
    assert_eq!(with.stories, without.stories);
    let security_only = |key: &huntbench::scenario::SessionsKey| {
        let mut sessions = key.sessions.clone();
        for x in &mut sessions {
            x.evidence.retain(|e| e.channel == "Security");
            x.stretches.iter_mut().for_each(|st| st.reason = None);
        }
        sessions
    };
    assert_eq!(security_only(&with), security_only(&without));
    let lsm = |key: &huntbench::scenario::SessionsKey| key.sessions.iter().flat_map(|x| &x.evidence).filter(|e| e.channel != "Security").count();
    assert_eq!((lsm(&with) > 0, lsm(&without)), (true, 0));
}

#[test]
fn session_questions_take_the_sessions_answers() {
    for seed in [21, 22, 23] {
        let c = Config { seed, alerts: 40, events: 400, difficulty: Difficulty::ALL[seed as usize % 3], alert_format: Format::PortalCsv, event_format: Format::ApiJson };
        let e = Exercise::new_with("t", &c, &options());
        let s = Scenario::generate_with(&c, &options());
        let (pool, events) = session_events(&s);
        let built = built(&pool, &events);
        let key = s.answer_key().sessions.clone().unwrap();
        let story = |kind: &str| key.stories.iter().find(|st| st.kind == kind).unwrap();
        // Answers found from the builder's sessions, the way an analyst reads them.
        let on_host = |host: &str| -> Vec<&Value> {
            built["sessions"].as_array().unwrap().iter().filter(|x| x["Host"] == host.to_ascii_uppercase()).collect()
        };
        let minutes = |from: &Value, to: &Value| {
            let t = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
            ((t(to) - t(from)).num_milliseconds() / 60_000).to_string()
        };
        let full = on_host(&story("full-session").hosts[0])[0];
        let dr = on_host(&story("disconnect-reconnect").hosts[0])[0];
        let gap = dr["Stretches"].as_array().unwrap().iter().find(|st| st["State"] == "disconnected").unwrap();
        let before = on_host(&story("before-data").hosts[0])[0];
        let chain = story("lateral-chain");
        let entry = on_host(&chain.hosts[0])[0];
        let reached: Vec<String> = chain.hosts[1..]
            .iter()
            .filter(|h| on_host(h).iter().any(|x| x["Account"] == chain.account.to_ascii_lowercase()))
            .cloned()
            .collect();
        let answers = [
            ("session-minutes", minutes(&full["Start"], &full["End"])),
            ("session-disconnected", minutes(&gap["From"], &gap["To"])),
            ("session-shutdown", "1100".to_string()),
            ("session-logon-id", before["LogonIds"][0].as_str().unwrap().to_string()),
            ("session-attacker-minutes", minutes(&entry["Start"], &entry["End"])),
            ("session-chain", reached.join(", ")),
        ];
        for (id, answer) in answers {
            let q = e.questions.iter().find(|q| q.id == id).unwrap_or_else(|| panic!("no question {id}"));
            assert!(q.check(&answer), "seed {seed}: {id} = {answer:?}: {}", q.prompt);
            assert!(!q.check(&format!("{answer}1")), "seed {seed}: {id}");
        }
        // Without sessions, the exercise has none of these questions.
        let plain = Exercise::new("t", &c);
        assert!(plain.questions.iter().all(|q| !q.id.starts_with("session-")));
        assert_eq!(plain.questions[..], e.questions[..plain.questions.len()], "the other questions stay as they were");
    }
}

/// Through the readers: every format, SecurityEvent and WindowsEvent, plain and gzip; the
/// hunt's rows are still the key's, and the sessions built from what the readers kept are the
/// key's sessions.
#[test]
fn through_the_readers_every_scenario_gives_the_sessions_of_its_key() {
    let mut seen = std::collections::HashSet::new();
    let (mut services, mut reasons) = (0, 0);
    for seed in 0..24u64 {
        let (alert_format, event_format) = (Format::ALL[seed as usize % 8], Format::ALL[(seed as usize * 3 + 1) % 8]);
        let windows_events = WindowsEvents::ALL[seed as usize % 3];
        let compression = if seed % 4 == 3 { Compression::Gzip } else { Compression::None };
        let c = Config { alert_format, ..config(seed, event_format) };
        let s = Scenario::generate_with(&c, &Options { windows_events, compression, ..options() });
        let key = s.answer_key();
        assert_eq!(&AnswerKey::from_json(&key.to_json()).unwrap(), key, "the key round-trips");
        let what = format!(
            "seed {seed}, {alert_format:?} alerts, {event_format:?} events, {windows_events:?}, {compression:?}, {:?}, sessions",
            c.difficulty
        );
        let bench = load_all(&s, &s.files());
        check_against_key(&bench, key, &what);
        check_sessions(&built(&bench.data.strings, &bench.data.sessions), &s, &what);
        seen.insert((event_format, windows_events, c.difficulty));
        let sessions = &key.sessions.as_ref().unwrap().sessions;
        services += sessions.iter().flat_map(|x| &x.evidence).filter(|e| e.channel != "Security").count();
        reasons += sessions.iter().flat_map(|x| &x.stretches).filter(|st| st.reason.is_some()).count();
    }
    assert!(services > 0 && reasons > 0, "LSM and RCM events went through the readers ({services}, {reasons} reasons)");
    for format in Format::ALL {
        assert!(seen.iter().any(|&(f, w, _)| f == format && w != WindowsEvents::All), "{format:?} SecurityEvent");
        assert!(seen.iter().any(|&(f, w, _)| f == format && w != WindowsEvents::Off), "{format:?} WindowsEvent");
    }
}

fn huntbench(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_huntbench")).args(args).output().expect("runs")
}

#[test]
fn the_cli_generates_sessions_on_request() {
    let dir = std::env::temp_dir().join(format!("huntbench-sessions-{}", std::process::id()));
    let out_dir = dir.to_string_lossy().into_owned();
    let out = huntbench(&["gen", "--seed", "9", "--alerts", "40", "--events", "500", "--format", "csv", "--sessions", "--out", &out_dir]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("7 session stories"), "{stderr}");
    let key = AnswerKey::from_json(&std::fs::read(dir.join("answer-key.json")).unwrap()).unwrap();
    let expected = Scenario::generate_with(&Config::new(9, 40, 500, Format::Csv), &options());
    assert_eq!(&key, expected.answer_key(), "the CLI writes what the library generates");
    assert!(key.sessions.is_some());
    // `huntbench sessions` over the files prints the key's sessions.
    let files: Vec<String> = ["SecurityAlert.csv", "SecurityEvent.csv"].iter().map(|f| dir.join(f).to_string_lossy().into_owned()).collect();
    let printed = huntbench(&["sessions", "--format", "json", &files[0], &files[1]]);
    assert_eq!(printed.status.code(), Some(0), "{}", String::from_utf8_lossy(&printed.stderr));
    check_sessions(&serde_json::from_slice(&printed.stdout).unwrap(), &expected, "huntbench sessions");
    // Sessions and hostile values do not go together.
    let both = huntbench(&["gen", "--seed", "9", "--format", "csv", "--sessions", "--hostile", "--out", &out_dir]);
    assert_eq!(both.status.code(), Some(2), "{}", String::from_utf8_lossy(&both.stderr));
    // An exercise with questions on the sessions.
    let file = dir.join("x.json");
    let made_file = huntbench(&["exercise", "new", "--seed", "31", "--sessions", "--out", &file.to_string_lossy()]);
    assert_eq!(made_file.status.code(), Some(0), "{}", String::from_utf8_lossy(&made_file.stderr));
    let c = Config { seed: 31, alerts: 40, events: 400, difficulty: Difficulty::Normal, alert_format: Format::PortalCsv, event_format: Format::ApiJson };
    let made = Exercise::new_with("Recon, then RDP", &c, &options());
    assert_eq!(std::fs::read(&file).unwrap(), made.to_json());
    assert_eq!(made.questions.iter().filter(|q| q.id.starts_with("session-")).count(), 6);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn session_questions_do_not_give_their_answers_away() {
    let c = Config { seed: 32, alerts: 40, events: 400, difficulty: Difficulty::Hard, alert_format: Format::PortalCsv, event_format: Format::ApiJson };
    let key = Scenario::generate_with(&c, &options()).answer_key().sessions.clone().unwrap();
    let mut e = Exercise::new_with("t", &c, &options());
    e.files.clear();
    let text = String::from_utf8(e.to_json()).unwrap().to_lowercase();
    let chain = key.stories.iter().find(|s| s.kind == "lateral-chain").unwrap();
    let before = key.stories.iter().find(|s| s.kind == "before-data").unwrap();
    for secret in chain.hosts[1..].iter().chain(&before.logon_ids) {
        assert!(!text.contains(&secret.to_lowercase()), "the questions give away {secret}");
    }
}

