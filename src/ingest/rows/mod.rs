//! From a reader's raw `Record` to rows in the `Dataset`.
//!
//! Every reader fills a `Record` (the cells of the `Field`s the hunt keeps) per row and hands it to
//! a `RowLoader`, which parses times and integers, maps WindowsEvent and Mordor records onto the
//! logon side (`windows`), appends the row, or counts it as skipped with its line and reason. At
//! `finish` the loader settles the day/month order of portal dates from the whole column
//! (`day_month`) and completes the `FileReport`. Logon-side rows with a session role also go to
//! the dataset's session events (`sessions`).

mod day_month;
mod record;
mod session_fields;
mod sessions;
mod windows;

use super::datetime::{self, Parsed};
use super::report::{DateOrderQuestion, Precision};
use super::schema::{Binding, Field, TableKind};
use super::FileCtx;
use crate::engine::time::TICKS_PER_MINUTE;
use crate::engine::{AlertRow, FileId, LogonRow, Origin, Ticks};
use day_month::{Settled, UnsettledDates};
pub use record::{CellKind, Record};
pub use session_fields::{activity_of_correlation, message_value, xml_data};
pub use sessions::{ChannelMemo, Needs};
pub use windows::{activity_of, logon_type_name_of};

/// Shortens hostile or huge values before they go into a message.
pub fn shown(value: &str) -> String {
    const MAX: usize = 60;
    let mut out: String = value.chars().take(MAX).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if value.chars().count() > MAX {
        out.push('…');
    }
    out
}

/// Reads a Kusto `int`: `10`, `"10"` and `10.0` are ten; empty is null.
pub fn parse_int(text: &str) -> Result<Option<i32>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(v) = t.parse::<i32>() {
        return Ok(Some(v));
    }
    // `10.0`: a whole number written as a real.
    if let Some((whole, frac)) = t.split_once('.') {
        if !frac.is_empty() && frac.bytes().all(|b| b == b'0') {
            return whole.parse::<i32>().map(Some).map_err(|_| ());
        }
    }
    Err(())
}

/// A count of one kind of oddity, with the line of its first case.
#[derive(Default)]
struct Tally {
    count: u64,
    first_line: u64,
    example: String,
}

impl Tally {
    fn add(&mut self, line: u64, example: &str) {
        if self.count == 0 {
            self.first_line = line;
            self.example = shown(example);
        }
        self.count += 1;
    }
}

/// Loads the rows of one file (or archive member) into the dataset.
pub struct RowLoader {
    binding: Binding,
    file: FileId,
    start: usize,
    local_offset_ticks: i64,
    dates: UnsettledDates,
    max_digits: Option<u8>,
    damaged: Tally,
    bad_ints: Tally,
    bad_event_data: Tally,
    account: String,
    channels: ChannelMemo,
    session: session_fields::SessionFields,
    pending_sessions: Vec<session_fields::PendingSession>,
    session_counts: [u64; sessions::SOURCE_NAMES.len()],
}

impl RowLoader {
    pub fn new(ctx: &mut FileCtx<'_>, binding: Binding) -> Self {
        let (data, report, opts) = (&*ctx.data, &mut *ctx.report, ctx.opts);
        let kind = binding.kind;
        report.table = Some(kind.label().to_string());
        report.mapping = kind.mapping().map(str::to_string);
        report.collector_times = kind == TableKind::Mordor;
        if !binding.missing_optional.is_empty() {
            report.warnings.push(format!(
                "optional column(s) missing, read as empty: {}",
                binding.missing_optional.join(", ")
            ));
        }
        let mut local_offset_ticks = 0;
        if binding.local_time {
            let minutes = opts.local_offset_minutes.unwrap_or(0);
            local_offset_ticks = i64::from(minutes) * TICKS_PER_MINUTE;
            report.warnings.push(format!(
                "TimeGenerated is in [Local Time] with no offset in the values: UTC cannot be recovered exactly; \
                 assumed local = UTC{}{:02}:{:02}{}",
                if minutes < 0 { '-' } else { '+' },
                minutes.abs() / 60,
                minutes.abs() % 60,
                if opts.local_offset_minutes.is_none() { " (set the offset to correct it)" } else { "" },
            ));
        }
        let start = if kind.is_alerts() { data.alerts.len() } else { data.logons.len() };
        RowLoader {
            file: report.file,
            binding,
            start,
            local_offset_ticks,
            dates: UnsettledDates::new(opts.date_order),
            max_digits: None,
            damaged: Tally::default(),
            bad_ints: Tally::default(),
            bad_event_data: Tally::default(),
            account: String::new(),
            channels: ChannelMemo::default(),
            session: session_fields::SessionFields::default(),
            pending_sessions: Vec::new(),
            session_counts: [0; sessions::SOURCE_NAMES.len()],
        }
    }

