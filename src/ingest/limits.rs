//! Bounds on what one file may cost, whatever its bytes: logs are attacker-controlled.
//!
//! - `Limits::max_record_bytes`: a record (a CSV row, a JSON Lines line, a row or record of a
//!   JSON document) is never buffered past this size. CSV and JSON Lines skip the record, count
//!   it with its line and go on at the next line; a JSON document stops there (a streamed JSON
//!   parser cannot find the next record by itself) and keeps the rows before it.
//! - `Limits::max_decompressed_bytes` and `Limits::max_compression_ratio`: gzip and zip data are
//!   decompressed only while the bytes they have produced (all archive layers and members of the
//!   file together) stay under the size bound and under the ratio times the bytes read from the
//!   file itself. The ratio applies past `Limits::ratio_floor_bytes`, so small files of very
//!   repetitive rows still load. A zip member whose local header declares a size past either
//!   bound is refused before it is decompressed.
//!
//! Past a bound the reader gets an IO error that says which limit it met, so the file's report
//! gives the reason and keeps the rows read before it (see `FileReport::error`).

use std::cell::Cell;
use std::fmt;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

const MIB: u64 = 1024 * 1024;

/// What a file may cost. `Limits::default()` is documented in README.md ("Fuzzing" and limits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// The largest record read, in bytes (default 8 MiB; real exports' records are far smaller).
    pub max_record_bytes: u64,
    /// The most bytes decompressed from one file, all gzip/zip layers and members together
    /// (default 4 GiB).
    pub max_decompressed_bytes: u64,
    /// The most decompressed bytes per byte read from the file (default 200; real exports
    /// compress 7 to 25 times, and deflate cannot pass about 1032).
    pub max_compression_ratio: u64,
    /// Decompressed bytes allowed whatever the ratio (default 1 MiB).
    pub ratio_floor_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_record_bytes: 8 * MIB,
            max_decompressed_bytes: 4096 * MIB,
            max_compression_ratio: 200,
            ratio_floor_bytes: MIB,
        }
    }
}

/// A byte count for messages: `8 MiB`, `1.5 GiB`, `312 bytes`.
pub fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let whole = bytes / unit;
            let tenth = (bytes % unit) * 10 / unit;
            return if tenth == 0 { format!("{whole} {name}") } else { format!("{whole}.{tenth} {name}") };
        }
    }
    format!("{bytes} bytes")
}

/// Why decompression stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

/// The decompression budget of one file: bytes read from the file, bytes decompressed from it.
#[derive(Clone)]
pub struct Budget {
    limits: Limits,
    read: Rc<Cell<u64>>,
    decompressed: Rc<Cell<u64>>,
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        Budget { limits, read: Rc::new(Cell::new(0)), decompressed: Rc::new(Cell::new(0)) }
    }

    /// Counts the bytes read from the file itself.
    pub fn count_input<R: Read>(&self, inner: R) -> CountInput<R> {
        CountInput { inner, read: self.read.clone() }
    }

    /// Bounds a decompressor's output; `what` names it in messages (`gzip`, `zip member x.csv`).
    pub fn inflate<R: Read>(&self, inner: R, what: &str) -> Inflated<R> {
        Inflated { inner, budget: self.clone(), what: what.to_string() }
    }

    /// The bytes decompressed so far may grow to this.
    fn allowed(&self) -> u64 {
        let by_ratio = self.read.get().saturating_mul(self.limits.max_compression_ratio);
        by_ratio.max(self.limits.ratio_floor_bytes).min(self.limits.max_decompressed_bytes)
    }

    fn refusal(&self, what: &str) -> Refusal {
        let l = &self.limits;
        let produced = self.decompressed.get();
        if produced >= l.max_decompressed_bytes {
            Refusal(format!(
                "refused: the {what} data decompresses to more than {} (the limit on decompressed bytes per file)",
                size(l.max_decompressed_bytes)
            ))
        } else {
            Refusal(format!(
                "refused: the {what} data decompresses to more than {} times the {} read from the file \
                 ({} so far; a decompression bomb?)",
                l.max_compression_ratio,
                size(self.read.get()),
                size(produced)
            ))
        }
    }

    /// Refuses a zip member whose local header declares a size past the bounds.
    pub fn check_declared(&self, what: &str, declared: u64, compressed: u64) -> Result<(), Refusal> {
        let l = &self.limits;
        let total = self.decompressed.get().saturating_add(declared);
        if total > l.max_decompressed_bytes {
            return Err(Refusal(format!(
                "refused: the {what} declares {} uncompressed, past the limit of {} decompressed per file",
                size(declared),
                size(l.max_decompressed_bytes)
            )));
        }
        if declared > l.ratio_floor_bytes && declared / compressed.max(1) >= l.max_compression_ratio {
            return Err(Refusal(format!(
                "refused: the {what} declares {} uncompressed from {} compressed, more than {} times (a zip bomb?)",
                size(declared),
                size(compressed),
                l.max_compression_ratio
            )));
        }
        Ok(())
    }
}

