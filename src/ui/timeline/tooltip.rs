//! The tooltip of the hovered shape: its text from `view::Tip::lines`, in an HTML box over the
//! timeline beside the shape where the current layout draws it. HTML rather than SVG so a long
//! tooltip (a session's evidence) wraps and may overflow the chart's scrolled area. Its place is
//! set through the CSSOM (the CSP refuses inline styles). Text nodes only: values are hostile.

use yew::prelude::*;

use super::layout::{Layout, GUTTER, LANE_HEIGHT, VIEWPORT};
use crate::export::visible_text;
use crate::view::{ResultsView, Tip};

/// Where the box goes, in px from the timeline frame's top left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub x: f64,
    pub y: f64,
    /// Left of `x` (the shape is on the right half), else right of it.
    pub leftward: bool,
    /// Above `y` (the lane is low in the view), else below it.
    pub above: bool,
    pub max_width: f64,
}

/// The lines and place of the tooltip for `tip`, or `None` when the results changed under it.
pub fn placement(tip: Tip, results: &ResultsView, layout: &Layout) -> Option<(Vec<String>, Placement)> {
    let lines = tip.lines(results)?;
    let (hx, lane) = match tip {
        Tip::Group(gi) => (layout.x_of(results.groups[gi].time_ms), results.groups[gi].lane),
        Tip::Mark(lane, mi) => (layout.x_of(results.lanes[lane].marks[mi].time_ms), lane),
        Tip::Bin(lane, x, ..) | Tip::SessionRun(lane, x, _) => (GUTTER + x, lane),
        Tip::Session(si) => {
            let s = &results.sessions[si];
            (layout.x_of(s.first_ms()).clamp(GUTTER, layout.width), s.lane)
        }
        Tip::Lone(lane, i) => (layout.x_of(results.lanes[lane].lone[i].time_ms()), lane),
        Tip::PivotLogon(i) => {
            let p = results.pivot.as_ref()?.logons.get(i)?;
            (layout.x_of(crate::engine::Ticks(p.ticks).unix_millis_f64()), p.lane)
        }
    };
    let top = layout.lane_y(lane) - layout.scroll_top;
    let above = top > VIEWPORT / 2.0;
    let leftward = hx > layout.width / 2.0;
    let room = if leftward { hx - 8.0 } else { layout.width - hx - 8.0 };
    let y = if above { top } else { top + LANE_HEIGHT };
    let x = if leftward { hx - 6.0 } else { hx + 6.0 };
    Some((lines, Placement { x, y, leftward, above, max_width: room.max(220.0).min(layout.width) }))
}

#[derive(Properties, PartialEq)]
pub struct TooltipProps {
    pub lines: Vec<String>,
    pub place: Placement,
}

#[component]
pub fn Tooltip(props: &TooltipProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.place, move |p| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let style = el.style();
                let _ = style.set_property("left", &format!("{}px", p.x));
                let _ = style.set_property("top", &format!("{}px", p.y));
                let _ = style.set_property("max-width", &format!("{}px", p.max_width));
            }
        });
    }
    let p = props.place;
    html! {
        <div ref={node} class={classes!("tl-tooltip", p.leftward.then_some("leftward"), p.above.then_some("above"))} role="tooltip">
            { for props.lines.iter().map(|l| html! { <div class="tl-tooltip-line">{ visible_text(l).into_owned() }</div> }) }
        </div>
    }
}
