#!/usr/bin/env bash
# Runs the chat benchmark with a file-descriptor limit high enough for 10,000 sockets per side.
set -euo pipefail
ulimit -n 65536
cd "$(dirname "$0")/../.."
exec node bench/chat/run.mjs "$@"
