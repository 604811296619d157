//! Level of detail: what the timeline draws, so 10,000 groups and 100,000 logons stay
//! interactive. Only the lanes in view are drawn (`lanes_in_view`); in a lane, only the groups
//! in view, fewer when crowded (`groups_in_view`); and its marks one by one while
//! there is room, else binned into runs (`lane_marks`). Positions are px from the chart's left
//! edge; `px_per_ms` is the zoom.

use std::ops::Range;

use super::lanes::{LaneView, MarkView};
use super::range::TimeRange;
use super::results::ResultsView;

/// Marks closer than this many px are drawn as one bin.
pub const BIN_PX: f64 = 3.0;
/// In a crowded lane, a group closer than this many px to the one before it is left out.
pub const GROUP_PX: f64 = 8.0;

/// The lanes drawn when the lanes area is scrolled to `scroll_top`: those in view and one more
/// on each side.
pub fn lanes_in_view(scroll_top: f64, lane_height: f64, viewport: f64, lanes: usize) -> Range<usize> {
    let first = ((scroll_top / lane_height) as usize).saturating_sub(1).min(lanes);
    let last = (first + (viewport / lane_height) as usize + 2).min(lanes);
    first..last
}

/// The groups of `lane` to draw: those whose band meets the range, found by binary search
/// (a lane's groups are in time order). When they outnumber one per `GROUP_PX`, a group closer
/// than that to the one before it is left out, unless it is selected.
pub fn groups_in_view(results: &ResultsView, lane: &LaneView, range: TimeRange, px_per_ms: f64, width: f64, selected: Option<usize>) -> Vec<usize> {
    let groups = &results.groups;
    let lo = lane.groups.partition_point(|&gi| groups[gi].window_end_ms < range.start);
    let hi = lane.groups.partition_point(|&gi| groups[gi].time_ms <= range.end);
    let in_view = &lane.groups[lo..hi.max(lo)];
    let crowded = in_view.len() as f64 > width / GROUP_PX;
    let x = |gi: usize| (groups[gi].time_ms - range.start) * px_per_ms;
    in_view
        .iter()
        .enumerate()
        .filter(|&(n, &gi)| !(crowded && n > 0 && x(gi) - x(in_view[n - 1]) < GROUP_PX && selected != Some(gi)))
        .map(|(_, &gi)| gi)
        .collect()
}

/// What a lane draws in view: marks one by one, or binned when they outnumber the pixels.
#[derive(Debug, PartialEq)]
pub enum LaneMarks<'a> {
    /// The marks in view, and the index of the first in the lane's `marks`.
    Each(&'a [MarkView], usize),
    Binned(Vec<Bin>),
}

/// Marks drawn as one rectangle: neighbouring bins of one kind (any match, or misses only)
/// merge into a run, so a busy lane at a wide zoom is a few bars, not hundreds of slivers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    /// From the chart's left edge, in px.
    pub x: f64,
    pub width: f64,
    pub matched: u32,
    pub missed: u32,
}

/// The marks of a lane in `range`, found by binary search, with level of detail.
pub fn lane_marks(lane: &LaneView, range: TimeRange, px_per_ms: f64, width: f64) -> LaneMarks<'_> {
    let lo = lane.marks.partition_point(|m| m.time_ms < range.start);
    let hi = lane.marks.partition_point(|m| m.time_ms <= range.end);
    let marks = &lane.marks[lo..hi.max(lo)];
    // One by one while there is room for about four bins per mark: each mark is a shape to
    // draw on every zoom step, a run of bins one shape for many.
    if (marks.len() as f64) < width / BIN_PX / 4.0 {
        return LaneMarks::Each(marks, lo);
    }
    LaneMarks::Binned(runs(cells(marks, range.start, px_per_ms)))
}

/// Marks counted in cells of `BIN_PX`, in time order.
fn cells(marks: &[MarkView], start: f64, px_per_ms: f64) -> Vec<Bin> {
    let mut cells: Vec<Bin> = Vec::new();
    for m in marks {
        let x = ((m.time_ms - start) * px_per_ms / BIN_PX).floor() * BIN_PX;
        let (matched, missed) = (u32::from(m.matched), u32::from(!m.matched));
        match cells.last_mut() {
            Some(cell) if cell.x == x => {
                cell.matched += matched;
                cell.missed += missed;
            }
            _ => cells.push(Bin { x, width: BIN_PX, matched, missed }),
        }
    }
    cells
}

