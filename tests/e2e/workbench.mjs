// End-to-end test of the workbench itself, in headless Chromium, against the native CLI.
//
// Serves dist/ under a sub-path and drives the page the way an analyst does: the empty state,
// "Load sample data", real exports picked and dropped, the parameters, the timeline, the table,
// the exports, and a large generated export read with progress and then cancelled. Every number
// the page shows is compared with `huntbench` over the same bytes (`hunt --format json`,
// `inspect --json`), run through cargo (release profile: the big export takes seconds in debug).
//
// Every request is recorded (context and page level, deduplicated; the server logs what reaches
// it too). The page has LOADED when the footer says "Engine worker: ready" and, when boot.js
// registers a service worker (it sets <html data-offline>), that worker has settled: it
// controls the page (data-offline="ready") or is unavailable. Any request to another origin
// fails, as does any request after the loaded point: drops, the sample, exports and hovering
// must cause none. Cancelling replaces the engine worker, which loads its own three files again:
// exactly those, once each, are allowed after a cancel.
//
//   node tests/e2e/workbench.mjs [path/to/dist]     (bash scripts/dev.sh test runs it)
//
// Env: HUNTBENCH_E2E_BIG_EVENTS (SecurityEvent rows of the big export, default 200000, about
// 55 MB), CHROMIUM (default /usr/bin/chromium), E2E_TIMEOUT_MS (whole run, default 240000).
// Screenshots: tests/e2e/screenshots/{empty,loaded,near-miss}.png.
// Prints one line per check, `e2e: N passed, N failed` last, and exits non-zero on any failure.

import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const dist = path.resolve(process.argv[2] ?? path.join(root, "dist"));
const shots = path.join(here, "screenshots");
const SUB = "/e2e/workbench/sub/path/";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const BIG_EVENTS = Number(process.env.HUNTBENCH_E2E_BIG_EVENTS ?? 200000);
const RUN_TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 240_000);
const T = 30_000; // one wait
const SAMPLE = ["SecurityAlert.csv", "SecurityEvent.json"].map((f) => path.join(root, "www", "sample", f));
const REALDATA = path.resolve(root, "..", "shared", "realdata");
const REAL_CSV = path.join(REALDATA, "azure-sentinel", "Microsoft_Security Events_Authentication_IngestedLogs.csv");
const REAL_JSON = path.join(REALDATA, "msticpy", "az_mon_raw_query.json");
const WORKER_FILES = ["worker_loader.js", "worker.js", "worker_bg.wasm"];
// `Precision::label` (src/ingest/report.rs): how the page prints what `inspect --json` names.
const PRECISION_LABEL = { Seconds: "seconds", Milliseconds: "milliseconds", Microseconds: "microseconds", Ticks: "ticks (100 ns)" };

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
  return ok;
}
const list = (xs) => xs.join("\n") || "(none)";
const show = (v) => JSON.stringify(v);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
function section(title) {
  console.log(`e2e: ${title} (${elapsed()})`);
}

// ---- the CLI over the same bytes ----------------------------------------------------------
function huntbench(...args) {
  const r = spawnSync("cargo", ["run", "--release", "--quiet", "--bin", "huntbench", "--", ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (r.error || (r.status !== 0 && r.status !== 1) || (args[0] !== "gen" && r.stdout === "")) {
    throw new Error(`huntbench ${args.join(" ")}: exit ${r.status} ${r.error ?? ""}\n${r.stderr}`);
  }
  return r;
}
const cliHunt = (files, ...opts) => {
  const r = huntbench("hunt", "--format", "json", ...opts, ...files);
  return { text: r.stdout, rows: JSON.parse(r.stdout), stderr: r.stderr };
};
const cliInspect = (files) => JSON.parse(huntbench("inspect", "--json", ...files).stdout);

// ---- static server: dist/ under SUB only ----------------------------------------------------
const hits = []; // { path, at }
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  hits.push({ path: url.pathname + url.search, at: Date.now() });
  if (!url.pathname.startsWith(SUB)) {
    res.writeHead(404).end("outside the sub-path");
    return;
  }
  const rel = decodeURIComponent(url.pathname.slice(SUB.length)) || "index.html";
  const file = path.resolve(dist, rel);
  if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, {
    "content-type": MIME[path.extname(file)] ?? "application/octet-stream",
    "cache-control": "no-store",
  });
  fs.createReadStream(file).pipe(res);
});

