#!/bin/sh
# code.sh -- `kaito code` and `kaito uri show` as scripts use them: output,
# exit codes (0 ok, 1 bad input, 2 usage), help, and standard input.
. tests/cli/lib.sh

RFC='otpauth://totp/ACME:ann?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8'
expect_run "rfc6238 t=59" 0 94287082 "" "$KAITO" code --uri "$RFC" --time 59
expect_run "rfc6238 t=2e9" 0 69279037 "" "$KAITO" code --time 2000000000 --uri "$RFC"
printf '%s\n' "$RFC" >"$T/uri"
expect_run "uri from stdin" 0 07081804 "" sh -c "'$KAITO' code --uri - --time 1111111109 <'$T/uri'"
expect_run "hotp uses its counter" 0 338314 "" "$KAITO" code --uri \
    'otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=4'
# Steam: an independent computation in Python at three times.
for t in 0 1511200518 1700000000; do
	want=$(/usr/bin/python3 - "$t" <<'PY'
import base64, hashlib, hmac, struct, sys
key = base64.b32decode("63BEDWCQZKTQWPESARIERL5DTTQFCJTK")
h = hmac.new(key, struct.pack(">Q", int(sys.argv[1]) // 30), hashlib.sha1).digest()
o = h[-1] & 15
p = struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff
s = ""
for _ in range(5):
    s += "23456789BCDFGHJKMNPQRTVWXY"[p % 26]
    p //= 26
print(s)
PY
)
	expect_run "steam t=$t" 0 "$want" "" "$KAITO" code --time "$t" --uri \
	    'otpauth://steam/Steam:g?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK'
done

# Bad input: exit 1 and one line naming the problem.
expect_run "missing secret" 1 "" "kaito: bad URI: missing secret" \
    "$KAITO" code --uri 'otpauth://totp/x'
expect_run "bad base32" 1 "" "bad base32 character '1' at position 2" \
    "$KAITO" code --uri 'otpauth://totp/x?secret=A1'
lines=$("$KAITO" code --uri 'otpauth://totp/x' 2>&1 >/dev/null | wc -l)
[ "$lines" -eq 1 ] || { echo "FAIL: error is $lines lines, want 1"; failures=$((failures + 1)); }
expect_run "two lines on stdin" 1 "" "expected one line" sh -c \
    "printf 'a\nb\n' | '$KAITO' code --uri -"

# Usage: exit 2.
expect_run "no --uri" 2 "" "--uri is required" "$KAITO" code
expect_run "bad --time" 2 "" "--time wants a unix time" "$KAITO" code --uri "$RFC" --time soon
expect_run "negative --time" 2 "" "--time wants a unix time" "$KAITO" code --uri "$RFC" --time -5
expect_run "unknown option" 2 "" "usage: kaito code" "$KAITO" code --frobnicate
expect_run "extra argument" 2 "" "unexpected argument 'x'" "$KAITO" code --uri "$RFC" x
expect_run "unknown command" 2 "" "unknown command 'frob'" "$KAITO" frob
expect_run "uri without sub-command" 2 "" "'uri' needs a sub-command" "$KAITO" uri
expect_run "no command" 2 "" "usage: kaito COMMAND" "$KAITO"
expect_run "uri show twice" 2 "" "expected one URI" "$KAITO" uri show a b

# Help: every command describes every option.
expect_run "kaito --help" 0 "*" "" "$KAITO" --help
grep -q "kaito code --uri URI" "$T/out" || { echo "FAIL: --help lacks code"; failures=$((failures + 1)); }
expect_run "code --help" 0 "*" "" "$KAITO" code --help
for opt in --uri --time --help; do
	grep -q -- "$opt" "$T/out" || { echo "FAIL: code --help lacks $opt"; failures=$((failures + 1)); }
done
expect_run "uri show --help" 0 "*" "" "$KAITO" uri show --help

# uri show: the JSON contract.
expect_run "uri show json" 0 "*" "" "$KAITO" uri show \
    'otpauth://hotp/ACME%20Co:ann%40x.io?secret=jbsw-y3dp-ehpk-3pxp&counter=7&digits=8&algorithm=SHA256'
/usr/bin/python3 - "$T/out" <<'PY' || failures=$((failures + 1))
import json, sys
got = json.load(open(sys.argv[1]))
want = {"type": "hotp", "issuer": "ACME Co", "account": "ann@x.io",
        "secret": "JBSWY3DPEHPK3PXP", "algorithm": "SHA256", "digits": 8,
        "period": None, "counter": 7}
if got != want:
    print("FAIL uri show json:", got)
    sys.exit(1)
PY
expect_run "uri show warns on issuer mismatch" 0 "*" \
    'label issuer "Old" differs from issuer parameter "New"' \
    "$KAITO" uri show 'otpauth://totp/Old:ann?secret=JBSWY3DPEHPK3PXP&issuer=New'
expect_run "uri show bad" 1 "" "digits 12 out of range (6 to 10)" \
    "$KAITO" uri show 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=12'
finish
