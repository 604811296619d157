//! `huntbench`: the command line. Everything it does lives in `huntbench::cli`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    huntbench::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
