//! Hostile sizes get a clear refusal or a bounded run, never an unbounded allocation: records
//! past `Limits::max_record_bytes` (a 1 GB CSV field, a 500 MB JSON line without a newline),
//! gzip and zip bombs past the decompression bounds, and millions of tiny rows still stream.
//! Big inputs are made lazily by `Lazy`, so no test holds them.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use huntbench::ingest::{FileReport, Limits, ReadOptions, LoadedFiles};

/// Bytes made on the fly: each part is a piece of bytes repeated some number of times.
struct Lazy {
    parts: Vec<(Vec<u8>, u64)>,
    part: usize,
    done_in_part: u64,
    offset: usize,
}

impl Lazy {
    fn new(parts: Vec<(&[u8], u64)>) -> Lazy {
        Lazy { parts: parts.into_iter().map(|(b, n)| (b.to_vec(), n)).collect(), part: 0, done_in_part: 0, offset: 0 }
    }
}

impl Read for Lazy {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut filled = 0;
        while filled < buf.len() && self.part < self.parts.len() {
            let (piece, times) = &self.parts[self.part];
            if self.done_in_part == *times || piece.is_empty() {
                self.part += 1;
                self.done_in_part = 0;
                self.offset = 0;
                continue;
            }
            let n = (piece.len() - self.offset).min(buf.len() - filled);
            buf[filled..filled + n].copy_from_slice(&piece[self.offset..self.offset + n]);
            filled += n;
            self.offset += n;
            if self.offset == piece.len() {
                self.offset = 0;
                self.done_in_part += 1;
            }
        }
        Ok(filled)
    }
}

const MIB: u64 = 1024 * 1024;

fn load(bench: &mut LoadedFiles, name: &str, input: impl Read) -> Vec<FileReport> {
    let ids = bench.load(name, input, &ReadOptions::default());
    ids.iter().map(|id| bench.report(*id).expect("report").clone()).collect()
}

fn only(reports: Vec<FileReport>) -> FileReport {
    assert_eq!(reports.len(), 1, "{reports:#?}");
    reports.into_iter().next().expect("one")
}

fn accounted(r: &FileReport) {
    assert_eq!(r.rows_read, r.rows_loaded + r.rows_skipped, "{r:#?}");
}

const ALERTS_HEADER: &[u8] = b"TimeGenerated,AlertName,CompromisedEntity\n";
const ALERT_ROW: &[u8] = b"2026-03-02T09:00:00Z,Atypical travel,WS01\n";

#[test]
fn a_1_gb_csv_field_is_skipped_with_its_line_and_reading_goes_on() {
    let started = Instant::now();
    let field = vec![b'x'; MIB as usize];
    let input = Lazy::new(vec![
        (ALERTS_HEADER, 1),
        (ALERT_ROW, 2),
        (b"2026-03-02T09:01:00Z,\"", 1),
        (&field, 1024), // 1 GiB inside one quoted field, with no newline
        (b"\",WS02\n", 1),
        (ALERT_ROW, 3),
    ]);
    let mut bench = LoadedFiles::new();
    let r = only(load(&mut bench, "huge.csv", input));
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_skipped), (6, 5, 1), "{r:#?}");
    assert_eq!(r.skipped[0].line, 4, "{r:#?}");
    assert!(r.skipped[0].reason.contains("larger than the record limit of 8 MiB"), "{r:#?}");
    assert!(r.error.is_none(), "{r:#?}");
    // The rows after it keep their own lines.
    let lines: Vec<u64> = bench.data.alerts.origin.iter().map(|o| o.line).collect();
    assert_eq!(lines, [2, 3, 5, 6, 7]);
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
}

