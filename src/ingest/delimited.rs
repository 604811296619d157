//! CSV exports: the portal's ("Export to CSV"), Kusto tools' and pandas'.
//!
//! The csv crate does the quoting (commas, doubled quotes and newlines inside fields); this
//! module binds the header to `Field`s, reads the kept cells of each record (lossily where the
//! bytes are not UTF-8; session cells only when the loader asks) and hands them to the `RowLoader`.

use std::io::{BufReader, Read};

use super::limits::{count_newlines, Meter, Metered};
use super::rows::{CellKind, Record, RowLoader};
use super::schema::Field;
use super::FileCtx;

/// Guesses the delimiter from the header line: the most frequent of `,`, `;` and tab.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    [b',', b';', b'\t'].into_iter().max_by_key(|&d| (count(d), d == b',')).unwrap_or(b',')
}

/// Headers with more columns than this are no export (Sentinel tables have a few hundred).
pub const MAX_COLUMNS: usize = 4096;

pub fn read<R: Read>(input: R, delimiter: u8, ctx: &mut FileCtx<'_>) {
    let mut builder = ::csv::ReaderBuilder::new();
    builder.has_headers(false).flexible(true).delimiter(delimiter);
    // Every byte goes through the meter, which refuses to let one record grow past the limit.
    let meter = Meter::new(ctx.limits.max_record_bytes);
    let mut reader = builder.from_reader(Metered::new(BufReader::with_capacity(64 * 1024, input), meter.clone()));
    let mut raw = ::csv::ByteRecord::new();
    match reader.read_byte_record(&mut raw) {
        Ok(true) => {}
        Ok(false) => {
            ctx.report.format = "CSV".into();
            ctx.report.error = Some("the file is empty".into());
            return;
        }
        Err(_) if meter.tripped() => {
            ctx.report.format = "CSV".into();
            ctx.report.error = Some(format!("line 1: the header {}; this is no export", meter.reason()));
            return;
        }
        Err(e) => {
            ctx.report.format = "CSV".into();
            ctx.report.error = Some(format!("line 1: the header cannot be read: {e}"));
            return;
        }
    }
    if raw.len() > MAX_COLUMNS {
        ctx.report.format = "CSV".into();
        ctx.report.error = Some(format!("line 1: the header has {} columns, more than the {MAX_COLUMNS} an export can have", raw.len()));
        return;
    }
    // The csv crate counts lines by record terminators only; newlines inside quoted fields
    // (pretty-printed Entities JSON, Description) are added here so lines match the file.
    let mut embedded_newlines = newlines_in(&raw);
    let header: Vec<String> = raw.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
    let Some(binding) = ctx.bind(&header, "CSV") else { return };
    ctx.report.format = if header.first().is_some_and(|h| h.trim_start_matches('\u{feff}').is_empty()) {
        "pandas CSV (index column)".into()
    } else if binding.portal_headers {
        "portal CSV".into()
    } else {
        "CSV".into()
    };
    let width = header.len();
    // Session cells are read only for rows with a session role (`RowLoader::push_lazy`).
    let (positions, session_positions): (Vec<(usize, Field)>, Vec<(usize, Field)>) = binding
        .by_position
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.map(|f| (i, f)))
        .partition(|(_, f)| !f.is_session());
    let mut record = Record::default();
    let mut loader = RowLoader::new(ctx, binding);
    // After a record over the limit, reading starts again on the next line with a new csv
    // reader: lines and bytes before it are counted here.
    let (mut base_line, mut base_byte) = (0u64, 0u64);
    loop {
        meter.mark_at(base_byte + reader.position().byte(), 0);
        match reader.read_byte_record(&mut raw) {
            Ok(false) => break,
            Ok(true) => {
                let line = base_line + raw.position().map_or(0, |p| p.line()) + embedded_newlines;
                embedded_newlines += newlines_in(&raw);
                if raw.len() != width {
                    loader.skip(
                        ctx,
                        line,
                        format!("has {} fields where the header has {width} (a broken or truncated row)", raw.len()),
                    );
                    continue;
                }
                record.clear();
                let lossy = fill(&mut record, &raw, positions.iter().copied());
                let mut session_lossy = false;
                loader.push_lazy(ctx, line, &mut record, &mut |record, needs| {
                    session_lossy = fill(record, &raw, session_positions.iter().copied().filter(|&(_, f)| needs.reads(f)));
                });
                if lossy || session_lossy {
                    ctx.report.lossy_rows += 1;
                }
            }
            Err(_) if meter.tripped() => {
                // Too large to hold: count it, drop the rest of its line, go on after it.
                let line = base_line + raw.position().map_or(1, |p| p.line()) + embedded_newlines;
                loader.skip(ctx, line, format!("{}; reading went on at the next line", meter.reason()));
                let mut source = reader.into_inner();
                match source.skip_line() {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        loader.finish(ctx);
                        ctx.report.error = Some(format!("reading stopped at line {line}: {e}"));
                        return;
                    }
                }
                base_line = meter.newlines();
                base_byte = meter.consumed();
                embedded_newlines = 0;
                reader = builder.from_reader(source);
            }
            Err(e) => {
                // An IO error has no position of its own: it happened in the record begun at raw's.
                let line = base_line + e.position().or(raw.position()).map_or(0, |p| p.line()) + embedded_newlines;
                loader.skip(ctx, line, format!("cannot be read: {e}"));
                if !matches!(e.kind(), ::csv::ErrorKind::Utf8 { .. } | ::csv::ErrorKind::UnequalLengths { .. }) {
                    // An IO error or a broken stream (bad gzip/zip data): stop, keep what was read.
                    let message = format!("reading stopped at line {line}: {e}");
                    loader.finish(ctx);
                    ctx.report.error = Some(message);
                    return;
                }
            }
        }
    }
    loader.finish(ctx);
}

/// Copies the cells at `positions` into the record (lossily where they are not UTF-8); returns
/// whether any was not.
fn fill(record: &mut Record, raw: &::csv::ByteRecord, positions: impl Iterator<Item = (usize, Field)>) -> bool {
    let mut lossy = false;
    for (i, field) in positions {
        let bytes = &raw[i];
        match std::str::from_utf8(bytes) {
            Ok(text) => record.set(field, CellKind::Text, text),
            Err(_) => {
                lossy = true;
                record.set(field, CellKind::Text, &String::from_utf8_lossy(bytes));
            }
        }
    }
    lossy
}

fn newlines_in(record: &::csv::ByteRecord) -> u64 {
    count_newlines(record.as_slice())
}
