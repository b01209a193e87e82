#!/usr/bin/env bash
# Reruns the SRT ingest benchmark (SRT vs RTMP into the same server); see run.mjs.
set -euo pipefail
exec node "$(dirname "$0")/run.mjs" "$@"