#[test]
fn a_long_csv_record_under_small_limits_is_skipped_and_the_next_line_reads() {
    let mut bench = LoadedFiles::new();
    bench.limits = Limits { max_record_bytes: 1024, ..Limits::default() };
    let mut csv = ALERTS_HEADER.to_vec();
    csv.extend_from_slice(ALERT_ROW);
    csv.extend_from_slice(format!("2026-03-02T09:01:00Z,{},WS02\n", "y".repeat(5000)).as_bytes());
    csv.extend_from_slice(b"2026-03-02T09:02:00Z,\"a quoted\nnewline\",WS03\n");
    let r = only(load(&mut bench, "long.csv", &csv[..]));
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_skipped), (3, 2, 1), "{r:#?}");
    assert_eq!(r.skipped[0].line, 3);
    assert_eq!(bench.data.alerts.origin.iter().map(|o| o.line).collect::<Vec<_>>(), [2, 4]);
}

#[test]
fn a_csv_header_past_the_limit_is_refused() {
    let mut bench = LoadedFiles::new();
    bench.limits = Limits { max_record_bytes: 4096, ..Limits::default() };
    let header = format!("TimeGenerated,AlertName,{}\n", "C".repeat(10_000));
    let r = only(load(&mut bench, "header.csv", header.as_bytes()));
    assert!(r.error.as_deref().unwrap_or("").contains("larger than the record limit of 4 KiB"), "{r:#?}");
    // So is a header of more columns than any export has.
    let header = format!("TimeGenerated,AlertName,CompromisedEntity{}\n", ",x".repeat(5000));
    let r = only(load(&mut LoadedFiles::new(), "wide.csv", header.as_bytes()));
    assert!(r.error.as_deref().unwrap_or("").contains("5003 columns"), "{r:#?}");
}

#[test]
fn a_500_mb_json_line_without_a_newline_is_skipped_with_its_line() {
    let started = Instant::now();
    let filler = vec![b'a'; MIB as usize];
    let first = b"{\"TimeGenerated\":\"2026-03-02T09:00:00Z\",\"AlertName\":\"Atypical travel\",\"CompromisedEntity\":\"WS01\"}\n";
    let input = Lazy::new(vec![
        (first, 2),
        (b"{\"TimeGenerated\":\"2026-03-02T09:00:00Z\",\"AlertName\":\"", 1),
        (&filler, 500),
    ]);
    let mut bench = LoadedFiles::new();
    let r = only(load(&mut bench, "big.jsonl", input));
    assert_eq!(r.format, "JSON Lines");
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_skipped), (3, 2, 1), "{r:#?}");
    assert_eq!(r.skipped[0].line, 3);
    assert!(r.skipped[0].reason.contains("record limit"), "{r:#?}");
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
}

#[test]
fn a_json_document_row_past_the_limit_stops_the_file_and_keeps_the_rows_before_it() {
    let mut bench = LoadedFiles::new();
    bench.limits = Limits { max_record_bytes: 2048, ..Limits::default() };
    let doc = format!(
        "{{\"tables\":[{{\"name\":\"PrimaryResult\",\"columns\":[{{\"name\":\"TimeGenerated\"}},{{\"name\":\"AlertName\"}},{{\"name\":\"CompromisedEntity\"}}],\"rows\":[\n\
         [\"2026-03-02T09:00:00Z\",\"Atypical travel\",\"WS01\"],\n\
         [\"2026-03-02T09:00:01Z\",\"Password Spray\",\"WS01\"],\n\
         [\"2026-03-02T09:00:02Z\",\"{}\",\"WS01\"],\n\
         [\"2026-03-02T09:00:03Z\",\"Atypical travel\",\"WS01\"]]}}]}}",
        "z".repeat(10_000)
    );
    let r = only(load(&mut bench, "doc.json", doc.as_bytes()));
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_skipped), (3, 2, 1), "{r:#?}");
    assert_eq!(r.skipped[0].line, 4, "{r:#?}");
    let error = r.error.as_deref().unwrap_or("");
    assert!(error.contains("reading stopped at line 4") && error.contains("record limit of 2 KiB"), "{r:#?}");
}

