// The benchmark of issue #5: Huntbench against the tools a user would pick instead, on the same
// generated files, in the browser and natively. bench/run.sh sets up, generates the data and
// calls this; see bench/README.md.
//
//   node bench/run.mjs --huntbench BIN --dist DIR [--no-results] [--reps N] [--big-reps N]
//                      [--big-events N] [--timeout S] [--tools ID,...] DATA_DIR...
//
// --tools runs only some of hb-wasm, duckdb-wasm, plainjs, hb-native, duckdb-native (to look
// into one; hb-native sets the others' timeouts).
//
// Each DATA_DIR comes from `huntbench gen` (SecurityAlert.*, SecurityEvent.*, answer-key.json).
// For each one, in rounds (one run of every tool per round, the best round kept):
//   - Huntbench wasm through its real page (dist/) in headless Chromium: from picking both files
//     to the page showing the expected row count;
//   - DuckDB-wasm (peers page, read_csv + the SQL of peers/hunt.sql) for portal CSV;
//   - the plain JavaScript hunt (peers page, peers/src/plainjs.mjs);
//   - native Huntbench (`huntbench hunt --format json`) and native DuckDB (peers/duckdb_native.py).
// Every result's row count is checked against the answer key. Prints a table per input and the
// ratios against the issue's targets, writes them to bench/RESULTS.md (unless --no-results), and
// ends with `e2e: N passed, N failed` (a check per tool and input that must give the expected
// rows, and one that the browser asked nothing of any host but 127.0.0.1). Exits 1 on a wrong
// count or a crash; a missed speed target is reported, not failed.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { serveMounts } from "./lib/serve.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // No name but 127.0.0.1 resolves, so no request can leave the machine even if one slips
  // past the route below; nothing is looked up in DNS either.
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
];
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const JSON_NA = "n/a (JSON extension is fetched from the network)";

// ---- arguments ---------------------------------------------------------------------------
function parseArgs(argv) {
  const o = { tools: null, huntbench: null, dist: null, results: true, reps: 3, bigReps: 2, bigEvents: 1_000_000, timeout: null, python: null, dirs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    const num = () => {
      const n = Number(val());
      if (!Number.isFinite(n) || n <= 0) usage(`${a} needs a positive number`);
      return n;
    };
    if (a === "--huntbench") o.huntbench = path.resolve(val());
    else if (a === "--dist") o.dist = path.resolve(val());
    else if (a === "--python") o.python = val();
    else if (a === "--no-results") o.results = false;
    else if (a === "--tools") o.tools = val().split(",");
    else if (a === "--reps") o.reps = Math.round(num());
    else if (a === "--big-reps") o.bigReps = Math.round(num());
    else if (a === "--big-events") o.bigEvents = num();
    else if (a === "--timeout") o.timeout = num();
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else o.dirs.push(path.resolve(a));
  }
  if (!o.huntbench || !o.dist || o.dirs.length === 0) usage("--huntbench, --dist and at least one data directory are needed");
  const ids = ["hb-wasm", "duckdb-wasm", "plainjs", "hb-native", "duckdb-native"];
  if (o.tools && o.tools.some((t) => !ids.includes(t))) usage(`--tools takes a comma-separated list of ${ids.join(", ")}`);
  o.python ??= path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "huntbench", "bench-venv", "bin", "python");
  return o;
}
function usage(msg) {
  console.error(`run.mjs: ${msg}\nusage: node bench/run.mjs --huntbench BIN --dist DIR [--no-results] [--reps N] [--big-reps N] [--big-events N] [--timeout S] [--tools ID,...] [--python PY] DATA_DIR...`);
  process.exit(2);
}

// ---- formatting --------------------------------------------------------------------------
const log = (...a) => console.log(...a);
const secs = (s) => (s == null ? "–" : s < 1 ? s.toFixed(3) : s < 100 ? s.toFixed(2) : s.toFixed(1));
const rate = (mb, s) => (s == null ? "–" : (mb / s).toFixed(1));
const factor = (x) => (x == null || !Number.isFinite(x) ? "–" : x >= 10 ? x.toFixed(1) : x.toFixed(2));
/** A speed-up: how many times faster (or slower) Huntbench is. */
const speed = (x) => (x == null || !Number.isFinite(x) ? "–" : x >= 1 ? `${factor(x)}x faster` : `${factor(1 / x)}x slower`);
const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const FORMAT_NAME = { "portal-csv": "portal CSV", jsonl: "JSON Lines" };

