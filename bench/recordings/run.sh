#!/usr/bin/env bash
# Reruns the recordings benchmark (server CPU and disk writes, recording on vs off); see run.mjs.
set -euo pipefail
exec node "$(dirname "$0")/run.mjs" "$@"
