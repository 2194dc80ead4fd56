"""GET /api/v1/audit: shape, paging, filters and their validation, who may
read it, and that no secret ever reaches the audit log or the server log."""
import time

AUDIT = "/api/v1/audit"


def events(s, k, query=""):
    r = s.get(k.url + AUDIT + query)
    assert r.status_code == 200, r.text
    return r.json()


def make_groups(s, k, n):
    for i in range(n):
        assert s.post(k.url + "/api/v1/groups",
                      json={"name": f"g{i}"}).status_code == 201


def test_event_shape(kaito):
    k = kaito
    s = k.admin()
    s.post(k.url + "/api/v1/groups", json={"name": "ops"},
           headers={"User-Agent": "audit-test/1"})
    ev = events(s, k, "?action=group.create")["events"]
    assert len(ev) == 1
    e = ev[0]
    assert set(e) == {"seq", "ts_us", "actor", "action", "target",
                      "outcome", "details"}
    assert e["actor"] == {"type": "user", "id": 1, "email": k.admin_email,
                          "ip": "127.0.0.1", "user_agent": "audit-test/1",
                          "channel": "web"}
    assert e["target"] == {"type": "group", "id": 1, "name": "ops"}
    assert e["outcome"] == "success" and e["details"] == {}
    assert abs(e["ts_us"] / 1e6 - time.time()) < 60
    # The CLI's first admin creation is the first event.
    first = events(s, k, "?limit=1")["events"][0]
    assert first["seq"] == 1 and first["action"] == "user.create"
    assert first["actor"]["channel"] == "cli"


def test_paging(kaito):
    k = kaito
    s = k.admin()
    make_groups(s, k, 7)
    everything = events(s, k, "?limit=1000")
    assert everything["next_after"] is None
    all_seqs = [e["seq"] for e in everything["events"]]
    assert all_seqs == list(range(1, len(all_seqs) + 1))
    got, after = [], 0
    while True:
        page = events(s, k, f"?limit=3&after={after}")
        got += [e["seq"] for e in page["events"]]
        assert len(page["events"]) <= 3
        if page["next_after"] is None:
            break
        assert page["next_after"] == page["events"][-1]["seq"]
        after = page["next_after"]
    assert got == all_seqs
    # Default limit is 100.
    make_groups(s, k, 0)
    k.sql("INSERT INTO audit (ts_us, actor_type, channel, action, outcome)"
          " SELECT 1, 'system', 'system', 'test.filler', 'success'"
          " FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1"
          " FROM c WHERE x < 150) SELECT x FROM c)")
    page = events(s, k)
    assert len(page["events"]) == 100 and page["next_after"] == 100
    page = events(s, k, "?limit=1000&after=100")
    assert page["next_after"] is None
    assert len(page["events"]) == len(all_seqs) + 150 - 100


def test_filters(kaito):
    k = kaito
    s = k.admin()
    k.session_post(k.admin_email, "wrong-password-123")
    pw = k.add_user("bob@example.com")
    bob = k.login("bob@example.com", pw)
    make_groups(s, k, 2)
    acts = [e["action"] for e in events(s, k, "?action=group.create")
            ["events"]]
    assert acts == ["group.create"] * 2
    acts = {e["action"] for e in events(s, k, "?action=user.login*")
            ["events"]}
    assert acts == {"user.login", "user.login.fail"}
    acts = {e["action"] for e in events(s, k, "?action=user.*")["events"]}
    assert acts == {"user.create", "user.login", "user.login.fail",
                    "user.totp.enroll"}
    mine = events(s, k, f"?actor={bob.user['id']}")["events"]
    assert mine and all(e["actor"]["id"] == bob.user["id"] for e in mine)
    assert {e["action"] for e in mine} == {"user.totp.enroll", "user.login"}
    # ?token=ID: events whose target is that vault token.
    # (Rows written behind the server's back, after the others in time as
    # the writer's would be: the list turns times into seq bounds.)
    k.sql("INSERT INTO audit (ts_us, actor_type, channel, action,"
          " target_type, target_id, outcome) SELECT m + 1, 'user', 'api',"
          " 'token.code.view', 'token', 7, 'success' FROM (SELECT"
          " max(ts_us) AS m FROM audit) UNION ALL SELECT m + 2, 'user',"
          " 'api', 'token.code.view', 'token', 8, 'success' FROM (SELECT"
          " max(ts_us) AS m FROM audit) UNION ALL SELECT m + 3, 'user',"
          " 'api', 'grant.change', 'group', 7, 'success' FROM (SELECT"
          " max(ts_us) AS m FROM audit)")
    got = events(s, k, "?token=7")["events"]
    assert [(e["target"]["type"], e["target"]["id"]) for e in got] == \
        [("token", 7)]
    # since (inclusive) and until (exclusive), in microseconds.
    ts = [e["ts_us"] for e in events(s, k, "?action=group.create")
          ["events"]]
    got = events(s, k, f"?action=group.create&since={ts[1]}")["events"]
    assert [e["ts_us"] for e in got] == [ts[1]]
    got = events(s, k, f"?action=group.create&until={ts[1]}")["events"]
    assert [e["ts_us"] for e in got] == [ts[0]]
    assert events(s, k, "?action=nothing.here")["events"] == []


