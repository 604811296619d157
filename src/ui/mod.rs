//! The workbench page, in Yew.
//!
//! `App` owns the state (`state::PageState`, a reducer) and the engine worker
//! (`engine::use_engine`); what the analyst does becomes callbacks (`commands`). The components
//! below it get props and callbacks: `shell::Masthead` and `shell::StatusBar`,
//! `files::FilePanel` (drop, pick, per-file reports), `params::ParamsPanel` (the hunt's
//! parameters and its KQL), `table::ResultsTable` and `timeline::Timeline`. Reading, parsing,
//! the hunt and the shaping of its results (`view`) all run in the worker; the page draws.
//!
//! No inline `style=` attributes: the page's CSP (`style-src 'self'`) refuses them. Style with
//! classes in `www/style.css`; sizes that change at run time are set through the CSSOM.

pub mod commands;
pub mod engine;
pub mod exercise;
pub mod files;
pub mod params;
pub mod shell;
pub mod state;
pub mod table;
pub mod timeline;

use yew::prelude::*;

use state::PageState;

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

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(PageState::default);
    let engine = engine::use_engine(props.spawn_worker, &state);
    let commands::Commands { on_files, on_sample, on_remove, on_date_order, on_cancel, on_self_test, on_params, on_select, on_filter, on_sort, on_theme, on_pivot } =
        commands::use_commands(&state, &engine);
    shell::use_theme_class(state.theme);
    // `#selftest-panic` in the address shows a button that crashes the worker on purpose.
    let self_test = gloo::utils::window().location().hash().is_ok_and(|h| h == "#selftest-panic");
    html! {
        <div class="shell">
            <shell::Masthead normalize_hosts={state.params.normalize_hosts} theme={state.theme} on_theme={on_theme} />
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
            if state.files.is_empty() {
                <files::EmptyState />
            } else {
                <params::ParamsPanel params={state.params.clone()} kql={state.results.as_ref().map(|r| r.kql.clone()).unwrap_or_default()} on_change={on_params} />
                <div class="results-slot">
                if let Some(results) = &state.results {
                    <timeline::Timeline results={results.clone()} selected={state.selected_group} on_select={on_select.clone()} on_pivot={on_pivot.clone()} />
                    <table::ResultsTable
                        results={results.clone()}
                        selected={state.selected_group}
                        filter={state.filter.clone()}
                        sort={state.sort}
                        on_select={on_select}
                        on_filter={on_filter}
                        on_sort={on_sort}
                        on_pivot={on_pivot}
                    />
                }
                </div>
            }
            </div>
            <shell::StatusBar spawn_worker={props.spawn_worker} worker_version={state.worker_version.clone()} results={state.results.clone()} />
        </div>
    }
}
