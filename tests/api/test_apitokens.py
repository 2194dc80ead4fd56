"""API tokens: created from a session, shown once, listed without the
secret, revoked by their owner or an administrator, and expiring."""
import time

APITOKENS = "/api/v1/apitokens"
FIELDS = {"id", "name", "user", "scopes", "created_at", "expires_at",
          "revoked_at", "last_used_at"}


def error_code(r):
    return r.json()["error"]["code"]


def test_create_list_use_revoke(kaito):
    k = kaito
    s = k.admin()
    r = s.post(k.url + APITOKENS, json={"name": "ci", "expires_days": 30})
    assert r.status_code == 201, r.text
    t = r.json()
    token = t.pop("token")
    assert token.startswith("kaito_") and len(token) == 49
    assert set(t) == FIELDS
    assert t["name"] == "ci" and t["user"] == k.admin_email
    assert t["scopes"] == [] and t["revoked_at"] is None
    assert t["expires_at"] - t["created_at"] == 30 * 86400
    # It authenticates.
    r = k.get("/api/v1/session", token=token)
    assert r.status_code == 200 and r.json()["via"] == "apitoken"
    # Listed, without the secret or its hash.
    r = s.get(k.url + APITOKENS)
    assert r.status_code == 200
    listed = r.json()["apitokens"]
    assert [x["id"] for x in listed] == [t["id"]]
    assert set(listed[0]) == FIELDS
    assert token not in r.text and token[6:] not in r.text
    assert token not in k.sql(".dump") and token[6:] not in k.sql(".dump")
    ev = k.audit("apitoken.create")[0]
    assert ev["target_id"] == t["id"] and ev["target_name"] == "ci"
    # Revoked: refused from then on; revoking twice is fine.
    assert s.delete(k.url + f"{APITOKENS}/{t['id']}").status_code == 204
    r = k.get("/api/v1/session", token=token)
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]
    assert s.delete(k.url + f"{APITOKENS}/{t['id']}").status_code == 204
    assert s.get(k.url + APITOKENS).json()["apitokens"][0]["revoked_at"]
    assert s.delete(k.url + f"{APITOKENS}/999").status_code == 404
    revokes = k.audit("apitoken.revoke")
    assert [e["outcome"] for e in revokes] == ["success", "success",
                                              "failure"]
    assert '"already_revoked":true' in revokes[1]["details"]


def test_create_checks_input(kaito):
    k = kaito
    s = k.admin()
    for body in ({}, {"name": ""}, {"name": "x" * 129},
                 {"name": "ci", "expires_days": 0},
                 {"name": "ci", "expires_days": 3651},
                 {"name": "ci", "expires_days": "30"},
                 {"name": "ci", "scopes": "audit:read"},
                 {"name": "ci", "scopes": ["admin"]},
                 {"name": "ci", "scopes": [1]},
                 {"name": "ci", "owner": "x"}):
        r = s.post(k.url + APITOKENS, json=body)
        assert r.status_code == 400, body
    r = s.post(k.url + APITOKENS, json={"name": "siem", "expires_days": 3650,
                                        "scopes": ["audit:read"]})
    assert r.status_code == 201 and r.json()["scopes"] == ["audit:read"]
    r = s.post(k.url + APITOKENS, json={"name": "forever"})
    assert r.status_code == 201 and r.json()["expires_at"] is None
    assert len(s.get(k.url + APITOKENS).json()["apitokens"]) == 2


