#!/bin/sh
# qr.sh -- `kaito qr decode IMAGE` against QR codes made here by Debian's
# qrencode (and netpbm, libjpeg-turbo-progs for JPEG and composites): the
# exact URI back from a PNG, a baseline JPEG and a progressive colour JPEG,
# from a file and from standard input; otpauth-migration URIs; texts that
# are not otpauth URIs reported by number without their content; two
# codes side by side, left one first; and the exit status and message of
# each kind of bad input (1) and of wrong usage (2).
#
# Run from the repository root with KAITO set to the binary under test.
set -u

: "${KAITO:?set KAITO to the kaito binary}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
failed=0

URI='otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example'
MIG='otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZSABKAEwAhABGAEgAA%3D%3D'
UPPER='OTPAUTH://TOTP/ACME:BOB?SECRET=JBSWY3DPEHPK3PXP'
TEXT='https://example.com/not-a-token'

# run CMD...: run kaito with the arguments, keeping rc, stdout, stderr.
run() {
	"$KAITO" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect NAME RC STDOUT STDERR: compare the last run (trailing newlines
# aside, as $(...) drops them).
expect() {
	got_out=$(cat "$T/out")
	got_err=$(cat "$T/err")
	if [ "$rc" -ne "$2" ] || [ "$got_out" != "$3" ] ||
	    [ "$got_err" != "$4" ]; then
		echo "FAIL: $1"
		echo "  want exit $2, stdout [$3], stderr [$4]"
		echo "  got  exit $rc, stdout [$got_out], stderr [$got_err]"
		failed=1
	fi
}

# expect_usage NAME FIRST_LINE: exit 2 with that message and the usage.
expect_usage() {
	expect "$1" 2 "" "$2
usage: kaito qr decode IMAGE
Try 'kaito qr decode --help' for more."
}

png() {	# png FILE TEXT [qrencode options]: a QR code of TEXT
	f=$1
	txt=$2
	shift 2
	qrencode "$@" -o "$f" "$txt" || { echo "FAIL: qrencode $f"; exit 1; }
}

png "$T/uri.png" "$URI"
pngtopnm "$T/uri.png" | cjpeg -quality 85 >"$T/uri.jpg"
png "$T/color.png" "$URI" --foreground=1F3A93 --background=FFFFFF00
pngtopnm -mix -background=white "$T/color.png" |
    cjpeg -progressive -quality 85 >"$T/color.jpg"
png "$T/mig.png" "$MIG"
png "$T/upper.png" "$UPPER"
png "$T/text.png" "$TEXT"
pngtopnm "$T/uri.png" >"$T/uri.pnm"
pngtopnm "$T/mig.png" >"$T/mig.pnm"
pngtopnm "$T/text.png" >"$T/text.pnm"
pnmcat -white -lr "$T/uri.pnm" "$T/mig.pnm" | pnmtopng >"$T/two.png"
pnmcat -white -lr "$T/text.pnm" "$T/uri.pnm" | pnmtopng >"$T/text-uri.png"
pnmcat -white -tb "$T/text.pnm" "$T/text.pnm" | pnmtopng >"$T/texts.png"
pbmmake -white 64 64 | pnmtopng >"$T/blank.png"
pbmmake -white 8193 1 | pnmtopng >"$T/wide.png"
head -c 200 "$T/uri.png" >"$T/cut.png"
head -c 300 "$T/uri.jpg" >"$T/cut.jpg"
printf 'GIF89a not really\n' >"$T/fake.gif"
head -c 17000000 /dev/zero >"$T/huge.png"

# --- what a QR code holds, exactly --------------------------------------
run qr decode "$T/uri.png"
expect "png" 0 "$URI" ""
run qr decode "$T/uri.jpg"
expect "baseline grey jpeg" 0 "$URI" ""
run qr decode "$T/color.png"
expect "colour png, transparent background" 0 "$URI" ""
run qr decode "$T/color.jpg"
expect "progressive colour jpeg" 0 "$URI" ""
"$KAITO" qr decode - <"$T/uri.jpg" >"$T/out" 2>"$T/err"
rc=$?
expect "jpeg on standard input" 0 "$URI" ""
run qr decode "$T/mig.png"
expect "otpauth-migration" 0 "$MIG" ""
run qr decode "$T/upper.png"
expect "upper-case scheme, printed as is" 0 "$UPPER" ""
run qr decode "$T/two.png"
expect "two codes side by side, left first" 0 "$URI
$MIG" ""
run qr decode "$T/text-uri.png"
expect "a text, then a URI" 0 "$URI" \
    "kaito: warning: QR code 1 is not an otpauth URI"

# --- nothing to print -----------------------------------------------------
run qr decode "$T/text.png"
expect "not an otpauth URI" 1 "" \
    "kaito: warning: QR code 1 is not an otpauth URI
kaito: $T/text.png: no otpauth URI in the 1 QR code found"
run qr decode "$T/texts.png"
expect "two texts" 1 "" \
    "kaito: warning: QR code 1 is not an otpauth URI
kaito: warning: QR code 2 is not an otpauth URI
kaito: $T/texts.png: no otpauth URI in the 2 QR codes found"
if grep -q example.com "$T/err"; then
	echo "FAIL: the content of a non-otpauth QR code was printed"
	failed=1
fi
run qr decode "$T/blank.png"
expect "no QR code" 1 "" "kaito: $T/blank.png: no QR code found"

# --- bad input: exit 1 and one line naming the problem --------------------
run qr decode "$T/fake.gif"
expect "not an image" 1 "" "kaito: $T/fake.gif: not a PNG or JPEG image"
"$KAITO" qr decode - </dev/null >"$T/out" 2>"$T/err"
rc=$?
expect "empty standard input" 1 "" \
    "kaito: standard input: not a PNG or JPEG image"
run qr decode "$T/missing.png"
expect "missing file" 1 "" \
    "kaito: $T/missing.png: No such file or directory"
run qr decode "$T"
expect "a directory" 1 "" "kaito: $T: Is a directory"
run qr decode "$T/cut.png"
expect "truncated png" 1 "" \
    "kaito: $T/cut.png: corrupt PNG: read beyond end of data"
run qr decode "$T/cut.jpg"
expect "truncated jpeg" 1 "" \
    "kaito: $T/cut.jpg: corrupt JPEG: Premature end of JPEG file"
run qr decode "$T/wide.png"
expect "too wide" 1 "" \
    "kaito: $T/wide.png: image is 8193x1 pixels; at most 8192 per side"
run qr decode "$T/huge.png"
expect "too large a file" 1 "" \
    "kaito: $T/huge.png: larger than 16777216 bytes"

# --- usage: exit 2 ---------------------------------------------------------
run qr decode
expect_usage "no IMAGE" "kaito qr decode: expected one IMAGE"
run qr decode "$T/uri.png" "$T/uri.jpg"
expect_usage "two IMAGEs" "kaito qr decode: expected one IMAGE"
run qr decode --frobnicate "$T/uri.png"
# getopt_long adds its own line first; the rest is ours.
if [ "$rc" -ne 2 ] || ! grep -q '^kaito qr decode: unknown option$' "$T/err"
then
	echo "FAIL: unknown option: exit $rc, stderr [$(cat "$T/err")]"
	failed=1
fi
run qr
if [ "$rc" -ne 2 ]; then
	echo "FAIL: 'kaito qr' alone: exit $rc, want 2"
	failed=1
fi
run qr decode --help
if [ "$rc" -ne 0 ] || ! grep -q '^usage: kaito qr decode IMAGE$' "$T/out"
then
	echo "FAIL: --help: exit $rc"
	failed=1
fi

exit "$failed"