def test_filter_validation(kaito):
    k = kaito
    s = k.admin()
    for q in ("limit=0", "limit=1001", "limit=abc", "limit=1.5", "limit=",
              "limit=10x", "after=-1", "actor=0", "actor=x", "token=0",
              "since=-5", "until=soon", "action=USER.LOGIN",
              "action=user.%25", "action=us*er", "action=", "action=**",
              "action=user_login", "action=" + "a" * 65,
              "limit=99999999999999999999"):
        r = s.get(k.url + AUDIT + "?" + q)
        assert r.status_code == 400, q
        assert r.json()["error"]["code"] == "bad_request"
    assert events(s, k, "?limit=1000")["events"]


def test_changes_and_failures_are_in_the_log(kaito):
    k = kaito
    s = k.admin()
    k.session_post("nobody@example.com", "some-password-1")
    uid = s.post(k.url + "/api/v1/users",
                 json={"email": "bob@example.com"}).json()["id"]
    gid = s.post(k.url + "/api/v1/groups", json={"name": "ops"}).json()["id"]
    s.put(k.url + f"/api/v1/groups/{gid}/members/{uid}")
    s.patch(k.url + f"/api/v1/users/{uid}", json={"disabled": True})
    s.delete(k.url + f"/api/v1/groups/{gid}")
    s.delete(k.url + f"/api/v1/users/{uid}")
    seen = [(e["action"], e["target"]["name"], e["outcome"])
            for e in events(s, k, "?limit=1000")["events"]]
    for want in (("user.login.fail", None, "failure"),
                 ("user.create", "bob@example.com", "success"),
                 ("group.create", "ops", "success"),
                 ("group.member.add", "ops", "success"),
                 ("user.update", "bob@example.com", "success"),
                 ("group.delete", "ops", "success"),
                 ("user.delete", "bob@example.com", "success")):
        assert want in seen, want


def test_audit_read_scope(kaito):
    k = kaito
    pw = k.add_user("siem@example.com")
    reader = k.apitoken("siem@example.com", "--scope", "audit:read")
    plain = k.apitoken("siem@example.com")
    r = k.get(AUDIT, token=reader)
    assert r.status_code == 200 and r.json()["events"]
    assert k.get(AUDIT, token=plain).status_code == 403
    siem = k.login("siem@example.com", pw)
    assert siem.get(k.url + AUDIT).status_code == 403
    # The scope reads the log and nothing an administrator may.
    for method, path in (("GET", "/api/v1/users"), ("GET", "/api/v1/groups"),
                         ("GET", "/api/v1/settings"),
                         ("POST", "/api/v1/groups"),
                         ("PATCH", "/api/v1/settings"),
                         ("DELETE", "/api/v1/users/1")):
        r = k.client(reader).request(method, k.url + path,
                                     json={"name": "x"})
        assert r.status_code == 403, (method, path)
    assert k.get("/api/v1/apitokens?all=true", token=reader).status_code \
        == 403
    # An admin's token reads it without the scope.
    assert k.get(AUDIT, token=k.apitoken(k.admin_email)).status_code == 200


def test_no_secret_in_audit_rows_or_server_log(kaito):
    k = kaito
    secrets = [k.admin_password]
    s = k.admin()
    secrets += [s.csrf, s.cookies["kaito_session"]]
    # A generated password, a chosen one, a changed one, a wrong one.
    r = s.post(k.url + "/api/v1/users", json={"email": "bob@example.com"})
    bob_pw = r.json()["password"]
    secrets.append(bob_pw)
    s.post(k.url + "/api/v1/users", json={"email": "ann@example.com",
                                          "password": "ann-chosen-pass-77"})
    secrets.append("ann-chosen-pass-77")
    s.patch(k.url + f"/api/v1/users/{r.json()['id']}",
            json={"password": "bob-changed-pass-88"})
    secrets.append("bob-changed-pass-88")
    k.session_post("bob@example.com", "bob-wrong-guess-99")
    secrets.append("bob-wrong-guess-99")
    k.client().post(k.url + "/api/v1/session",
                    data='{"email":"ann@example.com","password":"ann-broken-'
                    'json-66', headers={"Content-Type": "application/json"})
    secrets.append("ann-broken-json-66")
    bob = k.login("bob@example.com", "bob-changed-pass-88")
    secrets += [bob.csrf, bob.cookies["kaito_session"]]
    r = k.session_post("ann@example.com", "ann-chosen-pass-77")
    secrets.append(r.json()["enrollment"]["secret"])
    secrets += list(k.totp_secrets.values())
    t = s.post(k.url + "/api/v1/apitokens", json={"name": "ci"}).json()
    secrets.append(t["token"])
    cli_token = k.apitoken("bob@example.com")
    secrets.append(cli_token)
    assert k.get("/api/v1/session", token=cli_token).status_code == 200
    bob.delete(k.url + "/api/v1/session")
    secrets = [x for x in secrets if x]
    assert len(secrets) >= 15
    dump = k.sql(".dump")
    audit_api = s.get(k.url + AUDIT + "?limit=1000").text
    log = open(k.log_path).read()
    for secret in secrets:
        for text, where in ((dump, "database"), (audit_api, "audit API"),
                            (log, "server log")):
            assert secret not in text, f"a secret is in the {where}"
            if secret.startswith("kaito_"):
                assert secret[6:] not in text
