//! The workbench page, in Yew.
//!
//! `App` owns the state (`state::Workbench`, a reducer) and the engine worker; the components
//! below it get props and callbacks: `files::FilePanel` (drop, pick, per-file reports),
//! `params::ParamsPanel` (the hunt's parameters and its KQL), `table::ResultsTable` and
//! `timeline::Timeline`. Reading, parsing and the hunt all run in the worker.
//!
//! No inline `style=` attributes: the page's CSP (`style-src 'self'`) refuses them. Style with
//! classes in `www/style.css`; sizes that change at run time are set through the CSSOM.

pub mod exercise;
pub mod files;
pub mod params;
pub mod state;
pub mod table;
pub mod timeline;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use crate::boundary::{EngineWorker, FileHandle, JsCodec, WorkerRequest, WorkerResponse, WORKER_LOADER};
use crate::ingest::ReadOptions;
use state::{Action, FileStatus, Theme, Workbench};

/// Mounts the workbench on the document body.
pub fn start() {
    yew::Renderer::<App>::with_props(AppProps { spawn_worker: true }).render();
}

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Spawn the engine worker. Tests that run without trunk's `dist/` (no
    /// `worker_loader.js`) turn it off.
    #[prop_or(true)]
    pub spawn_worker: bool,
}

type Bridge = Rc<RefCell<Option<WorkerBridge<EngineWorker>>>>;

/// Starts a worker whose answers become actions. A crash report replaces it with a fresh one.
fn spawn(bridge: &Bridge, dispatch: &UseReducerDispatcher<Workbench>, latest: &Rc<RefCell<Rc<Workbench>>>) {
    let on_response = {
        let (bridge, dispatch, latest) = (bridge.clone(), dispatch.clone(), latest.clone());
        move |response: WorkerResponse| {
            let crashed = matches!(response, WorkerResponse::Crashed { .. });
            let crashed_key = match &response {
                WorkerResponse::Crashed { key, .. } => *key,
                _ => None,
            };
            let message = match &response {
                WorkerResponse::Crashed { message, .. } => message.clone(),
                _ => String::new(),
            };
            dispatch.dispatch(Action::Worker(response));
            if crashed {
                // The worker aborted after saying why; start again with what it had.
                let (bridge, dispatch, latest) = (bridge.clone(), dispatch.clone(), latest.clone());
                yew::platform::spawn_local(async move {
                    restart(&bridge, &dispatch, &latest, false, crashed_key);
                    dispatch.dispatch(Action::WorkerReplaced(format!(
                        "The engine hit a bug and was restarted; the file it was reading is marked failed. ({message})"
                    )));
                });
            }
        }
    };
    let worker = EngineWorker::spawner().callback(on_response).encoding::<JsCodec>().spawn_with_loader(WORKER_LOADER);
    worker.send(WorkerRequest::Ping);
    *bridge.borrow_mut() = Some(worker);
}

/// Replaces the worker and gives the new one every file read so far (and, unless cancelling,
/// those still waiting), then the parameters.
/// A file the old worker crashed on (`skip`) is never given to the new one.
fn restart(
    bridge: &Bridge,
    dispatch: &UseReducerDispatcher<Workbench>,
    latest: &Rc<RefCell<Rc<Workbench>>>,
    cancelling: bool,
    skip: Option<u32>,
) {
    bridge.borrow_mut().take(); // Dropping the bridge tells the old worker to close.
    spawn(bridge, dispatch, latest);
    let state = latest.borrow().clone();
    let guard = bridge.borrow();
    let Some(worker) = guard.as_ref() else { return };
    worker.send(WorkerRequest::SetParams { params: state.params.clone() });
    for f in &state.files {
        let waiting = matches!(f.status, FileStatus::Queued | FileStatus::Reading { .. });
        let replay = matches!(f.status, FileStatus::Done { .. }) || (waiting && !cancelling);
        if !replay || skip == Some(f.key) {
            continue;
        }
        match (&f.handle, &f.sample) {
            (Some(handle), _) => worker.send(WorkerRequest::AddFile { handle: handle.clone(), options: f.options.clone() }),
            (None, Some(id)) if id != "selftest" => worker.send(WorkerRequest::LoadSample { id: id.clone(), key: f.key }),
            (None, Some(_)) => {}
            (None, None) => {}
        }
    }
}

