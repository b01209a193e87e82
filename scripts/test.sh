#!/usr/bin/env bash
# Installs and builds everything, then runs every test suite: unit tests (also
# under AddressSanitizer + UndefinedBehaviorSanitizer), fuzz targets briefly,
# integration tests against the real server with real clients, and the web
# app's component and browser tests. Exits non-zero when any suite fails.
set -uo pipefail
cd "$(dirname "$0")/.."
# ccache hashes paths relative to the checkout, so another clone reuses the cache;
# with -g it would also hash the build directory itself, which differs in every
# clone (CI builds a fresh one), so that is turned off: only debug info's
# compilation directory may then name the clone that filled the cache.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=true
export CI="${CI:-}"

# Cheap guards first, before anything is built: plugins include only the SDK
# (and the shared tier), the core names no plugin; and the guard's own test.
early_failed=()
echo "==> layering"
scripts/check-layering.sh || early_failed+=("layering (scripts/check-layering.sh)")
guard_test=$(tests/scripts/check-layering.test.sh 2>&1) ||
  { echo "$guard_test"; early_failed+=("layering guard's test (tests/scripts/check-layering.test.sh)"); }

scripts/setup.sh --tests || exit 1
jobs=$(nproc)
failed=("${early_failed[@]}")
run() {
  local name=$1; shift
  echo
  echo "==> $name"
  if "$@"; then echo "==> $name: passed"; else echo "==> $name: FAILED"; failed+=("$name"); fi
}

run "unit tests" ctest --test-dir build --output-on-failure -j"$jobs" --timeout 300

sanitized_unit_tests() {
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSOCKSTREAM_SANITIZE=ON >/dev/null &&
  cmake --build build-asan -j"$jobs" &&
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" --timeout 600 -E '^fuzz_replay_'
}
run "unit tests under ASan+UBSan" sanitized_unit_tests

run "fuzz targets (libFuzzer, briefly)" scripts/fuzz.sh 20

if [ -d tests/integration ]; then
  run "integration tests (real server, real clients)" \
    env SOCKSTREAM_BUILD_DIR="$PWD/build" node --test --test-concurrency=1 --test-timeout=600000 tests/integration/
fi
if [ -f web/package.json ]; then
  run "web app component tests" bash -c 'cd web && npm test'
fi
if [ -d tests/e2e ] && ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
  run "browser end-to-end tests" \
    env SOCKSTREAM_BUILD_DIR="$PWD/build" SOCKSTREAM_REQUIRE_E2E=1 node --test --test-concurrency=1 --test-timeout=600000 tests/e2e/
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED suites: ${failed[*]}"
  exit 1
fi
echo "all suites passed"
