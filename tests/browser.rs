//! Browser tests: run in headless Chromium by wasm-bindgen-test-runner.
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`
//! (`bash scripts/dev.sh test` does this). Each file under tests/ is its own browser session, so
//! keep browser tests in this one file.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh `<div>` on the page for one test to mount into.
fn fresh_root() -> web_sys::Element {
    let document = gloo::utils::document();
    let div = document.create_element("div").expect("create div");
    document.body().expect("body").append_child(&div).expect("append div");
    div
}

// ---- UI shell ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn app_mounts_with_heading_and_tagline() {
    use huntbench::ui::{App, AppProps};

    let root = fresh_root();
    // No worker here: the test runner serves no trunk dist/ (the e2e test covers the worker).
    let _app =
        yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { spawn_worker: false })
            .render();
    yew::scheduler::flush().await;

    let h1 = root.query_selector("h1").unwrap().expect("an <h1>");
    assert_eq!(h1.text_content().as_deref(), Some("Huntbench"));
    let tagline = root.query_selector(".tagline").unwrap().expect("a tagline");
    assert_eq!(
        tagline.text_content().as_deref(),
        Some("Recon Activity with Interactive Logon Correlation, run entirely in your browser")
    );
}

#[wasm_bindgen_test]
fn worker_messages_round_trip_through_serde() {
    use huntbench::boundary::{WorkerRequest, WorkerResponse, VERSION};

    let pong = WorkerResponse::Pong { version: VERSION.to_string() };
    let json = serde_json::to_string(&pong).unwrap();
    assert_eq!(serde_json::from_str::<WorkerResponse>(&json).unwrap(), pong);
    let ping = serde_json::to_string(&WorkerRequest::Ping).unwrap();
    assert_eq!(serde_json::from_str::<WorkerRequest>(&ping).unwrap(), WorkerRequest::Ping);
}

// ---- Engine in wasm ---------------------------------------------------------------------
//
// Place for tests that run `huntbench::engine` / `huntbench::ingest` compiled to wasm32 in the
// browser (same code paths as the worker): add `#[wasm_bindgen_test]` functions here.

/// A small dataset in the portal and API formats, read by the same readers the worker uses.
fn sample_bench() -> huntbench::ingest::LoadedFiles {
    use huntbench::ingest::{ReadOptions, LoadedFiles};
    let alerts = "TimeGenerated [UTC],AlertName,CompromisedEntity,WorkspaceSubscriptionId\n\
        \"3/2/2026, 9:00:00.000 AM\",Password Spray,ws01,s\n\
        \"3/2/2026, 9:00:00.000 AM\",Atypical travel,WS01,s\n\
        \"3/2/2026, 10:00:00.000 AM\",Targeted port scans,WS02,s\n";
    let events = "TimeGenerated,EventID,LogonType,Account,Computer,IpAddress,AccountType,Activity\n\
        2026-03-02T09:05:00.0000000Z,4624,10,CONTOSO\\Alice,ws01,203.0.113.7,User,4624 - An account was successfully logged on.\n\
        2026-03-02T09:17:00.0000000Z,4624,10,CONTOSO\\Alice,ws01,203.0.113.7,User,4624 - An account was successfully logged on.\n\
        2026-03-02T09:06:00.0000000Z,4624,3,CONTOSO\\Bob,WS01,-,User,4624 - An account was successfully logged on.\n\
        2026-03-02T10:01:00.0000000Z,4624,10,CONTOSO\\Carol,ws02.contoso.com,198.51.100.4,User,4624 - An account was successfully logged on.\n";
    let mut bench = LoadedFiles::new();
    // 3/2/2026 alone does not settle the order: say it, as the page's question would.
    let month_first = ReadOptions { date_order: Some(huntbench::ingest::DateOrder::MonthFirst), ..ReadOptions::default() };
    bench.load("alerts.csv", alerts.as_bytes(), &month_first);
    bench.load("events.csv", events.as_bytes(), &ReadOptions::default());
    bench
}

#[wasm_bindgen_test]
fn engine_and_readers_run_in_wasm() {
    use huntbench::engine::{self, HuntParams};
    let bench = sample_bench();
    assert!(bench.files.iter().all(|r| r.error.is_none()), "{:?}", bench.files);
    let rows = engine::run(&bench.data, &HuntParams::default()).rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].values()[1], "2026-03-02T09:05:00.0000000Z");
    assert_eq!(rows[0].account, "contoso\\alice");
}

