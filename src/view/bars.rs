//! Where a lane draws its RDP sessions at a zoom: `SessionBar`s, each a body from the session's
//! first to its last known moment, cut into `Segment`s (solid while connected, dashed while
//! disconnected), an open tail where the end is unknown (it fades out past the last thing the
//! data shows; it is never closed at the data's end), a marked start where the start is
//! unknown, and its lock, unlock, reconnect and NLA marks. And the lane's lone 1149s in view.
//! Positions are px from the chart's left edge, as in `lod.rs`.

use super::lanes::LaneView;
use super::range::TimeRange;
use super::results::ResultsView;
use super::sessions::{SessionMarkKind, SessionView};
use crate::engine::Ticks;

/// The open tail of an unknown end, and the lead-in of an unknown start, in px.
pub const OPEN_PX: f64 = 24.0;
/// A body is never narrower than this, so a session of a few ms can still be pointed at.
pub const MIN_BODY_PX: f64 = 3.0;
/// Marks of one kind closer than this are drawn once.
const MARK_PX: f64 = 2.0;

/// One session as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionBar {
    /// Its index in `ResultsView::sessions`.
    pub session: usize,
    pub track: u8,
    pub x0: f64,
    pub x1: f64,
    /// Cover `x0..x1` in order.
    pub segments: Vec<Segment>,
    pub open_start: bool,
    pub open_end: bool,
    pub marks: Vec<(SessionMarkKind, f64)>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub x0: f64,
    pub x1: f64,
    pub connected: bool,
}

/// Sessions closer than this many px apart on average are drawn as runs.
pub const CROWD_PX: f64 = 12.0;

/// Sessions of one track drawn as one shape at a wide zoom: their extents (open tails
/// included) overlap or touch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SessionRun {
    pub track: u8,
    pub x0: f64,
    pub x1: f64,
    pub count: u32,
}

/// What a lane draws of its sessions in view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaneSessions {
    pub bars: Vec<SessionBar>,
    pub runs: Vec<SessionRun>,
}

/// The sessions of `lane` that meet `range` (their open tails included): one bar each while
/// there is room (a bar that ends within half a px of the one before it on its track is left
/// out), else, when more than one per `CROWD_PX`, runs per track, so a busy host at a wide zoom
/// is a few shapes, not thousands.
pub fn session_bars(results: &ResultsView, lane: &LaneView, range: TimeRange, px_per_ms: f64, width: f64) -> LaneSessions {
    let x = |ms: f64| (ms - range.start) * px_per_ms;
    let reach = OPEN_PX / px_per_ms.max(f64::MIN_POSITIVE);
    let upto = lane.sessions.partition_point(|&i| results.sessions[i].first_ms() - reach <= range.end);
    let in_view: Vec<usize> = lane.sessions[..upto].iter().copied().filter(|&i| results.sessions[i].last_ms() + reach >= range.start).collect();
    if in_view.len() as f64 > width / CROWD_PX {
        return LaneSessions { bars: Vec::new(), runs: runs(results, &in_view, &x, width) };
    }
    let mut last_x1 = [f64::NEG_INFINITY; 2];
    let mut bars = Vec::new();
    for si in in_view {
        let bar = bar(si, &results.sessions[si], &x, width);
        let track = usize::from(bar.track.min(1));
        if bar.x1 <= last_x1[track] + 0.5 {
            continue;
        }
        last_x1[track] = bar.x1;
        bars.push(bar);
    }
    LaneSessions { bars, runs: Vec::new() }
}

/// Sessions merged per track where their extents, open tails included, come within a px.
fn runs(results: &ResultsView, in_view: &[usize], x: &dyn Fn(f64) -> f64, width: f64) -> Vec<SessionRun> {
    let mut open: [Option<SessionRun>; 2] = [None, None];
    let mut runs = Vec::new();
    for &si in in_view {
        let s = &results.sessions[si];
        let lead = if s.open_start() { OPEN_PX } else { 0.0 };
        let tail = if s.open_end() { OPEN_PX } else { 0.0 };
        let x0 = clamp(x(s.first_ms()) - lead, width);
        let x1 = clamp(x(s.last_ms()).max(x(s.first_ms()) + MIN_BODY_PX) + tail, width);
        let track = s.track.min(1);
        match &mut open[usize::from(track)] {
            Some(run) if x0 <= run.x1 + 1.0 => {
                run.x1 = run.x1.max(x1);
                run.count += 1;
            }
            slot => {
                runs.extend(slot.take());
                *slot = Some(SessionRun { track, x0, x1, count: 1 });
            }
        }
    }
    runs.extend(open.into_iter().flatten());
    runs
}

