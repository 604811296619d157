//! Where the timeline draws: its fixed sizes, and `Layout`, the px geometry of one render
//! (the chart's width, the zoom, the scroll), measured by `use_width`.

use gloo::events::EventListener;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::view::TimeRange;

pub const LANE_HEIGHT: f64 = 28.0;
pub const AXIS_HEIGHT: f64 = 24.0;
/// Room for the host labels, left of the chart.
pub const GUTTER: f64 = 170.0;
/// Height of the scrolling area in px (`.timeline-scroll` in the stylesheet).
pub const VIEWPORT: f64 = 300.0;

/// The geometry of one render.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// The SVG's width: its container's.
    pub width: f64,
    /// The chart's width, right of the gutter.
    pub chart_w: f64,
    pub range: TimeRange,
    pub px_per_ms: f64,
    /// How far the lanes are scrolled: the axis sticks to the top of the scrolled area.
    pub scroll_top: f64,
    /// The SVG's height: the axis and every lane.
    pub height: f64,
}

impl Layout {
    pub fn new(width: f64, range: TimeRange, scroll_top: f64, lanes: usize) -> Layout {
        let chart_w = (width - GUTTER).max(100.0);
        let px_per_ms = chart_w / (range.end - range.start).max(1.0);
        Layout { width, chart_w, range, px_per_ms, scroll_top, height: AXIS_HEIGHT + lanes as f64 * LANE_HEIGHT }
    }

    /// The x of instant `t`.
    pub fn x_of(&self, t: f64) -> f64 {
        GUTTER + (t - self.range.start) * self.px_per_ms
    }

    /// The top of lane `li`.
    pub fn lane_y(&self, li: usize) -> f64 {
        AXIS_HEIGHT + li as f64 * LANE_HEIGHT
    }
}

/// The width of `container`, measured when mounted and whenever the window resizes.
#[hook]
pub fn use_width(container: &NodeRef) -> f64 {
    let width = use_state(|| 900.0f64);
    {
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
    *width
}
