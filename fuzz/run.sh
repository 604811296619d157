#!/usr/bin/env bash
# Runs Huntbench's fuzz targets with cargo-fuzz on stable Rust.
#
#   bash fuzz/run.sh [-t SECONDS] [-c] [-s address|none] [-k] [TARGET...]
#
# Writes the seeds (fuzz/seed.py), builds every target once, then runs each TARGET (default:
# all) for SECONDS (default 15) with -max_total_time. A target passes when libFuzzer finds no
# crash, timeout, leak or out-of-memory in that time; a finding is saved under
# fuzz/artifacts/TARGET/ and its log's tail printed. Ends with a cargo-style line,
# `test result: ok|FAILED. N passed; N failed; ...`, one test per target, which
# scripts/dev.sh counts.
#
# Without -k each run starts from the seeds alone and throws away what it found, so its time
# stays the same from run to run (scripts/dev.sh). With -k the corpus fuzz/corpus/TARGET keeps
# every new input and is read again next time: use it for long runs,
#   bash fuzz/run.sh -k -c -t 600 TARGET       (10 CPU-minutes)
#
# With -c, SECONDS are the fuzzer's own CPU seconds, not wall-clock ones: on a machine that
# runs other work too, a run of -t 600 alone gets less than 10 CPU-minutes. The target is then
# stopped (SIGINT, which libFuzzer takes as a clean end) once /proc says it used that much.
#
# cargo-fuzz passes -Z flags to rustc, which stable Rust accepts with RUSTC_BOOTSTRAP=1.
set -uo pipefail

FUZZ="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$FUZZ")"
cd "$ROOT"
export RUSTC_BOOTSTRAP=1

SECONDS_EACH=15
SANITIZER=address
KEEP=0
CPU=0
while getopts "t:s:kc" opt; do
  case "$opt" in
    t) SECONDS_EACH="$OPTARG" ;;
    c) CPU=1 ;;
    s) SANITIZER="$OPTARG" ;;
    k) KEEP=1 ;;
    *) echo "usage: bash fuzz/run.sh [-t SECONDS] [-c] [-s address|none] [-k] [TARGET...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

ALL=(portal_csv plain_csv json_document json_array json_lines gzip zip evtx windows_event mordor datetime hunt sessions any_file)
TARGETS=("$@")
[ "${#TARGETS[@]}" -gt 0 ] || TARGETS=("${ALL[@]}")

# Largest input per target: a few KiB reach every path of the text readers; EVTX needs a chunk.
max_len() {
  case "$1" in
    evtx) echo 139264 ;;
    zip | gzip | any_file) echo 131072 ;;
    datetime) echo 256 ;;
    *) echo 65536 ;;
  esac
}

# User plus system CPU seconds a process has used, from /proc/PID/stat (fields 14 and 15).
cpu_seconds() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }
  # The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  echo "$stat" | sed 's/.*) //' | awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($12 + $13) / hz }'
}

command -v cargo-fuzz >/dev/null 2>&1 || { echo "fuzz: cargo-fuzz is missing: cargo install --locked cargo-fuzz" >&2; exit 1; }

python3 "$FUZZ/seed.py" || { echo "fuzz: seeding failed" >&2; exit 1; }

LOGS="$ROOT/target/dev-logs/fuzz"
# Under scripts/dev.sh, CARGO_TARGET_DIR is outside the checkout so fresh clones build warm. A
# folder per sanitizer, so switching does not rebuild everything.
TARGET_DIR="${CARGO_TARGET_DIR:-$FUZZ/target}/fuzz-$SANITIZER"
mkdir -p "$LOGS"
start=$SECONDS
echo "fuzz: building ${#ALL[@]} targets (sanitizer: $SANITIZER)"
if ! cargo fuzz build -O -s "$SANITIZER" --target-dir "$TARGET_DIR" >"$LOGS/build.log" 2>&1; then
  tail -40 "$LOGS/build.log"
  echo "fuzz: the build failed (log: $LOGS/build.log)"
  echo "test result: FAILED. 0 passed; ${#TARGETS[@]} failed; 0 ignored; 0 measured; 0 filtered out; finished in $((SECONDS - start)).00s"
  exit 1
fi
echo "fuzz: built in $((SECONDS - start))s"
BIN="$TARGET_DIR/$(rustc -vV | sed -n 's/^host: //p')/release"

passed=0
failed=0
pid=""
# A fuzzer runs in the background (so -c can watch it): stopping this script stops it too.
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
for t in "${TARGETS[@]}"; do
  log="$LOGS/$t.log"
  mkdir -p "$FUZZ/artifacts/$t" "$FUZZ/seeds/$t"
  if [ "$KEEP" = 1 ]; then
    corpus="$FUZZ/corpus/$t"
    mkdir -p "$corpus"
  else
    corpus="$(mktemp -d)"
  fi
  t0=$SECONDS
  # With -c the wall-clock bound is only a backstop; the CPU watch below ends the run.
  wall=$SECONDS_EACH
  [ "$CPU" = 1 ] && wall=$((SECONDS_EACH * 4))
  # The binary cargo fuzz built, run directly: `cargo fuzz run` would check the build again.
  # New inputs go to the first folder; the seeds are read from the second.
  "$BIN/$t" "$corpus" "$FUZZ/seeds/$t" \
    -max_total_time="$wall" -max_len="$(max_len "$t")" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$FUZZ/artifacts/$t/" >"$log" 2>&1 &
  pid=$!
  cpu_used=0
  stopped=0
  if [ "$CPU" = 1 ]; then
    while kill -0 "$pid" 2>/dev/null; do
      cpu_used=$(cpu_seconds "$pid")
      if [ "$cpu_used" -ge "$SECONDS_EACH" ]; then
        kill -INT "$pid" 2>/dev/null
        stopped=1
        break
      fi
      sleep 2
    done
  fi
  wait "$pid"
  status=$?
  # libFuzzer ends an interrupted run with exit code 72 (-interrupted_exitcode), after its stats.
  [ "$stopped" = 1 ] && [ "$status" = 72 ] && status=0
  [ "$KEEP" = 1 ] || rm -rf "$corpus"
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
  if [ "$status" = 0 ]; then
    passed=$((passed + 1))
    printf 'fuzz %-14s ok      %8s runs, %s, %ds%s\n' "$t" "${runs:-?}" "${cov:-cov: ?}" $((SECONDS - t0)) \
      "$([ "$CPU" = 1 ] && echo " (${cpu_used} CPU s)")"
  else
    failed=$((failed + 1))
    printf 'fuzz %-14s FAILED  (exit %s; log: %s)\n' "$t" "$status" "$log"
    grep -E 'panicked at|ERROR: libFuzzer|ERROR: AddressSanitizer|SUMMARY|Test unit written to|out-of-memory|timeout' "$log" | head -12
  fi
done

verdict=ok
[ "$failed" = 0 ] || verdict=FAILED
echo "test result: $verdict. $passed passed; $failed failed; 0 ignored; 0 measured; 0 filtered out; finished in $((SECONDS - start)).00s"
[ "$failed" = 0 ]
