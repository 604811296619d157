//! The hunt's parameters, editable, and the KQL that runs the same hunt in Sentinel.

use yew::prelude::*;
use web_sys::HtmlInputElement;

use crate::engine::time::TICKS_PER_MINUTE;
use crate::engine::{HuntParams, Span, SEED_ALERT_NAMES};

#[derive(Properties, PartialEq)]
pub struct ParamsPanelProps {
    pub params: HuntParams,
    pub kql: String,
    pub on_change: Callback<HuntParams>,
}

#[component]
pub fn ParamsPanel(props: &ParamsPanelProps) -> Html {
    let p = &props.params;
    let new_name = use_state(String::new);
    let copied = use_state(|| false);
    let emit = {
        let (on_change, p) = (props.on_change.clone(), p.clone());
        move |f: &dyn Fn(&mut HuntParams)| {
            let mut next = p.clone();
            f(&mut next);
            if next.validate().is_ok() && next != p {
                on_change.emit(next);
            }
        }
    };
    let remove_name = |i: usize| {
        let emit = emit.clone();
        Callback::from(move |_: MouseEvent| emit(&|q: &mut HuntParams| { q.alert_names.remove(i); }))
    };
    let on_new_name = {
        let new_name = new_name.clone();
        Callback::from(move |e: InputEvent| new_name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let add_name = {
        let (emit, new_name) = (emit.clone(), new_name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = new_name.trim().to_string();
            if !name.is_empty() {
                emit(&|q: &mut HuntParams| if !q.alert_names.contains(&name) { q.alert_names.push(name.clone()) });
                new_name.set(String::new());
            }
        })
    };
    let reset_names = {
        let emit = emit.clone();
        Callback::from(move |_: MouseEvent| emit(&|q: &mut HuntParams| q.alert_names = HuntParams::default().alert_names))
    };
    let on_window = {
        let emit = emit.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(minutes) = text.trim().parse::<f64>() {
                if minutes >= 0.0 && minutes <= 7.0 * 24.0 * 60.0 {
                    let span = Span((minutes * TICKS_PER_MINUTE as f64).round() as i64);
                    emit(&|q: &mut HuntParams| q.window = span);
                }
            }
        })
    };
    let on_types = {
        let emit = emit.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let types: Result<Vec<i32>, _> = text.split([',', ' ']).filter(|t| !t.is_empty()).map(str::parse).collect();
            if let Ok(types) = types {
                if !types.is_empty() {
                    emit(&|q: &mut HuntParams| q.logon_types = types.clone());
                }
            }
        })
    };
    let on_normalize = {
        let emit = emit.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            emit(&|q: &mut HuntParams| q.normalize_hosts = on);
        })
    };
    let on_copy = {
        let (kql, copied) = (props.kql.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let clipboard = gloo::utils::window().navigator().clipboard();
            let promise = clipboard.write_text(&kql);
            let copied = copied.clone();
            yew::platform::spawn_local(async move {
                copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
            });
        })
    };
    let window_minutes = p.window.0 as f64 / TICKS_PER_MINUTE as f64;
    let types = p.logon_types.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
    let is_seed = p.alert_names == SEED_ALERT_NAMES.map(String::from).to_vec();
    html! {
        <section class="params" aria-label="Hunt parameters">
            <div class="param-group">
                <h2 class="param-title">{ "Alert names " }<span class="muted">{ "(has_any: whole terms, any case)" }</span></h2>
                <ul class="chips" aria-label="Alert names">
                    { for p.alert_names.iter().enumerate().map(|(i, n)| html! {
                        <li class="chip">
                            <span>{ n.clone() }</span>
                            <button class="chip-remove" onclick={remove_name(i)} aria-label={format!("Remove alert name {n}")}>{ "×" }</button>
                        </li>
                    }) }
                </ul>
                <form class="inline-form" onsubmit={add_name}>
                    <input type="text" value={(*new_name).clone()} oninput={on_new_name} placeholder="Add an alert name" aria-label="Add an alert name" />
                    <button class="button" type="submit">{ "Add" }</button>
                    if !is_seed {
                        <button class="button" type="button" onclick={reset_names}>{ "Reset to the seed's seven" }</button>
                    }
                </form>
            </div>
            <div class="param-row">
                <label>{ "Window (minutes) " }
                    <input class="param-window" type="number" min="0" step="1" value={window_minutes.to_string()} onchange={on_window} aria-label="Window in minutes" />
                </label>
                <label>{ "Logon types " }
                    <input class="param-types" type="text" value={types} onchange={on_types} aria-label="Logon types, comma separated" />
                </label>
                <label class="toggle">
                    <input type="checkbox" checked={p.normalize_hosts} onchange={on_normalize} />
                    { " Join hosts by short name (WS01.contoso.com = WS01; not Kusto's behaviour)" }
                </label>
                <span class="muted">{ format!("EventID == {}", p.event_id) }</span>
            </div>
            <details class="kql">
                <summary>{ "KQL: run the same hunt in Sentinel" }</summary>
                <pre class="kql-text"><code>{ props.kql.clone() }</code></pre>
                <button class="button copy-kql" onclick={on_copy}>{ if *copied { "Copied" } else { "Copy KQL" } }</button>
            </details>
        </section>
    }
}
