"""Users: listing, creating, editing and deleting (administrators), the
last-admin rules, and what disabling a user does to their credentials."""
USERS = "/api/v1/users"


def error_code(r):
    return r.json()["error"]["code"]


def user_id(k, email):
    return int(k.sql("SELECT id FROM users WHERE email = '%s'" % email))


def test_list_and_get(kaito):
    k = kaito
    s = k.admin()
    k.add_user("bob@example.com")
    users = s.get(k.url + USERS).json()["users"]
    assert [u["email"] for u in users] == [k.admin_email, "bob@example.com"]
    admin = users[0]
    assert set(admin) == {"id", "email", "is_admin", "disabled",
                          "totp_enrolled", "groups", "created_at"}
    assert admin["is_admin"] and admin["totp_enrolled"]
    assert not admin["disabled"] and admin["groups"] == []
    bob = users[1]
    assert not bob["is_admin"] and not bob["totp_enrolled"]
    r = s.get(k.url + f"{USERS}/{bob['id']}")
    assert r.status_code == 200 and r.json() == bob
    assert s.get(k.url + f"{USERS}/999").status_code == 404
    assert "pwhash" not in s.get(k.url + USERS).text


def test_members_cannot_manage_users(kaito):
    k = kaito
    pw = k.add_user("bob@example.com")
    k.admin()
    bob = k.login("bob@example.com", pw)
    aid = user_id(k, k.admin_email)
    for method, path, body in (
            ("GET", USERS, None), ("POST", USERS, {"email": "x@y.z"}),
            ("GET", f"{USERS}/{aid}", None),
            ("PATCH", f"{USERS}/{aid}", {"disabled": True}),
            ("DELETE", f"{USERS}/{aid}", None)):
        r = bob.request(method, k.url + path, json=body)
        assert r.status_code == 403, (method, path)
    assert len(k.sql("SELECT id FROM users").split()) == 2


def test_create_with_generated_password(kaito):
    k = kaito
    s = k.admin()
    r = s.post(k.url + USERS, json={"email": "new@example.com"})
    assert r.status_code == 201, r.text
    u = r.json()
    pw = u.pop("password")
    assert len(pw) == 24
    assert u["email"] == "new@example.com" and u["is_admin"] is False
    # Shown once: not in the listing, the audit log or the database.
    assert pw not in s.get(k.url + f"{USERS}/{u['id']}").text
    assert pw not in k.sql(".dump")
    ev = k.audit("user.create")[-1]
    assert ev["target_id"] == u["id"] and ev["actor_email"] == k.admin_email
    assert ev["channel"] == "web"
    # It works.
    r = k.session_post("new@example.com", pw)
    assert error_code(r) == "otp_enrollment_required"


def test_create_with_password_and_admin(kaito):
    k = kaito
    s = k.admin()
    r = s.post(k.url + USERS, json={"email": "Root2@Example.com",
                                    "password": "correct horse battery",
                                    "admin": True})
    assert r.status_code == 201
    assert "password" not in r.json()
    assert r.json()["is_admin"] is True
    k.login("Root2@Example.com", "correct horse battery")


def test_create_refuses_bad_input(kaito):
    k = kaito
    s = k.admin()
    for body in ({}, {"email": "no-at"}, {"email": "a@b", "admin": "yes"},
                 {"email": "a@b", "password": "short"},
                 {"email": "a@b", "password": 123456789012345},
                 {"email": "a@b", "role": "admin"},
                 {"email": "a" * 250 + "@b.io"},
                 {"email": "a b@c.d"}):
        r = s.post(k.url + USERS, json=body)
        assert r.status_code == 400, body
    r = s.post(k.url + USERS, json={"email": "a@b", "password": "short"})
    assert "short" not in r.text
    # Unique whatever the case.
    r = s.post(k.url + USERS, json={"email": k.admin_email.upper()})
    assert r.status_code == 409 and error_code(r) == "conflict"
    assert len(k.sql("SELECT id FROM users").split()) == 1
    assert k.audit("user.create")[-1]["outcome"] == "failure"


def test_disabled_user_is_locked_out(kaito):
    k = kaito
    pw = k.add_user("bob@example.com")
    bid = user_id(k, "bob@example.com")
    token = k.apitoken("bob@example.com")
    bob = k.login("bob@example.com", pw)
    assert bob.get(k.url + "/api/v1/session").status_code == 200
    assert k.get("/api/v1/session", token=token).status_code == 200
    s = k.admin()
    r = s.patch(k.url + f"{USERS}/{bid}", json={"disabled": True})
    assert r.status_code == 200 and r.json()["disabled"] is True
    assert bob.get(k.url + "/api/v1/session").status_code == 401
    assert k.get("/api/v1/session", token=token).status_code == 401
    assert k.sql(f"SELECT count(*) FROM sessions WHERE user_id = {bid}") \
        .strip() == "0"
    r = k.session_post("bob@example.com", pw, k.next_otp("bob@example.com"))
    assert r.status_code == 401 and error_code(r) == "invalid_credentials"
    # Enabled again: the API token works again, a login too.
    r = s.patch(k.url + f"{USERS}/{bid}", json={"disabled": False})
    assert r.status_code == 200
    assert k.get("/api/v1/session", token=token).status_code == 200
    k.sync_otp_step("bob@example.com")
    k.login("bob@example.com", pw)
    ev = k.audit("user.update")
    assert [e["details"] for e in ev] == ['{"disabled":true}',
                                          '{"disabled":false}']


