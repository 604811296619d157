//! The scenario generator: determinism, the hunt against the answer key for many seeds, every
//! format, WindowsEvent exports and gzip/zip wrapping, near misses kept out, the committed page
//! sample, and `huntbench gen`. Hostile scenarios are in `hostile.rs`.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use huntbench::engine::{self, near_misses, HuntParams, HuntResult, MissReason};
use huntbench::ingest::{ReadOptions, LoadedFiles};
use huntbench::scenario::{
    self, AnswerKey, Compression, Config, Difficulty, Format, NearMissReason, Options, Scenario, Table, WindowsEvents,
    ANSWER_KEY_FILE, SAMPLE_ANSWER_KEY, SAMPLE_FILES,
};

/// How the readers name each format in a file's report.
pub(crate) fn reader_label(format: Format) -> &'static str {
    match format {
        Format::PortalCsv => "portal CSV",
        Format::Csv => "CSV",
        Format::ApiJson => "Log Analytics API JSON",
        Format::JsonLines => "JSON Lines",
        Format::JsonArray => "JSON array",
        Format::AdxV1 => "ADX REST v1 JSON",
        Format::AdxV2 => "ADX REST v2 JSON",
        Format::Graph => "Graph hunting JSON",
    }
}

/// Loads the exports of a scenario (`files`, as `Scenario::files` gives them), checking that
/// each file is read as the format and table it was written as, and that every row loads.
pub(crate) fn load_all(s: &Scenario, files: &[(String, Vec<u8>)]) -> LoadedFiles {
    let mut bench = LoadedFiles::new();
    for (name, bytes) in files.iter().filter(|(n, _)| n != ANSWER_KEY_FILE) {
        bench.load(name, bytes.as_slice(), &ReadOptions::default());
    }
    let tables = s.tables();
    assert_eq!(bench.files.len(), tables.len(), "{:#?}", bench.files);
    let container = match s.options().compression {
        Compression::None => "",
        Compression::Gzip => "gzip › ",
        Compression::Zip => "zip › ",
    };
    let mut total_events = 0;
    for (report, table) in bench.files.iter().zip(&tables) {
        let expected = s.row_count(*table) as u64;
        let format = if *table == Table::SecurityAlert { s.config().alert_format } else { s.config().event_format };
        assert!(report.error.is_none() && report.date_order_question.is_none(), "{report:#?}");
        assert_eq!(report.rows_skipped, 0, "{report:#?}");
        assert_eq!((report.rows_read, report.rows_loaded), (expected, expected), "{report:#?}");
        assert_eq!(report.lossy_rows, 0);
        assert_eq!(report.table.as_deref(), Some(table.name()), "{report:#?}");
        assert_eq!(report.format, format!("{container}{}", reader_label(format)), "{report:#?}");
        if *table != Table::SecurityAlert {
            total_events += expected;
        }
    }
    assert_eq!(total_events, s.answer_key().events as u64);
    bench
}

fn multiset(rows: impl IntoIterator<Item = [String; 8]>) -> Vec<[String; 8]> {
    let mut rows: Vec<[String; 8]> = rows.into_iter().collect();
    rows.sort();
    rows
}

/// The hunt over the loaded files returns exactly the answer key's rows, and no near miss.
pub(crate) fn check_against_key(bench: &LoadedFiles, key: &AnswerKey, what: &str) -> HuntResult {
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
    for (i, format) in Format::ALL.into_iter().enumerate() {
        for difficulty in Difficulty::ALL {
            let c = Config { difficulty, ..config(11, format, format) };
            let a = Scenario::generate(&c).files();
            let b = Scenario::generate(&c).files();
            assert_eq!(a, b, "{format:?} {difficulty:?}");
            let other = Scenario::generate(&Config { seed: 12, ..c.clone() }).files();
            assert_ne!(a[1].1, other[1].1, "another seed, other events");
        }
        // With every option: the same bytes again, and the options change how rows are written,
        // not which stories there are.
        let c = config(11, format, format);
        let options = Options {
            windows_events: WindowsEvents::ALL[1 + i % 2],
            hostile: i % 2 == 0,
            compression: Compression::ALL[1 + i % 2],
            ..Options::default()
        };
        let a = Scenario::generate_with(&c, &options);
        assert_eq!(a.files(), Scenario::generate_with(&c, &options).files(), "{format:?} {options:?}");
        let plain = Scenario::generate(&c);
        let times = |s: &Scenario| s.events().map(|e| (e.time, e.event_id)).collect::<Vec<_>>();
        assert_eq!(times(&a), times(&plain));
        assert_eq!(a.answer_key().stories.len(), plain.answer_key().stories.len());
        assert_eq!(a.answer_key().expected_rows.len(), plain.answer_key().expected_rows.len());
    }
}

