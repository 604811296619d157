// Starts the Huntbench app without an inline script, so the page's CSP can refuse inline
// scripts. Trunk writes the hashed names of the wasm-bindgen module and the wasm binary into
// <meta name="huntbench:js|wasm"> (see `pattern_script` in Trunk.toml); both are relative to
// the page, so the app works under any sub-path.
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute("content");

async function boot() {
  const js = meta("huntbench:js");
  const wasm = meta("huntbench:wasm");
  if (!js || !wasm) throw new Error("the build left no huntbench:js / huntbench:wasm meta tags");
  const { default: init } = await import(new URL(js, document.baseURI).href);
  const instance = await init({ module_or_path: new URL(wasm, document.baseURI) });
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
}

boot().catch((err) => {
  console.error("Huntbench failed to start:", err);
  const p = document.createElement("p");
  p.className = "boot-error";
  p.textContent = `Huntbench failed to start: ${err}`;
  document.body.append(p);
});
