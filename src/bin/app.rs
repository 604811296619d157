//! The workbench page (built by trunk for wasm32 from `index.html`).

#[cfg(target_arch = "wasm32")]
fn main() {
    huntbench::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "app: the Huntbench workbench runs in the browser. Run `bash scripts/dev.sh serve` \
         and open http://127.0.0.1:8080/ (the command-line tool is `huntbench`)."
    );
    std::process::exit(2);
}
