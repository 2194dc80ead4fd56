#!/bin/sh
# import.sh -- `kaito import FORMAT FILE|-` on the sample exports of
# tests/data/import/: the exact URIs printed, in input order; each printed
# URI gives the same codes as the token's original URI (written the way
# the source app or a person would, not the way Kaito does); exit codes
# 0 / 1 (bad input, one line on stderr, nothing on stdout) / 2 (usage);
# warnings; standard input.
. tests/cli/lib.sh

D=tests/data/import
TIMES="0 59 1111111109 1700000000 2000000000"

# check_import NAME FORMAT FILE: standard input holds the expected URIs,
# a line "--", then the token's original URIs in the same order.
check_import() {
	name=$1 fmt=$2 file=$3
	cat >"$T/all"
	sed '/^--$/,$d' "$T/all" >"$T/want"
	sed '1,/^--$/d' "$T/all" >"$T/orig"
	expect_run "$name" 0 "$(cat "$T/want")" "" "$KAITO" import "$fmt" "$file"
	"$KAITO" import "$fmt" "$file" >"$T/got" 2>/dev/null
	n_got=$(wc -l <"$T/got")
	n_orig=$(wc -l <"$T/orig")
	if [ "$n_got" -ne "$n_orig" ]; then
		echo "FAIL $name: $n_got URIs printed, $n_orig originals"
		failures=$((failures + 1))
		return
	fi
	i=1
	while [ "$i" -le "$n_got" ]; do
		got=$(sed -n "${i}p" "$T/got")
		orig=$(sed -n "${i}p" "$T/orig")
		for t in $TIMES; do
			a=$("$KAITO" code --time "$t" --uri "$got" 2>&1)
			b=$("$KAITO" code --time "$t" --uri "$orig" 2>&1)
			if [ "$a" != "$b" ] || [ -z "$a" ]; then
				echo "FAIL $name: token $i at t=$t: '$a' from" \
				    "$got, '$b' from $orig"
				failures=$((failures + 1))
			fi
		done
		i=$((i + 1))
	done
}

check_import "aegis sample" aegis "$D/aegis-plain.json" <<'EOF'
otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30
otpauth://totp/ACME%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60
otpauth://hotp/Example:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA&issuer=Example&algorithm=SHA512&digits=8&counter=42
otpauth://steam/Steam:gaben?secret=LUXSHN5ASY3HEX4B&issuer=Steam&algorithm=SHA1&digits=5&period=30
otpauth://totp/:%E5%B1%B1%E7%94%B0%3Adave?secret=AEEQGY2JW67IMXWI4SJNYXSWVIJGKPFZ&algorithm=SHA1&digits=7&period=15
--
otpauth://totp/GitHub:alice@example.com?secret=jbswy3dpehpk3pxp
otpauth://totp/bob?issuer=ACME+Co&period=60&digits=8&algorithm=sha256&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA====
otpauth://hotp/carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA=&algorithm=SHA512&digits=8&counter=42
otpauth://totp/Steam:gaben?secret=LUXSHN5ASY3HEX4B&encoder=steam
otpauth://totp/dave?secret=AEEQGY2JW67IMXWI4SJNYXSWVIJGKPFZ&digits=7&period=15
EOF

