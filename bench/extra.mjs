// The measurements of issue #5 beyond the race (run.mjs calls `extra(ctx)` and puts the markdown
// it returns in RESULTS.md):
//
// - the timeline's zoom step with 10,000 alert groups and 100,000 RDP logons (target: < 50 ms),
//   timed in the page from the click to the first frame drawn after it;
// - what the page's columns hold against the input bytes, per benchmark input (target: ≤ 0.3);
// - 2 GB of input across files in one tab (full sizes only);
// - where the native build's time goes: a `perf` profile of `huntbench hunt` on the largest
//   input of each format (when perf is installed).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const CACHE = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "huntbench", "bench-data");
const HOSTS = 200;
const GROUPS_PER_HOST = 50;
const LOGONS_PER_HOST = 500;
const ZOOM_TARGET_MS = 50;

const mb = (bytes) => (bytes / 1e6).toFixed(1);
const iso = (ms) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");

/**
 * 200 hosts, each with 50 "Password Spray" alert groups two hours apart and 500 RDP logons
 * 12 minutes apart: 10,000 groups and 100,000 logons, about two of them in each window.
 */
function timelineFiles() {
  const dir = path.join(CACHE, "timeline-10k-100k");
  const alerts = path.join(dir, "SecurityAlert.csv");
  const events = path.join(dir, "SecurityEvent.csv");
  if (fs.existsSync(events)) return { alerts, events };
  fs.mkdirSync(dir, { recursive: true });
  const base = Date.UTC(2026, 2, 1);
  const a = ["TimeGenerated,AlertName,CompromisedEntity,WorkspaceSubscriptionId"];
  const e = ["TimeGenerated,Account,AccountType,Computer,EventID,LogonType,LogonTypeName,Activity,IpAddress"];
  for (let h = 0; h < HOSTS; h++) {
    const host = `HOST-${String(h).padStart(3, "0")}`;
    for (let g = 0; g < GROUPS_PER_HOST; g++) a.push(`${iso(base + (g * 120 + (h % 60)) * 60_000)},Password Spray,${host},`);
    for (let l = 0; l < LOGONS_PER_HOST; l++) {
      const t = base + (l * 12 + (h % 60)) * 60_000 + 30_000;
      e.push(`${iso(t)},contoso\\u${l % 97},User,${host},4624,10,10 - RemoteInteractive,4624 - An account was successfully logged on.,10.0.${h % 250}.${l % 250}`);
    }
  }
  fs.writeFileSync(`${alerts}.tmp`, a.join("\n") + "\n");
  fs.writeFileSync(`${events}.tmp`, e.join("\n") + "\n");
  fs.renameSync(`${alerts}.tmp`, alerts);
  fs.renameSync(`${events}.tmp`, events);
  return { alerts, events };
}

/** Opens the page and loads `files`; resolves once every file's card shows its rows or error. */
async function load(ctx, server, files, { expected = null, timeoutS = 600 } = {}) {
  const context = await ctx.newContext("extra");
  const page = await context.newPage();
  let crashed = false;
  page.on("crash", () => (crashed = true));
  await page.goto(server.url, { waitUntil: "load" });
  await page.getByText(/^Engine worker: ready/).waitFor({ timeout: 60_000 });
  const t0 = performance.now();
  await page.locator("#file-input").setInputFiles(files);
  await page.waitForFunction(
    ([cards, n]) => {
      const count = document.querySelector(".result-count")?.textContent.trim();
      const cardsDone = [...document.querySelectorAll(".file-card")].filter((c) => c.querySelector(".rows-loaded, .error") && !c.querySelector("progress"));
      const settled = cardsDone.length >= cards;
      return settled && count !== undefined && (n === null || count === String(n)) && document.querySelector(".memory-use")?.dataset.heldBytes;
    },
    [files.length, expected],
    { timeout: timeoutS * 1000, polling: 100 },
  );
  const seconds = (performance.now() - t0) / 1000;
  const shown = await page.evaluate(() => {
    const m = document.querySelector(".memory-use").dataset;
    return {
      held: Number(m.heldBytes),
      engine: Number(m.engineBytes),
      errors: [...document.querySelectorAll(".file-card .error")].map((e) => e.textContent.trim()),
      rows: [...document.querySelectorAll(".file-card .rows-loaded")].map((e) => e.textContent.trim()),
      count: document.querySelector(".result-count")?.textContent.trim(),
    };
  });
  return { page, context, seconds, crashed: () => crashed, ...shown };
}

