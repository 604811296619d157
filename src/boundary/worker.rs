//! The engine worker: `EngineWorker` owns the `LoadedFiles` (every file read so far) and the
//! parameters, reads files in slices (`BlobReader`) after a memory check, and answers each
//! change with the hunt's `view::ResultsView`. A panic becomes a `Crashed` response for the
//! file being read, so the page can replace the worker.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Read;

use gloo::worker::{HandlerId, Worker, WorkerScope};
use wasm_bindgen::JsCast;

use super::codec::PackedResults;
use super::messages::{ExerciseView, FileHandle, WorkerRequest, WorkerResponse};
use super::VERSION;
use crate::engine::{FileId, HuntParams};
use crate::exercise::{self as exercises, Exercise};
use crate::ingest::{FileReport, ReadOptions, LoadedFiles};
use crate::view::{self, PivotEntity};

/// Bytes read from a file at a time. `FileReaderSync` costs per call, so slices are large (the
/// figures behind this size are in bench/RESULTS.md).
const SLICE: f64 = 16.0 * 1024.0 * 1024.0;

/// The size of this wasm instance's linear memory.
fn engine_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64
}

/// Reads a `Blob` in slices with `FileReaderSync`, reporting progress as it goes.
struct BlobReader<'a> {
    blob: web_sys::Blob,
    reader: web_sys::FileReaderSync,
    pos: f64,
    size: f64,
    chunk: Vec<u8>,
    at: usize,
    lines: f64,
    progress: &'a dyn Fn(f64, f64, f64),
}

impl<'a> BlobReader<'a> {
    fn new(file: web_sys::File, reader: web_sys::FileReaderSync, progress: &'a dyn Fn(f64, f64, f64)) -> Self {
        BlobReader { size: file.size(), blob: file.unchecked_into(), reader, pos: 0.0, chunk: Vec::new(), at: 0, lines: 0.0, progress }
    }
}

impl Read for BlobReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.chunk.len() {
            if self.pos >= self.size {
                return Ok(0);
            }
            let end = (self.pos + SLICE).min(self.size);
            let slice = self
                .blob
                .slice_with_f64_and_f64(self.pos, end)
                .map_err(|e| std::io::Error::other(format!("{e:?}")))?;
            let buffer = self
                .reader
                .read_as_array_buffer(&slice)
                .map_err(|e| std::io::Error::other(format!("the browser could not read the file: {e:?}")))?;
            // Into the same buffer each time: no allocation per slice.
            let bytes = js_sys::Uint8Array::new(&buffer);
            self.chunk.resize(bytes.length() as usize, 0);
            bytes.copy_to(&mut self.chunk);
            self.at = 0;
            self.pos = end;
            self.lines += crate::ingest::limits::count_newlines(&self.chunk) as f64;
            (self.progress)(self.pos, self.size, self.lines);
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Memory a tab can give the engine: wasm32 addresses 4 GiB, and the page, the results and the
/// browser need their share.
const MEMORY_BUDGET: f64 = 3.0e9;

/// Refuses, before reading, a file whose rows would not fit: the columns keep about a third of
/// an export's bytes (bench/RESULTS.md, memory), and compressed files expand ~10×.
pub fn memory_check(name: &str, size: f64, held: usize) -> Result<(), String> {
    let lower = name.to_ascii_lowercase();
    let expansion = if lower.ends_with(".gz") || lower.ends_with(".zip") { 10.0 } else { 1.0 };
    let needed = size * expansion * 0.35;
    if needed + held as f64 > MEMORY_BUDGET {
        return Err(format!(
            "not read: its rows would need about {:.1} GB of memory on top of the {:.1} GB already held, more than a browser tab can give. Run `huntbench hunt` on it, or the KQL in Sentinel, where the data lives.",
            needed / 1e9,
            held as f64 / 1e9
        ));
    }
    Ok(())
}

/// The whole file when it is an exercise (they are small), else `None`.
fn exercise_bytes(file: &web_sys::File) -> Option<Result<Vec<u8>, String>> {
    let reader = web_sys::FileReaderSync::new().ok()?;
    let read = |blob: &web_sys::Blob| -> Result<Vec<u8>, String> {
        let buffer = reader.read_as_array_buffer(blob).map_err(|e| format!("the browser could not read the file: {e:?}"))?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    };
    let head = read(&file.slice_with_f64_and_f64(0.0, 256.0).ok()?).ok()?;
    if !exercises::looks_like_exercise(&head) {
        return None;
    }
    if file.size() > exercises::MAX_BYTES as f64 {
        return Some(Err(format!("an exercise file of {} bytes is larger than the {} allowed", file.size(), exercises::MAX_BYTES)));
    }
    Some(read(file))
}

/// A report for a file that was not read, saying why.
fn unread(name: &str, format: &str, message: String) -> FileReport {
    let mut report = FileReport::new(FileId(u32::MAX), name);
    report.format = format.into();
    report.error = Some(message);
    report
}

/// Who to tell, and about which file, if the worker panics.
type Current = (WorkerScope<EngineWorker>, HandlerId, Option<u32>);

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
}

