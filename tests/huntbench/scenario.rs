//! The scenario generator: determinism, the hunt against the answer key for many seeds and every
//! format, near misses kept out, the committed page sample, and `huntbench gen`.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use huntbench::engine::{self, near_misses, HuntParams, HuntResult, MissReason};
use huntbench::ingest::{ReadOptions, Workbench};
use huntbench::scenario::{
    self, AnswerKey, Config, Difficulty, Format, NearMissReason, Scenario, ANSWER_KEY_FILE, SAMPLE_ANSWER_KEY, SAMPLE_FILES,
};

/// Loads the exports of a scenario, checking that every row of every file loads.
fn load_all(files: &[(String, Vec<u8>)], key: &AnswerKey) -> Workbench {
    let mut bench = Workbench::new();
    for (name, bytes) in files.iter().filter(|(n, _)| n != ANSWER_KEY_FILE) {
        bench.load(name, bytes.as_slice(), &ReadOptions::default());
    }
    assert_eq!(bench.files.len(), 2, "{:#?}", bench.files);
    for (report, expected) in bench.files.iter().zip([key.alerts, key.events]) {
        assert!(report.error.is_none() && report.date_order_question.is_none(), "{report:#?}");
        assert_eq!(report.rows_skipped, 0, "{report:#?}");
        assert_eq!((report.rows_read, report.rows_loaded), (expected as u64, expected as u64), "{report:#?}");
        assert_eq!(report.lossy_rows, 0);
    }
    bench
}

fn multiset(rows: impl IntoIterator<Item = [String; 8]>) -> Vec<[String; 8]> {
    let mut rows: Vec<[String; 8]> = rows.into_iter().collect();
    rows.sort();
    rows
}

/// The hunt over the loaded files returns exactly the answer key's rows, and no near miss.
fn check_against_key(bench: &Workbench, key: &AnswerKey, what: &str) -> HuntResult {
    let params = HuntParams::default();
    let result = engine::run(&bench.data, &params);
    let got = multiset(result.rows.iter().map(|r| r.values()));
    let want = multiset(key.expected_rows.iter().map(|r| r.values()));
    assert_eq!(got, want, "{what}: the hunt and the answer key differ");
    assert!(!want.is_empty(), "{what}: every scenario has true positives");

    let upper = |s: &str| s.to_ascii_uppercase();
    let misses = near_misses(&bench.data, &params, &result);
    for nm in &key.near_misses {
        // Each near miss has a host of its own: no row may name it, however it is spelled.
        for host in [upper(&nm.alert_entity), upper(&nm.logon_computer)] {
            assert!(
                !result.rows.iter().any(|r| r.compromised_entity == host),
                "{what}: near miss {} ({:?}) joined: {}",
                nm.id,
                nm.reason,
                nm.summary
            );
        }
        assert!(!result.rows.iter().any(|r| r.interactive_logon_time.to_iso() == nm.logon_time
            && r.account == nm.account.to_ascii_lowercase()
            && r.compromised_entity.starts_with(&upper(&nm.alert_entity))));
        // The engine's near-miss finder, which the timeline shows, gives the same reason.
        let groups: Vec<usize> = result
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.compromised_entity == upper(&nm.alert_entity) && g.time.to_iso() == nm.alert_time)
            .map(|(i, _)| i)
            .collect();
        if nm.reason == NearMissReason::AlertName {
            assert!(groups.is_empty(), "{what}: '{}' formed a group", nm.alert_name);
            continue;
        }
        assert_eq!(groups.len(), 1, "{what}: near miss {}: {}", nm.id, nm.summary);
        let found = misses.iter().find(|m| m.group == groups[0] && m.time.to_iso() == nm.logon_time);
        let reason = &found.unwrap_or_else(|| panic!("{what}: the engine does not see near miss {}", nm.summary)).reason;
        let agrees = match nm.reason {
            NearMissReason::AfterWindow => matches!(reason, MissReason::AfterWindow { .. }),
            NearMissReason::BeforeAlert => matches!(reason, MissReason::BeforeAlert { .. }),
            NearMissReason::LogonType => matches!(reason, MissReason::LogonType { logon_type: Some(3 | 7) }),
            NearMissReason::FailedLogon => matches!(reason, MissReason::EventId { event_id: Some(4625) }),
            NearMissReason::HostSpelling => matches!(reason, MissReason::HostSpelling { .. }),
            NearMissReason::AlertName => unreachable!(),
        };
        assert!(agrees, "{what}: near miss {} is {:?} to the engine: {}", nm.id, reason, nm.summary);
    }
    // The key's summaries agree with its rows.
    assert_eq!(key.stories.iter().map(|s| s.expected_rows).sum::<usize>(), key.expected_rows.len());
    result
}

