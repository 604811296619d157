#!/usr/bin/env python3
"""Writes the fuzz targets' seeds: fuzz/seeds/<target>/ (gitignored, rewritten each time).

Sources, read at run time and never committed:
  - the public real exports in ../shared/realdata (or $HUNTBENCH_REALDATA), cut to small seeds;
  - scenarios from the generator (`huntbench gen`: $HUNTBENCH_BIN, or the debug build) in each of
    its formats (portal and plain CSV, API, ADX v1/v2 and Graph JSON, JSON arrays and Lines), with
    WindowsEvent logons, hostile values and its own gzip/zip, and gzip and zip files made here
    from them;
  - a few small hand-written documents and datetimes.

Idempotent: the seeds are rewritten; the corpora the fuzzer grows (fuzz/corpus/<target>/, see
run.sh -k) are left alone. The structured targets (windows_event, mordor, hunt) take
`arbitrary` input and get no seeds.

usage: python3 fuzz/seed.py
"""

import gzip
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
SEEDS = FUZZ / "seeds"
REALDATA = Path(os.environ.get("HUNTBENCH_REALDATA", ROOT.parent / "shared" / "realdata"))



def generator():
    """The huntbench binary: $HUNTBENCH_BIN, else the debug build (built here when needed)."""
    if os.environ.get("HUNTBENCH_BIN"):
        return [os.environ["HUNTBENCH_BIN"]]
    build = subprocess.run(["cargo", "build", "--quiet", "--bin", "huntbench"], cwd=ROOT)
    if build.returncode != 0:
        return None
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    if not target.is_absolute():
        target = ROOT / target
    return [str(target / "debug" / "huntbench")]


MAX_SEED = 48 * 1024  # text seeds are cut to this many bytes (at a line end)
CHUNK = 64 * 1024

seeds = {}  # target -> {name: bytes}


def add(target, name, data):
    seeds.setdefault(target, {})[name] = data


def cut(data, limit=MAX_SEED):
    """The first `limit` bytes, ending at a line end when there is one."""
    if len(data) <= limit:
        return data
    head = data[:limit]
    end = head.rfind(b"\n")
    return head[: end + 1] if end > 0 else head


