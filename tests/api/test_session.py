"""Logging in and out: password, login TOTP enrolment and replay guard,
CSRF, session lifetime, indistinguishable failures and the throttle."""
import signal
import time

from kaito import totp

SESSION = "/api/v1/session"


def error_code(r):
    return r.json()["error"]["code"]


def test_first_login_enrols_the_admin(kaito):
    k = kaito
    r = k.session_post(k.admin_email, k.admin_password)
    assert r.status_code == 401
    assert error_code(r) == "otp_enrollment_required"
    enr = r.json()["enrollment"]
    secret = enr["secret"]
    assert len(secret) == 32 and secret.isalnum()
    assert enr["uri"].startswith("otpauth://totp/Kaito:admin%40example.com?")
    assert "secret=" + secret in enr["uri"] and "issuer=Kaito" in enr["uri"]
    # The same pending seed until enrolment is finished.
    r = k.session_post(k.admin_email, k.admin_password)
    assert r.json()["enrollment"]["secret"] == secret
    # A wrong code does not enrol.
    bad = "%06d" % ((int(totp(secret)) + 1) % 1000000)
    r = k.session_post(k.admin_email, k.admin_password, bad)
    assert r.status_code == 401 and error_code(r) == "invalid_otp"
    assert k.sql("SELECT totp_sealed IS NULL FROM users").strip() == "1"
    # The right code enrols and logs in.
    s = k.client()
    r = k.session_post(k.admin_email, k.admin_password, totp(secret), s)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"] == {"id": 1, "email": k.admin_email,
                            "is_admin": True}
    assert len(body["csrf_token"]) == 43
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("kaito_session=")
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"):
        assert attr in cookie
    assert "Secure" not in cookie        # plain HTTP here
    assert k.sql("SELECT totp_sealed IS NOT NULL, totp_pending_sealed IS "
                 "NULL FROM users").strip() == "1|1"
    actions = [a["action"] for a in k.audit()]
    assert actions[-2:] == ["user.totp.enroll", "user.login"]
    s.headers["X-CSRF-Token"] = body["csrf_token"]
    r = s.get(k.url + SESSION)
    assert r.status_code == 200
    assert r.json() == {"user": body["user"], "via": "session"}


def test_enrolled_user_needs_a_code(kaito):
    k = kaito
    k.admin()
    r = k.session_post(k.admin_email, k.admin_password)
    assert r.status_code == 401 and error_code(r) == "otp_required"
    assert "enrollment" not in r.json()
    r = k.session_post(k.admin_email, k.admin_password, "000000x")
    assert r.status_code == 401 and error_code(r) == "invalid_otp"
    r = k.session_post(k.admin_email, k.admin_password, "12345")
    assert r.status_code == 401 and error_code(r) == "invalid_otp"
    # A right code with a wrong password says nothing about the code.
    r = k.session_post(k.admin_email, "wrong-password-123",
                       k.next_otp(k.admin_email))
    assert r.status_code == 401 and error_code(r) == "invalid_credentials"


def test_a_code_step_is_accepted_once(kaito):
    k = kaito
    k.admin()                               # enrols with one step
    step = k.totp_last[k.admin_email]
    code = totp(k.totp_secrets[k.admin_email], t=step * 30)
    r = k.session_post(k.admin_email, k.admin_password, code)
    assert r.status_code == 401 and error_code(r) == "invalid_otp"
    fail = k.audit("user.login.fail")[-1]
    assert '"reason":"otp"' in fail["details"]
    assert '"replay":true' in fail["details"]
    # An earlier step is refused too, a later one accepted (once).
    early = totp(k.totp_secrets[k.admin_email], t=(step - 1) * 30)
    r = k.session_post(k.admin_email, k.admin_password, early)
    assert r.status_code == 401 and error_code(r) == "invalid_otp"
    k.login(k.admin_email, k.admin_password)


def test_failures_are_indistinguishable(kaito):
    k = kaito
    k.add_user("off@example.com", password="off-password-123")
    k.sql("UPDATE users SET disabled = 1 WHERE email = 'off@example.com'")
    answers = [
        k.session_post("nobody@example.com", "whatever-password"),
        k.session_post(k.admin_email, "wrong-password-123"),
        k.session_post("off@example.com", "off-password-123"),
    ]
    for r in answers:
        assert r.status_code == 401
        assert r.json() == answers[0].json()
        assert error_code(r) == "invalid_credentials"
    reasons = [f["details"] for f in k.audit("user.login.fail")]
    assert '"reason":"unknown_user"' in reasons[0]
    assert reasons[1:] == ['{"reason":"password"}', '{"reason":"disabled"}']
    fails = k.audit("user.login.fail")
    # What was typed for an unknown user is kept only as a keyed
    # fingerprint: it may be a password typed into the wrong field.
    assert fails[0]["target_name"] is None
    assert fails[0]["target_id"] is None
    assert fails[1]["target_name"] == k.admin_email
    assert all(f["actor_type"] == "anonymous" for f in fails)