check_import "2fas sample" 2fas "$D/2fas.2fas" <<'EOF'
otpauth://totp/GitHub:alice%40example.com?secret=HOV6QIONFQSD2BCPOJ5O276TCJH63RON&issuer=GitHub&algorithm=SHA1&digits=6&period=30
otpauth://totp/Internal%20VPN:?secret=EFFVXEAHCIYYBCYQZC6HZYS64M66QBMH&issuer=Internal%20VPN&algorithm=SHA256&digits=8&period=60
otpauth://hotp/Example:carol?secret=VFAYVYX5GMS2OMXP7RYK4IK3TCVREK4X&issuer=Example&algorithm=SHA512&digits=6&counter=7
otpauth://steam/Steam:gaben?secret=NO4OOEJSDCLRURRL&issuer=Steam&algorithm=SHA1&digits=5&period=30
otpauth://totp/Dropbox:frank%40example.com?secret=PWIYZNTCRWKGBOBUM253TORLIZUOA4QSISF2V7X4NY&issuer=Dropbox&algorithm=SHA1&digits=6&period=30
--
otpauth://totp/GitHub:alice%40example.com?secret=HOV6QIONFQSD2BCPOJ5O276TCJH63RON&issuer=GitHub
otpauth://totp/Internal%20VPN?secret=EFFV-XEAH-CIYY-BCYQ-ZC6H-ZYS6-4M66-QBMH&algorithm=SHA256&digits=8&period=60
otpauth://hotp/Example:carol?secret=VFAYVYX5GMS2OMXP7RYK4IK3TCVREK4X&issuer=Example&counter=7&algorithm=SHA512
otpauth://steam/gaben?secret=NO4OOEJSDCLRURRL
otpauth://totp/Dropbox:frank@example.com?secret=PWIYZNTCRWKGBOBUM253TORLIZUOA4QSISF2V7X4NY
EOF

check_import "andotp sample" andotp "$D/andotp.json" <<'EOF'
otpauth://totp/GitHub:alice%40example.com?secret=RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H&issuer=GitHub&algorithm=SHA1&digits=6&period=30
otpauth://totp/ACME%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60
otpauth://hotp/Example:carol?secret=VQB7S564FWCGGTYWUF4WW3IFXA&issuer=Example&algorithm=SHA512&digits=8&counter=1000
otpauth://steam/Steam:gaben?secret=6Y7DGC7D5K7AE4BNBEIDYXUNMGQ3YYIX&issuer=Steam&algorithm=SHA1&digits=5&period=30
otpauth://totp/Other:Different%3Aeve?secret=NO4OOEJSDCLRURRL&issuer=Other&algorithm=SHA1&digits=6&period=30
--
otpauth://totp/alice?secret=RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H
otpauth://totp/ACME%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&algorithm=SHA256&digits=8&period=60
otpauth://hotp/Example:carol?secret=VQB7S564FWCGGTYWUF4WW3IFXA&counter=1000&digits=8&algorithm=SHA512
otpauth://steam/Steam:gaben?secret=6Y7DGC7D5K7AE4BNBEIDYXUNMGQ3YYIX
otpauth://totp/eve?secret=NO4OOEJSDCLRURRL
EOF

check_import "bitwarden sample" bitwarden "$D/bitwarden.json" <<'EOF'
otpauth://totp/GitHub:alice%40example.com?secret=LUXSHN5ASY3HEX4B&issuer=GitHub&algorithm=SHA1&digits=6&period=30
otpauth://totp/ACME%20Co:bob?secret=AEEQGY2JW67IMXWI4SJNYXSWVIJGKPFZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60
otpauth://hotp/Example:carol%40example.com?secret=RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H&issuer=Example&algorithm=SHA1&digits=7&counter=5
otpauth://steam/Steam:gaben?secret=VQB7S564FWCGGTYWUF4WW3IFXA&issuer=Steam&algorithm=SHA1&digits=5&period=30
otpauth://totp/Cloud:ops%40example.com?secret=6Y7DGC7D5K7AE4BNBEIDYXUNMGQ3YYIX&issuer=Cloud&algorithm=SHA512&digits=6&period=45
--
otpauth://totp/x?secret=luxshn5asy3hex4b
otpauth://totp/ACME%20Co:bob?secret=AEEQGY2JW67IMXWI4SJNYXSWVIJGKPFZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60
otpauth://hotp/?secret=RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H&counter=5&digits=7
otpauth://totp/Steam:gaben?secret=VQB7S564FWCGGTYWUF4WW3IFXA&encoder=steam
otpauth://totp/Cloud:ops%40example.com?secret=6Y7DGC7D5K7AE4BNBEIDYXUNMGQ3YYIX&algorithm=SHA512&period=45
EOF

