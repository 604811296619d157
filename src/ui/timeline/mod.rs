//! The timeline: one lane per compromised host, drawn in SVG from a `view::ResultsView`.
//!
//! Each alert group is a diamond with its window as a band; the RDP logons that joined it are
//! solid marks inside the band, the near misses (an hour either side) muted marks whose tooltip
//! says why they missed. Zoom with the wheel, the buttons or +/−; pan by dragging; ←/→ move
//! between alert groups, ↑/↓ between hosts. What is drawn at all is `view::lod`'s decision:
//! only lanes in view, and marks binned when they outnumber the pixels, so 10,000 groups and
//! 100,000 logons stay interactive.
//!
//! `layout.rs`: sizes and px geometry. `lanes.rs`: a lane's groups, marks and host.
//! `axis.rs`: the time axis. `tooltip.rs`: the hovered shape's text. `interaction.rs`: zoom,
//! pan, keys, hover and click.

mod axis;
mod interaction;
mod lanes;
mod layout;
mod tooltip;

use std::rc::Rc;

use yew::prelude::*;

use crate::view::{lanes_in_view, ResultsView, TimeRange, Tip};
use layout::{Layout, LANE_HEIGHT, VIEWPORT};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub results: Rc<ResultsView>,
    pub selected: Option<usize>,
    pub on_select: Callback<Option<usize>>,
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let results = &props.results;
    let range = use_state(|| TimeRange::fit(results));
    let scroll_top = use_state(|| 0.0f64);
    let hover = use_state(|| None::<Tip>);
    let container = use_node_ref();
    let svg_ref = use_node_ref();
    interaction::use_fit_on_new_results(results, &range);
    let width = layout::use_width(&container);
    let layout = Layout::new(width, *range, *scroll_top, results.lanes.len());
    interaction::use_wheel_zoom(&svg_ref, &range, layout);
    interaction::use_reveal_selected(props.selected, results, &range, &container);
    let drag = interaction::use_drag(&range, layout.px_per_ms);
    let pointer = interaction::pointer(&hover, &props.on_select);
    let on_key = interaction::on_key(&range, results, &props.on_select, props.selected);

    let drawn = lanes_in_view(*scroll_top, LANE_HEIGHT, VIEWPORT, results.lanes.len());
    let tooltip = (*hover).and_then(|tip| tooltip::tooltip(tip, results, &layout));
    html! {
        <section class="timeline" aria-label="Timeline">
            { toolbar(results, &range) }
            if results.groups.is_empty() {
                <p class="muted">{ "No alert matches the names, so there is nothing to draw." }</p>
            } else {
                <div class="timeline-scroll" ref={container} onscroll={interaction::on_scroll(&scroll_top)} tabindex="0" onkeydown={on_key}
                    aria-label="Timeline of alert groups by host: arrow keys move between alerts, + and − zoom, 0 fits">
                    <svg ref={svg_ref} class="timeline-svg" width={layout.width.to_string()} height={layout.height.to_string()}
                        onpointerdown={drag.down} onpointermove={drag.moved} onpointerup={drag.up}
                        onmouseover={pointer.over} onmouseleave={pointer.leave} onclick={pointer.click}
                        role="img" aria-label="Alert groups and RDP logons over time">
                        // Lanes and the tooltip in groups of their own: Yew re-creates a keyed list
                        // that has siblings, which would detach every mark on each hover.
                        <g class="tl-lanes">{ for drawn.map(|li| lanes::lane(results, &layout, li, props.selected)) }</g>
                        { axis::axis(&layout) }
                        <g class="tl-overlay">{ for tooltip }</g>
                    </svg>
                </div>
            }
        </section>
    }
}

/// The title, what is drawn, the legend, and the zoom buttons.
fn toolbar(results: &Rc<ResultsView>, range: &UseStateHandle<TimeRange>) -> Html {
    let drawn = format!("{} hosts, {} alert groups, {} result rows", results.lanes.len(), results.groups.len(), results.rows.len());
        html! {
        <div class="timeline-bar">
            <h2>{ "Timeline" }</h2>
            <span class="muted">{ drawn }</span>
            <span class="spacer"></span>
            <span class="legend"><span class="swatch swatch-match"></span>{ " joined " }<span class="swatch swatch-miss"></span>{ " near miss " }<span class="swatch swatch-band"></span>{ format!(" {} window", results.params.window.to_kql()) }</span>
            <button class="button zoom-in" onclick={interaction::zoom_button(range, true)} aria-label="Zoom in">{ "+" }</button>
            <button class="button zoom-out" onclick={interaction::zoom_button(range, false)} aria-label="Zoom out">{ "−" }</button>
            <button class="button zoom-fit" onclick={interaction::fit_button(range, results)} aria-label="Fit all alerts">{ "Fit" }</button>
        </div>
    }
}