/// Keeps px within reach of the chart, so a bar zoomed far in stays a sane SVG number.
fn clamp(x: f64, width: f64) -> f64 {
    x.clamp(-2.0 * OPEN_PX, width + 2.0 * OPEN_PX)
}

fn bar(si: usize, s: &SessionView, x: &dyn Fn(f64) -> f64, width: f64) -> SessionBar {
    let ms = |t: i64| Ticks(t).unix_millis_f64();
    let (first, last) = (s.first_ms(), s.last_ms());
    // The stretches cut the body; what no stretch covers is drawn connected.
    let mut stretches: Vec<(f64, f64, bool)> = s
        .stretches
        .iter()
        .map(|st| (st.from.map_or(first, ms).clamp(first, last), st.to.map_or(last, ms).clamp(first, last), st.connected))
        .collect();
    stretches.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut spans: Vec<(f64, f64, bool)> = Vec::new();
    let mut cursor = first;
    for (from, to, connected) in stretches {
        if from > cursor {
            spans.push((cursor, from, true));
        }
        let from = from.max(cursor);
        if to > from {
            spans.push((from, to, connected));
            cursor = to;
        }
    }
    if cursor < last || spans.is_empty() {
        spans.push((cursor, last, true));
    }
    let (x0, mut x1) = (clamp(x(first), width), clamp(x(last), width));
    let mut segments: Vec<Segment> = Vec::new();
    for (from, to, connected) in spans {
        let seg = Segment { x0: clamp(x(from), width), x1: clamp(x(to), width), connected };
        let tiny = seg.x1 - seg.x0 < 0.5;
        match segments.last_mut() {
            Some(prev) if prev.connected == connected => prev.x1 = seg.x1,
            // Under half a px, a stretch is not drawn: its neighbours meet over it.
            Some(prev) if tiny => prev.x1 = seg.x1,
            _ => segments.push(seg),
        }
    }
    if x1 - x0 < MIN_BODY_PX {
        x1 = x0 + MIN_BODY_PX;
        if let Some(seg) = segments.last_mut() {
            seg.x1 = x1;
        }
    }
    let mut marks: Vec<(SessionMarkKind, f64)> = Vec::new();
    for m in &s.marks {
        let mx = x(ms(m.ticks));
        if mx < -OPEN_PX || mx > width + OPEN_PX {
            continue;
        }
        if marks.iter().rev().find(|(k, _)| *k == m.kind).is_some_and(|(_, px)| mx - px < MARK_PX) {
            continue;
        }
        marks.push((m.kind, mx));
    }
    SessionBar { session: si, track: s.track, x0, x1, segments, open_start: s.open_start(), open_end: s.open_end(), marks }
}

