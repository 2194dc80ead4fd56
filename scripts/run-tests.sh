#!/bin/sh
# run-tests.sh -- run every test Kaito has and report "N passed, N failed".
#
# Why: one runner for all kinds of tests, found by glob, so adding a test
# means adding a file. Runs, in order:
#   1. cmocka unit tests, normal build and ASan+UBSan build (TAP output,
#      each case counted);
#   2. CLI black-box tests (tests/cli/*.sh), against both binaries;
#   3. API tests (tests/api, pytest) against a real server, both builds;
#   4. a few seconds of each libFuzzer harness (smoke check).
# Exits 1 when anything failed. Set TESTS_ONLY=pattern to filter by name.
set -u

BUILD=${BUILD:-build}
FUZZ_SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT INT TERM

pass=0
fail=0
failed_names=""

# The 2FA directory snapshot (MIT data, never copied into the repository)
# sits beside the checkout in ../shared; a clone elsewhere finds the
# workplace's copy. Every test reads it through this variable.
if [ -z "${KAITO_DIRECTORY_SNAPSHOT:-}" ]; then
	for d in "$ROOT/../shared/data/2fa-directory" \
	    /work/shared/data/2fa-directory; do
		if [ -f "$d/entries.json" ]; then
			KAITO_DIRECTORY_SNAPSHOT=$(cd "$d" && pwd)
			break
		fi
	done
fi
if [ -z "${KAITO_DIRECTORY_SNAPSHOT:-}" ]; then
	echo "run-tests: the 2FA directory snapshot is not at ../shared/data/"
	echo "2fa-directory; set KAITO_DIRECTORY_SNAPSHOT (its tests will fail)"
	KAITO_DIRECTORY_SNAPSHOT=/nonexistent
fi
export KAITO_DIRECTORY_SNAPSHOT

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=87"
export CMOCKA_MESSAGE_OUTPUT=TAP

selected() {
	[ -z "${TESTS_ONLY:-}" ] && return 0
	case "$1" in *$TESTS_ONLY*) return 0 ;; esac
	return 1
}

record() {	# record NAME STATUS LOGFILE
	if [ "$2" -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed_names="$failed_names $1"
		echo "FAIL $1"
		sed 's/^/    | /' "$3" | tail -n 40
	fi
}

run_unit() {	# run_unit LABEL BINARY
	label=$1
	bin=$2
	out="$LOG/unit.out"
	"$bin" >"$out" 2>&1
	rc=$?
	n_ok=$(grep -c '^ok ' "$out")
	n_bad=$(grep -c '^not ok ' "$out")
	pass=$((pass + n_ok))
	if [ "$n_bad" -gt 0 ] || [ "$rc" -ne 0 ]; then
		[ "$n_bad" -eq 0 ] && n_bad=1
		fail=$((fail + n_bad))
		failed_names="$failed_names $label"
		echo "FAIL $label (exit $rc)"
		grep -v '^ok ' "$out" | sed 's/^/    | /' | tail -n 60
	else
		echo "ok   $label ($n_ok cases)"
	fi
}

for variant in "" asan/; do
	for bin in "$BUILD"/${variant}tests/test_*; do
		[ -x "$bin" ] || continue
		name="unit/${variant}$(basename "$bin")"
		selected "$name" || continue
		run_unit "$name" "$bin"
	done
done

for variant in "" asan/; do
	kaito="$ROOT/$BUILD/${variant}kaito"
	for t in "$ROOT"/tests/cli/*.sh; do
		[ -f "$t" ] || continue
		[ "$(basename "$t")" = lib.sh ] && continue
		name="cli/${variant}$(basename "$t" .sh)"
		selected "$name" || continue
		out="$LOG/cli.out"
		(cd "$ROOT" && KAITO="$kaito" BUILD="$BUILD" sh "$t") >"$out" 2>&1
		rc=$?
		record "$name" "$rc" "$out"
		[ "$rc" -eq 0 ] && echo "ok   $name"
	done
done

# API tests: pytest against a real `kaito serve`, normal and sanitizer
# builds. Each test is counted; pytest's summary line gives the numbers.
if ls tests/api/test_*.py >/dev/null 2>&1; then
	for variant in "" asan/; do
		name="api/${variant}pytest"
		selected "$name" || continue
		out="$LOG/api.out"
		(cd "$ROOT" && KAITO="$ROOT/$BUILD/${variant}kaito" \
		    /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/api) \
		    >"$out" 2>&1
		rc=$?
		summary=$(tail -n 1 "$out")
		n_ok=$(echo "$summary" | grep -o '[0-9]* passed' | cut -d' ' -f1)
		n_bad=$(echo "$summary" | grep -oE '[0-9]+ (failed|error)' |
		    awk '{ s += $1 } END { print s + 0 }')
		pass=$((pass + ${n_ok:-0}))
		if [ "$rc" -ne 0 ] || [ "$n_bad" -gt 0 ]; then
			[ "$n_bad" -eq 0 ] && n_bad=1
			fail=$((fail + n_bad))
			failed_names="$failed_names $name"
			echo "FAIL $name ($summary)"
			grep -E '^(FAILED|ERROR)|Error|assert' "$out" | head -n 40 |
			    sed 's/^/    | /'
		else
			echo "ok   $name (${n_ok:-0} tests)"
		fi
	done
fi

for f in "$BUILD"/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	n=$(basename "$f")
	name="fuzz/$n"
	selected "$name" || continue
	out="$LOG/fuzz.out"
	corpus="$LOG/corpus-$n"
	mkdir -p "$corpus"
	seeds=""
	[ -d "tests/fuzz/corpus/$n" ] && seeds="tests/fuzz/corpus/$n"
	"$f" -max_total_time="$FUZZ_SMOKE_SECONDS" -timeout=10 \
	    -rss_limit_mb=2048 "$corpus" $seeds >"$out" 2>&1
	rc=$?
	record "$name" "$rc" "$out"
	[ "$rc" -eq 0 ] && echo "ok   $name (${FUZZ_SMOKE_SECONDS}s)"
done

echo
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
