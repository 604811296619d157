// What the e2e tests share: serving dist/ under a sub-path, launching Debian's Chromium kept off
// the network, the CLI over the same bytes, and the `ok`/`FAIL` lines that end with the
// `e2e: N passed, N failed` line scripts/dev.sh counts. (smoke.mjs, offline.mjs and
// workbench.mjs predate it and still carry their own copies.)

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const screenshots = path.join(root, "tests", "e2e", "screenshots");

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

/** Serves `dist` under `sub` only, uncached; resolves to { origin, close }. */
export async function serve(dist, sub) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (!url.pathname.startsWith(sub)) return res.writeHead(404).end();
    const file = path.resolve(dist, decodeURIComponent(url.pathname.slice(sub.length)) || "index.html");
    if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** Headless Chromium with the flags that keep it from reaching out on its own. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** `huntbench ARGS...` (release build; dev.sh builds it before the e2e stage); its stdout. */
export function huntbench(...args) {
  const r = spawnSync("cargo", ["run", "--release", "--quiet", "--bin", "huntbench", "--", ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`huntbench ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** One `ok`/`FAIL` line per check; `finish()` prints the closing line and sets the exit code. */
export function checks() {
  let passed = 0;
  let failed = 0;
  return {
    check(name, ok, detail = "") {
      if (ok) passed++;
      else failed++;
      console.log(`  ${ok ? "ok  " : "FAIL"}  ${name}${ok || !detail ? "" : `\n        ${String(detail).slice(0, 2000)}`}`);
      return ok;
    },
    finish() {
      console.log(`e2e: ${passed} passed, ${failed} failed`);
      process.exitCode = failed === 0 ? 0 : 1;
    },
  };
}
