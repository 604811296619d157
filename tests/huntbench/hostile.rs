//! Hostile scenarios (`gen --hostile`): the corpus of `scenario::hostile` in every text column of
//! the noise and in the keys of some stories. Every format still reads back with no row skipped,
//! the hunt still equals the answer key, the values survive the readers, and the CLI's JSON keeps
//! them exactly while its CSV neutralises formulas.

use std::collections::BTreeSet;
use std::process::Command;

use huntbench::export::neutralize_formula;
use huntbench::scenario::hostile::{self, HOSTILE};
use huntbench::scenario::{AnswerKey, Compression, Config, Difficulty, ExpectedRow, Format, Options, Scenario, Table, WindowsEvents};

use super::scenario::{check_against_key, load_all, unwrap_file};

fn config(seed: u64, alert_format: Format, event_format: Format) -> Config {
    Config {
        seed,
        alerts: 60 + (seed as usize * 7) % 90,
        events: 600 + (seed as usize * 131) % 1500,
        difficulty: Difficulty::ALL[seed as usize % 3],
        alert_format,
        event_format,
    }
}

fn hostile(windows_events: WindowsEvents, compression: Compression) -> Options {
    Options { windows_events, hostile: true, compression, ..Options::default() }
}

/// Every string the readers kept (alert names, hosts, accounts, addresses...).
fn kept_strings(bench: &huntbench::ingest::LoadedFiles) -> Vec<String> {
    let pool = &bench.data.strings;
    (0..pool.len() as u32).map(|i| pool.resolve(huntbench::engine::Sym(i)).to_string()).collect()
}

#[test]
fn hostile_scenarios_read_back_in_every_format_and_give_the_key() {
    for (i, format) in Format::ALL.into_iter().enumerate() {
        // Each hostile scenario carries two 1 MiB fields, slow to write and read in a debug
        // build: the mixed round runs for every other format.
        for round in 0..if i % 2 == 0 { 2 } else { 1 } {
            let seed = 500 + 2 * i as u64 + round;
            // One round with both tables in the format; one with the alerts in another, for two
            // formats gzip- or zip-wrapped (compressing the 1 MiB fields is slow in a debug build;
            // `scenario::every_format_reads_back_gzip_and_zip_wrapped` covers every format).
            let compression = match (round, i) {
                (1, 2) => Compression::Gzip,
                (1, 6) => Compression::Zip,
                _ => Compression::None,
            };
            let alert_format = if round == 0 { format } else { Format::ALL[(i + 3) % 8] };
            let windows_events = WindowsEvents::ALL[(i + round as usize) % 3];
            let c = config(seed, alert_format, format);
            let s = Scenario::generate_with(&c, &hostile(windows_events, compression));
            let key = s.answer_key();
            let what = format!("seed {seed}: {alert_format:?} alerts, {format:?} events, {windows_events:?}, {compression:?}, hostile");
            let files = s.files();
            let bench = load_all(&s, &files);
            check_against_key(&bench, key, &what);

            let h = key.hostile.as_ref().expect("the key describes the hostile values");
            assert_eq!(h.corpus, HOSTILE.map(str::to_string));
            assert!(!h.stories.is_empty(), "{what}: some stories carry hostile keys");
            // A hostile story's rows return its hostile values (upper-cased host, lower-cased account).
            for id in &h.stories {
                let story = key.stories.iter().find(|st| st.id == *id).unwrap();
                assert!(HOSTILE.contains(&story.ip_address.as_str()), "{what}: {story:?}");
                assert!(HOSTILE.iter().any(|v| story.alert_entity.starts_with(v)), "{what}: {story:?}");
                let upper = story.alert_entity.to_ascii_uppercase();
                assert!(key.expected_rows.iter().any(|r| r.compromised_entity == upper && r.ip_address == story.ip_address));
            }

            // Every value of the corpus survives the readers: the readers keep it somewhere.
            let kept = kept_strings(&bench);
            for v in HOSTILE {
                assert!(kept.iter().any(|k| k.contains(v)), "{what}: {v:?} was not read back");
            }
            // The generated values are in the exports as written.
            let exports: Vec<Vec<u8>> = files[..files.len() - 1].iter().map(|(_, b)| unwrap_file(b, compression)).collect();
            // One alert's Description and one event's WorkstationName (in whichever export its
            // host's events go to) are 1 MiB long.
            let huge = hostile::huge_field();
            assert!(contains(&exports[0], huge.as_bytes()), "{what}: no 1 MiB Description");
            assert!(exports[1..].iter().any(|b| contains(b, huge.as_bytes())), "{what}: no 1 MiB WorkstationName");
            let deep = hostile::deep_json();
            let deep_written = if alert_format == Format::AdxV2 { deep.clone() } else { json_or_csv_text(&deep, alert_format) };
            assert!(contains(&exports[0], deep_written.as_bytes()), "{what}: no deeply nested Entities");
            // The exceptions the key states hold: CSV files have no NUL in their first 4 KiB.
            let csv_formats: BTreeSet<&str> =
                h.exceptions.iter().flat_map(|e| e.formats.iter().map(|f| f.name())).collect();
            for (table, bytes) in s.tables().iter().zip(&exports) {
                let f = if *table == Table::SecurityAlert { alert_format } else { format };
                if f.is_csv() {
                    assert!(csv_formats.contains(f.name()), "{what}: the key names {f:?}");
                    assert!(!bytes[..bytes.len().min(4096)].contains(&0), "{what}: a NUL in the first 4 KiB of {table:?}");
                }
            }
            if !alert_format.is_csv() && !format.is_csv() {
                assert!(h.exceptions.is_empty(), "{what}: {:?}", h.exceptions);
            }
        }
    }
}

