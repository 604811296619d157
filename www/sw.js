// Huntbench's service worker: keeps the page's own files in the browser's Cache Storage, so a
// hosted copy keeps working when the machine goes offline. Copied by trunk, unhashed, to the
// dist root (index.html: <link data-trunk rel="copy-file" href="www/sw.js">) and registered by
// www/boot.js as `sw.js?build=<trunk's file hashes>`. Its scope is the page's folder, and every
// URL here is derived from that scope, so any sub-path works.
//
// Versioning. The `build` query names the build (the hashes trunk puts in the page's file
// names), so a redeploy registers a new script URL: the browser installs the new worker, which
// fills a new cache and, on activation, deletes the caches of older builds of this scope (and
// only this scope: Cache Storage is shared by the whole origin, so two copies hosted under two
// sub-paths of one server each keep their own).
//
// Install precaches the page: the index (`./`), every `./` file it references (trunk's hashed
// style, boot, app js and wasm) and the engine worker's fixed-name files, which the index does
// not mention. Activation waits for that (install's waitUntil), so once this worker is active the
// whole build is cached: the first visit already makes the page available offline, and nothing
// is fetched after the page has loaded. The worker downloads these files once more during that
// first visit (the page fetched them before any worker controlled it); later visits are served
// through the fetch handler below.
//
// Strategy: network first, cache as fallback. Online, every request goes to the server and its
// answer refreshes the cache; offline (the fetch fails), the cached copy answers. Cache first
// with revalidation would serve each file one visit late, and the fixed-name files (index.html,
// worker.js, worker_bg.wasm, worker_loader.js) could then come from one build while the hashed
// app files come from another: a page of build B speaking to a worker of build A. Network first
// never mixes builds while online, always shows the latest deploy, and costs little for a page
// of a few hundred kilobytes served from one's own server. Offline, the cache holds one build:
// the one this worker precached, refreshed by every online visit since.
//
// Only same-origin GET requests under the scope are handled; anything else is left to the
// browser (the page's CSP allows no other origin anyway).
"use strict";

const SCOPE = self.registration.scope; // the page's folder, ending in "/"
const BUILD = new URL(self.location.href).searchParams.get("build") || "unversioned";
const PREFIX = `huntbench ${SCOPE} `;
const CACHE = PREFIX + BUILD;
// trunk's `data-type="worker" data-loader-shim` output: fixed names, loaded by the app at run time.
const WORKER_FILES = ["worker_loader.js", "worker.js", "worker_bg.wasm"];

const inScope = (url) => url.startsWith(SCOPE) && new URL(url).origin === self.location.origin;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // The index, as `./` (or `./index.html` for servers that list folders instead).
      let indexUrl = SCOPE;
      let index = await fetchFresh(indexUrl).catch(() => null);
      if (!index) {
        indexUrl = new URL("index.html", SCOPE).href;
        index = await fetchFresh(indexUrl);
      }
      const html = await index.clone().text();
      await cache.put(indexUrl, index);
      const files = new Set(WORKER_FILES.map((f) => new URL(f, SCOPE).href));
      // trunk writes `public_url = "./"` references: href="./style-….css", src="./boot-….js",
      // content="./app-…_bg.wasm" (the huntbench:* meta tags read by boot.js).
      for (const [, ref] of html.matchAll(/="(\.\/[^"\s?#]+)"/g)) {
        const url = new URL(ref, SCOPE).href;
        if (inScope(url)) files.add(url);
      }
      files.delete(indexUrl);
      // Each body goes into the cache as soon as it arrives: with a few large bodies left unread
      // (held for one put at the end), Chromium stopped sending requests to the server.
      // Any missing file fails the install: the previous worker and its cache stay in charge.
      await Promise.all([...files].map(async (url) => cache.put(url, await fetchFresh(url))));
      // Take over from an older build at once rather than after its last tab closes. Harmless
      // with network first: an old tab left open still gets its files from the network.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // Control the page that registered us, so its first visit already runs through here.
      await self.clients.claim();
    })(),
  );
});

// boot.js repeats the skipWaiting() of install for a worker left waiting (see `activated` there).
self.addEventListener("message", (event) => {
  if (event.data === "huntbench:skip-waiting") event.waitUntil(self.skipWaiting());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !inScope(request.url)) return;
  event.respondWith(networkFirst(event, request));
});

async function networkFirst(event, request) {
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const cached = await fromCache(request);
    if (cached) return cached;
    throw offline;
  }
  // Whole, successful same-origin answers only: no errors, no partial (Range) content.
  if (response.status === 200 && response.type === "basic" && !request.headers.has("range")) {
    const copy = response.clone();
    event.waitUntil(
      caches
        .open(CACHE)
        .then((cache) => cache.put(request.url, copy))
        .catch(() => {}), // e.g. quota, `Vary: *`: the page still got its answer
    );
  }
  return response;
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const navigate = request.mode === "navigate";
  const options = { ignoreVary: true, ignoreSearch: navigate };
  const hit = await cache.match(request.url, options);
  if (hit || !navigate) return hit;
  // The page is the same whether opened as `./` or `./index.html`.
  const path = request.url.slice(SCOPE.length).split(/[?#]/)[0];
  if (path !== "" && path !== "index.html") return undefined;
  return (
    (await cache.match(SCOPE, options)) ?? (await cache.match(new URL("index.html", SCOPE).href, options))
  );
}

// A fresh copy from the server (revalidated, not taken from the HTTP cache unchecked), as a
// response a navigation may use: browsers refuse redirected responses for navigations.
async function fetchFresh(url) {
  const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