fn config(seed: u64, alert_format: Format, event_format: Format) -> Config {
    Config {
        seed,
        alerts: 30 + (seed as usize * 7) % 90,
        events: 200 + (seed as usize * 131) % 1500,
        difficulty: Difficulty::ALL[seed as usize % 3],
        alert_format,
        event_format,
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    for format in Format::ALL {
        for difficulty in Difficulty::ALL {
            let c = Config { difficulty, ..config(11, format, format) };
            let a = Scenario::generate(&c).files();
            let b = Scenario::generate(&c).files();
            assert_eq!(a, b, "{format:?} {difficulty:?}");
            let other = Scenario::generate(&Config { seed: 12, ..c.clone() }).files();
            assert_ne!(a[1].1, other[1].1, "another seed, other events");
        }
    }
}

#[test]
fn the_hunt_returns_the_answer_key_for_30_seeds_and_every_format() {
    let mut kinds: HashMap<String, usize> = HashMap::new();
    let mut reasons: HashMap<NearMissReason, usize> = HashMap::new();
    for seed in 0..30u64 {
        for (i, format) in Format::ALL.into_iter().enumerate() {
            // Both tables in one format, then the alerts in one and the events in another.
            let mixed = Format::ALL[(i + 1 + seed as usize) % 4];
            for (alert_format, event_format) in [(format, format), (format, mixed)] {
                let c = config(seed, alert_format, event_format);
                let s = Scenario::generate(&c);
                let files = s.files();
                let key = s.answer_key();
                assert!(key.alerts >= c.alerts && key.events >= c.events);
                let what = format!("seed {seed}, {alert_format:?} alerts, {event_format:?} events, {:?}", c.difficulty);
                let bench = load_all(&files, key);
                check_against_key(&bench, key, &what);
                for story in &key.stories {
                    *kinds.entry(story.kind.clone()).or_default() += 1;
                }
                for nm in &key.near_misses {
                    *reasons.entry(nm.reason).or_default() += 1;
                }
            }
        }
    }
    for kind in ["password-spray", "single-alert", "multi-alert", "repeated-alert", "window-edges", "hidden-key", "cross-product", "term-edge", "same-tick-repeat"] {
        assert!(kinds.get(kind).is_some_and(|&n| n > 0), "no {kind} story in {kinds:?}");
    }
    for reason in NearMissReason::ALL {
        assert!(reasons.get(&reason).is_some_and(|&n| n > 0), "no {reason:?} near miss");
    }
}

#[test]
fn the_answer_key_round_trips_and_the_rows_stream_in_time_order() {
    let s = Scenario::generate(&config(5, Format::ApiJson, Format::ApiJson));
    let key = s.answer_key();
    assert_eq!(&AnswerKey::from_json(&key.to_json()).unwrap(), key);
    let alerts: Vec<_> = s.alerts().collect();
    let events: Vec<_> = s.events().collect();
    assert_eq!((alerts.len(), events.len()), (key.alerts, key.events));
    assert!(alerts.windows(2).all(|w| w[0].time <= w[1].time));
    assert!(events.windows(2).all(|w| w[0].time <= w[1].time));
    // Noise: other event IDs and logon types, and alert names that do not match.
    for id in [4624, 4625, 4634, 4672, 4688] {
        assert!(events.iter().any(|e| e.event_id == id), "no event {id}");
    }
    for t in [2, 3, 5, 7, 10] {
        assert!(events.iter().any(|e| e.logon_type == Some(t)), "no logon type {t}");
    }
    assert!(events.iter().any(|e| e.account.ends_with('$') && e.account_type() == "Machine"));
    let terms = huntbench::engine::text::TermSet::new(&HuntParams::default().alert_names);
    assert!(alerts.iter().filter(|a| !terms.matches(a.name)).count() > alerts.len() / 3);
}

#[test]
fn portal_csv_times_are_whole_milliseconds() {
    let s = Scenario::generate(&config(3, Format::PortalCsv, Format::PortalCsv));
    assert!(s.alerts().all(|a| a.time.0 % 10_000 == 0));
    assert!(s.events().all(|e| e.time.0 % 10_000 == 0));
    let s = Scenario::generate(&config(3, Format::Csv, Format::JsonLines));
    assert!(s.events().any(|e| e.time.0 % 10_000 != 0), "other formats keep ticks");
}

fn sample() -> Scenario {
    Scenario::generate(&scenario::sample_config())
}

#[test]
fn the_committed_sample_is_what_the_generator_writes() {
    let files = sample().files();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/sample");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["SecurityAlert.csv", "SecurityEvent.json", "answer-key.json"]);
    for (name, bytes) in &files {
        let on_disk = std::fs::read(root.join(name)).unwrap();
        assert!(
            &on_disk == bytes,
            "www/sample/{name} differs from the generator's output: regenerate it with the command in README.md"
        );
    }
    assert_eq!(SAMPLE_FILES.len(), 2);
    for ((name, bytes), (gen_name, gen_bytes)) in SAMPLE_FILES.iter().zip(&files) {
        assert_eq!((*name, *bytes), (gen_name.as_str(), gen_bytes.as_slice()));
    }
    assert_eq!(SAMPLE_ANSWER_KEY, files[2].1.as_slice());
    let total: usize = files.iter().take(2).map(|(_, b)| b.len()).sum();
    assert!(total < 150 * 1024, "the sample is {total} bytes");
}

#[test]
fn the_sample_has_its_stories_and_gives_its_answer_key() {
    let key = AnswerKey::from_json(SAMPLE_ANSWER_KEY).unwrap();
    assert!(key.stories.len() >= 3, "{:#?}", key.stories);
    assert!(key.stories.iter().any(|s| s.kind == "multi-alert" && s.alerts.len() == 2));
    let named: Vec<&str> = key.near_misses.iter().filter(|n| n.reason == NearMissReason::AlertName).map(|n| n.alert_name.as_str()).collect();
    assert!(named.contains(&"Atypical travels") && named.contains(&"Unfamiliar sign in properties"), "{named:?}");
    for reason in NearMissReason::ALL {
        assert!(key.near_misses.iter().any(|n| n.reason == reason), "no {reason:?} near miss in the sample");
    }
    assert!(key.near_misses.iter().any(|n| n.reason == NearMissReason::LogonType && matches!(n.logon_type, Some(3 | 7))));
    let planted_alerts: usize = key.stories.iter().map(|s| s.alerts.len()).sum::<usize>() + key.near_misses.len();
    assert!(key.alerts > planted_alerts + 10, "the sample has alert noise");
    assert!((24..=60).contains(&key.alerts) && (200..=500).contains(&key.events));

    let files: Vec<(String, Vec<u8>)> = SAMPLE_FILES.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
    let bench = load_all(&files, &key);
    assert_eq!(bench.files[0].format, "portal CSV");
    assert_eq!(bench.files[1].format, "Log Analytics API JSON");
    check_against_key(&bench, &key, "the page sample");
}

#[test]
fn the_scenario_module_uses_no_io_or_browser_types() {
    const FORBIDDEN: [&str; 10] =
        ["yew", "gloo", "web_sys", "js_sys", "wasm_bindgen", "std::fs", "std::path", "File::open", "std::net", "std::time"];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/scenario");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        count += 1;
        for word in FORBIDDEN {
            assert!(!text.contains(word), "{} mentions {word}", path.display());
        }
    }
    assert!(count >= 5);
}