/// `text` as a JSON string, or as a CSV field (its quotes doubled), as the writers write it.
fn json_or_csv_text(text: &str, format: Format) -> String {
    if format.is_csv() {
        text.replace('"', "\"\"")
    } else {
        serde_json::to_string(text).unwrap()
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    // The exports and the values are UTF-8; str's search is fast even in a debug build.
    std::str::from_utf8(haystack).unwrap().contains(std::str::from_utf8(needle).unwrap())
}

fn huntbench(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_huntbench")).args(args).output().expect("runs")
}

#[test]
fn hunt_output_keeps_hostile_values_in_json_and_neutralises_formulas_in_csv() {
    for (seed, format, windows) in [(7u64, "jsonl", "part"), (8, "portal-csv", "off"), (9, "graph", "all")] {
        let dir = std::env::temp_dir().join(format!("huntbench-hostile-{}-{seed}", std::process::id()));
        let out_dir = dir.to_string_lossy().into_owned();
        let args = [
            "gen", "--seed", &seed.to_string(), "--alerts", "240", "--events", "3000", "--format", format, "--difficulty", "hard",
            "--windows-events", windows, "--hostile", "--out", &out_dir,
        ];
        let gen = huntbench(&args);
        assert_eq!(gen.status.code(), Some(0), "{}", String::from_utf8_lossy(&gen.stderr));
        let key = AnswerKey::from_json(&std::fs::read(dir.join("answer-key.json")).unwrap()).unwrap();
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path().to_string_lossy().into_owned())
            .filter(|p| !p.ends_with("answer-key.json"))
            .collect();
        files.sort();
        let hunt = |output: &str| {
            let mut a = vec!["hunt", "--format", output];
            a.extend(files.iter().map(String::as_str));
            let out = huntbench(&a);
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
            out.stdout
        };

        // JSON: exactly the answer key's rows, hostile values byte for byte.
        let rows: Vec<ExpectedRow> = serde_json::from_slice(&hunt("json")).unwrap();
        let mut sorted = rows.clone();
        sorted.sort();
        assert_eq!(sorted, key.expected_rows, "{format}");
        // Every value a story can carry came back as an address (NUL only where no file is CSV).
        let csv = format.contains("csv");
        let ips: BTreeSet<&str> = rows.iter().map(|r| r.ip_address.as_str()).collect();
        for v in HOSTILE.iter().filter(|v| !(csv && v.contains('\0'))) {
            assert!(ips.contains(v), "{format}: {v:?} is not the address of any result row");
        }
        for v in ["<svg onload=alert(1)>", "\u{202E}exe.txt", "=HYPERLINK(\"http://evil.example/\",\"Click\")", "\t=1+1", "\r=1+1"] {
            assert!(rows.iter().any(|r| r.ip_address == v), "{format}: {v:?}");
        }

        // CSV: the same rows in the same order, every cell neutralised.
        let text = hunt("csv");
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_slice());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), rows.len());
        let mut neutralised = 0;
        for (record, row) in records.iter().zip(&rows) {
            let want: Vec<String> = row.values().iter().map(|v| neutralize_formula(v).into_owned()).collect();
            let got: Vec<&str> = record.iter().collect();
            assert_eq!(got, want, "{format}");
            neutralised += row.values().iter().filter(|v| neutralize_formula(v).len() != v.len()).count();
            for cell in &got {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{format}: {cell:?} can run as a formula");
            }
        }
        assert!(neutralised >= 5, "{format}: {neutralised} formula cells");

        // Table: no control character or bidi override reaches the terminal.
        let table = String::from_utf8(hunt("table")).unwrap();
        assert!(!table.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202E}'), "{format}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