check_import "google sample" google "$D/google-migration.txt" <<'EOF'
otpauth://totp/GitHub:alice%40example.com?secret=HOV6QIONFQSD2BCPOJ5O276TCJH63RON&issuer=GitHub&algorithm=SHA1&digits=6&period=30
otpauth://totp/ACME%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=30
otpauth://hotp/Example:carol?secret=VFAYVYX5GMS2OMXP7RYK4IK3TCVREK4X&issuer=Example&algorithm=SHA512&digits=8&counter=42
otpauth://totp/dave?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30
otpauth://totp/Different:Other%3Aeve?secret=EFFVXEAHCIYYBCYQZC6HZYS64M66QBMH&issuer=Different&algorithm=SHA1&digits=6&period=30
otpauth://totp/Caf%C3%A9:%E5%B1%B1%E7%94%B0?secret=LUXSHN5ASY3HEX4B&issuer=Caf%C3%A9&algorithm=SHA1&digits=6&period=30
otpauth://hotp/Cloud:ops%40example.com?secret=NO4OOEJSDCLRURRL&issuer=Cloud&algorithm=SHA1&digits=6&counter=0
--
otpauth://totp/GitHub:alice@example.com?secret=HOV6QIONFQSD2BCPOJ5O276TCJH63RON&issuer=GitHub
otpauth://totp/ACME%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&algorithm=SHA256&digits=8
otpauth://hotp/Example:carol?secret=VFAYVYX5GMS2OMXP7RYK4IK3TCVREK4X&algorithm=SHA512&digits=8&counter=42
otpauth://totp/dave?secret=JBSWY3DPEHPK3PXP
otpauth://totp/Different:eve?secret=EFFVXEAHCIYYBCYQZC6HZYS64M66QBMH
otpauth://totp/x?secret=LUXSHN5ASY3HEX4B
otpauth://hotp/ops?secret=NO4OOEJSDCLRURRL&counter=0
EOF

# Standard input, and options after the arguments.
expect_run "stdin" 0 "$("$KAITO" import andotp "$D/andotp.json")" "" \
    sh -c "'$KAITO' import andotp - <'$D/andotp.json'"
expect_run "format name in any case" 0 "*" "" "$KAITO" import AEGIS \
    "$D/aegis-plain.json"

# Encrypted exports: exit 1, the one line that says what to do.
expect_run "aegis encrypted" 1 "" "kaito: aegis: this Aegis export is encrypted; export it unencrypted from Aegis (Settings > Import & Export)" \
    "$KAITO" import aegis "$D/aegis-encrypted.json"
expect_run "2fas encrypted" 1 "" "kaito: 2fas: this 2FAS backup is encrypted" \
    "$KAITO" import 2fas "$D/2fas-encrypted.2fas"
expect_run "andotp encrypted" 1 "" "kaito: andotp: this andOTP backup is encrypted" \
    "$KAITO" import andotp "$D/andotp-encrypted.json.aes"
expect_run "bitwarden encrypted" 1 "" "kaito: bitwarden: this Bitwarden export is encrypted" \
    "$KAITO" import bitwarden "$D/bitwarden-encrypted.json"
expect_run "bitwarden password" 1 "" "kaito: bitwarden: this Bitwarden export is encrypted" \
    "$KAITO" import bitwarden "$D/bitwarden-password.json"

# Bad input: exit 1, nothing on stdout, one line on stderr.
expect_run "wrong format for the file" 1 "" \
    "kaito: aegis: not an Aegis export (expected a JSON object with \"db\")" \
    "$KAITO" import aegis "$D/andotp.json"
