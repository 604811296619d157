// The plain JavaScript peer: the seed hunt as a competent JavaScript developer would write it
// for the browser, with no library. Files stream through `file.stream()` and a
// TextDecoderStream; JSON Lines are split into lines and parsed with JSON.parse one by one;
// portal CSV goes through a small streaming RFC 4180 parser. Only the columns the hunt needs
// are kept, only of the rows it can use (matching alerts, RDP logons). The hunt follows
// shared/spec/hunt-semantics.md: has_any with the term rule, groups on the exact time, the
// full cross product per host, an inclusive window in exact 100 ns ticks.
//
// Runs in the browser (peers page) and in Node 20 (Blobs from fs.openAsBlob) alike.

export const SEED_ALERT_NAMES = [
  "Atypical travel",
  "Unfamiliar sign-in properties",
  "Anonymous IP address",
  "Malware linked IP address",
  "Malicious IP address",
  "Password Spray",
  "Targeted port scans",
];

// The syntax characters of a u-mode regex (where `\-` outside a class is an error).
const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * has_any with Kusto's term rule: no letter or number just before or just after a needle,
 * compared case-insensitively. ASCII values go through an /iu regex. Others are first folded
 * char by char through the simple lower-case mapping, as Kusto folds both sides, and matched
 * case-sensitively against the folded needles: /iu's Unicode case folding alone would also
 * take the long s (ſ) for an s, which Kusto does not.
 */
export function hasAnyMatcher(needles) {
  const regex = (list, flags) => {
    // The seed's needles start and end with letters; a needle that starts or ends with a
    // separator has no boundary to check on that side.
    const parts = list.map((n) => {
      const first = /^[\p{L}\p{N}]/u.test(n) ? "(?<![\\p{L}\\p{N}])" : "";
      const last = /[\p{L}\p{N}]$/u.test(n) ? "(?![\\p{L}\\p{N}])" : "";
      return `${first}${escapeRegex(n)}${last}`;
    });
    return new RegExp(parts.join("|"), flags);
  };
  const ascii = regex(needles, "iu");
  const folded = regex(needles.map(lowerSimple), "u");
  return (value) => (ASCII.test(value) ? ascii.test(value) : folded.test(lowerSimple(value)));
}

// ---- case mapping: Kusto's toupper/tolower map one char to one char --------------------
const ASCII = /^[\x00-\x7f]*$/;
function simpleCase(s, toCase) {
  if (ASCII.test(s)) return toCase.call(s);
  let out = "";
  for (const ch of s) {
    const m = toCase.call(ch);
    // A mapping that is not one char (ß → SS) leaves the char as it is.
    out += [...m].length === 1 ? m : ch;
  }
  return out;
}
export const upperSimple = (s) => simpleCase(s, String.prototype.toUpperCase);
export const lowerSimple = (s) => simpleCase(s, String.prototype.toLowerCase);

// ---- times as exact 100 ns ticks ----------------------------------------------------------
// Ticks since 2025-01-01 as a Number: exact while |ticks| < 2^53, i.e. for times from 1996 to
// 2053. A time outside that range is an error rather than a silently rounded tick.
const EPOCH_MS = Date.UTC(2025, 0, 1);
const TICKS_PER_MS = 10_000;
export const WINDOW_TICKS = 15 * 60 * 1000 * TICKS_PER_MS;

function ticks(y, mo, d, h, mi, s, frac) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(ms).getUTCDate() !== d) return null; // 2/30/2026
  // frac: the fractional digits, up to 7, as ticks.
  const t = (ms - EPOCH_MS) * TICKS_PER_MS + (frac ? Number(frac.padEnd(7, "0")) : 0);
  if (!Number.isSafeInteger(t)) throw new Error(`time outside the exact range of the plain JS peer: ${y}-${mo}-${d}`);
  return t;
}

// Portal display times: `9/15/2026, 6:03:43.521 AM` (month first, as the generator writes).
const PORTAL_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))? ([AP]M)$/;
export function portalTicks(v) {
  const m = PORTAL_TIME.exec(v);
  if (!m) return null;
  let h = Number(m[4]);
  if (h < 1 || h > 12) return null; // 14:51:35.857 PM is impossible
  if (m[8] === "AM") h = h === 12 ? 0 : h;
  else h = h === 12 ? 12 : h + 12;
  return ticks(Number(m[3]), Number(m[1]), Number(m[2]), h, Number(m[5]), Number(m[6]), m[7]);
}

// ISO 8601 UTC with up to seven fractional digits: `2026-09-15T06:03:43.5211170Z`.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?Z?$/;
export function isoTicks(v) {
  const m = typeof v === "string" ? ISO_TIME.exec(v) : null;
  if (!m) return null;
  return ticks(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), m[7]);
}