#[test]
fn values_that_are_skipped_over_are_not_held_so_no_limit_applies() {
    // A second table and an unknown key far larger than the limit: skipped, never buffered.
    let mut bench = LoadedFiles::new();
    bench.limits = Limits { max_record_bytes: 1024, ..Limits::default() };
    let big_rows: Vec<String> = (0..400).map(|i| format!("[\"x{i}\",\"{}\"]", "q".repeat(100))).collect();
    let doc = format!(
        "{{\"tables\":[{{\"name\":\"PrimaryResult\",\"columns\":[{{\"name\":\"TimeGenerated\"}},{{\"name\":\"AlertName\"}},{{\"name\":\"CompromisedEntity\"}}],\
         \"rows\":[[\"2026-03-02T09:00:00Z\",\"Atypical travel\",\"WS01\"]]}},\
         {{\"name\":\"Other\",\"columns\":[{{\"name\":\"a\"}}],\"rows\":[{}]}}],\"statistics\":\"{}\"}}",
        big_rows.join(","),
        "s".repeat(50_000)
    );
    let r = only(load(&mut bench, "doc.json", doc.as_bytes()));
    assert!(r.error.is_none(), "{r:#?}");
    assert_eq!(r.rows_loaded, 1);
}

/// A gzip member of `rows` copies of `row`.
fn gzip_of(head: &[u8], row: &[u8], rows: usize) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(head).unwrap();
    for _ in 0..rows {
        enc.write_all(row).unwrap();
    }
    enc.finish().unwrap()
}

#[test]
fn a_gzip_bomb_is_refused_after_a_bounded_run() {
    let started = Instant::now();
    // 100,000 rows (4 MiB) compress to a few KiB; 1,000 members of them would be 4 GiB.
    let first = gzip_of(ALERTS_HEADER, ALERT_ROW, 100_000);
    let more = gzip_of(b"", ALERT_ROW, 100_000);
    let ratio = (100_000 * ALERT_ROW.len()) / more.len();
    assert!(ratio > 200, "the bomb compresses only {ratio} times");
    let input = Lazy::new(vec![(&first, 1), (&more, 999)]);
    let mut bench = LoadedFiles::new();
    let r = only(load(&mut bench, "bomb.csv.gz", input));
    accounted(&r);
    assert_eq!(r.format, "gzip › CSV");
    let error = r.error.as_deref().unwrap_or("");
    assert!(error.contains("refused: the gzip data decompresses to more than 200 times"), "{r:#?}");
    assert!(error.contains("decompression bomb"), "{error}");
    // The refusal cut a row short: it is counted with its line, and so is the file's error.
    let line = 2 + r.rows_loaded;
    assert!(error.starts_with(&format!("reading stopped at line {line}: ")), "{error}");
    assert_eq!(r.skipped[0].line, line);
    // Bounded: a few MiB were inflated, not 4 GiB; the rows read before the refusal loaded.
    assert!(r.rows_loaded > 10_000 && r.rows_loaded < 1_000_000, "{}", r.rows_loaded);
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
}

#[test]
fn a_nested_gzip_bomb_is_refused_too() {
    let inner = gzip_of(ALERTS_HEADER, ALERT_ROW, 200_000);
    let mut outer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..50 {
        outer.write_all(&inner).unwrap();
    }
    let outer = outer.finish().unwrap();
    let r = only(load(&mut LoadedFiles::new(), "bomb.csv.gz.gz", &outer[..]));
    accounted(&r);
    assert!(r.error.as_deref().unwrap_or("").contains("refused"), "{r:#?}");
}

#[test]
fn the_size_bound_applies_whatever_the_ratio() {
    let mut bench = LoadedFiles::new();
    bench.limits = Limits { max_decompressed_bytes: 64 * 1024, ..Limits::default() };
    let gz = gzip_of(ALERTS_HEADER, ALERT_ROW, 10_000);
    let r = only(load(&mut bench, "big.csv.gz", &gz[..]));
    accounted(&r);
    assert!(r.error.as_deref().unwrap_or("").contains("more than 64 KiB (the limit on decompressed bytes per file)"), "{r:#?}");
    assert!(r.rows_loaded > 1000 && r.rows_loaded < 1700, "{}", r.rows_loaded);
}

