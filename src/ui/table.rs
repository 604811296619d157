//! The result rows: the 8 output columns, the RDP session of each row's logon (end, end cause,
//! duration) and the alert group, sorted and filtered (as `view::visible_rows` says),
//! selectable, exported. Account and address chips pivot the workbench onto their value. Rendering is virtualised (only the rows in
//! view are in the DOM), so 100,000 rows scroll smoothly.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::engine::OUTPUT_COLUMNS;
use crate::export::{values_to_csv, values_to_json, visible_text};
use crate::view::{visible_rows, PivotEntity, ResultsView, RowView, Sort};

/// The session's columns after the hunt's 8: heading and `data-col`.
const SESSION_COLUMNS: [(&str, &str); 3] = [("Session end", "SessionEnd"), ("End cause", "EndCause"), ("Duration", "Duration")];

/// Height of one row in px; `www/style.css` gives `.results-table tbody tr` the same.
pub const ROW_HEIGHT: f64 = 26.0;
/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 10;
/// Height of the scrolling area in px (`.table-scroll` in the stylesheet).
const VIEWPORT: f64 = 420.0;

fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = gloo::utils::document();
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[derive(Properties, PartialEq)]
pub struct ResultsTableProps {
    pub results: Rc<ResultsView>,
    pub selected: Option<usize>,
    pub filter: String,
    pub sort: Sort,
    pub on_select: Callback<Option<usize>>,
    pub on_filter: Callback<String>,
    pub on_sort: Callback<usize>,
    /// A chip pivots the workbench onto its account or address (and filters the table to it).
    pub on_pivot: Callback<Option<PivotEntity>>,
}

