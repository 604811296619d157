//! Getting files in and showing what became of them: `FilePanel` (drop anywhere, or pick),
//! one `FileCard` per file with its reports, and the `EmptyState` that says what to drop.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use super::state::{FileEntry, FileStatus};
use crate::export::visible_text;
use crate::ingest::{DateOrder, FileReport};

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// `1.5 MB`, `820 KB`.
pub fn size_label(bytes: f64) -> String {
    if bytes >= 1e9 {
        format!("{:.2} GB", bytes / 1e9)
    } else if bytes >= 1e6 {
        format!("{:.1} MB", bytes / 1e6)
    } else if bytes >= 1e3 {
        format!("{:.0} KB", bytes / 1e3)
    } else {
        format!("{bytes:.0} B")
    }
}

#[derive(Properties, PartialEq)]
pub struct FilePanelProps {
    pub files: Vec<FileEntry>,
    pub on_files: Callback<Vec<web_sys::File>>,
    /// Loads a built-in sample by id (`samples::SAMPLES`).
    pub on_sample: Callback<String>,
    pub on_remove: Callback<u32>,
    pub on_date_order: Callback<(u32, DateOrder)>,
    pub on_cancel: Callback<()>,
    pub reading: bool,
}

#[component]
pub fn FilePanel(props: &FilePanelProps) -> Html {
    let dragging = use_state(|| false);
    {
        // Drops land anywhere on the page; without preventDefault the browser opens the file.
        let (on_files, dragging) = (props.on_files.clone(), dragging.clone());
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let options = EventListenerOptions::enable_prevent_default();
            let over = {
                let dragging = dragging.clone();
                EventListener::new_with_options(&window, "dragover", options, move |e| {
                    e.prevent_default();
                    dragging.set(true);
                })
            };
            let leave = {
                let dragging = dragging.clone();
                EventListener::new(&window, "dragleave", move |e| {
                    // Leaving the window itself (not moving between elements) ends the highlight.
                    if e.dyn_ref::<DragEvent>().is_some_and(|d| d.related_target().is_none()) {
                        dragging.set(false);
                    }
                })
            };
            let dropped = EventListener::new_with_options(&window, "drop", options, move |e| {
                e.prevent_default();
                dragging.set(false);
                let files = e.dyn_ref::<DragEvent>().and_then(|d| d.data_transfer()).and_then(|t| t.files());
                let files = file_list(files);
                if !files.is_empty() {
                    on_files.emit(files);
                }
            });
            move || std::mem::drop((over, leave, dropped))
        });
    }
    let on_pick = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = file_list(input.files());
            input.set_value(""); // The same file can be picked again.
            if !files.is_empty() {
                on_files.emit(files);
            }
        })
    };
    let on_sample = props.on_sample.reform(|_: MouseEvent| "day".to_string());
    let on_pick_sample = {
        let on_sample = props.on_sample.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            select.set_value("");
            if !id.is_empty() {
                on_sample.emit(id);
            }
        })
    };
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <section class={classes!("file-panel", dragging.then_some("dragging"))} aria-label="Files">
            <div class="drop-zone">
                <label class="button button-primary" for="file-input">{ "Add files…" }</label>
                <input id="file-input" class="visually-hidden" type="file" multiple=true onchange={on_pick}
                    aria-label="Add Sentinel exports: CSV, JSON, JSON Lines, EVTX, .gz or .zip" />
                <span class="hint">{ "or drop SecurityAlert, SecurityEvent and WindowsEvent exports anywhere on the page" }</span>
                <button class="button load-sample" onclick={on_sample}>{ "Load sample data" }</button>
                <select class="sample-picker" onchange={on_pick_sample} aria-label="Load another sample or an exercise">
                    <option value="" selected=true>{ "More samples and exercises…" }</option>
                    { for crate::samples::SAMPLES.iter().map(|s| html! { <option value={s.id}>{ s.label }</option> }) }
                </select>
                <button class="button button-danger cancel" hidden={!props.reading} onclick={on_cancel}>{ "Cancel reading" }</button>
            </div>
            <ul class="file-cards" hidden={props.files.is_empty()}>
                { for props.files.iter().map(|f| html! {
                    <FileCard key={f.key} entry={f.clone()} on_remove={props.on_remove.clone()} on_date_order={props.on_date_order.clone()} />
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct FileCardProps {
    pub entry: FileEntry,
    pub on_remove: Callback<u32>,
    #[prop_or_default]
    pub on_date_order: Callback<(u32, DateOrder)>,
}

#[component]
pub fn FileCard(props: &FileCardProps) -> Html {
    let f = &props.entry;
    let key = f.key;
    let on_remove = props.on_remove.reform(move |_: MouseEvent| key);
    let body = match &f.status {
        FileStatus::Queued => html! { <p class="muted">{ "Waiting…" }</p> },
        FileStatus::Reading { bytes_read, bytes_total, lines } => {
            let percent = if *bytes_total > 0.0 { bytes_read / bytes_total * 100.0 } else { 0.0 };
            html! {
                <>
                    <progress max="100" value={format!("{percent:.1}")} aria-label={format!("Reading {}", f.name)}></progress>
                    <p class="muted">{ format!("{} of {} · ~{} lines", size_label(*bytes_read), size_label(*bytes_total), lines) }</p>
                </>
            }
        }
        FileStatus::Done { reports } => reports.iter().map(|r| report_view(r, key, &props.on_date_order)).collect::<Html>(),
        FileStatus::Failed { message } => html! {
            <p class="error">{ format!("The engine failed on this file: {message}") }</p>
        },
        FileStatus::Cancelled => html! { <p class="muted">{ "Cancelled: not read." }</p> },
    };
    let failed = match &f.status {
        FileStatus::Failed { .. } => true,
        FileStatus::Done { reports } => reports.iter().any(FileReport::failed),
        _ => false,
    };
    html! {
        <li class={classes!("file-card", failed.then_some("file-card-error"))} data-file-name={f.name.clone()}>
            <div class="file-card-head">
                <span class="file-name" title={visible_text(&f.name).into_owned()}>{ visible_text(&f.name).into_owned() }</span>
                if f.size > 0.0 {
                    <span class="muted">{ size_label(f.size) }</span>
                }
                <button class="icon-button" onclick={on_remove} aria-label={format!("Remove {}", f.name)} title="Remove">{ "×" }</button>
            </div>
            { body }
        </li>
    }
}

fn report_view(r: &FileReport, key: u32, on_date_order: &Callback<(u32, DateOrder)>) -> Html {
    let choose = |order: DateOrder| on_date_order.reform(move |_: MouseEvent| (key, order));
    html! {
        <div class="report" data-report-name={r.name.clone()}>
            if r.name.contains(" › ") {
                <p class="report-member">{ r.name.rsplit(" › ").next().unwrap_or_default().to_string() }</p>
            }
            <dl class="report-facts">
                <dt>{ "Format" }</dt><dd class="file-format">{ r.format.clone() }</dd>
                <dt>{ "Table" }</dt><dd class="file-table">{ r.table.clone().unwrap_or_else(|| "—".into()) }</dd>
                <dt>{ "Rows" }</dt>
                <dd class="file-rows">
                    <span class="rows-read">{ r.rows_read }</span>{ " read · " }
                    <span class="rows-loaded">{ r.rows_loaded }</span>{ " loaded · " }
                    <span class="rows-skipped">{ r.rows_skipped }</span>{ " skipped" }
                </dd>
                <dt>{ "Precision" }</dt><dd class="file-precision">{ r.precision.map_or("—", |p| p.label()) }</dd>
                if let Some(mapping) = &r.mapping {
                    <dt>{ "Mapping" }</dt><dd class="file-mapping">{ mapping.clone() }</dd>
                }
            </dl>
            if let Some(error) = &r.error {
                <p class="error" role="alert">{ error.clone() }</p>
            }
            if let Some(q) = &r.date_order_question {
                <div class="date-question" role="group" aria-label="Choose the date order">
                    <p>{ "Which way round are this file's dates?" }</p>
                    <ul class="date-examples">
                        { for q.examples.iter().map(|(text, mdy, dmy)| html! {
                            <li>{ format!("{text}: month first → {mdy}; day first → {dmy}") }</li>
                        }) }
                    </ul>
                    <button class="button date-mdy" onclick={choose(DateOrder::MonthFirst)}>{ "Month first (M/D/Y)" }</button>
                    { " " }
                    <button class="button date-dmy" onclick={choose(DateOrder::DayFirst)}>{ "Day first (D/M/Y)" }</button>
                </div>
            }
            if !r.warnings.is_empty() {
                <ul class="warnings">
                    { for r.warnings.iter().map(|w| html! { <li class="warning">{ w.clone() }</li> }) }
                </ul>
            }
            if !r.skipped.is_empty() {
                <details class="skipped">
                    <summary>{ format!("{} skipped rows: the first {}", r.rows_skipped, r.skipped.len()) }</summary>
                    <ul>
                        { for r.skipped.iter().map(|s| html! { <li><code>{ format!("line {}", s.line) }</code>{ " " }{ s.reason.clone() }</li> }) }
                    </ul>
                </details>
            }
        </div>
    }
}

#[component]
pub fn EmptyState() -> Html {
    html! {
        <section class="empty-state" aria-label="Getting started">
            <h2>{ "Drop Sentinel exports to run the hunt" }</h2>
            <p>{ "Huntbench looks for recon alerts (Atypical travel, Password Spray, Targeted port scans…) followed within 15 minutes by an RDP logon (event 4624, LogonType 10) on the same host, exactly as the Sentinel hunting query does." }</p>
            <ul>
                <li><strong>{ "SecurityAlert" }</strong>{ " — the alerts: portal CSV, query API JSON, JSON Lines…" }</li>
                <li><strong>{ "SecurityEvent" }</strong>{ " or " }<strong>{ "WindowsEvent" }</strong>{ " — the logons, or raw .evtx logs" }</li>
                <li>{ "Compressed copies (.gz, .zip) are opened here too." }</li>
            </ul>
            <p class="muted">{ "No data at hand? “Load sample data” above loads a small generated scenario." }</p>
        </section>
    }
}
