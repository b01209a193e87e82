#!/usr/bin/env bash
# Reruns the RTMP ingest benchmark (sockstream vs nginx-rtmp); see run.mjs.
set -euo pipefail
exec node "$(dirname "$0")/run.mjs" "$@"