/// Neighbouring cells of one kind merged into runs.
fn runs(cells: Vec<Bin>) -> Vec<Bin> {
    let mut bins: Vec<Bin> = Vec::with_capacity(cells.len());
    for cell in cells {
        match bins.last_mut() {
            Some(run) if run.x + run.width == cell.x && (run.matched > 0) == (cell.matched > 0) => {
                run.width += cell.width;
                run.matched += cell.matched;
                run.missed += cell.missed;
            }
            _ => bins.push(cell),
        }
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::super::results::{GroupView, StringId};
    use super::*;

    fn mark(time_ms: f64, matched: bool) -> MarkView {
        MarkView {
            time_ms,
            ticks: 0,
            group: 0,
            matched,
            reason: StringId::EMPTY,
            account: StringId::EMPTY,
            host: StringId::EMPTY,
            activity: StringId::EMPTY,
            logon_type: None,
            ip_address: StringId::EMPTY,
            file: StringId::EMPTY,
            line: 0,
        }
    }

    fn bin(x: f64, width: f64, matched: u32, missed: u32) -> Bin {
        Bin { x, width, matched, missed }
    }

    /// Marks one by one while they fit, else bins of 3 px, where neighbouring bins of one kind
    /// (any match, or misses only) merge into one run.
    #[test]
    fn lane_marks_bin_and_merge_runs() {
        // 1 px per ms over 0..300: marks are drawn one by one below 300 / 3 / 4 = 25 in view.
        let check = |marks: Vec<MarkView>, expected: Option<Vec<Bin>>| {
            let lane = LaneView { host: "H".into(), marks, ..LaneView::default() };
            let range = TimeRange { start: 0.0, end: 300.0 };
            match (lane_marks(&lane, range, 1.0, 300.0), expected) {
                (LaneMarks::Each(shown, first), None) => assert_eq!((shown.len(), first), (lane.marks.len(), 0)),
                (LaneMarks::Binned(bins), Some(expected)) => assert_eq!(bins, expected),
                (other, expected) => panic!("{other:?} against {expected:?}"),
            }
        };
        check(vec![mark(10.0, true), mark(20.0, false)], None);
        check((0..24).map(|t| mark(t as f64, false)).collect(), None);
        check((0..25).map(|t| mark(t as f64, false)).collect(), Some(vec![bin(0.0, 27.0, 0, 25)]));
        // 60 misses every 1 ms from 0: bins at 0, 3, ... 57 merge into one run of 60 px.
        check((0..60).map(|t| mark(t as f64, false)).collect(), Some(vec![bin(0.0, 60.0, 0, 60)]));
        // A match among them splits the run: misses, then the match's bin, then misses again.
        let mut marks: Vec<MarkView> = (0..60).map(|t| mark(t as f64, false)).collect();
        marks[31].matched = true;
        check(marks, Some(vec![bin(0.0, 30.0, 0, 30), bin(30.0, 3.0, 1, 2), bin(33.0, 27.0, 0, 27)]));
        // Neighbouring cells that each hold a match merge too.
        let marks = (0..60).map(|t| mark(t as f64, t % 3 == 0)).collect();
        check(marks, Some(vec![bin(0.0, 60.0, 20, 40)]));
        // A gap ends a run.
        let marks = (0..30).map(|t| mark(t as f64, false)).chain((0..30).map(|t| mark(100.0 + t as f64, false))).collect();
        check(marks, Some(vec![bin(0.0, 30.0, 0, 30), bin(99.0, 33.0, 0, 30)]));
    }

    /// Only the marks in the range count, both ends included, and `Each` says where they start.
    #[test]
    fn lane_marks_in_range() {
        let lane = LaneView { host: "H".into(), marks: (0..10).map(|t| mark(t as f64 * 100.0, false)).collect(), ..LaneView::default() };
        let check = |start: f64, end: f64, expected: (usize, usize)| match lane_marks(&lane, TimeRange { start, end }, 1.0, 10_000.0) {
            LaneMarks::Each(shown, first) => assert_eq!((shown.len(), first), expected, "{start}..{end}"),
            other => panic!("{other:?}"),
        };
        check(0.0, 900.0, (10, 0));
        check(100.0, 300.0, (3, 1));
        check(150.0, 250.0, (1, 2));
        check(950.0, 2000.0, (0, 10));
        check(-500.0, -1.0, (0, 0));
    }

    #[test]
    fn lanes_in_view_and_one_either_side() {
        // Lanes of 28 px in a 300 px view: 10 whole lanes fit.
        let check = |scroll_top: f64, lanes: usize, expected: Range<usize>| assert_eq!(lanes_in_view(scroll_top, 28.0, 300.0, lanes), expected, "{scroll_top}");
        check(0.0, 10_000, 0..12);
        check(27.0, 10_000, 0..12);
        check(56.0, 10_000, 1..13);
        check(28.0 * 5000.0, 10_000, 4999..5011);
        check(28.0 * 9995.0, 10_000, 9994..10_000);
        check(0.0, 3, 0..3);
        check(0.0, 0, 0..0);
        check(28.0 * 50.0, 3, 3..3);
    }

    /// `lanes` lanes of `per_lane` groups a minute apart, each with a joined logon and a miss.
    fn busy(lanes: usize, per_lane: usize) -> ResultsView {
        const MINUTE: f64 = 60_000.0;
        let mut view = ResultsView::default();
        for li in 0..lanes {
            let mut lane = LaneView { host: format!("H{li}"), ..LaneView::default() };
            for n in 0..per_lane {
                let index = view.groups.len();
                let t = n as f64 * MINUTE;
                view.groups.push(GroupView {
                    index,
                    subscription: String::new(),
                    entity: lane.host.clone(),
                    time: String::new(),
                    time_ms: t,
                    window_end_ms: t + 15.0 * MINUTE,
                    count: 1,
                    names: vec!["Password Spray".into()],
                    origins: vec![],
                    lane: li,
                    rows: vec![],
                });
                lane.groups.push(index);
                lane.marks.extend([mark(t + 5.0 * MINUTE, true), mark(t + 30.0 * MINUTE, false)]);
            }
            lane.marks.sort_by(|a, b| a.time_ms.total_cmp(&b.time_ms));
            view.lanes.push(lane);
        }
        view
    }

    /// 10,000 groups on 1,000 hosts: a dozen lanes drawn, marks binned at the fitted zoom and
    /// one by one zoomed in.
    #[test]
    fn ten_thousand_groups() {
        let view = busy(1000, 10);
        assert_eq!(view.groups.len(), 10_000);
        let width = 730.0;
        let drawn = lanes_in_view(0.0, 28.0, 300.0, view.lanes.len());
        assert_eq!(drawn, 0..12, "only the lanes in view");
        let fit = TimeRange::fit(&view);
        let px_per_ms = width / fit.span();
        for lane in &view.lanes[drawn] {
            assert_eq!(groups_in_view(&view, lane, fit, px_per_ms, width, None).len(), 10, "10 groups fit in {width} px");
            match lane_marks(lane, fit, px_per_ms, width) {
                LaneMarks::Each(shown, _) => assert_eq!(shown.len(), 20),
                other => panic!("20 marks fit in {width} px: {other:?}"),
            }
        }
        // Zoomed out 50 times, a lane's 20 marks outnumber the room: binned, none lost.
        let wide = fit.zoom(50.0, 0.5);
        let px_per_ms = width / wide.span();
        match lane_marks(&view.lanes[0], wide, px_per_ms, width / 10.0) {
            LaneMarks::Binned(bins) => {
                assert!(bins.len() < 10, "{bins:?}");
                assert_eq!(bins.iter().map(|b| b.matched + b.missed).sum::<u32>(), 20);
                assert_eq!(bins.iter().map(|b| b.matched).sum::<u32>(), 10);
            }
            other => panic!("{other:?}"),
        }
    }

    /// 10,000 groups on one host, a minute apart: crowded at the fitted zoom, so a group within
    /// 8 px of the one before it is left out (here all but the first), unless it is selected.
    #[test]
    fn a_crowded_lane_leaves_out_groups_close_to_the_one_before() {
        let view = busy(1, 10_000);
        let lane = &view.lanes[0];
        let width = 730.0;
        let fit = TimeRange::fit(&view);
        let px_per_ms = width / fit.span();
        assert_eq!(groups_in_view(&view, lane, fit, px_per_ms, width, None), [0]);
        assert_eq!(groups_in_view(&view, lane, fit, px_per_ms, width, Some(5001)), [0, 5001]);
        match lane_marks(lane, fit, px_per_ms, width) {
            LaneMarks::Binned(bins) => {
                assert!(bins.len() <= (width / BIN_PX) as usize + 1, "{} bins", bins.len());
                assert_eq!(bins.iter().map(|b| b.matched + b.missed).sum::<u32>(), 20_000, "every mark counted");
            }
            other => panic!("{other:?}"),
        }
        // Zoomed in on one hour: only the groups whose band meets it, and not crowded.
        let hour = TimeRange { start: 60.0 * 60_000.0, end: 120.0 * 60_000.0 };
        let drawn = groups_in_view(&view, lane, hour, width / hour.span(), width, None);
        assert_eq!(drawn, (45..=120).collect::<Vec<_>>(), "bands ending at the start and starting at the end included");
    }
}