expect_run "google file as json" 1 "" "kaito: 2fas: not valid JSON (line 1, column 7)" \
    "$KAITO" import 2fas "$D/google-migration.txt"
expect_run "missing file" 1 "" "kaito: $T/none: No such file or directory" \
    "$KAITO" import aegis "$T/none"
printf '{"db":{"entries":[{"type":"totp","name":"alice","issuer":"GitHub","info":{"secret":"JBSWY3DP!HPK3PXP"}}]}}' >"$T/bad.json"
expect_run "bad secret" 1 "" \
    "kaito: aegis: entry 1 (\"GitHub\"): secret: bad base32 character '!' at position 9" \
    "$KAITO" import aegis "$T/bad.json"
lines=$("$KAITO" import aegis "$T/bad.json" 2>&1 >/dev/null | wc -l)
[ "$lines" -eq 1 ] || { echo "FAIL: error is $lines lines, want 1"; failures=$((failures + 1)); }
printf 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n' >"$T/plain.txt"
expect_run "google, plain otpauth" 1 "" \
    "kaito: google: line 1: an otpauth:// URI, not a Google Authenticator export" \
    "$KAITO" import google "$T/plain.txt"

# Unsupported kinds: refused, or skipped with a warning each.
expect_run "unsupported refused" 1 "" \
    "kaito: aegis: entry 2 (\"Yandex\"): type 'yandex' is not supported" \
    "$KAITO" import aegis "$D/aegis-unsupported.json"
expect_run "unsupported skipped" 0 \
    "otpauth://totp/GitHub:alice?secret=RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H&issuer=GitHub&algorithm=SHA1&digits=6&period=30
otpauth://hotp/Example:carol?secret=PWIYZNTCRWKGBOBUM253TORLIZUOA4QSISF2V7X4NY&issuer=Example&algorithm=SHA1&digits=6&counter=0" \
    "kaito: warning: aegis: entry 3: skipped: type 'motp' is not supported" \
    "$KAITO" import --skip-unsupported aegis "$D/aegis-unsupported.json"
n=$("$KAITO" import aegis "$D/aegis-unsupported.json" --skip-unsupported 2>&1 >/dev/null | grep -c '^kaito: warning: aegis: entry [0-9]')
[ "$n" -eq 3 ] || { echo "FAIL: $n skip warnings, want 3"; failures=$((failures + 1)); }
expect_run "google unsupported skipped" 0 "*" \
    "kaito: warning: google: entry 2 (\"Legacy\"): skipped: algorithm MD5 is not supported" \
    "$KAITO" import google "$D/google-unsupported.txt" --skip-unsupported
expect_run "google incomplete batch" 0 "*" \
    "kaito: warning: google: batch 7 is incomplete: 2 of 3 QR codes (missing part 2)" \
    "$KAITO" import google "$D/google-incomplete.txt"

# Usage: exit 2.
expect_run "no arguments" 2 "" "usage: kaito import" "$KAITO" import
expect_run "no file" 2 "" "expected a format and a file" "$KAITO" import aegis
expect_run "extra argument" 2 "" "expected a format and a file" \
    "$KAITO" import aegis "$D/aegis-plain.json" more
expect_run "unknown format" 2 "" \
    "kaito import: unknown format 'freeotp' (google, aegis, 2fas, andotp, bitwarden)" \
    "$KAITO" import freeotp "$D/aegis-plain.json"
expect_run "unknown option" 2 "" "unknown option" \
    "$KAITO" import --decrypt aegis "$D/aegis-plain.json"
expect_run "help" 0 "*" "" "$KAITO" import --help
"$KAITO" import --help | grep -q '^usage: kaito import \[--skip-unsupported\] FORMAT FILE|-' ||
    { echo "FAIL: help lacks the usage line"; failures=$((failures + 1)); }
"$KAITO" --help | grep -q 'kaito import ' ||
    { echo "FAIL: kaito --help does not list import"; failures=$((failures + 1)); }

finish
