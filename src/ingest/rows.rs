//! From a reader's raw `Record` to rows in the `Dataset`.
//!
//! Every reader fills a `Record` (the cells of the `Field`s the hunt keeps) per row and hands it to
//! a `RowLoader`, which parses times and integers, maps WindowsEvent and Mordor records onto the
//! logon side, appends the row, or counts it as skipped with its line and reason. At `finish` the
//! loader settles the day/month order of portal dates from the whole column and completes the
//! `FileReport`.

use std::collections::HashSet;

use super::datetime::{self, DateOrder, DayMonth, Parsed};
use super::report::{DateOrderQuestion, Precision};
use super::schema::{Binding, Field, TableKind, FIELD_COUNT};
use super::FileCtx;
use crate::engine::time::TICKS_PER_MINUTE;
use crate::engine::{AlertRow, FileId, LogonRow, Origin, Ticks};

/// What kind of JSON value (or CSV text) a cell held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CellKind {
    #[default]
    Null,
    Text,
    Number,
    Bool,
    /// An object or array, kept as its JSON text.
    Nested,
}

#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub kind: CellKind,
    pub text: String,
}

/// The kept cells of one row; reused from row to row to spare allocations.
#[derive(Clone, Debug, Default)]
pub struct Record {
    cells: [Cell; FIELD_COUNT],
}

impl Record {
    pub fn clear(&mut self) {
        for c in &mut self.cells {
            c.kind = CellKind::Null;
            c.text.clear();
        }
    }

    pub fn set(&mut self, field: Field, kind: CellKind, text: &str) {
        let cell = &mut self.cells[field.index()];
        cell.kind = kind;
        cell.text.clear();
        cell.text.push_str(text);
    }

    pub fn cell_mut(&mut self, field: Field) -> &mut Cell {
        &mut self.cells[field.index()]
    }

    pub fn text(&self, field: Field) -> &str {
        &self.cells[field.index()].text
    }

    fn cell(&self, field: Field) -> &Cell {
        &self.cells[field.index()]
    }
}

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

/// The Activity text SecurityEvent carries for an event ID, for mapped rows.
pub fn activity_of(event_id: Option<i32>) -> String {
    let text = match event_id {
        Some(4624) => "An account was successfully logged on.",
        Some(4625) => "An account failed to log on.",
        Some(4634) => "An account was logged off.",
        Some(4647) => "User initiated logoff.",
        Some(4648) => "A logon was attempted using explicit credentials.",
        Some(4672) => "Special privileges assigned to new logon.",
        Some(id) => return id.to_string(),
        None => return String::new(),
    };
    format!("{} - {text}", event_id.unwrap_or_default())
}