def test_last_admin_rules(kaito):
    k = kaito
    s = k.admin()
    aid = s.user["id"]
    for body in ({"admin": False}, {"disabled": True},
                 {"admin": False, "disabled": True}):
        r = s.patch(k.url + f"{USERS}/{aid}", json=body)
        assert r.status_code == 409, body
        assert error_code(r) == "conflict"
    r = s.delete(k.url + f"{USERS}/{aid}")
    assert r.status_code == 409
    assert k.sql("SELECT is_admin, disabled FROM users WHERE id = %d" %
                 aid).strip() == "1|0"
    denied = [e for e in k.audit() if e["outcome"] == "denied"]
    assert len(denied) == 4
    # A disabled admin does not count as active.
    pw2 = k.add_user("root2@example.com", admin=True)
    rid = user_id(k, "root2@example.com")
    assert s.patch(k.url + f"{USERS}/{rid}",
                   json={"disabled": True}).status_code == 200
    assert s.patch(k.url + f"{USERS}/{aid}",
                   json={"admin": False}).status_code == 409
    # With a second active admin, the first may step down.
    assert s.patch(k.url + f"{USERS}/{rid}",
                   json={"disabled": False}).status_code == 200
    r = s.patch(k.url + f"{USERS}/{aid}", json={"admin": False})
    assert r.status_code == 200 and r.json()["is_admin"] is False
    # ... and is no admin any more.
    assert s.get(k.url + USERS).status_code == 403
    root2 = k.login("root2@example.com", pw2)
    # Now root2 is the last active admin and cannot delete themself.
    assert root2.delete(k.url + f"{USERS}/{rid}").status_code == 409
    assert root2.delete(k.url + f"{USERS}/{aid}").status_code == 204


def test_admin_cannot_delete_self_even_with_other_admins(kaito):
    k = kaito
    s = k.admin()
    k.add_user("root2@example.com", admin=True)
    r = s.delete(k.url + f"{USERS}/{s.user['id']}")
    assert r.status_code == 409
    assert "yourself" in r.json()["error"]["message"]


def test_delete_user(kaito):
    k = kaito
    s = k.admin()
    k.add_user("bob@example.com")
    bid = user_id(k, "bob@example.com")
    token = k.apitoken("bob@example.com")
    gid = s.post(k.url + "/api/v1/groups", json={"name": "ops"}).json()["id"]
    s.put(k.url + f"/api/v1/groups/{gid}/members/{bid}")
    assert s.delete(k.url + f"{USERS}/{bid}").status_code == 204
    assert s.get(k.url + f"{USERS}/{bid}").status_code == 404
    assert s.delete(k.url + f"{USERS}/{bid}").status_code == 404
    assert k.get("/api/v1/session", token=token).status_code == 401
    assert s.get(k.url + f"/api/v1/groups/{gid}").json()["members"] == []
    ev = k.audit("user.delete")
    assert ev[0]["target_name"] == "bob@example.com"
    assert ev[0]["outcome"] == "success"
    assert ev[1]["outcome"] == "failure"


def test_new_password(kaito):
    k = kaito
    old = k.add_user("bob@example.com")
    bid = user_id(k, "bob@example.com")
    bob = k.login("bob@example.com", old)
    s = k.admin()
    for body in ({}, {"password": "short"}, {"password": None},
                 {"reset_totp": "yes"}, {"email": "x@y.z"}):
        r = s.patch(k.url + f"{USERS}/{bid}", json=body)
        assert r.status_code == 400, body
    r = s.patch(k.url + f"{USERS}/{bid}",
                json={"password": "a whole new password"})
    assert r.status_code == 200
    # Their sessions ended; the old password is refused, the new works.
    assert bob.get(k.url + "/api/v1/session").status_code == 401
    r = k.session_post("bob@example.com", old, k.next_otp("bob@example.com"))
    assert error_code(r) == "invalid_credentials"
    k.sync_otp_step("bob@example.com")
    k.login("bob@example.com", "a whole new password")
    ev = k.audit("user.update")[-1]
    assert ev["details"] == '{"password_changed":true}'
    assert "a whole new password" not in k.sql(".dump")


def test_own_password_change_keeps_own_session(kaito):
    k = kaito
    s = k.admin()
    other = k.login(k.admin_email, k.admin_password)
    r = s.patch(k.url + f"{USERS}/{s.user['id']}",
                json={"password": "my own new password"})
    assert r.status_code == 200
    assert s.get(k.url + "/api/v1/session").status_code == 200
    assert other.get(k.url + "/api/v1/session").status_code == 401


def test_reset_totp_means_enrolling_again(kaito):
    k = kaito
    pw = k.add_user("bob@example.com")
    bid = user_id(k, "bob@example.com")
    k.login("bob@example.com", pw)
    old_secret = k.totp_secrets.pop("bob@example.com")
    s = k.admin()
    r = s.patch(k.url + f"{USERS}/{bid}", json={"reset_totp": True})
    assert r.status_code == 200 and r.json()["totp_enrolled"] is False
    assert k.sql(f"SELECT totp_sealed IS NULL, totp_pending_sealed IS NULL,"
                 f" totp_last_step FROM users WHERE id = {bid}").strip() \
        == "1|1|0"
    r = k.session_post("bob@example.com", pw)
    assert error_code(r) == "otp_enrollment_required"
    assert r.json()["enrollment"]["secret"] != old_secret
    k.totp_last.pop("bob@example.com")
    k.login("bob@example.com", pw)
