//! The timeline: one lane per compromised host, drawn in SVG.
//!
//! Each alert group is a diamond with its window as a band; the RDP logons that joined it are
//! solid marks inside the band, the near misses (an hour either side) muted marks whose tooltip
//! says why they missed. Zoom with the wheel, the buttons or +/−; pan by dragging; ←/→ move
//! between alert groups, ↑/↓ between hosts. Only lanes in view are drawn, and a lane with more
//! marks than pixels draws them binned (level of detail), so 10,000 groups and 100,000 logons
//! stay interactive.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent, PointerEvent, WheelEvent};
use yew::prelude::*;

use crate::boundary::{LaneView, MarkView, ResultsView};

const LANE_HEIGHT: f64 = 28.0;
const AXIS_HEIGHT: f64 = 24.0;
const GUTTER: f64 = 170.0;
/// Height of the scrolling area in px (`.timeline-scroll` in the stylesheet).
const VIEWPORT: f64 = 300.0;
const MINUTE: f64 = 60_000.0;
/// Marks closer than this many px are drawn as one bin.
const BIN_PX: f64 = 3.0;

/// The visible time range, in Unix milliseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub start: f64,
    pub end: f64,
}

impl View {
    /// A range around every group with half an hour on either side.
    pub fn fit(results: &ResultsView) -> View {
        let lo = results.groups.iter().map(|g| g.time_ms).fold(f64::INFINITY, f64::min);
        let hi = results.groups.iter().map(|g| g.window_end_ms).fold(f64::NEG_INFINITY, f64::max);
        if lo.is_finite() && hi.is_finite() {
            View { start: lo - 30.0 * MINUTE, end: hi + 30.0 * MINUTE }
        } else {
            View { start: 0.0, end: 60.0 * MINUTE }
        }
    }

    /// Zooms by `factor` (below 1 zooms in) around the instant at `anchor` (0..1 across).
    pub fn zoom(self, factor: f64, anchor: f64) -> View {
        let span = ((self.end - self.start) * factor).clamp(1_000.0, 20.0 * 365.0 * 24.0 * 60.0 * MINUTE);
        let at = self.start + (self.end - self.start) * anchor;
        View { start: at - span * anchor, end: at - span * anchor + span }
    }

    pub fn pan(self, ms: f64) -> View {
        View { start: self.start + ms, end: self.end + ms }
    }

    /// Centres on `t` if it is out of view.
    pub fn reveal(self, t: f64) -> View {
        if t >= self.start && t <= self.end {
            self
        } else {
            let half = (self.end - self.start) / 2.0;
            View { start: t - half, end: t + half }
        }
    }
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

/// The marks of a lane between `start` and `end`, found by binary search, with level of detail.
pub fn lane_marks<'a>(lane: &'a LaneView, view: View, px_per_ms: f64, width: f64) -> LaneMarks<'a> {
    let lo = lane.marks.partition_point(|m| m.time_ms < view.start);
    let hi = lane.marks.partition_point(|m| m.time_ms <= view.end);
    let marks = &lane.marks[lo..hi.max(lo)];
    // One by one while there is room for about four bins per mark: each mark is a shape to
    // draw on every zoom step, a run of bins one shape for many.
    if (marks.len() as f64) < width / BIN_PX / 4.0 {
        return LaneMarks::Each(marks, lo);
    }
    // Cells of BIN_PX first, then neighbouring cells of one kind merged into runs.
    let mut cells: Vec<Bin> = Vec::new();
    for m in marks {
        let x = ((m.time_ms - view.start) * px_per_ms / BIN_PX).floor() * BIN_PX;
        let (matched, missed) = (u32::from(m.matched), u32::from(!m.matched));
        match cells.last_mut() {
            Some(cell) if cell.x == x => {
                cell.matched += matched;
                cell.missed += missed;
            }
            _ => cells.push(Bin { x, width: BIN_PX, matched, missed }),
        }
    }
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
    LaneMarks::Binned(bins)
}

/// Tick spacing for the axis: the first step giving at most one label per ~110 px.
fn tick_step(span_ms: f64, width: f64) -> f64 {
    const STEPS: [f64; 15] = [1e3, 5e3, 15e3, 6e4, 3e5, 9e5, 1.8e6, 3.6e6, 1.08e7, 2.16e7, 4.32e7, 8.64e7, 6.048e8, 2.592e9, 3.1536e10];
    let wanted = span_ms / (width / 110.0).max(1.0);
    STEPS.into_iter().find(|s| *s >= wanted).unwrap_or(3.1536e10)
}

