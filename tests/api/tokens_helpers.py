"""Helpers shared by the token API tests (test_tokens, test_token_code,
test_token_seed, test_rotate, test_grants).

Why a module of its own: kaito.py is the harness every API test uses and
other engineers edit it; what only the token tests need lives here.
Everything checks kaito from the outside: HTTP, the sqlite3 shell on the
database, the server's log, and independent OTP computations.
"""
import base64
import hashlib
import json
import os
import subprocess
import time

from kaito import hotp_raw

API = "/api/v1"
STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"
DATA = os.path.join(os.path.dirname(__file__), "..", "data")


def b32(raw):
    """Base32 without padding, as Kaito and authenticator apps write it."""
    return base64.b32encode(raw).decode().rstrip("=")


def new_secret(n=20):
    raw = os.urandom(n)
    return raw, b32(raw)


def unb32(s):
    return base64.b32decode(s + "=" * (-len(s) % 8))


def totp_at(secret_b32, t, digits=6, period=30, algo=hashlib.sha1):
    return hotp_raw(unb32(secret_b32), int(t // period), digits, algo)


def totp_now(secret_b32, **kw):
    """The codes valid around now (two when a step boundary is close)."""
    now = time.time()
    return {totp_at(secret_b32, now - 1, **kw),
            totp_at(secret_b32, now + 1, **kw)}


def hotp(secret_b32, counter, digits=6, algo=hashlib.sha1):
    return hotp_raw(unb32(secret_b32), counter, digits, algo)


def steam_at(secret_b32, t):
    """Steam Guard: the 31-bit HOTP value written in Steam's alphabet."""
    import hmac
    import struct
    h = hmac.new(unb32(secret_b32), struct.pack(">Q", int(t // 30)),
                 hashlib.sha1).digest()
    o = h[-1] & 15
    v = struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff
    out = ""
    for _ in range(5):
        out += STEAM_ALPHABET[v % len(STEAM_ALPHABET)]
        v //= len(STEAM_ALPHABET)
    return out


def totp_uri(secret_b32, issuer="NS1", account="ops@example.com", extra=""):
    return (f"otpauth://totp/{issuer}:{account}?secret={secret_b32}"
            f"&issuer={issuer}{extra}")


def encodings(raw):
    """Every way a seed could sit in a file or a log line."""
    out = [raw, b32(raw).encode(), b32(raw).lower().encode(),
           raw.hex().encode(), raw.hex().upper().encode(),
           base64.b64encode(raw), base64.b64encode(raw).rstrip(b"="),
           base64.urlsafe_b64encode(raw).rstrip(b"=")]
    # A prefix long enough to be unmistakable catches partial copies.
    return out + [e[:16] for e in out[1:] if len(e) > 16]


def assert_not_in(blob, raw, where):
    if isinstance(blob, str):
        blob = blob.encode()
    for e in encodings(raw):
        assert e not in blob, f"a seed encoding {e[:6]!r}... is in {where}"


def sql_write(k, *statements):
    """Write to the database with the sqlite3 shell while kaito runs."""
    db = os.path.join(k.data, "kaito.db")
    subprocess.run(["sqlite3", db, ".timeout 5000", *statements],
                   check=True, capture_output=True, text=True)


def sql_json(k, query):
    """Rows of a query as dicts (the query selects one json_object)."""
    out = k.sql(query).strip()
    return [json.loads(line) for line in out.splitlines() if line]


def audit(k, action=None, target_id=None, outcome=None):
    """Audit rows as dicts, in seq order, filtered."""
    rows = sql_json(k, "SELECT json_object('seq', seq, 'action', action,"
                    " 'target_type', target_type, 'target_id', target_id,"
                    " 'target_name', target_name, 'outcome', outcome,"
                    " 'actor_email', actor_email, 'details', details)"
                    " FROM audit WHERE action != 'audit.checkpoint'"
                    " ORDER BY seq")
    for r in rows:
        r["details"] = json.loads(r["details"])
    return [r for r in rows
            if (action is None or r["action"] == action)
            and (target_id is None or r["target_id"] == target_id)
            and (outcome is None or r["outcome"] == outcome)]


def audit_count(k):
    """Audit rows, not counting the log's own checkpoints."""
    return int(k.sql("SELECT count(*) FROM audit WHERE action != "
                     "'audit.checkpoint'").strip())


def token_count(k):
    return int(k.sql("SELECT count(*) FROM tokens").strip())


def add_group(k, name, *members):
    sql_write(k, f"INSERT INTO groups (name, created_at) VALUES ('{name}', 0)")
    for m in members:
        sql_write(k, "INSERT INTO group_members SELECT g.id, u.id"
                  f" FROM groups g, users u WHERE g.name = '{name}'"
                  f" AND u.email = '{m}'")


def user(k, email, admin=False):
    """A new user and their API token."""
    k.add_user(email, admin=admin)
    return k.apitoken(email)


def create(k, tok, expect=201, **body):
    r = k.post(API + "/tokens", tok, json=body)
    assert r.status_code == expect, r.text
    return r.json()


def create_totp(k, tok, issuer="NS1", account="ops@example.com", **extra):
    """A new TOTP token from a random seed: (token json, raw, base32)."""
    raw, s = new_secret()
    t = create(k, tok, uri=totp_uri(s, issuer, account), **extra)
    return t, raw, s


def grant(k, tok, tid, *grants):
    """PUT the grants: each a (kind, name, level) triple."""
    r = k.put(f"{API}/tokens/{tid}/grants", tok,
              json={"grants": [{kind: name, "level": level}
                               for kind, name, level in grants]})
    assert r.status_code == 200, r.text
    return r.json()["grants"]


def qr_png_b64(text, tmpdir):
    """A PNG of a QR code of text (qrencode), base64."""
    path = os.path.join(tmpdir, "qr.png")
    subprocess.run(["qrencode", "-o", path, text], check=True)
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode()


def read_file(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


def server_log(k):
    k.log.flush()
    return read_file(k.log_path)


def db_bytes(k):
    """The database file, its WAL and shared memory, as bytes."""
    db = os.path.join(k.data, "kaito.db")
    return b"".join(read_file(db + sfx) for sfx in ("", "-wal", "-shm"))
