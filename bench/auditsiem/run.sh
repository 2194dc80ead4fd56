#!/bin/sh
# run.sh -- the SIEM sinks under load, against a real rsyslog.
#
# Why: the audit log is only a witness once the SIEM holds it, and
# streaming it must not slow the code views it records. Goals (issue 4,
# section 6): (a) at RATE (1,000) code views per second, the time from
# an event's commit to its line in rsyslog's output file at most 100 ms
# at p99, for a TLS sink and a RELP sink (both attached, same events);
# (b) code views per second (wrk, CONNS connections, DURATION seconds)
# with a TLS syslog sink attached at least 0.9 x without one, measured in
# the same run: without, with, and without again (the ratio is against
# the mean of the two runs without). rsyslog (Debian's) runs in the
# foreground with its own configuration here, writing what it receives to
# files. Prints the figures; the goals are not asserted.
set -eu
BUILD=${BUILD:-build}
RATE=${RATE:-1000}
SECONDS_LOAD=${SECONDS_LOAD:-10}
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
K="$BUILD/kaito"
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
KPID=""
RPID=""

cleanup() {
	[ -n "$KPID" ] && kill "$KPID" 2>/dev/null && wait "$KPID" 2>/dev/null
	[ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$T"; [ -n "${KEEP:-}" ] && echo "kept $T"
}
trap cleanup EXIT INT TERM

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# --- certificates: a CA and rsyslog's server certificate -------------------
mkdir -p "$T/certs" "$T/work" "$T/out"
(
	cd "$T/certs"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout ca.key -out ca.pem -days 2 -subj "/CN=bench CA" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout srv.key -out srv.csr -subj "/CN=localhost" 2>/dev/null
	printf 'subjectAltName=IP:127.0.0.1\n' >srv.ext
	openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key \
	    -CAcreateserial -out srv.pem -days 2 -extfile srv.ext 2>/dev/null
)

# --- rsyslog: TLS (ossl) and RELP listeners, each to its own file --------
TLS_PORT=$(free_port)
RELP_PORT=$(free_port)
cat >"$T/rsyslog.conf" <<CONF
global(workDirectory="$T/work" maxMessageSize="256k"
       DefaultNetstreamDriverCAFile="$T/certs/ca.pem"
       DefaultNetstreamDriverCertFile="$T/certs/srv.pem"
       DefaultNetstreamDriverKeyFile="$T/certs/srv.key")
module(load="imtcp")
module(load="imrelp")
template(name="raw" type="string" string="%rawmsg%\n")
ruleset(name="tls") {
  action(type="omfile" file="$T/out/tls.log" template="raw")
}
ruleset(name="relp") {
  action(type="omfile" file="$T/out/relp.log" template="raw")
}
input(type="imtcp" address="127.0.0.1" port="$TLS_PORT" ruleset="tls"
      streamDriver.name="ossl" streamDriver.mode="1"
      streamDriver.authMode="anon")
input(type="imrelp" address="127.0.0.1" port="$RELP_PORT" ruleset="relp")
CONF
touch "$T/out/tls.log" "$T/out/relp.log"
RSYSLOGD=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
"$RSYSLOGD" -n -f "$T/rsyslog.conf" -i "$T/work/rsyslogd.pid" \
    >"$T/rsyslogd.log" 2>&1 &
RPID=$!

# --- kaito: a viewer with a token and an API token; an admin token -------
"$K" init --data "$T/data" --admin admin@bench.test >/dev/null
printf 'viewer-password-123\n' | "$K" user add viewer@bench.test \
    --password-stdin --data "$T/data" >/dev/null
BEARER=$("$K" apitoken create viewer@bench.test --name bench --data "$T/data")
ADMIN=$("$K" apitoken create admin@bench.test --name admin --data "$T/data")
"$K" serve --data "$T/data" --listen 127.0.0.1:0 >"$T/serve.out" \
    2>"$T/serve.log" &
KPID=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	grep -q listening "$T/serve.out" 2>/dev/null && break
	sleep 0.2
done
KURL=$(grep -o 'http://[0-9.]*:[0-9]*' "$T/serve.out")
ID=$(curl -sf -H "Authorization: Bearer $BEARER" \
    -H 'Content-Type: application/json' \
    -d '{"uri":"otpauth://totp/NS1:ops@bench.test?secret=JBSWY3DPEHPK3PXP&issuer=NS1"}' \
    "$KURL/api/v1/tokens" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
CODE_PATH="/api/v1/tokens/$ID/code"

api() {	# api METHOD PATH [JSON]
	curl -sf -X "$1" -H "Authorization: Bearer $ADMIN" \
	    -H 'Content-Type: application/json' ${3:+-d "$3"} "$KURL$2"
}
sink_json() {	# sink_json NAME TRANSPORT PORT
	/usr/bin/python3 - "$1" "$2" "$3" "$T/certs/ca.pem" <<'PY'
import json, sys
name, transport, port, ca = sys.argv[1:]
d = {"name": name, "type": "syslog", "host": "127.0.0.1",
     "port": int(port), "transport": transport}
if transport == "tls":
    d["tls_ca"] = open(ca).read()
print(json.dumps(d))
PY
}
sink_id() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
wait_caught_up() {	# wait_caught_up ID
	for _ in $(seq 1 600); do
		lag=$(api GET "/api/v1/audit/sinks/$1" | /usr/bin/python3 -c \
		    'import json,sys; print(json.load(sys.stdin)["state"]["lag_events"])')
		[ "$lag" -eq 0 ] && return 0
		sleep 0.1
	done
	echo "sink $1 did not catch up" >&2
	return 1
}

# --- (a) latency at RATE events/s, TLS and RELP ----------------------------
TLS_ID=$(api POST /api/v1/audit/sinks "$(sink_json tls tls "$TLS_PORT")" | sink_id)
RELP_ID=$(api POST /api/v1/audit/sinks "$(sink_json relp relp "$RELP_PORT")" | sink_id)
wait_caught_up "$TLS_ID"
wait_caught_up "$RELP_ID"
echo "(a) delivery latency at $RATE code views/s for ${SECONDS_LOAD}s, $(nproc) cores (goal: p99 <= 100 ms)"
/usr/bin/python3 "$HERE/latency.py" "$KURL" "$BEARER" "$CODE_PATH" "$RATE" \
    "$SECONDS_LOAD" tls="$T/out/tls.log" relp="$T/out/relp.log"
wait_caught_up "$TLS_ID"
wait_caught_up "$RELP_ID"
api PATCH "/api/v1/audit/sinks/$RELP_ID" '{"enabled":false}' >/dev/null
api PATCH "/api/v1/audit/sinks/$TLS_ID" '{"enabled":false}' >/dev/null

# --- (b) code views/s without and with a TLS sink ----------------------
run_wrk() {	# run_wrk OUT
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency \
	    -H "Authorization: Bearer $BEARER" "$KURL$CODE_PATH" >"$1"
}
rate() { awk '/^Requests\/sec/ { print $2 }' "$1"; }
# CPU seconds (user + system) of: kaito's sink threads, the rest of kaito,
# rsyslogd.
cpu_times() {
	tick=$(getconf CLK_TCK)
	sink=0
	for t in /proc/"$KPID"/task/*; do
		case "$(cat "$t/comm")" in kaito-sink[0-9]*)
			sink=$((sink + $(awk '{ print $14 + $15 }' "$t/stat")));;
		esac
	done
	all=$(awk '{ print $14 + $15 }' "/proc/$KPID/stat")
	rs=$(awk '{ print $14 + $15 }' "/proc/$RPID/stat")
	echo "$sink $all $rs $tick"
}
lat() { awk -v p="$2" '$1 == p { print $2 }' "$1"; }
sleep 1
run_wrk "$T/wrk-none1.txt"
api PATCH "/api/v1/audit/sinks/$TLS_ID" '{"enabled":true}' >/dev/null
wait_caught_up "$TLS_ID"
cpu_before=$(cpu_times)
run_wrk "$T/wrk-tls.txt"
cpu_after=$(cpu_times)
wait_caught_up "$TLS_ID"
api PATCH "/api/v1/audit/sinks/$TLS_ID" '{"enabled":false}' >/dev/null
sleep 1
run_wrk "$T/wrk-none2.txt"
head=$(api GET "/api/v1/audit/sinks/$TLS_ID" | /usr/bin/python3 -c \
    'import json,sys; print(json.load(sys.stdin)["state"]["acked_seq"])')
lines=$(/usr/bin/python3 - "$T/out/tls.log" "$head" <<'PY'
import re, sys
seen = set()
for line in open(sys.argv[1], "rb"):
    m = re.search(rb'seq="(\d+)"', line)
    if m:
        seen.add(int(m.group(1)))
want = set(range(1, int(sys.argv[2]) + 1))
print(len(want - seen))
PY
)
n1=$(rate "$T/wrk-none1.txt")
n2=$(rate "$T/wrk-none2.txt")
s=$(rate "$T/wrk-tls.txt")
echo "(b) code views/s, $CONNS connections, ${DURATION}s each, $(nproc) cores (goal: ratio >= 0.9)"
echo "no sink:   $n1 req/s  p50 $(lat "$T/wrk-none1.txt" 50%)  p99 $(lat "$T/wrk-none1.txt" 99%)"
echo "TLS sink:  $s req/s  p50 $(lat "$T/wrk-tls.txt" 50%)  p99 $(lat "$T/wrk-tls.txt" 99%)"
echo "no sink:   $n2 req/s  p50 $(lat "$T/wrk-none2.txt" 50%)  p99 $(lat "$T/wrk-none2.txt" 99%)"
awk -v a="$n1" -v b="$n2" -v s="$s" 'BEGIN {
	printf "ratio with/without: %.2f\n", s / ((a + b) / 2) }'
echo "seqs 1..$head missing in rsyslog's TLS file: $lines"
echo "$cpu_before $cpu_after" | awk -v d="$DURATION" '{
	t = $4; printf "CPU in the TLS run (%d s, %d cores): kaito %.1f s, of which the sink thread %.1f s; rsyslogd %.1f s\n",
	    d, '"$(nproc)"', ($6 - $2) / t, ($5 - $1) / t, ($7 - $3) / t }'
