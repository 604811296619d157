// Checks the plain JavaScript peer in Node against a generated answer key, row by row (as
// multisets of the output columns that identify a row), not only by count:
//
//   node bench/peers/check_plainjs.mjs DIR FORMAT     DIR from `huntbench gen`, FORMAT portal-csv|jsonl
//
// A development aid: run.mjs measures the same module in the browser and checks counts there.

import fs from "node:fs";
import path from "node:path";
import { hunt, ticksToIso } from "./src/plainjs.mjs";

const [dir, format] = process.argv.slice(2);
const ext = format === "jsonl" ? "jsonl" : "csv";
const files = [];
for (const table of ["SecurityAlert", "SecurityEvent"]) {
  const blob = await fs.openAsBlob(path.join(dir, `${table}.${ext}`));
  blob.name = `${table}.${ext}`;
  files.push(blob);
}
const t0 = performance.now();
const result = await hunt(files, format);
const ms = performance.now() - t0;
const key = JSON.parse(fs.readFileSync(path.join(dir, "answer-key.json"), "utf8")).expected_rows;
const id = (r) => [r.TimeGenerated, r.Interactivelogontime, r.CompromisedEntity, r.AccountCustomEntity, r.IpAddress, r.TimeWindow].join("|");
const count = (ids) => ids.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map());
const got = count(result.rows.map((r) => id({ ...r, TimeGenerated: ticksToIso(r.TimeGenerated), Interactivelogontime: ticksToIso(r.Interactivelogontime), TimeWindow: ticksToIso(r.TimeWindow) })));
const want = count(key.map(id));
let diff = 0;
for (const k of new Set([...got.keys(), ...want.keys()])) {
  if ((got.get(k) ?? 0) !== (want.get(k) ?? 0)) {
    if (diff++ < 5) console.log(`  differs: ${k}: plain JS ${got.get(k) ?? 0}, key ${want.get(k) ?? 0}`);
  }
}
console.log(`${dir} ${format}: ${result.rows.length} rows (key ${key.length}), ${result.groups} groups, ${result.logons} logons, ${ms.toFixed(0)} ms; ` +
  `${diff === 0 ? "same rows as the key" : `${diff} row identities differ`}; ${JSON.stringify(result.reports)}`);
process.exitCode = diff === 0 && result.rows.length === key.length ? 0 : 1;