// ---- requests ------------------------------------------------------------------------------
// Context-level events include the page's workers and any service worker; page-level ones are
// recorded too, deduplicated by Request object.
function recorder(context, page) {
  const seen = new Set();
  const requests = [];
  const problems = [];
  const add = (r) => {
    if (seen.has(r)) return;
    seen.add(r);
    requests.push({ url: r.url(), method: r.method(), from: r.serviceWorker() ? "service worker" : "page" });
  };
  context.on("request", add);
  page.on("request", add);
  context.on("requestfailed", (r) => problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
  context.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { requests, problems };
}
const describe = (r) => `${r.method} ${r.url} (${r.from})`;

// Waits for the loaded point: the engine worker answered and any service worker has settled.
// Returns the path of the controlling service worker's script, or null.
async function waitLoaded(page, label) {
  await page.getByText(/^Engine worker: ready \(huntbench \d+\.\d+\.\d+/).waitFor({ timeout: T });
  await page.waitForFunction(
    () => {
      const state = document.documentElement.dataset.offline;
      if (state === undefined || state === "unavailable") return true; // no service worker
      return state === "ready" && navigator.serviceWorker?.controller != null;
    },
    null,
    { timeout: T },
  );
  const sw = await page.evaluate(() => ({
    offline: document.documentElement.dataset.offline ?? "(not set: no service worker in this build)",
    controller: navigator.serviceWorker?.controller?.scriptURL ?? null,
  }));
  console.log(`        ${label}: loaded (data-offline: ${sw.offline}${sw.controller ? `, controlled by ${sw.controller}` : ""})`);
  return sw.controller ? new URL(sw.controller).pathname + new URL(sw.controller).search : null;
}

// ---- page helpers ---------------------------------------------------------------------------
const text = async (locator) => ((await locator.textContent({ timeout: T })) ?? "").trim();
const resultCount = async (page) => Number(await text(page.locator(".result-count")));
const card = (page, name, nth = 0) => page.locator(`.file-card[data-file-name="${name}"]`).nth(nth);

// What a card shows for each report it holds.
async function cardReports(cardLocator) {
  return cardLocator.locator(".report").evaluateAll((reports) =>
    reports.map((r) => {
      const t = (sel) => r.querySelector(sel)?.textContent.trim() ?? null;
      return {
        name: r.dataset.reportName,
        format: t(".file-format"),
        table: t(".file-table"),
        rows_read: Number(t(".rows-read")),
        rows_loaded: Number(t(".rows-loaded")),
        rows_skipped: Number(t(".rows-skipped")),
        precision: t(".file-precision"),
        warnings: [...r.querySelectorAll(".warning")].map((w) => w.textContent),
        error: t(".error"),
      };
    }),
  );
}

// The same facts from `inspect --json`, as the page prints them.
function expectedReport(rep) {
  return {
    name: path.basename(rep.name),
    format: rep.format,
    table: rep.table ?? "—",
    rows_read: rep.rows_read,
    rows_loaded: rep.rows_loaded,
    rows_skipped: rep.rows_skipped,
    precision: rep.precision ? PRECISION_LABEL[rep.precision] : "—",
    warnings: rep.warnings,
    error: rep.error,
  };
}

// Checks a card's reports (one per file it read) against `inspect --json` over the same files.
async function checkCard(cardLocator, reps, label) {
  await cardLocator.locator(".rows-loaded").first().waitFor({ timeout: T });
  const got = await cardReports(cardLocator);
  const want = reps.map(expectedReport);
  const name = await cardLocator.getAttribute("data-file-name");
  const facts = reps.map((r) => `${path.basename(r.name)}: ${r.format}, ${r.table}, ${r.rows_read} read, ${r.rows_loaded} loaded, ` +
    `${r.rows_skipped} skipped, ${PRECISION_LABEL[r.precision]}, ${r.warnings.length} warning(s)`);
  check(`${label}: card "${name}" = inspect --json (${facts.join("; ")})`, isDeepStrictEqual(got, want),
    `page: ${show(got)}\ncli:  ${show(want)}`);
}

async function waitCount(page, n, timeout = T) {
  try {
    await page.waitForFunction((n) => document.querySelector(".result-count")?.textContent.trim() === String(n), n, { timeout });
  } catch {}
  return resultCount(page).catch(() => NaN);
}

// Collects the timeline by scrolling its lanes through view (only lanes in view are drawn).
async function collectTimeline(page) {
  return page.evaluate(async () => {
    const box = document.querySelector(".timeline-scroll");
    const frames = (n) => new Promise((r) => { const f = () => (n-- <= 0 ? r() : requestAnimationFrame(f)); f(); });
    const lanes = new Map();
    const groups = new Set();
    const before = box.scrollTop;
    for (let top = 0; ; top += 150) {
      box.scrollTop = top;
      await frames(3);
      for (const lane of box.querySelectorAll(".tl-lane")) {
        const host = lane.dataset.host;
        if (lanes.has(host)) continue;
        lanes.set(host, {
          host,
          marks: [...lane.querySelectorAll("rect.tl-mark")].map((m) => ({
            matched: m.classList.contains("tl-match"),
            missed: m.classList.contains("tl-miss"),
            reason: m.getAttribute("data-reason"),
            group: m.getAttribute("data-group"),
            x: m.getAttribute("x"),
            time: m.getAttribute("data-time") ?? "",
          })),
          bins: lane.querySelectorAll(".tl-bin").length,
        });
        for (const g of lane.querySelectorAll(".tl-group")) groups.add(g.dataset.group);
      }
      if (top >= box.scrollHeight - box.clientHeight) break;
    }
    box.scrollTop = before;
    await frames(3);
    return { lanes: [...lanes.values()], groups: [...groups], label: document.querySelector(".timeline-bar .muted")?.textContent ?? "" };
  });
}

// Scrolls the timeline until `selector` is drawn; returns its locator or null.
async function revealInTimeline(page, selector) {
  const box = page.locator(".timeline-scroll");
  const max = await box.evaluate((b) => b.scrollHeight - b.clientHeight);
  for (let top = 0; top <= max + 150; top += 150) {
    await box.evaluate((b, top) => { b.scrollTop = top; }, top);
    await page.waitForTimeout(50);
    const loc = page.locator(selector).first();
    if ((await loc.count()) > 0) return loc;
  }
  return null;
}

async function downloadText(page, selector) {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: T }), page.click(selector)]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, "utf8") };
}

