#!/bin/sh
# run.sh -- the 2FA directory: full import time (in process, and end to
# end with `kaito directory import` into a fresh database) and search
# latency over the whole dataset (p50/p99 in process; goal p99 < 1 ms).
#
# The snapshot is read from ../shared/data/2fa-directory, or the directory
# in KAITO_DIRECTORY_SNAPSHOT; it is never copied into the repository.
set -eu
BUILD=${BUILD:-build}
SNAP=${KAITO_DIRECTORY_SNAPSHOT:-../shared/data/2fa-directory}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

"$BUILD/bench/directory/dir_bench" "$SNAP/entries.json"
"$BUILD/kaito" init --data "$T/d" >/dev/null 2>&1
start=$(date +%s%N)
"$BUILD/kaito" directory import "$SNAP" --data "$T/d" 2>/dev/null
end=$(date +%s%N)
echo "kaito directory import (read, validate, write, commit): $(( (end - start) / 1000000 )) ms"
