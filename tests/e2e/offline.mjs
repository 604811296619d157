// End-to-end test of offline copies: the service worker (www/sw.js, registered by www/boot.js).
//
// Serves dist/ under a sub-path, opens the page in a fresh browser context (a first visit) and
// waits until it has LOADED, which here means all of:
//   - the app mounted (heading "Huntbench") and its engine worker answered ("Engine worker: ready");
//   - <html data-offline="ready">: boot.js saw the service worker of this build activated, and
//     activation waits for its install, which precaches every file of the page;
//   - that worker controls the page (navigator.serviceWorker.controller, after clients.claim()).
// Every request is recorded at page and context level (the context's events include the
// engine worker's and the service worker's requests), and the server logs what reaches it.
// It fails on any request to another origin, outside the sub-path, or made after the loaded
// point (watched for a quiet period). Then it checks the cache holds the page's files, takes the
// context offline (context.setOffline(true), and the server stops answering), reloads, and checks
// the app mounts again from the cache, engine worker included; screenshot in screenshots/.
// Back online, it serves changed copies of dist/: worker.js changed in place must reach the cache
// (network first), and a new build (another trunk hash) must bring a new service worker whose
// cache replaces the old build's. Last, it opens the page from a host that is not a secure context (plain http, not localhost),
// where service workers do not exist, and checks the page still works online.
//
//   node tests/e2e/offline.mjs [path/to/dist]     (bash scripts/dev.sh test runs it)
//
// Prints `e2e: N passed, N failed` last and exits non-zero on any failure.

import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, "..", "..", "dist"));
const shots = path.join(here, "screenshots");
const SUB = "/hosted/copy/of/huntbench/";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// How long the page must stay silent after it has loaded.
const QUIET_MS = Number(process.env.E2E_QUIET_MS ?? 3000);
const TIMEOUT = 30_000;
// A name that is not localhost, so http:// on it is not a secure context (mapped to 127.0.0.1).
const INSECURE_HOST = "huntbench.invalid";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`  ok    ${name}`);
  } else {
    failed++;
    console.log(`  FAIL  ${name}${detail ? `\n        ${String(detail).replaceAll("\n", "\n        ")}` : ""}`);
  }
}
const list = (xs) => xs.join("\n") || "(none)";

// ---- static server: `root` (dist/) under SUB only, uncacheable; `dark` = the network is gone ----
const server = { hits: [], dark: false, root: dist };
const httpServer = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  server.hits.push({ path: url.pathname + url.search, at: Date.now() });
  if (server.dark) {
    req.socket.destroy();
    return;
  }
  if (!url.pathname.startsWith(SUB)) {
    res.writeHead(404).end("outside the sub-path");
    return;
  }
  const rel = decodeURIComponent(url.pathname.slice(SUB.length)) || "index.html";
  const file = path.resolve(server.root, rel);
  if (!file.startsWith(server.root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, {
    "content-type": MIME[path.extname(file)] ?? "application/octet-stream",
    "cache-control": "no-store",
  });
  fs.createReadStream(file).pipe(res);
});

// Records every request of a context: context-level events (pages, their workers, service
// workers) and page-level events (deduplicated: the same Request object).
function recorder(context, page) {
  const seen = new Set();
  const requests = [];
  const problems = [];
  const add = (r) => {
    if (seen.has(r)) return;
    seen.add(r);
    const from = r.serviceWorker() ? "service worker" : "page";
    requests.push({ url: r.url(), method: r.method(), at: Date.now(), from, request: r });
  };
  context.on("request", add);
  page.on("request", add);
  context.on("requestfailed", (r) => problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
  context.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { requests, problems };
}

function describe(r) {
  return `${r.method} ${r.url} (${r.from})`;
}

async function waitLoaded(page) {
  const steps = [
    ["heading Huntbench", () => page.getByRole("heading", { name: "Huntbench", exact: true }).waitFor({ timeout: TIMEOUT })],
    ["engine worker ready", () => page.getByText(/Engine worker: ready/).waitFor({ timeout: TIMEOUT })],
  ];
  const missing = [];
  for (const [name, wait] of steps) {
    try {
      await wait();
    } catch (e) {
      missing.push(`${name}: ${e.message.split("\n")[0]}`);
    }
  }
  return missing;
}

async function main() {
  if (!fs.existsSync(path.join(dist, "index.html"))) {
    check(`dist/ has an index.html (${dist})`, false, "run `trunk build --release` first");
    return;
  }
  check("dist/ has sw.js at its root (copied by trunk)", fs.existsSync(path.join(dist, "sw.js")));
  await new Promise((ok) => httpServer.listen(0, "127.0.0.1", ok));
  const port = httpServer.address().port;
  const origin = `http://127.0.0.1:${port}`;
  const pageUrl = `${origin}${SUB}`;
  fs.mkdirSync(shots, { recursive: true });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`,
    ],
  });
  try {
    await onlineThenOffline(browser, origin, pageUrl);
    await insecureContext(browser, `http://${INSECURE_HOST}:${port}${SUB}`);
  } finally {
    await browser.close();
  }
}

