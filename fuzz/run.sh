#!/usr/bin/env bash
# Runs Huntbench's fuzz targets with cargo-fuzz on stable Rust.
#
#   bash fuzz/run.sh [-t SECONDS] [-s address|none] [-k] [TARGET...]
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
#   bash fuzz/run.sh -k -t 600 TARGET          (10 CPU-minutes)
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
while getopts "t:s:k" opt; do
  case "$opt" in
    t) SECONDS_EACH="$OPTARG" ;;
    s) SANITIZER="$OPTARG" ;;
    k) KEEP=1 ;;
    *) echo "usage: bash fuzz/run.sh [-t SECONDS] [-s address|none] [-k] [TARGET...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

ALL=(portal_csv plain_csv json_document json_array json_lines gzip zip evtx windows_event mordor datetime hunt any_file)
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
  # The binary cargo fuzz built, run directly: `cargo fuzz run` would check the build again.
  # New inputs go to the first folder; the seeds are read from the second.
  "$BIN/$t" "$corpus" "$FUZZ/seeds/$t" \
    -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$FUZZ/artifacts/$t/" >"$log" 2>&1
  status=$?
  [ "$KEEP" = 1 ] || rm -rf "$corpus"
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
  if [ "$status" = 0 ]; then
    passed=$((passed + 1))
    printf 'fuzz %-14s ok      %8s runs, %s, %ds\n' "$t" "${runs:-?}" "${cov:-cov: ?}" $((SECONDS - t0))
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
