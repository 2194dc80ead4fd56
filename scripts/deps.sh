#!/bin/sh
# deps.sh -- install the Debian packages Kaito's build and tests need.
#
# Why: the README promises that its two commands work on a fresh Debian 12
# machine. This script is idempotent: it asks dpkg what is missing and calls
# apt-get only for that, so running it on every `make` costs a few
# milliseconds once everything is present.
#
# Usage: scripts/deps.sh [build|test|bench]   (default: build)
set -eu

BUILD_PKGS="build-essential pkg-config libssl-dev libsodium-dev libjansson-dev
libsqlite3-dev libmicrohttpd-dev libcurl4-openssl-dev libzbar-dev libpng-dev
libjpeg-dev libqrencode-dev libprotobuf-c-dev protobuf-c-compiler libpq-dev"
TEST_PKGS="libcmocka-dev clang libclang-rt-14-dev oathtool qrencode
zbar-tools curl python3 python3-pytest python3-requests sqlite3 openssl
netpbm libjpeg-turbo-progs tidy python3-html5lib python3-nacl
rsyslog rsyslog-openssl rsyslog-gnutls rsyslog-relp"

BENCH_PKGS="wrk nginx-light procps"

# Intel's multi-buffer crypto library: hashes audit leaves two at a time
# with the SHA extensions (src/audit/hashbatch.c). Built for amd64 only;
# elsewhere OpenSSL alone does it.
if [ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ]; then
	BUILD_PKGS="$BUILD_PKGS libipsec-mb-dev"
fi

want="$BUILD_PKGS"
case "${1:-build}" in
build) ;;
test) want="$BUILD_PKGS $TEST_PKGS" ;;
bench) want="$BUILD_PKGS $TEST_PKGS $BENCH_PKGS" ;;
*) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
