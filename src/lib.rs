pub mod engine;
pub mod exercise;
pub mod export;
pub mod ingest;
pub mod samples;
pub mod scenario;
pub mod view;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod boundary;
#[cfg(target_arch = "wasm32")]
pub mod ui;
