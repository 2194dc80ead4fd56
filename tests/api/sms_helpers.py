"""Helpers shared by the SMS inbox API tests (tests/api/test_sms_*.py).

Why a module of its own: kaito.py is the harness every API test uses;
what only the SMS tests need lives here. Everything checks kaito from the
outside: providers' signatures are computed here with Python's hmac, the
way each provider documents it (never with Kaito's code), and the event
streams are read with a raw socket (chunked transfer decoding and the
Server-Sent Events format done here), so a test sees exactly the bytes a
browser would.
"""
import base64
import hashlib
import hmac
import json
import select
import socket
import time
import urllib.parse

API = "/api/v1"
PUBLIC_URL = "https://kaito.example.com"


# --- providers' signatures -------------------------------------------------

def twilio_signature(token, url, params):
    """Twilio: base64(HMAC-SHA1(auth token, URL + sorted name+value))."""
    items = params.items() if isinstance(params, dict) else params
    s = url + "".join(k + v for k, v in sorted(items))
    return base64.b64encode(hmac.new(token.encode(), s.encode(),
                                     hashlib.sha1).digest()).decode()


def generic_signature(secret, msg_id, ts, body):
    """Standard Webhooks: "v1," + base64(HMAC-SHA256(key, id.ts.body))."""
    key = base64.b64decode(secret[len("whsec_"):]) \
        if secret.startswith("whsec_") else secret.encode()
    mac = hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def smsgate_signature(key, body, ts):
    """android-sms-gateway: hex(HMAC-SHA256(key, body + X-Timestamp))."""
    return hmac.new(key.encode(), body + str(ts).encode(),
                    hashlib.sha256).hexdigest()


TWILIO_TOKEN = "9f2e5b1c7a3d4e6f8091a2b3c4d5e6f7"
WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SMSGATE_KEY = "x9T2kq7LmA4vR1pZ"
NUMBER = "+15550100123"


def twilio_params(sid, body, to=NUMBER, sender="+15550100999"):
    return {"MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "1" * 32,
            "From": sender, "To": to, "Body": body, "NumMedia": "0",
            "NumSegments": "1", "SmsStatus": "received",
            "ApiVersion": "2010-04-01", "FromCountry": "US"}


def send_twilio(k, inbox, sid, body, token=TWILIO_TOKEN, to=NUMBER,
                base=PUBLIC_URL, sign_url=None, **kw):
    """POST a Twilio-signed inbound SMS to inbox; the response."""
    params = twilio_params(sid, body, to=to)
    url = sign_url or f"{base}/hooks/sms/twilio/{inbox}"
    sig = twilio_signature(token, url, params)
    return k.post(f"/hooks/sms/twilio/{inbox}", data=params,
                  headers={"X-Twilio-Signature": sig}, **kw)