fn huntbench(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_huntbench")).args(args).output().expect("runs")
}

#[test]
fn gen_writes_three_files_that_hunt_to_the_key() {
    let dir = std::env::temp_dir().join(format!("huntbench-gen-{}", std::process::id()));
    let out_dir = dir.to_string_lossy().into_owned();
    let out = huntbench(&["gen", "--seed", "42", "--alerts", "80", "--events", "3000", "--format", "jsonl", "--difficulty", "hard", "--out", &out_dir]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("3000 SecurityEvent rows"), "{stderr}");
    let key = AnswerKey::from_json(&std::fs::read(dir.join("answer-key.json")).unwrap()).unwrap();
    assert_eq!((key.seed, key.difficulty, key.events), (42, Difficulty::Hard, 3000));
    let expected = Scenario::generate(&Config { difficulty: Difficulty::Hard, ..Config::new(42, 80, 3000, Format::JsonLines) });
    assert_eq!(&key, expected.answer_key(), "the CLI writes what the library generates");

    let alerts = dir.join("SecurityAlert.jsonl").to_string_lossy().into_owned();
    let events = dir.join("SecurityEvent.jsonl").to_string_lossy().into_owned();
    let hunt = huntbench(&["hunt", "--format", "json", &alerts, &events]);
    assert_eq!(hunt.status.code(), Some(0), "{}", String::from_utf8_lossy(&hunt.stderr));
    let rows: Vec<scenario::ExpectedRow> = serde_json::from_slice(&hunt.stdout).unwrap();
    let mut want = key.expected_rows.clone();
    want.sort();
    let mut got = rows;
    got.sort();
    assert_eq!(got, want);

    // A mixed pair of formats, as the page sample uses.
    let out = huntbench(&["gen", "--seed", "1", "--alert-format", "portal-csv", "--event-format", "api-json", "--out", &out_dir]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("SecurityAlert.csv").exists() && dir.join("SecurityEvent.json").exists());
    // No format, an unknown format or no seed: usage errors.
    assert_eq!(huntbench(&["gen", "--seed", "1", "--out", &out_dir]).status.code(), Some(2));
    assert_eq!(huntbench(&["gen", "--seed", "1", "--format", "xml", "--out", &out_dir]).status.code(), Some(2));
    assert_eq!(huntbench(&["gen", "--format", "csv", "--out", &out_dir]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sample_names_are_the_sample_files_names() {
    let names: Vec<&str> = huntbench::scenario::SAMPLE_FILES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, huntbench::scenario::SAMPLE_NAMES);
}
