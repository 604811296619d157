//! The message boundary between the page (UI thread) and the engine worker.
//!
//! The worker binary (`src/bin/worker.rs`) registers [`EngineWorker`]; the page spawns it
//! through trunk's loader shim, [`WORKER_LOADER`]. Messages cross the boundary with
//! gloo-worker's default codec (bincode over serde).
//!
//! Spawn with `spawn_with_loader(WORKER_LOADER)`, never with gloo-worker 0.5's `spawn(path)`:
//! `spawn` starts the worker from a `blob:` URL, which the page's CSP (`worker-src 'self'`)
//! refuses.

use gloo::worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// The loader shim trunk writes for `data-bin="worker" data-loader-shim`, relative to the page,
/// so the app works under any sub-path.
pub const WORKER_LOADER: &str = "./worker_loader.js";

/// The crate version, as the worker reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A request from the page to the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerRequest {
    /// Liveness check: the worker answers [`WorkerResponse::Pong`].
    Ping,
}

/// A response from the worker to the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerResponse {
    /// Answer to [`WorkerRequest::Ping`], carrying the worker's crate version.
    Pong { version: String },
}

/// The engine worker. It holds no state yet.
pub struct EngineWorker;

impl Worker for EngineWorker {
    type Message = ();
    type Input = WorkerRequest;
    type Output = WorkerResponse;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        EngineWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        match msg {
            WorkerRequest::Ping => scope.respond(
                id,
                WorkerResponse::Pong {
                    version: VERSION.to_string(),
                },
            ),
        }
    }
}
