//! The boundary between the page and the engine worker: the messages, their codec, and the
//! worker that owns the `Workbench`.
//!
//! The page sends `WorkerRequest`s and gets `WorkerResponse`s. Files cross as `web_sys::File`
//! handles (structured-cloned, no byte copy); the worker reads them in 16 MiB slices with
//! `FileReaderSync`, so neither side ever holds a whole file. Results cross as `ResultsView`,
//! shaped for the page: text ready to show, times as ISO strings and, for drawing only, as
//! milliseconds. This module is the only one that knows serde-wasm-bindgen.
//!
//! Spawn with `spawn_with_loader(WORKER_LOADER)`, never with gloo-worker 0.5's `spawn(path)`:
//! `spawn` starts the worker from a `blob:` URL, which the page's CSP (`worker-src 'self'`)
//! refuses.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Read;

use gloo::worker::{Codec, HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::engine::{self, kql, near_misses, FileId, HuntParams, Origin, StringPool, Sym};
use crate::exercise::{self as exercises, Exercise, Question};
use crate::ingest::{FileReport, ReadOptions, Workbench};

/// The loader shim trunk writes for `data-bin="worker" data-loader-shim`, relative to the page,
/// so the app works under any sub-path.
pub const WORKER_LOADER: &str = "./worker_loader.js";

/// The crate version, as the worker reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Bytes read from a file at a time. `FileReaderSync` costs per call: measured in Chromium on a
/// 138 MB file, 1 MiB slices read at 150-250 MB/s, 4 MiB at 350, 16 MiB at 420-520.
const SLICE: f64 = 16.0 * 1024.0 * 1024.0;

/// serde-wasm-bindgen with plain JS objects (not `Map`s), so `File` handles pass through
/// `serde_wasm_bindgen::preserve` untouched, and bytes as one `Uint8Array` (`PackedResults`).
pub struct JsCodec;

impl Codec for JsCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible().serialize_bytes_as_arrays(false);
        input.serialize(&serializer).expect("worker messages are plain data")
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        serde_wasm_bindgen::from_value(input).expect("worker messages are plain data")
    }
}

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
    /// The hunt over everything loaded.
    Results(PackedResults),
    /// The file under this key is an exercise: its story and questions (its exports were loaded).
    Exercise { key: u32, exercise: Box<ExerciseView> },
    /// The worker hit a bug while reading this file; it is gone and must be replaced.
    Crashed { key: Option<u32>, message: String },
}

/// A `ResultsView` in postcard's bytes, which cross to the page as one `Uint8Array`.
///
/// Why not as JS objects, like the other messages: a busy week's view holds 100,000 marks and
/// their strings, and serde-wasm-bindgen makes a JS object for each field, then the page makes
/// a Rust value of each again (measured at 500,000 events: 2.6 s to send, as much to receive).
#[derive(Debug, Clone, PartialEq)]
pub struct PackedResults(pub Vec<u8>);

impl PackedResults {
    pub fn pack(view: &ResultsView) -> PackedResults {
        PackedResults(postcard::to_allocvec(view).expect("a results view is plain data"))
    }

    pub fn unpack(&self) -> Result<ResultsView, String> {
        postcard::from_bytes(&self.0).map_err(|e| format!("the engine's results could not be read: {e}"))
    }
}

impl Serialize for PackedResults {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for PackedResults {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = PackedResults;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the packed results' bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<PackedResults, E> {
                Ok(PackedResults(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<PackedResults, E> {
                Ok(PackedResults(v))
            }
        }
        d.deserialize_byte_buf(Bytes)
    }
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

/// The hunt's result, shaped for the page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub params: HuntParams,
    pub kql: String,
    pub groups: Vec<GroupView>,
    pub rows: Vec<RowView>,
    pub lanes: Vec<LaneView>,
    pub matched_alerts: usize,
    pub matched_logons: usize,
    pub alert_rows: usize,
    pub logon_rows: usize,
    /// What the loaded columns hold (`Dataset::heap_bytes`).
    pub held_bytes: f64,
    /// The text of the marks (`StringId`); the first is empty.
    pub strings: Vec<String>,
    /// The worker's whole wasm memory: it grows, never shrinks, so it is the peak.
    pub engine_memory_bytes: f64,
}

/// One alert group (a row of the summarize step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    pub index: usize,
    pub subscription: String,
    pub entity: String,
    pub time: String,
    pub time_ms: f64,
    pub window_end_ms: f64,
    pub count: u64,
    pub names: Vec<String>,
    /// `file:line` of each alert row of the group.
    pub origins: Vec<String>,
    /// The lane (host) it is drawn in.
    pub lane: usize,
    /// Indexes into `ResultsView::rows`.
    pub rows: Vec<usize>,
}

/// One result row: the 8 output columns and where they came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowView {
    /// TimeGenerated, Interactivelogontime, AccountCustomEntity, AccountType, CompromisedEntity,
    /// Activity, IpAddress, TimeWindow.
    pub values: Vec<String>,
    pub group: usize,
    pub logon_ms: f64,
    /// `file:line` of the logon.
    pub logon_origin: String,
}

