//! The tooltip of the hovered shape: its text from `view::Tip::lines`, placed beside the shape
//! where the current layout draws it, inside the chart. Text nodes only: values are hostile.

use yew::prelude::*;

use super::layout::{Layout, AXIS_HEIGHT, GUTTER, LANE_HEIGHT};
use crate::export::visible_text;
use crate::view::{ResultsView, Tip};

/// Width of a tooltip character, in px.
const CHAR_PX: f64 = 7.0;
const LINE_PX: f64 = 16.0;

/// The tooltip for `tip`, or nothing when the results changed under it.
pub fn tooltip(tip: Tip, results: &ResultsView, layout: &Layout) -> Option<Html> {
    let lines = tip.lines(results)?;
    let (hx, lane) = match tip {
        Tip::Group(gi) => (layout.x_of(results.groups[gi].time_ms), results.groups[gi].lane),
        Tip::Mark(lane, mi) => (layout.x_of(results.lanes[lane].marks[mi].time_ms), lane),
        Tip::Bin(lane, x, ..) => (GUTTER + x, lane),
    };
    let hy = layout.lane_y(lane);
    let w = 12.0 + CHAR_PX * lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    let x = if hx + w + 12.0 > layout.width { (hx - w - 8.0).max(0.0) } else { hx + 8.0 };
    let y = (hy + LANE_HEIGHT).min(layout.height - LINE_PX * lines.len() as f64 - 8.0).max(layout.scroll_top + AXIS_HEIGHT);
    Some(html! {
        <g class="tl-tooltip" role="tooltip">
            <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={(8.0 + LINE_PX * lines.len() as f64).to_string()} rx="3" />
            { for lines.iter().enumerate().map(|(i, l)| html! {
                <text x={(x + 6.0).to_string()} y={(y + 17.0 + LINE_PX * i as f64).to_string()}>{ visible_text(l).into_owned() }</text>
            }) }
        </g>
    })
}
