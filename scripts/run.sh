#!/usr/bin/env bash
# Quick start: install, build, and run SockStream on config/sockstream.json
# (embedded SQLite in ./data, http://localhost:8080, rtmp://localhost:1935/live).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/bin/sockstream --config "${SOCKSTREAM_CONFIG:-config/sockstream.json}"
