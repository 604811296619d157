//! The view model: a hunt shaped for drawing, and the pure decisions about how to draw it.
//!
//! `results` runs the hunt and its near misses over a `LoadedFiles` and builds a `ResultsView`:
//! the alert groups with their window bands (`GroupView`), the result rows (`RowView`), and the
//! timeline's lanes (`LaneView`) of marks (`MarkView`). The worker builds it and sends it to the
//! page; the page only draws it. Everything here compiles for every target and is tested
//! natively: no web types, no Yew.
//!
//! - `results.rs`: `ResultsView`, `GroupView`, `RowView`, `StringId`, and `results` itself.
//! - `lanes.rs`: `LaneView`, `MarkView`: one lane per host in order of first alert, its marks
//!   as numbers and interned string ids.
//! - `tooltip.rs`: `Tip`, what the pointer is over, and the text shown for it.
//! - `range.rs`: `TimeRange`, the visible time span: fit, zoom, pan, reveal.
//! - `lod.rs`: level of detail: which lanes and groups are drawn, marks one by one or binned.
//! - `axis.rs`: the time axis's ticks and labels, and the host labels of the gutter.
//! - `rows.rs`: which result rows the table shows, in which order (`Sort`, `visible_rows`).
//!
//! The view stays small whatever the input: a mark is numbers and ids into
//! `ResultsView::strings`, and its text is put together only for the mark hovered.

pub mod axis;
pub mod lanes;
pub mod lod;
pub mod range;
pub mod results;
pub mod rows;
pub mod tooltip;

#[cfg(test)]
mod fixture;

pub use lanes::{LaneView, MarkView};
pub use lod::{lane_marks, lanes_in_view, Bin, LaneMarks};
pub use range::TimeRange;
pub use results::{results, GroupView, ResultsView, RowView, StringId};
pub use rows::{visible_rows, Sort};
pub use tooltip::Tip;
