//! How the timeline moves and answers: fit to new results, zoom (wheel, buttons, +/−/0), pan
//! by dragging, reveal the selected group, arrow keys between groups and hosts, and one
//! delegated listener for hover and click that reads the shapes' `data-tip`.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent, PointerEvent, WheelEvent};
use yew::prelude::*;

use super::layout::{Layout, AXIS_HEIGHT, GUTTER, LANE_HEIGHT, VIEWPORT};
use crate::view::{ResultsView, TimeRange, Tip};

/// One button or key press zooms by this factor.
const ZOOM_STEP: f64 = 0.7;

/// New results (files, parameters): fit the range to them.
#[hook]
pub fn use_fit_on_new_results(results: &Rc<ResultsView>, range: &UseStateHandle<TimeRange>) {
    let range = range.clone();
    use_effect_with(results.clone(), move |r| range.set(TimeRange::fit(r)));
}

/// Wheel zoom about the pointer. It needs preventDefault, which Yew's passive wheel listener
/// cannot do, so the listener is the SVG's own.
#[hook]
pub fn use_wheel_zoom(svg_ref: &NodeRef, range: &UseStateHandle<TimeRange>, layout: Layout) {
    let (svg_ref, range) = (svg_ref.clone(), range.clone());
    use_effect_with((layout.range, layout.chart_w), move |&(current, chart_w)| {
        let listener = svg_ref.cast::<web_sys::Element>().map(|svg| {
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&svg, "wheel", options, move |e| {
                let Some(e) = e.dyn_ref::<WheelEvent>() else { return };
                e.prevent_default();
                let anchor = ((e.offset_x() as f64 - GUTTER) / chart_w).clamp(0.0, 1.0);
                range.set(current.zoom((e.delta_y() * 0.0015).exp(), anchor));
            })
        });
        move || drop(listener)
    });
}

/// Selecting a group (here or through a table row) brings it into view, across and down.
#[hook]
pub fn use_reveal_selected(selected: Option<usize>, results: &Rc<ResultsView>, range: &UseStateHandle<TimeRange>, container: &NodeRef) {
    let (range, results, container) = (range.clone(), results.clone(), container.clone());
    use_effect_with(selected, move |selected| {
        let Some(g) = selected.and_then(|g| results.groups.get(g)) else { return };
        let current = *range;
        let next = current.reveal(g.time_ms);
        if next != current {
            range.set(next);
        }
        if let Some(el) = container.cast::<HtmlElement>() {
            let y = g.lane as f64 * LANE_HEIGHT;
            let top = el.scroll_top() as f64;
            if y < top || y > top + VIEWPORT - AXIS_HEIGHT - LANE_HEIGHT {
                el.set_scroll_top((y - LANE_HEIGHT).max(0.0) as i32);
            }
        }
    });
}

/// The pointer handlers that pan by dragging.
pub struct Drag {
    pub down: Callback<PointerEvent>,
    pub moved: Callback<PointerEvent>,
    pub up: Callback<PointerEvent>,
}

/// Panning: where the drag started and the range then.
#[hook]
pub fn use_drag(range: &UseStateHandle<TimeRange>, px_per_ms: f64) -> Drag {
    let start = use_mut_ref(|| None::<(f64, TimeRange)>);
    let down = {
        let (start, range) = (start.clone(), range.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some(target) = e.target_dyn_into::<web_sys::Element>() {
                let _ = target.set_pointer_capture(e.pointer_id());
            }
            *start.borrow_mut() = Some((e.client_x() as f64, *range));
        })
    };
    let moved = {
        let (start, range) = (start.clone(), range.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some((x0, r0)) = *start.borrow() {
                let dx = e.client_x() as f64 - x0;
                if dx.abs() > 2.0 {
                    range.set(r0.pan(-dx / px_per_ms));
                }
            }
        })
    };
    let up = Callback::from(move |_: PointerEvent| *start.borrow_mut() = None);
    Drag { down, moved, up }
}

/// A button that zooms by `factor` about the middle.
pub fn zoom_button(range: &UseStateHandle<TimeRange>, zoom_in: bool) -> Callback<MouseEvent> {
    let range = range.clone();
    let factor = if zoom_in { ZOOM_STEP } else { 1.0 / ZOOM_STEP };
    Callback::from(move |_: MouseEvent| range.set(range.zoom(factor, 0.5)))
}

pub fn fit_button(range: &UseStateHandle<TimeRange>, results: &Rc<ResultsView>) -> Callback<MouseEvent> {
    let (range, results) = (range.clone(), results.clone());
    Callback::from(move |_: MouseEvent| range.set(TimeRange::fit(&results)))
}

/// ←/→ the previous or next group, ↑/↓ the first group of the host above or below, +/−/0 zoom
/// and fit, Escape clears the selection.
pub fn on_key(range: &UseStateHandle<TimeRange>, results: &Rc<ResultsView>, on_select: &Callback<Option<usize>>, selected: Option<usize>) -> Callback<KeyboardEvent> {
    let (range, results, on_select) = (range.clone(), results.clone(), on_select.clone());
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
            "+" | "=" => range.set(range.zoom(ZOOM_STEP, 0.5)),
            "-" | "_" => range.set(range.zoom(1.0 / ZOOM_STEP, 0.5)),
            "0" => range.set(TimeRange::fit(&results)),
            "Escape" => on_select.emit(None),
            _ => return,
        }
        e.prevent_default();
    })
}

pub fn on_scroll(scroll_top: &UseStateHandle<f64>) -> Callback<Event> {
    let scroll_top = scroll_top.clone();
    Callback::from(move |e: Event| scroll_top.set(e.target_unchecked_into::<HtmlElement>().scroll_top() as f64))
}

/// The hover and click handlers of the whole SVG.
pub struct Pointer {
    pub over: Callback<MouseEvent>,
    pub leave: Callback<MouseEvent>,
    pub click: Callback<MouseEvent>,
}

/// The shape under the pointer, from its `data-tip`.
fn tip_of(e: &MouseEvent) -> Option<Tip> {
    let target = e.target_dyn_into::<web_sys::Element>()?;
    let shape = target.closest("[data-tip]").ok()??;
    Tip::parse(&shape.get_attribute("data-tip")?)
}

/// Hovering sets `hover`; clicking a group selects it, clicking a session opens it.
pub fn pointer(hover: &UseStateHandle<Option<Tip>>, on_select: &Callback<Option<usize>>, on_session: &Callback<Option<usize>>) -> Pointer {
    let over = {
        let hover = hover.clone();
        Callback::from(move |e: MouseEvent| {
            let tip = tip_of(&e);
            if *hover != tip {
                hover.set(tip);
            }
        })
    };
    let leave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let click = {
        let (on_select, on_session) = (on_select.clone(), on_session.clone());
        Callback::from(move |e: MouseEvent| match tip_of(&e) {
            Some(Tip::Group(gi)) => on_select.emit(Some(gi)),
            Some(Tip::Session(si)) => on_session.emit(Some(si)),
            _ => {}
        })
    };
    Pointer { over, leave, click }
}