#[wasm_bindgen_test]
fn worker_messages_cross_the_codec_with_file_handles() {
    use gloo::worker::Codec;
    use huntbench::boundary::{FileHandle, JsCodec, PackedResults, WorkerRequest, WorkerResponse};
    use huntbench::engine::HuntParams;
    use huntbench::ingest::ReadOptions;

    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str("TimeGenerated,AlertName,CompromisedEntity\n"));
    let file = web_sys::File::new_with_str_sequence(&parts, "alerts.csv").unwrap();
    let request = WorkerRequest::AddFile { handle: FileHandle { key: 7, file }, options: ReadOptions::default() };
    let back: WorkerRequest = JsCodec::decode(JsCodec::encode(&request));
    match back {
        WorkerRequest::AddFile { handle, .. } => {
            assert_eq!(handle.key, 7);
            assert_eq!(handle.file.name(), "alerts.csv", "the File handle passes through untouched");
        }
        other => panic!("{other:?}"),
    }
    let view = huntbench::view::results(&sample_bench(), &HuntParams::default());
    let results = WorkerResponse::Results(PackedResults::pack(&view));
    let encoded = JsCodec::encode(&results);
    assert!(js_sys::Reflect::get(&encoded, &"Results".into()).unwrap().is_instance_of::<js_sys::Uint8Array>(), "results cross as one Uint8Array");
    let back: WorkerResponse = JsCodec::decode(encoded);
    assert_eq!(back, results);
    let WorkerResponse::Results(packed) = back else { unreachable!() };
    assert_eq!(packed.unpack().unwrap(), view, "results survive the codec, ticks included");
    assert!(PackedResults(packed.0[..packed.0.len() / 2].to_vec()).unpack().is_err(), "cut bytes are an error, not a panic");
    let params = WorkerRequest::SetParams { params: HuntParams { window: huntbench::engine::Span::minutes(60 * 24 * 365), ..HuntParams::default() } };
    assert_eq!(JsCodec::decode::<WorkerRequest>(JsCodec::encode(&params)), params);
}

// ---- Components ---------------------------------------------------------------------------

fn big_results(rows: usize) -> huntbench::view::ResultsView {
    use huntbench::engine::HuntParams;
    use huntbench::ingest::{ReadOptions, LoadedFiles};
    let mut events = String::from("TimeGenerated,EventID,LogonType,Account,Computer,IpAddress\n");
    for i in 0..rows {
        events.push_str(&format!("2026-03-02T09:{:02}:{:02}.{:07}Z,4624,10,C\\u{},WS01,10.0.{}.{}\n", (i / 60) % 15, i % 60, i, i % 97, i % 256, i % 200));
    }
    let alerts = "TimeGenerated,AlertName,CompromisedEntity\n2026-03-02T09:00:00Z,Password Spray,WS01\n";
    let mut bench = LoadedFiles::new();
    bench.load("a.csv", alerts.as_bytes(), &ReadOptions::default());
    bench.load("e.csv", events.as_bytes(), &ReadOptions::default());
    huntbench::view::results(&bench, &HuntParams::default())
}

#[wasm_bindgen_test]
async fn results_table_is_virtualised_filtered_and_sorted() {
    use huntbench::ui::table::{ResultsTable, ResultsTableProps};
    use huntbench::view::{visible_rows, Sort};
    use std::rc::Rc;
    use yew::Callback;

    let results = Rc::new(big_results(20_000));
    assert_eq!(results.rows.len(), 20_000);
    let root = fresh_root();
    let props = ResultsTableProps {
        results: results.clone(),
        selected: None,
        filter: String::new(),
        sort: Sort { column: 0, ascending: true },
        on_select: Callback::noop(),
        on_filter: Callback::noop(),
        on_sort: Callback::noop(),
        on_pivot: Callback::noop(),
    };
    let _table = yew::Renderer::<ResultsTable>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let rendered = root.query_selector_all("tr.result-row").unwrap().length();
    assert!(rendered > 10 && rendered < 100, "{rendered} rows in the DOM for 20,000");
    assert_eq!(root.query_selector(".result-count").unwrap().unwrap().text_content().as_deref(), Some("20000"));

    let filtered = visible_rows(&results, "10.0.7.7", Sort { column: 0, ascending: true });
    assert!(!filtered.is_empty() && filtered.iter().all(|&i| results.rows[i].values[6].contains("10.0.7.7")));
    let by_account = visible_rows(&results, "", Sort { column: 2, ascending: false });
    assert!(results.rows[by_account[0]].values[2] >= results.rows[by_account[19_999]].values[2]);
}