def test_typed_unknown_email_is_not_recorded(kaito):
    k = kaito
    for typed in ("P@ssw0rd-typed-here!", "p@ssw0rd-typed-here!"):
        r = k.session_post(typed, "whatever-password")
        assert error_code(r) == "invalid_credentials"
    assert "ssw0rd" not in k.sql(".dump")
    assert "ssw0rd" not in open(k.log_path).read()
    a, b = [f["details"] for f in k.audit("user.login.fail")]
    assert a == b and '"email_fpr":"' in a      # same one, any case


def test_login_input_is_checked(kaito):
    k = kaito
    post = k.client().post
    cases = [
        {"email": k.admin_email},
        {"password": "x" * 20},
        {"email": k.admin_email, "password": "x" * 20, "extra": 1},
        {"email": k.admin_email, "password": 12345678901234},
        {"email": "no-at-sign", "password": "x" * 20},
        {"email": k.admin_email, "password": ""},
        {"email": k.admin_email, "password": "x" * 1025},
        {"email": k.admin_email, "password": "x" * 20, "otp": 123456},
        {"email": k.admin_email, "password": "x" * 20, "otp": "1" * 17},
    ]
    for body in cases:
        r = post(k.url + SESSION, json=body)
        assert r.status_code == 400, body
        assert error_code(r) == "bad_request"
    # The message never quotes what was typed.
    r = post(k.url + SESSION, json={"email": "hunter2-secret-typed",
                                    "password": "x" * 20})
    assert "hunter2" not in r.text
    r = post(k.url + SESSION, data='{"email":"a@b","password":"hunter2x',
             headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "hunter2" not in r.text
    assert k.audit("user.login.fail") == []   # nothing was attempted


def test_csrf_header_needed_with_a_cookie(kaito):
    k = kaito
    s = k.admin()
    k.add_user("bob@example.com")
    bob = k.sql("SELECT id FROM users WHERE email='bob@example.com'").strip()
    gid = s.post(k.url + "/api/v1/groups", json={"name": "ops"}).json()["id"]
    unsafe = [
        ("POST", "/api/v1/groups", {"name": "dev"}),
        ("PATCH", "/api/v1/settings", {"member_totp_required": False}),
        ("PUT", f"/api/v1/groups/{gid}/members/{bob}", None),
        ("DELETE", f"/api/v1/groups/{gid}", None),
        ("DELETE", SESSION, None),
    ]
    for header in (None, "wrong", s.csrf[:-1] + "A" if s.csrf[-1] != "A"
                   else s.csrf[:-1] + "B"):
        for method, path, body in unsafe:
            h = {"X-CSRF-Token": header} if header else {}
            r = k.client().request(method, k.url + path, json=body,
                                   headers=h, cookies=s.cookies)
            assert r.status_code == 403, (method, path, header)
            assert error_code(r) == "forbidden"
    # Nothing happened.
    assert [g["name"] for g in s.get(k.url + "/api/v1/groups")
            .json()["groups"]] == ["ops"]
    assert s.get(k.url + "/api/v1/settings").json() == \
        {"member_totp_required": True}
    # GET needs no header.
    r = k.client().get(k.url + "/api/v1/users", cookies=s.cookies)
    assert r.status_code == 200
    # And with the right header the change goes through.
    r = s.post(k.url + "/api/v1/groups", json={"name": "dev"})
    assert r.status_code == 201


def test_logout_ends_the_session(kaito):
    k = kaito
    s = k.admin()
    cookie = s.cookies["kaito_session"]
    r = s.delete(k.url + SESSION)
    assert r.status_code == 204
    sc = r.headers["Set-Cookie"]
    assert sc.startswith("kaito_session=;") and "Max-Age=0" in sc
    r = k.client().get(k.url + SESSION, cookies={"kaito_session": cookie})
    assert r.status_code == 401
    assert k.sql("SELECT count(*) FROM sessions").strip() == "0"
    assert k.audit()[-1]["action"] == "user.logout"


def test_bearer_cannot_delete_a_session(kaito):
    k = kaito
    token = k.apitoken(k.admin_email)
    r = k.delete(SESSION, token=token)
    assert r.status_code == 400
    r = k.get(SESSION, token=token)
    assert r.status_code == 200
    assert r.json()["via"] == "apitoken"
    assert r.json()["user"]["email"] == k.admin_email


def test_session_expiry(kaito):
    k = kaito
    s = k.admin()
    assert s.get(k.url + SESSION).status_code == 200
    exp = k.sql("SELECT expires_at - created_at FROM sessions").strip()
    assert exp == "43200"
    # Idle for more than 2 h.
    k.sql("UPDATE sessions SET last_seen = last_seen - 7201")
    assert s.get(k.url + SESSION).status_code == 401
    # Past the 12 h hard limit, however recently used.
    k.sql("UPDATE sessions SET last_seen = strftime('%s','now'), "
          "expires_at = strftime('%s','now') - 1")
    assert s.get(k.url + SESSION).status_code == 401
    k.sql("UPDATE sessions SET expires_at = strftime('%s','now') + 60")
    assert s.get(k.url + SESSION).status_code == 200


def test_account_throttle(kaito):
    k = kaito
    k.admin()
    for _ in range(5):
        r = k.session_post(k.admin_email, "wrong-password-123")
        assert r.status_code == 401
    # Locked: even the right password and code are refused.
    r = k.session_post(k.admin_email, k.admin_password,
                       k.next_otp(k.admin_email))
    assert r.status_code == 429
    assert error_code(r) == "too_many_requests"
    retry = int(r.headers["Retry-After"])
    assert 0 < retry <= 900
    # Any case of the address is the same account.
    r = k.session_post(k.admin_email.upper(), k.admin_password)
    assert r.status_code == 429
    throttled = k.audit("user.login.throttled")
    assert len(throttled) == 2
    assert all(t["outcome"] == "denied" for t in throttled)
    assert '"scope":"account"' in throttled[0]["details"]
    # When the lock ends, the right password works again.
    k.sql("UPDATE login_throttle SET locked_until = 0")
    k.sync_otp_step(k.admin_email)
    k.login(k.admin_email, k.admin_password)


def test_unknown_accounts_are_throttled_alike(kaito):
    k = kaito
    for _ in range(5):
        assert k.session_post("ghost@example.com", "pw-123456789012") \
            .status_code == 401
    r = k.session_post("ghost@example.com", "pw-123456789012")
    assert r.status_code == 429 and "Retry-After" in r.headers


def test_address_throttle(kaito):
    k = kaito
    for i in range(20):
        r = k.session_post(f"user{i}@example.com", "pw-123456789012")
        assert r.status_code == 401, i
    r = k.session_post(k.admin_email, k.admin_password)
    assert r.status_code == 429
    assert '"scope":"address"' in k.audit("user.login.throttled")[0][
        "details"]


def test_members_enrol_unless_the_setting_says_not(kaito):
    k = kaito
    pw = k.add_user("bob@example.com")
    r = k.session_post("bob@example.com", pw)
    assert r.status_code == 401
    assert error_code(r) == "otp_enrollment_required"
    admin = k.admin()
    r = admin.patch(k.url + "/api/v1/settings",
                    json={"member_totp_required": False})
    assert r.status_code == 200
    r = k.session_post("bob@example.com", pw)
    assert r.status_code == 200, r.text
    assert r.json()["user"]["is_admin"] is False
    # Admins still must enrol.
    pw2 = k.add_user("root2@example.com", admin=True)
    r = k.session_post("root2@example.com", pw2)
    assert error_code(r) == "otp_enrollment_required"


def test_login_fails_closed_when_audit_cannot_be_written(kaito):
    k = kaito
    s = k.admin()
    k.signal(signal.SIGUSR2)              # test hook: commits now fail
    time.sleep(0.3)
    r = k.session_post(k.admin_email, k.admin_password,
                       k.next_otp(k.admin_email))
    assert r.status_code == 503 and error_code(r) == "unavailable"
    assert "Set-Cookie" not in r.headers
    r = s.post(k.url + "/api/v1/groups", json={"name": "ops"})
    assert r.status_code == 503
    k.signal(signal.SIGUSR2)              # and work again
    time.sleep(0.3)
    assert k.sql("SELECT count(*) FROM sessions").strip() == "1"
    assert k.sql("SELECT count(*) FROM groups").strip() == "0"
    k.sync_otp_step(k.admin_email)
    k.login(k.admin_email, k.admin_password)
    assert s.post(k.url + "/api/v1/groups", json={"name": "ops"}) \
        .status_code == 201
