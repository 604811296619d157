//! The timeline: one lane per compromised host, drawn in SVG from a `view::ResultsView`.
//!
//! Each alert group is a diamond with its window as a band; the RDP logons that joined it are
//! solid marks inside the band, the near misses (an hour either side) muted marks whose tooltip
//! says why they missed. Every host with RDP sessions has a lane too, its sessions drawn as bars;
//! clicking one opens it in full, with chips that pivot onto its account or address. A pivot
//! dims what is not the entity's and shows its path above the chart. Zoom with the wheel, the buttons or +/−; pan by dragging; ←/→ move
//! between alert groups, ↑/↓ between hosts. What is drawn at all is `view::lod`'s decision:
//! only lanes in view, and marks binned when they outnumber the pixels, so 10,000 groups and
//! 100,000 logons stay interactive.
//!
//! `layout.rs`: sizes and px geometry. `lanes.rs`: a lane's groups, marks and host.
//! `sessions.rs`: a lane's sessions and lone 1149s, and the clicked session. `path.rs`: the
//! pivot's strip. `axis.rs`: the time axis. `tooltip.rs`: the hovered shape's text.
//! `interaction.rs`: zoom, pan, keys, hover and click.

mod axis;
mod interaction;
mod lanes;
mod layout;
mod path;
mod sessions;
mod tooltip;

use std::rc::Rc;

use yew::prelude::*;

use crate::view::{lanes_in_view, PivotEntity, ResultsView, TimeRange, Tip};
use layout::{Layout, LANE_HEIGHT, VIEWPORT};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub results: Rc<ResultsView>,
    pub selected: Option<usize>,
    pub on_select: Callback<Option<usize>>,
    /// Pivot onto an account or address, or back (`None`).
    pub on_pivot: Callback<Option<PivotEntity>>,
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let results = &props.results;
    let range = use_state(|| TimeRange::fit(results));
    let scroll_top = use_state(|| 0.0f64);
    let hover = use_state(|| None::<Tip>);
    let session = use_state(|| None::<usize>);
    let container = use_node_ref();
    let svg_ref = use_node_ref();
    interaction::use_fit_on_new_results(results, &range);
    {
        // New results: the session clicked may be another one now, or gone.
        let session = session.clone();
        use_effect_with(results.clone(), move |r| {
            if session.is_some_and(|s| s >= r.sessions.len()) {
                session.set(None);
            }
        });
    }
    let width = layout::use_width(&container);
    let layout = Layout::new(width, *range, *scroll_top, results.lanes.len());
    interaction::use_wheel_zoom(&svg_ref, &range, layout);
    interaction::use_reveal_selected(props.selected, results, &range, &container);
    let drag = interaction::use_drag(&range, layout.px_per_ms);
    let on_session = {
        let session = session.clone();
        Callback::from(move |s: Option<usize>| session.set(s))
    };
    let pointer = interaction::pointer(&hover, &props.on_select, &on_session);
    let on_key = interaction::on_key(&range, results, &props.on_select, props.selected);

    let drawn = lanes_in_view(*scroll_top, LANE_HEIGHT, VIEWPORT, results.lanes.len());
    let tip = (*hover).and_then(|tip| tooltip::placement(tip, results, &layout));
    let detail = (*session).filter(|&s| s < results.sessions.len()).map(|s| {
        let on_close = on_session.reform(|_: MouseEvent| None);
        let on_pivot = props.on_pivot.reform(Some);
        html! { <sessions::SessionDetail results={results.clone()} session={s} on_close={on_close} on_pivot={on_pivot} /> }
    });
    html! {
        <section class="timeline" aria-label="Timeline">
            { toolbar(results, &range) }
            // Parts that come and go sit in containers of their own (Yew matches unkeyed
            // children from the end).
            <div class="pivot-slot">{ for results.pivot.as_ref().map(|p| path::strip(p, results, &props.on_pivot)) }</div>
            if results.lanes.is_empty() {
                <p class="muted">{ "No alert matches the names and the data holds no RDP session, so there is nothing to draw." }</p>
            } else {
                <div class="timeline-frame">
                    <div class="timeline-scroll" ref={container} onscroll={interaction::on_scroll(&scroll_top)} tabindex="0" onkeydown={on_key}
                        aria-label="Timeline of alert groups and RDP sessions by host: arrow keys move between alerts, + and − zoom, 0 fits">
                        <svg ref={svg_ref} class="timeline-svg" width={layout.width.to_string()} height={layout.height.to_string()}
                            onpointerdown={drag.down} onpointermove={drag.moved} onpointerup={drag.up}
                            onmouseover={pointer.over} onmouseleave={pointer.leave} onclick={pointer.click}
                            role="img" aria-label="Alert groups, RDP logons and sessions over time">
                            { sessions::defs() }
                            // Lanes in a group of their own: Yew re-creates a keyed list that has
                            // siblings, which would detach every mark on each hover.
                            <g class="tl-lanes">{ for drawn.map(|li| lanes::lane(results, &layout, li, props.selected)) }</g>
                            { axis::axis(&layout) }
                        </svg>
                    </div>
                    <div class="tl-tooltip-slot">{ for tip.map(|(lines, place)| html! { <tooltip::Tooltip lines={lines} place={place} /> }) }</div>
                </div>
            }
            <div class="session-detail-slot">{ for detail }</div>
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
            <span class="muted tl-session-count">{ format!("{} RDP sessions", results.sessions.len()) }</span>
            <span class="spacer"></span>
            <span class="legend">
                { for [
                    ("swatch-match", "joined".to_string()),
                    ("swatch-miss", "near miss".to_string()),
                    ("swatch-band", format!("{} window", results.params.window.to_kql())),
                    ("swatch-session", "session".to_string()),
                    ("swatch-disconnected", "disconnected".to_string()),
                    ("swatch-open", "no end in the data".to_string()),
                ].into_iter().map(|(swatch, label)| html! {
                    <span class="legend-item"><span class={classes!("swatch", swatch)}></span>{ label }</span>
                }) }
            </span>
            <button class="button zoom-in" onclick={interaction::zoom_button(range, true)} aria-label="Zoom in">{ "+" }</button>
            <button class="button zoom-out" onclick={interaction::zoom_button(range, false)} aria-label="Zoom out">{ "−" }</button>
            <button class="button zoom-fit" onclick={interaction::fit_button(range, results)} aria-label="Fit all alerts">{ "Fit" }</button>
        </div>
    }
}
