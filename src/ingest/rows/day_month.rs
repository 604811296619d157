//! The day/month decision: portal dates wait until the whole column settles their order.
//!
//! `UnsettledDates` keeps every row whose time is a `DayMonth` (loaded with a placeholder time)
//! and the first value that proves each order. At the end of the file `settle` picks the order
//! (`Settled`): the one the values prove, else the one the analyst chose, else month-first when
//! no value reads differently both ways. A file that proves both orders is refused, and one
//! that cannot be decided asks (`DateOrderQuestion`). `resolve` then writes the real times and
//! names the rows whose date does not exist in that order, for the loader to drop.

use std::collections::HashSet;

use super::shown;
use crate::ingest::datetime::{DateOrder, DayMonth};
use crate::ingest::report::DateOrderQuestion;
use crate::ingest::FileCtx;

/// A loaded row whose time waits for the order.
struct Pending {
    row: usize,
    line: u64,
    value: DayMonth,
}

/// The portal dates of one file whose day/month order is still open.
pub(super) struct UnsettledDates {
    /// The order the analyst chose, if any.
    chosen: Option<DateOrder>,
    pending: Vec<Pending>,
    month_first_seen: Option<(u64, String)>,
    day_first_seen: Option<(u64, String)>,
}

/// What the whole column says about the order.
pub(super) enum Settled {
    /// Read the dates in `order`; `warning` says when it overrules the analyst's choice.
    Order { order: DateOrder, warning: Option<String> },
    /// The file's rows cannot load: why, and the question to ask when the order is open.
    Refused { message: String, question: Option<DateOrderQuestion> },
}

impl UnsettledDates {
    pub(super) fn new(chosen: Option<DateOrder>) -> UnsettledDates {
        UnsettledDates { chosen, pending: Vec::new(), month_first_seen: None, day_first_seen: None }
    }

    /// Notes the first value that proves each order (a number above 12 cannot be a month).
    pub(super) fn observe(&mut self, line: u64, text: &str, value: &DayMonth) {
        match value.settles() {
            Some(DateOrder::DayFirst) if self.day_first_seen.is_none() => self.day_first_seen = Some((line, shown(text))),
            Some(DateOrder::MonthFirst) if self.month_first_seen.is_none() => {
                self.month_first_seen = Some((line, shown(text)))
            }
            _ => {}
        }
    }

    /// A row was loaded with a placeholder time; `resolve` rewrites it.
    pub(super) fn defer(&mut self, row: usize, line: u64, value: DayMonth) {
        self.pending.push(Pending { row, line, value });
    }

    /// Decides the order from the whole column; `time_name` names the column in messages.
    pub(super) fn settle(&self, time_name: &str) -> Settled {
        let order = match (&self.month_first_seen, &self.day_first_seen) {
            (Some((ml, mv)), Some((dl, dv))) => {
                let message = format!(
                    "{time_name} mixes month-first dates (line {ml}: '{mv}') with day-first dates (line {dl}: '{dv}'); \
                     the file's rows were not loaded"
                );
                return Settled::Refused { message, question: None };
            }
            (Some(_), None) => Some(DateOrder::MonthFirst),
            (None, Some(_)) => Some(DateOrder::DayFirst),
            (None, None) => self.chosen,
        };
        let mut warning = None;
        if let (Some(chosen), Some(settled)) = (self.chosen, order) {
            if chosen != settled {
                warning = Some(format!(
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
        if let Some(order) = order.or(undecided.is_empty().then_some(DateOrder::MonthFirst)) {
            return Settled::Order { order, warning };
        }
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
            "{time_name}: no value settles whether dates such as '{}/{}/{}' are month-first or day-first; \
             choose the order (CLI: --date-order mdy|dmy)",
            v.first, v.second, v.year
        );
        Settled::Refused { message, question: Some(DateOrderQuestion { examples }) }
    }

    /// Writes each waiting row's time under `order`, shifted back by `local_offset_ticks`, and
    /// returns the rows whose date does not exist in that order (skipped, with their line, for the
    /// caller to remove).
    pub(super) fn resolve(&mut self, ctx: &mut FileCtx<'_>, order: DateOrder, local_offset_ticks: i64, alerts: bool) -> HashSet<usize> {
        let mut dropped: HashSet<usize> = HashSet::new();
        for p in std::mem::take(&mut self.pending) {
            match p.value.resolve(order).and_then(|t| t.checked_add(-local_offset_ticks)) {
                Some(t) if alerts => ctx.data.alerts.time[p.row] = t,
                Some(t) => ctx.data.logons.time[p.row] = t,
                None => {
                    dropped.insert(p.row);
                    let v = p.value;
                    ctx.report.skip(p.line, format!("{}/{}/{} is no date when read {order:?}", v.first, v.second, v.year));
                }
            }
        }
        dropped
    }
}