def send_generic(k, inbox, msg_id, body, secret=WHSEC, ts=None, to=NUMBER,
                 sender="+4915112345678", extra=None):
    ts = int(time.time()) if ts is None else ts
    doc = {"type": "sms.received", "from": sender, "to": to, "body": body}
    doc.update(extra or {})
    raw = json.dumps(doc).encode()
    return k.post(f"/hooks/sms/generic/{inbox}", data=raw, headers={
        "Content-Type": "application/json", "webhook-id": msg_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": generic_signature(secret, msg_id, ts, raw)})


def send_smsgate(k, inbox, event_id, body, key=SMSGATE_KEY, ts=None,
                 sender="6505551212"):
    ts = int(time.time()) if ts is None else ts
    doc = {"deviceId": "dev1", "event": "sms:received", "id": event_id,
           "payload": {"messageId": "m-" + event_id, "message": body,
                       "phoneNumber": sender, "simNumber": 1,
                       "receivedAt": "2024-06-22T15:46:11.000+07:00"},
           "webhookId": "wh1"}
    raw = json.dumps(doc, separators=(",", ":")).encode()
    return k.post(f"/hooks/sms/android-sms-gateway/{inbox}", data=raw,
                  headers={"Content-Type": "application/json",
                           "X-Timestamp": str(ts),
                           "X-Signature": smsgate_signature(key, raw, ts)})


# --- inboxes ---------------------------------------------------------------

def make_inbox(k, admin_tok, provider="twilio", number=NUMBER, secret=None,
               name="ops phone"):
    secret = secret or {"twilio": TWILIO_TOKEN, "generic": WHSEC,
                        "android-sms-gateway": SMSGATE_KEY}[provider]
    r = k.post(API + "/inboxes", admin_tok, json={
        "name": name, "number": number, "provider": provider,
        "secret": secret})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def inbox_grant(k, tok, inbox, *grants):
    """PUT the grants: each a (kind, name, level) triple."""
    r = k.put(f"{API}/inboxes/{inbox}/grants", tok,
              json={"grants": [{kind: name, "level": level}
                               for kind, name, level in grants]})
    assert r.status_code == 200, r.text
    return r.json()["grants"]


def messages(k, tok, inbox, **params):
    r = k.get(f"{API}/inboxes/{inbox}/messages", tok, params=params)
    assert r.status_code == 200, r.text
    return r.json()["messages"]


def sms_rows(k):
    return int(k.sql("SELECT count(*) FROM sms").strip())


def audit_rows(k, action):
    rows = k.sql_rows("SELECT seq, action, outcome, actor_email, target_id,"
                      f" details FROM audit WHERE action = '{action}'"
                      " ORDER BY seq")
    for r in rows:
        r["details"] = json.loads(r["details"])
    return rows


# --- a Server-Sent Events client ---------------------------------------------

class SSE:
    """One event stream, read with a raw socket.

    status and headers once connected; next_event() returns
    {"id","event","data"} (data parsed as JSON when it is), or None on a
    timeout; ended is set when the server ended the stream (the last
    chunk, or the connection closed)."""

    def __init__(self, k, path, token=None, last_event_id=None,
                 headers=None, cookie=None):
        host, port = k.url.split("//")[1].split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}",
                 "Accept: text/event-stream"]
        if token:
            lines.append(f"Authorization: Bearer {token}")
        if cookie:
            lines.append(f"Cookie: {cookie}")
        if last_event_id is not None:
            lines.append(f"Last-Event-ID: {last_event_id}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.raw = b""          # undecoded bytes from the socket
        self.text = b""         # decoded body not yet parsed
        self.body = b""         # the whole decoded body so far
        self.ended = False
        self.comments = []
        self._chunked = False
        self._read_head()

    def _recv(self, timeout):
        if self.ended:
            return False
        r, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not r:
            return False
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, OSError):
            data = b""
        if not data:
            self.ended = True
            return False
        self.raw += data
        return True

    def _read_head(self):
        deadline = time.time() + 10
        while b"\r\n\r\n" not in self.raw:
            if not self._recv(deadline - time.time()):
                if self.ended or time.time() >= deadline:
                    raise AssertionError("no response head: %r" % self.raw)
        head, self.raw = self.raw.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split()[1])
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        self._chunked = self.headers.get("transfer-encoding") == "chunked"
        if self.status != 200:
            # An error answer: read its body (Content-Length).
            n = int(self.headers.get("content-length", "0"))
            while len(self.raw) < n and self._recv(5):
                pass
            self.error = json.loads(self.raw[:n] or b"{}")
            self.close()

    def _decode(self):
        """Move whole chunks from raw to text."""
        if not self._chunked:
            self.text += self.raw
            self.body += self.raw
            self.raw = b""
            return
        while True:
            if b"\r\n" not in self.raw:
                return
            size_line, rest = self.raw.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                self.ended = True
                self.raw = b""
                return
            if len(rest) < size + 2:
                return
            self.text += rest[:size]
            self.body += rest[:size]
            self.raw = rest[size + 2:]

    def _parse_one(self):
        """One event (or comment block) from text, or None."""
        while b"\n\n" in self.text:
            block, self.text = self.text.split(b"\n\n", 1)
            ev = {}
            for line in block.decode().split("\n"):
                if line.startswith(":"):
                    self.comments.append(line)
                    continue
                name, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                ev[name] = value
            if "data" in ev:
                try:
                    ev["data"] = json.loads(ev["data"])
                except ValueError:
                    pass
                return ev
        return None

    def next_event(self, timeout=5):
        deadline = time.time() + timeout
        while True:
            self._decode()
            ev = self._parse_one()
            if ev is not None:
                return ev
            if self.ended or time.time() >= deadline:
                return None
            self._recv(deadline - time.time())

    def events(self, n, timeout=10):
        """The next n events (fails when fewer arrive in time)."""
        out = []
        deadline = time.time() + timeout
        while len(out) < n:
            ev = self.next_event(deadline - time.time())
            assert ev is not None, f"got {len(out)} of {n} events: {out}"
            out.append(ev)
        return out

    def expect_none(self, seconds=1.0):
        """Nothing but comments arrives for `seconds`."""
        ev = self.next_event(seconds)
        assert ev is None, f"unexpected event {ev}"

    def wait_end(self, timeout=5):
        """Read until the server ends the stream; True when it did."""
        deadline = time.time() + timeout
        while not self.ended and time.time() < deadline:
            self._recv(deadline - time.time())
            self._decode()
        return self.ended

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