/** A markdown table, its columns padded so that it reads as well in a terminal. */
function table(head, rows, align = []) {
  const all = [head, ...rows].map((r) => r.map((c) => String(c)));
  const width = head.map((_, i) => Math.max(3, ...all.map((r) => [...r[i]].length)));
  const pad = (c, i) => (align[i] === "r" ? c.padStart(width[i] + c.length - [...c].length) : c.padEnd(width[i] + c.length - [...c].length));
  const line = (r) => `| ${r.map(pad).join(" | ")} |`;
  const rule = `|${width.map((w, i) => (align[i] === "r" ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(all[0]), rule, ...all.slice(1).map(line)].join("\n");
}

// ---- the machine -------------------------------------------------------------------------
function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}
function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  // What else is running now: top's second sample (the first averages since boot), without us.
  const top = sh("top", ["-b", "-n", "2", "-d", "0.5", "-w", "200"]);
  const second = (top ?? "").split(/^top - /m)[2] ?? "";
  const busy = second
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 12 && /^\d+$/.test(f[0]) && Number(f[0]) !== process.pid && Number(f[8]) >= 5)
    .slice(0, 4)
    .map((f) => `${f[11]} ${Math.round(Number(f[8]))}%`);
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    uname: sh("uname", ["-srm"]) ?? `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: model,
    cores: os.cpus().length,
    ramGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    load: os.loadavg().map((x) => x.toFixed(2)).join(", "),
    busiest: busy.join(", "),
    node: process.version,
  };
}

// ---- the cases ---------------------------------------------------------------------------
/** `30,000 events (31,805 written)`: run.sh names a directory by the events asked for, and the
 * generator adds rows when its planted stories need more. */
function eventsLabel(dir, written) {
  const asked = Number(/^(\d+)-/.exec(path.basename(dir))?.[1]);
  return asked && asked !== written ? `${thousands(asked)} events (${thousands(written)} written)` : `${thousands(written)} events`;
}

function loadCase(dir) {
  const key = JSON.parse(fs.readFileSync(path.join(dir, "answer-key.json"), "utf8"));
  const format = key.alert_format;
  if (format !== key.event_format || !(format in FORMAT_NAME)) throw new Error(`${dir}: formats ${key.alert_format}/${key.event_format}; the benchmark takes portal-csv or jsonl`);
  const ext = format === "jsonl" ? "jsonl" : "csv";
  const alerts = path.join(dir, `SecurityAlert.${ext}`);
  const events = path.join(dir, `SecurityEvent.${ext}`);
  const bytes = fs.statSync(alerts).size + fs.statSync(events).size;
  return {
    dir,
    format,
    alerts,
    events,
    alertRows: key.alerts,
    eventRows: key.events,
    expected: key.expected_rows.length,
    mb: bytes / 1e6,
    label: `${eventsLabel(dir, key.events)}, ${thousands(key.alerts)} alerts, ${FORMAT_NAME[format]}`,
  };
}

// ---- native tools ------------------------------------------------------------------------
/** Runs a command (under /usr/bin/time when present); { code, stdout, stderr, seconds, rssMiB }. */
function run(cmd, args, timeoutS) {
  const argv = TIME ? [TIME, "-f", "BENCH_RSS_KB %M", cmd, ...args] : [cmd, ...args];
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutS * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      let stderr = Buffer.concat(err).toString("utf8");
      let rssMiB = null;
      const m = /^BENCH_RSS_KB (\d+)\s*$/m.exec(stderr);
      if (m) {
        rssMiB = Number(m[1]) / 1024;
        stderr = stderr.replace(m[0], "");
      }
      resolve({ code: signal ? `signal ${signal}` : code, stdout: Buffer.concat(out).toString("utf8"), stderr, seconds, rssMiB });
    });
  });
}

async function nativeHuntbench(ctx, c) {
  const r = await run(ctx.opts.huntbench, ["hunt", c.alerts, c.events, "--format", "json"], ctx.timeoutFor(c));
  if (r.code !== 0) return { error: `exit ${r.code}: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}` };
  let rows;
  try {
    rows = JSON.parse(r.stdout).length;
  } catch (e) {
    return { error: `stdout is not a JSON array: ${e.message}` };
  }
  return { rows, seconds: r.seconds, rssMiB: r.rssMiB };
}