/// One host of the timeline: its groups, and the logons drawn beside them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaneView {
    pub host: String,
    pub groups: Vec<usize>,
    pub marks: Vec<MarkView>,
}

/// A logon drawn on a lane: a match, or a near miss with its reason.
///
/// A busy view holds 100,000 of them, so a mark is numbers: its text is in
/// `ResultsView::strings` and is put together only for the mark hovered (`MarkView::lines`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkView {
    pub time_ms: f64,
    /// Interactivelogontime in ticks, for the exact time shown.
    pub ticks: i64,
    pub group: usize,
    pub matched: bool,
    /// Why it did not match (`StringId::EMPTY` for a match).
    pub reason: StringId,
    pub account: StringId,
    pub host: StringId,
    pub activity: StringId,
    pub logon_type: Option<i32>,
    pub ip_address: StringId,
    /// The logon's file and line.
    pub file: StringId,
    pub line: u64,
}

/// An index into `ResultsView::strings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StringId(pub u32);

impl StringId {
    pub const EMPTY: StringId = StringId(0);
}

impl MarkView {
    /// Interactivelogontime as ISO 8601 with seven digits.
    pub fn time(&self) -> String {
        engine::Ticks(self.ticks).to_iso()
    }

    /// The tooltip's lines: what it is, when and who, and the row's details.
    pub fn lines(&self, view: &ResultsView) -> Vec<String> {
        let s = |id: StringId| view.string(id);
        let what = if self.matched { "Joined".to_string() } else { format!("Near miss: {}", s(self.reason)) };
        vec![
            what,
            format!("{} · {} on {}", self.time(), s(self.account), s(self.host)),
            format!(
                "{} · LogonType {} · {} · {}:{}",
                s(self.activity),
                self.logon_type.map_or("-".into(), |t| t.to_string()),
                s(self.ip_address),
                s(self.file),
                self.line
            ),
        ]
    }
}

/// Builds the page's view of a hunt.
pub fn results_view(bench: &Workbench, params: &HuntParams) -> ResultsView {
    let data = &bench.data;
    let result = engine::run(data, params);
    let misses = near_misses(data, params, &result);
    let names: HashMap<FileId, &str> = bench.files.iter().map(|r| (r.file, r.name.as_str())).collect();
    let origin = |o: &Origin| format!("{}:{}", names.get(&o.file).copied().unwrap_or("?"), o.line);
    let resolve = |sym| data.strings.resolve(sym);
    let mut lanes: Vec<LaneView> = Vec::new();
    let mut lane_of: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<GroupView> = result
        .groups
        .iter()
        .enumerate()
        .map(|(index, g)| {
            let lane = *lane_of.entry(g.compromised_entity.as_str()).or_insert_with(|| {
                lanes.push(LaneView { host: g.compromised_entity.clone(), groups: Vec::new(), marks: Vec::new() });
                lanes.len() - 1
            });
            lanes[lane].groups.push(index);
            GroupView {
                index,
                subscription: g.subscription.clone(),
                entity: g.compromised_entity.clone(),
                time: g.time.to_iso(),
                time_ms: g.time.unix_millis_f64(),
                window_end_ms: params.window_of(g.time).end.unix_millis_f64(),
                count: g.count,
                names: g.alert_names.clone(),
                origins: g.origins.iter().map(origin).collect(),
                lane,
                rows: Vec::new(),
            }
        })
        .collect();
    let logons = &data.logons;
    // The marks' text, interned so each distinct string crosses to the page once; the pool's
    // Sym(0) is the empty string, which is StringId::EMPTY.
    let mut strings = StringPool::default();
    let mut mark = |i: usize, group: usize, matched: bool, reason: &str| {
        let time = logons.time[i];
        let origin = &logons.origin[i];
        MarkView {
            time_ms: time.unix_millis_f64(),
            ticks: time.0,
            group,
            matched,
            reason: StringId(strings.intern(reason).0),
            account: StringId(strings.intern(resolve(logons.account[i])).0),
            host: StringId(strings.intern(resolve(logons.computer[i])).0),
            activity: StringId(strings.intern(resolve(logons.activity[i])).0),
            logon_type: logons.logon_type[i],
            ip_address: StringId(strings.intern(resolve(logons.ip_address[i])).0),
            file: StringId(strings.intern(names.get(&origin.file).copied().unwrap_or("?")).0),
            line: origin.line,
        }
    };
    let rows = result
        .rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            groups[r.group].rows.push(n);
            let lane = groups[r.group].lane;
            lanes[lane].marks.push(mark(r.logon_row, r.group, true, ""));
            RowView {
                values: r.values().to_vec(),
                group: r.group,
                logon_ms: r.interactive_logon_time.unix_millis_f64(),
                logon_origin: origin(&r.logon_origin),
            }
        })
        .collect();
    for m in &misses {
        let lane = groups[m.group].lane;
        lanes[lane].marks.push(mark(m.logon_row, m.group, false, &m.reason.describe(params)));
    }
    for lane in &mut lanes {
        lane.marks.sort_by(|a, b| a.time_ms.total_cmp(&b.time_ms));
    }
    groups.iter_mut().for_each(|g| g.rows.sort_unstable());
    ResultsView {
        params: params.clone(),
        kql: kql::render(params),
        groups,
        rows,
        lanes,
        matched_alerts: result.matched_alerts,
        matched_logons: result.matched_logons,
        alert_rows: data.alerts.len(),
        logon_rows: data.logons.len(),
        held_bytes: data.heap_bytes() as f64,
        strings: (0..strings.len() as u32).map(|i| strings.resolve(Sym(i)).to_string()).collect(),
        engine_memory_bytes: engine_memory_bytes(),
    }
}

