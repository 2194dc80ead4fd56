"""Install-wide settings (administrators)."""
SETTINGS = "/api/v1/settings"


def test_get_and_patch(kaito):
    k = kaito
    s = k.admin()
    assert s.get(k.url + SETTINGS).json() == {"member_totp_required": True}
    r = s.patch(k.url + SETTINGS, json={"member_totp_required": False})
    assert r.status_code == 200
    assert r.json() == {"member_totp_required": False}
    assert s.get(k.url + SETTINGS).json() == {"member_totp_required": False}
    ev = k.audit("settings.update")
    assert len(ev) == 1 and ev[0]["actor_email"] == k.admin_email
    assert ev[0]["details"] == ('{"new":{"member_totp_required":false},'
                                '"old":{"member_totp_required":true}}')
    r = s.patch(k.url + SETTINGS, json={"member_totp_required": True})
    assert r.json() == {"member_totp_required": True}


def test_patch_checks_input(kaito):
    k = kaito
    s = k.admin()
    for body in ({}, {"member_totp_required": "false"},
                 {"member_totp_required": 0},
                 {"member_totp_required": None},
                 {"member_totp_required": False, "other": 1}):
        r = s.patch(k.url + SETTINGS, json=body)
        assert r.status_code == 400, body
    assert s.get(k.url + SETTINGS).json() == {"member_totp_required": True}
    assert k.audit("settings.update") == []


def test_members_cannot_read_or_change(kaito):
    k = kaito
    pw = k.add_user("bob@example.com")
    k.admin()
    bob = k.login("bob@example.com", pw)
    assert bob.get(k.url + SETTINGS).status_code == 403
    r = bob.patch(k.url + SETTINGS, json={"member_totp_required": False})
    assert r.status_code == 403
    token = k.apitoken("bob@example.com")
    assert k.get(SETTINGS, token=token).status_code == 403
