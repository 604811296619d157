//! The page's state and every change to it, as a reducer apart from the components.
//!
//! `PageState` holds the files (queued, reading, read or failed), the hunt parameters, the last
//! results, and what the analyst has selected. Worker responses and user actions both arrive as
//! `Action`s, so results that come back in any order never overwrite each other.

use std::rc::Rc;

use yew::Reducible;

use crate::boundary::{ExerciseView, FileHandle, WorkerResponse};
use crate::engine::HuntParams;
use crate::ingest::{FileReport, ReadOptions};
use crate::view::{PivotEntity, ResultsView, Sort};

/// Where one dropped file is.
#[derive(Clone, Debug, PartialEq)]
pub enum FileStatus {
    Queued,
    Reading { bytes_read: f64, bytes_total: f64, lines: f64 },
    Done { reports: Vec<FileReport> },
    /// The worker failed on it (a bug); the message says what happened.
    Failed { message: String },
    Cancelled,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FileEntry {
    pub key: u32,
    pub name: String,
    pub size: f64,
    pub status: FileStatus,
    /// The handle, kept so the file can be read again by a fresh worker after a cancel.
    pub handle: Option<FileHandle>,
    /// How it is read (the day/month order the analyst chose).
    pub options: ReadOptions,
    /// The built-in sample it is, if it is one.
    pub sample: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system (prefers-color-scheme).
    System,
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageState {
    pub files: Vec<FileEntry>,
    pub params: HuntParams,
    pub results: Option<Rc<ResultsView>>,
    /// The alert group picked on the timeline or through a row.
    pub selected_group: Option<usize>,
    pub filter: String,
    pub sort: Sort,
    pub theme: Theme,
    pub worker_version: Option<String>,
    /// A message about the worker itself (it crashed and was replaced).
    pub notice: Option<String>,
    /// The exercise being played, and the key of its file.
    pub exercise: Option<(u32, Rc<ExerciseView>)>,
    /// The account or address the workbench is pivoted onto, and the table's filter before it.
    pub pivot: Option<PivotEntity>,
    pub filter_before_pivot: String,
}

impl Default for PageState {
    fn default() -> Self {
        PageState {
            files: Vec::new(),
            params: HuntParams::default(),
            results: None,
            selected_group: None,
            filter: String::new(),
            sort: Sort { column: 0, ascending: true },
            theme: Theme::System,
            worker_version: None,
            notice: None,
            exercise: None,
            pivot: None,
            filter_before_pivot: String::new(),
        }
    }
}

pub enum Action {
    /// Files were dropped or picked, and sent to the worker under these keys.
    Queue(Vec<FileHandle>),
    /// A built-in sample is being loaded under this key.
    QueueSample { key: u32, id: String, label: String },
    Worker(WorkerResponse),
    Remove(u32),
    /// The file is read again with these options (the analyst answered its date question).
    Reread(u32, ReadOptions),
    /// Reading stops: the worker is replaced, files not yet read are marked cancelled.
    Cancel,
    SetParams(HuntParams),
    SelectGroup(Option<usize>),
    SetFilter(String),
    SortBy(usize),
    SetTheme(Theme),
    /// Pivot onto an account or address, the table filtered to it; `None` goes back, the
    /// filter as it was.
    Pivot(Option<PivotEntity>),
    /// The worker died and a new one took its place.
    WorkerReplaced(String),
}

impl PageState {
    pub fn is_reading(&self) -> bool {
        self.files.iter().any(|f| matches!(f.status, FileStatus::Queued | FileStatus::Reading { .. }))
    }

    fn entry(&mut self, key: u32) -> Option<&mut FileEntry> {
        self.files.iter_mut().find(|f| f.key == key)
    }
}

impl Reducible for PageState {
    type Action = Action;

    // Yew 0.23 skips the render when the same Rc comes back, so every change builds a new one.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Queue(handles) => {
                for handle in handles {
                    s.files.push(FileEntry {
                        key: handle.key,
                        name: handle.file.name(),
                        size: handle.file.size(),
                        status: FileStatus::Queued,
                        handle: Some(handle),
                        options: ReadOptions::default(),
                        sample: None,
                    });
                }
            }
            Action::QueueSample { key, id, label } => s.files.push(FileEntry {
                key,
                name: label,
                size: 0.0,
                status: FileStatus::Queued,
                handle: None,
                options: ReadOptions::default(),
                sample: Some(id),
            }),
            Action::Worker(response) => match response {
                WorkerResponse::Pong { version } => s.worker_version = Some(version),
                WorkerResponse::Progress { key, bytes_read, bytes_total, lines } => {
                    if let Some(f) = s.entry(key) {
                        f.status = FileStatus::Reading { bytes_read, bytes_total, lines };
                    }
                }
                WorkerResponse::FileDone { key, reports, .. } => {
                    if let Some(f) = s.entry(key) {
                        f.status = FileStatus::Done { reports };
                    }
                }
                WorkerResponse::Exercise { key, exercise } => s.exercise = Some((key, Rc::new(*exercise))),
                WorkerResponse::Results(packed) => match packed.unpack() {
                    Ok(view) => {
                        if s.selected_group.is_some_and(|g| g >= view.groups.len()) {
                            s.selected_group = None;
                        }
                        s.results = Some(Rc::new(view));
                    }
                    Err(message) => s.notice = Some(message),
                },
                WorkerResponse::Crashed { key, message } => {
                    if let Some(f) = key.and_then(|k| s.entry(k)) {
                        f.status = FileStatus::Failed { message };
                        f.handle = None;
                    }
                }
            },
            Action::Remove(key) => {
                s.files.retain(|f| f.key != key);
                if s.exercise.as_ref().is_some_and(|(k, _)| *k == key) {
                    s.exercise = None;
                }
            }
            Action::Reread(key, options) => {
                if let Some(f) = s.entry(key) {
                    f.status = FileStatus::Queued;
                    f.options = options;
                }
            }
            Action::Cancel => {
                // A fresh worker replaces this one: the footer says "starting…" until it answers.
                s.worker_version = None;
                for f in &mut s.files {
                    if matches!(f.status, FileStatus::Queued | FileStatus::Reading { .. }) {
                        f.status = FileStatus::Cancelled;
                        f.handle = None;
                    }
                }
            }
            Action::SetParams(params) => s.params = params,
            Action::SelectGroup(group) => s.selected_group = group,
            Action::SetFilter(text) => s.filter = text,
            Action::SortBy(column) => {
                s.sort = if s.sort.column == column {
                    Sort { column, ascending: !s.sort.ascending }
                } else {
                    Sort { column, ascending: true }
                }
            }
            Action::SetTheme(theme) => s.theme = theme,
            Action::Pivot(entity) => {
                match (&s.pivot, &entity) {
                    (None, Some(e)) => s.filter_before_pivot = std::mem::replace(&mut s.filter, e.text().to_string()),
                    (Some(_), Some(e)) => s.filter = e.text().to_string(),
                    (Some(_), None) => s.filter = std::mem::take(&mut s.filter_before_pivot),
                    (None, None) => {}
                }
                s.pivot = entity;
            }
            Action::WorkerReplaced(message) => {
                s.notice = Some(message);
                s.worker_version = None; // Until the fresh worker answers.
            }
        }
        Rc::new(s)
    }
}
