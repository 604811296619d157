//! A lane's RDP sessions and lone 1149s, as `view::bars` places them: a bar per session (solid
//! while connected, dashed while disconnected, fading out where the end is unknown, faded in and
//! marked where the start is unknown) with its lock, unlock, reconnect and NLA ticks, or at a
//! wide zoom a run per group of sessions that touch; and a dot per lone 1149. And `SessionDetail`, the clicked session in full, with chips that pivot onto its
//! account or address. Every shape carries its `data-tip`; values are text nodes only.

use yew::prelude::*;

use super::layout::{Layout, GUTTER, LANE_HEIGHT};
use crate::export::visible_text;
use crate::view::bars::{lone_in_view, session_bars, SessionBar, OPEN_PX};
use crate::view::pivot::PivotEntity;
use crate::view::{LaneView, ResultsView, Tip};

/// Height of a session bar, and the gap between the two tracks.
const BAR_H: f64 = 6.0;

/// The top of a bar on `track` in the lane whose top is `y`.
fn bar_top(y: f64, track: u8) -> f64 {
    y + LANE_HEIGHT - 3.0 - BAR_H - f64::from(track.min(1)) * (BAR_H + 3.0)
}

/// The lane's sessions and lone 1149s in view; `dimmed` says which sessions a pivot dims.
pub fn sessions(results: &ResultsView, lane: &LaneView, li: usize, layout: &Layout, y: f64, dimmed: &dyn Fn(usize) -> bool) -> Html {
    let drawn = session_bars(results, lane, layout.range, layout.px_per_ms, layout.chart_w);
    let lone = lone_in_view(lane, layout.range, layout.px_per_ms);
    html! {
        <>
            { for drawn.bars.iter().map(|b| bar(results, b, y, dimmed(b.session))) }
            { for drawn.runs.iter().map(|r| html! {
                <rect class="tl-session-run" x={(GUTTER + r.x0).to_string()} y={bar_top(y, r.track).to_string()} width={(r.x1 - r.x0).max(1.0).to_string()} height={BAR_H.to_string()}
                    data-tip={Tip::SessionRun(li, r.x0, r.count).attr()} />
            }) }
            { for lone.into_iter().map(|(i, x)| html! {
                <circle class="tl-lone" cx={(GUTTER + x).to_string()} cy={(y + LANE_HEIGHT - 6.0).to_string()} r="3.5"
                    data-tip={Tip::Lone(li, i).attr()} />
            }) }
        </>
    }
}

fn bar(results: &ResultsView, b: &SessionBar, y: f64, dimmed: bool) -> Html {
    let s = &results.sessions[b.session];
    let top = bar_top(y, b.track);
    let mid = top + BAR_H / 2.0;
    let (x0, x1) = (GUTTER + b.x0, GUTTER + b.x1);
    let class = classes!("tl-session", b.open_start.then_some("open-start"), b.open_end.then_some("open-end"), dimmed.then_some("dimmed"));
    html! {
        <g class={class} data-tip={Tip::Session(b.session).attr()} data-session={b.session.to_string()}
            data-account={results.string(s.account).to_string()} data-start={s.start.map(|t| crate::engine::Ticks(t).to_iso()).unwrap_or_default()}
            data-end-cause={s.end_cause.as_str()}>
            // A wider, unseen rect makes the thin bar easy to point at.
            <rect class="tl-session-hit" x={(x0 - 2.0).to_string()} y={(top - 3.0).to_string()} width={(x1 - x0 + 4.0).to_string()} height={(BAR_H + 6.0).to_string()} />
            if b.open_start {
                <rect class="tl-open-start" x={(x0 - OPEN_PX).to_string()} y={top.to_string()} width={OPEN_PX.to_string()} height={BAR_H.to_string()} />
                <line class="tl-start-unknown" x1={x0.to_string()} x2={x0.to_string()} y1={(top - 3.0).to_string()} y2={(top + BAR_H + 3.0).to_string()} />
            }
            { for b.segments.iter().map(|seg| if seg.connected {
                html! { <rect class="tl-connected" x={(GUTTER + seg.x0).to_string()} y={top.to_string()} width={(seg.x1 - seg.x0).max(1.0).to_string()} height={BAR_H.to_string()} /> }
            } else {
                html! { <line class="tl-disconnected" x1={(GUTTER + seg.x0).to_string()} x2={(GUTTER + seg.x1).to_string()} y1={mid.to_string()} y2={mid.to_string()} /> }
            }) }
            if b.open_end {
                <rect class="tl-open-end" x={x1.to_string()} y={top.to_string()} width={OPEN_PX.to_string()} height={BAR_H.to_string()} />
            } else {
                <line class="tl-session-end" x1={x1.to_string()} x2={x1.to_string()} y1={(top - 2.0).to_string()} y2={(top + BAR_H + 2.0).to_string()} />
            }
            { for b.marks.iter().map(|(kind, x)| {
                let x = GUTTER + x;
                html! { <line class={classes!("tl-smark", format!("tl-smark-{}", kind.as_str()))} x1={x.to_string()} x2={x.to_string()} y1={(top - 4.0).to_string()} y2={top.to_string()} /> }
            }) }
        </g>
    }
}

