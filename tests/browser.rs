//! Browser tests: run in headless Chromium by wasm-bindgen-test-runner.
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`
//! (`bash scripts/dev.sh test` does this). Each file under tests/ is its own browser session, so
//! keep browser tests in this one file.
#![cfg(target_arch = "wasm32")]

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
