"""Receivers for the SIEM sink tests: a real rsyslog from Debian, run in
the foreground with its own configuration in a temporary directory, and a
small HTTP(S) receiver playing Splunk HEC or a webhook endpoint.

Why: the sinks must be understood by what customers run, so the syslog
tests parse what rsyslog itself parsed (its RFC 5424 parser fills
%structured-data%, %msgid%, %app-name%; mmpstrucdata turns the structured
data into JSON). rsyslog is started as `rsyslogd -n -f CONF -i PIDFILE`,
never as the system service, and stopped by its pid.
"""
import base64
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RSYSLOGD = shutil.which("rsyslogd") or "/usr/sbin/rsyslogd"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_until(pred, timeout=30.0, step=0.05, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    raise AssertionError("timed out waiting for " + what)


# --- certificates -----------------------------------------------------------

def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True,
                   capture_output=True)


def make_certs(d):
    """A CA, a server certificate for 127.0.0.1 and a client certificate
    (CN kaito-client), all EC P-256; and a second, unrelated CA. Returns
    a dict of file paths."""
    os.makedirs(d, exist_ok=True)
    for ca in ("ca", "other-ca"):
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                ca + ".key", "-out", ca + ".pem", "-days", "2",
                "-subj", "/CN=Kaito test " + ca, cwd=d)
    with open(os.path.join(d, "srv.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                "extendedKeyUsage=serverAuth\n")
    with open(os.path.join(d, "cli.ext"), "w") as f:
        f.write("extendedKeyUsage=clientAuth\n")
    for name, cn, ext in (("srv", "localhost", "srv.ext"),
                          ("cli", "kaito-client", "cli.ext")):
        openssl("req", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn,
                cwd=d)
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem",
                "-CAkey", "ca.key", "-CAcreateserial", "-out",
                name + ".pem", "-days", "2", "-extfile", ext, cwd=d)
    return {k: os.path.join(d, v) for k, v in (
        ("ca", "ca.pem"), ("other_ca", "other-ca.pem"),
        ("srv_cert", "srv.pem"), ("srv_key", "srv.key"),
        ("cli_cert", "cli.pem"), ("cli_key", "cli.key"))}


def read(path):
    with open(path) as f:
        return f.read()


# --- rsyslog ----------------------------------------------------------------

RSYSLOG_CONF = """
global(workDirectory="{d}/work" maxMessageSize="256k"
       DefaultNetstreamDriverCAFile="{ca}"
       DefaultNetstreamDriverCertFile="{cert}"
       DefaultNetstreamDriverKeyFile="{key}")
module(load="imtcp" maxSessions="200")
module(load="imrelp")
module(load="mmpstrucdata")
template(name="raw" type="string" string="%rawmsg%\\n")
template(name="parsed" type="list") {{
  constant(value="{{\\"app\\":\\"")
  property(name="app-name" format="json")
  constant(value="\\",\\"msgid\\":\\"")
  property(name="msgid" format="json")
  constant(value="\\",\\"procid\\":\\"")
  property(name="procid" format="json")
  constant(value="\\",\\"host\\":\\"")
  property(name="hostname" format="json")
  constant(value="\\",\\"pri\\":\\"")
  property(name="pri")
  constant(value="\\",\\"ts\\":\\"")
  property(name="timereported" dateFormat="rfc3339" format="json")
  constant(value="\\",\\"sd\\":[")
  property(name="$!rfc5424-sd")
  constant(value="],\\"msg\\":\\"")
  property(name="msg" format="json")
  constant(value="\\"}}\\n")
}}
ruleset(name="{name}") {{
  action(type="mmpstrucdata")
  action(type="omfile" file="{d}/out/{name}.raw" template="raw")
  action(type="omfile" file="{d}/out/{name}.json" template="parsed")
}}
"""

INPUTS = {
    "tcp": 'input(type="imtcp" address="127.0.0.1" port="{port}" '
           'ruleset="{name}")',
    "tls": 'input(type="imtcp" address="127.0.0.1" port="{port}" '
           'ruleset="{name}" streamDriver.name="{driver}" '
           'streamDriver.mode="1" streamDriver.authMode="anon")',
    "mtls": 'input(type="imtcp" address="127.0.0.1" port="{port}" '
            'ruleset="{name}" streamDriver.name="{driver}" '
            'streamDriver.mode="1" streamDriver.authMode="x509/name" '
            'permittedPeer=["kaito-client"])',
    "relp": 'input(type="imrelp" address="127.0.0.1" port="{port}" '
            'ruleset="{name}")',
    "cef": 'input(type="imtcp" address="127.0.0.1" port="{port}" '
           'ruleset="{name}")',
}


class Rsyslog:
    """One rsyslogd with one listener per kind asked for; each kind's
    messages land in out/<kind>.raw (bytes as received) and
    out/<kind>.json (what rsyslog parsed, one JSON object per line)."""

    def __init__(self, kinds=("tcp", "tls", "mtls", "relp"), driver="ossl",
                 certs=None):
        self.dir = tempfile.mkdtemp(prefix="kaito-rsyslog-")
        for sub in ("work", "out"):
            os.makedirs(os.path.join(self.dir, sub))
        self.certs = certs or make_certs(os.path.join(self.dir, "certs"))
        self.ports = {k: free_port() for k in kinds}
        self.driver = driver
        self.conf = os.path.join(self.dir, "rsyslog.conf")
        self.pidfile = os.path.join(self.dir, "work", "rsyslogd.pid")
        self.log_path = os.path.join(self.dir, "rsyslogd.log")
        parts = [RSYSLOG_CONF.split("ruleset(")[0].format(
            d=self.dir, ca=self.certs["ca"], cert=self.certs["srv_cert"],
            key=self.certs["srv_key"])]
        rules = "ruleset(" + RSYSLOG_CONF.split("ruleset(")[1]
        for k in kinds:
            parts.append(rules.format(d=self.dir, name=k))
            parts.append(INPUTS[k].format(port=self.ports[k], name=k,
                                          driver=driver))
        with open(self.conf, "w") as f:
            f.write("\n".join(parts) + "\n")
        self.proc = None

    def start(self):
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [RSYSLOGD, "-n", "-f", self.conf, "-i", self.pidfile],
            stdout=self.log, stderr=self.log)
        for k, port in self.ports.items():
            wait_until(lambda: self._listening(port), 15,
                       what="rsyslog listening on %s" % k)
        return self

    @staticmethod
    def _listening(port):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            return False

    def stop(self):
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        self.log.close()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, kind, ext):
        return os.path.join(self.dir, "out", "%s.%s" % (kind, ext))

    def raw(self, kind):
        """Messages as received, one per line (ours hold no LF)."""
        p = self.path(kind, "raw")
        if not os.path.exists(p):
            return []
        with open(p, "rb") as f:
            return [x.decode("utf-8") for x in f.read().split(b"\n")
                    if x]

    def parsed(self, kind):
        p = self.path(kind, "json")
        if not os.path.exists(p):
            return []
        out = []
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.endswith("\n"):
                    out.append(json.loads(line))
        return out


