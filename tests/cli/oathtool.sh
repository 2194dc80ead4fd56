#!/bin/sh
# oathtool.sh -- 1,000 random (secret, algorithm, digits, period, time)
# cases: kaito's code must equal Debian's oathtool's, an independent
# implementation. See oathtool_compare.py for the details.
set -eu
exec /usr/bin/python3 tests/cli/oathtool_compare.py "$KAITO" 1000
