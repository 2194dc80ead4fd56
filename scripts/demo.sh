#!/bin/sh
# demo.sh -- what `make run` shows until the server exists: the offline
# CLI on an example token (RFC 6238's SHA-1 test seed).
set -eu
K=${1:-build/kaito}
URI='otpauth://totp/Example:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example'
echo "\$ kaito uri show '$URI'"
"$K" uri show "$URI"
echo "\$ kaito code --uri '$URI'"
"$K" code --uri "$URI"
echo
echo "kaito is built at $K; run '$K --help' for every command."