fn set_current(scope: &WorkerScope<EngineWorker>, id: HandlerId, key: Option<u32>) {
    CURRENT.with(|c| *c.borrow_mut() = Some((scope.clone(), id, key)));
}

/// The engine worker: every file read so far, and the current parameters.
pub struct EngineWorker {
    bench: LoadedFiles,
    params: HuntParams,
    /// The page's key of each loaded file id.
    keys: HashMap<FileId, u32>,
    /// A file was read since the last results, for this page.
    hunt_pending: Option<HandlerId>,
    /// The account or address the results are pivoted onto.
    pivot: Option<PivotEntity>,
}

impl EngineWorker {
    fn respond_results(&mut self, scope: &WorkerScope<Self>, id: HandlerId) {
        self.hunt_pending = None;
        let mut results = view::results_pivoted(&self.bench, &self.params, self.pivot.as_ref());
        results.engine_memory_bytes = engine_memory_bytes();
        scope.respond(id, WorkerResponse::Results(PackedResults::pack(&results)));
    }

    /// Reads one input under a key; returns its reports.
    fn load(&mut self, scope: &WorkerScope<Self>, id: HandlerId, key: u32, name: &str, input: impl Read, options: &ReadOptions) -> Vec<FileReport> {
        set_current(scope, id, Some(key));
        let ids = self.bench.load(name, input, options);
        set_current(scope, id, None);
        for file in &ids {
            self.keys.insert(*file, key);
        }
        ids.iter().filter_map(|f| self.bench.report(*f).cloned()).collect()
    }

    /// Loads an exercise's exports under its key and sends its story and questions.
    fn load_exercise(&mut self, scope: &WorkerScope<Self>, id: HandlerId, key: u32, name: &str, bytes: &[u8]) {
        let exercise = match Exercise::from_json(bytes) {
            Ok(e) => e,
            Err(message) => {
                let reports = vec![unread(name, "Huntbench exercise", message)];
                scope.respond(id, WorkerResponse::FileDone { key, name: name.to_string(), reports });
                return;
            }
        };
        let mut reports = Vec::new();
        for f in &exercise.files {
            reports.extend(self.load(scope, id, key, &format!("{name} › {}", f.name), f.text.as_bytes(), &ReadOptions::default()));
        }
        let view = ExerciseView {
            title: exercise.title.clone(),
            story: exercise.story.clone(),
            questions: exercise.questions.clone(),
            file_hash: exercises::file_hash(bytes),
        };
        scope.respond(id, WorkerResponse::Exercise { key, exercise: Box::new(view) });
        scope.respond(id, WorkerResponse::FileDone { key, name: name.to_string(), reports });
    }

