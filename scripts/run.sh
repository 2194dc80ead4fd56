#!/bin/sh
# run.sh -- the README's run command (`make run`): build, initialise a
# data directory on first use, and serve.
#
# Why: on a fresh Debian 12 machine one command must bring Kaito up. The
# first run creates ./kaito-data (root key, database, first admin) and
# prints the admin's login once; later runs reuse it.
#
# Environment: KAITO_DATA (default ./kaito-data), KAITO_LISTEN (default
# 127.0.0.1:8080), KAITO_ADMIN (first admin's e-mail, default
# admin@localhost).
set -eu
BUILD=${BUILD:-build}
DATA=${KAITO_DATA:-./kaito-data}
LISTEN=${KAITO_LISTEN:-127.0.0.1:8080}
ADMIN=${KAITO_ADMIN:-admin@localhost}
K="$BUILD/kaito"

if [ ! -e "$DATA/kaito.db" ]; then
	echo "First run: creating $DATA"
	"$K" init --data "$DATA" --admin "$ADMIN"
	echo
fi
echo "Kaito will listen on http://$LISTEN/ (Ctrl-C stops it)."
echo "Log in with POST /api/v1/session (see docs/api.md); an operator"
echo "can add users with: $K user add EMAIL --data $DATA"
exec "$K" serve --data "$DATA" --listen "$LISTEN"
