#!/usr/bin/env bash
# Reruns the start-up benchmark (sockstream vs nginx-rtmp, both in hls.js); see README.md.
set -euo pipefail
exec node "$(dirname "$0")/run.mjs" "$@"
