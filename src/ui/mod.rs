//! The browser UI: a minimal page shell for now.
//!
//! No inline `style=` attributes: the page's CSP (`style-src 'self'`) refuses them. Style with
//! classes in `www/style.css`.

use gloo::worker::Spawnable;
use yew::prelude::*;

use crate::boundary::{EngineWorker, WorkerRequest, WorkerResponse, WORKER_LOADER};

/// Mounts the workbench on the document body.
pub fn start() {
    yew::Renderer::<App>::with_props(AppProps { spawn_worker: true }).render();
}

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Spawn the engine worker and show its status. Tests that run without trunk's
    /// `dist/` (no `worker_loader.js`) turn it off.
    #[prop_or(true)]
    pub spawn_worker: bool,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    html! {
        <div class="shell">
            <header class="masthead">
                <h1>{ "Huntbench" }</h1>
                <p class="tagline">
                    { "Recon Activity with Interactive Logon Correlation, run entirely in your browser" }
                </p>
            </header>
            <main class="content">
                <p>
                    { "The workbench UI lands in the next release: you will load exported sign-in and \
                       process logs here and run the hunt locally, with nothing uploaded anywhere." }
                </p>
            </main>
            <footer class="status-bar">
                if props.spawn_worker {
                    <WorkerStatus />
                }
            </footer>
        </div>
    }
}

/// Spawns the engine worker, pings it, and shows whether it answered.
#[component]
fn WorkerStatus() -> Html {
    let version = use_state(|| None::<String>);
    {
        let version = version.clone();
        use_effect_with((), move |_| {
            let bridge = EngineWorker::spawner()
                .callback(move |response| match response {
                    WorkerResponse::Pong { version: v } => version.set(Some(v)),
                })
                .spawn_with_loader(WORKER_LOADER);
            bridge.send(WorkerRequest::Ping);
            // Dropping the bridge on unmount lets the worker shut down.
            move || drop(bridge)
        });
    }
    let text = match &*version {
        None => "Engine worker: starting…".to_string(),
        Some(v) => format!("Engine worker: ready (huntbench {v})"),
    };
    html! { <p class="worker-status" role="status">{ text }</p> }
}
