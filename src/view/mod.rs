//! The view model: a hunt shaped for drawing, and the pure decisions about how to draw it.
//!
//! `results` runs the hunt and its near misses over a `LoadedFiles` and builds a `ResultsView`:
//! the alert groups with their window bands (`GroupView`), the result rows (`RowView`), and the
//! timeline's lanes (`LaneView`) of marks (`MarkView`). The worker builds it and sends it to the
//! page; the page only draws it. Everything here compiles for every target and is tested
//! natively: no web types, no Yew.
//!
//! - `results.rs`: `ResultsView`, `GroupView`, `RowView`, `StringId`, and `results` itself.
//! - `lanes.rs`: `LaneView`, `MarkView`: one lane per host in order of first alert (then hosts
//!   with RDP sessions only), its marks as numbers and interned string ids.
//! - `sessions.rs`: `SessionView`, `LoneView`: RDP sessions and lone 1149s, on two tracks.
//! - `session_text.rs`: their tooltips, detail, table cells and durations.
//! - `pivot.rs`: `PivotEntity`, `PivotView`: the workbench pivoted onto one account or address
//!   (its alerts, logons and sessions on every host, the rest dimmed) and its path (`Hop`s).
//! - `bars.rs`: `SessionBar`: where a lane draws its sessions at a zoom (body, stretches, open
//!   ends, marks).
//! - `tooltip.rs`: `Tip`, what the pointer is over, and the text shown for it.
//! - `range.rs`: `TimeRange`, the visible time span: fit, zoom, pan, reveal.
//! - `lod.rs`: level of detail: which lanes and groups are drawn, marks one by one or binned.
//! - `axis.rs`: the time axis's ticks and labels, and the host labels of the gutter.
//! - `rows.rs`: which result rows the table shows, in which order (`Sort`, `visible_rows`).
//!
//! The view stays small whatever the input: a mark is numbers and ids into
//! `ResultsView::strings`, and its text is put together only for the mark hovered.

pub mod axis;
pub mod bars;
pub mod lanes;
pub mod lod;
pub mod pivot;
pub mod range;
pub mod results;
pub mod rows;
pub mod session_text;
pub mod sessions;
pub mod tooltip;

#[cfg(test)]
mod fixture;

pub use lanes::{LaneView, MarkView};
pub use lod::{lane_marks, lanes_in_view, Bin, LaneMarks};
pub use range::TimeRange;
pub use pivot::{PivotEntity, PivotView};
pub use results::{results, results_pivoted, GroupView, ResultsView, RowView, StringId};
pub use rows::{visible_rows, Sort};
pub use sessions::{LoneView, SessionView};
pub use tooltip::Tip;
