//! The engine web worker (built by trunk for wasm32 as a classic worker with a loader shim).

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo::worker::Registrable;
    use huntbench::boundary::{EngineWorker, JsCodec};
    EngineWorker::registrar().encoding::<JsCodec>().register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "worker: this is the workbench's web worker and runs only in the browser. Run \
         `bash scripts/dev.sh serve` and open http://127.0.0.1:8080/."
    );
    std::process::exit(2);
}
