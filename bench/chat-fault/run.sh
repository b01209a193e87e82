#!/usr/bin/env bash
# kill -9 during chat at the rate limit, N rounds; see run.mjs.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node bench/chat-fault/run.mjs "$@"