def test_members_own_tokens_only(kaito):
    k = kaito
    pw = k.add_user("bob@example.com")
    s = k.admin()
    bob = k.login("bob@example.com", pw)
    # audit:read is for administrators.
    r = bob.post(k.url + APITOKENS, json={"name": "x",
                                          "scopes": ["audit:read"]})
    assert r.status_code == 403
    mine = bob.post(k.url + APITOKENS, json={"name": "bob's"}).json()
    theirs = s.post(k.url + APITOKENS, json={"name": "admin's"}).json()
    assert [t["name"] for t in bob.get(k.url + APITOKENS)
            .json()["apitokens"]] == ["bob's"]
    assert bob.get(k.url + APITOKENS + "?all=true").status_code == 403
    assert bob.get(k.url + APITOKENS + "?all=yes").status_code == 400
    assert {t["name"] for t in s.get(k.url + APITOKENS + "?all=true")
            .json()["apitokens"]} == {"bob's", "admin's"}
    assert [t["name"] for t in s.get(k.url + APITOKENS + "?all=false")
            .json()["apitokens"]] == ["admin's"]
    # Someone else's token does not exist for a member...
    r = bob.delete(k.url + f"{APITOKENS}/{theirs['id']}")
    assert r.status_code == 404
    assert k.get("/api/v1/session", token=theirs["token"]).status_code == 200
    assert k.audit("apitoken.revoke")[-1]["outcome"] == "denied"
    # ... but an administrator may revoke any.
    assert s.delete(k.url + f"{APITOKENS}/{mine['id']}").status_code == 204
    assert k.get("/api/v1/session", token=mine["token"]).status_code == 401


def test_a_token_cannot_mint_tokens(kaito):
    k = kaito
    token = k.apitoken(k.admin_email)
    r = k.post(APITOKENS, token=token, json={"name": "child"})
    assert r.status_code == 403
    # But it may list and revoke its owner's tokens, itself included.
    r = k.get(APITOKENS, token=token)
    assert r.status_code == 200
    tid = r.json()["apitokens"][0]["id"]
    assert k.delete(f"{APITOKENS}/{tid}", token=token).status_code == 204
    assert k.get(APITOKENS, token=token).status_code == 401


def test_expired_token_is_refused(kaito):
    k = kaito
    k.add_user("bob@example.com")
    token = k.apitoken("bob@example.com", "--expires", "1")
    assert k.get("/api/v1/session", token=token).status_code == 200
    k.sql("UPDATE api_tokens SET expires_at = strftime('%s','now') - 1")
    # A change made behind the server's back (SQL) is seen once the
    # authentication cache's entry is older than its TTL (auth/authcache.h).
    time.sleep(1.2)
    r = k.get("/api/v1/session", token=token)
    assert r.status_code == 401 and "expired" in r.json()["error"]["message"]


def test_revocation_is_immediate_despite_the_cache(kaito):
    """A token used a moment ago (so cached) stops working at once when
    revoked through the API, or when its user is disabled."""
    k = kaito
    k.add_user("bob@example.com")
    k.add_user("eve@example.com")
    admin = k.apitoken(k.admin_email)
    bob = k.apitoken("bob@example.com")
    eve = k.apitoken("eve@example.com")
    for tok in (bob, eve):
        assert k.get("/api/v1/session", token=tok).status_code == 200
    tid = k.get(APITOKENS, token=bob).json()["apitokens"][0]["id"]
    assert k.delete(f"{APITOKENS}/{tid}", token=admin).status_code == 204
    assert k.get("/api/v1/session", token=bob).status_code == 401
    uid = int(k.sql("SELECT id FROM users WHERE email = "
                    "'eve@example.com'").strip())
    r = k.patch(f"/api/v1/users/{uid}", token=admin, json={"disabled": True})
    assert r.status_code == 200
    assert k.get("/api/v1/session", token=eve).status_code == 401


def test_last_used_is_recorded(kaito):
    k = kaito
    token = k.apitoken(k.admin_email)
    assert k.get("/api/v1/session", token=token).status_code == 200
    for _ in range(50):
        if k.sql("SELECT last_used_at IS NOT NULL FROM api_tokens")\
                .strip() == "1":
            break
        time.sleep(0.05)
    s = k.admin()
    t = s.get(k.url + APITOKENS).json()["apitokens"][0]
    assert t["last_used_at"] is not None
