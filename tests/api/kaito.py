"""Start and drive a real `kaito serve` for the black-box API tests.

Why: the API tests exercise the binary exactly as an operator runs it: a
fresh data directory from `kaito init`, users and API tokens made with the
operator CLI, the server on a free port (`--listen 127.0.0.1:0`), then
plain HTTP with `requests`. KAITO names the binary under test (the normal
or the sanitizer build). On stop, the server must exit 0 and its log must
hold no sanitizer report.
"""
import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import time

import requests

KAITO = os.environ.get("KAITO", os.path.join(os.path.dirname(__file__),
                                             "..", "..", "build", "kaito"))
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "libmicrohttpd panic")


def totp(secret_b32, t=None, digits=6, period=30, algo=hashlib.sha1):
    """An independent TOTP (RFC 6238) for checking kaito's codes."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    step = int((time.time() if t is None else t) // period)
    return hotp_raw(key, step, digits, algo)


def hotp_raw(key, counter, digits=6, algo=hashlib.sha1):
    h = hmac.new(key, struct.pack(">Q", counter), algo).digest()
    o = h[-1] & 15
    v = struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff
    return str(v % 10 ** digits).zfill(digits)


def login(k, email, password):
    """Log in to kaito k as email (enrolling TOTP when asked); returns a
    requests.Session with the cookie and the X-CSRF-Token header."""
    return k.login(email, password)


class Kaito:
    """One kaito data directory and, once started, its server."""

    def __init__(self, admin="admin@example.com", env=None):
        self.dir = tempfile.mkdtemp(prefix="kaito-test-")
        self.data = os.path.join(self.dir, "data")
        self.env = dict(os.environ, KAITO_TEST_HOOKS="1", **(env or {}))
        self.proc = None
        self.log_path = os.path.join(self.dir, "serve.log")
        self.totp_secrets = {}  # email -> base32 login seed (our app)
        self.totp_last = {}     # email -> last TOTP step we sent
        out = self.cli("init", "--admin", admin)
        self.admin_email = admin
        self.admin_password = re.search(r"password:\s+(\S+)", out).group(1)

    def cli(self, *args, input=None, check=True):
        """Run `kaito ARGS --data DIR`; return stdout (raise on failure)."""
        p = subprocess.run([KAITO, *args, "--data", self.data], input=input,
                           capture_output=True, text=True, env=self.env)
        if check and p.returncode != 0:
            raise AssertionError(f"kaito {' '.join(args)} exited "
                                 f"{p.returncode}: {p.stderr}")
        self.last_stderr = p.stderr
        return p.stdout if check else p

    def add_user(self, email, admin=False, password=None):
        password = password or "pw-" + email + "-0123456789"
        args = ["user", "add", email, "--password-stdin"]
        if admin:
            args.append("--admin")
        self.cli(*args, input=password + "\n")
        return password

    def apitoken(self, email, *extra):
        return self.cli("apitoken", "create", email, *extra).strip()

    def start(self, *extra):
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [KAITO, "serve", "--data", self.data, "--listen",
             "127.0.0.1:0", *extra], stdout=subprocess.PIPE,
            stderr=self.log, text=True, env=self.env)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (https?://[^/ ]+)/", line)
        if not m:
            self.proc.kill()
            raise AssertionError("kaito serve did not start: " + line +
                                 open(self.log_path).read())
        self.url = m.group(1)
        return self

    def client(self, token=None):
        s = requests.Session()
        if token:
            s.headers["Authorization"] = "Bearer " + token
        s.base = self.url
        return s

    def get(self, path, token=None, **kw):
        return self.client(token).get(self.url + path, **kw)

    def post(self, path, token=None, **kw):
        return self.client(token).post(self.url + path, **kw)

    def put(self, path, token=None, **kw):
        return self.client(token).put(self.url + path, **kw)

    def patch(self, path, token=None, **kw):
        return self.client(token).patch(self.url + path, **kw)

    def delete(self, path, token=None, **kw):
        return self.client(token).delete(self.url + path, **kw)

    def signal(self, sig):
        self.proc.send_signal(sig)

    def sql(self, query):
        """Run a query on the database with the sqlite3 shell (waiting
        up to 5 s for the server's writer to release its lock)."""
        p = subprocess.run(["sqlite3", "-cmd", ".timeout 5000",
                            os.path.join(self.data, "kaito.db"), query],
                           capture_output=True, check=True)
        return p.stdout.decode("utf-8", errors="replace")

    def sql_rows(self, query):
        """Run a query; the rows as a list of dicts (sqlite3 -json)."""
        p = subprocess.run(["sqlite3", "-json", "-cmd", ".timeout 5000",
                            os.path.join(self.data, "kaito.db"), query],
                           capture_output=True, text=True, check=True)
        return json.loads(p.stdout) if p.stdout.strip() else []

    AUDIT_COLS = ("seq, ts_us, actor_type, actor_id, actor_email, ip, "
                  "user_agent, channel, action, target_type, target_id, "
                  "target_name, outcome, details")

    def audit(self, action=None):
        """Audit rows (oldest first), optionally of one action; without
        the checkpoints the log signs about itself (audit.checkpoint)."""
        where = f" AND action = '{action}'" if action else ""
        return self.sql_rows(f"SELECT {self.AUDIT_COLS} FROM audit WHERE "
                             "action != 'audit.checkpoint'" + where +
                             " ORDER BY seq")

    def session_post(self, email, password, otp=None, client=None):
        """One POST /api/v1/session; returns the response."""
        body = {"email": email, "password": password}
        if otp is not None:
            body["otp"] = otp
        return (client or self.client()).post(
            self.url + "/api/v1/session", json=body)

    def next_otp(self, email):
        """A code for email's login seed, for a step the server has not
        seen yet: the current one or the next (the server accepts +-1
        step, and each step once). Sleeps to the next period when both
        were used."""
        while True:
            now = time.time()
            step = max(self.totp_last.get(email, 0) + 1, int(now // 30))
            if step <= int(now // 30) + 1:
                break
            time.sleep(30 - now % 30 + 0.1)
        self.totp_last[email] = step
        return totp(self.totp_secrets[email], t=step * 30)

    def sync_otp_step(self, email):
        """Forget the steps we sent that the server never accepted (a
        refused login): take its last accepted step as ours."""
        self.totp_last[email] = int(self.sql(
            "SELECT totp_last_step FROM users WHERE email = '%s'" %
            email.replace("'", "''")).strip() or 0)

    def login(self, email, password):
        """Log in as email, enrolling its login TOTP on first use (the
        seed is kept in self.totp_secrets). Returns a requests.Session
        with the session cookie and the X-CSRF-Token header set; its
        .user is the answer's user and .csrf the CSRF token."""
        s = self.client()
        otp = self.next_otp(email) if email in self.totp_secrets else None
        r = self.session_post(email, password, otp, s)
        code = r.json().get("error", {}).get("code") \
            if r.status_code == 401 else None
        if code == "otp_enrollment_required":
            self.totp_secrets[email] = r.json()["enrollment"]["secret"]
        if code in ("otp_enrollment_required", "otp_required"):
            r = self.session_post(email, password, self.next_otp(email), s)
        assert r.status_code == 200, f"login {email}: {r.status_code} " \
            f"{r.text}"
        s.csrf = r.json()["csrf_token"]
        s.user = r.json()["user"]
        s.headers["X-CSRF-Token"] = s.csrf
        return s

    def admin(self):
        """A logged-in session of the first administrator."""
        return self.login(self.admin_email, self.admin_password)

    def stop(self):
        """Stop the server; fail on a non-zero exit or a sanitizer report."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("kaito serve did not stop on SIGTERM")
        finally:
            self.proc.stdout.close()
            self.log.close()
        self.proc = None
        log = open(self.log_path).read()
        bad = [line for line in log.splitlines()
               if any(m in line for m in SANITIZER_MARKS)]
        assert not bad, ("sanitizer report in the server log: " + bad[0] +
                         "\n" + log[-4000:])
        assert rc == 0, f"kaito serve exited {rc}:\n{log[-2000:]}"

    def cleanup(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
