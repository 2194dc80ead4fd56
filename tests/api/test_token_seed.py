"""GET /tokens/{id}/seed, and sealing at rest: the reveal needs the seed
level and is audited without the seed; the database (and its WAL) never
holds a seed, a recovery code or a staged seed in clear; a sealed value
moved to another row does not open there."""
import hashlib
import signal
import time

from tokens_helpers import (API, assert_not_in, audit, audit_count, create,
                            create_totp, db_bytes, encodings, grant, hotp,
                            new_secret, server_log, sql_write, totp_uri,
                            unb32, user)


def reveal(k, tok, tid):
    return k.get(f"{API}/tokens/{tid}/seed", tok)


def test_reveal(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    raw, s = new_secret()
    t = create(k, tok, uri=totp_uri(s, extra="&digits=8&algorithm=SHA256"),
               recovery_codes=["abcd-1234", "efgh-5678"])
    r = reveal(k, tok, t["id"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"secret", "uri", "recovery_codes"}
    assert unb32(body["secret"]) == raw
    assert body["uri"].startswith("otpauth://totp/NS1:ops%40example.com?")
    assert f"secret={s}" in body["uri"]
    assert "digits=8" in body["uri"] and "algorithm=SHA256" in body["uri"]
    assert body["recovery_codes"] == ["abcd-1234", "efgh-5678"]
    ev = audit(k, "token.seed.reveal", t["id"])
    assert len(ev) == 1 and ev[0]["outcome"] == "success"
    assert ev[0]["details"] == {"recovery_codes": True}
    assert ev[0]["target_name"] == "NS1 (ops@example.com)"


def test_reveal_hotp_uri_has_the_next_counter(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    raw, s = new_secret()
    t = create(k, tok, secret=s, type="hotp", counter=3, account="h")
    k.get(f"{API}/tokens/{t['id']}/code", tok)
    body = reveal(k, tok, t["id"]).json()
    assert "counter=4" in body["uri"] and body["recovery_codes"] == []


def test_reveal_needs_seed_level(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    bob = user(k, "bob@example.com")
    carl = user(k, "carl@example.com")
    admin = k.apitoken(k.admin_email)
    t, raw, s = create_totp(k, ann)
    tid = t["id"]
    grant(k, ann, tid, ("user", "ann@example.com", "manage"),
          ("user", "bob@example.com", "code"))
    r = reveal(k, bob, tid)
    assert r.status_code == 403 and "'seed' level" in r.text
    assert reveal(k, carl, tid).status_code == 404
    r = reveal(k, admin, tid)
    assert r.status_code == 403 and s not in r.text
    denied = audit(k, "token.seed.reveal", tid, "denied")
    assert [e["actor_email"] for e in denied] == [
        "bob@example.com", "carl@example.com", k.admin_email]
    assert all(e["details"] == {"needed": "seed"} for e in denied)
    grant(k, ann, tid, ("user", "ann@example.com", "manage"),
          ("user", "bob@example.com", "seed"))
    assert unb32(reveal(k, bob, tid).json()["secret"]) == raw


def test_reveal_fails_closed(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, raw, s = create_totp(k, tok)
    before = audit_count(k)
    k.signal(signal.SIGUSR2)
    try:
        for _ in range(100):
            if k.get("/healthz").status_code == 503:
                break
            time.sleep(0.05)
        r = reveal(k, tok, t["id"])
        assert r.status_code == 503
        assert_not_in(r.content, raw, "a 503 answer")
    finally:
        k.signal(signal.SIGUSR2)
    assert audit_count(k) == before


def test_database_holds_no_seed(kaito):
    """Seeds, recovery codes and staged seeds are sealed in the database
    file and its WAL, in every encoding."""
    k = kaito
    tok = user(k, "ann@example.com")
    secrets, recovery = [], []
    for i in range(3):
        raw, s = new_secret(20 + 6 * i)
        secrets.append(raw)
        codes = [f"RC-{s[:12]}", f"rc-{s[4:16].lower()}"]
        recovery += codes
        create(k, tok, secret=s, account=f"a{i}", recovery_codes=codes)
    raw, s = new_secret()
    secrets.append(raw)
    h = create(k, tok, secret=s, type="hotp", counter=1, account="h",
               algorithm="SHA512")
    # A staged rotation holds a seed too.
    raw, s = new_secret()
    secrets.append(raw)
    r = k.post(f"{API}/tokens/{h['id']}/rotate", tok, json={"secret": s})
    assert r.status_code == 202
    # An import, and the reveals and codes that read them back.
    raw, s = new_secret()
    secrets.append(raw)
    r = k.post(API + "/tokens", tok, json={"import": {
        "format": "andotp", "data": '[{"secret":"%s","type":"TOTP",'
        '"digits":6,"period":30,"algorithm":"SHA1","issuer":"I",'
        '"label":"x"}]' % s}})
    assert r.status_code == 201
    for t in k.get(API + "/tokens", tok).json()["tokens"]:
        assert reveal(k, tok, t["id"]).status_code == 200
        assert k.get(f"{API}/tokens/{t['id']}/code", tok).status_code == 200
    blob = db_bytes(k)
    assert len(blob) > 4096
    for raw in secrets:
        assert_not_in(blob, raw, "the database")
    for code in recovery:
        assert code.encode() not in blob
    log = server_log(k)
    for raw in secrets:
        assert_not_in(log, raw, "the server log")
        assert_not_in(k.sql("SELECT " + k.AUDIT_COLS + " FROM audit"), raw, "the audit table")


def test_sealed_seed_moved_to_another_row_does_not_open(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    mallory = user(k, "mallory@example.com")
    a, raw_a, s_a = create_totp(k, tok, "Bank", "treasury",
                                recovery_codes=["secret-recovery"])
    b, raw_b, s_b = create_totp(k, tok, "Wiki", "intern")
    grant(k, tok, b["id"], ("user", "ann@example.com", "manage"),
          ("user", "mallory@example.com", "seed"))
    # Someone with the database copies A's sealed seed and recovery codes
    # into B, which mallory may read.
    sql_write(k, "UPDATE tokens SET seed_sealed = (SELECT seed_sealed FROM"
              f" tokens WHERE id = {a['id']}), recovery_sealed = (SELECT"
              f" recovery_sealed FROM tokens WHERE id = {a['id']})"
              f" WHERE id = {b['id']}")
    before = audit_count(k)
    for who in (mallory, tok):
        r = reveal(k, who, b["id"])
        assert r.status_code == 500, r.text
        assert r.json()["error"]["code"] == "internal"
        assert_not_in(r.content, raw_a, "the answer")
        assert b"secret-recovery" not in r.content
        r = k.get(f"{API}/tokens/{b['id']}/code", who)
        assert r.status_code == 500
        assert r.json() == {"error": {"code": "internal", "message":
                                      "internal error; the server log "
                                      "has details"}}
    # The attempts are on the record, as failures.
    evs = audit(k)[before:]
    assert [(e["action"], e["outcome"]) for e in evs] == [
        ("token.seed.reveal", "failure"), ("token.code.view", "failure")] * 2
    assert b"does not open" in server_log(k)
    # A's own seed still opens where it belongs.
    assert unb32(reveal(k, tok, a["id"]).json()["secret"]) == raw_a
    # Moved to another column of the same row, it does not open either.
    sql_write(k, "UPDATE tokens SET recovery_sealed = seed_sealed"
              f" WHERE id = {a['id']}")
    assert reveal(k, tok, a["id"]).status_code == 500


def test_moved_staged_rotation_does_not_open(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    a, _, _ = create_totp(k, tok, "A", "a")
    b, _, _ = create_totp(k, tok, "B", "b")
    raw, s = new_secret()
    r = k.post(f"{API}/tokens/{a['id']}/rotate", tok, json={"secret": s})
    assert r.status_code == 202
    sql_write(k, "UPDATE tokens SET pending_sealed = (SELECT pending_sealed"
              f" FROM tokens WHERE id = {a['id']}), pending_at = 1"
              f" WHERE id = {b['id']}")
    code = hotp(s, int(time.time()) // 30)
    r = k.post(f"{API}/tokens/{b['id']}/rotate/confirm", tok,
               json={"code": code})
    assert r.status_code == 500
    assert_not_in(r.content, raw, "the answer")
    assert unb32(reveal(k, tok, b["id"]).json()["secret"]) != raw


def test_seed_encodings_helper_is_thorough():
    raw = bytes(range(20))
    enc = encodings(raw)
    assert raw in enc and raw.hex().encode() in enc
    assert hashlib.sha1(raw).digest() not in enc
