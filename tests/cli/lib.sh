# lib.sh -- helpers for the CLI black-box tests (sourced, not run).
#
# expect_run NAME WANT_RC WANT_OUT WANT_ERR CMD...  runs CMD, checks its
# exit status, and that stdout equals WANT_OUT (skipped when "*") and
# stderr contains WANT_ERR (is empty when WANT_ERR is "", skipped when
# "*"). Failures are counted; call
# finish at the end to exit with the verdict.
failures=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

expect_run() {
	name=$1 want_rc=$2 want_out=$3 want_err=$4
	shift 4
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne "$want_rc" ]; then
		echo "FAIL $name: exit $rc, want $want_rc"
		sed 's/^/  stderr: /' "$T/err"
		failures=$((failures + 1))
		return
	fi
	if [ "$want_out" != "*" ] && [ "$(cat "$T/out")" != "$want_out" ]; then
		echo "FAIL $name: stdout:"
		sed 's/^/  | /' "$T/out"
		echo "  want: $want_out"
		failures=$((failures + 1))
		return
	fi
	if [ -z "$want_err" ] && [ -s "$T/err" ]; then
		echo "FAIL $name: stderr not empty:"
		sed 's/^/  | /' "$T/err"
		failures=$((failures + 1))
		return
	fi
	if [ -n "$want_err" ] && [ "$want_err" != "*" ] &&
	    ! grep -qF -- "$want_err" "$T/err"; then
		echo "FAIL $name: stderr lacks '$want_err':"
		sed 's/^/  | /' "$T/err"
		failures=$((failures + 1))
		return
	fi
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	exit 0
}
