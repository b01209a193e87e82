#!/usr/bin/env bash
# Heartbeat accuracy (p99 lateness of pings) at 10,000 connections: see heartbeat.mjs.
# 10,000 sockets need more file descriptors than the default limit.
set -euo pipefail
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "bench/chat/heartbeat: file descriptor limit $(ulimit -n)" >&2
cd "$(dirname "$0")/../.."
exec node bench/chat/heartbeat.mjs "$@"