    pub fn binding(&self) -> &Binding {
        &self.binding
    }

    /// Counts a row that could not even be split into cells.
    pub fn skip(&mut self, ctx: &mut FileCtx<'_>, line: u64, reason: impl Into<String>) {
        ctx.report.rows_read += 1;
        ctx.report.skip(line, reason);
    }

    fn time_name(&self) -> &'static str {
        if self.binding.kind == TableKind::Mordor { "@timestamp" } else { "TimeGenerated" }
    }

    fn int(&mut self, rec: &Record, field: Field, line: u64) -> Option<i32> {
        let text = rec.text(field);
        parse_int(text).unwrap_or_else(|()| {
            self.bad_ints.add(line, text);
            None
        })
    }

    fn damage_check(&mut self, line: u64, values: &[&str]) {
        if values.iter().any(|v| *v == "#NAME?") {
            self.damaged.add(line, "#NAME?");
        }
    }

    /// Loads one row, or counts it as skipped.
    pub fn push(&mut self, ctx: &mut FileCtx<'_>, line: u64, rec: &mut Record) {
        self.push_lazy(ctx, line, rec, &mut |_, _| {});
    }

    /// As `push`, for readers that read a row's session cells only when asked: `fill` is called
    /// (before the session values are taken) only for a row with a session role, with the cells
    /// that role `Needs`.
    pub fn push_lazy(&mut self, ctx: &mut FileCtx<'_>, line: u64, rec: &mut Record, fill: &mut dyn FnMut(&mut Record, Needs)) {
        ctx.report.rows_read += 1;
        let time_text = rec.text(Field::Time);
        let (ticks, pending) = match datetime::parse(time_text) {
            Ok(Parsed::Exact { ticks, digits }) => {
                self.max_digits = self.max_digits.max(Some(digits));
                (ticks, None)
            }
            Ok(Parsed::DayMonth(dm)) => {
                self.max_digits = self.max_digits.max(Some(dm.digits));
                self.dates.observe(line, time_text, &dm);
                // Placeholder until `finish` knows the order; `finish` rewrites every such row.
                (Ticks(0), Some(dm))
            }
            Err(why) => {
                let reason = if time_text.trim().is_empty() {
                    format!("{} is empty", self.time_name())
                } else {
                    format!("{} '{}' {why}", self.time_name(), shown(time_text))
                };
                ctx.report.skip(line, reason);
                return;
            }
        };
        // A day/month value's placeholder is shifted in `resolve`, once its date is known.
        let ticks = if self.binding.local_time && pending.is_none() {
            match ticks.checked_add(-self.local_offset_ticks) {
                Some(t) => t,
                None => {
                    ctx.report.skip(line, format!("{} is outside the datetime range", self.time_name()));
                    return;
                }
            }
        } else {
            ticks
        };
        let origin = Origin { file: self.file, line };
        let mut logon = None;
        let row = match self.binding.kind {
            TableKind::SecurityAlert => {
                let (name, entity) = (rec.text(Field::AlertName), rec.text(Field::CompromisedEntity));
                self.damage_check(line, &[name, entity]);
                ctx.data.push_alert(&AlertRow {
                    time: ticks,
                    subscription: rec.text(Field::Subscription),
                    compromised_entity: entity,
                    alert_name: name,
                    origin,
                });
                ctx.data.alerts.len() - 1
            }
            TableKind::SecurityEvent => {
                let event_id = self.int(rec, Field::EventId, line);
                let logon_type = self.int(rec, Field::LogonType, line);
                let (account, computer) = (rec.text(Field::Account), rec.text(Field::Computer));
                self.damage_check(line, &[account, computer]);
                ctx.data.push_logon(&LogonRow {
                    time: ticks,
                    event_id,
                    logon_type,
                    account,
                    computer,
                    ip_address: rec.text(Field::IpAddress),
                    account_type: rec.text(Field::AccountType),
                    activity: rec.text(Field::Activity),
                    logon_type_name: rec.text(Field::LogonTypeName),
                    origin,
                });
                logon = Some((event_id, logon_type, None));
                ctx.data.logons.len() - 1
            }
            TableKind::WindowsEvent | TableKind::Mordor => {
                let (row, event_id, logon_type, bag) = self.push_mapped_logon(ctx, rec, line, ticks, origin);
                logon = Some((event_id, logon_type, bag));
                row
            }
        };
        if let Some(value) = pending {
            self.dates.defer(row, line, value);
        }
        if let Some((event_id, logon_type, bag)) = logon {
            let waits = pending.is_some().then_some(row);
            self.session_row(ctx, rec, fill, bag.as_ref(), ticks, waits, event_id, logon_type, origin);
        }
    }

    /// Settles the day/month order, drops rows it rules out, and completes the report.
    /// Returns the number of rows loaded.
    pub fn finish(mut self, ctx: &mut FileCtx<'_>) -> usize {
        let order = match self.dates.settle(self.time_name()) {
            Settled::Order { order, warning } => {
                ctx.report.warnings.extend(warning);
                order
            }
            Settled::Refused { message, question } => return self.abandon(ctx, message, question),
        };
        let alerts = self.binding.kind.is_alerts();
        let dropped = self.dates.resolve(ctx, order, self.local_offset_ticks, alerts);
        // Session rows waiting for their time read it before the dropped rows go.
        self.finish_sessions(ctx, &dropped);
        if !dropped.is_empty() {
            if alerts {
                ctx.data.retain_alerts_from(self.start, |i| !dropped.contains(&i));
            } else {
                ctx.data.retain_logons_from(self.start, |i| !dropped.contains(&i));
            }
        }
        self.complete_report(ctx);
        ctx.report.rows_loaded as usize
    }

    /// Gives up on the file's rows: removes what was appended and records why.
    fn abandon(mut self, ctx: &mut FileCtx<'_>, message: String, question: Option<DateOrderQuestion>) -> usize {
        let start = self.start;
        if self.binding.kind.is_alerts() {
            ctx.data.retain_alerts_from(start, |_| false);
        } else {
            ctx.data.retain_logons_from(start, |_| false);
        }
        self.abandon_sessions(ctx);
        self.complete_report(ctx);
        ctx.report.rows_loaded = 0;
        ctx.report.error = Some(message);
        ctx.report.date_order_question = question;
        0
    }

    fn complete_report(&mut self, ctx: &mut FileCtx<'_>) {
        let report = &mut *ctx.report;
        report.skipped.sort_by_key(|s| s.line);
        report.rows_loaded = report.rows_read - report.rows_skipped;
        report.precision = self.max_digits.map(Precision::from_digits);
        if matches!(report.rows_read, 30_000 | 500_000) {
            report.warnings.push(format!(
                "exactly {} rows: the portal caps exports at this count, so the file is probably truncated",
                report.rows_read
            ));
        }
        let tallies = [
            (&self.damaged, "values read '#NAME?': spreadsheet damage, the original values (which began with - or =) are lost"),
            (&self.bad_ints, "EventID/LogonType values are not whole numbers and count as empty"),
            (&self.bad_event_data, "EventData values are not a JSON property bag and count as empty"),
        ];
        for (tally, what) in tallies {
            if tally.count > 0 {
                report.warnings.push(format!(
                    "{} {what} (first at line {}: '{}')",
                    tally.count, tally.first_line, tally.example
                ));
            }
        }
        if report.lossy_rows > 0 {
            report.warnings.push(format!(
                "{} rows held bytes that are not UTF-8; they were read with U+FFFD in their place",
                report.lossy_rows
            ));
        }
    }
}