async function nativeDuckdb(ctx, c) {
  const r = await run(ctx.opts.python, [path.join(BENCH, "peers", "duckdb_native.py"), c.format, c.alerts, c.events], ctx.timeoutFor(c));
  if (r.code !== 0) return { error: `exit ${r.code}: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}` };
  const o = JSON.parse(r.stdout.trim().split("\n").pop());
  ctx.versions.duckdbNative = o.duckdb;
  ctx.versions.duckdbNativeThreads = o.threads;
  // The script's own time (connect, read, query, fetch); the process adds Python's start.
  return { rows: o.rows, seconds: o.seconds, rssMiB: r.rssMiB, processSeconds: r.seconds };
}

// ---- the browser -------------------------------------------------------------------------
/**
 * A copy of dist/ to serve for the whole run: the page may be rebuilt under the benchmark, and
 * a half-written dist/ (a new worker.js beside the old worker_bg.wasm) breaks the page. Waits
 * while trunk's staging directory is there, copies, and checks that every file index.html
 * names is in the copy. Returns { dir, build }: `build` is the app's hashed file name.
 */
async function snapshotDist(dist) {
  for (let waited = 0; fs.existsSync(path.join(dist, ".stage")); waited++) {
    if (waited === 0) log("bench: dist/ is being rebuilt (dist/.stage); waiting for it");
    if (waited >= 600) throw new Error("dist/ has been building for 10 minutes");
    await new Promise((ok) => setTimeout(ok, 1000));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huntbench-bench-dist-"));
  for (let attempt = 0; ; attempt++) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(dist, dir, { recursive: true, filter: (src) => path.basename(src) !== ".stage" });
    const html = fs.readFileSync(path.join(dir, "index.html"), "utf8");
    const named = [...html.matchAll(/(?:href|src)="(?:\.\/)?([^":?#]+)"|content="\.\/([^"?#]+)"/g)].map((m) => m[1] ?? m[2]).filter((f) => !f.includes("/"));
    const missing = named.filter((f) => !fs.existsSync(path.join(dir, f)));
    const workerOk = ["worker.js", "worker_bg.wasm"].every((f) => !fs.existsSync(path.join(dist, f)) || fs.existsSync(path.join(dir, f)));
    if (missing.length === 0 && workerOk && !fs.existsSync(path.join(dist, ".stage"))) {
      const build = named.find((f) => /^app-[0-9a-f]+\.js$/.test(f)) ?? "?";
      return { dir, build };
    }
    if (attempt >= 30) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`dist/ stays inconsistent: index.html names missing ${missing.join(", ")}`);
    }
    await new Promise((ok) => setTimeout(ok, 2000));
  }
}

/** A URL that stays on this machine: 127.0.0.1 (any port: extra.mjs serves on its own), data:, blob:. */
function isLocal(u) {
  const url = typeof u === "string" ? new URL(u) : u;
  return url.protocol === "data:" || url.protocol === "blob:" || ((url.protocol === "http:" || url.protocol === "https:") && url.hostname === "127.0.0.1");
}

/** A fresh context whose every request is logged; any to another host is aborted and listed. */
async function newContext(ctx, purpose) {
  const context = await ctx.browser.newContext({ viewport: { width: 1200, height: 800 } });
  context.on("request", (r) => {
    ctx.requests.total++;
    let local = false;
    try {
      local = isLocal(r.url());
    } catch {}
    if (!local) (purpose === "probe" ? ctx.requests.probe : ctx.requests.foreign).push(`${purpose}: ${r.method()} ${r.url()}`);
  });
  await context.route((u) => !isLocal(u), (route) => route.abort("blockedbyclient"));
  return context;
}

