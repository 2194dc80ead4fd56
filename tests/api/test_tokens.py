"""Tokens: creation from every source (uri, secret and parameters, QR
image, each import format), verify_code, listing, metadata, PATCH,
DELETE, and input validation that refuses bad bodies without changing
anything or echoing a seed."""
import base64
import hashlib
import os
import signal
import subprocess
import tempfile
import time
import urllib.parse

import pytest

from kaito import KAITO
from tokens_helpers import (API, DATA, assert_not_in, audit, audit_count,
                            create, create_totp, grant, hotp, new_secret,
                            qr_png_b64, token_count, totp_now, totp_uri,
                            unb32, user)

TOKEN_FIELDS = {"id", "issuer", "account", "type", "algorithm", "digits",
                "period", "counter", "notes", "level", "has_recovery_codes",
                "rotation_pending", "created_by", "created_at", "updated_at",
                "directory"}


def code_of(k, tok, tid):
    r = k.get(f"{API}/tokens/{tid}/code", tok)
    assert r.status_code == 200, r.text
    return r.json()["code"]


def test_create_from_uri(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, raw, s = create_totp(k, tok, notes="shared ops account")
    assert set(t) == TOKEN_FIELDS
    assert t["issuer"] == "NS1" and t["account"] == "ops@example.com"
    assert (t["type"], t["algorithm"], t["digits"], t["period"],
            t["counter"]) == ("totp", "SHA1", 6, 30, None)
    assert t["level"] == "manage" and t["created_by"] == "ann@example.com"
    assert t["notes"] == "shared ops account"
    assert t["has_recovery_codes"] is False
    assert t["rotation_pending"] is False
    assert code_of(k, tok, t["id"]) in totp_now(s)
    ev = audit(k, "token.create", t["id"])
    assert len(ev) == 1 and ev[0]["outcome"] == "success"
    assert ev[0]["target_type"] == "token"
    assert ev[0]["target_name"] == "NS1 (ops@example.com)"
    assert ev[0]["details"] == {"source": "uri"}
    # The creator holds manage, as a user grant.
    r = k.get(f"{API}/tokens/{t['id']}/grants", tok)
    assert r.json() == {"grants": [{"user": "ann@example.com",
                                    "level": "manage"}]}


def test_create_from_secret_and_parameters(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    raw, s = new_secret(32)
    t = create(k, tok, secret=s.lower(), issuer=" ACME ", account="bob",
               type="totp", algorithm="SHA256", digits=8, period=60,
               recovery_codes=["one-1", "two-2"])
    assert (t["issuer"], t["account"], t["algorithm"], t["digits"],
            t["period"]) == ("ACME", "bob", "SHA256", 8, 60)
    assert t["has_recovery_codes"] is True
    assert code_of(k, tok, t["id"]) in totp_now(
        s, digits=8, period=60, algo=hashlib.sha256)
    # HOTP with a counter, SHA512.
    h = create(k, tok, secret=s, type="hotp", counter=41,
               algorithm="sha512", account="h")
    assert (h["type"], h["period"], h["counter"]) == ("hotp", None, 41)
    assert code_of(k, tok, h["id"]) == hotp(s, 41, algo=hashlib.sha512)
    # Steam defaults to 5 characters.
    st = create(k, tok, secret=s, type="steam", issuer="Steam")
    assert (st["type"], st["digits"], st["period"]) == ("steam", 5, 30)


def test_create_from_qr_image(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    raw, s = new_secret()
    with tempfile.TemporaryDirectory() as d:
        img = qr_png_b64(totp_uri(s, "QRCo", "qr@example.com"), d)
    # Line breaks in the base64, as `base64` writes it, are fine.
    wrapped = "\n".join(img[i:i + 76] for i in range(0, len(img), 76))
    t = create(k, tok, qr_image=wrapped)
    assert (t["issuer"], t["account"]) == ("QRCo", "qr@example.com")
    assert code_of(k, tok, t["id"]) in totp_now(s)
    assert audit(k, "token.create", t["id"])[0]["details"] == {
        "source": "qr_image"}


@pytest.mark.parametrize("image,why", [("blank.png", "found 0 QR codes"),
                                       ("two.png", "found 2 QR codes")])
def test_qr_image_needs_exactly_one_code(kaito, image, why):
    with open(os.path.join(DATA, "qr", image), "rb") as f:
        img = base64.b64encode(f.read()).decode()
    tok = user(kaito, "ann@example.com")
    r = kaito.post(API + "/tokens", tok, json={"qr_image": img})
    assert r.status_code == 400 and why in r.json()["error"]["message"]
    r = kaito.post(API + "/tokens", tok, json={"qr_image": "***"})
    assert r.status_code == 400
    r = kaito.post(API + "/tokens", tok, json={"qr_image": "aGVsbG8="})
    assert r.status_code == 400 and "PNG or JPEG" in r.text
    assert token_count(kaito) == 0


IMPORTS = [("google", "google-migration.txt"), ("aegis", "aegis-plain.json"),
           ("2fas", "2fas.2fas"), ("andotp", "andotp.json"),
           ("bitwarden", "bitwarden.json")]


def expected_uris(fmt, name):
    p = subprocess.run([KAITO, "import", fmt, os.path.join(DATA, "import",
                                                           name)],
                       capture_output=True, text=True, check=True)
    return p.stdout.split()


@pytest.mark.parametrize("fmt,name", IMPORTS)
def test_import_each_format(kaito, fmt, name):
    k = kaito
    tok = user(k, "ann@example.com")
    path = os.path.join(DATA, "import", name)
    with open(path, "rb") as f:
        data = f.read()
    want = expected_uris(fmt, name)
    before = audit_count(k)
    r = k.post(API + "/tokens", tok, json={"import": {
        "format": fmt, "data": data.decode()}})
    assert r.status_code == 201, r.text
    got = r.json()["tokens"]
    assert len(got) == len(want) > 1
    for t, uri in zip(got, want):
        assert t["level"] == "manage"
        q = urllib.parse.parse_qs(urllib.parse.urlparse(uri).query)
        seed = k.get(f"{API}/tokens/{t['id']}/seed", tok).json()
        assert unb32(seed["secret"]) == unb32(q["secret"][0])
        assert t["type"] == urllib.parse.urlparse(uri).netloc
        assert t["digits"] == int(q["digits"][0])
        assert t["issuer"] == q.get("issuer", [""])[0]
    # One token.create per token, each naming the import.
    evs = audit(k, "token.create")
    assert len(evs) == len(want)
    assert {e["target_id"] for e in evs} == {t["id"] for t in got}
    assert all(e["details"] == {"source": "import", "format": fmt,
                                "import_count": len(want)} for e in evs)
    assert audit_count(k) == before + len(want) + len(want)  # + reveals
    # The same file as data_base64 imports again: duplicates are allowed.
    r = k.post(API + "/tokens", tok, json={"import": {
        "format": fmt, "data_base64": base64.b64encode(data).decode()}})
    assert r.status_code == 201 and len(r.json()["tokens"]) == len(want)


@pytest.mark.parametrize("fmt,name", [
    ("aegis", "aegis-encrypted.json"), ("aegis", "aegis-unsupported.json"),
    ("2fas", "2fas-encrypted.2fas"), ("bitwarden", "bitwarden-encrypted.json"),
    ("google", "google-unsupported.txt"), ("andotp", "andotp.json.nope")])
def test_import_refused_whole(kaito, fmt, name):
    k = kaito
    tok = user(k, "ann@example.com")
    path = os.path.join(DATA, "import", name)
    data = open(path).read() if os.path.exists(path) else "[1, 2]"
    before = audit_count(k)
    r = k.post(API + "/tokens", tok, json={"import": {"format": fmt,
                                                      "data": data}})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "bad_request"
    assert token_count(k) == 0 and audit_count(k) == before


def test_import_shape_errors(kaito):
    tok = user(kaito, "ann@example.com")
    for imp in ("x", {"format": "aegis"}, {"format": "keepass", "data": "x"},
                {"format": "aegis", "data": "{}", "data_base64": "e30="},
                {"format": "aegis", "data": 5},
                {"format": "aegis", "data_base64": "!!"},
                {"format": "aegis", "data": "{}", "password": "x"}):
        r = kaito.post(API + "/tokens", tok, json={"import": imp})
        assert r.status_code == 400, imp
    r = kaito.post(API + "/tokens", tok, json={"import": {
        "format": "andotp", "data": "[]"}})
    assert r.status_code == 400 and "no tokens" in r.text
    raw, s = new_secret()
    r = kaito.post(API + "/tokens", tok, json={"import": {
        "format": "andotp", "data": "[]"}, "verify_code": "123456"})
    assert r.status_code == 400
    assert token_count(kaito) == 0


def test_verify_code(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    raw, s = new_secret()
    good = sorted(totp_now(s))[0]
    t = create(k, tok, uri=totp_uri(s), verify_code=good[:3] + " " + good[3:])
    assert t["id"]
    bad = "%06d" % ((int(good) + 500000) % 1000000)
    before = audit_count(k)
    r = k.post(API + "/tokens", tok, json={"uri": totp_uri(s),
                                           "verify_code": bad})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "code_mismatch"
    assert token_count(k) == 1 and audit_count(k) == before
    assert s not in r.text


def test_verify_code_hotp_moves_counter(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    raw, s = new_secret()
    # The next counter (c + 1) matches; the stored counter moves past it.
    t = create(k, tok, secret=s, type="hotp", counter=10,
               verify_code=hotp(s, 11))
    assert t["counter"] == 12
    assert code_of(k, tok, t["id"]) == hotp(s, 12)
    r = k.post(API + "/tokens", tok, json={
        "secret": s, "type": "hotp", "counter": 10,
        "verify_code": hotp(s, 12)})
    assert r.status_code == 422
    assert token_count(k) == 1


def test_list_and_get(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    bob = user(k, "bob@example.com")
    admin = k.apitoken(k.admin_email)
    t1, _, _ = create_totp(k, ann, "One")
    t2, _, _ = create_totp(k, bob, "Two")
    grant(k, bob, t2["id"], ("user", "bob@example.com", "manage"),
          ("user", "ann@example.com", "code"))
    r = k.get(API + "/tokens", ann).json()["tokens"]
    assert [(t["id"], t["level"]) for t in r] == [(t1["id"], "manage"),
                                                  (t2["id"], "code")]
    assert [t["id"] for t in k.get(API + "/tokens", bob).json()["tokens"]] \
        == [t2["id"]]
    assert k.get(API + "/tokens", admin).json() == {"tokens": []}
    r = k.get(API + "/tokens?all=true", admin).json()["tokens"]
    assert [(t["id"], t["level"]) for t in r] == [(t1["id"], None),
                                                  (t2["id"], None)]
    assert k.get(API + "/tokens?all=true", ann).status_code == 403
    assert k.get(API + "/tokens?all=yes", admin).status_code == 400
    # One token: its grantees and admins see it; others get 404.
    assert k.get(f"{API}/tokens/{t2['id']}", ann).json()["level"] == "code"
    assert k.get(f"{API}/tokens/{t1['id']}", admin).json()["level"] is None
    r = k.get(f"{API}/tokens/{t1['id']}", bob)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert k.get(f"{API}/tokens/999", bob).status_code == 404
    assert k.get(f"{API}/tokens/999", admin).status_code == 404


def test_patch(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    bob = user(k, "bob@example.com")
    t, _, _ = create_totp(k, ann)
    tid = t["id"]
    grant(k, ann, tid, ("user", "ann@example.com", "manage"),
          ("user", "bob@example.com", "seed"))
    r = k.patch(f"{API}/tokens/{tid}", ann, json={
        "issuer": "NS1", "account": "new@example.com", "notes": "n\tok\n",
        "recovery_codes": ["r1", "r2"]})
    assert r.status_code == 200, r.text
    p = r.json()
    assert (p["issuer"], p["account"], p["notes"]) == (
        "NS1", "new@example.com", "n\tok\n")
    assert p["has_recovery_codes"] is True
    ev = audit(k, "token.update", tid)
    assert len(ev) == 1
    # Names of the changed fields only: the issuer did not change.
    assert ev[0]["details"] == {"fields": ["account", "notes",
                                           "recovery_codes"]}
    r = k.patch(f"{API}/tokens/{tid}", ann, json={"recovery_codes": []})
    assert r.json()["has_recovery_codes"] is False
    assert k.get(f"{API}/tokens/{tid}/seed", ann).json()[
        "recovery_codes"] == []
    # Below manage: 403; no grant: 404.
    carl = user(k, "carl@example.com")
    assert k.patch(f"{API}/tokens/{tid}", bob,
                   json={"notes": "x"}).status_code == 403
    assert k.patch(f"{API}/tokens/{tid}", carl,
                   json={"notes": "x"}).status_code == 404
    admin = k.apitoken(k.admin_email)
    assert k.patch(f"{API}/tokens/{tid}", admin,
                   json={"notes": "x"}).status_code == 403


def test_delete(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    bob = user(k, "bob@example.com")
    admin = k.apitoken(k.admin_email)
    t, _, _ = create_totp(k, ann)
    tid = t["id"]
    grant(k, ann, tid, ("user", "ann@example.com", "manage"),
          ("user", "bob@example.com", "seed"))
    assert k.delete(f"{API}/tokens/{tid}", bob).status_code == 403
    assert k.delete(f"{API}/tokens/{tid}", admin).status_code == 403
    assert k.delete(f"{API}/tokens/{tid}", ann).status_code == 204
    assert k.get(f"{API}/tokens/{tid}", ann).status_code == 404
    assert k.delete(f"{API}/tokens/{tid}", ann).status_code == 404
    assert k.sql(f"SELECT count(*) FROM grants WHERE token_id = {tid}"
                 ).strip() == "0"
    ev = audit(k, "token.delete", tid)
    assert len(ev) == 1 and ev[0]["target_name"] == "NS1 (ops@example.com)"


BAD_CREATE = [
    ({"uri": 5}, "uri"),
    ({"uri": "https://example.com"}, "otpauth"),
    ({"secret": 12345}, "secret"),
    ({"secret": "JBSWY3DPEHPK3PXP", "digits": "6"}, "digits"),
    ({"secret": "JBSWY3DPEHPK3PXP", "digits": 11}, "digits"),
    ({"secret": "JBSWY3DPEHPK3PXP", "period": 0}, "period"),
    ({"secret": "JBSWY3DPEHPK3PXP", "type": "motp"}, "type"),
    ({"secret": "JBSWY3DPEHPK3PXP", "algorithm": "MD5"}, "algorithm"),
    ({"secret": "JBSWY3DPEHPK3PXP", "counter": 3}, "counter"),
    ({"secret": "JBSWY3DPEHPK3PXP", "type": "hotp", "counter": -1},
     "counter"),
    ({"secret": "JBSWY3DPEHPK3PXP", "type": "steam", "digits": 6}, "steam"),
    ({"secret": "JBSWY3DPEHPK3PXP", "issuer": "a" * 257}, "issuer"),
    ({"secret": "JBSWY3DPEHPK3PXP", "account": "a\u0007b"}, "account"),
    ({"secret": ""}, "secret"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", "issuer": "x"},
     "issuer"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
      "secret": "JBSWY3DPEHPK3PXP"}, "only one"),
    ({}, "send one of"),
    ({"notes": "x"}, "send one of"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", "notes": 5},
     "notes"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
      "notes": "n" * 4097}, "notes"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
      "recovery_codes": "abc"}, "recovery_codes"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
      "recovery_codes": [1]}, "recovery_codes[0]"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
      "recovery_codes": ["ok", "x" * 65]}, "recovery_codes[1]"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
      "recovery_codes": ["c"] * 65}, "recovery_codes"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
      "verify_code": 123456}, "verify_code"),
    ({"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", "owner": "me"},
     "unknown field 'owner'"),
    ({"uri": "otpauth-migration://offline?data=x"}, "google"),
]


@pytest.mark.parametrize("body,why", BAD_CREATE)
def test_create_bad_input_400(kaito, body, why):
    tok = user(kaito, "ann@example.com")
    before = audit_count(kaito)
    r = kaito.post(API + "/tokens", tok, json=body)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "bad_request"
    assert why in r.json()["error"]["message"]
    assert token_count(kaito) == 0 and audit_count(kaito) == before


def test_bad_base32_never_echoed(kaito):
    """A mistyped seed is refused without quoting any of it."""
    k = kaito
    tok = user(k, "ann@example.com")
    raw, s = new_secret()
    for typo in (s[:10] + "1" + s[11:], s[:10] + "!" + s[11:],
                 s[:10] + "\u00e9" + s[11:]):
        for body in ({"secret": typo}, {"uri": totp_uri(typo)},
                     {"import": {"format": "andotp", "data":
                                 '[{"secret":"%s","type":"TOTP",'
                                 '"digits":6,"period":30,'
                                 '"algorithm":"SHA1"}]' % typo}}):
            r = k.post(API + "/tokens", tok, json=body)
            assert r.status_code == 400, r.text
            msg = r.json()["error"]["message"]
            assert "base32" in msg and "position 11" in msg
            assert "'1'" not in msg and "'!'" not in msg
            assert s[:8] not in r.text and s[12:] not in r.text
    # A malformed body that carries a seed is not quoted either.
    r = k.post(API + "/tokens", tok, data='{"secret":"' + s,
               headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and s[:8] not in r.text
    assert token_count(k) == 0
    assert_not_in(open(k.log_path, "rb").read(), raw, "the server log")


def test_patch_bad_input_changes_nothing(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, _, _ = create_totp(k, tok, notes="keep")
    before = audit_count(k)
    for body in ({"notes": 5}, {"notes": "n" * 4097}, {"issuer": ["x"]},
                 {"account": "a" * 257}, {"recovery_codes": {"a": 1}},
                 {"secret": "JBSWY3DPEHPK3PXP"}, {"counter": 5},
                 {"recovery_codes": ["a\u0001b"]}):
        r = k.patch(f"{API}/tokens/{t['id']}", tok, json=body)
        assert r.status_code == 400, body
    after = k.get(f"{API}/tokens/{t['id']}", tok).json()
    assert after == t
    assert audit_count(k) == before


def test_body_limits_and_types(kaito):
    tok = user(kaito, "ann@example.com")
    # POST /tokens takes uploads up to 4 MiB; PATCH only 64 KiB.
    r = kaito.post(API + "/tokens", tok, data="[" * (5 * 1024 * 1024),
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    r = kaito.patch(f"{API}/tokens/1", tok, data="x" * (65 * 1024),
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    r = kaito.post(API + "/tokens", tok, data="uri=x")
    assert r.status_code == 415


def test_import_is_all_or_nothing_when_commit_fails(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    with open(os.path.join(DATA, "import", "aegis-plain.json")) as f:
        data = f.read()
    before = audit_count(k)
    k.signal(signal.SIGUSR2)
    try:
        for _ in range(100):
            if k.get("/healthz").status_code == 503:
                break
            time.sleep(0.05)
        r = k.post(API + "/tokens", tok, json={"import": {
            "format": "aegis", "data": data}})
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "unavailable"
        assert token_count(k) == 0 and audit_count(k) == before
    finally:
        k.signal(signal.SIGUSR2)
    for _ in range(100):
        if k.get("/healthz").status_code == 200:
            break
        time.sleep(0.05)
    r = k.post(API + "/tokens", tok, json={"import": {
        "format": "aegis", "data": data}})
    assert r.status_code == 201
    assert token_count(k) == len(r.json()["tokens"]) == audit_count(k) - before
