// The DuckDB-wasm peer: the eh bundle (one thread, wasm exceptions) from this origin, the
// files registered as browser File handles (DuckDB reads them in slices through FileReaderSync
// in its worker, never as one copy), then the shared SQL of peers/hunt.sql.

import * as duckdb from "@duckdb/duckdb-wasm";
import { huntSql } from "./sql.mjs";

let db = null;
let sqlText = null;

/** Starts DuckDB-wasm from `base` (a URL ending in /, holding the package's dist/ files). */
export async function init(base, sqlUrl) {
  const worker = new Worker(new URL("duckdb-browser-eh.worker.js", base));
  db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL("duckdb-eh.wasm", base).href);
  await db.open({});
  sqlText = await (await fetch(sqlUrl)).text();
  const conn = await db.connect();
  const version = (await conn.query("SELECT version() AS v")).getChild("v").get(0);
  await conn.close();
  return { package: duckdb.PACKAGE_VERSION, duckdb: version };
}

/**
 * Runs the hunt over `files` (a FileList of one alerts and one events file of `format`);
 * resolves to { rows } or rejects with DuckDB's error.
 */
export async function hunt(files, format) {
  const list = [...files];
  const alerts = list.find((f) => /SecurityAlert/.test(f.name));
  const events = list.find((f) => /SecurityEvent/.test(f.name));
  if (!alerts || !events) throw new Error(`need a SecurityAlert and a SecurityEvent file: ${list.map((f) => f.name)}`);
  for (const f of [alerts, events]) {
    await db.registerFileHandle(f.name, f, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  }
  const conn = await db.connect();
  try {
    const table = await conn.query(huntSql(sqlText, format, alerts.name, events.name));
    return { rows: table.numRows };
  } finally {
    await conn.close();
  }
}
