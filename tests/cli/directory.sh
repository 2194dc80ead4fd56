#!/bin/sh
# directory.sh -- `kaito directory import | lookup | annotate | sync` as an
# operator runs them: the full 2FA Directory snapshot (read from
# ../shared/data/2fa-directory, never copied into the repository), broken
# entries reported and skipped, annotations surviving imports, the
# offline message, and sync's conditional requests against a local HTTP
# server that honours ETag and If-Modified-Since.
. tests/cli/lib.sh

SNAP=${KAITO_DIRECTORY_SNAPSHOT:-../shared/data/2fa-directory}
D="$T/data"
"$KAITO" init --data "$D" >/dev/null 2>&1 || { echo "FAIL: init"; exit 1; }

check() {	# check NAME CONDITION...
	name=$1
	shift
	if ! "$@"; then
		echo "FAIL $name"
		failures=$((failures + 1))
	fi
}

# The full snapshot: the README's 2,566 entries, none skipped (every
# entry passes the schema rules; validate.h lists where ours are stricter).
expect_run "import snapshot" 0 "imported 2566 entries (2566 new or changed, 0 unchanged), skipped 0, removed 0; the directory holds 2566" \
    "read 2566 entries" "$KAITO" directory import "$SNAP" --data "$D"
grep -q "writing entries: 2500 of 2566" "$T/err" ||
    { echo "FAIL: no progress on stderr"; failures=$((failures + 1)); }
expect_run "import again: nothing changed" 0 "imported 2566 entries (0 new or changed, 2566 unchanged), skipped 0, removed 0; the directory holds 2566" \
    "*" "$KAITO" --data "$D" directory import "$SNAP/entries.json"

# NS1 is TOTP-only; the JSON carries name, domain, methods, documentation,
# score.
expect_run "lookup ns1 --json" 0 "*" "" "$KAITO" directory lookup ns1.com --json --data "$D"
check "lookup json fields" /usr/bin/python3 - "$T/out" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
assert e["name"] == "NS1" and e["domain"] == "ns1.com", e
assert e["methods"] == ["totp"], e["methods"]
assert e["documentation"] == "https://ns1.com/articles/enabling-2-factor-authentication"
assert e["score"] == 4 and e["supports_2fa"] is True
assert e["last_verified_source"] == "dataset" and e["last_verified"]
PY
expect_run "lookup by name, text" 0 "*" "" "$KAITO" directory lookup NS1 --data "$D"
check "text says TOTP" grep -q "^Methods:      TOTP (authenticator app)$" "$T/out"
check "text has attribution" grep -q "Data sourced from 2FA Directory by 2factorauth." "$T/out"
expect_run "misspelt name" 0 "*" "no exact match for 'gitbub'; showing GitHub" \
    "$KAITO" directory lookup gitbub --data "$D"
expect_run "additional domain" 0 "*" "" "$KAITO" directory lookup gmail.com --json --data "$D"
check "gmail.com is Gmail" grep -q '"name": "Gmail"' "$T/out"
expect_run "unknown service" 1 "" "zzqxjvq: not in the directory" \
    "$KAITO" directory lookup zzqxjvq --data "$D"

# Annotations survive a re-import.
expect_run "annotate" 0 "annotated ns1.com" "" "$KAITO" directory annotate \
    NS1.com --note "Ops owns this" --verified 2026-01-15 --data "$D"
"$KAITO" directory import "$SNAP" --data "$D" >/dev/null 2>&1
expect_run "annotation kept" 0 "*" "" "$KAITO" directory lookup ns1.com --json --data "$D"
check "admin note and date kept" /usr/bin/python3 - "$T/out" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
assert e["annotations"]["admin_notes"] == "Ops owns this", e["annotations"]
assert e["last_verified"] == "2026-01-15" and e["last_verified_source"] == "admin"
PY
expect_run "annotate unknown" 1 "" "nope.example: not in the directory" \
    "$KAITO" directory annotate nope.example --note x --data "$D"
expect_run "annotate bad date" 2 "" "--verified wants" \
    "$KAITO" directory annotate ns1.com --verified yesterday --data "$D"

# A crafted file: one broken entry is named with its reason and skipped.
cat >"$T/crafted.json" <<'JSON'
{"good.example": {"name": "Good", "domain": "good.example", "tfa": ["totp"], "categories": ["other"]},
 "evil.example": {"name": "Evil", "domain": "evil.example", "tfa": ["totp"], "categories": ["other"], "documentation": "javascript:alert(1)"},
 "also.example": {"name": "Also", "domain": "also.example", "tfa": ["sms"], "categories": ["other"]}}
JSON
D2="$T/data2"
"$KAITO" init --data "$D2" >/dev/null 2>&1
expect_run "crafted file" 0 "imported 2 entries (2 new or changed, 0 unchanged), skipped 1, removed 0; the directory holds 2" \
    "skipped Evil: documentation: not an http(s) URI" \
    "$KAITO" directory import "$T/crafted.json" --data "$D2"