/** One zoom step: click the button, then wait for the frame drawn after the redraw. */
function zoomStep(page, selector) {
  return page.evaluate(async (selector) => {
    const t0 = performance.now();
    document.querySelector(selector).click();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return { ms: performance.now() - t0, shapes: document.querySelectorAll(".timeline-svg .tl-lanes rect, .timeline-svg .tl-lanes polygon").length };
  }, selector);
}

async function timeline(ctx, server) {
  const files = timelineFiles();
  const loaded = await load(ctx, server, [files.alerts, files.events], { expected: HOSTS * GROUPS_PER_HOST * 2 });
  try {
    const label = (await loaded.page.locator(".timeline-bar .muted").first().textContent()).trim();
    await loaded.page.locator(".timeline").scrollIntoViewIfNeeded();
    const steps = [];
    // From the widest view (every group in view: the heaviest frame) in, out again, twice.
    for (let round = 0; round < 2; round++) {
      await loaded.page.click(".zoom-fit");
      await loaded.page.waitForTimeout(200);
      for (let i = 0; i < 10; i++) steps.push({ dir: "in", ...(await zoomStep(loaded.page, ".zoom-in")) });
      for (let i = 0; i < 10; i++) steps.push({ dir: "out", ...(await zoomStep(loaded.page, ".zoom-out")) });
    }
    const ms = steps.map((s) => s.ms).sort((a, b) => a - b);
    const pick = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
    const widest = steps.reduce((a, b) => (b.shapes > a.shapes ? b : a));
    const verdict = pick(0.5) < ZOOM_TARGET_MS
      ? (ms.at(-1) < ZOOM_TARGET_MS ? "met (every step)" : `met at the median; the slowest step is ${(ms.at(-1) / ZOOM_TARGET_MS).toFixed(2)}x the target`)
      : `MISSED (median ${(pick(0.5) / ZOOM_TARGET_MS).toFixed(2)}x the target)`;
    ctx.log(`   timeline: ${label}; zoom step median ${pick(0.5).toFixed(1)} ms, p90 ${pick(0.9).toFixed(1)} ms, max ${ms.at(-1).toFixed(1)} ms`);
    return [
      "### Timeline zoom step",
      "",
      `${label} (${HOSTS} hosts × ${GROUPS_PER_HOST} groups, ${HOSTS * LOGONS_PER_HOST} RDP logons; loaded in ${loaded.seconds.toFixed(2)} s). ` +
        `${steps.length} steps of the + and − buttons from the widest view, each timed from the click to the first frame drawn after the redraw.`,
      "",
      "| median | p90 | slowest | shapes drawn at the widest step | target | verdict |",
      "|---:|---:|---:|---:|---|---|",
      `| ${pick(0.5).toFixed(1)} ms | ${pick(0.9).toFixed(1)} ms | ${ms.at(-1).toFixed(1)} ms | ${widest.shapes} (${widest.ms.toFixed(1)} ms) | < ${ZOOM_TARGET_MS} ms | ${verdict} |`,
    ].join("\n");
  } finally {
    await loaded.context.close();
  }
}

async function memory(ctx, server) {
  const rows = [];
  for (const c of ctx.cases) {
    const loaded = await load(ctx, server, [c.alerts, c.events], { expected: c.expected });
    try {
      const input = c.mb * 1e6;
      rows.push(`| ${path.basename(c.dir)} | ${mb(input)} MB | ${mb(loaded.held)} MB | ${(loaded.held / input).toFixed(2)} | ${mb(loaded.engine)} MB | ${(loaded.engine / input).toFixed(2)} | ${loaded.held / input <= 0.3 ? "met" : "MISSED"} |`);
      ctx.log(`   memory ${path.basename(c.dir)}: columns ${mb(loaded.held)} MB, engine ${mb(loaded.engine)} MB for ${mb(input)} MB`);
    } finally {
      await loaded.context.close();
    }
  }
  return [
    "### Memory in the page",
    "",
    "What the columns hold (`Dataset::heap_bytes`, shown in the page's status bar) and the engine worker's whole wasm memory, which never shrinks, so it is the peak (read buffers and the results view included).",
    "",
    "| input | bytes | columns hold | ratio | engine memory | ratio | target: columns ≤ 0.3× |",
    "|---|---:|---:|---:|---:|---:|---|",
    ...rows,
  ].join("\n");
}

