"""GET /tokens/{id}/code: codes equal an independent computation, HOTP
views never share a counter, every view and every refusal is audited, and
no code is handed out when its audit row cannot be written (fail closed,
with the SIGUSR2 test hook)."""
import hashlib
import re
import signal
import threading
import time

from tokens_helpers import (API, assert_not_in, audit, audit_count, create,
                            create_totp, grant, hotp, new_secret,
                            server_log, steam_at, totp_at, totp_now, user)


def view(k, tok, tid):
    return k.get(f"{API}/tokens/{tid}/code", tok)


def test_totp_codes_match(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    for algo, name, digits, period in ((hashlib.sha1, "SHA1", 6, 30),
                                       (hashlib.sha256, "SHA256", 8, 60),
                                       (hashlib.sha512, "SHA512", 7, 15)):
        raw, s = new_secret(64)
        t = create(k, tok, secret=s, algorithm=name, digits=digits,
                   period=period, account=name)
        t0 = time.time()
        r = view(k, tok, t["id"])
        t1 = time.time()
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"code", "period", "remaining"}
        assert body["period"] == period
        assert 1 <= body["remaining"] <= period
        assert body["code"] in {totp_at(s, t0, digits, period, algo),
                                totp_at(s, t1, digits, period, algo)}


def test_steam_code(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    raw, s = new_secret()
    t = create(k, tok, uri=f"otpauth://steam/Steam:gaben?secret={s}")
    t0 = time.time()
    body = view(k, tok, t["id"]).json()
    t1 = time.time()
    assert body["code"] in {steam_at(s, t0), steam_at(s, t1)}
    assert body["period"] == 30


def test_hotp_views_advance_the_counter(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    raw, s = new_secret()
    t = create(k, tok, secret=s, type="hotp", counter=7, digits=8)
    for c in (7, 8, 9):
        body = view(k, tok, t["id"]).json()
        assert body == {"code": hotp(s, c, 8), "period": None,
                        "remaining": None}
    assert k.get(f"{API}/tokens/{t['id']}", tok).json()["counter"] == 10
    assert [e["details"]["counter"] for e in
            audit(k, "token.code.view", t["id"])] == [7, 8, 9]


def test_hotp_concurrent_viewers_get_distinct_codes(kaito):
    k = kaito
    toks = [user(k, f"u{i}@example.com") for i in range(4)]
    raw, s = new_secret()
    t = create(k, toks[0], secret=s, type="hotp", counter=100)
    grant(k, toks[0], t["id"], *[("user", f"u{i}@example.com", "code")
                                 for i in range(1, 4)],
          ("user", "u0@example.com", "manage"))
    codes, errors = [], []
    start = threading.Barrier(20)

    def viewer(i):
        tok = toks[i % 4]
        start.wait()
        r = view(k, tok, t["id"])
        if r.status_code == 200:
            codes.append(r.json()["code"])
        else:
            errors.append(r.text)

    threads = [threading.Thread(target=viewer, args=(i,)) for i in range(20)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert len(codes) == 20 and len(set(codes)) == 20
    assert set(codes) == {hotp(s, c) for c in range(100, 120)}
    assert k.get(f"{API}/tokens/{t['id']}", toks[0]).json()["counter"] == 120
    evs = audit(k, "token.code.view", t["id"])
    assert sorted(e["details"]["counter"] for e in evs) == list(
        range(100, 120))


def test_every_view_is_audited(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, raw, s = create_totp(k, tok)
    for _ in range(3):
        assert view(k, tok, t["id"]).status_code == 200
    evs = audit(k, "token.code.view", t["id"])
    assert len(evs) == 3
    for e in evs:
        assert e["outcome"] == "success"
        assert e["actor_email"] == "ann@example.com"
        assert e["target_type"] == "token"
        assert e["target_name"] == "NS1 (ops@example.com)"
        assert e["details"] == {}


def test_refusals_are_audited(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    bob = user(k, "bob@example.com")
    admin = k.apitoken(k.admin_email)
    t, raw, s = create_totp(k, ann)
    tid = t["id"]
    # No grant: 404, as for a token that does not exist.
    r = view(k, bob, tid)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    nothing = view(k, bob, 4242)
    assert nothing.status_code == 404
    assert nothing.json()["error"]["message"].replace("4242", str(tid)) == \
        r.json()["error"]["message"]
    # An admin without a grant: 403.
    r = view(k, admin, tid)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    denied = audit(k, "token.code.view", outcome="denied")
    assert [(e["actor_email"], e["target_id"], e["target_name"]) for e in
            denied] == [("bob@example.com", tid, "NS1 (ops@example.com)"),
                        ("bob@example.com", 4242, None),
                        (k.admin_email, tid, "NS1 (ops@example.com)")]
    assert all(e["details"] == {"needed": "code"} for e in denied)
    assert audit(k, "token.code.view", outcome="success") == []
    # A code grant is enough.
    grant(k, ann, tid, ("user", "ann@example.com", "manage"),
          ("user", "bob@example.com", "code"))
    assert view(k, bob, tid).json()["code"] in totp_now(s)


def wait_health(k, status):
    for _ in range(100):
        if k.get("/healthz").status_code == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"/healthz never answered {status}")


def test_fail_closed_when_audit_cannot_commit(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, raw, s = create_totp(k, tok)
    h = create(k, tok, secret=s, type="hotp", counter=5, account="h")
    bob = user(k, "bob@example.com")
    before = audit_count(k)
    k.signal(signal.SIGUSR2)
    wait_health(k, 503)
    try:
        for tid in (t["id"], h["id"]):
            r = view(k, tok, tid)
            assert r.status_code == 503, r.text
            assert r.json()["error"]["code"] == "unavailable"
            assert r.headers["Retry-After"] == "1"
            assert "code" not in r.json()
            for c in totp_now(s) | {hotp(s, 5), hotp(s, 6)}:
                assert c not in r.text
        # Refusals are not answered either while they cannot be recorded.
        assert view(k, bob, t["id"]).status_code == 503
        assert audit_count(k) == before
    finally:
        k.signal(signal.SIGUSR2)
    wait_health(k, 200)
    assert view(k, tok, t["id"]).json()["code"] in totp_now(s)
    # The failed HOTP views did not use up counters.
    assert view(k, tok, h["id"]).json()["code"] == hotp(s, 5)
    assert audit_count(k) == before + 2
    assert b"database writes now fail" in server_log(k)


def test_no_code_or_seed_in_audit_or_log(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    t, raw, s = create_totp(k, tok)
    h = create(k, tok, secret=s, type="hotp", counter=0, account="h")
    shown = set()
    for _ in range(3):
        shown.add(view(k, tok, t["id"]).json()["code"])
        shown.add(view(k, tok, h["id"]).json()["code"])
    # Everything but the timestamps, whose digits could hold any code.
    dump = k.sql("SELECT seq, actor_type, actor_id, actor_email, ip,"
                 " user_agent, channel, action, target_type, target_id,"
                 " target_name, outcome, details FROM audit")
    log = server_log(k)
    for c in shown:
        assert not re.search(r"(?<!\d)%s(?!\d)" % c, dump)
        assert not re.search(rb"(?<!\d)%s(?!\d)" % c.encode(), log)
    assert_not_in(dump, raw, "the audit table")
    assert_not_in(log, raw, "the server log")
