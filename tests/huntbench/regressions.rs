//! What the fuzzers (fuzz/, cargo-fuzz) found, each kept as a test: the input that broke an
//! invariant, checked with the same invariants as `fuzz/src/lib.rs`.

use huntbench::engine::{self, near_misses, HuntParams};
use huntbench::ingest::{DateOrder, Limits, ReadOptions, LoadedFiles};

/// Loads `bytes` as the fuzz targets do (default options, then an order, an offset and
/// de-duplication) and checks the invariants every report and the dataset must keep.
fn check(name: &str, bytes: &[u8], limits: Limits) -> LoadedFiles {
    let mut bench = LoadedFiles::new();
    bench.limits = limits;
    bench.load(name, bytes, &ReadOptions::default());
    let opts = ReadOptions { date_order: Some(DateOrder::DayFirst), local_offset_minutes: Some(-300), dedupe_records: true };
    bench.load(name, bytes, &opts);
    let (mut alerts, mut logons) = (0, 0);
    for r in &bench.files {
        if r.date_order_question.is_none() && !r.error.as_deref().unwrap_or("").contains("mixes") {
            assert_eq!(r.rows_read, r.rows_loaded + r.rows_skipped, "{r:#?}");
        } else {
            assert_eq!(r.rows_loaded, 0, "{r:#?}");
        }
        assert!(r.lossy_rows <= r.rows_read, "lossy rows that were never read: {r:#?}");
        assert!(r.warnings.len() <= 64, "unbounded warnings: {r:#?}");
        match r.table.as_deref() {
            Some("SecurityAlert") => alerts += r.rows_loaded as usize,
            Some(_) => logons += r.rows_loaded as usize,
            None => assert_eq!(r.rows_loaded, 0, "{r:#?}"),
        }
    }
    assert_eq!((bench.data.alerts.len(), bench.data.logons.len()), (alerts, logons));
    let params = HuntParams::default();
    let result = engine::run(&bench.data, &params);
    near_misses(&bench.data, &params, &result);
    bench
}

/// json_lines: lines after a file failed to bind were counted as lossy rows although no row
/// was read from them (found with an invalid first line, then a record without TimeGenerated).
#[test]
fn json_lines_count_lossy_rows_only_for_rows_read() {
    let input = b"{\"TenantId\":\"a\",\"TimeGenerated\":\"2026-09-15T07:00:09Z\",\"DisplayName\":\"Atypical \xf8 {\n\
                  {\"TenantId\":\"\xf8\",\"EventID\":4624,\"Account\":\"x\"}\n\
                  {\"TenantId\":\"\xf8\",\"EventID\":4624}\n\
                  {\"TenantId\":\"\xf8\",\"EventID\":4625}\n";
    let bench = check("fuzz.jsonl", input, Limits::default());
    let r = &bench.files[0];
    assert!(r.error.as_deref().unwrap_or("").contains("TimeGenerated"), "{r:#?}");
    assert_eq!((r.rows_read, r.rows_skipped, r.lossy_rows), (1, 1, 1), "{r:#?}");
}