/** SecurityEvent files, largest first, until 2 GB, and one SecurityAlert file, at once: all
 * must load, and the hunt run over them. */
async function twoGigabytes(ctx, server) {
  const sized = (f) => ({ f, size: fs.statSync(f).size });
  const files = ctx.cases.map((c) => sized(c.events)).sort((a, b) => b.size - a.size);
  const alerts = ctx.cases.map((c) => sized(c.alerts)).sort((a, b) => b.size - a.size)[0];
  const chosen = alerts ? [alerts.f] : [];
  let total = alerts?.size ?? 0;
  for (const { f, size } of files) {
    if (total >= 2e9) break;
    chosen.push(f);
    total += size;
  }
  if (total < 2e9) return `### 2 GB in one tab\n\nNot run: the inputs of this run total ${mb(total)} MB (run \`--sizes full\`).`;
  ctx.log(`   2 GB in one tab: ${chosen.length} files, ${mb(total)} MB`);
  const loaded = await load(ctx, server, chosen, { timeoutS: 1800 });
  try {
    const ok = loaded.errors.length === 0 && loaded.rows.length === chosen.length && !loaded.crashed();
    return [
      "### 2 GB in one tab",
      "",
      `${chosen.length} files, ${mb(total)} MB (${chosen.map((f) => `${path.basename(path.dirname(f))}/${path.basename(f)}`).join(", ")}), dropped at once on one page.`,
      "",
      "| seconds | MB/s | columns hold | engine memory | result rows | verdict |",
      "|---:|---:|---:|---:|---:|---|",
      `| ${loaded.seconds.toFixed(1)} | ${(total / 1e6 / loaded.seconds).toFixed(1)} | ${mb(loaded.held)} MB | ${mb(loaded.engine)} MB | ${loaded.count} | ${ok ? "met: every file loaded" : `MISSED: ${loaded.errors.join("; ") || "the page crashed"}`} |`,
    ].join("\n");
  } finally {
    await loaded.context.close();
  }
}

/** The functions that take the most samples, self time, in `huntbench hunt` on `c`'s files. */
function profile(ctx, c) {
  const data = path.join(os.tmpdir(), `huntbench-perf-${process.pid}.data`);
  try {
    const rec = spawnSync("perf", ["record", "-F", "999", "-g", "-o", data, "--", ctx.huntbench, "hunt", c.alerts, c.events, "--format", "json"], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    if (rec.error || rec.status !== 0) return null;
    const rep = spawnSync("perf", ["report", "-i", data, "--no-children", "--percent-limit", "2", "--stdio", "--sort", "symbol", "-g", "none"], { encoding: "utf8", maxBuffer: 1 << 26 });
    const top = [...rep.stdout.matchAll(/^\s+([0-9.]+)%\s+\[[.k]\]\s+(.+)$/gm)].slice(0, 10).map((m) => `| ${m[1]}% | \`${m[2].replace(/(\s+-)+\s*$/, "").trim().replace(/\|/g, "\\|").slice(0, 110)}\` |`);
    return top.length ? [`**${path.basename(c.dir)}** (${mb(c.mb * 1e6)} MB)`, "", "| self | function |", "|---:|---|", ...top].join("\n") : null;
  } finally {
    fs.rmSync(data, { force: true });
  }
}

function profiles(ctx) {
  if (spawnSync("perf", ["--version"]).status !== 0) return "### Where the native time goes\n\nNot measured: `perf` is not installed (Debian's linux-perf).";
  const largest = ["portal-csv", "jsonl"].map((f) => ctx.cases.filter((c) => c.format === f).sort((a, b) => b.mb - a.mb)[0]).filter(Boolean);
  const parts = largest.map((c) => profile(ctx, c)).filter(Boolean);
  return [
    "### Where the native time goes",
    "",
    "`perf record` of `huntbench hunt` on the largest input of each format; functions with 2% or more of the samples (self time). The page runs the same code in wasm; its phases are under each input above.",
    "",
    parts.join("\n\n") || "perf gave no samples here.",
  ].join("\n");
}

export async function extra(ctx) {
  const server = await ctx.serveDist();
  try {
    const parts = [await timeline(ctx, server), await memory(ctx, server), await twoGigabytes(ctx, server), profiles(ctx)];
    return parts.join("\n\n");
  } finally {
    server.close();
  }
}
