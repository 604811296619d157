#!/usr/bin/env bash
# Huntbench's two commands:
#
#   bash scripts/dev.sh serve   set up what is missing, then serve the workbench on
#                               http://127.0.0.1:8080 (release build, trunk)
#   bash scripts/dev.sh test    set up what is missing, then run every test: native cargo tests,
#                               the trunk release build, the wasm browser tests, end-to-end
#                               tests in headless Chromium, the benchmark at its smoke size
#                               (bench/run.sh), and a brief run of every fuzz target
#                               (fuzz/run.sh)
#
# Setup is idempotent and installs only what is missing (needs cargo and rustup; installs the
# wasm32 target, trunk 0.21, the wasm-bindgen CLI matching Cargo.lock, Debian's chromium and
# chromium-driver, Node.js if absent, and the npm packages of tests/e2e: playwright-core and
# binaryen's wasm-opt; for `test`, cargo-fuzz too).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
E2E="$ROOT/tests/e2e"
# Build artefacts live outside the checkout, so a fresh clone (CI's) starts warm: dependencies
# compile once per machine, not once per clone. Set CARGO_TARGET_DIR to choose another place.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/huntbench/target}"
export PATH="$E2E/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'dev.sh: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 && SUDO="sudo"
fi
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
lock_version() {
  awk -v pkg="$1" '$0 == "name = \"" pkg "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_common() {
  command -v cargo >/dev/null 2>&1 || die "cargo is missing: install Rust with rustup first"
  command -v rustup >/dev/null 2>&1 || die "rustup is missing: install Rust with rustup first"

  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi

  # Node.js for the e2e test and wasm-opt (some Node.js packages bring npm, Debian's does not).
  command -v node >/dev/null 2>&1 || apt_install nodejs
  command -v npm >/dev/null 2>&1 || apt_install npm

  # trunk 0.21 (0.22 needs a newer rustc than this project's).
  if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
    say "cargo install --locked trunk --version '~0.21' (takes 10 to 17 minutes)"
    cargo install --locked trunk --version '~0.21'
  fi

  # wasm-bindgen CLI (and wasm-bindgen-test-runner) at exactly Cargo.lock's version. Not
  # --locked: one locked dependency of the CLI is missing from the registry.
  local wb
  wb="$(lock_version wasm-bindgen)"
  [ -n "$wb" ] || die "no wasm-bindgen package in Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb" ] \
    || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    say "cargo install wasm-bindgen-cli --version $wb (takes about 5 minutes)"
    cargo install wasm-bindgen-cli --version "$wb"
  fi

  # npm packages of tests/e2e: binaryen (wasm-opt 132 for trunk) and playwright-core.
  if [ ! -x "$E2E/node_modules/.bin/wasm-opt" ] || [ ! -d "$E2E/node_modules/playwright-core" ] \
    || [ "$E2E/package-lock.json" -nt "$E2E/node_modules/.package-lock.json" ]; then
    say "npm ci in tests/e2e (binaryen, playwright-core)"
    (cd "$E2E" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  wasm-opt --version 2>/dev/null | grep -q 'version 132' \
    || die "wasm-opt 132 is not first on PATH ($(command -v wasm-opt || echo none))"

  # Every crate for every target, so the --offline builds below need no network.
  cargo fetch --quiet
}