function withTimeout(promise, seconds, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timeout: ${what} took over ${seconds} s`)), seconds * 1000))),
  ]);
}

/** Huntbench's page: open, wait for its worker, pick both files, wait for the expected count. */
async function wasmHuntbench(ctx, c) {
  const context = await newContext(ctx, "huntbench");
  try {
    const page = await context.newPage();
    const errors = [];
    // An uncaught error (a panic in the engine worker traps as `unreachable`) or a crash ends
    // the wait 5 s later (time for the page to show its own account of it), not at the timeout.
    let failed;
    const failure = new Promise((_, reject) => (failed = (why) => setTimeout(() => reject(new Error(why)), 5000)));
    failure.catch(() => {});
    page.on("pageerror", (e) => (errors.push(e.message), failed(`uncaught error in the page: ${e.message}`)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text().slice(0, 300)));
    page.on("crash", () => (errors.push("the page crashed"), failed("the page crashed")));
    await page.goto(`${ctx.server.origin}/huntbench/`, { waitUntil: "load" });
    await page.getByText(/^Engine worker: ready/).waitFor({ timeout: 60_000 });
    const timeout = ctx.timeoutFor(c);
    // Where the time goes: when each file's card shows its rows, and when the count appears.
    await page.evaluate(() => {
      const t0 = performance.now();
      const phases = (window.__benchPhases = []);
      let loaded = 0;
      let counted = false;
      new MutationObserver(() => {
        const now = document.querySelectorAll(".file-card .rows-loaded").length;
        if (now > loaded) {
          loaded = now;
          phases.push([`file ${now} read`, performance.now() - t0]);
        }
        if (!counted && document.querySelector(".result-count")) {
          counted = true;
          phases.push(["results shown", performance.now() - t0]);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const t0 = performance.now();
    await page.locator("#file-input").setInputFiles([c.alerts, c.events]);
    // Done when both cards show their loaded rows and the count is the expected one; or, for a
    // wrong count, when the page has shown the same other count with nothing being read for
    // longer than the hunt could take (the page shows no sign of a hunt in progress): 20 times
    // native Huntbench's time, at least 5 s.
    const settle = Math.max(5, 20 * (ctx.nativeSeconds.get(c) ?? 10));
    const state = await Promise.race([failure, page.waitForFunction(
      ([n, settleMs]) => {
        const count = document.querySelector(".result-count")?.textContent.trim() ?? null;
        const loaded = document.querySelectorAll(".file-card .rows-loaded").length;
        if (loaded === 2 && count === String(n)) return { count, settled: true };
        const idle = loaded === 2 && count !== null && !document.querySelector(".file-card progress, button.cancel:not([hidden])");
        const w = (window.__benchWait ??= { count: null, since: 0 });
        if (!idle || w.count !== count) {
          w.count = idle ? count : null;
          w.since = performance.now();
          return false;
        }
        return performance.now() - w.since > settleMs ? { count, settled: false } : false;
      },
      [c.expected, settle * 1000],
      { timeout: timeout * 1000, polling: "raf" },
    )]).then((h) => h.jsonValue(), async (e) => ({ count: await page.textContent(".result-count", { timeout: 1000 }).catch(() => null), error: e.message.split("\n")[0] }));
    const seconds = (performance.now() - t0) / 1000 - (state.settled === false ? settle : 0);
    if (state.error) {
      // What the page shows, to tell a slow page from a stuck one.
      const shows = await page
        .evaluate(() => [
          document.querySelector(".worker-status")?.textContent.trim(),
          ...[...document.querySelectorAll(".file-card")].map((e) => e.textContent.replace(/\s+/g, " ").trim().slice(0, 200)),
        ])
        .catch(() => []);
      return { error: `${state.error}${state.count != null ? ` (page shows ${state.count} rows)` : ""}; page: ${shows.join(" | ") || "?"}${errors.length ? `; errors: ${errors.slice(0, 3).join(" | ")}` : ""}` };
    }
    const phases = await page.evaluate(() => window.__benchPhases).catch(() => []);
    return { rows: Number(state.count), seconds, phases };
  } finally {
    await context.close();
  }
}

/** The peers page: `tool` ("duckdb" | "plainjs") over both files. */
async function peer(ctx, c, tool, purpose = tool) {
  const context = await newContext(ctx, purpose);
  try {
    const page = await context.newPage();
    await page.goto(`${ctx.server.origin}/peers/`, { waitUntil: "load" });
    const ready = await withTimeout(page.evaluate(() => window.bench.ready), 120, "starting DuckDB-wasm");
    if (ready.duckdb.error) return { error: `DuckDB-wasm did not start: ${ready.duckdb.error}` };
    ctx.versions.duckdbWasm = ready.duckdb;
    const timeout = ctx.timeoutFor(c);
    const t0 = performance.now();
    await page.locator("#files").setInputFiles([c.alerts, c.events]);
    const r = await withTimeout(page.evaluate(([t, f]) => window.bench.run(t, f), [tool, c.format]), timeout, `${tool} on ${c.label}`);
    const seconds = (performance.now() - t0) / 1000;
    if (r.error) return { error: r.error };
    return { rows: r.rows, seconds, pageSeconds: r.ms / 1000 };
  } finally {
    await context.close();
  }
}

// ---- the measurements --------------------------------------------------------------------
const TOOLS = [
  { id: "hb-wasm", name: "Huntbench wasm (its page)", where: "browser", run: wasmHuntbench },
  { id: "duckdb-wasm", name: "DuckDB-wasm (SQL)", where: "browser", run: (ctx, c) => peer(ctx, c, "duckdb"), skip: (c) => (c.format === "jsonl" ? JSON_NA : null) },
  { id: "plainjs", name: "plain JavaScript", where: "browser", run: (ctx, c) => peer(ctx, c, "plainjs") },
  { id: "hb-native", name: "Huntbench native (CLI)", where: "native", run: nativeHuntbench },
  { id: "duckdb-native", name: "DuckDB native (Python)", where: "native", run: nativeDuckdb },
];

/** Reads a file once and drops the bytes, so that no tool's first run pays for the disk. */
async function warm(file) {
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 22 })) bytes += chunk.length;
  return bytes;
}

async function measureCase(ctx, c) {
  const reps = c.eventRows >= ctx.opts.bigEvents ? ctx.opts.bigReps : ctx.opts.reps;
  log(`\n== ${c.label}: ${c.mb.toFixed(1)} MB in both files, ${thousands(c.expected)} expected rows; best of ${reps}`);
  const loadAtStart = os.loadavg()[0];
  const tw = performance.now();
  await warm(c.alerts);
  await warm(c.events);
  log(`   (both files read once to warm the page cache: ${((performance.now() - tw) / 1000).toFixed(1)} s)`);
  const results = Object.fromEntries(TOOLS.map((t) => [t.id, {
    runs: [],
    error: null,
    skipped: ctx.opts.tools && !ctx.opts.tools.includes(t.id) ? "not run (--tools)" : t.skip?.(c) ?? null,
  }]));
  // Native Huntbench first: its time sets the timeouts of the others.
  const order = ["hb-native", ...TOOLS.map((t) => t.id).filter((id) => id !== "hb-native")];
  for (let rep = 1; rep <= reps; rep++) {
    for (const id of order) {
      const tool = TOOLS.find((t) => t.id === id);
      const res = results[id];
      if (res.skipped || res.error) continue; // a tool that failed once is not run again
      let r;
      try {
        r = await tool.run(ctx, c);
      } catch (e) {
        r = { error: `crashed: ${e.message.split("\n")[0]}` };
      }
      if (r.error) {
        res.error = r.error;
        log(`   ${tool.name.padEnd(30)} run ${rep}: ERROR ${r.error}`);
        continue;
      }
      res.runs.push(r);
      if (id === "hb-native") ctx.nativeSeconds.set(c, Math.min(ctx.nativeSeconds.get(c) ?? Infinity, r.seconds));
      const ok = r.rows === c.expected;
      log(`   ${tool.name.padEnd(30)} run ${rep}: ${secs(r.seconds).padStart(7)} s  ${rate(c.mb, r.seconds).padStart(7)} MB/s  ${r.rows} rows${ok ? "" : ` WRONG (expected ${c.expected})`}` +
        `${r.rssMiB != null ? `  peak RSS ${r.rssMiB.toFixed(0)} MiB` : ""}`);
    }
  }
  for (const [id, res] of Object.entries(results)) {
    if (res.runs.length === 0) continue;
    const best = res.runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    res.best = best;
    res.rows = best.rows;
    res.wrong = res.runs.some((r) => r.rows !== c.expected);
    res.rssMiB = Math.max(...res.runs.map((r) => r.rssMiB ?? 0)) || null;
    if (res.wrong) res.rows = res.runs.find((r) => r.rows !== c.expected).rows;
    res.valid = !res.wrong && !res.error;
    res.id = id;
  }
  return { case: c, reps, results, load: [loadAtStart, os.loadavg()[0]] };
}

/** Ratios and the issue's targets for one case. */
function ratios(m) {
  const r = m.results;
  const ok = (id) => (r[id].valid ? r[id].best.seconds : null);
  const hbw = ok("hb-wasm");
  const hbn = ok("hb-native");
  const dn = ok("duckdb-native");
  const peers = ["duckdb-wasm", "plainjs"].filter((id) => ok(id) != null);
  const bestPeer = peers.length ? peers.reduce((a, b) => (ok(b) < ok(a) ? b : a)) : null;
  const speedup = (peer) => (hbw != null && ok(peer) != null ? ok(peer) / hbw : null);
  const lines = [];
  for (const id of ["duckdb-wasm", "plainjs"]) {
    const t = TOOLS.find((x) => x.id === id);
    lines.push({ what: `browser: Huntbench wasm vs ${t.name}`, value: speedup(id), note: r[id].skipped ?? (r[id].valid ? "" : "peer gave no valid result") });
  }
  const targets = [];
  const target = (what, value, goal, cmp, show) => {
    const met = value == null ? null : cmp === ">=" ? value >= goal : value <= goal;
    targets.push({ what, value, goal, cmp, met, show });
  };
  target(
    `browser: Huntbench wasm at least 3x faster than the best peer${bestPeer ? ` (${TOOLS.find((t) => t.id === bestPeer).name})` : ""}`,
    bestPeer ? speedup(bestPeer) : null, 3, ">=", speed,
  );
  target("Huntbench wasm within 2x of its native build", hbw != null && hbn != null ? hbw / hbn : null, 2, "<=", (v) => `${factor(v)}x the native time`);
  target("native: huntbench hunt at most half the time of DuckDB", hbn != null && dn != null ? hbn / dn : null, 0.5, "<=",
    (v) => `${factor(v)}x DuckDB's time (DuckDB takes ${factor(1 / v)}x as long)`);
  lines.push({ what: "Huntbench wasm vs DuckDB native", value: hbw != null && dn != null ? dn / hbw : null, note: "for reference: no target" });
  return { lines, targets };
}