/// A zip local file header and data, with the sizes it declares.
fn zip_member(name: &str, data: &[u8], deflate: bool, declared_size: u32) -> Vec<u8> {
    let body = if deflate {
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    } else {
        data.to_vec()
    };
    let mut crc = flate2::Crc::new();
    crc.update(data);
    let mut out = b"PK\x03\x04".to_vec();
    out.extend_from_slice(&20u16.to_le_bytes()); // version needed
    out.extend_from_slice(&0u16.to_le_bytes()); // flags
    out.extend_from_slice(&(if deflate { 8u16 } else { 0 }).to_le_bytes());
    out.extend_from_slice(&[0; 4]); // time, date
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&declared_size.to_le_bytes());
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&body);
    out
}

const END_OF_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

fn rows(n: usize) -> Vec<u8> {
    let mut csv = ALERTS_HEADER.to_vec();
    for _ in 0..n {
        csv.extend_from_slice(ALERT_ROW);
    }
    csv
}

#[test]
fn a_zip_member_declaring_a_bomb_is_refused_before_it_is_inflated_and_the_next_loads() {
    let bomb = rows(50_000); // 2 MiB, a few KiB deflated
    let mut zip = zip_member("bomb.csv", &bomb, true, 3_000_000_000);
    let small = rows(3);
    zip.extend(zip_member("alerts.csv", &small, false, small.len() as u32));
    zip.extend_from_slice(END_OF_ZIP);
    let mut bench = LoadedFiles::new();
    let reports = load(&mut bench, "export.zip", &zip[..]);
    assert_eq!(reports.len(), 2, "{reports:#?}");
    let error = reports[0].error.as_deref().unwrap_or("");
    assert!(error.contains("zip member 'bomb.csv' declares 2.7 GiB uncompressed"), "{reports:#?}");
    assert_eq!(reports[0].rows_read, 0);
    assert!(reports[1].error.is_none(), "{reports:#?}");
    assert_eq!(reports[1].rows_loaded, 3);
    // And past the size bound, whatever the ratio.
    let mut bench = LoadedFiles::new();
    bench.limits = Limits { max_decompressed_bytes: 1024, ..Limits::default() };
    let zip = [zip_member("a.csv", &rows(100), false, 4300), END_OF_ZIP.to_vec()].concat();
    let r = only(load(&mut bench, "big.zip", &zip[..]));
    assert!(r.error.as_deref().unwrap_or("").contains("past the limit of 1 KiB decompressed per file"), "{r:#?}");
}

#[test]
fn a_zip_member_that_lies_about_its_size_stops_at_the_size_it_declared() {
    let bomb = rows(400_000); // 16 MiB that deflate to a few KiB, declared as 100,000 bytes
    let zip = [zip_member("bomb.csv", &bomb, true, 100_000), END_OF_ZIP.to_vec()].concat();
    let mut bench = LoadedFiles::new();
    let r = only(load(&mut bench, "liar.zip", &zip[..]));
    accounted(&r);
    assert!(r.error.as_deref().unwrap_or("").contains("larger than its declared uncompressed size"), "{r:#?}");
    assert!(r.rows_loaded <= 100_000 / ALERT_ROW.len() as u64, "{}", r.rows_loaded);
}

#[test]
fn many_small_members_share_one_budget() {
    // Each member is under the 1 MiB floor; together they pass 200 times the archive's size.
    let member = rows(10_000); // 420 KiB each, ~1 KiB deflated
    let mut zip = Vec::new();
    for i in 0..40 {
        zip.extend(zip_member(&format!("part{i}.csv"), &member, true, member.len() as u32));
    }
    zip.extend_from_slice(END_OF_ZIP);
    let mut bench = LoadedFiles::new();
    let reports = load(&mut bench, "parts.zip", &zip[..]);
    assert_eq!(reports.len(), 40);
    let refused = reports.iter().filter(|r| r.error.as_deref().unwrap_or("").contains("refused")).count();
    assert!(refused > 0 && refused < 40, "{refused} refused");
    assert!(reports[0].error.is_none() && reports[0].rows_loaded == 10_000, "{:#?}", reports[0]);
    for r in &reports {
        accounted(r);
    }
}