/** A value as Kusto's string: never null. */
const str = (v) => (typeof v === "string" ? v : v == null ? "" : String(v));
/** EventID and LogonType are integers: 10, "10" and 10.0 are ten; "" and null are not. */
const int = (v) => (v === "" || v == null ? NaN : Number(v));

// ---- reading ------------------------------------------------------------------------------
async function* textChunks(file) {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** JSON Lines: each line one record; a broken line is skipped and counted. */
async function readJsonLines(file, onRecord, stats) {
  let rest = "";
  const line = (l) => {
    if (l.trim() === "") return;
    let rec;
    try {
      rec = JSON.parse(l);
    } catch {
      stats.skipped++;
      return;
    }
    if (rec === null || typeof rec !== "object" || Array.isArray(rec)) {
      stats.skipped++;
      return;
    }
    stats.read++;
    onRecord(rec);
  };
  for await (const chunk of textChunks(file)) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      line(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  line(rest);
}

/**
 * Portal CSV, RFC 4180: fields separated by commas, records by CRLF or LF; a quoted field may
 * hold commas, line breaks and doubled quotes. `columns(header)` returns, for each column,
 * the slot to keep it in or -1; `onRecord(values)` gets the kept values.
 */
async function readCsv(file, columns, onRecord, stats) {
  let slots = null; // header not read yet
  let values = null;
  let buf = "";
  const QUOTE = 34, COMMA = 44, LF = 10, CR = 13;

  // Parses one record at `pos`; returns the position after it, or -1 when `buf` ends first
  // (more text is needed) and `last` is false.
  const record = (pos, last) => {
    const fields = [];
    const n = buf.length;
    let i = pos;
    for (let col = 0; ; col++) {
      const keep = slots === null || (col < slots.length && slots[col] >= 0);
      let value;
      if (buf.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let parts = keep ? "" : null;
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q === -1) {
            if (!last) return -1;
            throw new Error(`${file.name}: a quoted field is not closed`);
          }
          if (q + 1 >= n && !last) return -1; // "" or " could follow: wait for more
          if (buf.charCodeAt(q + 1) === QUOTE) {
            if (keep) parts += buf.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          if (keep) parts += buf.slice(j, q);
          i = q + 1;
          break;
        }
        value = parts;
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = buf.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
        }
        if (j >= n && !last) return -1;
        value = keep ? buf.slice(i, j) : null;
        i = j;
      }
      if (keep) fields[col] = value;
      const c = buf.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !last) return -1;
        i += buf.charCodeAt(i + 1) === LF ? 2 : 1;
      } else if (c === LF) {
        i++;
      } else if (i < n) {
        throw new Error(`${file.name}: text after a closing quote at record ${stats.read + 1}`);
      }
      break;
    }
    if (slots === null) {
      // The header: without the BOM (TextDecoderStream drops it; be sure).
      if (fields[0]?.charCodeAt(0) === 0xfeff) fields[0] = fields[0].slice(1);
      slots = columns(fields);
      values = new Array(Math.max(-1, ...slots) + 1);
    } else if (fields.length === 1 && fields[0] === "") {
      // an empty line
    } else {
      values.fill("");
      for (let c = 0; c < fields.length && c < slots.length; c++) {
        if (slots[c] >= 0 && fields[c] !== undefined) values[slots[c]] = fields[c];
      }
      stats.read++;
      onRecord(values);
    }
    return i;
  };

  for await (const chunk of textChunks(file)) {
    buf += chunk;
    let pos = 0;
    for (;;) {
      if (pos >= buf.length) break;
      const next = record(pos, false);
      if (next === -1) break;
      pos = next;
    }
    buf = buf.slice(pos);
  }
  let pos = 0;
  while (pos < buf.length) pos = record(pos, true);
}

// ---- the tables --------------------------------------------------------------------------
const ALERT_COLUMNS = ["AlertName", "CompromisedEntity", "WorkspaceSubscriptionId", "TimeGenerated"];
const EVENT_COLUMNS = ["EventID", "LogonType", "Account", "AccountType", "Computer", "IpAddress", "Activity", "LogonTypeName", "TimeGenerated"];
/** `TimeGenerated [UTC]` → `TimeGenerated`. */
const columnName = (h) => h.replace(/ \[UTC\]$/, "");

function tableOf(names) {
  const has = (c) => names.includes(c);
  if (has("AlertName") && has("CompromisedEntity") && has("TimeGenerated")) return "SecurityAlert";
  if (has("EventID") && has("Computer") && has("TimeGenerated")) return "SecurityEvent";
  return null;
}