/// The lane's lone 1149s in `range`: their index in `lane.lone` and x.
pub fn lone_in_view(lane: &LaneView, range: TimeRange, px_per_ms: f64) -> Vec<(usize, f64)> {
    let lo = lane.lone.partition_point(|l| l.time_ms() < range.start);
    let hi = lane.lone.partition_point(|l| l.time_ms() <= range.end);
    (lo..hi.max(lo)).map(|i| (i, (lane.lone[i].time_ms() - range.start) * px_per_ms)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::session_bench;
    use super::super::results::results;
    use super::super::sessions::{LoneView, EvidenceView, StretchView};
    use super::super::results::StringId;
    use super::*;
    use crate::engine::time::{TICKS_PER_MILLISECOND, TICKS_PER_MINUTE};
    use crate::engine::HuntParams;

    /// 2026-03-02T09:00:00Z in Unix ms, and a zoom of 10 px a minute.
    const NINE: f64 = 1_772_442_000_000.0;
    const PX_PER_MS: f64 = 10.0 / 60_000.0;

    fn seg(x0: f64, x1: f64, connected: bool) -> Segment {
        Segment { x0, x1, connected }
    }

    fn bars_of(view: &ResultsView, lane: usize, start: f64, width: f64) -> Vec<SessionBar> {
        let range = TimeRange { start, end: start + width / PX_PER_MS };
        let drawn = session_bars(view, &view.lanes[lane], range, PX_PER_MS, width);
        assert!(drawn.runs.is_empty(), "{drawn:?}");
        drawn.bars
    }

    /// Connected and disconnected stretches, an unknown end drawn open after the last thing
    /// the data shows, an unknown start marked, at 10 px a minute from 09:00.
    #[test]
    fn bars_follow_the_stretches() {
        let view = results(&session_bench(), &HuntParams::default());
        let alice = bars_of(&view, 0, NINE, 1000.0);
        assert_eq!(alice.len(), 1);
        let a = &alice[0];
        assert_eq!((a.x0, a.x1, a.open_start, a.open_end), (50.0, 600.0, false, false));
        assert_eq!(a.segments, [seg(50.0, 200.0, true), seg(200.0, 300.0, false), seg(300.0, 600.0, true)]);
        let ws09 = bars_of(&view, 1, NINE, 1000.0);
        let summary: Vec<(&str, f64, f64, bool, bool)> =
            ws09.iter().map(|b| (view.string(view.sessions[b.session].account), b.x0, b.x1, b.open_start, b.open_end)).collect();
        // Bob: a logon and nothing after it: the body is the minimum, then open. Carol: known
        // from her disconnect to her logoff, her start unknown.
        assert_eq!(summary, [("contoso\\bob", 100.0, 100.0 + MIN_BODY_PX, false, true), ("contoso\\carol", 350.0, 400.0, true, false)]);
        assert_eq!(ws09[0].segments, [seg(100.0, 103.0, true)]);
        assert_eq!(ws09[1].segments, [seg(350.0, 400.0, false)]);
    }

    /// Only the sessions that meet the range, open tails included; coordinates stay near the
    /// chart however far in the zoom is.
    #[test]
    fn bars_in_range_and_clamped() {
        let view = results(&session_bench(), &HuntParams::default());
        let check = |start: f64, width: f64, expected: &[&str]| {
            let names: Vec<&str> = bars_of(&view, 1, start, width).iter().map(|b| view.string(view.sessions[b.session].account)).collect();
            assert_eq!(names, expected, "from {start} over {width} px");
        };
        let minute = 60_000.0;
        check(NINE, 1000.0, &["contoso\\bob", "contoso\\carol"]);
        // 09:45 onward: Carol ended at 09:40, Bob's body is at 09:10 and his tail 2.4 min long.
        check(NINE + 45.0 * minute, 1000.0, &[]);
        check(NINE + 12.0 * minute, 1000.0, &["contoso\\bob", "contoso\\carol"]);
        check(NINE + 13.0 * minute, 1000.0, &["contoso\\carol"]);
        // Before 09:10 minus the lead-in: nothing has started.
        check(NINE - 60.0 * minute, 90.0, &[]);
        let alice = &bars_of(&view, 0, NINE + 20.0 * minute, 50.0)[0];
        assert_eq!((alice.x0, alice.x1), (-2.0 * OPEN_PX, 50.0 + 2.0 * OPEN_PX));
        assert_eq!(alice.segments, [seg(-48.0, 0.0, true), seg(0.0, 98.0, false)]);
    }

    /// Stretches under half a px are not drawn; what no stretch covers is connected; marks of
    /// one kind within 2 px are one.
    #[test]
    fn tiny_stretches_gaps_and_marks() {
        let mut view = results(&session_bench(), &HuntParams::default());
        let at = |minutes: f64| view.sessions[0].first + (minutes * TICKS_PER_MINUTE as f64) as i64;
        let stretch = |from: i64, to: i64, connected: bool| StretchView {
            connected,
            from: Some(from),
            to: Some(to),
            session_name: StringId::EMPTY,
            client_name: StringId::EMPTY,
            client_address: StringId::EMPTY,
            reason: StringId::EMPTY,
        };
        let stretches = vec![stretch(at(10.0), at(20.0), true), stretch(at(20.0), at(20.0) + TICKS_PER_MILLISECOND, false), stretch(at(20.0) + TICKS_PER_MILLISECOND, at(30.0), false)];
        let marks = [(SessionMarkKind::Lock, 10.0), (SessionMarkKind::Lock, 10.1), (SessionMarkKind::Unlock, 10.1), (SessionMarkKind::Lock, 11.0)]
            .map(|(kind, m)| super::super::sessions::SessionMarkView { kind, ticks: at(m) });
        let s = &mut view.sessions[0];
        s.stretches = stretches;
        s.marks = marks.to_vec();
        let a = &bars_of(&view, 0, NINE, 1000.0)[0];
        // The gap before 09:15 is connected and merges with the stretch after it; the 1 ms
        // disconnect at 09:25 is drawn as part of the connected stretch before it.
        let after_tiny = 250.0 + PX_PER_MS;
        assert_eq!(a.segments, [seg(50.0, after_tiny, true), seg(after_tiny, 350.0, false), seg(350.0, 600.0, true)]);
        assert_eq!(a.marks, [(SessionMarkKind::Lock, 150.0), (SessionMarkKind::Unlock, 151.0), (SessionMarkKind::Lock, 160.0)]);
    }

    /// A busy host: 10,000 one-minute sessions a minute apart. Fitted, they are runs (here one,
    /// all of them counted); zoomed in on an hour, one bar each.
    #[test]
    fn ten_thousand_sessions_on_one_host() {
        let mut view = results(&session_bench(), &HuntParams::default());
        let one = view.sessions[0].clone();
        view.sessions = (0..10_000)
            .map(|n| {
                let first = one.first + n * 2 * TICKS_PER_MINUTE;
                let end = Some(first + TICKS_PER_MINUTE);
                super::super::sessions::SessionView { first, last: first + TICKS_PER_MINUTE, start: Some(first), end, stretches: vec![], lane: 0, ..one.clone() }
            })
            .collect();
        view.lanes[0].sessions = (0..10_000).collect();
        let fit = TimeRange::fit(&view);
        let width = 730.0;
        let drawn = session_bars(&view, &view.lanes[0], fit, width / fit.span(), width);
        assert!(drawn.bars.is_empty());
        assert_eq!(drawn.runs.iter().map(|r| r.count).sum::<u32>(), 10_000, "every session counted");
        assert!(drawn.runs.len() < 10, "{} runs", drawn.runs.len());
        let hour = TimeRange { start: view.sessions[0].first_ms(), end: view.sessions[0].first_ms() + 3_600_000.0 };
        let drawn = session_bars(&view, &view.lanes[0], hour, width / hour.span(), width);
        assert_eq!((drawn.bars.len(), drawn.runs.len()), (31, 0), "every other minute for an hour, both ends");
    }

    /// Runs merge per track what touches, open tails included, and split at a gap.
    #[test]
    fn runs_merge_what_touches() {
        let mut view = results(&session_bench(), &HuntParams::default());
        let one = view.sessions[0].clone();
        // At 2.5 px a minute, 103 sessions in 1000 px are crowded: bodies of a minute (3 px at
        // least) every 2 minutes (5 px), then a gap, then three open ends 3 minutes apart.
        let at = |m: i64| one.first + m * TICKS_PER_MINUTE;
        let mut sessions: Vec<super::super::sessions::SessionView> = (0..100)
            .map(|n| super::super::sessions::SessionView { first: at(n * 2), last: at(n * 2 + 1), end: Some(at(n * 2 + 1)), stretches: vec![], lane: 0, ..one.clone() })
            .collect();
        sessions.extend((0..3).map(|n| super::super::sessions::SessionView { first: at(300 + n * 3), last: at(300 + n * 3), end: None, stretches: vec![], lane: 0, ..one.clone() }));
        sessions[5].track = 1;
        view.sessions = sessions;
        view.lanes[0].sessions = (0..view.sessions.len()).collect();
        let px_per_ms = PX_PER_MS / 4.0;
        let range = TimeRange { start: NINE, end: NINE + 1000.0 / px_per_ms };
        let drawn = session_bars(&view, &view.lanes[0], range, px_per_ms, 1000.0);
        let summary: Vec<(u8, u32)> = drawn.runs.iter().map(|r| (r.track, r.count)).collect();
        // Each body its own run (2 px between them), but the open ends 7.5 px apart with 24 px
        // tails touch: one run of 3.
        assert_eq!(summary.len(), 101, "99 bodies on track 0, one on track 1, the open ends");
        assert_eq!(drawn.runs.iter().filter(|r| r.track == 1).count(), 1);
        assert_eq!(drawn.runs.iter().map(|r| r.count).sum::<u32>(), 103);
        assert!(summary.contains(&(0, 3)), "{summary:?}");
    }

    #[test]
    fn lone_marks_in_view() {
        let mut view = results(&session_bench(), &HuntParams::default());
        let evidence = |minutes: i64| EvidenceView {
            event_id: 1149,
            channel: StringId::EMPTY,
            ticks: view.sessions[0].first - 5 * TICKS_PER_MINUTE + minutes * TICKS_PER_MINUTE,
            event_time: StringId::EMPTY,
            file: StringId::EMPTY,
            line: 1,
        };
        let lone: Vec<LoneView> = [0, 30, 90].map(|m| LoneView { user: StringId::EMPTY, address: StringId::EMPTY, evidence: evidence(m) }).to_vec();
        view.lanes[0].lone = lone;
        let range = TimeRange { start: NINE, end: NINE + 60.0 * 60_000.0 };
        assert_eq!(lone_in_view(&view.lanes[0], range, PX_PER_MS), [(0, 0.0), (1, 300.0)]);
    }
}