// Drops files on the page the way a browser does: a DataTransfer built in the page from the
// files' bytes, dragover then drop on an element, bubbling to the window's listeners.
async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: path.basename(f), b64: fs.readFileSync(f).toString("base64") }));
  return page.evaluate((payload) => {
    const dt = new DataTransfer();
    for (const { name, b64 } of payload) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], name));
    }
    const target = document.querySelector(".drop-zone");
    const over = new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true });
    target.dispatchEvent(over);
    const drop = new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true });
    target.dispatchEvent(drop);
    return { overPrevented: over.defaultPrevented, dropPrevented: drop.defaultPrevented };
  }, payload);
}

// ---- the run ---------------------------------------------------------------------------------
async function main() {
  if (!fs.existsSync(path.join(dist, "index.html"))) {
    check(`dist/ has an index.html (${dist})`, false, "run `trunk build --release` first");
    return;
  }
  section("the CLI over the sample");
  const sample = cliHunt(SAMPLE);
  const sample30 = cliHunt(SAMPLE, "--window", "30m");
  const sampleReports = cliInspect(SAMPLE);
  const answerKey = JSON.parse(fs.readFileSync(path.join(root, "www", "sample", "answer-key.json"), "utf8"));
  check(`CLI: the sample gives the answer key's ${answerKey.expected_rows.length} rows`, isDeepStrictEqual(sample.rows, answerKey.expected_rows));

  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
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
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, colorScheme: "light" });
    const page = await context.newPage();
    const { requests, problems } = recorder(context, page);
    const consoleErrors = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
    // The loaded point of the current page: requests and server hits recorded until then.
    let mark = { requests: 0, hits: 0, at: 0, sw: null };
    const markLoaded = (sw) => (mark = { requests: requests.length, hits: hits.length, at: Date.now(), sw });
    // When a service worker controls the page, Chromium checks its script for an update a second
    // or two after a navigation or a worker script went through it (the spec's "soft update" for
    // non-subresource requests): after the reload and after a cancel's fresh worker, not after the
    // first visit. That GET of the registered script is the browser's, not the page's: no page,
    // worker or service worker request event, only the server sees it. It is the one server hit
    // allowed after the loaded point, and is printed as a note.
    const updateChecks = (from) => hits.slice(from).filter((h) => mark.sw !== null && h.path === mark.sw &&
      !requests.slice(mark.requests).some((r) => r.url.endsWith(h.path)));
    const noteUpdateChecks = (from) => {
      for (const h of updateChecks(from)) {
        console.log(`        note: the server saw GET ${h.path} at loaded + ${h.at - mark.at} ms: Chromium's update check of the controlling service worker, not a request of the page`);
      }
    };
    let noted = 0;
    const quiet = (label) => {
      const late = requests.slice(mark.requests);
      const checks = updateChecks(mark.hits);
      const lateHits = hits.slice(mark.hits).filter((h) => !checks.includes(h));
      check(`${label}: no request after the page loaded (${mark.requests} before)`, late.length === 0 && lateHits.length === 0,
        list([...late.map(describe), ...lateHits.map((h) => `server: ${h.path} at loaded + ${h.at - mark.at} ms`)]));
      noteUpdateChecks(Math.max(mark.hits, noted));
      noted = hits.length;
    };

    // ---- 1, 2. load, empty state ---------------------------------------------------------------
    section(`empty state: ${pageUrl}`);
    const response = await page.goto(pageUrl, { waitUntil: "load" });
    check(`page loads under ${SUB}`, response?.ok() === true, `status ${response?.status()}`);
    markLoaded(await waitLoaded(page, "first visit"));
    check('footer: "Engine worker: ready"', /^Engine worker: ready/.test(await text(page.locator(".worker-status"))));
    const sampleButton = page.locator("button.load-sample");
    check('empty state: a "Load sample data" button', (await sampleButton.isVisible()) && (await text(sampleButton)) === "Load sample data");
    const empty = page.locator(".empty-state");
    const emptyText = (await empty.isVisible()) ? await text(empty) : "";
    check("empty state: the explanation (what to drop, what the hunt looks for, the sample)",
      emptyText.startsWith("Drop Sentinel exports to run the hunt") && /SecurityAlert/.test(emptyText) &&
        /SecurityEvent/.test(emptyText) && /within 15 minutes/.test(emptyText) && /Load sample data/.test(emptyText),
      emptyText);
    check("empty state: no results, timeline or file cards yet",
      (await page.locator(".results, .timeline, .file-card").count()) === 0);
    await page.screenshot({ path: path.join(shots, "empty.png"), fullPage: true });

    // ---- 3. the sample -------------------------------------------------------------------------
    section("the sample against the CLI");
    await sampleButton.click();
    const got = await waitCount(page, sample.rows.length);
    check(`.result-count = the CLI's rows (${sample.rows.length})`, got === sample.rows.length, `page: ${got}`);
    const sampleCards = page.locator(".file-card");
    check(`the sample is one card ("${await sampleCards.first().getAttribute("data-file-name")}")`, (await sampleCards.count()) === 1);
    await checkCard(sampleCards.first(), sampleReports, "sample");

    const exported = await downloadText(page, ".export-json");
    let exportedRows = null;
    try { exportedRows = JSON.parse(exported.text); } catch {}
    check(`Export JSON (${exported.name}) parses to the CLI's JSON`, isDeepStrictEqual(exportedRows, sample.rows));
    check("Export JSON is the CLI's text (modulo a trailing newline)",
      exported.text.replace(/\n$/, "") === sample.text.replace(/\n$/, ""),
      `page ${exported.text.length} chars, cli ${sample.text.length} chars`);
    const csv = await downloadText(page, ".export-csv");
    const cliCsv = huntbench("hunt", "--format", "csv", ...SAMPLE).stdout;
    check(`Export CSV (${csv.name}) is the CLI's --format csv (modulo a trailing newline)`,
      csv.text.replace(/\r?\n$/, "") === cliCsv.replace(/\r?\n$/, ""), `page:\n${csv.text.slice(0, 300)}\ncli:\n${cliCsv.slice(0, 300)}`);

    const tl = await collectTimeline(page);
    const stats = /([0-9]+) alert group\(s\) from [0-9]+ matching alert\(s\), [0-9]+ logon\(s\) of type \[[^\]]*\], ([0-9]+) result row\(s\)/.exec(sample.stderr);
    check(`timeline: "${tl.label}" = the CLI's ${stats?.[1]} groups and ${stats?.[2]} rows, ${tl.lanes.length} lanes drawn`,
      stats !== null && tl.label === `${tl.lanes.length} hosts, ${stats[1]} alert groups, ${stats[2]} result rows` && tl.groups.length === Number(stats[1]),
      `${tl.groups.length} groups drawn; CLI: ${sample.stderr}`);
    const marks = tl.lanes.flatMap((l) => l.marks.map((m) => ({ ...m, host: l.host })));
    check("timeline: no binned marks at this size", tl.lanes.every((l) => l.bins === 0));
    // view::results draws one mark per joined row, in the lane of the row's alert group: two
    // groups on one host whose windows hold the same logon draw it twice, at the same x.
    const matches = marks.filter((m) => m.matched);
    const distinct = (xs) => new Set(xs).size;
    const rowKeys = sample.rows.map((r) => `${r.CompromisedEntity}\t${r.Interactivelogontime}`);
    const cliLogons = distinct(rowKeys);
    const markKeys = matches.map((m) => `${m.host}\t${m.time}`);
    const twice = [...new Set(rowKeys.filter((k, i) => rowKeys.indexOf(k) !== i))].map((k) => k.replace("\t", " "));
    check(`timeline: .tl-match marks = the CLI's rows, one per joined row (${matches.length} = ${sample.rows.length}), so ${cliLogons} distinct logons` +
      `${twice.length ? `, ${twice.join(", ")} drawn once per group that joined it` : ""}`,
      matches.length === sample.rows.length && isDeepStrictEqual([...markKeys].sort(), [...rowKeys].sort()), list(markKeys));
    const pageLogons = new Set(matches.map((m) => `${m.host}\t${m.time}`));
    check(`timeline: distinct (host, logon time) of the marks = the CLI rows' distinct (CompromisedEntity, Interactivelogontime) (${pageLogons.size} = ${cliLogons})`,
      isDeepStrictEqual(pageLogons, new Set(sample.rows.map((r) => `${r.CompromisedEntity}\t${r.Interactivelogontime}`))),
      list([...pageLogons]));
    check(`timeline: distinct mark positions (host, x) = distinct logons (${distinct(matches.map((m) => `${m.host}\t${m.x}`))} = ${cliLogons})`,
      distinct(matches.map((m) => `${m.host}\t${m.x}`)) === cliLogons);
    const misses = marks.filter((m) => m.missed);
    check(`timeline: every .tl-miss (${misses.length}) has a data-reason`, misses.length > 0 && misses.every((m) => m.reason && m.reason.trim() !== ""),
      list(misses.filter((m) => !m.reason).map(show)));
    check("timeline: joined marks have no reason", matches.every((m) => m.reason === ""));
    // The answer key's near misses that have an alert group to stand beside.
    const KINDS = {
      "after-window": /^\+[0-9.]+ min: after the 15m window$/,
      "before-alert": /^before the alert \(−[0-9.]+ min\)$/,
      "logon-type": /^LogonType 7, not 10$/,
      "failed-logon": /^event 4625, not 4624$/,
      "host-spelling": /^host spelled differently: /,
    };
    for (const [kind, re] of Object.entries(KINDS)) {
      const planted = answerKey.near_misses.filter((n) => n.reason === kind);
      const found = planted.filter((n) => misses.some((m) =>
        m.host.toLowerCase() === n.alert_entity.toLowerCase() && m.time === n.logon_time && re.test(m.reason)));
      check(`timeline: near miss "${kind}" drawn on its host at its time with its reason (${found.length}/${planted.length})`,
        planted.length > 0 && found.length === planted.length,
        list(misses.map((m) => `${m.host} ${m.time} ${m.reason}`)));
    }
    await page.screenshot({ path: path.join(shots, "loaded.png"), fullPage: true });

    const planted = answerKey.near_misses.find((n) => n.reason === "after-window");
    const target = await revealInTimeline(page, `.tl-lane[data-host="${planted.alert_entity.toUpperCase()}"] rect.tl-miss, .tl-lane[data-host="${planted.alert_entity}"] rect.tl-miss`);
    let tip = "";
    let reason = "";
    if (target) {
      reason = (await target.getAttribute("data-reason")) ?? "";
      // A 3 px rect in a scrolled SVG that redraws as it scrolls: scroll it into view, let the
      // lanes redraw, then put the mouse on its centre (mouseover shows the tooltip).
      for (let attempt = 0; attempt < 3 && tip === ""; attempt++) {
        await target.scrollIntoViewIfNeeded().catch(() => {});
        await page.waitForTimeout(100);
        const box = await target.boundingBox();
        if (!box) continue;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 2 });
        try {
          await page.locator(".tl-tooltip").waitFor({ timeout: 3000 });
          tip = await text(page.locator(".tl-tooltip"));
        } catch {}
      }
      await page.screenshot({ path: path.join(shots, "near-miss.png") });
    }
    check(`hover a near miss: the tooltip says "Near miss: ${reason}"`, reason !== "" && tip.includes(`Near miss: ${reason}`), `tooltip: ${tip}`);
    await page.mouse.move(2, 2);

    // ---- 5. interactions -----------------------------------------------------------------------
    section("parameters, zoom, keys, entity chips");
    const windowInput = page.locator(".param-window");
    await windowInput.fill("30");
    await windowInput.dispatchEvent("change");
    const got30 = await waitCount(page, sample30.rows.length);
    check(`window 30 min: .result-count = CLI --window 30m (${sample30.rows.length})`, got30 === sample30.rows.length, `page: ${got30}`);
    const kql = await page.locator(".kql-text").textContent();
    check('window 30 min: the KQL says "+ 30m"', kql.includes("+ 30m"), kql);
    const exported30 = await downloadText(page, ".export-json");
    check("window 30 min: Export JSON = CLI --window 30m JSON", exported30.text.replace(/\n$/, "") === sample30.text.replace(/\n$/, ""));
    await windowInput.fill("15");
    await windowInput.dispatchEvent("change");
    const got15 = await waitCount(page, sample.rows.length);
    check(`window back to 15 min: ${sample.rows.length} rows again`, got15 === sample.rows.length, `page: ${got15}`);

    // Host normalisation: a badge in the masthead says it is on (not Kusto's behaviour), the
    // KQL shown joins on a HostKey, and the rows are the CLI's --normalize-hosts.
    const badge = page.locator(".masthead .badge", { hasText: "Host normalisation ON" });
    const kqlText = () => page.locator(".kql-text").textContent();
    const seedKql = await kqlText();
    check("normalisation off: no badge, and the KQL has no HostKey", (await badge.count()) === 0 && !seedKql.includes("HostKey"), seedKql);
    const normalized = cliHunt(SAMPLE, "--normalize-hosts");
    const toggle = page.locator(".params .toggle input[type=checkbox]");
    await toggle.check();
    const badgeShown = await badge.waitFor({ timeout: T }).then(() => true, () => false);
    const gotNormalized = await waitCount(page, normalized.rows.length);
    const hostKey = await page.waitForFunction(() => document.querySelector(".kql-text")?.textContent.includes("HostKey"), null, { timeout: T })
      .then(() => true, () => false);
    check(`normalisation on: the masthead shows "Host normalisation ON"`, badgeShown);
    check("normalisation on: the KQL shown joins on HostKey", hostKey, await kqlText());
    check(`normalisation on: .result-count = CLI --normalize-hosts (${normalized.rows.length}, against ${sample.rows.length} without)`,
      gotNormalized === normalized.rows.length && normalized.rows.length !== sample.rows.length, `page: ${gotNormalized}`);
    await toggle.uncheck();
    const badgeGone = await badge.waitFor({ state: "detached", timeout: T }).then(() => true, () => false);
    const gotBack = await waitCount(page, sample.rows.length);
    const seedBack = await page.waitForFunction((seed) => document.querySelector(".kql-text")?.textContent === seed, seedKql, { timeout: T })
      .then(() => true, () => false);
    check(`normalisation off again: no badge, the seed's KQL, ${sample.rows.length} rows`, badgeGone && seedBack && gotBack === sample.rows.length,
      `page: ${gotBack}\n${await kqlText()}`);

    const labels = () => page.locator(".tl-tick-label").allTextContents();
    const fitLabels = await labels();
    await page.click(".zoom-in");
    await page.click(".zoom-in");
    await page.click(".zoom-in");
    await page.waitForTimeout(100);
    const inLabels = await labels();
    check("zoom in: the axis labels change", !isDeepStrictEqual(inLabels, fitLabels), `fit: ${show(fitLabels)}\nin:  ${show(inLabels)}`);
    await page.click(".zoom-out");
    await page.click(".zoom-out");
    await page.click(".zoom-out");
    await page.click(".zoom-out");
    await page.click(".zoom-out");
    await page.waitForTimeout(100);
    const outLabels = await labels();
    check("zoom out: the axis labels change", !isDeepStrictEqual(outLabels, inLabels) && !isDeepStrictEqual(outLabels, fitLabels), `out: ${show(outLabels)}`);
    await page.click(".zoom-fit");
    await page.waitForTimeout(100);
    check("fit: the axis labels are back", isDeepStrictEqual(await labels(), fitLabels));

    // ArrowRight walks the groups in order; the table selects the rows of the selected group.
    await page.locator(".timeline-scroll").focus();
    const groupCount = Number(stats?.[1] ?? 0);
    const walk = [];
    for (let g = 0; g < groupCount; g++) {
      await page.keyboard.press("ArrowRight");
      await page.waitForFunction((g) => document.querySelector(".tl-group.selected")?.dataset.group === String(g), g, { timeout: 5000 }).catch(() => {});
      walk.push(await page.evaluate(() => ({
        groups: [...document.querySelectorAll(".tl-group.selected")].map((e) => e.dataset.group),
        selectedRows: [...document.querySelectorAll(".result-row.selected")].map((e) => e.dataset.group),
        all: [...document.querySelectorAll(".result-row")].map((e) => e.dataset.group),
      })));
    }
    const walkOk = walk.every((w, g) => isDeepStrictEqual(w.groups, [String(g)]));
    check(`ArrowRight in .timeline-scroll selects groups 0..${groupCount - 1} in turn (one .tl-group.selected)`, groupCount > 0 && walkOk,
      list(walk.map((w, g) => `${g}: ${show(w.groups)}`)));
    const rowsOk = walk.every((w, g) => isDeepStrictEqual(w.selectedRows, w.all.filter((x) => x === String(g))));
    const selectedTotal = walk.reduce((n, w) => n + w.selectedRows.length, 0);
    check(`the table selects exactly the rows of the selected group (${selectedTotal} row selections over the walk = ${sample.rows.length} rows)`,
      rowsOk && selectedTotal === sample.rows.length, list(walk.map((w, g) => `${g}: ${show(w.selectedRows)}`)));
    await page.keyboard.press("Escape");
    await page.waitForTimeout(50);
    check("Escape clears the selection", (await page.locator(".tl-group.selected, .result-row.selected").count()) === 0);

    const chip = page.locator(".result-row .entity-chip.chip-account").first();
    const chipValue = await text(chip);
    await chip.click();
    const needle = chipValue.toLowerCase();
    const wantFiltered = sample.rows.filter((r) => Object.values(r).some((v) => v.toLowerCase().includes(needle))).length;
    const filtered = await waitCount(page, wantFiltered);
    const shown = await page.locator(".result-row [data-col=AccountCustomEntity]").allTextContents();
    check(`entity chip "${chipValue}": the table shows its ${wantFiltered} of ${sample.rows.length} rows`,
      filtered === wantFiltered && wantFiltered < sample.rows.length && shown.length === wantFiltered && shown.every((a) => a === chipValue) &&
        (await page.locator(".filter").inputValue()) === chipValue,
      `page: ${filtered}, rows: ${show(shown)}`);
    await page.getByRole("button", { name: "Clear filter" }).click();
    check("clear filter: every row back", (await waitCount(page, sample.rows.length)) === sample.rows.length);
    quiet("sample, exports, hover, parameters, zoom, keys, chips");

    // ---- 4. real exports -----------------------------------------------------------------------
    let bigPrefix = [];
    if (!fs.existsSync(REAL_CSV) || !fs.existsSync(REAL_JSON)) {
      check(`../shared/realdata is missing (looked at ${REALDATA}): the real-export checks need it`, false);
    } else {
      section("real exports: picked and dropped");
      const real = cliHunt([REAL_CSV, REAL_JSON]);
      const realReports = cliInspect([REAL_CSV, REAL_JSON]);
      await page.reload({ waitUntil: "load" });
      markLoaded(await waitLoaded(page, "reload"));
      check("reload: empty again", (await page.locator(".file-card").count()) === 0);
      await page.locator("#file-input").setInputFiles(REAL_CSV);
      await card(page, path.basename(REAL_CSV)).locator(".rows-loaded").waitFor({ timeout: T });
      const dropped = await dropFiles(page, [REAL_JSON]);
      check("drop: dragover and drop are taken by the page (preventDefault: the browser does not open the file)",
        dropped.overPrevented && dropped.dropPrevented, show(dropped));
      await checkCard(card(page, path.basename(REAL_CSV)), [realReports[0]], "picked (#file-input)");
      await checkCard(card(page, path.basename(REAL_JSON)), [realReports[1]], "dropped (DataTransfer)");
      await page.locator(".result-count").waitFor({ timeout: T });
      const realCount = await waitCount(page, real.rows.length);
      check(`real exports: ${real.rows.length} rows, as the CLI says`, real.rows.length === 0 && realCount === 0, `page: ${realCount}, cli: ${real.rows.length}`);
      check("real exports: the table says why there are no rows", (await page.locator(".no-rows").count()) === 1);
      quiet("real exports");
      bigPrefix = [REAL_CSV, REAL_JSON];
    }

    // ---- 6. progress, responsiveness, cancel -----------------------------------------------------
    section(`a big portal CSV (${BIG_EVENTS} events): progress, responsiveness, cancel`);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "huntbench-e2e-"));
    try {
      huntbench("gen", "--seed", "7", "--alerts", "2000", "--events", String(BIG_EVENTS), "--format", "portal-csv", "--out", tmp);
      const bigAlerts = path.join(tmp, "big-alerts.csv");
      const bigEvents = path.join(tmp, "big-events.csv");
      fs.renameSync(path.join(tmp, "SecurityAlert.csv"), bigAlerts);
      fs.renameSync(path.join(tmp, "SecurityEvent.csv"), bigEvents);
      const bigFiles = [...bigPrefix, bigAlerts, bigEvents];
      const big = cliHunt(bigFiles);
      const bigReports = cliInspect([bigAlerts, bigEvents]);
      const size = fs.statSync(bigEvents).size;
      console.log(`        generated ${(size / 1e6).toFixed(1)} MB of events; the CLI finds ${big.rows.length} rows over ${bigFiles.map((f) => path.basename(f)).join(", ")}`);
      if (bigPrefix.length === 0) {
        await page.reload({ waitUntil: "load" });
        markLoaded(await waitLoaded(page, "reload"));
      }

      await page.locator("#file-input").setInputFiles(bigAlerts);
      await checkCard(card(page, "big-alerts.csv"), [bigReports[0]], "big");
      // The longest gap between animation frames on the main thread while the worker reads.
      await page.evaluate(() => {
        const m = (window.__frames = { max: 0, count: 0, last: performance.now(), run: true });
        const tick = (t) => {
          m.max = Math.max(m.max, t - m.last);
          m.last = t;
          m.count++;
          if (m.run) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const started = Date.now();
      await page.locator("#file-input").setInputFiles(bigEvents);
      let sawProgress = false;
      try {
        await card(page, "big-events.csv").locator("progress").waitFor({ timeout: T });
        sawProgress = true;
      } catch {}
      const progressText = sawProgress ? await text(card(page, "big-events.csv").locator("p.muted")).catch(() => "") : "";
      check(`big: a <progress> on its card while it is read (${progressText})`, sawProgress);
      check("big: a Cancel reading button while it is read", await page.locator("button.cancel").isVisible());
      const bigCount = await waitCount(page, big.rows.length, 120_000);
      await page.locator("button.cancel").waitFor({ state: "hidden", timeout: T }).catch(() => {});
      const readMs = Date.now() - started;
      await page.waitForTimeout(200); // a few frames after the results drew
      const frames = await page.evaluate(() => { window.__frames.run = false; return window.__frames; });
      // A read on the main thread would freeze it for about the whole read; a loaded machine
      // (CI beside other jobs) stretches every frame. So the bound is 250 ms or a quarter of
      // the read, whichever is larger.
      const bound = Math.max(250, readMs / 4);
      check(`big: read in ${(readMs / 1000).toFixed(1)} s; main thread responsive: longest frame gap ${frames.max.toFixed(0)} ms < ${bound.toFixed(0)} ms (${frames.count} frames)`,
        frames.max < bound && frames.count > 10);
      await checkCard(card(page, "big-events.csv"), [bigReports[1]], "big");
      check(`big: .result-count = the CLI's rows over the same ${bigFiles.length} files (${big.rows.length})`, bigCount === big.rows.length, `page: ${bigCount}`);
      const bigExport = await downloadText(page, ".export-json");
      check("big: Export JSON is the CLI's text (modulo a trailing newline)", bigExport.text.replace(/\n$/, "") === big.text.replace(/\n$/, ""),
        `page ${bigExport.text.length} chars, cli ${big.text.length} chars`);
      quiet("big export read, exported");

      // Again, and cancel while it reads. A log of what the page shows, from just before the click.
      const beforeCancel = requests.length;
      const hitsBeforeCancel = hits.length;
      await page.locator("#file-input").setInputFiles(bigEvents);
      const first = card(page, "big-events.csv", 0);
      const second = card(page, "big-events.csv", 1);
      let cancelled = false;
      try {
        await second.locator("progress").waitFor({ timeout: T });
        await page.evaluate(() => {
          const log = (window.__cancelLog = []);
          const snap = () => {
            const cards = document.querySelectorAll('.file-card[data-file-name="big-events.csv"]');
            const s = {
              count: document.querySelector(".result-count")?.textContent.trim() ?? null,
              footer: document.querySelector(".worker-status")?.textContent.trim() ?? null,
              replaying: cards[0]?.querySelector("progress") != null,
            };
            const last = log[log.length - 1];
            if (!last || last.count !== s.count || last.footer !== s.footer || last.replaying !== s.replaying) log.push(s);
          };
          snap();
          new MutationObserver(snap).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        });
        await page.locator("button.cancel").click({ timeout: 5000 });
        cancelled = true;
      } catch (e) {
        check("cancel: clicked Cancel reading while the second copy was read", false, e.message.split("\n")[0]);
      }
      if (cancelled) {
        const status = await text(second.locator("p").last()).catch(() => "");
        check(`cancel: the card says "Cancelled" ("${status}")`, /^Cancelled/.test(status));
        // Done when the first copy has been read again (its progress came and went), nothing is
        // being read, and the count is the CLI's.
        let settled = true;
        try {
          await page.waitForFunction((n) => {
            const log = window.__cancelLog;
            return log.some((s) => s.replaying) && !document.querySelector('.file-card[data-file-name="big-events.csv"] progress') &&
              !document.querySelector("button.cancel:not([hidden])") && document.querySelector(".result-count")?.textContent.trim() === String(n) &&
              /^Engine worker: ready/.test(document.querySelector(".worker-status")?.textContent ?? "");
          }, big.rows.length, { timeout: 120_000 });
        } catch {
          settled = false;
        }
        const log = await page.evaluate(() => window.__cancelLog);
        const footers = log.map((s) => s.footer).filter((f, i, all) => i === 0 || f !== all[i - 1]);
        check(`cancel: the footer says the fresh worker is starting, then ready again (${footers.map(show).join(" → ")})`,
          footers.length >= 2 && /^Engine worker: starting/.test(footers[footers.length - 2]) && /^Engine worker: ready/.test(footers[footers.length - 1]) &&
            log.findIndex((s) => /starting/.test(s.footer)) > 0);
        const counts = log.map((s) => s.count);
        check(`cancel: the earlier files' results are back, replayed into a fresh worker (count ${counts.join(" → ")}; the first copy read again)`,
          settled && counts.includes("0") && counts[counts.length - 1] === String(big.rows.length) && log.some((s) => s.replaying),
          show(log));
        await checkCard(card(page, "big-alerts.csv"), [bigReports[0]], "after cancel");
        await checkCard(card(page, "big-events.csv"), [bigReports[1]], "after cancel");
        check("cancel: the second copy stays cancelled", /^Cancelled/.test(await text(second.locator("p").last())) && (await second.locator(".report").count()) === 0);
        check(`cancel: .result-count = the CLI's ${big.rows.length} rows`, (await resultCount(page)) === big.rows.length);
        // The fresh worker loads its own files: from the page and, when a service worker controls
        // it, once more by that worker (network first). Nothing else.
        await page.waitForTimeout(1500); // room for a late request to show up
        const after = requests.slice(beforeCancel);
        const wanted = WORKER_FILES.map((f) => `${pageUrl}${f}`).sort();
        const fromPage = after.filter((r) => r.from === "page").map((r) => r.url).sort();
        const fromSw = after.filter((r) => r.from === "service worker").map((r) => r.url).sort();
        const checks = updateChecks(hitsBeforeCancel);
        const served = hits.slice(hitsBeforeCancel).filter((h) => !checks.includes(h)).map((h) => h.path).sort();
        check(`cancel: the only requests are the fresh worker's own files (${WORKER_FILES.join(", ")}), once each${mark.sw ? ", through the service worker" : ""}`,
          isDeepStrictEqual(fromPage, wanted) && isDeepStrictEqual(fromSw, mark.sw ? wanted : []) &&
            isDeepStrictEqual(served, wanted.map((u) => u.slice(origin.length))),
          list([...after.map(describe), ...served.map((h) => `server: ${h}`)]));
        noteUpdateChecks(Math.max(hitsBeforeCancel, noted));
        noted = hits.length;
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }

    // ---- 1 again: origins, failures, console -----------------------------------------------------
    section("every request of the run");
    const foreign = requests.filter((r) => !r.url.startsWith(`${origin}/`));
    check(`no request to another origin (${requests.length} requests)`, foreign.length === 0, list(foreign.map(describe)));
    const outside = hits.filter((h) => !h.path.startsWith(SUB));
    check(`the server saw only paths under ${SUB} (${hits.length})`, outside.length === 0, list(outside.map((h) => h.path)));
    check("no failed requests", problems.length === 0, list(problems));
    check("no console errors (CSP violations land here)", consoleErrors.length === 0, list(consoleErrors));
    await context.close();
  } finally {
    await browser.close();
  }
}

const watchdog = setTimeout(() => {
  check(`the run finishes within ${RUN_TIMEOUT / 1000} s`, false);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(1);
}, RUN_TIMEOUT);
try {
  await main();
} catch (e) {
  check("e2e run completed", false, e.stack ?? String(e));
} finally {
  server.close();
  clearTimeout(watchdog);
}
console.log(`        (${elapsed()})`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