    /// Reads a dropped or picked file: an exercise whole, an export in slices.
    fn add_file(&mut self, scope: &WorkerScope<Self>, id: HandlerId, handle: FileHandle, options: ReadOptions) {
        let FileHandle { key, file } = handle;
        let name = file.name();
        if let Some(bytes) = exercise_bytes(&file) {
            match bytes {
                Ok(bytes) => self.load_exercise(scope, id, key, &name, &bytes),
                Err(message) => scope.respond(id, WorkerResponse::Crashed { key: Some(key), message }),
            }
            self.respond_results(scope, id);
            return;
        }
        if let Err(message) = memory_check(&name, file.size(), self.bench.data.heap_bytes()) {
            let reports = vec![unread(&name, "not read", message)];
            scope.respond(id, WorkerResponse::FileDone { key, name: name.clone(), reports });
            return;
        }
        let progress = |bytes_read, bytes_total, lines| {
            scope.respond(id, WorkerResponse::Progress { key, bytes_read, bytes_total, lines });
        };
        match web_sys::FileReaderSync::new() {
            Ok(reader) => {
                let reports = self.load(scope, id, key, &name, BlobReader::new(file, reader, &progress), &options);
                scope.respond(id, WorkerResponse::FileDone { key, name: name.clone(), reports });
            }
            Err(e) => {
                let message = format!("this browser cannot read files in a worker: {e:?}");
                scope.respond(id, WorkerResponse::Crashed { key: Some(key), message });
                return;
            }
        }
        // Files dropped together are all queued by now: hunt once, after the last.
        self.hunt_pending = Some(id);
        let scope = scope.clone();
        gloo::timers::callback::Timeout::new(0, move || scope.send_message(Deferred::Hunt)).forget();
    }

    /// Loads a built-in sample or exercise under one key.
    fn load_sample(&mut self, scope: &WorkerScope<Self>, id: HandlerId, sample: &str, key: u32) {
        let label = crate::samples::SAMPLES.iter().find(|s| s.id == sample).map_or(sample, |s| s.label);
        if let Some(exercise) = crate::samples::exercise(sample) {
            self.load_exercise(scope, id, key, &format!("{}.json", exercise.title), &exercise.to_json());
        } else if let Some(files) = crate::samples::files(sample) {
            let mut reports = Vec::new();
            for (name, bytes) in files {
                reports.extend(self.load(scope, id, key, &name, bytes.as_slice(), &ReadOptions::default()));
            }
            scope.respond(id, WorkerResponse::FileDone { key, name: label.to_string(), reports });
        }
        self.respond_results(scope, id);
    }

    /// Forgets the files read under `key`.
    fn remove(&mut self, key: u32) {
        let gone: Vec<FileId> = self.keys.iter().filter(|(_, k)| **k == key).map(|(f, _)| *f).collect();
        for file in gone {
            self.bench.remove(file);
            self.keys.remove(&file);
        }
    }
}

/// What the worker tells itself, after the requests already queued.
pub enum Deferred {
    /// Hunt, if a file was read since the last results: a timer posts this after a file, so
    /// the files of one drop are all read first, and the hunt runs once over them all.
    Hunt,
}

impl Worker for EngineWorker {
    type Message = Deferred;
    type Input = WorkerRequest;
    type Output = WorkerResponse;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        std::panic::set_hook(Box::new(|info| {
            let message = info.to_string();
            CURRENT.with(|c| {
                if let Some((scope, id, key)) = c.borrow().as_ref() {
                    scope.respond(*id, WorkerResponse::Crashed { key: *key, message: message.clone() });
                }
            });
        }));
        EngineWorker { bench: LoadedFiles::new(), params: HuntParams::default(), keys: HashMap::new(), hunt_pending: None, pivot: None }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, msg: Self::Message) {
        match msg {
            Deferred::Hunt => {
                if let Some(id) = self.hunt_pending {
                    self.respond_results(scope, id);
                }
            }
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        set_current(scope, id, None);
        match msg {
            WorkerRequest::Ping => scope.respond(id, WorkerResponse::Pong { version: VERSION.to_string() }),
            WorkerRequest::AddFile { handle, options } => self.add_file(scope, id, handle, options),
            WorkerRequest::LoadSample { id: sample, key } => self.load_sample(scope, id, &sample, key),
            WorkerRequest::RemoveFile { key } => {
                self.remove(key);
                self.respond_results(scope, id);
            }
            WorkerRequest::SetParams { params } => {
                self.params = params;
                self.respond_results(scope, id);
            }
            WorkerRequest::SetPivot { entity } => {
                self.pivot = entity;
                self.respond_results(scope, id);
            }
            WorkerRequest::SelfTestPanic { key } => {
                set_current(scope, id, Some(key));
                panic!("self-test: a deliberate panic in the engine worker");
            }
        }
    }
}