setup_browser() {
  local missing=()
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  [ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  [ "$node_major" -ge 20 ] || die "Node.js $(node --version 2>/dev/null) is too old: playwright-core needs 20 or later"
}

# cargo-fuzz for the fuzz stage; fuzz/run.sh runs it on stable Rust with RUSTC_BOOTSTRAP=1.
setup_fuzz() {
  if ! cargo fuzz --version 2>/dev/null | grep -q '^cargo-fuzz 0\.13\.'; then
    say "cargo install --locked cargo-fuzz --version '~0.13' (takes about 2 minutes)"
    cargo install --locked cargo-fuzz --version '~0.13'
  fi
  command -v python3 >/dev/null 2>&1 || apt_install python3
}

# ---- test stages ------------------------------------------------------------------------
LOGS="$ROOT/target/dev-logs"
TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()

# stage NAME CMD...: runs CMD, tees its output to a log, counts the tests it reports
# (cargo's and wasm-bindgen-test's "test result:" lines, the e2e's "e2e: N passed, N failed"),
# and records the stage as one failure when it failed without reporting a failed test.
stage() {
  local name="$1"; shift
  local log="$LOGS/$name.log" start=$SECONDS status=0
  printf '\n==> %s: %s\n' "$name" "$*"
  "$@" 2>&1 | tee "$log" || status=$?
  local p f
  p=$(sed -nE 's/^test result: [A-Za-z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1/p; s/^e2e: ([0-9]+) passed, ([0-9]+) failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(sed -nE 's/^test result: [A-Za-z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\2/p; s/^e2e: ([0-9]+) passed, ([0-9]+) failed$/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
  if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  TOTAL_PASSED=$((TOTAL_PASSED + p))
  TOTAL_FAILED=$((TOTAL_FAILED + f))
  local verdict=ok
  [ "$status" = 0 ] || verdict="FAILED (exit $status)"
  summary_line "$name" "$verdict" "$p" "$f" $((SECONDS - start))
  return "$status"
}

summary_line() {
  SUMMARY+=("$(printf '%-12s %-17s %4d passed, %d failed  %4ds' "$@")")
}

# cargo fetch again right before the --offline build, in case Cargo.lock changed since setup.
trunk_build() {
  cargo fetch --quiet
  trunk build --release --offline
}

# The e2e tests against dist/, one after the other; each prints its `e2e: N passed, N failed`.
e2e_tests() {
  local status=0
  node "$E2E/smoke.mjs" "$ROOT/dist" || status=$?
  node "$E2E/offline.mjs" "$ROOT/dist" || status=$?
  node "$E2E/workbench.mjs" "$ROOT/dist" || status=$?
  node "$E2E/exercise.mjs" "$ROOT/dist" || status=$?
  node "$E2E/hostile.mjs" "$ROOT/dist" || status=$?
  node "$E2E/sessions.mjs" "$ROOT/dist" || status=$?
  return "$status"
}

cmd_test() {
  local t0=$SECONDS
  # The specs and real exports the tests read live in ../shared, beside the checkout.
  [ -d "$ROOT/../shared/spec" ] && [ -d "$ROOT/../shared/realdata" ] \
    || die "../shared (spec/ and realdata/) is missing beside the checkout, at $(cd "$ROOT/.." && pwd)/shared: the tests need it"
  setup_common
  setup_browser
  setup_fuzz
  say "ready ($((SECONDS - t0))s)"
  mkdir -p "$LOGS"

  stage native cargo test --workspace --all-targets || true
  # --all-targets leaves out doctests.
  stage doctests cargo test --workspace --doc || true
  if stage trunk-build trunk_build; then
    # The e2e tests compare the page with the CLI: build it first, so no test waits on a compile.
    stage cli-build cargo build --release --bin huntbench || true
    stage e2e e2e_tests || true
    # The benchmark of bench/ at its smoke size, so the command cannot rot: every tool must
    # give the answer key's rows (its speed targets are reported, not asserted). Its own
    # setup (npm ci in bench/, a venv with DuckDB) runs when missing.
    stage bench env BENCH_SKIP_BUILD=1 bash "$ROOT/bench/run.sh" --sizes smoke --no-results --reps 1 || true
  else
    summary_line e2e "SKIPPED (no dist)" 0 1 0
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
  fi
  # tests/webdriver.json: Chromium's binary and flags that keep it off the network.
  stage browser env CHROMEDRIVER="$CHROMEDRIVER" \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/tests/webdriver.json" \
    cargo test --target wasm32-unknown-unknown --test browser || true
  # Every fuzz target for 12 s from its seeds (about 3 minutes warm): fuzz/run.sh ends with a
  # cargo-style "test result:" line, one test per target, which `stage` counts.
  stage fuzz bash "$ROOT/fuzz/run.sh" -t 12 || true

  printf '\n==> summary (logs in target/dev-logs/, total %ds)\n' $((SECONDS - t0))
  printf '%s\n' "${SUMMARY[@]}"
  printf '%d passed, %d failed\n' "$TOTAL_PASSED" "$TOTAL_FAILED"
  [ "$TOTAL_FAILED" = 0 ]
}

cmd_serve() {
  setup_common
  say "serving on http://127.0.0.1:8080/ (Ctrl-C stops)"
  exec trunk serve --release --offline --address 127.0.0.1 --port 8080 --no-autoreload
}

case "${1:-}" in
  serve) cmd_serve ;;
  test) cmd_test ;;
  *)
    echo "usage: bash scripts/dev.sh serve|test" >&2
    exit 2
    ;;
esac
