//! One lane of the timeline: its line, its alert groups (a diamond, the window's band and a
//! label), its RDP sessions (`sessions.rs`), its marks (one by one or binned, as `view::lod`
//! decides), the pivot's logons, and its host label. In a pivot, what is not the entity's is
//! dimmed. Every shape carries its `data-tip`; none has a callback of its own.

use yew::prelude::*;

use super::layout::{Layout, GUTTER, LANE_HEIGHT};
use super::sessions;
use crate::view::axis::short_label;
use crate::view::lod::groups_in_view;
use crate::view::{lane_marks, GroupView, LaneMarks, LaneView, ResultsView, Tip};

/// Lane `li`, drawn with `layout`; `selected` is the selected group.
pub fn lane(results: &ResultsView, layout: &Layout, li: usize, selected: Option<usize>) -> Html {
    let lane = &results.lanes[li];
    let y = layout.lane_y(li);
    let groups = groups_in_view(results, lane, layout.range, layout.px_per_ms, layout.chart_w, selected);
    let pivot = results.pivot.as_ref();
    let dim_group = |gi: usize| pivot.is_some_and(|p| !p.has_group(gi));
    let dim_session = |si: usize| pivot.is_some_and(|p| !p.has_session(si));
    let class = classes!("tl-lane", pivot.is_some().then_some("pivoted"), pivot.is_some_and(|p| !p.has_lane(li)).then_some("dimmed"));
    html! {
        <g class={class} key={lane.host.clone()} data-host={lane.host.clone()}>
            <line class="tl-lane-line" x1={GUTTER.to_string()} x2={(GUTTER + layout.chart_w).to_string()} y1={(y + LANE_HEIGHT).to_string()} y2={(y + LANE_HEIGHT).to_string()} />
            { for groups.into_iter().map(|gi| group(&results.groups[gi], layout, y, selected == Some(gi), dim_group(gi))) }
            { sessions::sessions(results, lane, li, layout, y, &dim_session) }
            <g class={classes!("tl-marks", pivot.is_some().then_some("dimmed"))}>{ marks(results, lane, li, layout, y) }</g>
            { for pivot.map(|p| p.logons_in_view(li, layout.range, layout.px_per_ms).into_iter().map(|(i, x)| html! {
                // Above the sessions' first track, so the bar beneath stays visible.
                <rect class="tl-pivot-logon" x={(GUTTER + x - 1.5).to_string()} y={(y + 3.0).to_string()} width="3" height={(LANE_HEIGHT - 13.0).to_string()}
                    data-tip={Tip::PivotLogon(i).attr()} />
            }).collect::<Html>()) }
            <text class="tl-host" x="6" y={(y + LANE_HEIGHT / 2.0 + 4.0).to_string()}>
                <title>{ lane.host.clone() }</title>
                { short_label(&lane.host) }
            </text>
        </g>
    }
}

/// A group: its diamond, its window's band and, when there is room, its label.
fn group(g: &GroupView, layout: &Layout, y: f64, selected: bool, dimmed: bool) -> Html {
    let (x0, x1) = (layout.x_of(g.time_ms), layout.x_of(g.window_end_ms));
    let cy = y + LANE_HEIGHT / 2.0;
    let points = format!("{x0},{} {},{cy} {x0},{} {},{cy}", cy - 7.0, x0 + 6.0, cy + 7.0, x0 - 6.0);
    html! {
        <g class={classes!("tl-group", selected.then_some("selected"), dimmed.then_some("dimmed"))} data-group={g.index.to_string()} data-tip={Tip::Group(g.index).attr()}>
            // A band narrower than the diamond would be hidden under it: not drawn.
            if x1 - x0 > 6.0 {
                <rect class="tl-band" x={x0.to_string()} y={(y + 4.0).to_string()} width={(x1 - x0).to_string()} height={(LANE_HEIGHT - 8.0).to_string()} />
            }
            <polygon class="tl-marker" points={points} />
            if x1 - x0 > 90.0 {
                <text class="tl-group-label" x={(x0 + 9.0).to_string()} y={(y + 12.0).to_string()}>{ g.label() }</text>
            }
        </g>
    }
}

/// The lane's marks in view: one rect each, or one per run of bins.
fn marks(results: &ResultsView, lane: &LaneView, li: usize, layout: &Layout, y: f64) -> Html {
    match lane_marks(lane, layout.range, layout.px_per_ms, layout.chart_w) {
        LaneMarks::Each(marks, first) => marks
            .iter()
            .enumerate()
            .map(|(n, m)| {
                let x = layout.x_of(m.time_ms);
                let class = if m.matched { "tl-mark tl-match" } else { "tl-mark tl-miss" };
                html! {
                    <rect class={class} x={(x - 1.5).to_string()} y={(y + 6.0).to_string()} width="3" height={(LANE_HEIGHT - 12.0).to_string()}
                        data-reason={results.string(m.reason).to_string()} data-group={m.group.to_string()} data-time={m.time()}
                        data-tip={Tip::Mark(li, first + n).attr()} />
                }
            })
            .collect::<Html>(),
        LaneMarks::Binned(bins) => bins
            .into_iter()
            .map(|b| {
                let class = if b.matched > 0 { "tl-bin tl-match" } else { "tl-bin tl-miss" };
                html! {
                    <rect class={class} x={(GUTTER + b.x).to_string()} y={(y + 6.0).to_string()} width={b.width.to_string()} height={(LANE_HEIGHT - 12.0).to_string()}
                        data-tip={Tip::Bin(li, b.x, b.matched, b.missed).attr()} />
                }
            })
            .collect::<Html>(),
    }
}
