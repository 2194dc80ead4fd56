"""Grants: GET and PUT /tokens/{id}/grants, their validation (unknown
group or user, duplicates: 400 and nothing changed), their effect on
access (a caller's level is the best of their own and their groups'
grants), what administrators may do without one, and grant.change."""
import os
import subprocess
import threading
import time

from tokens_helpers import (API, add_group, audit, audit_count,
                            create_totp, grant, sql_write, user)


def grants_of(k, tok, tid):
    r = k.get(f"{API}/tokens/{tid}/grants", tok)
    assert r.status_code == 200, r.text
    return r.json()["grants"]


def put(k, tok, tid, body):
    return k.put(f"{API}/tokens/{tid}/grants", tok, json=body)


def level(k, tok, tid):
    r = k.get(f"{API}/tokens/{tid}", tok)
    return r.json()["level"] if r.status_code == 200 else r.status_code


def test_replace_and_read(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    k.add_user("bob@example.com")
    add_group(k, "ops")
    add_group(k, "Audit")
    t, _, _ = create_totp(k, ann)
    tid = t["id"]
    new = grant(k, ann, tid, ("user", "ann@example.com", "manage"),
                ("group", "OPS", "code"), ("user", "BOB@example.com", "seed"),
                ("group", "Audit", "seed"))
    # Names come back as stored; groups first, each part by name.
    want = [{"group": "Audit", "level": "seed"},
            {"group": "ops", "level": "code"},
            {"user": "ann@example.com", "level": "manage"},
            {"user": "bob@example.com", "level": "seed"}]
    assert new == want and grants_of(k, ann, tid) == want
    ev = audit(k, "grant.change", tid)
    assert len(ev) == 1 and ev[0]["outcome"] == "success"
    assert ev[0]["target_name"] == "NS1 (ops@example.com)"
    assert ev[0]["details"] == {
        "before": [{"user": "ann@example.com", "level": "manage"}],
        "after": want}
    # An empty list is allowed (admins can still fix the grants).
    assert grant(k, ann, tid) == []
    assert level(k, ann, tid) == 404


def test_bad_lists_change_nothing(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    k.add_user("bob@example.com")
    add_group(k, "ops")
    t, _, _ = create_totp(k, ann)
    tid = t["id"]
    me = {"user": "ann@example.com", "level": "manage"}
    before = audit_count(k)
    cases = [
        ({"grants": [me, {"group": "nope", "level": "code"}]},
         "grants[1]: no group named 'nope'"),
        ({"grants": [me, {"user": "zed@example.com", "level": "code"}]},
         "grants[1]: no user named 'zed@example.com'"),
        ({"grants": [me, {"group": "ops", "level": "code"},
                     {"group": "OPS", "level": "seed"}]},
         "grants[2] names the same group as grants[1]"),
        ({"grants": [me, {"user": "Ann@Example.com", "level": "code"}]},
         "grants[1] names the same user as grants[0]"),
        ({"grants": [me, {"group": "ops", "level": "admin"}]},
         "grants[1].level"),
        ({"grants": [me, {"group": "ops", "user": "bob@example.com",
                          "level": "code"}]}, "grants[1] must be"),
        ({"grants": [me, {"group": "ops"}]}, "grants[1] must be"),
        ({"grants": [me, {"group": "ops", "level": "code", "x": 1}]},
         "grants[1] must be"),
        ({"grants": [me, "ops"]}, "grants[1] must be"),
        ({"grants": [me, {"group": 5, "level": "code"}]}, "grants[1].group"),
        ({"grants": [me, {"group": "", "level": "code"}]}, "grants[1].group"),
        ({"grants": [me, {"user": "u" * 255, "level": "code"}]},
         "grants[1].user"),
        ({"grants": {"group": "ops"}}, "must be an array"),
        ({"grants": [me] * 257}, "more than 256"),
        ({}, "missing field 'grants'"),
        ({"grants": [me], "extra": True}, "unknown field 'extra'"),
    ]
    for body, why in cases:
        r = put(k, ann, tid, body)
        assert r.status_code == 400, (body, r.text)
        assert why in r.json()["error"]["message"], r.text
    assert grants_of(k, ann, tid) == [me]
    assert audit_count(k) == before


def test_effect_on_access(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    bob = user(k, "bob@example.com")
    carl = user(k, "carl@example.com")
    add_group(k, "ops", "bob@example.com", "carl@example.com")
    add_group(k, "leads", "bob@example.com")
    t, _, _ = create_totp(k, ann)
    tid = t["id"]
    assert level(k, bob, tid) == 404
    grant(k, ann, tid, ("user", "ann@example.com", "manage"),
          ("group", "ops", "code"))
    assert level(k, bob, tid) == "code" and level(k, carl, tid) == "code"
    assert k.get(f"{API}/tokens/{tid}/code", bob).status_code == 200
    assert k.get(f"{API}/tokens/{tid}/seed", bob).status_code == 403
    # The best of own and group grants counts.
    grant(k, ann, tid, ("user", "ann@example.com", "manage"),
          ("group", "ops", "code"), ("group", "leads", "seed"),
          ("user", "carl@example.com", "manage"))
    assert level(k, bob, tid) == "seed" and level(k, carl, tid) == "manage"
    assert k.get(f"{API}/tokens/{tid}/seed", bob).status_code == 200
    assert k.get(f"{API}/tokens/{tid}/grants", bob).status_code == 403
    assert k.get(f"{API}/tokens/{tid}/grants", carl).status_code == 200
    assert [x["id"] for x in k.get(API + "/tokens", bob).json()["tokens"]] \
        == [tid]
    # Leaving a group takes its grant away.
    sql_write(k, "DELETE FROM group_members WHERE user_id = (SELECT id FROM"
              " users WHERE email = 'bob@example.com')")
    assert level(k, bob, tid) == 404
    assert k.get(API + "/tokens", bob).json() == {"tokens": []}
    # A manager may hand manage on, and lose it.
    grant(k, carl, tid, ("user", "carl@example.com", "manage"))
    assert level(k, ann, tid) == 404
    assert put(k, ann, tid, {"grants": []}).status_code == 404


def test_admin_without_grant(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    admin = k.apitoken(k.admin_email)
    t, raw, s = create_totp(k, ann)
    tid = t["id"]
    # Metadata and grants: yes.
    assert k.get(f"{API}/tokens/{tid}", admin).json()["level"] is None
    assert grants_of(k, admin, tid) == [{"user": "ann@example.com",
                                         "level": "manage"}]
    assert grant(k, admin, tid, ("user", "ann@example.com", "seed")) == [
        {"user": "ann@example.com", "level": "seed"}]
    assert audit(k, "grant.change", tid)[0]["actor_email"] == k.admin_email
    # Codes, seeds, changes: no.
    for method, path in (("get", "/code"), ("get", "/seed"),
                         ("patch", ""), ("delete", ""),
                         ("delete", "/rotate")):
        kw = {"json": {"notes": "x"}} if method == "patch" else {}
        r = getattr(k, method)(f"{API}/tokens/{tid}{path}", admin, **kw)
        assert r.status_code == 403, (method, path, r.text)
        assert s not in r.text
    # With a grant they are like anyone else.
    grant(k, admin, tid, ("user", "ann@example.com", "seed"),
          ("user", k.admin_email, "code"))
    assert k.get(f"{API}/tokens/{tid}/code", admin).status_code == 200
    assert k.get(f"{API}/tokens/{tid}/seed", admin).status_code == 403


def test_no_grant_user_sees_nothing(kaito):
    k = kaito
    ann = user(k, "ann@example.com")
    eve = user(k, "eve@example.com")
    t, _, _ = create_totp(k, ann)
    tid = t["id"]
    for method, path in (("get", ""), ("get", "/code"), ("get", "/seed"),
                         ("get", "/grants"), ("delete", ""),
                         ("delete", "/rotate")):
        r = getattr(k, method)(f"{API}/tokens/{tid}{path}", eve)
        assert r.status_code == 404, (method, path)
        assert r.json()["error"]["code"] == "not_found"
    assert put(k, eve, tid, {"grants": []}).status_code == 404
    assert k.patch(f"{API}/tokens/{tid}", eve,
                   json={"notes": "x"}).status_code == 404
    assert grants_of(k, ann, tid) == [{"user": "ann@example.com",
                                       "level": "manage"}]


def test_revocation_racing_a_view_wins(kaito):
    """A grant revoked after the handler checked it, but before the
    writer ran the view, is not usable: the job decides again."""
    k = kaito
    ann = user(k, "ann@example.com")
    bob = user(k, "bob@example.com")
    t, raw, s = create_totp(k, ann)
    tid = t["id"]
    grant(k, ann, tid, ("user", "ann@example.com", "manage"),
          ("user", "bob@example.com", "seed"))
    results = {}

    def call(name, method, path):
        results[name] = getattr(k, method)(f"{API}/tokens/{tid}{path}", bob)

    # Someone holds the write lock while revoking bob's grant; bob's
    # requests pass the handler's check (readers see the old grant) and
    # wait for the writer.
    db = os.path.join(k.data, "kaito.db")
    sh = subprocess.Popen(["sqlite3", db], stdin=subprocess.PIPE, text=True)
    sh.stdin.write("BEGIN IMMEDIATE;\nDELETE FROM grants WHERE user_id ="
                   " (SELECT id FROM users WHERE email = 'bob@example.com')"
                   ";\n")
    sh.stdin.flush()
    time.sleep(0.3)
    threads = [threading.Thread(target=call, args=a) for a in
               (("code", "get", "/code"), ("seed", "get", "/seed"))]
    for th in threads:
        th.start()
    time.sleep(0.7)
    assert results == {}, "the requests did not wait for the writer"
    sh.stdin.write("COMMIT;\n.quit\n")
    sh.stdin.close()
    assert sh.wait(timeout=10) == 0
    for th in threads:
        th.join()
    for name in ("code", "seed"):
        assert results[name].status_code == 404, results[name].text
        assert s not in results[name].text
    denied = audit(k, outcome="denied")
    assert sorted(e["action"] for e in denied) == ["token.code.view",
                                                   "token.seed.reveal"]
    assert audit(k, "token.code.view", outcome="success") == []
