// The peers page's entry (bundled by esbuild into peers/build/peers.js): `window.bench`.
//
//   await window.bench.ready                    → { duckdb: { package, duckdb } | { error } }
//   await window.bench.run("duckdb", format)    → { rows, ms } or { error, ms }, over #files
//   await window.bench.run("plainjs", format)   → the same for the plain JavaScript hunt

import * as duckdbPeer from "./duckdb.mjs";
import * as plain from "./plainjs.mjs";

const status = document.getElementById("status");
const here = new URL(".", location.href);

const ready = duckdbPeer
  .init(new URL("duckdb/", here), new URL("hunt.sql", here).href)
  .then((v) => ({ duckdb: v }), (e) => ({ duckdb: { error: String(e?.message ?? e) } }))
  .then((r) => {
    status.textContent = `ready: ${JSON.stringify(r)}`;
    return r;
  });

async function run(tool, format) {
  const files = document.getElementById("files").files;
  const t0 = performance.now();
  try {
    let rows;
    if (tool === "duckdb") ({ rows } = await duckdbPeer.hunt(files, format));
    else if (tool === "plainjs") rows = (await plain.hunt([...files], format)).rows.length;
    else throw new Error(`unknown tool ${tool}`);
    return { rows, ms: performance.now() - t0 };
  } catch (e) {
    return { error: String(e?.message ?? e), ms: performance.now() - t0 };
  }
}

window.bench = { ready, run };
