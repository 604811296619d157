// Hostile values, end to end: a scenario generated with `huntbench gen --hostile` (HTML and SVG
// injection, javascript: URLs, formula prefixes, bidi overrides, zero-width characters, NUL,
// 1 MB fields, deeply nested JSON) is dropped into the page in two formats. Nothing may run: no
// dialog, no injected element, no request; the layout must hold; and the page's exports must
// equal the CLI's byte for byte (JSON exact, CSV with formulas neutralised). Then a worker panic
// on purpose, and a 10 GB sparse file, refused before reading: the page lives on through both.
//
//   node tests/e2e/hostile.mjs [path/to/dist]     (bash scripts/dev.sh test runs it)
//
// Prints one line per check, `e2e: N passed, N failed` last, and exits non-zero on any failure.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { checks, huntbench, launch, root, screenshots, serve } from "./harness.mjs";

const dist = path.resolve(process.argv[2] ?? path.join(root, "dist"));
const SUB = "/hostile/";
const T = 60_000;

const { check, finish } = checks();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "huntbench-hostile-"));
huntbench("gen", "--seed", "9", "--alerts", "40", "--events", "300", "--alert-format", "portal-csv", "--event-format", "jsonl", "--hostile", "--out", tmp);
const files = fs.readdirSync(tmp).filter((f) => f !== "answer-key.json").map((f) => path.join(tmp, f));
const cliJson = huntbench("hunt", "--format", "json", ...files);
const cliCsv = huntbench("hunt", "--format", "csv", ...files);
const cliRows = JSON.parse(cliJson);

const { origin, close } = await serve(dist, SUB);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
const requests = [];
context.on("request", (r) => requests.push(r.url()));
const page = await context.newPage();
const dialogs = [];
page.on("dialog", (d) => {
  dialogs.push(d.message());
  d.dismiss();
});
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));

const download = async (selector) => {
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: T }), page.click(selector)]);
  return fs.readFileSync(await d.path(), "utf8");
};

