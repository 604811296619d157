// End-to-end test of exercise mode, in headless Chromium: drop a shipped exercise, answer its
// questions with what the CLI's hunt finds in the exercise's own files, see the score, reload
// and find the progress kept (local storage, under the file's SHA-256), open the same exercise
// from the built-in menu and find the same progress, then reset it.
//
//   node tests/e2e/exercise.mjs [path/to/dist]     (bash scripts/dev.sh test runs it)
//
// Prints one line per check, `e2e: N passed, N failed` last, and exits non-zero on any failure.

import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const dist = path.resolve(process.argv[2] ?? path.join(root, "dist"));
const SUB = "/training/room/";
const EXERCISE = path.join(root, "www", "exercises", "night-shift.json");
const T = 30_000;

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`  ${ok ? "ok  " : "FAIL"}  ${name}${ok || !detail ? "" : `\n        ${detail}`}`);
  return ok;
}

// The answers, found the way an analyst would: run the hunt over the exercise's two files.
const exercise = JSON.parse(fs.readFileSync(EXERCISE, "utf8"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "huntbench-exercise-"));
const files = exercise.files.map((f) => {
  const p = path.join(tmp, f.name);
  fs.writeFileSync(p, f.text);
  return p;
});
const cli = spawnSync("cargo", ["run", "--release", "--quiet", "--bin", "huntbench", "--", "hunt", "--format", "json", ...files], {
  cwd: root,
  encoding: "utf8",
  maxBuffer: 1 << 28,
});
if (cli.status !== 0) {
  console.log(cli.stderr);
  throw new Error("the CLI could not run the hunt over the exercise's files");
}
const rows = JSON.parse(cli.stdout);
const prompt = (id) => exercise.questions.find((q) => q.id === id).prompt;
const host = prompt("account").split(" to ")[1].split(" ")[0];
const hostRow = rows.find((r) => r.CompromisedEntity === host);
const answers = {
  hosts: [...new Set(rows.map((r) => r.CompromisedEntity))].join(", "),
  rows: String(rows.length),
  account: hostRow.AccountCustomEntity,
  ip: hostRow.IpAddress,
};
const points = Object.keys(answers).reduce((s, id) => s + exercise.questions.find((q) => q.id === id).points, 0);
const total = exercise.questions.reduce((s, q) => s + q.points, 0);

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (!url.pathname.startsWith(SUB)) return res.writeHead(404).end();
  const file = path.resolve(dist, decodeURIComponent(url.pathname.slice(SUB.length)) || "index.html");
  if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end();
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
  res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 1200 } });
const foreign = [];
context.on("request", (r) => {
  if (!r.url().startsWith(origin) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) foreign.push(r.url());
});
const page = await context.newPage();
const dialogs = [];
page.on("dialog", (d) => {
  dialogs.push(d.message());
  d.dismiss();
});
const ready = () => page.waitForSelector("text=Engine worker: ready", { timeout: T });
const score = () => page.textContent(".score");

try {
  await page.goto(origin + SUB);
  await ready();
  await page.setInputFiles("#file-input", EXERCISE);
  await page.waitForSelector(".exercise", { timeout: T });
  check("dropping an exercise opens exercise mode", (await page.textContent(".exercise h2")) === `Exercise: ${exercise.title}`);
  check("its story is shown", (await page.textContent(".story")).startsWith("It is "));
  check("every question has an answer field", (await page.$$(".question .answer")).length === exercise.questions.length);
  await page.waitForSelector(".result-row", { timeout: T });
  check("its files are loaded and hunted", (await page.textContent(".result-count")) === String(rows.length), `CLI: ${rows.length}`);
  check("the score starts at zero", (await score()) === `Score 0 / ${total}`, await score());

  const answer = async (id, text) => {
    await page.fill(`[data-question='${id}'] .answer`, text);
    await page.click(`[data-question='${id}'] .check`);
    await page.waitForSelector(`[data-question='${id}'] .verdict`, { timeout: T });
    return page.textContent(`[data-question='${id}'] .verdict`);
  };
  check("a wrong answer is not accepted", (await answer("rows", String(rows.length + 1))).includes("Not yet"));
  await page.click("[data-question='hosts'] .hint");
  check("a hint is revealed on demand", (await page.$$("[data-question='hosts'] .hints li")).length === 1);
  for (const [id, text] of Object.entries(answers)) {
    check(`the hunt's answer to '${id}' is right`, (await answer(id, text)).includes("Right"), `answered ${text}`);
  }
  check("the score adds their points", (await score()) === `Score ${points} / ${total}`, await score());

  await page.reload();
  await ready();
  await page.setInputFiles("#file-input", EXERCISE);
  await page.waitForSelector(".exercise", { timeout: T });
  check("progress survives a reload", (await score()) === `Score ${points} / ${total}`, await score());
  const stored = await page.evaluate(() => Object.keys(localStorage));
  check("local storage holds only the exercise's progress", stored.length === 1 && stored[0].startsWith("huntbench.exercise."), JSON.stringify(stored));

  await page.reload();
  await ready();
  await page.selectOption(".sample-picker", "exercise-night-shift");
  await page.waitForSelector(".exercise", { timeout: T });
  check("the built-in copy is the same exercise, with the same progress", (await score()) === `Score ${points} / ${total}`, await score());
  await page.click(".reset-progress");
  check("reset forgets the progress", (await score()) === `Score 0 / ${total}`, await score());
  check("no dialog opened", dialogs.length === 0, dialogs.join(", "));
  check("no request left the page's origin", foreign.length === 0, foreign.join(", "));
  fs.mkdirSync(path.join(here, "screenshots"), { recursive: true });
  await page.screenshot({ path: path.join(here, "screenshots", "exercise.png") });
} catch (e) {
  check("the exercise run finished", false, e.stack ?? String(e));
} finally {
  await browser.close();
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