fn label(ms: f64, step: f64) -> String {
    let iso: String = js_sys::Date::new(&ms.into()).to_iso_string().into();
    if step >= 8.64e7 {
        iso[..10].to_string()
    } else if step >= 6e4 {
        iso[11..16].to_string()
    } else {
        iso[11..19].to_string()
    }
}

/// A host name cut to fit the gutter; the full name is in the lane's tooltip.
fn short_label(host: &str) -> String {
    const MAX: usize = 22;
    let host = crate::export::visible_text(host);
    if host.chars().count() <= MAX {
        host.to_string()
    } else {
        let mut cut: String = host.chars().take(MAX - 1).collect();
        cut.push('…');
        cut
    }
}

/// What the pointer is over. Shapes carry it in `data-tip`, and one listener on the SVG reads
/// it: no callbacks and no tooltip text are made per shape, so a zoom step redraws thousands
/// of shapes quickly. The text is made for the one shape hovered.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tip {
    Group(usize),
    /// (lane, index into its marks)
    Mark(usize, usize),
    /// (lane, x from the chart's edge, matched, missed)
    Bin(usize, f64, u32, u32),
}

impl Tip {
    fn attr(self) -> String {
        match self {
            Tip::Group(g) => format!("g {g}"),
            Tip::Mark(lane, m) => format!("m {lane} {m}"),
            Tip::Bin(lane, x, matched, missed) => format!("b {lane} {x} {matched} {missed}"),
        }
    }

    fn parse(attr: &str) -> Option<Tip> {
        let mut parts = attr.split(' ');
        let kind = parts.next()?;
        let mut num = || parts.next().and_then(|p| p.parse::<f64>().ok());
        let tip = match kind {
            "g" => Tip::Group(num()? as usize),
            "m" => Tip::Mark(num()? as usize, num()? as usize),
            "b" => Tip::Bin(num()? as usize, num()?, num()? as u32, num()? as u32),
            _ => return None,
        };
        Some(tip)
    }