#[test]
fn real_exports_compress_far_below_the_ratio_and_load_whole() {
    // 20,000 distinct rows at gzip's best: about 10 times, well under the bound of 200.
    let mut csv = b"TimeGenerated,EventID,LogonType,Account,Computer,IpAddress\n".to_vec();
    for i in 0..20_000u32 {
        let line = format!(
            "2026-03-02T{:02}:{:02}:{:02}.{:07}Z,4624,{},CONTOSO\\user{},WS{:04}.contoso.com,10.{}.{}.{}\n",
            (i / 3600) % 24,
            (i / 60) % 60,
            i % 60,
            i.wrapping_mul(7919) % 10_000_000,
            [2, 3, 10][i as usize % 3],
            i % 997,
            i % 1013,
            i % 211,
            i % 250,
            i % 7
        );
        csv.extend_from_slice(line.as_bytes());
    }
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&csv).unwrap();
    let gz = enc.finish().unwrap();
    let r = only(load(&mut LoadedFiles::new(), "events.csv.gz", &gz[..]));
    assert!(r.error.is_none(), "{r:#?}");
    assert_eq!(r.rows_loaded, 20_000);
}

#[test]
fn a_million_tiny_rows_stream() {
    let started = Instant::now();
    let input = Lazy::new(vec![(b"TimeGenerated,AlertName,CompromisedEntity\n", 1), (b"2026-03-02T09:00:00Z,a,b\n", 1_000_000)]);
    let mut bench = LoadedFiles::new();
    let r = only(load(&mut bench, "many.csv", input));
    assert!(r.error.is_none(), "{r:#?}");
    assert_eq!(r.rows_loaded, 1_000_000);
    assert_eq!(bench.data.alerts.len(), 1_000_000);
    // Interned: a million rows hold three distinct strings (and the empty one).
    assert_eq!(bench.data.strings.len(), 3);
    eprintln!("a million tiny rows: {:?}", started.elapsed());
}

#[test]
fn many_unread_tables_make_one_warning() {
    let table = |name: String| format!("{{\"name\":\"{name}\",\"columns\":[{{\"name\":\"x\"}}],\"rows\":[[1]]}}");
    let mut tables = vec!["{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"TimeGenerated\"},{\"name\":\"AlertName\"},{\"name\":\"CompromisedEntity\"}],\"rows\":[[\"2026-03-02T09:00:00Z\",\"Atypical travel\",\"WS01\"]]}".to_string()];
    tables.extend((1..=100).map(|i| table(format!("Table_{i}"))));
    let doc = format!("{{\"tables\":[{}]}}", tables.join(","));
    let r = only(load(&mut LoadedFiles::new(), "tables.json", doc.as_bytes()));
    assert_eq!(r.rows_loaded, 1);
    assert_eq!(
        r.warnings[1..],
        ["tables 'Table_1', 'Table_2', 'Table_3', 'Table_4', 'Table_5' and 95 more were not read: only the first table of a response is"]
    );
}

#[test]
fn many_unreadable_evtx_chunks_make_few_warnings() {
    let mut evtx = b"ElfFile\0".to_vec();
    evtx.resize(4096, 0);
    for i in 0..50u8 {
        let mut chunk = b"ElfChnk\0".to_vec();
        chunk.resize(64 * 1024, i.wrapping_mul(37) | 1);
        evtx.extend_from_slice(&chunk);
    }
    let r = only(load(&mut LoadedFiles::new(), "broken.evtx", &evtx[..]));
    accounted(&r);
    assert!(r.warnings.len() <= 6, "{:#?}", r.warnings);
    assert!(r.warnings.last().is_some_and(|w| w.contains("45 more chunks could not be read")), "{:#?}", r.warnings);
}
