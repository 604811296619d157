//! The time axis across the top, stuck to the top of the scrolled area: ticks and labels from
//! `view::axis`, in UTC.

use yew::prelude::*;

use super::layout::{Layout, AXIS_HEIGHT};
use crate::view::axis::{tick_label, tick_step, ticks};

pub fn axis(layout: &Layout) -> Html {
    let step = tick_step(layout.range.span(), layout.chart_w);
    let y = layout.scroll_top;
    html! {
        <g class="tl-axis">
            <rect class="tl-axis-bg" x="0" y={y.to_string()} width={layout.width.to_string()} height={AXIS_HEIGHT.to_string()} />
            { for ticks(layout.range, step).into_iter().map(|t| {
                let x = layout.x_of(t);
                html! {
                    <g>
                        <line class="tl-tick" x1={x.to_string()} x2={x.to_string()} y1={(y + AXIS_HEIGHT - 6.0).to_string()} y2={layout.height.to_string()} />
                        <text class="tl-tick-label" x={(x + 3.0).to_string()} y={(y + 15.0).to_string()}>{ tick_label(t, step) }</text>
                    </g>
                }
            }) }
            <text class="tl-tick-label" x="6" y={(y + 15.0).to_string()}>{ "UTC" }</text>
        </g>
    }
}
