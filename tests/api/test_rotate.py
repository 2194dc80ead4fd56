"""Seed rotation: stage, confirm with a code of the new seed (a wrong one
changes nothing), cancel, or replace at once with a matching verify_code;
who may do it; and its audit trail."""
import time

from tokens_helpers import (API, audit, audit_count, create_totp,
                            grant, hotp, new_secret, totp_at, totp_now,
                            totp_uri, unb32, user)


def rotate(k, tok, tid, **body):
    return k.post(f"{API}/tokens/{tid}/rotate", tok, json=body)


def confirm(k, tok, tid, code):
    return k.post(f"{API}/tokens/{tid}/rotate/confirm", tok,
                  json={"code": code})


def code_of(k, tok, tid):
    return k.get(f"{API}/tokens/{tid}/code", tok).json()["code"]


def secret_of(k, tok, tid):
    return unb32(k.get(f"{API}/tokens/{tid}/seed", tok).json()["secret"])


def wrong(codes):
    """A six-digit code that is none of codes."""
    c = 0
    while "%06d" % c in codes:
        c += 1
    return "%06d" % c


def test_stage_then_confirm(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, raw_old, s_old = create_totp(k, tok)
    tid = t["id"]
    raw, s = new_secret()
    r = rotate(k, tok, tid, uri=totp_uri(s, "Other", "other"))
    assert r.status_code == 202 and r.json() == {"rotation_pending": True}
    meta = k.get(f"{API}/tokens/{tid}", tok).json()
    assert meta["rotation_pending"] is True
    # Until confirmed, the old seed is the one in use.
    assert code_of(k, tok, tid) in totp_now(s_old)
    assert secret_of(k, tok, tid) == raw_old
    # A wrong code changes nothing.
    r = confirm(k, tok, tid, wrong(totp_now(s)))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "code_mismatch"
    assert k.get(f"{API}/tokens/{tid}", tok).json()["rotation_pending"]
    # The right one swaps the seed in; the label stays.
    r = confirm(k, tok, tid, sorted(totp_now(s))[-1])
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["rotation_pending"] is False
    assert (after["issuer"], after["account"]) == ("NS1", "ops@example.com")
    assert secret_of(k, tok, tid) == raw
    assert code_of(k, tok, tid) in totp_now(s)
    assert [e["action"] for e in audit(k, target_id=tid)
            if e["action"].startswith("token.rotate")] == [
        "token.rotate.stage", "token.rotate.confirm"]
    for e in audit(k, target_id=tid):
        assert s not in str(e) and s_old not in str(e)
    # Nothing staged any more.
    r = confirm(k, tok, tid, sorted(totp_now(s))[0])
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"


def test_stage_hotp_with_new_parameters(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, _, _ = create_totp(k, tok)
    tid = t["id"]
    raw, s = new_secret()
    r = rotate(k, tok, tid, secret=s, type="hotp", counter=20, digits=8)
    assert r.status_code == 202
    # HOTP confirms with the counter or the next; the counter moves on.
    r = confirm(k, tok, tid, hotp(s, 21, 8))
    assert r.status_code == 200, r.text
    assert (r.json()["type"], r.json()["digits"], r.json()["counter"]) == (
        "hotp", 8, 22)
    assert code_of(k, tok, tid) == hotp(s, 22, 8)


def test_cancel(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, raw_old, _ = create_totp(k, tok)
    tid = t["id"]
    raw, s = new_secret()
    assert rotate(k, tok, tid, secret=s).status_code == 202
    # Staging again replaces what was staged.
    raw2, s2 = new_secret()
    assert rotate(k, tok, tid, secret=s2).status_code == 202
    assert confirm(k, tok, tid, sorted(totp_now(s))[0]).status_code == 422
    r = k.delete(f"{API}/tokens/{tid}/rotate", tok)
    assert r.status_code == 204
    assert k.get(f"{API}/tokens/{tid}", tok).json()[
        "rotation_pending"] is False
    assert k.delete(f"{API}/tokens/{tid}/rotate", tok).status_code == 409
    assert confirm(k, tok, tid, sorted(totp_now(s2))[0]).status_code == 409
    assert secret_of(k, tok, tid) == raw_old
    assert len(audit(k, "token.rotate.cancel", tid)) == 1
    assert len(audit(k, "token.rotate.stage", tid)) == 2


def test_immediate_with_verify_code(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, raw_old, _ = create_totp(k, tok)
    tid = t["id"]
    raw, s = new_secret()
    before = audit_count(k)
    r = rotate(k, tok, tid, secret=s, verify_code=wrong(totp_now(s)))
    assert r.status_code == 422
    assert audit_count(k) == before
    assert secret_of(k, tok, tid) == raw_old
    # A staged rotation is dropped by an immediate one.
    assert rotate(k, tok, tid, secret=new_secret()[1]).status_code == 202
    r = rotate(k, tok, tid, secret=s,
               verify_code=totp_at(s, time.time()))
    assert r.status_code == 200, r.text
    assert r.json()["rotation_pending"] is False
    assert secret_of(k, tok, tid) == raw
    ev = audit(k, "token.rotate.confirm", tid)
    assert len(ev) == 1 and ev[0]["details"] == {"immediate": True}


def test_rotate_permissions(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    bob = user(k, "bob@example.com")
    carl = user(k, "carl@example.com")
    admin = k.apitoken(k.admin_email)
    t, _, _ = create_totp(k, ann)
    tid = t["id"]
    grant(k, ann, tid, ("user", "ann@example.com", "manage"),
          ("user", "bob@example.com", "code"),
          ("user", "carl@example.com", "seed"))
    raw, s = new_secret()
    for who, status in ((bob, 403), (admin, 403)):
        assert rotate(k, who, tid, secret=s).status_code == status
        assert confirm(k, who, tid, "123456").status_code == status
        assert k.delete(f"{API}/tokens/{tid}/rotate",
                        who).status_code == status
    dave = user(k, "dave@example.com")
    assert rotate(k, dave, tid, secret=s).status_code == 404
    # seed is enough.
    assert rotate(k, carl, tid, secret=s).status_code == 202
    assert confirm(k, carl, tid, sorted(totp_now(s))[0]).status_code == 200


def test_rotate_bad_input(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, _, _ = create_totp(k, tok)
    tid = t["id"]
    before = audit_count(k)
    for body in ({}, {"secret": "not base32!"}, {"secret": 5},
                 {"secret": "JBSWY3DPEHPK3PXP", "issuer": "x"},
                 {"import": {"format": "aegis", "data": "{}"}},
                 {"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
                  "verify_code": ["1"]},
                 {"uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
                  "notes": "x"}):
        r = rotate(k, tok, tid, **body)
        assert r.status_code == 400, (body, r.text)
    for body in ({}, {"code": 123456}, {"code": "1", "x": 1}, {"code": ""}):
        r = k.post(f"{API}/tokens/{tid}/rotate/confirm", tok, json=body)
        assert r.status_code == 400, body
    assert audit_count(k) == before
    assert k.get(f"{API}/tokens/{tid}", tok).json() == t
