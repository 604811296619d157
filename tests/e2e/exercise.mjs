// End-to-end test of exercise mode, in headless Chromium: drop a shipped exercise, answer its
// questions with what the CLI's hunt finds in the exercise's own files, see the score, reload
// and find the progress kept (local storage, under the file's SHA-256), open the same exercise
// from the built-in menu and find the same progress, then reset it.
//
//   node tests/e2e/exercise.mjs [path/to/dist]     (bash scripts/dev.sh test runs it)
//
// Prints one line per check, `e2e: N passed, N failed` last, and exits non-zero on any failure.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { checks, huntbench, launch, root, screenshots, serve } from "./harness.mjs";

const dist = path.resolve(process.argv[2] ?? path.join(root, "dist"));
const SUB = "/training/room/";
const EXERCISE = path.join(root, "www", "exercises", "night-shift.json");
const T = 30_000;

const { check, finish } = checks();

// The answers, found the way an analyst would: run the hunt over the exercise's two files.
const exercise = JSON.parse(fs.readFileSync(EXERCISE, "utf8"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "huntbench-exercise-"));
const files = exercise.files.map((f) => {
  const p = path.join(tmp, f.name);
  fs.writeFileSync(p, f.text);
  return p;
});
const rows = JSON.parse(huntbench("hunt", "--format", "json", ...files));
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

const { origin, close } = await serve(dist, SUB);
const browser = await launch();
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
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, "exercise.png") });
} catch (e) {
  check("the exercise run finished", false, e.stack ?? String(e));
} finally {
  await browser.close();
  close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
finish();