/**
 * Runs the seed hunt over `files` (Blob/File objects with `.name`) of one format,
 * "portal-csv" or "jsonl". Returns { rows, groups, logons, reports }: `rows` are the result
 * rows sorted by TimeGenerated then Interactivelogontime.
 */
export async function hunt(files, format, { alertNames = SEED_ALERT_NAMES, windowTicks = WINDOW_TICKS } = {}) {
  const matches = hasAnyMatcher(alertNames);
  const groups = new Map(); // JSON [ws, ENTITY, ticks] → group
  const logonsByHost = new Map(); // COMPUTER → [{ t, ... }]
  const reports = [];

  const addAlert = (name, entity, ws, t) => {
    if (t === null || !matches(name)) return;
    const ent = upperSimple(entity);
    const key = JSON.stringify([ws, ent, t]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { WorkspaceSubscriptionId: ws, CompromisedEntity: ent, TimeGenerated: t, count_: 0, names: new Set() }));
    g.count_++;
    g.names.add(name);
  };
  const addEvent = (eventId, logonType, account, accountType, computer, ip, activity, logonTypeName, t) => {
    if (t === null || int(eventId) !== 4624 || int(logonType) !== 10) return;
    const host = upperSimple(computer);
    let list = logonsByHost.get(host);
    if (!list) logonsByHost.set(host, (list = []));
    list.push({ t, account, accountType, ip, activity, logonTypeName });
  };

  for (const file of files) {
    const stats = { name: file.name, table: null, read: 0, skipped: 0 };
    reports.push(stats);
    if (format === "jsonl") {
      await readJsonLines(file, (r) => {
        const table = (stats.table ??= tableOf(Object.keys(r)));
        const t = isoTicks(r.TimeGenerated);
        if (t === null) stats.skipped++;
        if (table === "SecurityAlert") addAlert(str(r.AlertName), str(r.CompromisedEntity), str(r.WorkspaceSubscriptionId), t);
        else if (table === "SecurityEvent")
          addEvent(r.EventID, r.LogonType, str(r.Account), str(r.AccountType), str(r.Computer), str(r.IpAddress), str(r.Activity), str(r.LogonTypeName), t);
      }, stats);
    } else if (format === "portal-csv") {
      const columns = (header) => {
        const names = header.map(columnName);
        stats.table = tableOf(names);
        const wanted = stats.table === "SecurityAlert" ? ALERT_COLUMNS : stats.table === "SecurityEvent" ? EVENT_COLUMNS : [];
        return names.map((n) => wanted.indexOf(n));
      };
      await readCsv(file, columns, (v) => {
        if (stats.table === "SecurityAlert") {
          const t = portalTicks(v[3]);
          if (t === null) stats.skipped++;
          addAlert(v[0], v[1], v[2], t);
        } else if (stats.table === "SecurityEvent") {
          const t = portalTicks(v[8]);
          if (t === null) stats.skipped++;
          addEvent(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], t);
        }
      }, stats);
    } else {
      throw new Error(`unknown format ${format}`);
    }
    if (stats.table === null) throw new Error(`${file.name}: neither SecurityAlert nor SecurityEvent`);
  }

  // The join: logons per host sorted by time; each group finds its window by binary search.
  for (const list of logonsByHost.values()) list.sort((a, b) => a.t - b.t);
  const rows = [];
  for (const g of groups.values()) {
    const list = logonsByHost.get(g.CompromisedEntity);
    if (!list) continue;
    const from = g.TimeGenerated;
    const to = from + windowTicks;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].t < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && list[i].t <= to; i++) {
      const l = list[i];
      rows.push({
        TimeGenerated: from,
        Interactivelogontime: l.t,
        AccountCustomEntity: lowerSimple(l.account),
        AccountType: l.accountType,
        CompromisedEntity: g.CompromisedEntity,
        Activity: l.activity,
        IpAddress: l.ip,
        TimeWindow: to,
      });
    }
  }
  rows.sort((a, b) => a.TimeGenerated - b.TimeGenerated || a.Interactivelogontime - b.Interactivelogontime);
  let logons = 0;
  for (const list of logonsByHost.values()) logons += list.length;
  return { rows, groups: groups.size, logons, reports };
}

/** Ticks since 2025 back to ISO 8601 with seven digits, for checking rows against a key. */
export function ticksToIso(t) {
  const ms = Math.floor(t / TICKS_PER_MS);
  const sub = t - ms * TICKS_PER_MS;
  const d = new Date(EPOCH_MS + ms).toISOString(); // 2026-09-15T06:03:43.521Z
  return `${d.slice(0, 23)}${String(sub).padStart(4, "0")}Z`;
}