/// A callback that turns its value into an action.
fn dispatching<T: 'static>(dispatch: UseReducerDispatcher<Workbench>, make: fn(T) -> Action) -> Callback<T> {
    Callback::from(move |value| dispatch.dispatch(make(value)))
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(Workbench::default);
    let bridge: Bridge = (*use_memo((), |_| -> Bridge { Rc::new(RefCell::new(None)) })).clone();
    let latest = (*use_memo((), |_| Rc::new(RefCell::new(Rc::new(Workbench::default()))))).clone();
    // Keys for files, taken here rather than in the reducer so two quick drops never share one.
    let next_key = use_mut_ref(|| 1u32);
    *latest.borrow_mut() = Rc::new((*state).clone());

    {
        let (bridge, dispatch, latest) = (bridge.clone(), state.dispatcher(), latest.clone());
        let enabled = props.spawn_worker;
        use_effect_with((), move |_| {
            if enabled {
                spawn(&bridge, &dispatch, &latest);
            }
            move || drop(bridge.borrow_mut().take())
        });
    }

    let send = {
        let bridge = bridge.clone();
        Callback::from(move |request: WorkerRequest| {
            if let Some(worker) = bridge.borrow().as_ref() {
                worker.send(request);
            }
        })
    };
    let on_files = {
        let (send, dispatch, next_key) = (send.clone(), state.dispatcher(), next_key.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            let handles: Vec<FileHandle> = files
                .into_iter()
                .map(|file| {
                    let key = *next_key.borrow();
                    *next_key.borrow_mut() += 1;
                    FileHandle { key, file }
                })
                .collect();
            for handle in &handles {
                send.emit(WorkerRequest::AddFile { handle: handle.clone(), options: ReadOptions::default() });
            }
            dispatch.dispatch(Action::Queue(handles));
        })
    };
    let on_sample = {
        let (send, dispatch, next_key) = (send.clone(), state.dispatcher(), next_key.clone());
        Callback::from(move |id: String| {
            let key = *next_key.borrow();
            *next_key.borrow_mut() += 1;
            let label = crate::samples::SAMPLES.iter().find(|s| s.id == id).map_or(id.clone(), |s| format!("Sample: {}", s.label));
            dispatch.dispatch(Action::QueueSample { key, id: id.clone(), label });
            send.emit(WorkerRequest::LoadSample { id, key });
        })
    };
    let on_remove = {
        let (send, dispatch) = (send.clone(), state.dispatcher());
        Callback::from(move |key: u32| {
            dispatch.dispatch(Action::Remove(key));
            send.emit(WorkerRequest::RemoveFile { key });
        })
    };
    let on_date_order = {
        let (send, dispatch, latest) = (send.clone(), state.dispatcher(), latest.clone());
        Callback::from(move |(key, order): (u32, crate::ingest::DateOrder)| {
            let state = latest.borrow().clone();
            let Some(handle) = state.files.iter().find(|f| f.key == key).and_then(|f| f.handle.clone()) else { return };
            let options = ReadOptions { date_order: Some(order), ..ReadOptions::default() };
            dispatch.dispatch(Action::Reread(key, options.clone()));
            send.emit(WorkerRequest::RemoveFile { key });
            send.emit(WorkerRequest::AddFile { handle, options });
        })
    };
    // `#selftest-panic` in the address shows a button that crashes the worker on purpose.
    let self_test = gloo::utils::window().location().hash().is_ok_and(|h| h == "#selftest-panic");
    let on_self_test = {
        let (send, dispatch, next_key) = (send.clone(), state.dispatcher(), next_key.clone());
        Callback::from(move |_: MouseEvent| {
            let key = *next_key.borrow();
            *next_key.borrow_mut() += 1;
            dispatch.dispatch(Action::QueueSample { key, id: "selftest".into(), label: "Self-test: a deliberate crash".into() });
            send.emit(WorkerRequest::SelfTestPanic { key });
        })
    };
    let on_cancel = {
        let (bridge, dispatch, latest) = (bridge.clone(), state.dispatcher(), latest.clone());
        Callback::from(move |_| {
            dispatch.dispatch(Action::Cancel);
            restart(&bridge, &dispatch, &latest, true, None);
        })
    };
    let on_params = {
        let (send, dispatch) = (send.clone(), state.dispatcher());
        Callback::from(move |params: crate::engine::HuntParams| {
            dispatch.dispatch(Action::SetParams(params.clone()));
            send.emit(WorkerRequest::SetParams { params });
        })
    };
    let on_select = dispatching(state.dispatcher(), Action::SelectGroup);
    let on_filter = dispatching(state.dispatcher(), Action::SetFilter);
    let on_sort = dispatching(state.dispatcher(), Action::SortBy);
    let on_theme = {
        let (dispatch, theme) = (state.dispatcher(), state.theme);
        Callback::from(move |_| {
            dispatch.dispatch(Action::SetTheme(match theme {
                Theme::System => Theme::Dark,
                Theme::Dark => Theme::Light,
                Theme::Light => Theme::System,
            }))
        })
    };
    {
        // The theme is a class on <html>, so the stylesheet can switch its variables.
        let theme = state.theme;
        use_effect_with(theme, move |theme| {
            if let Some(root) = gloo::utils::document().document_element() {
                let class = match theme {
                    Theme::System => "",
                    Theme::Light => "theme-light",
                    Theme::Dark => "theme-dark",
                };
                root.set_class_name(class);
            }
        });
    }

    let empty = state.files.is_empty();
    let theme_label = match state.theme {
        Theme::System => "Theme: system",
        Theme::Light => "Theme: light",
        Theme::Dark => "Theme: dark",
    };
    html! {
        <div class="shell">
            <header class="masthead">
                <div class="brand">
                    <h1>{ "Huntbench" }</h1>
                    <p class="tagline">
                        { "Recon Activity with Interactive Logon Correlation, run entirely in your browser" }
                    </p>
                </div>
                <div class="masthead-actions">
                    if state.params.normalize_hosts {
                        <span class="badge badge-warn" title="Hosts are joined by short name: not Kusto's behaviour">
                            { "Host normalisation ON" }
                        </span>
                    }
                    <button class="button" onclick={on_theme} aria-label="Switch the colour theme">{ theme_label }</button>
                </div>
            </header>
            // Parts that come and go sit in containers of their own: Yew matches unkeyed children
            // from the end, so a part appearing would otherwise re-create (and reset) the others.
            <div class="selftest-slot">
                if self_test {
                    <button class="button selftest-panic" onclick={on_self_test}>{ "Self-test: crash the engine worker" }</button>
                }
            </div>
            <div class="notice-slot">
                if let Some(notice) = &state.notice {
                    <p class="notice" role="alert">{ notice.clone() }</p>
                }
            </div>
            <files::FilePanel
                files={state.files.clone()}
                on_files={on_files}
                on_sample={on_sample}
                on_remove={on_remove}
                on_date_order={on_date_order}
                on_cancel={on_cancel}
                reading={state.is_reading()}
            />
            <div class="exercise-slot">
                if let Some((_, exercise)) = &state.exercise {
                    <exercise::ExercisePanel exercise={exercise.clone()} />
                }
            </div>
            <div class="workspace">
            if empty {
                <files::EmptyState />
            } else {
                <params::ParamsPanel params={state.params.clone()} kql={state.results.as_ref().map(|r| r.kql.clone()).unwrap_or_default()} on_change={on_params} />
                <div class="results-slot">
                if let Some(results) = &state.results {
                    <timeline::Timeline results={results.clone()} selected={state.selected_group} on_select={on_select.clone()} />
                    <table::ResultsTable
                        results={results.clone()}
                        selected={state.selected_group}
                        filter={state.filter.clone()}
                        sort={state.sort}
                        on_select={on_select}
                        on_filter={on_filter}
                        on_sort={on_sort}
                    />
                }
                </div>
            }
            </div>
            <footer class="status-bar">
                <p class="worker-status" role="status">
                    { match (&state.worker_version, props.spawn_worker) {
                        (_, false) => "Engine worker: off".to_string(),
                        (None, true) => "Engine worker: starting…".to_string(),
                        (Some(v), true) => format!("Engine worker: ready (huntbench {v})"),
                    } }
                </p>
                <p class="memory-use"
                    data-held-bytes={state.results.as_ref().map(|r| r.held_bytes.to_string())}
                    data-engine-bytes={state.results.as_ref().map(|r| r.engine_memory_bytes.to_string())}>
                    { state.results.as_ref().map(|r| format!(
                        "Columns hold {} · engine memory {}",
                        files::size_label(r.held_bytes),
                        files::size_label(r.engine_memory_bytes)
                    )).unwrap_or_default() }
                </p>
                <p class="privacy">{ "Files are read in this page only; nothing is uploaded." }</p>
            </footer>
        </div>
    }
}