#[wasm_bindgen_test]
async fn timeline_draws_groups_matches_and_muted_near_misses() {
    use huntbench::engine::HuntParams;
    use huntbench::ui::timeline::{Timeline, TimelineProps};
    use std::rc::Rc;

    let results = Rc::new(huntbench::view::results(&sample_bench(), &HuntParams::default()));
    let root = fresh_root();
    let selected = Rc::new(std::cell::Cell::new(None));
    let on_select = {
        let selected = selected.clone();
        yew::Callback::from(move |g: Option<usize>| selected.set(g))
    };
    let props = TimelineProps { results, selected: None, on_select, on_pivot: yew::Callback::noop() };
    let _timeline = yew::Renderer::<Timeline>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    // WS01 and WS02 alert; ws02.contoso.com (a near miss by its spelling) has Carol's RDP
    // session: sessions show on every host that has them.
    assert_eq!(root.query_selector_all(".tl-lane").unwrap().length(), 3);
    assert_eq!(root.query_selector_all(".tl-group").unwrap().length(), 2);
    assert_eq!(root.query_selector_all(".tl-session").unwrap().length(), 3, "Alice twice on WS01, Carol");
    assert_eq!(root.query_selector_all(".tl-session.open-end").unwrap().length(), 3, "no logoff in the data");
    assert_eq!(root.query_selector_all(".tl-match").unwrap().length(), 1);
    let misses = root.query_selector_all(".tl-miss").unwrap();
    assert_eq!(misses.length(), 3);
    let reason = misses.item(0).unwrap().unchecked_into::<web_sys::Element>().get_attribute("data-reason").unwrap();
    assert!(!reason.is_empty());
    // Clicking a marker selects its group.
    let marker = root.query_selector(".tl-group[data-group='1']").unwrap().unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    marker.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(selected.get(), Some(1));
    // Hovering a near miss shows its tooltip (one listener on the SVG reads the mark's data-tip).
    let miss = misses.item(0).unwrap().unchecked_into::<web_sys::Element>();
    miss.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("mouseover", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    let tip = root.query_selector(".tl-tooltip").unwrap().expect("a tooltip").text_content().unwrap();
    assert!(tip.contains(&format!("Near miss: {reason}")), "{tip}");
    let svg = root.query_selector(".timeline-svg").unwrap().unwrap();
    svg.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("mouseleave", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    assert!(root.query_selector(".tl-tooltip").unwrap().is_none(), "leaving the chart hides it");
    // Hovering a session tells it; its end is unknown and said so.
    let session = root.query_selector(".tl-session .tl-session-hit").unwrap().unwrap();
    session.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("mouseover", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    let tip = root.query_selector(".tl-tooltip").unwrap().expect("a tooltip").text_content().unwrap();
    assert!(tip.contains("RDP session of contoso\\alice on WS01") && tip.contains("no logoff in the data"), "{tip}");
    // Clicking it opens it in full.
    session.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    let detail = root.query_selector(".session-detail").unwrap().expect("the session's detail").text_content().unwrap();
    assert!(detail.contains("Evidence (1)") && detail.contains("events.csv:2"), "{detail}");
}

#[wasm_bindgen_test]
async fn file_card_shows_the_report() {
    use huntbench::ui::files::{FileCard, FileCardProps};
    use huntbench::ui::state::{FileEntry, FileStatus};

    let reports = sample_bench().files;
    let entry = FileEntry {
        key: 1,
        name: "alerts.csv".into(),
        size: 120.0,
        status: FileStatus::Done { reports: reports[..1].to_vec() },
        handle: None,
        options: Default::default(),
        sample: None,
    };
    let root = fresh_root();
    let props = FileCardProps { entry, on_remove: yew::Callback::noop(), on_date_order: yew::Callback::noop() };
    let _card = yew::Renderer::<FileCard>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let text = |sel: &str| root.query_selector(sel).unwrap().unwrap().text_content().unwrap();
    assert_eq!(text(".file-format"), "portal CSV");
    assert_eq!(text(".file-table"), "SecurityAlert");
    assert_eq!(text(".rows-read"), "3");
    assert_eq!(text(".file-precision"), "milliseconds");
}

#[wasm_bindgen_test]
async fn exercise_mode_checks_answers_scores_and_keeps_progress() {
    use gloo::storage::{LocalStorage, Storage};
    use huntbench::boundary::ExerciseView;
    use huntbench::ui::exercise::{ExercisePanel, ExercisePanelProps, Progress};
    use std::rc::Rc;

    let exercise = huntbench::samples::exercise("exercise-first-light").unwrap();
    // The answer to "rows", found by running the hunt in wasm over the exercise's files.
    let mut bench = huntbench::ingest::LoadedFiles::new();
    for f in &exercise.files {
        bench.load(&f.name, f.text.as_bytes(), &huntbench::ingest::ReadOptions::default());
    }
    let rows = huntbench::engine::run(&bench.data, &huntbench::engine::HuntParams::default()).rows.len();
    let view = ExerciseView {
        title: exercise.title.clone(),
        story: exercise.story.clone(),
        questions: exercise.questions.clone(),
        file_hash: huntbench::exercise::file_hash(&exercise.to_json()),
    };
    let key = Progress::storage_key(&view.file_hash);
    LocalStorage::delete(&key);
    let root = fresh_root();
    let _panel = yew::Renderer::<ExercisePanel>::with_root_and_props(root.clone(), ExercisePanelProps { exercise: Rc::new(view) }).render();
    yew::scheduler::flush().await;
    let text = |sel: &str| root.query_selector(sel).unwrap().unwrap().text_content().unwrap();
    assert_eq!(text(".score"), "Score 0 / 11");

    let answer = |value: &str| {
        let input: web_sys::HtmlInputElement = root.query_selector("[data-question='rows'] .answer").unwrap().unwrap().unchecked_into();
        input.set_value(value);
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        input.dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
        let form: web_sys::HtmlFormElement = root.query_selector("[data-question='rows'] form").unwrap().unwrap().unchecked_into();
        form.request_submit().unwrap();
    };
    answer("999");
    yew::scheduler::flush().await;
    assert!(text("[data-question='rows'] .verdict").contains("Not yet"));
    assert_eq!(text(".score"), "Score 0 / 11");
    answer(&rows.to_string());
    yew::scheduler::flush().await;
    assert!(text("[data-question='rows'] .verdict").contains("Right"));
    assert_eq!(text(".score"), "Score 1 / 11");
    let stored: Progress = LocalStorage::get(&key).expect("progress is kept");
    assert!(stored.solved.contains("rows"));

    // Hints come one at a time.
    let hint: web_sys::HtmlElement = root.query_selector("[data-question='hosts'] .hint").unwrap().unwrap().unchecked_into();
    hint.click();
    yew::scheduler::flush().await;
    assert_eq!(root.query_selector_all("[data-question='hosts'] .hints li").unwrap().length(), 1);

    let reset: web_sys::HtmlElement = root.query_selector(".reset-progress").unwrap().unwrap().unchecked_into();
    reset.click();
    yew::scheduler::flush().await;
    assert_eq!(text(".score"), "Score 0 / 11");
    assert!(LocalStorage::get::<Progress>(&key).map_or(true, |p| p.solved.is_empty()));
}

#[wasm_bindgen_test]
fn files_too_big_for_a_tab_are_refused_before_reading() {
    use huntbench::boundary::memory_check;
    assert!(memory_check("SecurityEvent.csv", 2.0e9, 0).is_ok(), "2 GB of CSV fits");
    let refused = memory_check("SecurityEvent.csv", 10.0e9, 0).unwrap_err();
    assert!(refused.contains("huntbench hunt") && refused.contains("KQL"), "{refused}");
    assert!(memory_check("export.json.gz", 1.0e9, 0).is_err(), "compressed files count expanded");
    assert!(memory_check("more.csv", 1.0e9, 2_900_000_000).is_err(), "what is already held counts");
}
