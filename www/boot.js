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

// Offline copies: www/sw.js (copied to the dist root) caches the page's own files; see the
// comment at its top. It is registered first, so it is installing while the app starts, and its
// URL carries the build (the hashes trunk put in the page's file names), so a redeploy installs
// a new worker and a new cache. Whether it works is told on <html data-offline="…">:
//   pending      registering, or the worker is still caching this build
//   ready        the worker of this build is active: every file of the page is cached
//   unavailable  no service worker here (file://, plain http other than localhost, a browser
//                setting, a failed install); the page works as before, online only
// Nothing here may stop the app from starting.
function buildId() {
  const hashes = new Set();
  for (const el of document.querySelectorAll("link[href], script[src], meta[name^='huntbench:']")) {
    const name = el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("content") ?? "";
    const hash = /-([0-9a-f]{1,16})(?:_bg)?\.\w+$/.exec(name)?.[1]; // trunk writes u64 hashes unpadded
    if (hash) hashes.add(hash);
  }
  return [...hashes].sort().join(".") || "unhashed";
}

// Resolves once `worker` is activated; rejects if it fails to install.
//
// A new build's worker calls skipWaiting() during install, to take over from the previous
// build's worker without waiting for every tab to close. In Chromium (seen in 156, about one
// redeploy in ten) it can still stay "installed" (waiting) after the previous worker has gone
// idle, until something else happens; asking it to skipWaiting() again lets it through. So, while
// it waits, it is asked once a second (a message to the worker: no network).
function activated(worker) {
  return new Promise((resolve, reject) => {
    let nudge = null;
    const check = () => {
      if (worker.state === "installed" && nudge === null) {
        nudge = setInterval(() => worker.postMessage("huntbench:skip-waiting"), 1000);
      } else if (worker.state === "activated" || worker.state === "redundant") {
        clearInterval(nudge);
        if (worker.state === "activated") resolve();
        else reject(new Error("the service worker failed to install"));
      }
    };
    worker.addEventListener("statechange", check);
    check();
  });
}

async function registerServiceWorker() {
  const root = document.documentElement;
  root.dataset.offline = "pending";
  try {
    const container = window.isSecureContext ? navigator.serviceWorker : undefined;
    if (!container) throw new Error("service workers are not available in this context");
    const script = new URL(`sw.js?build=${encodeURIComponent(buildId())}`, document.baseURI).href;
    const registration = await container.register(script, {
      scope: new URL("./", document.baseURI).href,
      updateViaCache: "none",
    });
    const worker = [registration.installing, registration.waiting, registration.active].find(
      (w) => w?.scriptURL === script,
    );
    if (!worker) throw new Error("the service worker of this build did not start installing");
    await activated(worker);
    root.dataset.offline = "ready";
  } catch (err) {
    root.dataset.offline = "unavailable";
    console.warn(`Huntbench works online only here (no offline copy): ${err?.message ?? err}`);
  }
}

registerServiceWorker();

boot().catch((err) => {
  console.error("Huntbench failed to start:", err);
  const p = document.createElement("p");
  p.className = "boot-error";
  p.textContent = `Huntbench failed to start: ${err}`;
  document.body.append(p);
});
