#!/usr/bin/env bash
# Seeking in a 3-hour show's chat: GET .../chat/history with and without the index; see run.mjs.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node bench/chat-replay/run.mjs "$@"
