#!/usr/bin/env bash
# Builds every fuzz target with clang + libFuzzer (build-fuzz/) and runs each for
# SECONDS (default 20) from its corpus. A crash fails the run and leaves the
# input in build-fuzz/crashes/: add it to tests/fuzz/corpus/<target>/ as a regression.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache hashes paths relative to the checkout, so another clone reuses the cache;
# with -g it would also hash the build directory itself, which differs in every
# clone (CI builds a fresh one), so that is turned off: only debug info's
# compilation directory may then name the clone that filled the cache.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=true
seconds=${1:-20}
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DSOCKSTREAM_FUZZ=ON -DSOCKSTREAM_BUILD_TESTS=ON >/dev/null
targets=$(cmake --build build-fuzz --target help | sed -n 's/^\(fuzz_[a-z0-9_]*\):.*/\1/p' | sort -u)
if [ -z "$targets" ]; then echo "no fuzz targets"; exit 0; fi
cmake --build build-fuzz -j"$(nproc)" --target $targets
mkdir -p build-fuzz/crashes
status=0
for target in $targets; do
  name=${target#fuzz_}
  corpus=tests/fuzz/corpus/$name
  work=build-fuzz/corpus/$name
  mkdir -p "$work"
  [ -d "$corpus" ] && cp -n "$corpus"/* "$work"/ 2>/dev/null || true
  echo "--> $target for ${seconds}s"
  if ! build-fuzz/fuzz/$target "$work" -max_total_time="$seconds" -rss_limit_mb=2048 \
       -artifact_prefix=build-fuzz/crashes/"$name"- -print_final_stats=0 2>&1 | tail -3; then
    echo "--> $target found a crash (see build-fuzz/crashes/)"
    status=1
  fi
done
exit $status
