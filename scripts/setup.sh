#!/usr/bin/env bash
# Installs every dependency SockStream needs on Debian 12 (apt packages listed in
# scripts/deps/apt-*.txt, npm packages from the lock files), then builds the
# server, its plugins and the web app. Safe to run again: it only does what is missing.
#
#   scripts/setup.sh            server + web app
#   scripts/setup.sh --tests    also the test tools (tests/node_modules)
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache hashes paths relative to the checkout, so another clone reuses the cache;
# with -g it would also hash the build directory itself, which differs in every
# clone (CI builds a fresh one), so that is turned off: only debug info's
# compilation directory may then name the clone that filled the cache.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=true

with_tests=0
[ "${1:-}" = "--tests" ] && with_tests=1

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

packages=$(sed -e 's/#.*//' scripts/deps/apt-*.txt | tr -s ' \n' ' ')
missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "==> installing Debian packages:$missing"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $missing
fi
if ! command -v node >/dev/null 2>&1; then
  echo "==> installing Node.js from Debian"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm
fi

jobs=$(nproc)
echo "==> building the server (build/)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCKSTREAM_BUILD_TESTS=$([ $with_tests = 1 ] && echo ON || echo OFF) >/dev/null
cmake --build build -j"$jobs"

if [ -f web/package.json ]; then
  echo "==> building the web app (web/dist)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi
if [ $with_tests = 1 ]; then
  echo "==> installing test tools (tests/node_modules)"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
