// End-to-end smoke test of the built workbench in headless Chromium.
//
// Serves dist/ from its own static server under a sub-path (proving the build works when
// hosted anywhere), opens the page, checks the app mounted and its worker answered, and
// records every request: any request to another origin, outside the sub-path, or failing
// fails the test, as does any console error (CSP violations are reported there).
//
//   node tests/e2e/smoke.mjs [path/to/dist]     (bash scripts/dev.sh test runs it)
//
// Prints `e2e: N passed, N failed` last and exits non-zero on any failure.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, "..", "..", "dist"));
const shots = path.join(here, "screenshots");
const SUB = "/some/sub/path/";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`  ok    ${name}`);
  } else {
    failed++;
    console.log(`  FAIL  ${name}${detail ? `\n        ${detail.replaceAll("\n", "\n        ")}` : ""}`);
  }
}

// ---- static server: dist/ under SUB only ------------------------------------------------
const served = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  served.push(url.pathname);
  if (!url.pathname.startsWith(SUB)) {
    res.writeHead(404).end("outside the sub-path");
    return;
  }
  let rel = decodeURIComponent(url.pathname.slice(SUB.length)) || "index.html";
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

async function main() {
  if (!fs.existsSync(path.join(dist, "index.html"))) {
    check(`dist/ has an index.html (${dist})`, false, "run `trunk build --release` first");
    return;
  }
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
    for (const colorScheme of ["light", "dark"]) {
      console.log(`e2e: ${pageUrl} (${colorScheme})`);
      const context = await browser.newContext({ colorScheme, viewport: { width: 1100, height: 700 } });
      const page = await context.newPage();
      const requests = [];
      const problems = [];
      const consoleErrors = [];
      // Requests from the page and from its workers (context-level events include workers).
      context.on("request", (r) => requests.push(r.url()));
      context.on("requestfailed", (r) => problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
      context.on("response", (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(m.text());
      });
      page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));

      const response = await page.goto(pageUrl, { waitUntil: "load" });
      check(`[${colorScheme}] page loads under ${SUB}`, response?.ok() === true, `status ${response?.status()}`);

      const h1 = page.locator("h1");
      let heading = "";
      try {
        await h1.waitFor({ timeout: 20_000 });
        heading = (await h1.textContent())?.trim() ?? "";
      } catch (e) {
        heading = `<no h1: ${e.message.split("\n")[0]}>`;
      }
      check(`[${colorScheme}] app mounted: heading "Huntbench"`, heading === "Huntbench", `heading: ${heading}`);

      const tagline = (await page.locator(".tagline").textContent().catch(() => "")) ?? "";
      check(
        `[${colorScheme}] tagline`,
        tagline.includes("Recon Activity with Interactive Logon Correlation"),
        `tagline: ${tagline}`,
      );

      let status = "";
      try {
        await page.getByText(/Engine worker: ready \(huntbench \d+\.\d+\.\d+/).waitFor({ timeout: 20_000 });
        status = "ready";
      } catch {
        status = (await page.locator(".worker-status").textContent().catch(() => "")) ?? "<none>";
      }
      check(`[${colorScheme}] engine worker answered Ping with Pong`, status === "ready", `status: ${status}`);

      await page.waitForLoadState("networkidle").catch(() => {});
      await page.screenshot({ path: path.join(shots, `shell-${colorScheme}.png`), fullPage: true });

      const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("data:"));
      check(`[${colorScheme}] no request to another origin (${requests.length} requests)`, foreign.length === 0, foreign.join("\n"));
      const outside = requests.filter((u) => u.startsWith(`${origin}/`) && !u.startsWith(`${origin}${SUB}`));
      check(`[${colorScheme}] every request stays under ${SUB}`, outside.length === 0, outside.join("\n"));
      const seen = served.splice(0);
      const strays = seen.filter((p) => !p.startsWith(SUB));
      check(`[${colorScheme}] server saw only paths under ${SUB} (${seen.length})`, strays.length === 0, strays.join("\n"));
      check(`[${colorScheme}] worker started from its own files (worker_loader.js, worker.js, worker_bg.wasm)`,
        ["worker_loader.js", "worker.js", "worker_bg.wasm"].every((f) => seen.includes(`${SUB}${f}`)),
        seen.join("\n"));
      check(`[${colorScheme}] no failed requests`, problems.length === 0, problems.join("\n"));
      check(`[${colorScheme}] no console errors (CSP violations land here)`, consoleErrors.length === 0, consoleErrors.join("\n"));
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  check("e2e run completed", false, e.stack ?? String(e));
} finally {
  server.close();
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