async function onlineThenOffline(browser, origin, pageUrl) {
  console.log(`e2e: ${pageUrl} (first visit, then offline)`);
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await context.newPage();
  const { requests, problems } = recorder(context, page);
  const consoleErrors = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));

  // ---- first visit: until loaded --------------------------------------------------------
  const response = await page.goto(pageUrl, { waitUntil: "load" });
  check(`first visit: page loads under ${SUB}`, response?.ok() === true, `status ${response?.status()}`);
  const missing = await waitLoaded(page);
  check("first visit: app mounted and engine worker answered", missing.length === 0, list(missing));

  let offlineState = "";
  try {
    await page.waitForFunction(() => document.documentElement.dataset.offline !== "pending", null, { timeout: TIMEOUT });
  } catch {}
  offlineState = await page.evaluate(() => document.documentElement.dataset.offline ?? "<no data-offline>");
  check('first visit: boot.js reports <html data-offline="ready">', offlineState === "ready", `data-offline="${offlineState}"`);

  let sw = null;
  try {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: TIMEOUT });
    sw = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { controller: navigator.serviceWorker.controller.scriptURL, scope: reg?.scope };
    });
  } catch (e) {
    sw = { error: e.message.split("\n")[0] };
  }
  const loadedAt = Date.now();
  const loadedIndex = requests.length;
  const hitsAtLoaded = server.hits.length;
  const build = await page.evaluate(() =>
    [...document.querySelectorAll("link[href], script[src], meta[name^='huntbench:']")]
      .map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("content"))
      .join(" "),
  );
  check(
    "first visit: the service worker controls the page, from sw.js?build=… at the dist root",
    typeof sw?.controller === "string" && sw.controller.startsWith(`${pageUrl}sw.js?build=`),
    JSON.stringify(sw),
  );
  const buildParam = sw?.controller ? new URL(sw.controller).searchParams.get("build") ?? "" : "";
  check(
    `service worker version is the build: its hashes appear in the page's file names (build=${buildParam})`,
    buildParam !== "" && buildParam.split(".").every((h) => /^[0-9a-f]{1,16}$/.test(h) && build.includes(h)),
    build,
  );
  check(`service worker scope is the page's folder`, sw?.scope === pageUrl, `scope: ${sw?.scope}`);

  // ---- quiet period: nothing may be requested after the loaded point -------------------
  await page.waitForTimeout(QUIET_MS);
  const late = requests.slice(loadedIndex);
  check(
    `no request after the page has loaded (${QUIET_MS} ms watched; ${loadedIndex} before)`,
    late.length === 0,
    list(late.map((r) => `+${r.at - loadedAt} ms ${describe(r)}`)),
  );
  const lateHits = server.hits.slice(hitsAtLoaded);
  check("the server saw nothing after the page has loaded", lateHits.length === 0, list(lateHits.map((h) => h.path)));

  const foreign = requests.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith("data:"));
  check(`no request to another origin (${requests.length} requests)`, foreign.length === 0, list(foreign.map(describe)));
  const outside = requests.filter((r) => r.url.startsWith(`${origin}/`) && !r.url.startsWith(pageUrl));
  check(`every request stays under ${SUB}`, outside.length === 0, list(outside.map(describe)));
  const strays = server.hits.filter((h) => !h.path.startsWith(SUB));
  check(`the server saw only paths under ${SUB}`, strays.length === 0, list(strays.map((h) => h.path)));
  const nonGet = requests.filter((r) => r.method !== "GET");
  check("only GET requests", nonGet.length === 0, list(nonGet.map(describe)));
  const fromSw = requests.filter((r) => r.from === "service worker");
  check(
    `the recording includes the service worker's own requests (${fromSw.length})`,
    fromSw.length > 0,
    list(requests.map(describe)),
  );
  check("no failed requests online", problems.length === 0, list(problems));

  // ---- the cache holds the whole page ------------------------------------------------------
  const cached = await cacheListing(page);
  const names = Object.keys(cached);
  const expectedName = `huntbench ${pageUrl} ${buildParam}`;
  check(`one cache, named after the scope and the build`, names.length === 1 && names[0] === expectedName, list(names));
  const urls = new Set(cached[expectedName] ?? []);
  const hashed = build
    .split(" ")
    .filter((u) => u.startsWith("./"))
    .map((u) => new URL(u, pageUrl).href);
  const wanted = [pageUrl, ...hashed, ...["worker_loader.js", "worker.js", "worker_bg.wasm"].map((f) => pageUrl + f)];
  const absent = wanted.filter((u) => !urls.has(u));
  check(`the cache holds the page and all its files (${urls.size} entries)`, absent.length === 0, `missing:\n${list(absent)}`);

  // ---- offline: reload from the cache -----------------------------------------------------
  console.log("e2e: offline (context.setOffline(true), the server stops answering), reload");
  server.dark = true;
  const hitsBeforeOffline = server.hits.length;
  const offlineIndex = requests.length;
  const problemsBefore = problems.length;
  consoleErrors.length = 0;
  await context.setOffline(true);
  let reloaded = null;
  try {
    reloaded = await page.reload({ waitUntil: "load", timeout: TIMEOUT });
  } catch (e) {
    check("offline reload completes", false, e.message.split("\n")[0]);
  }
  check(
    "offline reload: the page comes from the service worker",
    reloaded?.ok() === true && reloaded.fromServiceWorker(),
    `status ${reloaded?.status()}, from service worker: ${reloaded?.fromServiceWorker()}`,
  );
  const missingOffline = await waitLoaded(page);
  check('offline reload: heading "Huntbench" and "Engine worker: ready"', missingOffline.length === 0, list(missingOffline));
  const footer = (await page.locator("footer").textContent().catch(() => "")) ?? "";
  check("offline reload: the footer shows the worker ready", /Engine worker: ready/.test(footer), `footer: ${footer}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, "offline-reload.png"), fullPage: true });

  const pageOffline = requests.slice(offlineIndex).filter((r) => r.from !== "service worker");
  const notFromSw = [];
  for (const r of pageOffline) {
    const res = await r.request.response().catch(() => null);
    if (!res?.fromServiceWorker()) notFromSw.push(`${describe(r)}: ${res ? `status ${res.status()}` : "no response"}`);
  }
  check(
    `offline reload: every request of the page and its worker answered by the service worker (${pageOffline.length})`,
    pageOffline.length > 0 && notFromSw.length === 0,
    list(notFromSw),
  );
  // The service worker tries the network first; offline those attempts fail, as they should.
  const reached = server.hits.slice(hitsBeforeOffline).map((h) => h.path);
  check("offline: nothing reached the server", reached.length === 0, list(reached));
  console.log(`        (network attempts that failed offline, as they should: ${problems.length - problemsBefore})`);
  check("offline reload: no console errors", consoleErrors.length === 0, list(consoleErrors));

  // A new tab opened on index.html while offline gets the same cached page.
  const tab = await context.newPage();
  let tabOk = "";
  try {
    const r = await tab.goto(`${pageUrl}index.html`, { waitUntil: "load", timeout: TIMEOUT });
    const m = await waitLoaded(tab);
    tabOk = r?.ok() && m.length === 0 ? "ok" : `status ${r?.status()}; ${m.join("; ")}`;
  } catch (e) {
    tabOk = e.message.split("\n")[0];
  }
  check("offline: a new tab on …/index.html opens the app from the cache", tabOk === "ok", tabOk);
  await tab.close();

  // ---- back online: redeploys reach the cache ---------------------------------------------
  server.dark = false;
  await context.setOffline(false);
  await redeploys(page, pageUrl, buildParam);
  await context.close();
}

// Lists the caches of the page's origin: { name: [url, ...] }.
const cacheListing = (page) =>
  page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    return out;
  });

// The cached body of `url`, or null.
const cachedText = (page, url) =>
  page.evaluate(async (u) => (await (await caches.match(u, { ignoreVary: true }))?.text()) ?? null, url);

// Serves changed copies of dist/ and reloads: a fixed-name file changed in place (same build) is
// refreshed in the cache by the next online visit (network first), and a new build (a new
// trunk hash in the page) installs a new worker whose cache replaces the old build's.
async function redeploys(page, pageUrl, oldBuild) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "huntbench-redeploy-"));
  try {
    console.log("e2e: back online; worker.js changed in place, then a new build");
    const same = path.join(tmp, "same-build");
    fs.cpSync(dist, same, { recursive: true });
    const marker = `\n// redeployed ${Date.now()}\n`;
    fs.appendFileSync(path.join(same, "worker.js"), marker);
    server.root = same;
    await page.reload({ waitUntil: "load" });
    const missing = await waitLoaded(page);
    let refreshed = false;
    for (let i = 0; i < 50 && !refreshed; i++) {
      refreshed = ((await cachedText(page, `${pageUrl}worker.js`)) ?? "").endsWith(marker);
      if (!refreshed) await page.waitForTimeout(100);
    }
    check(
      "online again, same build: the reload refreshed the cached worker.js (network first)",
      missing.length === 0 && refreshed,
      missing.join("; ") || "the cache still holds the old worker.js",
    );

    // A new build: the style sheet gets another trunk hash, so the page and its build id change.
    const next = path.join(tmp, "new-build");
    fs.cpSync(same, next, { recursive: true });
    const indexFile = path.join(next, "index.html");
    let html = fs.readFileSync(indexFile, "utf8");
    const oldStyle = /style-([0-9a-f]{1,16})\.css/.exec(html); // trunk writes u64 hashes unpadded
    if (!oldStyle) {
      check("the build has a hashed style sheet to rename", false, "no style-<hash>.css in index.html");
      return;
    }
    const newHash = [...oldStyle[1]].reverse().join("") === oldStyle[1] ? "0123456789abcdef" : [...oldStyle[1]].reverse().join("");
    const newStyle = `style-${newHash}.css`;
    fs.renameSync(path.join(next, oldStyle[0]), path.join(next, newStyle));
    fs.writeFileSync(indexFile, html.replaceAll(oldStyle[0], newStyle));
    server.root = next;
    await page.reload({ waitUntil: "load" });
    const missingNew = await waitLoaded(page);
    let sw = null;
    try {
      await page.waitForFunction(
        (h) => navigator.serviceWorker.controller?.scriptURL.includes(h) && document.documentElement.dataset.offline === "ready",
        newHash,
        { timeout: TIMEOUT },
      );
      sw = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
    } catch (e) {
      sw = `${e.message.split("\n")[0]} (controller ${await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)})`;
    }
    const newBuild = oldBuild.split(".").map((h) => (h === oldStyle[1] ? newHash : h)).sort().join(".");
    check(
      "new build: the app starts and the new build's service worker takes over",
      missingNew.length === 0 && sw === `${pageUrl}sw.js?build=${newBuild}`,
      `${missingNew.join("; ")} controller: ${sw}`,
    );
    const listing = await cacheListing(page);
    const names = Object.keys(listing);
    const urls = listing[`huntbench ${pageUrl} ${newBuild}`] ?? [];
    check(
      "new build: only the new build's cache is left, with the new style sheet and not the old",
      names.length === 1 && urls.includes(pageUrl + newStyle) && !urls.includes(pageUrl + oldStyle[0]),
      JSON.stringify(listing, null, 1),
    );
  } finally {
    server.root = dist;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Plain http on a name other than localhost: no service worker; the page must not notice.
async function insecureContext(browser, url) {
  console.log(`e2e: ${url} (not a secure context)`);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  const response = await page.goto(url, { waitUntil: "load" }).catch(() => null);
  const missing = await waitLoaded(page);
  const state = await page.evaluate(() => [window.isSecureContext, document.documentElement.dataset.offline]).catch(() => []);
  check(
    "not a secure context: the app still mounts and its worker answers",
    response?.ok() === true && missing.length === 0 && state[0] === false,
    `status ${response?.status()}, secure context ${state[0]}; ${missing.join("; ")}`,
  );
  check('not a secure context: <html data-offline="unavailable">', state[1] === "unavailable", `data-offline="${state[1]}"`);
  check("not a secure context: no console errors", errors.length === 0, list(errors));
  await context.close();
}

try {
  await main();
} catch (e) {
  check("e2e run completed", false, e.stack ?? String(e));
} finally {
  httpServer.close();
  httpServer.closeAllConnections?.();
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
