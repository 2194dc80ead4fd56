#!/bin/sh
# run.sh -- code views per second with a durable audit row each, against
# nginx serving a static file of the same size, on the same machine.
#
# Why: a slow code view is a lost customer. The goal (issue 3): kaito's
# rate at least 0.5 x nginx's, and kaito's p99 at most 10 ms, with wrk
# holding CONNS (64) connections for DURATION seconds each. Every kaito
# response is a real code view: bearer token lookup, grant check, seed
# unsealed, audit row committed with fsync (group commit) and covered by a
# signed checkpoint before the code is computed. Prints both rates, the
# ratio, kaito's p50/p99, its peak RSS, and checks that every 200 has its
# audit row.
#
# nginx runs as Debian configures it (its access log on, written to a file
# here) -- it records each request, as kaito does, though without fsync --
# and once more with access_log off, its fastest; both ratios are printed.
set -eu
BUILD=${BUILD:-build}
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
K="$BUILD/kaito"
T=$(mktemp -d)
KPID=""
NPID=""

cleanup() {
	[ -n "$KPID" ] && kill "$KPID" 2>/dev/null && wait "$KPID" 2>/dev/null
	[ -n "$NPID" ] && kill "$NPID" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$T"; [ -n "${KEEP:-}" ] && echo "kept $T"
}
trap cleanup EXIT INT TERM

# --- kaito: a user with a token and an API token -------------------------
"$K" init --data "$T/data" --admin admin@bench.test >/dev/null
printf 'viewer-password-123\n' | "$K" user add viewer@bench.test \
    --password-stdin --data "$T/data" >/dev/null
BEARER=$("$K" apitoken create viewer@bench.test --name bench --data "$T/data")
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
BODY=$(curl -sf -H "Authorization: Bearer $BEARER" "$KURL$CODE_PATH")

# --- nginx: a static JSON file of the same size --------------------------
mkdir -p "$T/www" "$T/nginx"
printf '%s' "$BODY" >"$T/www/code.json"
chmod 755 "$T" "$T/www"	# nginx workers run as an unprivileged user
chmod 644 "$T/www/code.json"
NPORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nginx_conf() {	# nginx_conf ACCESS_LOG_DIRECTIVE
cat >"$T/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 1024; }
http {
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 65;
	$1
	client_body_temp_path $T/nginx;
	proxy_temp_path $T/nginx;
	fastcgi_temp_path $T/nginx;
	uwsgi_temp_path $T/nginx;
	scgi_temp_path $T/nginx;
	server {
		listen 127.0.0.1:$NPORT;
		location / { root $T/www; default_type application/json; }
	}
}
CONF
}

start_nginx() {
	nginx -c "$T/nginx/nginx.conf" -p "$T/nginx" &
	NPID=$!
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		curl -sf "http://127.0.0.1:$NPORT/code.json" >/dev/null && return
		sleep 0.25
	done
	echo "nginx did not start:" >&2
	cat "$T/nginx/error.log" >&2
	exit 1
}

stop_nginx() {
	kill "$NPID" 2>/dev/null
	wait "$NPID" 2>/dev/null
	NPID=""
}

run_wrk() {	# run_wrk URL [HEADER]
	if [ $# -gt 1 ]; then
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency \
		    -H "$2" "$1"
	else
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$1"
	fi
}

rows_before=$("$K" --version >/dev/null; sqlite3 "$T/data/kaito.db" \
    "select count(*) from audit where action = 'token.code.view'")
run_wrk "$KURL$CODE_PATH" "Authorization: Bearer $BEARER" >"$T/wrk-kaito.txt"
nginx_conf "access_log $T/nginx/access.log;"
start_nginx
run_wrk "http://127.0.0.1:$NPORT/code.json" >"$T/wrk-nginx.txt"
stop_nginx
nginx_conf "access_log off;"
start_nginx
run_wrk "http://127.0.0.1:$NPORT/code.json" >"$T/wrk-nginx-nolog.txt"
stop_nginx
rss_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$KPID/status")
rows_after=$(sqlite3 "$T/data/kaito.db" \
    "select count(*) from audit where action = 'token.code.view'")

rate() { awk '/^Requests\/sec/ { print $2 }' "$1"; }
lat() { awk -v p="$2" '$1 == p { print $2 }' "$1"; }
total() { awk '/requests in/ { print $1 }' "$1"; }
non2xx() { awk '/Non-2xx/ { print $4 }' "$1"; }

kr=$(rate "$T/wrk-kaito.txt")
nr=$(rate "$T/wrk-nginx.txt")
ktotal=$(total "$T/wrk-kaito.txt")
kbad=$(non2xx "$T/wrk-kaito.txt")
echo "code view: GET $CODE_PATH, ${#BODY}-byte JSON, $CONNS connections, ${DURATION}s, $(nproc) cores"
echo "kaito:  $kr req/s  p50 $(lat "$T/wrk-kaito.txt" 50%)  p99 $(lat "$T/wrk-kaito.txt" 99%)  peak RSS $((rss_kb / 1024)) MiB"
nq=$(rate "$T/wrk-nginx-nolog.txt")
echo "nginx:  $nr req/s  p50 $(lat "$T/wrk-nginx.txt" 50%)  p99 $(lat "$T/wrk-nginx.txt" 99%)  (static file, Debian's access log on)"
echo "nginx:  $nq req/s  p50 $(lat "$T/wrk-nginx-nolog.txt" 50%)  p99 $(lat "$T/wrk-nginx-nolog.txt" 99%)  (static file, access_log off)"
awk -v k="$kr" -v n="$nr" -v q="$nq" 'BEGIN {
	printf "ratio kaito/nginx: %.2f (goal >= 0.5); against nginx without its log: %.2f\n", k / n, k / q }'
echo "audit rows written during the run: $((rows_after - rows_before)); responses: $ktotal (non-2xx: ${kbad:-0})"
if [ -n "${kbad:-}" ] || [ $((rows_after - rows_before)) -lt "$ktotal" ]; then
	echo "FAIL: some code view has no audit row, or failed" >&2
	exit 1
fi
