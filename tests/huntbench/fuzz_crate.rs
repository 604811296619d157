//! The fuzz crate (fuzz/, a workspace of its own) fuzzes the code that ships, and every target
//! it declares is run: these facts live in files no build compares, so a test does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// name → versions of every package in a Cargo.lock.
fn packages(lock: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut name = None;
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_string());
        } else if let (Some(v), Some(n)) = (line.strip_prefix("version = "), name.take()) {
            out.entry(n).or_default().insert(v.trim_matches('"').to_string());
        }
    }
    out
}

#[test]
fn the_fuzz_lock_holds_the_versions_that_ship() {
    let root = packages(&read("Cargo.lock"));
    let fuzz = packages(&read("fuzz/Cargo.lock"));
    // Every version the fuzz crate builds of a package that ships is a version that ships.
    let differ: Vec<String> = fuzz
        .iter()
        .filter_map(|(name, versions)| {
            let shipped = root.get(name)?;
            (!versions.is_subset(shipped)).then(|| format!("{name}: {shipped:?} shipped, {versions:?} fuzzed"))
        })
        .collect();
    assert!(
        differ.is_empty(),
        "fuzz/Cargo.lock fuzzes other versions than Cargo.lock ships: {differ:?}. Align it: \
         cp Cargo.lock fuzz/Cargo.lock && cargo metadata --manifest-path fuzz/Cargo.toml --format-version 1 >/dev/null"
    );
    assert!(fuzz.contains_key("huntbench") && fuzz.contains_key("libfuzzer-sys"));
}

#[test]
fn every_fuzz_target_is_run_and_documented() {
    let manifest = read("fuzz/Cargo.toml");
    let declared: BTreeSet<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"'))
        .filter(|n| *n != "huntbench-fuzz")
        .collect();
    assert!(declared.len() >= 13, "{declared:?}");
    let run = read("fuzz/run.sh");
    let all = run.lines().find_map(|l| l.strip_prefix("ALL=(")).expect("run.sh's ALL list");
    let run_list: BTreeSet<&str> = all.trim_end_matches(')').split_whitespace().collect();
    assert_eq!(run_list, declared, "fuzz/run.sh's ALL list and fuzz/Cargo.toml's targets");
    let readme = read("README.md");
    for target in &declared {
        assert!(readme.contains(&format!("| `{target}` |")), "README.md's Fuzzing table lacks {target}");
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fuzz/fuzz_targets/{target}.rs")).is_file(), "{target}");
    }
}
