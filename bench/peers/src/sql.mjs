// The sections of peers/hunt.sql (see its header), as duckdb_native.py reads them too.

/** `-- [name]` sections of the file's text, their comment lines left out. */
export function sections(text) {
  const out = {};
  let name = null;
  for (const line of text.split(/\r?\n/)) {
    const m = /^-- \[(.+)\]$/.exec(line.trim());
    if (m) {
      name = m[1];
      out[name] = [];
    } else if (name !== null && !line.trimStart().startsWith("--")) {
      out[name].push(line);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.join("\n").trim()]));
}

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

/** The hunt for `format` ("portal-csv" | "jsonl") over the files named `alerts` and `events`. */
export function huntSql(text, format, alerts, events) {
  const s = sections(text);
  const reader = (table, name) => {
    const r = s[`reader ${format} ${table}`];
    if (!r) throw new Error(`hunt.sql has no reader for ${format} ${table}`);
    return r.replaceAll("{{PATH}}", sqlString(name));
  };
  return s.hunt.replace("{{ALERTS}}", reader("SecurityAlert", alerts)).replace("{{EVENTS}}", reader("SecurityEvent", events));
}
