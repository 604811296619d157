#!/usr/bin/env bash
# The benchmark of issue #5, in one command (see bench/README.md):
#
#   bash bench/run.sh [--sizes smoke|full|LIST] [--no-results] [--reps N] [--big-reps N]
#                      [--timeout S] [--tools LIST]
#
#   --sizes smoke   (the default) 5,000 events and 2,000 alerts: what CI runs, so the harness
#                   cannot rot; minutes less than a real measurement, and nothing to conclude
#   --sizes full    30,000, 500,000 and 2,000,000 events with 50,000 alerts
#   --sizes LIST    comma-separated event counts with 50,000 alerts, and/or `smoke`: 30000,smoke
#   --no-results    print the tables only; leave bench/RESULTS.md as it is (CI passes it)
#   --reps N        runs per tool and input, the best kept (default 3)
#   --big-reps N    the same for inputs of 1,000,000 events or more (default 2)
#   --timeout S     longest wait for one run (default: 100x native Huntbench's time, at least 120 s)
#   --tools LIST    only these of hb-wasm,duckdb-wasm,plainjs,hb-native,duckdb-native (to look
#                   into one; the run then checks only those)
#
# Setup is idempotent: `npm ci` in bench/ when node_modules is missing or older than the lock,
# a Python venv with the pinned DuckDB (requirements.txt) when it is missing or differs.
# The input files are generated once per size and format into
# ${XDG_CACHE_HOME:-~/.cache}/huntbench/bench-data/ and again only when the CLI is newer.
# It needs the release CLI ($CARGO_TARGET_DIR/release/huntbench) and the page (dist/): build()
# below makes them, unless BENCH_SKIP_BUILD=1.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/huntbench"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
HUNTBENCH="$CARGO_TARGET_DIR/release/huntbench"
DIST="$ROOT/dist"
VENV="$CACHE/bench-venv"
DATA="$CACHE/bench-data"
ALERTS=50000

say() { printf 'bench: %s\n' "$*"; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; echo "e2e: 0 passed, 1 failed"; exit 1; }

sizes=smoke
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) [ $# -ge 2 ] || die "--sizes needs a value"; sizes="$2"; shift 2 ;;
    --sizes=*) sizes="${1#--sizes=}"; shift ;;
    --no-results) pass+=("$1"); shift ;;
    --reps|--big-reps|--timeout|--big-events|--tools)
      [ $# -ge 2 ] || die "$1 needs a value"; pass+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
case "$sizes" in
  smoke) sizes=smoke ;;
  full) sizes=30000,500000,2000000 ;;
esac

# ---- build: the release CLI and the page (skipped with BENCH_SKIP_BUILD=1) -----------------
# The same commands as scripts/dev.sh (cli-build and trunk_build); its setup (trunk, wasm-opt on
# PATH, the wasm32 target) must have run once.
build() {
  export PATH="$ROOT/tests/e2e/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  say "cargo build --release --bin huntbench"
  (cd "$ROOT" && cargo build --release --bin huntbench)
  say "trunk build --release --offline"
  (cd "$ROOT" && cargo fetch --quiet && trunk build --release --offline)
}

if [ "${BENCH_SKIP_BUILD:-0}" = 1 ]; then
  say "BENCH_SKIP_BUILD=1: using the existing $HUNTBENCH and $DIST"
else
  build
fi
[ -x "$HUNTBENCH" ] || die "no CLI at $HUNTBENCH (run without BENCH_SKIP_BUILD=1 to build it)"
[ -f "$DIST/index.html" ] || die "no page in $DIST (run without BENCH_SKIP_BUILD=1 to build it)"

# ---- setup: npm packages and the DuckDB venv ------------------------------------------------
command -v node >/dev/null 2>&1 || die "Node.js is missing"
command -v python3 >/dev/null 2>&1 || die "python3 is missing"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "no Chromium at ${CHROMIUM:-/usr/bin/chromium}"
if [ ! -d "$BENCH/node_modules/@duckdb/duckdb-wasm" ] || [ ! -d "$BENCH/node_modules/playwright-core" ] \
  || [ ! -d "$BENCH/node_modules/esbuild" ] \
  || [ "$BENCH/package-lock.json" -nt "$BENCH/node_modules/.package-lock.json" ]; then
  say "npm ci in bench/ (DuckDB-wasm, esbuild, playwright-core)"
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
fi
want_duckdb="$(sed -n 's/^duckdb==//p' "$BENCH/requirements.txt")"
if [ "$("$VENV/bin/python" -c 'import duckdb; print(duckdb.__version__)' 2>/dev/null)" != "$want_duckdb" ]; then
  say "Python venv at $VENV with duckdb $want_duckdb"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$BENCH/requirements.txt"
fi

# ---- the input files ------------------------------------------------------------------------
dirs=()
gen() { # gen NAME EVENTS ALERTS FORMAT
  local dir="$DATA/$1-$4"
  if [ ! -f "$dir/.complete" ] || [ "$HUNTBENCH" -nt "$dir/.complete" ]; then
    say "generating $2 events and $3 alerts as $4 into $dir"
    rm -rf "$dir"
    "$HUNTBENCH" gen --seed 7 --alerts "$3" --events "$2" --format "$4" --out "$dir" >/dev/null
    touch "$dir/.complete"
  fi
  dirs+=("$dir")
}
IFS=, read -r -a list <<<"$sizes"
for size in "${list[@]}"; do
  case "$size" in
    smoke) for f in portal-csv jsonl; do gen smoke 5000 2000 "$f"; done ;;
    *[!0-9]*|'') die "--sizes: '$size' is neither smoke, full nor a number of events" ;;
    *) for f in portal-csv jsonl; do gen "$size" "$size" "$ALERTS" "$f"; done ;;
  esac
done

cd "$ROOT"
exec node "$BENCH/run.mjs" --huntbench "$HUNTBENCH" --dist "$DIST" --python "$VENV/bin/python" "${pass[@]}" "${dirs[@]}"