try {
  await page.goto(origin + SUB);
  await page.waitForSelector("text=Engine worker: ready", { timeout: T });
  const loaded = requests.length;
  await page.setInputFiles("#file-input", files);
  await page.waitForFunction((n) => document.querySelectorAll(".file-card .rows-read").length === n, files.length, { timeout: T });
  await page.waitForSelector(".result-row", { timeout: T });
  check("the page shows the CLI's row count", (await page.textContent(".result-count")) === String(cliRows.length), await page.textContent(".result-count"));
  const skipped = await page.$$eval(".rows-skipped", (els) => els.map((e) => e.textContent));
  check("every hostile row loads", skipped.every((s) => s === "0"), skipped.join(", "));

  // Hover and click across the timeline and the table, where values are drawn.
  for (const mark of (await page.$$(".tl-mark")).slice(0, 20)) await mark.hover({ force: true });
  for (const row of (await page.$$(".result-row")).slice(0, 10)) await row.click();
  await page.fill(".filter", "<img");
  await page.fill(".filter", "");

  const injected = await page.evaluate(() => ({
    img: document.querySelectorAll("img, iframe, object, embed, script:not([src])").length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
    svgs: document.querySelectorAll("svg").length,
    links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
  }));
  check("no element was injected", injected.img === 0 && injected.handlers === 0 && injected.svgs <= 1 && injected.links.length === 0, JSON.stringify(injected));
  check("no dialog opened", dialogs.length === 0, dialogs.join(" | "));
  check("no script error", errors.length === 0, errors.join(" | "));
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check("the layout holds (no page-wide horizontal overflow)", width[0] <= width[1] + 1, JSON.stringify(width));

  const pageJson = await download(".export-json");
  check("Export JSON equals the CLI's JSON byte for byte", pageJson === cliJson.replace(/\n$/, ""), pageJson.slice(0, 300));
  const pageCsv = await download(".export-csv");
  check("Export CSV equals the CLI's CSV (formulas neutralised) byte for byte", pageCsv === cliCsv, pageCsv.slice(0, 300));
  check("the CSV neutralises formulas", !/(^|,)[=+\-@]/m.test(pageCsv.split("\n").slice(1).join("\n").replace(/"[^"]*"/g, "")), "a cell starts with a formula character");
  const late = requests.slice(loaded).filter((u) => !u.startsWith("blob:") && !u.startsWith("data:"));
  check("no request after load (drops, hovers and exports included)", late.length === 0, late.join("\n"));
  check("no request to another origin", requests.every((u) => u.startsWith(origin) || u.startsWith("blob:") || u.startsWith("data:")), requests.join("\n"));
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, "hostile.png"), fullPage: true });
  check("nothing was written to storage", (await page.evaluate(() => localStorage.length + sessionStorage.length)) === 0);

  // A panic in the engine worker becomes an error card, and a fresh worker takes the files back.
  await page.goto(origin + SUB + "#selftest-panic");
  await page.waitForSelector("text=Engine worker: ready", { timeout: T });
  await page.click("button.load-sample");
  // Rows from the hostile files are already there: wait for the sample's own report, and the
  // results over it, before taking the count to come back to.
  await page.waitForSelector('.file-card[data-file-name^="Sample"] .rows-loaded', { timeout: T });
  await page.waitForFunction((n) => Number(document.querySelector(".result-count")?.textContent) > n, cliRows.length, { timeout: T });
  const before = await page.textContent(".result-count");
  await page.click("button.selftest-panic");
  await page.waitForSelector(".file-card-error", { timeout: T });
  const card = await page.textContent(".file-card-error");
  check("a worker panic becomes an error card naming the failure", card.includes("The engine failed on this file") && card.includes("deliberate panic"), card);
  check("the page says the engine was restarted", (await page.textContent(".notice")).includes("restarted"));
  await page.waitForSelector("text=Engine worker: ready", { timeout: T });
  // The fresh worker answers its own hunt over nothing first, then over the replayed sample:
  // wait until the count is back and stays back.
  let settled = false;
  for (const deadline = Date.now() + T; !settled && Date.now() < deadline; ) {
    await page.waitForTimeout(500);
    if ((await page.textContent(".result-count")) !== before) continue;
    await page.waitForTimeout(2000);
    settled = (await page.textContent(".result-count")) === before;
  }
  check("the fresh worker has the other files back", settled, await page.textContent(".result-count"));
  check("the page is alive: parameters still re-run the hunt", await (async () => {
    await page.fill(".param-window", "30");
    await page.dispatchEvent(".param-window", "change");
    await page.waitForFunction((n) => document.querySelector(".result-count")?.textContent !== n, before, { timeout: T });
    return true;
  })());

  // A 10 GB sparse file (no disk used) is refused before a byte is read; the page stays alive.
  const sparse = path.join(tmp, "SecurityEvent-10GB.csv");
  fs.closeSync(fs.openSync(sparse, "w"));
  fs.truncateSync(sparse, 10 * 2 ** 30);
  const counted = await page.textContent(".result-count");
  await page.setInputFiles("#file-input", [sparse]);
  const sparseCard = page.locator(`.file-card[data-file-name="${path.basename(sparse)}"]`);
  await sparseCard.locator(".error").waitFor({ timeout: T });
  const refusal = await sparseCard.textContent();
  check("a 10 GB file is refused before reading, saying where to run it instead", refusal.includes("not read") && refusal.includes("huntbench hunt") && refusal.includes("KQL"), refusal);
  check("after the refusal, the results stand and the worker is ready",
    (await page.textContent(".result-count")) === counted && (await page.textContent(".worker-status")).includes("ready"));
} catch (e) {
  check("the hostile run finished", false, e.stack ?? String(e));
} finally {
  await browser.close();
  close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
finish();