#[component]
pub fn ResultsTable(props: &ResultsTableProps) -> Html {
    let results = &props.results;
    let order = {
        let (results, filter, sort) = (results.clone(), props.filter.clone(), props.sort);
        use_memo((results, filter, sort), |(r, f, s)| visible_rows(r, f, *s))
    };
    let scroll_top = use_state(|| 0.0f64);
    let detail = use_state(|| None::<usize>);
    let scroller = use_node_ref();
    let (top_spacer, bottom_spacer) = (use_node_ref(), use_node_ref());

    let first = ((*scroll_top / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN).min(order.len());
    let last = (first + (VIEWPORT / ROW_HEIGHT) as usize + 2 * OVERSCAN).min(order.len());
    {
        // Spacer heights change at run time; they go through the CSSOM, which the CSP allows.
        let (top, bottom) = (top_spacer.clone(), bottom_spacer.clone());
        let heights = (first as f64 * ROW_HEIGHT, (order.len() - last) as f64 * ROW_HEIGHT);
        use_effect_with(heights, move |(above, below)| {
            for (node, h) in [(top, *above), (bottom, *below)] {
                if let Some(el) = node.cast::<HtmlElement>() {
                    let _ = el.style().set_property("height", &format!("{h}px"));
                }
            }
        });
    }
    {
        // A group picked on the timeline brings its first row into view.
        let (scroller, order, results) = (scroller.clone(), order.clone(), results.clone());
        use_effect_with(props.selected, move |selected| {
            let Some(g) = *selected else { return };
            let Some(pos) = order.iter().position(|&i| results.rows[i].group == g) else { return };
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let top = pos as f64 * ROW_HEIGHT;
                let current = el.scroll_top() as f64;
                if top < current || top > current + VIEWPORT - ROW_HEIGHT {
                    el.set_scroll_top((top - ROW_HEIGHT * 2.0).max(0.0) as i32);
                }
            }
        });
    }
    let on_scroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            let el: HtmlElement = e.target_unchecked_into();
            scroll_top.set(el.scroll_top() as f64);
        })
    };
    let on_filter = {
        let on_filter = props.on_filter.clone();
        Callback::from(move |e: InputEvent| on_filter.emit(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let export = |json: bool| {
        let (results, order) = (results.clone(), order.clone());
        Callback::from(move |_: MouseEvent| {
            let rows = order.iter().map(|&i| results.rows[i].values.iter());
            if json {
                download("huntbench-results.json", "application/json", &values_to_json(rows));
            } else {
                download("huntbench-results.csv", "text/csv", &values_to_csv(rows));
            }
        })
    };
    let chip = |value: &str, kind: &str| {
        let on_pivot = props.on_pivot.clone();
        let entity = if kind == "chip-account" { PivotEntity::Account(value.to_string()) } else { PivotEntity::Address(value.to_string()) };
        html! {
            <button class={classes!("entity-chip", kind.to_string())} title={format!("Follow {} across every host (and show only its rows)", visible_text(value))}
                onclick={Callback::from(move |e: MouseEvent| { e.stop_propagation(); on_pivot.emit(Some(entity.clone())) })}>
                { visible_text(value).into_owned() }
            </button>
        }
    };
    let row_html = |i: usize| -> Html {
        let r: &RowView = &results.rows[i];
        let g = &results.groups[r.group];
        let selected = props.selected == Some(r.group);
        let on_click = {
            let (on_select, detail, group) = (props.on_select.clone(), detail.clone(), r.group);
            Callback::from(move |_: MouseEvent| {
                on_select.emit(Some(group));
                detail.set(Some(i));
            })
        };
        html! {
            <tr key={i.to_string()} class={classes!("result-row", selected.then_some("selected"))} onclick={on_click}
                data-group={r.group.to_string()} aria-selected={selected.to_string()}>
                <td data-col="TimeGenerated">{ r.values[0].clone() }</td>
                <td data-col="Interactivelogontime">{ r.values[1].clone() }</td>
                <td data-col="AccountCustomEntity">{ chip(&r.values[2], "chip-account") }</td>
                <td data-col="AccountType">{ visible_text(&r.values[3]).into_owned() }</td>
                <td data-col="CompromisedEntity">{ visible_text(&r.values[4]).into_owned() }</td>
                <td data-col="Activity">{ visible_text(&r.values[5]).into_owned() }</td>
                <td data-col="IpAddress">{ chip(&r.values[6], "chip-ip") }</td>
                <td data-col="TimeWindow">{ r.values[7].clone() }</td>
                { for r.session_cells(results).into_iter().zip(SESSION_COLUMNS).map(|(v, (_, col))| html! { <td data-col={col}>{ v }</td> }) }
                <td class="col-alerts" title={visible_text(&g.names.join("\n")).into_owned()}>{ visible_text(&g.names.join(", ")).into_owned() }</td>
                <td class="num">{ g.count }</td>
                <td class="num">{ g.names.len() }</td>
            </tr>
        }
    };
    let header = |c: usize, name: &str| {
        let on_sort = props.on_sort.reform(move |_: MouseEvent| c);
        let sorted = props.sort.column == c;
        let aria = if !sorted { "none" } else if props.sort.ascending { "ascending" } else { "descending" };
        let arrow = if !sorted { "" } else if props.sort.ascending { " ▲" } else { " ▼" };
        html! { <th aria-sort={aria}><button class="th-button" onclick={on_sort}>{ format!("{name}{arrow}") }</button></th> }
    };
    let detail_view = (*detail).and_then(|i| results.rows.get(i)).map(|r| {
        let g = &results.groups[r.group];
        html! {
            <aside class="row-detail" aria-label="Row provenance">
                <h3>{ "Where this row came from" }</h3>
                <p>{ "Logon: " }<code>{ r.logon_origin.clone() }</code></p>
                <p>{ format!("Alert group: {} at {} on {}, count_ {}, subscription '{}'", g.names.join(", "), g.time, g.entity, g.count, g.subscription) }</p>
                <ul class="origins">{ for g.origins.iter().map(|o| html! { <li><code>{ o.clone() }</code></li> }) }</ul>
            </aside>
        }
    });
    html! {
        <section class="results" aria-label="Results">
            <div class="results-bar">
                <h2>
                    <span class="result-count">{ order.len() }</span>
                    { format!(" of {} rows", results.rows.len()) }
                </h2>
                <input class="filter" type="search" placeholder="Filter rows" aria-label="Filter rows" value={props.filter.clone()} oninput={on_filter} />
                <button class="button clear-filter" hidden={props.filter.is_empty()} onclick={props.on_filter.reform(|_: MouseEvent| String::new())}>{ "Clear filter" }</button>
                <span class="spacer"></span>
                <button class="button export-csv" onclick={export(false)}>{ "Export CSV" }</button>
                <button class="button export-json" onclick={export(true)}>{ "Export JSON" }</button>
            </div>
            if results.rows.is_empty() {
                <p class="muted no-rows">{ format!(
                    "No result rows: {} alert rows match the names ({} groups), {} logons pass the EventID and LogonType filter.",
                    results.matched_alerts, results.groups.len(), results.matched_logons
                ) }</p>
            } else {
                <div class="table-scroll" ref={scroller} onscroll={on_scroll} tabindex="0" aria-label="Result rows, scrollable">
                    <table class="results-table">
                        <thead>
                            <tr>
                                { for OUTPUT_COLUMNS.iter().enumerate().map(|(c, n)| header(c, n)) }
                                { for SESSION_COLUMNS.iter().map(|(name, _)| html! { <th title="Of the RDP session this row's logon started">{ *name }</th> }) }
                                <th>{ "set_AlertName" }</th><th>{ "count_" }</th><th>{ "number_alerts" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            // One keyed list, spacers included: Yew re-creates a keyed list that
                            // has unkeyed siblings, which would detach the rows on every render.
                            { for std::iter::once(html! { <tr key="top" class="spacer-row" ref={top_spacer} aria-hidden="true"></tr> })
                                .chain(order[first..last].iter().map(|&i| row_html(i)))
                                .chain(std::iter::once(html! { <tr key="bottom" class="spacer-row" ref={bottom_spacer} aria-hidden="true"></tr> })) }
                        </tbody>
                    </table>
                </div>
            }
            // Optional parts sit in containers of their own: Yew matches unkeyed children from
            // the end, so a part that comes and goes would re-create the table before it.
            <div class="row-detail-slot">{ for detail_view }</div>
        </section>
    }
}
