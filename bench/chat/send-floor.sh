#!/usr/bin/env bash
# The floor under bench/chat's CPU per delivery: what a bare send() to a
# loopback socket costs on this machine (see send-floor.c). Defaults: 100
# sockets, a round every 10 ms for 10 s, like the 100 x 100 fan-out load.
#   bench/chat/send-floor.sh [sockets] [rounds] [microseconds between rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cc -O2 -Wall -o "$work/send-floor" "$here/send-floor.c"
for run in 1 2 3; do
  "$work/send-floor" "${1:-100}" "${2:-1000}" "${3:-10000}"
done