#[test]
fn default_options_change_nothing() {
    for format in Format::ALL {
        let c = config(4, format, Format::ALL[(format as usize + 3) % 8]);
        let plain = Scenario::generate(&c);
        let with = Scenario::generate_with(&c, &Options::default());
        assert_eq!(plain.files(), with.files());
        assert_eq!(plain.tables(), [Table::SecurityAlert, Table::SecurityEvent]);
        let key = String::from_utf8(plain.answer_key().to_json()).unwrap();
        for field in ["windows_events", "windows_event_rows", "compression", "hostile", "sessions"] {
            assert!(!key.contains(field), "the key of a plain scenario has no {field}");
        }
    }
}

#[test]
fn the_hunt_returns_the_answer_key_for_30_seeds_and_every_format() {
    let mut kinds: HashMap<String, usize> = HashMap::new();
    let mut reasons: HashMap<NearMissReason, usize> = HashMap::new();
    let mut pairs: HashMap<(Format, Format), usize> = HashMap::new();
    for seed in 0..30u64 {
        for (i, alert_format) in Format::ALL.into_iter().enumerate() {
            // The alerts in each format, the events in another (in the same one every 8th seed),
            // their logons as SecurityEvent, part WindowsEvent, or all WindowsEvent.
            let event_format = Format::ALL[(i + 1 + seed as usize) % 8];
            let windows_events = WindowsEvents::ALL[(i + seed as usize) % 3];
            {
                let c = config(seed, alert_format, event_format);
                let s = Scenario::generate_with(&c, &Options { windows_events, ..Options::default() });
                let files = s.files();
                let key = s.answer_key();
                assert!(key.alerts >= c.alerts && key.events >= c.events);
                *pairs.entry((alert_format, event_format)).or_default() += 1;
                let what = format!(
                    "seed {seed}, {alert_format:?} alerts, {event_format:?} events, {windows_events:?} WindowsEvent, {:?}",
                    c.difficulty
                );
                let bench = load_all(&s, &files);
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
    for format in Format::ALL {
        assert!(pairs.contains_key(&(format, format)), "{format:?} on both sides");
    }
}

#[test]
fn every_format_reads_back_gzip_and_zip_wrapped() {
    for (i, format) in Format::ALL.into_iter().enumerate() {
        for compression in [Compression::Gzip, Compression::Zip] {
            let seed = 100 + i as u64 + 8 * compression as u64;
            let windows_events = WindowsEvents::ALL[(i + compression as usize) % 3];
            let c = config(seed, Format::ALL[(i + 5) % 8], format);
            let s = Scenario::generate_with(&c, &Options { windows_events, compression, ..Options::default() });
            let files = s.files();
            let suffix = compression.suffix();
            assert!(files[..files.len() - 1].iter().all(|(name, _)| name.ends_with(suffix)), "{files:?}");
            // The uncompressed export is the same bytes as without compression.
            let plain = Scenario::generate_with(&c, &Options { windows_events, ..Options::default() }).files();
            let inner = unwrap_file(&files[1].1, compression);
            assert_eq!(inner, plain[1].1, "{format:?} {compression:?}");
            let bench = load_all(&s, &files);
            check_against_key(&bench, s.answer_key(), &format!("{format:?} events, {compression:?}, seed {seed}"));
        }
    }
}

/// The export inside a gzip or zip file.
pub(crate) fn unwrap_file(bytes: &[u8], compression: Compression) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    match compression {
        Compression::None => out.extend_from_slice(bytes),
        Compression::Gzip => {
            flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
        }
        Compression::Zip => {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            assert_eq!(archive.len(), 1);
            archive.by_index(0).unwrap().read_to_end(&mut out).unwrap();
        }
    }
    out
}

#[test]
fn windows_events_hold_the_logons_the_answer_key_expects() {
    for (i, format) in Format::ALL.into_iter().enumerate() {
        let c = Config { difficulty: Difficulty::Hard, ..config(40 + i as u64, format, format) };
        let plain = Scenario::generate(&c);
        for windows_events in [WindowsEvents::Part, WindowsEvents::All] {
            let s = Scenario::generate_with(&c, &Options { windows_events, ..Options::default() });
            let key = s.answer_key();
            let names: Vec<String> = s.files().into_iter().map(|(n, _)| n).collect();
            let ext = format.extension();
            let want: Vec<String> = match windows_events {
                WindowsEvents::Part => vec![format!("SecurityAlert.{ext}"), format!("SecurityEvent.{ext}"), format!("WindowsEvent.{ext}")],
                _ => vec![format!("SecurityAlert.{ext}"), format!("WindowsEvent.{ext}")],
            };
            assert_eq!(names[..names.len() - 1], want[..]);
            assert_eq!(key.windows_events, windows_events);
            assert!(key.windows_event_rows > 0 && key.windows_event_rows <= key.events);
            if windows_events == WindowsEvents::Part {
                assert!(key.windows_event_rows < key.events, "part: both exports have rows");
            }
            // The same rows as SecurityEvent would give, as the WindowsEvent mapping makes them.
            assert_eq!(key.expected_rows.len(), plain.answer_key().expected_rows.len());
            for (row, was) in key.expected_rows.iter().zip(&plain.answer_key().expected_rows) {
                assert_eq!((&row.time_generated, &row.interactive_logon_time, &row.ip_address), (&was.time_generated, &was.interactive_logon_time, &was.ip_address));
                assert_eq!(row.activity, "4624 - An account was successfully logged on.");
                assert_eq!(row.account_type, if row.account.ends_with('$') { "Machine" } else { "User" });
            }
            // EventData is an object in JSON, a JSON string in CSV, with string values.
            let windows = s.files().into_iter().find(|(n, _)| n.starts_with("WindowsEvent")).unwrap().1;
            let text = String::from_utf8(windows).unwrap();
            if format.is_csv() {
                assert!(text.contains(",\"{\"\"SubjectUserSid\"\":\"\"S-1-0-0\"\","), "{format:?}");
            } else {
                assert!(text.contains("\"EventData\":{\"SubjectUserSid\":\"S-1-0-0\",") || text.contains(",{\"SubjectUserSid\":\"S-1-0-0\","), "{format:?}");
                assert!(text.contains("\"LogonType\":\"10\""), "{format:?}");
            }
        }
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
    let bench = load_all(&sample(), &files);
    assert_eq!(bench.files[0].format, "portal CSV");
    assert_eq!(bench.files[1].format, "Log Analytics API JSON");
    check_against_key(&bench, &key, "the page sample");
}

#[test]
fn the_scenario_module_uses_no_io_or_browser_types() {
    const FORBIDDEN: [&str; 10] =
        ["yew", "gloo", "web_sys", "js_sys", "wasm_bindgen", "std::fs", "std::path", "File::open", "std::net", "std::time"];
    // The module and its submodules (`stories/`, `write/`), every file.
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src/scenario")];
    let mut count = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            count += 1;
            for word in FORBIDDEN {
                assert!(!text.contains(word), "{} mentions {word}", path.display());
            }
        }
    }
    assert!(count >= 20);
}

fn huntbench(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_huntbench")).args(args).output().expect("runs")
}

#[test]
fn gen_writes_files_that_hunt_to_the_key() {
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
    // WindowsEvent for part of the hosts, hostile values and zip: three zip files, and the hunt
    // over them gives the key, which is the library's.
    let opts_dir = dir.join("options");
    let opts_out = opts_dir.to_string_lossy().into_owned();
    let args = ["--seed", "3", "--alerts", "80", "--events", "2000", "--format", "adx-v2", "--difficulty", "hard"];
    let mut gen = vec!["gen"];
    gen.extend(args);
    gen.extend(["--windows-events", "part", "--hostile", "--compress", "zip", "--out", &opts_out]);
    let out = huntbench(&gen);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("WindowsEvent rows") && stderr.contains("adx-v2 in zip") && stderr.contains("hostile values"), "{stderr}");
    let key = AnswerKey::from_json(&std::fs::read(opts_dir.join("answer-key.json")).unwrap()).unwrap();
    let options = Options { windows_events: WindowsEvents::Part, hostile: true, compression: Compression::Zip, ..Options::default() };
    let expected = Scenario::generate_with(&Config { difficulty: Difficulty::Hard, ..Config::new(3, 80, 2000, Format::AdxV2) }, &options);
    assert_eq!(&key, expected.answer_key());
    let files: Vec<String> = ["SecurityAlert", "SecurityEvent", "WindowsEvent"]
        .iter()
        .map(|t| opts_dir.join(format!("{t}.json.zip")).to_string_lossy().into_owned())
        .collect();
    let mut hunt_args = vec!["hunt", "--format", "json"];
    hunt_args.extend(files.iter().map(String::as_str));
    let hunt = huntbench(&hunt_args);
    assert_eq!(hunt.status.code(), Some(0), "{}", String::from_utf8_lossy(&hunt.stderr));
    let mut got: Vec<scenario::ExpectedRow> = serde_json::from_slice(&hunt.stdout).unwrap();
    got.sort();
    assert_eq!(got, key.expected_rows);

    // No format, an unknown format, option value or no seed: usage errors.
    assert_eq!(huntbench(&["gen", "--seed", "1", "--format", "csv", "--compress", "rar", "--out", &out_dir]).status.code(), Some(2));
    assert_eq!(huntbench(&["gen", "--seed", "1", "--format", "csv", "--windows-events", "some", "--out", &out_dir]).status.code(), Some(2));
    assert_eq!(huntbench(&["gen", "--seed", "1", "--out", &out_dir]).status.code(), Some(2));
    assert_eq!(huntbench(&["gen", "--seed", "1", "--format", "xml", "--out", &out_dir]).status.code(), Some(2));
    assert_eq!(huntbench(&["gen", "--format", "csv", "--out", &out_dir]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
