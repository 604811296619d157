//! The boundary between the page and the engine worker: the protocol and nothing else.
//!
//! The page sends `WorkerRequest`s and gets `WorkerResponse`s (`messages.rs`). Files cross as
//! `web_sys::File` handles (structured-cloned, no byte copy); the worker (`worker.rs`,
//! `EngineWorker`) reads them in 16 MiB slices with `FileReaderSync`, so neither side ever
//! holds a whole file. Results cross as a `view::ResultsView`, built by `view::results` and
//! packed into one postcard `Uint8Array` (`codec.rs`, `PackedResults`). This module is the only
//! one that knows serde-wasm-bindgen.
//!
//! Spawn with `spawn_with_loader(WORKER_LOADER)`, never with gloo-worker 0.5's `spawn(path)`:
//! `spawn` starts the worker from a `blob:` URL, which the page's CSP (`worker-src 'self'`)
//! refuses.

mod codec;
mod messages;
mod worker;

pub use codec::{JsCodec, PackedResults};
pub use messages::{ExerciseView, FileHandle, WorkerRequest, WorkerResponse};
pub use worker::{memory_check, Deferred, EngineWorker};

/// The loader shim trunk writes for `data-bin="worker" data-loader-shim`, relative to the page,
/// so the app works under any sub-path.
pub const WORKER_LOADER: &str = "./worker_loader.js";

/// The crate version, as the worker reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