def gz(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def zipped(members, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 2, 9, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return out.getvalue()


# The reader target of each generator format.
TARGET_OF = {
    "portal-csv": "portal_csv",
    "csv": "plain_csv",
    "api-json": "json_document",
    "adx-v1": "json_document",
    "adx-v2": "json_document",
    "graph": "json_document",
    "json-array": "json_array",
    "jsonl": "json_lines",
}

# (difficulty, format, extra options) of each scenario written.
SCENARIOS = (
    [("normal", f, []) for f in TARGET_OF]
    + [("hard", f, []) for f in ("portal-csv", "csv", "api-json", "jsonl")]
    + [("normal", f, ["--windows-events", "all"]) for f in ("csv", "api-json", "jsonl", "adx-v2")]
    + [("hard", f, ["--windows-events", "part", "--hostile"]) for f in ("portal-csv", "jsonl", "json-array", "graph")]
    + [("normal", f, ["--compress", c]) for f, c in (("csv", "gz"), ("jsonl", "zip"), ("api-json", "zip"))]
)


def generated():
    """Small scenarios from the generator: [(tag, format, [(file name, bytes)])]."""
    out = []
    gen = generator()
    if gen is None:
        print("seed: the generator does not build; seeding without its files", file=sys.stderr)
        return out
    with tempfile.TemporaryDirectory() as tmp:
        for i, (difficulty, fmt, extra) in enumerate(SCENARIOS):
            d = Path(tmp) / str(i)
            cmd = gen + ["gen", "--seed", str(7 + i), "--alerts", "24", "--events", "90", "--format", fmt,
                         "--difficulty", difficulty, "--out", str(d)] + extra
            run = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if run.returncode != 0:
                sys.stderr.write(run.stderr.decode(errors="replace")[-2000:])
                print("seed: the generator failed; seeding without its files", file=sys.stderr)
                return out
            files = sorted(p for p in d.iterdir() if not p.name.startswith("answer-key"))
            tag = "-".join([difficulty, fmt] + [x.lstrip("-") for x in extra])
            out.append((tag, fmt, [(p.name, p.read_bytes()) for p in files]))
    return out


def from_generator():
    for tag, fmt, files in generated():
        for name, data in files:
            seed = f"gen-{tag}-{name}"
            if name.endswith(".gz"):
                add("gzip", seed, data if len(data) <= 4 * MAX_SEED else gz(cut(gzip.decompress(data))))
                continue
            if name.endswith(".zip"):
                add("zip", seed, data if len(data) <= 4 * MAX_SEED else zipped([(name[:-4], cut(unzip_first(data)))]))
                continue
            target = TARGET_OF[fmt]
            add(target, seed, cut(data, 4 * MAX_SEED if target == "json_document" else MAX_SEED))
            small = cut(data, 8 * 1024)
            add("gzip", seed + ".gz", gz(small))
            add("zip", seed + ".zip", zipped([(name, small)]))
            add("datetime", seed, first_times(data))
        # Both exports in one zip (one member stored), and a gzip of two members.
        plain = [(n, d) for n, d in files if not n.endswith((".gz", ".zip"))]
        if len(plain) == 2:
            (a, da), (b, db) = plain
            add("zip", f"gen-{tag}-both.zip", zipped([(a, cut(da, 4096)), (b, cut(db, 4096))]))
            add("zip", f"gen-{tag}-stored.zip", zipped([(a, cut(da, 4096))], zipfile.ZIP_STORED))
            add("gzip", f"gen-{tag}-multi.gz", gz(cut(da, 4096)) + gz(cut(db, 4096)))


def unzip_first(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(z.infolist()[0])


def first_times(data):
    """A datetime value of the file, as the datetime target takes it."""
    for token in data.replace(b'"', b",").split(b","):
        t = token.strip()
        if t[:2] in (b"20", b"1/", b"2/", b"3/") and b":" in t:
            return t
    return b"2026-03-02T09:00:00.1234567Z"


def from_realdata():
    if not REALDATA.is_dir():
        print(f"seed: {REALDATA} is absent; seeding from the generator only")
        return
    csv_portal = REALDATA / "azure-sentinel" / "Microsoft_Security Events_Authentication_IngestedLogs.csv"
    for path, target in [
        (csv_portal, "portal_csv"),
        (REALDATA / "msticpy" / "alertlist.csv", "plain_csv"),
        (REALDATA / "msticpy" / "host_logons.csv", "plain_csv"),
        (REALDATA / "msticpy" / "az_mon_raw_query.json", "json_document"),
        (REALDATA / "azure-sentinel" / "RiskIQ_scenrio.json", "json_array"),
    ]:
        if path.is_file():
            data = cut(path.read_bytes())
            tag = "real-" + path.name.replace(" ", "_")
            add(target, tag, data)
            add("gzip", tag + ".gz", gz(data))
            add("zip", tag + ".zip", zipped([(path.name, cut(data, 8 * 1024))]))
    for z in sorted((REALDATA / "otrf").glob("*.zip")):
        with zipfile.ZipFile(z) as archive:
            for info in archive.infolist()[:1]:
                with archive.open(info) as member:
                    head = member.read(MAX_SEED)
                lines = cut(head)
                tag = "real-" + z.stem[:40]
                add("json_lines", tag, lines)
                add("zip", tag + ".zip", zipped([(info.filename, cut(lines, 16 * 1024))]))
                add("gzip", tag + ".gz", gz(cut(lines, 16 * 1024)))
    for e in sorted((REALDATA / "evtx-attack-samples").glob("*.evtx")):
        data = e.read_bytes()
        tag = "real-" + e.stem
        add("evtx", tag, data[: 4096 + CHUNK])  # a whole file of one chunk
        for i, start in enumerate(range(4096, len(data), CHUNK)):
            chunk = data[start : start + CHUNK].rstrip(b"\0")
            if chunk.startswith(b"ElfChnk\0"):
                add("evtx", f"{tag}-chunk{i}", chunk)


HAND_WRITTEN = {
    "json_document": {
        "adx-v1": b'{"Tables":[{"TableName":"Table_0","Columns":[{"ColumnName":"TimeGenerated","DataType":"DateTime"},'
        b'{"ColumnName":"AlertName","DataType":"String"},{"ColumnName":"CompromisedEntity","DataType":"String"}],'
        b'"Rows":[["2026-03-02T09:00:00Z","Atypical travel","WS01"]]},{"TableName":"Table_1","Columns":[],"Rows":[]}]}',
        "adx-v2": b'[{"FrameType":"DataSetHeader","IsProgressive":true,"Version":"v2.0"},'
        b'{"FrameType":"TableHeader","TableId":0,"TableKind":"PrimaryResult","TableName":"PrimaryResult",'
        b'"Columns":[{"ColumnName":"TimeGenerated","ColumnType":"datetime"},{"ColumnName":"EventID","ColumnType":"int"},'
        b'{"ColumnName":"LogonType","ColumnType":"int"},{"ColumnName":"Account","ColumnType":"string"},'
        b'{"ColumnName":"Computer","ColumnType":"string"}]},'
        b'{"FrameType":"TableFragment","TableId":0,"Rows":[["2026-03-02T09:05:00Z",4624,10,"C\\\\a","WS01"]]},'
        b'{"FrameType":"TableCompletion","TableId":0,"RowCount":1},{"FrameType":"DataSetCompletion","HasErrors":false}]',
        "graph": b'{"@odata.context":"x","schema":[{"Name":"TimeGenerated","Type":"DateTime"}],'
        b'"results":[{"TimeGenerated":"2026-03-02T09:00:00Z","AlertName":"Password Spray","CompromisedEntity":"ws01"}]}',
    },
    "datetime": {
        "iso7": b"2023-02-20T11:04:02.6371632Z",
        "iso-offset": b"2026-03-02T11:00:00+02:00",
        "iso-space": b"2025-11-21 19:45:18.0766240",
        "date": b"2026-03-02",
        "portal-us": b"1/29/2026, 5:44:10.000 AM",
        "portal-eu": b"16/07/2026 20:26:12.030",
        "portal-dots": b"16.07.2026 20:26",
        "impossible": b"3/31/2022, 14:51:35.857 PM",
        "max": b"9999-12-31T23:59:59.9999999Z",
    },
}


def main():
    from_generator()
    from_realdata()
    for target, named in HAND_WRITTEN.items():
        for name, data in named.items():
            add(target, "hand-" + name, data)
    # Every file seed is also a seed of any_file, which sniffs the format itself.
    for target in list(seeds):
        if target not in ("datetime", "evtx"):
            for name, data in seeds[target].items():
                add("any_file", f"{target}-{name}", data)
    for target in ("windows_event", "mordor", "hunt"):
        seeds.setdefault(target, {})
    for target, named in sorted(seeds.items()):
        d = SEEDS / target
        d.mkdir(parents=True, exist_ok=True)
        for old in d.iterdir():
            old.unlink()
        for name, data in named.items():
            (d / name).write_bytes(data)
    print("seed: " + ", ".join(f"{t} {len(n)}" for t, n in sorted(seeds.items())) + f" seeds in {SEEDS}")


if __name__ == "__main__":
    sys.exit(main())
