//! The messages: `WorkerRequest`s from the page, `WorkerResponse`s from the worker.

use serde::{Deserialize, Serialize};

use super::codec::PackedResults;
use crate::engine::HuntParams;
use crate::exercise::Question;
use crate::ingest::{FileReport, ReadOptions};
use crate::view::PivotEntity;

/// A dropped or picked file, passed to the worker as a handle.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileHandle {
    /// The page's key for this file, echoed in progress and reports.
    pub key: u32,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub file: web_sys::File,
}

impl PartialEq for FileHandle {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

/// A request from the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WorkerRequest {
    /// Liveness check: the worker answers [`WorkerResponse::Pong`].
    Ping,
    /// Read one file, then re-run the hunt.
    AddFile { handle: FileHandle, options: ReadOptions },
    /// Load a built-in sample (`samples::SAMPLES`) under one key.
    LoadSample { id: String, key: u32 },
    /// Forget the files read under this key and their rows.
    RemoveFile { key: u32 },
    /// Re-run the hunt over the rows already read, with new parameters.
    SetParams { params: HuntParams },
    /// Pivot the results onto one account or address (`None`: no pivot), and send them again.
    SetPivot { entity: Option<PivotEntity> },
    /// Panic on purpose, as if reading the file under `key` hit a bug: the page's self-test
    /// (`#selftest-panic`) proves that a crash becomes an error card and a fresh worker.
    SelfTestPanic { key: u32 },
}

/// A response from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WorkerResponse {
    /// Answer to [`WorkerRequest::Ping`], carrying the worker's crate version.
    Pong { version: String },
    /// Part of a file has been read.
    Progress { key: u32, bytes_read: f64, bytes_total: f64, lines: f64 },
    /// A file has been read: one report per file (or archive member) it held.
    FileDone { key: u32, name: String, reports: Vec<FileReport> },
    /// The hunt over everything loaded, as a `view::ResultsView`.
    Results(PackedResults),
    /// The file under this key is an exercise: its story and questions (its exports were loaded).
    Exercise { key: u32, exercise: Box<ExerciseView> },
    /// The worker hit a bug while reading this file; it is gone and must be replaced.
    Crashed { key: Option<u32>, message: String },
}

/// An exercise as the page shows it: no data, only what the analyst reads and answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseView {
    pub title: String,
    pub story: String,
    pub questions: Vec<Question>,
    /// SHA-256 of the exercise file: the key of its progress in local storage.
    pub file_hash: String,
}
