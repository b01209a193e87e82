#!/usr/bin/env bash
# Runs the chat benchmark. 10,000 sockets per side need more than 10,000 file
# descriptors in the load generator and in each server; raise the limit as far
# as this machine allows and go on with what we got (run.mjs stops the idle
# steps that would not fit and says so).
set -euo pipefail
wanted=65536
if ! ulimit -n "$wanted" 2>/dev/null; then
  hard=$(ulimit -Hn)
  if [ "$hard" != unlimited ] && ulimit -n "$hard" 2>/dev/null; then
    echo "bench/chat: could not raise the fd limit to $wanted; using the hard limit $hard" >&2
  else
    echo "bench/chat: could not raise the fd limit; using $(ulimit -n)" >&2
  fi
fi
echo "bench/chat: file descriptor limit $(ulimit -n)" >&2
cd "$(dirname "$0")/../.."
exec node bench/chat/run.mjs "$@"