/// Counts what is read from the file itself.
pub struct CountInput<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountInput<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// A decompressor's output, refused past the file's budget.
pub struct Inflated<R> {
    inner: R,
    budget: Budget,
    what: String,
}

impl<R: Read> Read for Inflated<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let done = self.budget.decompressed.get();
        let allowed = self.budget.allowed();
        if done >= allowed {
            // At the bound: one more byte is refused, unless the input it took raised the bound.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            if done + 1 > self.budget.allowed() {
                return Err(io::Error::new(io::ErrorKind::InvalidData, self.budget.refusal(&self.what)));
            }
            buf[0] = probe[0];
            self.budget.decompressed.set(done + 1);
            return Ok(1);
        }
        let room = buf.len().min(usize::try_from(allowed - done).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..room])?;
        self.budget.decompressed.set(done + n as u64);
        Ok(n)
    }
}

/// The newlines in `bytes`. memchr's search, because a plain `filter().count()` compiles to a
/// loop of four bytes a step, and every byte of every text export passes here.
pub fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Counts bytes and newlines handed to a parser, and refuses to hand over more than
/// `max_record_bytes` past the last `mark` (the start of the record being read).
pub struct Meter {
    limit: u64,
    consumed: Cell<u64>,
    newlines: Cell<u64>,
    mark: Cell<u64>,
    mark_line: Cell<u64>,
    tripped: Cell<bool>,
    paused: Cell<bool>,
    /// After `mark`, the record's line is the line of the next byte that is not whitespace
    /// (nor a comma between two records).
    seeking: Cell<bool>,
}

impl Meter {
    pub fn new(limit: u64) -> Rc<Meter> {
        Rc::new(Meter {
            limit,
            consumed: Cell::new(0),
            newlines: Cell::new(0),
            mark: Cell::new(0),
            mark_line: Cell::new(1),
            tripped: Cell::new(false),
            paused: Cell::new(false),
            seeking: Cell::new(false),
        })
    }

    /// A record starts at byte `at` (counted from the start of the stream), on line `line`.
    pub fn mark_at(&self, at: u64, line: u64) {
        self.mark.set(at);
        self.mark_line.set(line);
        self.tripped.set(false);
        self.paused.set(false);
        self.seeking.set(false);
    }

    /// No limit until the next mark: what is read now is skipped over, never held.
    pub fn pause(&self) {
        self.paused.set(true);
    }

    /// A record starts at the next byte handed over that is not whitespace.
    pub fn mark(&self) {
        self.mark_at(self.consumed.get(), self.newlines.get() + 1);
        self.seeking.set(true);
    }

    pub fn consumed(&self) -> u64 {
        self.consumed.get()
    }

    /// Newlines handed over (or skipped) so far.
    pub fn newlines(&self) -> u64 {
        self.newlines.get()
    }

    /// The line the record after the last mark starts on.
    pub fn mark_line(&self) -> u64 {
        self.mark_line.get()
    }

    /// Whether the last read was refused for the record limit.
    pub fn tripped(&self) -> bool {
        self.tripped.get()
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The reason a record over the limit was skipped.
    pub fn reason(&self) -> String {
        format!("is larger than the record limit of {} and was not read", size(self.limit))
    }
}

/// A reader whose output goes through a `Meter`; it can also skip to the next line.
pub struct Metered<R> {
    inner: R,
    meter: Rc<Meter>,
}

impl<R: BufRead> Metered<R> {
    pub fn new(inner: R, meter: Rc<Meter>) -> Metered<R> {
        Metered { inner, meter }
    }

    fn count(&self, bytes: &[u8]) {
        let m = &self.meter;
        if let [b] = bytes {
            // serde_json's reader takes one byte a call: no search for one byte.
            if m.seeking.get() && !b.is_ascii_whitespace() && *b != b',' {
                m.mark_line.set(m.newlines.get() + 1);
                m.seeking.set(false);
            }
            m.consumed.set(m.consumed.get() + 1);
            m.newlines.set(m.newlines.get() + u64::from(*b == b'\n'));
            return;
        }
        if m.seeking.get() {
            // A JSON separator before the record is not the record.
            if let Some(i) = bytes.iter().position(|&b| !b.is_ascii_whitespace() && b != b',') {
                let before = count_newlines(&bytes[..i]);
                m.mark_line.set(m.newlines.get() + before + 1);
                m.seeking.set(false);
            }
        }
        m.consumed.set(m.consumed.get() + bytes.len() as u64);
        m.newlines.set(m.newlines.get() + count_newlines(bytes));
    }

