// A static file server for the benchmark: several directories, each under its own URL prefix,
// on 127.0.0.1 only, uncached. It records every path asked for, so the run can show that the
// pages fetched nothing but their own files.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".sql": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json",
};

/**
 * Serves `mounts`, an object of URL prefix ("/huntbench/") → directory. Resolves to
 * { origin, served, close }: `served` is the list of { path, status } asked for so far.
 */
export async function serveMounts(mounts) {
  const roots = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix, fs.realpathSync(dir)])
    .sort((a, b) => b[0].length - a[0].length); // the longest prefix wins
  const served = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const answer = (status, headers = {}) => {
      served.push({ path: url.pathname, status });
      res.writeHead(status, { "cache-control": "no-store", ...headers });
    };
    const mount = roots.find(([prefix]) => url.pathname.startsWith(prefix));
    if (!mount || (req.method !== "GET" && req.method !== "HEAD")) return answer(404), res.end();
    const [prefix, dir] = mount;
    let rel;
    try {
      rel = decodeURIComponent(url.pathname.slice(prefix.length)) || "index.html";
    } catch {
      return answer(400), res.end();
    }
    const file = path.resolve(dir, rel);
    let stat = null;
    if (file.startsWith(dir + path.sep)) stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat || !stat.isFile()) return answer(404), res.end();
    answer(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "content-length": stat.size });
    if (req.method === "HEAD") return res.end();
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    served,
    close: () => new Promise((ok) => {
      server.close(ok);
      server.closeAllConnections();
    }),
  };
}
