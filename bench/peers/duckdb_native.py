"""Native DuckDB (the PyPI package) running the hunt of peers/hunt.sql over two files.

    python duckdb_native.py FORMAT ALERTS EVENTS      FORMAT: portal-csv | jsonl

Prints one line of JSON: {"rows": N, "seconds": S, "duckdb": VERSION, "threads": T}. The time
covers connecting, reading both files and the query up to the last result row fetched: no table
is loaded beforehand. DuckDB runs with its default number of threads.
"""

import json
import pathlib
import re
import sys
import time

import duckdb

SQL_FILE = pathlib.Path(__file__).with_name("hunt.sql")


def sections(text):
    """The `-- [name]` sections of hunt.sql, their comment lines left out."""
    out = {}
    name = None
    for line in text.splitlines():
        m = re.fullmatch(r"-- \[(.+)\]", line.strip())
        if m:
            name = m.group(1)
            out[name] = []
        elif name is not None and not line.lstrip().startswith("--"):
            out[name].append(line)
    return {k: "\n".join(v).strip() for k, v in out.items()}


def sql_string(s):
    return "'" + s.replace("'", "''") + "'"


def hunt_sql(fmt, alerts, events):
    s = sections(SQL_FILE.read_text(encoding="utf-8"))
    reader = lambda table, path: s[f"reader {fmt} {table}"].replace("{{PATH}}", sql_string(path))
    return (s["hunt"]
            .replace("{{ALERTS}}", reader("SecurityAlert", alerts))
            .replace("{{EVENTS}}", reader("SecurityEvent", events)))


def main(argv):
    if len(argv) != 4 or argv[1] not in ("portal-csv", "jsonl"):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    fmt, alerts, events = argv[1], str(pathlib.Path(argv[2]).resolve()), str(pathlib.Path(argv[3]).resolve())
    sql = hunt_sql(fmt, alerts, events)
    t0 = time.perf_counter()
    con = duckdb.connect()
    rows = con.execute(sql).fetchall()
    seconds = time.perf_counter() - t0
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(json.dumps({"rows": len(rows), "seconds": seconds, "duckdb": duckdb.__version__, "threads": threads}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
