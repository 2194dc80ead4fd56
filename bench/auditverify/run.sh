#!/bin/sh
# run.sh -- `kaito audit verify` speed on a large log.
#
# Goal (issue 4): at least 1,000,000 events/s on one core. gen_log writes
# EVENTS (default 2,000,000) events through the real append path in
# commits of 10,000 with a checkpoint each; then `kaito audit verify` runs
# pinned to one core (taskset) on the database, and on an export of it.
# Prints the rate of each; the database run is the goal's.
set -eu
BUILD=${BUILD:-build}
EVENTS=${EVENTS:-2000000}
CPU=${CPU:-0}
KAITO=${KAITO:-$BUILD/kaito}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT INT TERM

now() { date +%s.%N; }

"$BUILD/bench/auditverify/gen_log" "$DIR/data" "$EVENTS"
size=$(du -m "$DIR/data/kaito.db" | cut -f1)
echo "log: $EVENTS events, database $size MiB"

"$KAITO" audit pubkey --data "$DIR/data" >"$DIR/pub"
# Warm the page cache as an operator's second run would find it.
cat "$DIR/data/kaito.db" >/dev/null

t0=$(now)
taskset -c "$CPU" "$KAITO" audit verify --data "$DIR/data" >"$DIR/out"
t1=$(now)
cat "$DIR/out"
awk -v n="$EVENTS" -v a="$t0" -v b="$t1" 'BEGIN {
	printf "verify (database): %.2f s, %.0f events/s (goal >= 1000000)\n",
	    b - a, n / (b - a) }'

"$KAITO" audit export --data "$DIR/data" >"$DIR/export.jsonl"
t0=$(now)
taskset -c "$CPU" "$KAITO" audit verify --file "$DIR/export.jsonl" \
    --pubkey "$DIR/pub" >/dev/null
t1=$(now)
awk -v n="$EVENTS" -v a="$t0" -v b="$t1" 'BEGIN {
	printf "verify (export file, JSON parsing included): %.2f s, " \
	    "%.0f events/s\n", b - a, n / (b - a) }'
