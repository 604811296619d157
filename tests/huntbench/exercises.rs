//! Exercise files: they round-trip, the hunt solves them, wrong answers fail, and the file does
//! not give the answers away.

use std::collections::BTreeSet;

use huntbench::engine::{self, HuntParams};
use huntbench::exercise::{Exercise, Question};
use huntbench::ingest::{ReadOptions, LoadedFiles};
use huntbench::scenario::{Config, Difficulty, Format, Scenario};

/// The shipped exercises and the options that made them (see README, "Exercises").
const SHIPPED: [(&str, u64, &str, Difficulty, usize, usize); 3] = [
    ("www/exercises/first-light.json", 1001, "First light", Difficulty::Easy, 24, 200),
    ("www/exercises/night-shift.json", 2002, "Night shift", Difficulty::Normal, 40, 400),
    ("www/exercises/edge-cases.json", 3003, "Edge cases", Difficulty::Hard, 40, 600),
];

fn config(seed: u64, difficulty: Difficulty, alerts: usize, events: usize) -> Config {
    Config { seed, alerts, events, difficulty, alert_format: Format::PortalCsv, event_format: Format::ApiJson }
}

fn question<'a>(e: &'a Exercise, id: &str) -> &'a Question {
    e.questions.iter().find(|q| q.id == id).unwrap_or_else(|| panic!("no question {id}"))
}

/// Answers found the way an analyst would: by running the hunt over the exercise's files.
fn solve(e: &Exercise) -> Vec<(String, String)> {
    let mut bench = LoadedFiles::new();
    for f in &e.files {
        bench.load(&f.name, f.text.as_bytes(), &ReadOptions::default());
    }
    assert!(bench.files.iter().all(|r| r.error.is_none() && r.rows_skipped == 0), "{:#?}", bench.files);
    let result = engine::run(&bench.data, &HuntParams::default());
    let hosts: BTreeSet<&str> = result.rows.iter().map(|r| r.compromised_entity.as_str()).collect();
    let mut answers = vec![
        ("hosts".to_string(), hosts.into_iter().collect::<Vec<_>>().join(", ")),
        ("rows".to_string(), result.rows.len().to_string()),
    ];
    let account_q = question(e, "account");
    let host = account_q.prompt.split(" to ").nth(1).and_then(|s| s.split(' ').next()).unwrap();
    let row = result.rows.iter().find(|r| r.compromised_entity == host).unwrap();
    answers.push(("account".into(), row.account.clone()));
    answers.push(("ip".into(), row.ip_address.clone()));
    answers
}

#[test]
fn shipped_exercises_are_what_the_cli_makes() {
    for (path, seed, title, difficulty, alerts, events) in SHIPPED {
        let made = Exercise::new(title, &config(seed, difficulty, alerts, events)).to_json();
        let shipped = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
        assert!(made == shipped, "{path} differs from what `huntbench exercise new --seed {seed}` writes");
    }
}

#[test]
fn the_hunt_solves_every_exercise_and_wrong_answers_fail() {
    for (_, seed, title, difficulty, alerts, events) in SHIPPED {
        let e = Exercise::from_json(&Exercise::new(title, &config(seed, difficulty, alerts, events)).to_json()).unwrap();
        for (id, answer) in solve(&e) {
            let q = question(&e, &id);
            assert!(q.check(&answer), "{title}: {id} = {answer:?}");
            assert!(q.check(&format!("  {}  ", answer.to_uppercase())), "{title}: case and space do not matter");
            assert!(!q.check(&format!("{answer}x")), "{title}: {id}");
            assert!(!q.check(""), "{title}: {id}");
        }
    }
}

#[test]
fn full_marks_for_the_key_none_for_wrong_answers() {
    for seed in [11, 12, 13] {
        let c = config(seed, Difficulty::Normal, 40, 400);
        let key = Scenario::generate(&c).answer_key().clone();
        let e = Exercise::new("t", &c);
        let story = &key.stories[0];
        let late = key.near_misses.iter().find(|m| m.reason == huntbench::scenario::NearMissReason::AfterWindow).unwrap();
        let spelled = key.near_misses.iter().find(|m| m.reason == huntbench::scenario::NearMissReason::HostSpelling).unwrap();
        let minutes = {
            let t = |s: &str| match huntbench::ingest::datetime::parse(s).unwrap() {
                huntbench::ingest::datetime::Parsed::Exact { ticks, .. } => ticks.0,
                _ => unreachable!(),
            };
            (t(&late.logon_time) - t(&late.alert_time)) / huntbench::engine::time::TICKS_PER_MINUTE
        };
        let right = [
            ("hosts", key.compromised_hosts.join(";")),
            ("rows", key.expected_rows.len().to_string()),
            ("account", story.account.clone()),
            ("ip", story.ip_address.clone()),
            ("late", minutes.to_string()),
            ("spelling", spelled.logon_computer.clone()),
        ];
        let score: u32 = right.iter().filter(|(id, a)| question(&e, id).check(a)).map(|(id, _)| question(&e, id).points).sum();
        assert_eq!(score, e.total_points(), "seed {seed}");
        let wrong: u32 = right.iter().filter(|(id, a)| question(&e, id).check(&format!("not {a}"))).count() as u32;
        assert_eq!(wrong, 0);
        // A set needs every host, not some.
        if key.compromised_hosts.len() > 1 {
            assert!(!question(&e, "hosts").check(&key.compromised_hosts[0]));
        }
    }
}

#[test]
fn the_file_does_not_give_the_answers_away() {
    let c = config(2002, Difficulty::Normal, 40, 400);
    let key = Scenario::generate(&c).answer_key().clone();
    let e = Exercise::new("Night shift", &c);
    // Everything but the data itself: title, story, prompts, hints, salts and hashes.
    let mut without_data = e.clone();
    without_data.files.clear();
    let text = String::from_utf8(without_data.to_json()).unwrap().to_lowercase();
    let story = &key.stories[0];
    for secret in [key.compromised_hosts.join(","), story.account.to_lowercase(), story.ip_address.clone()] {
        assert!(!text.contains(&secret.to_lowercase()), "the questions give away {secret}");
    }
    assert!(!text.contains("\"answer\""), "no plain answer field");
}

#[test]
fn the_cli_writes_an_exercise() {
    let dir = std::env::temp_dir().join(format!("huntbench-exercise-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("x.json");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_huntbench"))
        .args(["exercise", "new", "--seed", "2002", "--title", "Night shift", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read(&out).unwrap();
    assert_eq!(written, Exercise::new("Night shift", &config(2002, Difficulty::Normal, 40, 400)).to_json());
    assert!(huntbench::exercise::looks_like_exercise(&written));
}

#[test]
fn every_built_in_sample_loads_cleanly_and_exercises_match_the_shipped_files() {
    for sample in huntbench::samples::SAMPLES {
        if let Some(files) = huntbench::samples::files(sample.id) {
            let mut bench = LoadedFiles::new();
            for (name, bytes) in &files {
                bench.load(name, bytes.as_slice(), &ReadOptions::default());
            }
            assert!(bench.files.iter().all(|r| r.error.is_none() && r.rows_skipped == 0), "{}: {:#?}", sample.id, bench.files);
            assert!(!engine::run(&bench.data, &HuntParams::default()).rows.is_empty(), "{}", sample.id);
        } else {
            let e = huntbench::samples::exercise(sample.id).unwrap_or_else(|| panic!("{} makes nothing", sample.id));
            let (path, ..) = SHIPPED.iter().find(|s| s.2 == e.title).unwrap();
            let shipped = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
            assert!(e.to_json() == shipped, "{}", sample.id);
        }
    }
}