/// The gradients of open ends: in the SVG once, styled by the stylesheet.
pub fn defs() -> Html {
    html! {
        <defs>
            <linearGradient id="tl-fade-out">
                <stop offset="0" class="tl-fade-strong" />
                <stop offset="1" class="tl-fade-none" />
            </linearGradient>
            <linearGradient id="tl-fade-in">
                <stop offset="0" class="tl-fade-none" />
                <stop offset="1" class="tl-fade-strong" />
            </linearGradient>
        </defs>
    }
}

#[derive(Properties, PartialEq)]
pub struct SessionDetailProps {
    pub results: std::rc::Rc<ResultsView>,
    pub session: usize,
    pub on_close: Callback<MouseEvent>,
    pub on_pivot: Callback<PivotEntity>,
}

/// The clicked session: what its tooltip says, every evidence line, and chips that pivot.
#[component]
pub fn SessionDetail(props: &SessionDetailProps) -> Html {
    let Some(s) = props.results.sessions.get(props.session) else { return html! {} };
    let results = &props.results;
    let (summary, evidence) = s.detail(results);
    let chip = |entity: PivotEntity, class: &'static str| {
        let on_pivot = props.on_pivot.clone();
        let text = visible_text(entity.text()).into_owned();
        html! {
            <button class={classes!("entity-chip", class)} title={format!("Follow {text} across every host")}
                onclick={Callback::from(move |_: MouseEvent| on_pivot.emit(entity.clone()))}>{ text.clone() }</button>
        }
    };
    let account = results.string(s.account);
    let address = results.string(s.address);
    html! {
        <aside class="session-detail" aria-label="RDP session">
            <div class="session-detail-bar">
                <h3>{ visible_text(&summary[0]).into_owned() }</h3>
                <span class="spacer"></span>
                if !account.is_empty() { { chip(PivotEntity::Account(account.to_string()), "chip-account") } }
                if !address.is_empty() { { chip(PivotEntity::Address(address.to_string()), "chip-ip") } }
                <button class="button session-close" onclick={props.on_close.clone()} aria-label="Close the session">{ "Close" }</button>
            </div>
            <ul class="session-lines">{ for summary[1..].iter().map(|l| html! { <li>{ visible_text(l).into_owned() }</li> }) }</ul>
            <h3>{ format!("Evidence ({})", evidence.len()) }</h3>
            <ol class="session-evidence">{ for evidence.iter().map(|l| html! { <li><code>{ visible_text(l).into_owned() }</code></li> }) }</ol>
        </aside>
    }
}