impl ResultsView {
    /// The text under `id`; empty for an id out of range.
    pub fn string(&self, id: StringId) -> &str {
        self.strings.get(id.0 as usize).map_or("", String::as_str)
    }
}

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
/// an export's bytes (measured: 0.18 to 0.34 of the input), and compressed files expand ~10×.
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

thread_local! {
    /// Who to tell, and about which file, if the worker panics.
    static CURRENT: RefCell<Option<(WorkerScope<EngineWorker>, HandlerId, Option<u32>)>> = const { RefCell::new(None) };
}

/// The engine worker: every file read so far, and the current parameters.
pub struct EngineWorker {
    bench: Workbench,
    params: HuntParams,
    /// The page's key of each loaded file id.
    keys: HashMap<FileId, u32>,
    /// A file was read since the last results, for this page.
    hunt_pending: Option<HandlerId>,
}

impl EngineWorker {
    fn respond_results(&mut self, scope: &WorkerScope<Self>, id: HandlerId) {
        self.hunt_pending = None;
        scope.respond(id, WorkerResponse::Results(PackedResults::pack(&results_view(&self.bench, &self.params))));
    }

    /// Reads one input under a key; returns its reports.
    fn load(&mut self, scope: &WorkerScope<Self>, id: HandlerId, key: u32, name: &str, input: impl Read, options: &ReadOptions) -> Vec<FileReport> {
        CURRENT.with(|c| *c.borrow_mut() = Some((scope.clone(), id, Some(key))));
        let ids = self.bench.load(name, input, options);
        CURRENT.with(|c| *c.borrow_mut() = Some((scope.clone(), id, None)));
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
                let mut report = FileReport::new(FileId(u32::MAX), name);
                report.format = "Huntbench exercise".into();
                report.error = Some(message);
                scope.respond(id, WorkerResponse::FileDone { key, name: name.to_string(), reports: vec![report] });
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
        EngineWorker { bench: Workbench::new(), params: HuntParams::default(), keys: HashMap::new(), hunt_pending: None }
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
        CURRENT.with(|c| *c.borrow_mut() = Some((scope.clone(), id, None)));
        match msg {
            WorkerRequest::Ping => scope.respond(id, WorkerResponse::Pong { version: VERSION.to_string() }),
            WorkerRequest::AddFile { handle, options } => {
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
                    let mut report = FileReport::new(FileId(u32::MAX), &name);
                    report.format = "not read".into();
                    report.error = Some(message);
                    scope.respond(id, WorkerResponse::FileDone { key, name: name.clone(), reports: vec![report] });
                    return;
                }
                let progress = |bytes_read, bytes_total, lines| {
                    scope.respond(id, WorkerResponse::Progress { key, bytes_read, bytes_total, lines });
                };
                match web_sys::FileReaderSync::new() {
                    Ok(reader) => {
                        let input = BlobReader {
                            size: file.size(),
                            blob: file.unchecked_into(),
                            reader,
                            pos: 0.0,
                            chunk: Vec::new(),
                            at: 0,
                            lines: 0.0,
                            progress: &progress,
                        };
                        let reports = self.load(scope, id, key, &name, input, &options);
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
            WorkerRequest::LoadSample { id: sample, key } => {
                let label = crate::samples::SAMPLES.iter().find(|s| s.id == sample).map_or(sample.as_str(), |s| s.label);
                if let Some(exercise) = crate::samples::exercise(&sample) {
                    self.load_exercise(scope, id, key, &format!("{}.json", exercise.title), &exercise.to_json());
                } else if let Some(files) = crate::samples::files(&sample) {
                    let mut reports = Vec::new();
                    for (name, bytes) in files {
                        reports.extend(self.load(scope, id, key, &name, bytes.as_slice(), &ReadOptions::default()));
                    }
                    scope.respond(id, WorkerResponse::FileDone { key, name: label.to_string(), reports });
                }
                self.respond_results(scope, id);
            }
            WorkerRequest::RemoveFile { key } => {
                let gone: Vec<FileId> = self.keys.iter().filter(|(_, k)| **k == key).map(|(f, _)| *f).collect();
                for file in gone {
                    self.bench.remove(file);
                    self.keys.remove(&file);
                }
                self.respond_results(scope, id);
            }
            WorkerRequest::SetParams { params } => {
                self.params = params;
                self.respond_results(scope, id);
            }
            WorkerRequest::SelfTestPanic { key } => {
                CURRENT.with(|c| *c.borrow_mut() = Some((scope.clone(), id, Some(key))));
                panic!("self-test: a deliberate panic in the engine worker");
            }
        }
    }
}
