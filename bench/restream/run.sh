#!/bin/sh
# Server CPU per restream destination; see run.mjs for the options.
set -e
cd "$(dirname "$0")/../.."
exec node bench/restream/run.mjs "$@"
