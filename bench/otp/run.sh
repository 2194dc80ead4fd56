#!/bin/sh
# run.sh -- TOTP code generation rate against OpenSSL's own HMAC-SHA1 rate
# on 16-byte inputs, measured in the same run on the same core.
#
# Goal (issue 2): codes/s at least 0.5 x HMACs/s. Both sides run pinned to
# one core (taskset) for SECONDS each (default 3).
set -eu
BUILD=${BUILD:-build}
SECONDS_EACH=${SECONDS_EACH:-3}
CPU=${CPU:-0}

kbytes=$(taskset -c "$CPU" openssl speed -seconds "$SECONDS_EACH" -bytes 16 \
    -hmac sha1 2>/dev/null | awk '/^hmac\(sha1\)/ { sub("k", "", $2); print $2 }')
hmac_rate=$(awk -v k="$kbytes" 'BEGIN { printf "%.0f", k * 1000 / 16 }')
out=$(taskset -c "$CPU" "$BUILD/bench/otp/totp_rate" "$SECONDS_EACH")
gen=$(echo "$out" | awk '/^generator/ { print $2 }')
one=$(echo "$out" | awk '/^one-shot/ { print $2 }')

echo "openssl speed -hmac sha1, 16-byte input: $hmac_rate HMACs/s"
echo "kaito TOTP (SHA-1, 6 digits), generator: $gen codes/s"
echo "kaito TOTP (SHA-1, 6 digits), one-shot:  $one codes/s"
awk -v g="$gen" -v o="$one" -v h="$hmac_rate" 'BEGIN {
	printf "ratio generator/HMAC: %.2f (goal >= 0.5)\n", g / h
	printf "ratio one-shot/HMAC:  %.2f\n", o / h
}'