def seqs_of(parsed):
    """The seq of each parsed RFC 5424 message, in arrival order."""
    return [int(m["sd"][0]["kaito@32473"]["seq"]) for m in parsed]


# --- an HTTP receiver for HEC and webhooks ------------------------------------

class Receiver:
    """A threaded HTTP(S) server on 127.0.0.1 that records what Kaito
    posts. mode "hec": checks the Splunk token and channel, parses the
    concatenated event objects, answers {"text":"Success","code":0} with
    an ackId when acks are on, and answers /services/collector/ack.
    mode "webhook": checks the webhook-* headers and the HMAC signature.
    refuse (an int status) makes it answer that instead; withhold_acks
    keeps acks false. Every problem found is appended to .problems."""

    def __init__(self, mode, token=None, key=None, acks=False, certs=None):
        self.mode, self.token, self.key, self.acks = mode, token, key, acks
        self.events = []        # event objects, in arrival order
        self.requests = []      # (path, headers dict, body bytes)
        self.problems = []
        self.refuse = None
        self.withhold_acks = False
        self.pending = {}       # hec ackId -> events of that batch
        self.next_ack = 0
        self.lock = threading.Lock()
        outer = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                status, answer = outer.handle(self.path, self.headers, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.scheme = "http"
        if certs:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(certs["srv_cert"], certs["srv_key"])
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket,
                                                server_side=True)
            self.scheme = "https"
        self.port = self.httpd.server_address[1]
        self.url = "%s://127.0.0.1:%d" % (self.scheme, self.port)
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def problem(self, text):
        self.problems.append(text)

    def handle(self, path, headers, body):
        with self.lock:
            self.requests.append((path, dict(headers), body))
            if self.refuse:
                return self.refuse, {"text": "refused", "code": 9}
            if self.mode == "hec":
                return self.hec(path, headers, body)
            return self.webhook(path, headers, body)

    def hec(self, path, headers, body):
        if headers.get("Authorization") != "Splunk " + self.token:
            self.problem("bad Authorization")
            return 401, {"text": "Invalid authorization", "code": 3}
        channel = headers.get("X-Splunk-Request-Channel", "")
        if len(channel) != 36:
            self.problem("no channel")
            return 400, {"text": "Data channel is missing", "code": 10}
        if path == "/services/collector/ack":
            acks = json.loads(body)["acks"]
            out = {}
            for a in acks:
                ok = a in self.pending and not self.withhold_acks
                if ok:
                    self.events.extend(self.pending.pop(a))
                out[str(a)] = ok
            return 200, {"acks": out}
        if path != "/services/collector/event":
            self.problem("path " + path)
            return 404, {"text": "not found", "code": 404}
        if headers.get("Content-Type") != "application/json":
            self.problem("content type")
        events = []
        dec = json.JSONDecoder()
        text, i = body.decode("utf-8"), 0
        while i < len(text):
            obj, i = dec.raw_decode(text, i)
            for k in ("time", "host", "source", "sourcetype", "event",
                      "fields"):
                if k not in obj:
                    self.problem("hec event without " + k)
            events.append(obj)
        if not events:
            self.problem("empty batch")
        if not self.acks:
            self.events.extend(events)
            return 200, {"text": "Success", "code": 0}
        aid = self.next_ack
        self.next_ack += 1
        self.pending[aid] = events
        return 200, {"text": "Success", "code": 0, "ackId": aid}

    def webhook(self, path, headers, body):
        wid = headers.get("webhook-id")
        ts = headers.get("webhook-timestamp")
        sig = headers.get("webhook-signature", "")
        if not wid or not ts or not sig.startswith("v1,"):
            self.problem("webhook headers missing")
            return 400, {}
        if abs(int(ts) - time.time()) > 300:
            self.problem("stale timestamp")
        want = base64.b64encode(hmac.new(
            self.key, wid.encode() + b"." + ts.encode() + b"." + body,
            hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(sig[3:], want):
            self.problem("bad signature")
            return 401, {}
        doc = json.loads(body)
        for item in doc["events"]:
            if item["id"] != "%s:%d" % (item["id"].split(":")[0],
                                        item["event"]["seq"]):
                self.problem("id does not match seq")
            self.events.append(item)
        return 200, {}


# --- driving kaito ------------------------------------------------------------

SINKS = "/api/v1/audit/sinks"


def make_events(k, token, n, tag="ev"):
    """n audited requests (fingerprints: one event each)."""
    s = k.client(token)
    for i in range(n):
        secret = base64.b32encode(("%s-%d" % (tag, i)).encode()).decode()
        r = s.post(k.url + "/api/v1/audit/fingerprint",
                   json={"secret": secret.rstrip("=")})
        assert r.status_code == 200, r.text


def sink_state(k, token, sid):
    r = k.get("%s/%d" % (SINKS, sid), token)
    assert r.status_code == 200, r.text
    return r.json()["state"]


def wait_delivered(k, token, sid, timeout=30.0, at_least=1):
    """Wait until the sink acknowledged the whole durable log (and at
    least at_least events); returns that seq."""
    last = {}

    def done():
        st = last["state"] = sink_state(k, token, sid)
        if st["lag_events"] == 0 and st["acked_seq"] >= at_least:
            return st["acked_seq"]
        return None
    try:
        return wait_until(done, timeout, 0.1, "sink %d to catch up" % sid)
    except AssertionError as e:
        raise AssertionError("%s; its state: %s" % (e, last.get("state")))


def add_sink(k, api_token, definition=None, **fields):
    definition = dict(definition or {}, **fields)
    r = k.post(SINKS, api_token, json=definition)
    assert r.status_code == 201, r.text
    return r.json()


def event_rows(k, token):
    """Every audit event as the pull API shows it, by seq."""
    from audit_helpers import all_events
    return {e["seq"]: e for e in all_events(k, token, 1000)}