/// The LogonTypeName text SecurityEvent carries for a logon type, for mapped rows.
pub fn logon_type_name_of(logon_type: Option<i32>) -> String {
    let name = match logon_type {
        Some(0) => "System",
        Some(2) => "Interactive",
        Some(3) => "Network",
        Some(4) => "Batch",
        Some(5) => "Service",
        Some(7) => "Unlock",
        Some(8) => "NetworkCleartext",
        Some(9) => "NewCredentials",
        Some(10) => "RemoteInteractive",
        Some(11) => "CachedInteractive",
        Some(12) => "CachedRemoteInteractive",
        Some(13) => "CachedUnlock",
        Some(t) => return t.to_string(),
        None => return String::new(),
    };
    format!("{} - {name}", logon_type.unwrap_or_default())
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

struct Pending {
    row: usize,
    line: u64,
    value: DayMonth,
}

/// Loads the rows of one file (or archive member) into the dataset.
pub struct RowLoader {
    binding: Binding,
    file: FileId,
    start: usize,
    local_offset_ticks: i64,
    date_order: Option<DateOrder>,
    pending: Vec<Pending>,
    month_first_seen: Option<(u64, String)>,
    day_first_seen: Option<(u64, String)>,
    max_digits: Option<u8>,
    damaged: Tally,
    bad_ints: Tally,
    bad_event_data: Tally,
    account: String,
}

impl RowLoader {
    pub fn new(ctx: &mut FileCtx<'_>, binding: Binding) -> Self {
        let (data, report, opts) = (&*ctx.data, &mut *ctx.report, ctx.opts);
        let kind = binding.kind;
        report.table = Some(kind.label().to_string());
        report.mapping = kind.mapping().map(str::to_string);
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
            date_order: opts.date_order,
            pending: Vec::new(),
            month_first_seen: None,
            day_first_seen: None,
            max_digits: None,
            damaged: Tally::default(),
            bad_ints: Tally::default(),
            bad_event_data: Tally::default(),
            account: String::new(),
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
        let cell = rec.cell(field);
        parse_int(&cell.text).unwrap_or_else(|()| {
            self.bad_ints.add(line, &cell.text);
            None
        })
    }

    fn damage_check(&mut self, line: u64, values: &[&str]) {
        if values.iter().any(|v| *v == "#NAME?") {
            self.damaged.add(line, "#NAME?");
        }
    }

    /// Loads one row, or counts it as skipped.
    pub fn push(&mut self, ctx: &mut FileCtx<'_>, line: u64, rec: &Record) {
        ctx.report.rows_read += 1;
        let time_text = rec.text(Field::Time);
        let (ticks, pending) = match datetime::parse(time_text) {
            Ok(Parsed::Exact { ticks, digits }) => {
                self.max_digits = self.max_digits.max(Some(digits));
                (ticks, None)
            }
            Ok(Parsed::DayMonth(dm)) => {
                self.max_digits = self.max_digits.max(Some(dm.digits));
                match dm.settles() {
                    Some(DateOrder::DayFirst) if self.day_first_seen.is_none() => {
                        self.day_first_seen = Some((line, shown(time_text)))
                    }
                    Some(DateOrder::MonthFirst) if self.month_first_seen.is_none() => {
                        self.month_first_seen = Some((line, shown(time_text)))
                    }
                    _ => {}
                }
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
        let ticks = if self.binding.local_time {
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
                ctx.data.logons.len() - 1
            }
            TableKind::WindowsEvent | TableKind::Mordor => {
                let event_id = self.int(rec, Field::EventId, line);
                let (user, domain, logon_type_text, ip) = if self.binding.kind == TableKind::Mordor {
                    (
                        rec.text(Field::TargetUserName).to_string(),
                        rec.text(Field::TargetDomainName).to_string(),
                        rec.text(Field::LogonType).to_string(),
                        rec.text(Field::IpAddress).to_string(),
                    )
                } else {
                    self.event_data(rec, line)
                };
                let logon_type = parse_int(&logon_type_text).unwrap_or_else(|()| {
                    self.bad_ints.add(line, &logon_type_text);
                    None
                });
                self.account.clear();
                if !domain.is_empty() {
                    self.account.push_str(&domain);
                    self.account.push('\\');
                }
                self.account.push_str(&user);
                let account_type = if user.is_empty() {
                    ""
                } else if user.ends_with('$') {
                    "Machine"
                } else {
                    "User"
                };
                ctx.data.push_logon(&LogonRow {
                    time: ticks,
                    event_id,
                    logon_type,
                    account: &self.account,
                    computer: rec.text(Field::Computer),
                    ip_address: &ip,
                    account_type,
                    activity: &activity_of(event_id),
                    logon_type_name: &logon_type_name_of(logon_type),
                    origin,
                });
                ctx.data.logons.len() - 1
            }
        };
        if let Some(value) = pending {
            self.pending.push(Pending { row, line, value });
        }
    }

    /// TargetUserName, TargetDomainName, LogonType and IpAddress from a WindowsEvent EventData bag.
    fn event_data(&mut self, rec: &Record, line: u64) -> (String, String, String, String) {
        let text = rec.text(Field::EventData);
        if text.trim().is_empty() {
            return Default::default();
        }
        match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text) {
            Ok(bag) => {
                let get = |k: &str| match bag.get(k) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                };
                (get("TargetUserName"), get("TargetDomainName"), get("LogonType"), get("IpAddress"))
            }
            Err(_) => {
                self.bad_event_data.add(line, text);
                Default::default()
            }
        }
    }

    /// Settles the day/month order, drops rows it rules out, and completes the report.
    /// Returns the number of rows loaded.
    pub fn finish(mut self, ctx: &mut FileCtx<'_>) -> usize {
        let order = match (&self.month_first_seen, &self.day_first_seen) {
            (Some((ml, mv)), Some((dl, dv))) => {
                let message = format!(
                    "{} mixes month-first dates (line {ml}: '{mv}') with day-first dates (line {dl}: '{dv}'); \
                     the file's rows were not loaded",
                    self.time_name()
                );
                return self.abandon(ctx, message, None);
            }
            (Some(_), None) => Some(DateOrder::MonthFirst),
            (None, Some(_)) => Some(DateOrder::DayFirst),
            (None, None) => self.date_order,
        };
        if let (Some(chosen), Some(settled)) = (self.date_order, order) {
            if chosen != settled {
                ctx.report.warnings.push(format!(
                    "the day/month order asked for ({chosen:?}) was overruled: the file's dates settle it as {settled:?}"
                ));
            }
        }
        let mut undecided: Vec<DayMonth> = Vec::new();
        for v in self.pending.iter().map(|p| p.value).filter(|v| v.first != v.second) {
            let same_date = |u: &DayMonth| (u.first, u.second, u.year) == (v.first, v.second, v.year);
            if !undecided.iter().any(same_date) {
                undecided.push(v);
                if undecided.len() == 2 {
                    break;
                }
            }
        }
        let Some(order) = order.or(undecided.is_empty().then_some(DateOrder::MonthFirst)) else {
            let read = |v: &DayMonth, o| v.resolve(o).map(|t| t.to_iso()).unwrap_or_default();
            let examples = undecided
                .iter()
                .map(|v| {
                    let text = format!("{}/{}/{}", v.first, v.second, v.year);
                    (text, read(v, DateOrder::MonthFirst), read(v, DateOrder::DayFirst))
                })
                .collect();
            let v = undecided[0];
            let message = format!(
                "{}: no value settles whether dates such as '{}/{}/{}' are month-first or day-first; \
                 choose the order (CLI: --date-order mdy|dmy)",
                self.time_name(),
                v.first,
                v.second,
                v.year
            );
            return self.abandon(ctx, message, Some(DateOrderQuestion { examples }));
        };
        let alerts = self.binding.kind.is_alerts();
        let mut dropped: HashSet<usize> = HashSet::new();
        for p in std::mem::take(&mut self.pending) {
            match p.value.resolve(order).and_then(|t| t.checked_add(-self.local_offset_ticks)) {
                Some(t) if alerts => ctx.data.alerts.time[p.row] = t,
                Some(t) => ctx.data.logons.time[p.row] = t,
                None => {
                    dropped.insert(p.row);
                    let v = p.value;
                    ctx.report.skip(p.line, format!("{}/{}/{} is no date when read {order:?}", v.first, v.second, v.year));
                }
            }
        }
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