function caseMarkdown(m) {
  const c = m.case;
  const rows = TOOLS.map((t) => {
    const r = m.results[t.id];
    const where = t.where === "browser" ? "Chromium" : "native";
    if (r.skipped) return [t.name, where, r.skipped, "", "", ""];
    if (r.error && !r.best) return [t.name, where, `failed: ${r.error}`, "", "", ""];
    const rowsCell = r.wrong ? `wrong (${r.rows} rows, expected ${c.expected})` : r.error ? `failed after ${r.runs.length} run(s): ${r.error}` : `${thousands(r.rows)} ✓`;
    return [t.name, where, secs(r.best.seconds), rate(c.mb, r.best.seconds), rowsCell, r.rssMiB ? r.rssMiB.toFixed(0) : ""];
  });
  const { lines, targets } = ratios(m);
  const ratioRows = lines.map((l) => [l.what, l.value == null ? "–" : speed(l.value), l.note]);
  const targetRows = targets.map((t) => [t.what, t.value == null ? "–" : t.show(t.value), `${t.cmp === ">=" ? "≥" : "≤"} ${t.goal}`,
    t.met == null ? "not measured" : t.met ? `met (${factor(t.cmp === ">=" ? t.value / t.goal : t.goal / t.value)}x margin)` : `MISSED (by ${factor(t.cmp === ">=" ? t.goal / t.value : t.value / t.goal)}x)`]);
  return [
    `### ${c.label}`,
    "",
    `${c.mb.toFixed(1)} MB in both files (${path.basename(c.alerts)}, ${path.basename(c.events)}), ${thousands(c.expected)} expected result rows; best of ${m.reps} run(s); 1-minute load average ${m.load[0].toFixed(2)} before, ${m.load[1].toFixed(2)} after.`,
    "",
    table(["tool", "where", "seconds", "MB/s", "rows", "peak RSS MiB"], rows, ["", "", "r", "r", "", "r"]),
    "",
    table(["ratio", "value", "note"], ratioRows, ["", "r", ""]),
    "",
    table(["target (issue #5)", "measured", "goal", "verdict"], targetRows, ["", "r", "", ""]),
    ...phasesNote(m.results["hb-wasm"]),
  ].join("\n");
}