echo '{nope' >"$T/bad.json"
expect_run "not JSON" 1 "" "not valid JSON" "$KAITO" directory import "$T/bad.json" --data "$D2"
expect_run "no such file" 1 "" "No such file" "$KAITO" directory import "$T/none.json" --data "$D2"
expect_run "import usage" 2 "" "expected one FILE or DIR" "$KAITO" directory import --data "$D2"
expect_run "lookup usage" 2 "" "expected one NAME or DOMAIN" "$KAITO" directory lookup

# Offline: a clear message and exit 1.
expect_run "sync offline" 1 "" "cannot reach https://api.2fa.directory/v3/all.json" \
    env -u KAITO_DIRECTORY_URL "$KAITO" directory sync --data "$D2"
expect_run "sync refused" 1 "" "cannot reach http://127.0.0.1:1/v3/all.json" \
    "$KAITO" directory sync --url http://127.0.0.1:1/ --data "$D2"
expect_run "sync bad url" 2 "" "--url wants an http(s) URL" \
    "$KAITO" directory sync --url ftp://x/ --data "$D2"

# Sync against a local server with ETag / Last-Modified handling. The
# server turns the snapshot into the API v3 shape and logs the validators
# each request carried.
W="$T/www"
mkdir -p "$W/v3"
/usr/bin/python3 - "$SNAP/entries.json" "$W/v3/all.json" <<'PY'
import json, sys
snap = json.load(open(sys.argv[1]))
out = []
for v in snap.values():
    v = dict(v)
    name = v.pop("name")
    v["keywords"] = v.pop("categories")
    out.append([name, v])
json.dump(out, open(sys.argv[2], "w"))
PY
cat >"$T/server.py" <<'PY'
import hashlib, http.server, os, sys, time
root, log, portfile = sys.argv[1], sys.argv[2], sys.argv[3]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = os.path.join(root, self.path.lstrip("/"))
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        with open(log, "a") as f:
            f.write("%s inm=%s ims=%s\n" % (self.path, inm, ims))
        if not os.path.isfile(path):
            self.send_error(404)
            return
        body = open(path, "rb").read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        lm = time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                           time.gmtime(os.path.getmtime(path)))
        if inm == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", lm)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(portfile + ".tmp", "w").write(str(s.server_port))
os.rename(portfile + ".tmp", portfile)
s.serve_forever()
PY
/usr/bin/python3 "$T/server.py" "$W" "$T/requests.log" "$T/port" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$T"' EXIT INT TERM
i=0
while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
URL="http://127.0.0.1:$(cat "$T/port")/"
D3="$T/data3"
"$KAITO" init --data "$D3" >/dev/null 2>&1

expect_run "sync: first fetch" 0 "imported 2566 entries (2566 new or changed, 0 unchanged), skipped 0, removed 0; the directory holds 2566" \
    "fetching ${URL}v3/all.json" env KAITO_DIRECTORY_URL="$URL" "$KAITO" directory sync --data "$D3"
check "cache written" test -s "$D3/directory-cache/all.json"
expect_run "sync: not modified" 0 "unchanged since the last sync (HTTP 304); the directory holds 2566 entries" \
    "*" env KAITO_DIRECTORY_URL="$URL" "$KAITO" directory sync --data "$D3"
check "second request was conditional" sh -c \
    "sed -n 2p '$T/requests.log' | grep -q 'inm=\"[0-9a-f]*\" ims=[A-Z][a-z][a-z], '"
check "first request was not" sh -c "sed -n 1p '$T/requests.log' | grep -q 'inm=None ims=None'"

# Upstream changes NS1: one entry changed, dated today.
/usr/bin/python3 - "$W/v3/all.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for name, e in d:
    if e["domain"] == "ns1.com":
        e["tfa"] = ["totp", "u2f"]
json.dump(d, open(sys.argv[1], "w"))
PY
expect_run "sync: changed upstream" 0 "imported 2566 entries (1 new or changed, 2565 unchanged), skipped 0, removed 0; the directory holds 2566" \
    "*" "$KAITO" directory sync --url "$URL" --data "$D3"
"$KAITO" directory lookup ns1.com --json --data "$D3" >"$T/ns1.json"
check "ns1 changed today" /usr/bin/python3 - "$T/ns1.json" <<'PY'
import json, sys, time
e = json.load(open(sys.argv[1]))
assert e["methods"] == ["u2f", "totp"], e["methods"]
assert e["dataset_changed_on"] == time.strftime("%Y-%m-%d", time.gmtime())
PY

# A file imported since: a 304 re-imports the cached copy.
"$KAITO" directory import "$T/crafted.json" --data "$D3" >/dev/null 2>&1
expect_run "sync: 304 after a manual import" 0 "*" "importing the cached copy" \
    "$KAITO" directory sync --url "$URL" --data "$D3"
check "back to 2566" grep -q "the directory holds 2566" "$T/out"

# A truncated upstream must not empty the directory.
echo '[["Only", {"domain": "only.example", "tfa": ["totp"], "keywords": ["other"]}]]' >"$W/v3/all.json"
expect_run "sync: shrunk upstream refused" 1 "" "fewer than half" \
    "$KAITO" directory sync --url "$URL" --data "$D3"
expect_run "sync: --force" 0 "*" "importing the cached copy" "$KAITO" directory sync --url "$URL" --force --data "$D3"
check "forced" grep -q "the directory holds 1$" "$T/out"

finish
