//! The pivot's strip above the chart: what the workbench is pivoted onto, how much of it there
//! is, its path from host to host in time order (`view::pivot::Hop`s), and the one button that
//! goes back. Values are text nodes only.

use yew::prelude::*;

use crate::export::visible_text;
use crate::view::{PivotEntity, PivotView, ResultsView};

pub fn strip(p: &PivotView, results: &ResultsView, on_pivot: &Callback<Option<PivotEntity>>) -> Html {
    let what = format!(
        "{} alert row(s), {} logon(s), {} session(s) on {} host(s) · {}:",
        p.alerts,
        p.logons.len(),
        p.sessions.len(),
        p.lanes.len(),
        if p.path.is_empty() { "no successful logon (4624), so no path" } else { "path" }
    );
    let hop_time = |ticks: i64| crate::engine::Ticks(ticks).to_iso()[11..19].to_string();
    html! {
        <div class="pivot-strip" aria-label="Pivot">
            <button class="button pivot-back" onclick={on_pivot.reform(|_: MouseEvent| None)} aria-label="Back: leave the pivot">{ "← Back" }</button>
            <span class="pivot-entity">{ format!("Pivoted on the {} ", p.entity.kind()) }<strong>{ visible_text(p.entity.text()).into_owned() }</strong></span>
            <span class="muted">{ what }</span>
            <ol class="pivot-path">
                { for p.path.iter().map(|hop| {
                    let from = if hop.froms.is_empty() { "?".to_string() } else { hop.froms.join(", ") };
                    html! {
                        <li class="hop" data-host={hop.to.clone()} title={visible_text(&hop.text()).into_owned()}>
                            <span class="hop-from">{ visible_text(&from).into_owned() }</span>
                            { " → " }
                            <span class="hop-to">{ visible_text(&results.lanes.get(hop.lane).map_or(hop.to.clone(), |l| l.host.clone())).into_owned() }</span>
                            <span class="hop-time">{ format!(" {}", hop_time(hop.ticks)) }</span>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