    /// Discards everything up to and including the next newline, never holding it. Returns
    /// false at the end of the input.
    pub fn skip_line(&mut self) -> io::Result<bool> {
        let skipped = self.inner.skip_until(b'\n')? as u64;
        let m = &self.meter;
        m.consumed.set(m.consumed.get() + skipped);
        if skipped == 0 || self.inner.fill_buf()?.is_empty() {
            return Ok(false);
        }
        m.newlines.set(m.newlines.get() + 1);
        Ok(true)
    }
}

impl<R: BufRead> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let m = &self.meter;
        let used = if m.paused.get() { 0 } else { m.consumed.get().saturating_sub(m.mark.get()) };
        if used >= m.limit && !buf.is_empty() {
            m.tripped.set(true);
            return Err(io::Error::new(io::ErrorKind::InvalidData, Refusal(m.reason())));
        }
        if let [out] = buf {
            // One byte (serde_json's reader): straight from the buffer, without a copy call.
            let Some(&b) = self.inner.fill_buf()?.first() else { return Ok(0) };
            self.inner.consume(1);
            *out = b;
            self.count(&[b]);
            return Ok(1);
        }
        let room = buf.len().min(usize::try_from(m.limit - used).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..room])?;
        self.count(&buf[..n]);
        Ok(n)
    }
}

/// Reads one line (through its `\n`) into `buf`, keeping at most `max` bytes. Returns the
/// bytes the line had (0 at the end of the input) and whether it was longer than `max`; the
/// rest of a longer line is read and dropped, never held.
pub fn read_line_bounded(reader: &mut impl BufRead, buf: &mut Vec<u8>, max: u64) -> io::Result<(u64, bool)> {
    let start = buf.len();
    let n = (&mut *reader).take(max.saturating_add(1)).read_until(b'\n', buf)? as u64;
    if n <= max || buf.last() == Some(&b'\n') {
        return Ok((n, false));
    }
    buf.truncate(start);
    let rest = reader.skip_until(b'\n')? as u64;
    Ok((n + rest, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(312), "312 bytes");
        assert_eq!(size(8 * MIB), "8 MiB");
        assert_eq!(size(3 * MIB / 2), "1.5 MiB");
        assert_eq!(size(4096 * MIB), "4 GiB");
    }

    #[test]
    fn long_lines_are_dropped_not_held() {
        let text = format!("short\n{}\nafter", "x".repeat(100));
        let mut reader = io::BufReader::with_capacity(16, text.as_bytes());
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut reader, &mut buf, 10).unwrap(), (6, false));
        assert_eq!(buf, b"short\n");
        buf.clear();
        assert_eq!(read_line_bounded(&mut reader, &mut buf, 10).unwrap(), (101, true));
        assert!(buf.is_empty());
        assert_eq!(read_line_bounded(&mut reader, &mut buf, 10).unwrap(), (5, false));
        assert_eq!(buf, b"after");
        buf.clear();
        assert_eq!(read_line_bounded(&mut reader, &mut buf, 10).unwrap(), (0, false));
        // A line of exactly the limit, and one a byte over it.
        let mut reader = io::BufReader::new(&b"0123456789\n0123456789X\n"[..]);
        assert_eq!(read_line_bounded(&mut reader, &mut buf, 10).unwrap(), (11, false));
        buf.clear();
        assert_eq!(read_line_bounded(&mut reader, &mut buf, 10).unwrap(), (12, true));
    }

    #[test]
    fn metered_refuses_past_the_mark_and_skips_lines() {
        let meter = Meter::new(8);
        let mut r = Metered::new(io::BufReader::with_capacity(4, &b"0123456789abc\nnext\n"[..]), meter.clone());
        let mut buf = [0u8; 32];
        assert_eq!(r.read(&mut buf).unwrap(), 8);
        assert!(r.read(&mut buf).is_err() && meter.tripped());
        assert!(r.skip_line().unwrap());
        assert_eq!((meter.consumed(), meter.newlines()), (14, 1));
        meter.mark();
        let mut rest = Vec::new();
        r.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"next\n");
        assert!(!r.skip_line().unwrap());
    }
}