/** The page's phases in its best run: reading each file, then the hunt and drawing. */
function phasesNote(r) {
  const phases = r?.best?.phases;
  if (!phases?.length) return [];
  let before = 0;
  const parts = phases.map(([what, ms]) => {
    const part = `${what} at ${secs(ms / 1000)} s (+${secs((ms - before) / 1000)})`;
    before = ms;
    return part;
  });
  return ["", `Huntbench wasm, where the time went in its best run (from picking the files): ${parts.join(", ")}.`];
}

// ---- main --------------------------------------------------------------------------------
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const info = machine();
  const cases = opts.dirs.map(loadCase);
  for (const f of [opts.huntbench, path.join(opts.dist, "index.html"), opts.python]) {
    if (!fs.existsSync(f)) throw new Error(`missing ${f} (bench/run.sh sets it up)`);
  }
  log(`bench: ${info.date} on ${info.uname}, ${info.cpu}, ${info.cores} cores, ${info.ramGiB} GiB; load average ${info.load}`);
  log(`bench: processes using 5% of a core or more at start: ${info.busiest || "none"}`);

  // The peers page's bundle: DuckDB-wasm's ESM entry imports apache-arrow by its bare name.
  await esbuild.build({
    entryPoints: [path.join(BENCH, "peers", "src", "main.mjs")],
    bundle: true,
    format: "esm",
    target: "chrome120",
    outfile: path.join(BENCH, "peers", "build", "peers.js"),
    logLevel: "warning",
  });

  const snapshot = await snapshotDist(opts.dist);
  log(`bench: serving a copy of dist/ (${snapshot.build}) from ${snapshot.dir}`);
  const server = await serveMounts({
    "/huntbench/": snapshot.dir,
    "/peers/": path.join(BENCH, "peers"),
    "/peers/duckdb/": path.join(BENCH, "node_modules", "@duckdb", "duckdb-wasm", "dist"),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const ctx = {
    opts,
    server,
    browser,
    requests: { total: 0, foreign: [], probe: [] },
    versions: {
      chromium: browser.version(),
      huntbench: sh(opts.huntbench, ["--version"]) ?? "?",
      page: snapshot.build,
    },
    nativeSeconds: new Map(),
    timeoutFor: (c) => opts.timeout ?? Math.max(120, 100 * (ctx.nativeSeconds.get(c) ?? 10)),
  };

  const measured = [];
  let probe = null;
  let extraMd = null;
  let extraFailed = false;
  try {
    for (const c of cases) {
      measured.push(await measureCase(ctx, c));
      // Once per run, on the first JSON Lines input: show that DuckDB-wasm cannot read JSON
      // offline (its JSON reader is an extension it fetches from the network).
      if (c.format === "jsonl" && probe === null) {
        const before = ctx.requests.probe.length;
        const r = await peer(ctx, c, "duckdb", "probe").catch((e) => ({ error: `crashed: ${e.message}` }));
        probe = { error: r.error ?? null, rows: r.rows ?? null, requests: ctx.requests.probe.slice(before) };
        log(`   DuckDB-wasm read_json offline: ${probe.error ? `fails: ${probe.error}` : `worked (${probe.rows} rows)!`}; asked: ${probe.requests.join(", ") || "nothing"}`);
      }
    }

    // Extra measurements that bench/extra.mjs may add (timeline zoom, memory, ...).
    const extraFile = path.join(BENCH, "extra.mjs");
    if (fs.existsSync(extraFile)) {
      log("\n== extra measurements (bench/extra.mjs)");
      try {
        const mod = await import(pathToFileURL(extraFile).href);
        extraMd = String(
          (await mod.extra({
            browser,
            serveDist: async () => {
              const s = await serveMounts({ "/huntbench/": snapshot.dir });
              return { ...s, url: `${s.origin}/huntbench/` };
            },
            log,
            newContext: (purpose = "extra") => newContext(ctx, purpose),
            cases,
            measured,
            huntbench: opts.huntbench,
          })) ?? "",
        );
      } catch (e) {
        extraMd = `bench/extra.mjs failed: ${e.stack ?? e}`;
        extraFailed = true;
      }
    }
  } finally {
    await browser.close().catch(() => {});
    await server.close();
    fs.rmSync(snapshot.dir, { recursive: true, force: true });
  }

  // ---- report ----
  const checks = [];
  for (const m of measured) {
    for (const t of TOOLS) {
      const r = m.results[t.id];
      if (r.skipped) continue; // n/a, or left out by --tools
      const detail = r.wrong ? `wrong (${r.rows} rows, expected ${m.case.expected})` : r.error ?? "";
      checks.push({ name: `${t.name} on ${m.case.label}: ${m.case.expected} rows`, ok: r.valid === true, detail });
    }
  }
  const strays = ctx.requests.foreign;
  const notFound = server.served.filter((s) => s.status !== 200);
  checks.push({ name: `the browser asked nothing of any host but 127.0.0.1 (${ctx.requests.total} requests)`, ok: strays.length === 0, detail: strays.slice(0, 10).join("\n") });
  if (extraFailed) checks.push({ name: "bench/extra.mjs ran", ok: false, detail: extraMd });

  const sections = measured.map(caseMarkdown);
  const summaryRows = [];
  for (const m of measured) {
    for (const t of ratios(m).targets) {
      summaryRows.push([m.case.label, t.what.replace(/ \(.*\)$/, ""), t.value == null ? "–" : t.show(t.value), t.met == null ? "not measured" : t.met ? "met" : "MISSED"]);
    }
  }
  const v = ctx.versions;
  const notes = [
    `- Times are wall-clock seconds, best of the runs; MB/s is both files' size over that time (MB = 10^6 bytes).`,
    `- Browser times run from picking the two files (\`setInputFiles\`) to the result: for Huntbench, its page showing the expected \`.result-count\` with both file cards loaded (the page is opened and its worker ready first, and reloaded for every run); for the peers, \`window.bench.run\` returning, with DuckDB-wasm instantiated first.`,
    `- Native Huntbench: \`huntbench hunt ALERTS EVENTS --format json\`, the whole process. Native DuckDB: \`peers/duckdb_native.py\`, the time from connecting to the last row fetched (Python's start and \`import duckdb\` are not counted), ${v.duckdbNativeThreads ?? "default"} threads. Peak RSS by \`/usr/bin/time -f %M\` (for DuckDB, of the Python process).`,
    `- DuckDB (both) runs \`bench/peers/hunt.sql\`: read_csv (all_varchar) or read_json, has_any as an RE2 regex with the term rule, the window as a range join on integer 100 ns ticks.`,
    `- DuckDB-wasm is the eh bundle (one thread), served from bench/node_modules, with the files registered as browser File handles (BROWSER_FILEREADER).`,
    probe
      ? `- DuckDB-wasm and JSON Lines: ${probe.error ? `\`read_json\` fails offline: DuckDB-wasm asked for ${probe.requests.map((r) => `\`${r.replace(/^probe: GET /, "")}\``).join(", ") || "nothing"} (blocked: this machine is offline) and then failed with \`${probe.error}\`.` : `\`read_json\` unexpectedly worked offline (${probe.rows} rows): the n/a rows above should be measured.`}`
      : `- DuckDB-wasm and JSON Lines: not probed in this run (no JSON Lines input).`,
    `- Requests: ${ctx.requests.total} from the browser, ${strays.length} to another host${strays.length ? ` (${strays.slice(0, 3).join(", ")})` : ""}; the server answered ${notFound.length} with an error${notFound.length ? ` (${[...new Set(notFound.map((s) => `${s.status} ${s.path}`))].slice(0, 5).join(", ")})` : ""}.`,
  ];
  const header = [
    `- Date: ${info.date}`,
    `- Machine: ${info.uname}; ${info.cpu}; ${info.cores} cores; ${info.ramGiB} GiB RAM`,
    `- Load average at start: ${info.load}; processes using 5% of a core or more at start: ${info.busiest || "none"}; load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}`,
    `- Versions: ${v.huntbench} (page build ${v.page}); Chromium ${v.chromium}; Node ${info.node}; DuckDB-wasm ${v.duckdbWasm ? `${v.duckdbWasm.package} (DuckDB ${v.duckdbWasm.duckdb})` : "not started"}; DuckDB ${v.duckdbNative ?? "not run"} (PyPI)`,
  ];
  const body = [
    "# Huntbench benchmark results",
    "",
    "Written by `bash bench/run.sh` (bench/run.mjs); see bench/README.md.",
    "",
    ...header,
    "",
    "## Targets",
    "",
    table(["input", "target", "measured", "verdict"], summaryRows),
    "",
    "## Measurements",
    "",
    sections.join("\n\n"),
    "",
    "## Notes",
    "",
    ...notes,
    "",
    "## Extra measurements",
    "",
    "<!-- bench/extra.mjs: when present, run.mjs calls its `async function extra(ctx)` (ctx: browser, serveDist, log, newContext, cases, measured, huntbench) and puts the markdown it returns here. -->",
    "",
    extraMd ?? "None in this run (bench/extra.mjs is absent).",
    "",
  ].join("\n");

  log(`\n${header.join("\n")}\n\n${sections.join("\n\n")}\n\n${notes.join("\n")}`);
  if (extraMd) log(`\n${extraMd}`);
  if (opts.results) {
    fs.writeFileSync(path.join(BENCH, "RESULTS.md"), body);
    log(`\nbench: wrote ${path.relative(process.cwd(), path.join(BENCH, "RESULTS.md")) || "RESULTS.md"}`);
  }
  log("");
  for (const ch of checks) log(`  ${ch.ok ? "ok  " : "FAIL"}  ${ch.name}${ch.ok || !ch.detail ? "" : `\n        ${String(ch.detail).replaceAll("\n", "\n        ")}`}`);
  const failed = checks.filter((c) => !c.ok).length;
  log(`e2e: ${checks.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(`run.mjs: ${e.stack ?? e}`);
  console.log("e2e: 0 passed, 1 failed");
  process.exitCode = 1;
});
