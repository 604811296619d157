//! The engine, the readers and the view model are plain Rust: no browser, UI or file-system types, so the same
//! code runs natively, in tests and in wasm.

use std::path::Path;

const FORBIDDEN: [&str; 9] = ["yew", "gloo", "web_sys", "js_sys", "wasm_bindgen", "std::fs", "std::path", "File::open", "std::net::Tcp"];

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn engine_ingest_and_view_use_no_io_or_browser_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for module in ["engine", "ingest", "view"] {
        sources(&root.join(module), &mut files);
    }
    files.push(root.join("export.rs"));
    assert!(files.len() >= 10, "found {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for word in FORBIDDEN {
            assert!(!text.contains(word), "{} mentions {word}", file.display());
        }
    }
}