    /// The tooltip's lines, or `None` when the results changed under it.
    fn lines(self, results: &ResultsView) -> Option<Vec<String>> {
        Some(match self {
            Tip::Group(gi) => {
                let g = results.groups.get(gi)?;
                vec![
                    g.names.join(", "),
                    format!("count_ {} · number_alerts {} · {} joined logon(s)", g.count, g.names.len(), g.rows.len()),
                    format!("{} · window {} · {}", g.time, results.params.window.to_kql(), g.entity),
                ]
            }
            Tip::Mark(lane, mi) => {
                results.lanes.get(lane)?.marks.get(mi)?.lines(results)
            }
            Tip::Bin(_, _, matched, missed) => vec![format!("{matched} joined, {missed} near misses"), "Zoom in to see them one by one".into()],
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub results: Rc<ResultsView>,
    pub selected: Option<usize>,
    pub on_select: Callback<Option<usize>>,
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let results = &props.results;
    let view = use_state(|| View::fit(results));
    let width = use_state(|| 900.0f64);
    let scroll_top = use_state(|| 0.0f64);
    let hover = use_state(|| None::<Tip>);
    let drag = use_mut_ref(|| None::<(f64, View)>);
    let container = use_node_ref();
    let svg_ref = use_node_ref();

    {
        // New results (files, parameters): fit the view to them.
        let view = view.clone();
        use_effect_with(results.clone(), move |r| view.set(View::fit(r)));
    }
    {
        // Measure the drawing width now and whenever the window resizes.
        let (container, width) = (container.clone(), width.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = container.cast::<HtmlElement>() {
                    let w = el.client_width() as f64;
                    if w > 0.0 {
                        width.set(w);
                    }
                }
            };
            measure();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    let chart_w = (*width - GUTTER).max(100.0);
    let v = *view;
    let px_per_ms = chart_w / (v.end - v.start).max(1.0);
    let x_of = |t: f64| GUTTER + (t - v.start) * px_per_ms;
    {
        // Wheel zoom needs preventDefault, which Yew's passive wheel listener cannot do.
        let (svg_ref, view) = (svg_ref.clone(), view.clone());
        use_effect_with((v, chart_w), move |&(v, chart_w)| {
            let listener = svg_ref.cast::<web_sys::Element>().map(|svg| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&svg, "wheel", options, move |e| {
                    let Some(e) = e.dyn_ref::<WheelEvent>() else { return };
                    e.prevent_default();
                    let anchor = ((e.offset_x() as f64 - GUTTER) / chart_w).clamp(0.0, 1.0);
                    view.set(v.zoom((e.delta_y() * 0.0015).exp(), anchor));
                })
            });
            move || drop(listener)
        });
    }
    {
        // Selecting a group (here or through a table row) brings it into view.
        let (view, results, container) = (view.clone(), results.clone(), container.clone());
        use_effect_with(props.selected, move |selected| {
            if let Some(g) = selected.and_then(|g| results.groups.get(g)) {
                let current = *view;
                let next = current.reveal(g.time_ms);
                if next != current {
                    view.set(next);
                }
                if let Some(el) = container.cast::<HtmlElement>() {
                    let y = g.lane as f64 * LANE_HEIGHT;
                    let top = el.scroll_top() as f64;
                    if y < top || y > top + VIEWPORT - AXIS_HEIGHT - LANE_HEIGHT {
                        el.set_scroll_top((y - LANE_HEIGHT).max(0.0) as i32);
                    }
                }
            }
        });
    }

    let on_pointer_down = {
        let (drag, view) = (drag.clone(), view.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some(target) = e.target_dyn_into::<web_sys::Element>() {
                let _ = target.set_pointer_capture(e.pointer_id());
            }
            *drag.borrow_mut() = Some((e.client_x() as f64, *view));
        })
    };
    let on_pointer_move = {
        let (drag, view) = (drag.clone(), view.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some((x0, v0)) = *drag.borrow() {
                let dx = e.client_x() as f64 - x0;
                if dx.abs() > 2.0 {
                    view.set(v0.pan(-dx / px_per_ms));
                }
            }
        })
    };
    let on_pointer_up = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let zoom = |factor: f64| {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(view.zoom(factor, 0.5)))
    };
    let fit = {
        let (view, results) = (view.clone(), results.clone());
        Callback::from(move |_: MouseEvent| view.set(View::fit(&results)))
    };
    let on_key = {
        let (view, results, on_select, selected) = (view.clone(), results.clone(), props.on_select.clone(), props.selected);
        Callback::from(move |e: KeyboardEvent| {
            let groups = &results.groups;
            let pick = |g: usize| on_select.emit(Some(g));
            match e.key().as_str() {
                "ArrowRight" if !groups.is_empty() => pick(selected.map_or(0, |g| (g + 1).min(groups.len() - 1))),
                "ArrowLeft" if !groups.is_empty() => pick(selected.map_or(0, |g| g.saturating_sub(1))),
                "ArrowDown" | "ArrowUp" if !groups.is_empty() => {
                    let lane = selected.map_or(0, |g| groups[g].lane);
                    let next = if e.key() == "ArrowDown" { (lane + 1).min(results.lanes.len() - 1) } else { lane.saturating_sub(1) };
                    if let Some(&g) = results.lanes[next].groups.first() {
                        pick(g);
                    }
                }
                "+" | "=" => view.set(view.zoom(0.7, 0.5)),
                "-" | "_" => view.set(view.zoom(1.0 / 0.7, 0.5)),
                "0" => view.set(View::fit(&results)),
                "Escape" => on_select.emit(None),
                _ => return,
            }
            e.prevent_default();
        })
    };
    let on_scroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| scroll_top.set(e.target_unchecked_into::<HtmlElement>().scroll_top() as f64))
    };

    let lanes = &results.lanes;
    // The lanes in view and one more on each side.
    let first_lane = ((*scroll_top / LANE_HEIGHT) as usize).saturating_sub(1).min(lanes.len());
    let last_lane = (first_lane + (VIEWPORT / LANE_HEIGHT) as usize + 2).min(lanes.len());
    let height = AXIS_HEIGHT + lanes.len() as f64 * LANE_HEIGHT;
    let step = tick_step(v.end - v.start, chart_w);
    let ticks: Vec<f64> = {
        let mut t = (v.start / step).ceil() * step;
        let mut out = Vec::new();
        while t <= v.end && out.len() < 200 {
            out.push(t);
            t += step;
        }
        out
    };
    let axis_y = *scroll_top; // The axis sticks to the top of the scrolled area.
    // The shape under the pointer, from its `data-tip` (see `Tip`).
    let tip_of = |e: &MouseEvent| -> Option<(web_sys::Element, Tip)> {
        let target = e.target_dyn_into::<web_sys::Element>()?;
        let shape = target.closest("[data-tip]").ok()??;
        let tip = Tip::parse(&shape.get_attribute("data-tip")?)?;
        Some((shape, tip))
    };
    let on_over = {
        let hover = hover.clone();
        Callback::from(move |e: MouseEvent| {
            let tip = tip_of(&e).map(|(_, tip)| tip);
            if *hover != tip {
                hover.set(tip);
            }
        })
    };
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let on_click = {
        let on_select = props.on_select.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some((_, Tip::Group(gi))) = tip_of(&e) {
                on_select.emit(Some(gi));
            }
        })
    };
    let lane_html = |li: usize| -> Html {
        let lane = &lanes[li];
        let y = AXIS_HEIGHT + li as f64 * LANE_HEIGHT;
        // Groups are in time order within a lane: find those in view by binary search.
        let lo = lane.groups.partition_point(|&gi| results.groups[gi].window_end_ms < v.start);
        let hi = lane.groups.partition_point(|&gi| results.groups[gi].time_ms <= v.end);
        let in_view = &lane.groups[lo..hi.max(lo)];
        let crowded = in_view.len() as f64 > chart_w / 8.0;
        let groups_html = in_view.iter().enumerate().filter_map(|(n, &gi)| {
            let g = &results.groups[gi];
            // Level of detail: when groups outnumber the room for them, draw one per 8 px.
            if crowded && n > 0 && ((x_of(g.time_ms) - x_of(results.groups[in_view[n - 1]].time_ms)) < 8.0) && props.selected != Some(gi) {
                return None;
            }
            let (x0, x1) = (x_of(g.time_ms), x_of(g.window_end_ms));
            let selected = props.selected == Some(gi);
            let cy = y + LANE_HEIGHT / 2.0;
            let points = format!("{x0},{} {},{cy} {x0},{} {},{cy}", cy - 7.0, x0 + 6.0, cy + 7.0, x0 - 6.0);
            Some(html! {
                <g class={classes!("tl-group", selected.then_some("selected"))} data-group={gi.to_string()} data-tip={Tip::Group(gi).attr()}>
                    // A band narrower than the diamond would be hidden under it: not drawn.
                    if x1 - x0 > 6.0 {
                        <rect class="tl-band" x={x0.to_string()} y={(y + 4.0).to_string()} width={(x1 - x0).to_string()} height={(LANE_HEIGHT - 8.0).to_string()} />
                    }
                    <polygon class="tl-marker" points={points} />
                    if x1 - x0 > 90.0 {
                        <text class="tl-group-label" x={(x0 + 9.0).to_string()} y={(y + 12.0).to_string()}>
                            { short_label(&format!("{}{}", g.names.join(", "), if g.count > 1 { format!(" ×{}", g.count) } else { String::new() })) }
                        </text>
                    }
                </g>
            })
        });
        let marks_html = match lane_marks(lane, v, px_per_ms, chart_w) {
            LaneMarks::Each(marks, first) => marks
                .iter()
                .enumerate()
                .map(|(n, m)| {
                    let x = x_of(m.time_ms);
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
        };
        html! {
            <g class="tl-lane" key={lane.host.clone()} data-host={lane.host.clone()}>
                <line class="tl-lane-line" x1={GUTTER.to_string()} x2={(GUTTER + chart_w).to_string()} y1={(y + LANE_HEIGHT).to_string()} y2={(y + LANE_HEIGHT).to_string()} />
                { for groups_html }
                { marks_html }
                <text class="tl-host" x="6" y={(y + LANE_HEIGHT / 2.0 + 4.0).to_string()}>
                    <title>{ lane.host.clone() }</title>
                    { short_label(&lane.host) }
                </text>
            </g>
        }
    };
    let tooltip = (*hover).and_then(|tip| {
        let lines = tip.lines(results)?;
        // Placed by the shape it describes, where the current view draws it.
        let (hx, lane) = match tip {
            Tip::Group(gi) => (x_of(results.groups[gi].time_ms), results.groups[gi].lane),
            Tip::Mark(lane, mi) => (x_of(results.lanes[lane].marks[mi].time_ms), lane),
            Tip::Bin(lane, x, ..) => (GUTTER + x, lane),
        };
        let hy = AXIS_HEIGHT + lane as f64 * LANE_HEIGHT;
        let w = 12.0 + 7.0 * lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
        let x = if hx + w + 12.0 > *width { (hx - w - 8.0).max(0.0) } else { hx + 8.0 };
        let y = (hy + LANE_HEIGHT).min(height - 16.0 * lines.len() as f64 - 8.0).max(axis_y + AXIS_HEIGHT);
        Some(html! {
            <g class="tl-tooltip" role="tooltip">
                <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={(8.0 + 16.0 * lines.len() as f64).to_string()} rx="3" />
                { for lines.iter().enumerate().map(|(i, l)| html! {
                    <text x={(x + 6.0).to_string()} y={(y + 17.0 + 16.0 * i as f64).to_string()}>{ crate::export::visible_text(l).into_owned() }</text>
                }) }
            </g>
        })
    });
    let lanes_label = format!("{} hosts, {} alert groups, {} result rows", lanes.len(), results.groups.len(), results.rows.len());
    html! {
        <section class="timeline" aria-label="Timeline">
            <div class="timeline-bar">
                <h2>{ "Timeline" }</h2>
                <span class="muted">{ lanes_label }</span>
                <span class="spacer"></span>
                <span class="legend"><span class="swatch swatch-match"></span>{ " joined " }<span class="swatch swatch-miss"></span>{ " near miss " }<span class="swatch swatch-band"></span>{ format!(" {} window", results.params.window.to_kql()) }</span>
                <button class="button zoom-in" onclick={zoom(0.7)} aria-label="Zoom in">{ "+" }</button>
                <button class="button zoom-out" onclick={zoom(1.0 / 0.7)} aria-label="Zoom out">{ "−" }</button>
                <button class="button zoom-fit" onclick={fit} aria-label="Fit all alerts">{ "Fit" }</button>
            </div>
            if results.groups.is_empty() {
                <p class="muted">{ "No alert matches the names, so there is nothing to draw." }</p>
            } else {
                <div class="timeline-scroll" ref={container} onscroll={on_scroll} tabindex="0" onkeydown={on_key}
                    aria-label="Timeline of alert groups by host: arrow keys move between alerts, + and − zoom, 0 fits">
                    <svg ref={svg_ref} class="timeline-svg" width={width.to_string()} height={height.to_string()}
                        onpointerdown={on_pointer_down} onpointermove={on_pointer_move} onpointerup={on_pointer_up}
                        onmouseover={on_over} onmouseleave={on_leave} onclick={on_click}
                        role="img" aria-label="Alert groups and RDP logons over time">
                        // Lanes and the tooltip in groups of their own: Yew re-creates a keyed list
                        // that has siblings, which would detach every mark on each hover.
                        <g class="tl-lanes">{ for (first_lane..last_lane).map(lane_html) }</g>
                        <g class="tl-axis">
                            <rect class="tl-axis-bg" x="0" y={axis_y.to_string()} width={width.to_string()} height={AXIS_HEIGHT.to_string()} />
                            { for ticks.iter().map(|&t| html! {
                                <g>
                                    <line class="tl-tick" x1={x_of(t).to_string()} x2={x_of(t).to_string()} y1={(axis_y + AXIS_HEIGHT - 6.0).to_string()} y2={height.to_string()} />
                                    <text class="tl-tick-label" x={(x_of(t) + 3.0).to_string()} y={(axis_y + 15.0).to_string()}>{ label(t, step) }</text>
                                </g>
                            }) }
                            <text class="tl-tick-label" x="6" y={(axis_y + 15.0).to_string()}>{ "UTC" }</text>
                        </g>
                        <g class="tl-overlay">{ for tooltip }</g>
                    </svg>
                </div>
            }
        </section>
    }
}
