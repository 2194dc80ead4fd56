"""Groups and their members (administrators)."""
GROUPS = "/api/v1/groups"


def error_code(r):
    return r.json()["error"]["code"]


def user_id(k, email):
    return int(k.sql("SELECT id FROM users WHERE email = '%s'" % email))


def test_group_crud(kaito):
    k = kaito
    s = k.admin()
    assert s.get(k.url + GROUPS).json() == {"groups": []}
    r = s.post(k.url + GROUPS, json={"name": "ops"})
    assert r.status_code == 201
    g = r.json()
    assert g == {"id": g["id"], "name": "ops", "members": []}
    s.post(k.url + GROUPS, json={"name": "Dev team"})
    assert s.get(k.url + GROUPS).json()["groups"] == [
        {"id": 2, "name": "Dev team", "members": 0},
        {"id": g["id"], "name": "ops", "members": 0}]
    assert s.get(k.url + f"{GROUPS}/{g['id']}").json() == g
    r = s.patch(k.url + f"{GROUPS}/{g['id']}", json={"name": "sre"})
    assert r.status_code == 200 and r.json()["name"] == "sre"
    # Renaming to the same name in another case is fine.
    r = s.patch(k.url + f"{GROUPS}/{g['id']}", json={"name": "SRE"})
    assert r.status_code == 200 and r.json()["name"] == "SRE"
    assert s.delete(k.url + f"{GROUPS}/{g['id']}").status_code == 204
    assert s.get(k.url + f"{GROUPS}/{g['id']}").status_code == 404
    assert s.delete(k.url + f"{GROUPS}/{g['id']}").status_code == 404
    assert s.patch(k.url + f"{GROUPS}/{g['id']}",
                   json={"name": "x"}).status_code == 404
    actions = [(e["action"], e["outcome"]) for e in k.audit()
               if e["action"].startswith("group.")]
    assert actions == [("group.create", "success"),
                       ("group.create", "success"),
                       ("group.update", "success"),
                       ("group.update", "success"),
                       ("group.delete", "success"),
                       ("group.delete", "failure"),
                       ("group.update", "failure")]
    upd = k.audit("group.update")[0]
    assert upd["target_name"] == "sre" and '"old_name":"ops"' in \
        upd["details"]


def test_group_names(kaito):
    k = kaito
    s = k.admin()
    assert s.post(k.url + GROUPS, json={"name": "ops"}).status_code == 201
    r = s.post(k.url + GROUPS, json={"name": "OPS"})
    assert r.status_code == 409 and error_code(r) == "conflict"
    dev = s.post(k.url + GROUPS, json={"name": "dev"}).json()["id"]
    r = s.patch(k.url + f"{GROUPS}/{dev}", json={"name": "Ops"})
    assert r.status_code == 409
    for bad in ("", "x" * 129, "a\nb", "tab\there", " ops2", "ops2 ",
                "del\x7f", "c1\u0085", 5, None, ["ops"]):
        r = s.post(k.url + GROUPS, json={"name": bad})
        assert r.status_code == 400, repr(bad)
    r = s.post(k.url + GROUPS, json={"name": "ok", "color": "red"})
    assert r.status_code == 400
    r = s.post(k.url + GROUPS, json={"name": "x" * 128})
    assert r.status_code == 201
    r = s.post(k.url + GROUPS, json={"name": "Équipe 運用"})
    assert r.status_code == 201 and r.json()["name"] == "Équipe 運用"
    names = [g["name"] for g in s.get(k.url + GROUPS).json()["groups"]]
    assert sorted(names) == sorted(["ops", "dev", "x" * 128, "Équipe 運用"])


def test_members(kaito):
    k = kaito
    s = k.admin()
    k.add_user("bob@example.com")
    k.add_user("ann@example.com")
    bob, ann = user_id(k, "bob@example.com"), user_id(k, "ann@example.com")
    gid = s.post(k.url + GROUPS, json={"name": "ops"}).json()["id"]
    for uid in (bob, ann, bob):           # idempotent
        r = s.put(k.url + f"{GROUPS}/{gid}/members/{uid}")
        assert r.status_code == 204 and r.content == b""
    assert s.get(k.url + f"{GROUPS}/{gid}").json()["members"] == [
        {"id": ann, "email": "ann@example.com"},
        {"id": bob, "email": "bob@example.com"}]
    assert s.get(k.url + f"{GROUPS}/{gid}/members").json() == {
        "members": [{"id": ann, "email": "ann@example.com"},
                    {"id": bob, "email": "bob@example.com"}]}
    assert s.get(k.url + GROUPS).json()["groups"][0]["members"] == 2
    assert s.get(k.url + f"/api/v1/users/{bob}").json()["groups"] == ["ops"]
    for _ in range(2):                    # idempotent
        r = s.delete(k.url + f"{GROUPS}/{gid}/members/{bob}")
        assert r.status_code == 204
    assert [m["id"] for m in s.get(k.url + f"{GROUPS}/{gid}")
            .json()["members"]] == [ann]
    # Unknown group or user.
    assert s.put(k.url + f"{GROUPS}/99/members/{bob}").status_code == 404
    assert s.put(k.url + f"{GROUPS}/{gid}/members/99").status_code == 404
    assert s.delete(k.url + f"{GROUPS}/99/members/{bob}").status_code == 404
    r = s.delete(k.url + f"{GROUPS}/{gid}/members/99")
    assert r.status_code == 404
    assert "no user 99" in r.json()["error"]["message"]
    assert s.get(k.url + f"{GROUPS}/99/members").status_code == 404
    adds = k.audit("group.member.add")
    assert [a["outcome"] for a in adds] == ["success"] * 3 + ["failure"] * 2
    assert '"changed":false' in adds[2]["details"]
    assert '"user":"bob@example.com"' in adds[0]["details"]
    removes = k.audit("group.member.remove")
    assert len(removes) == 4
    # Deleting the group drops its memberships.
    assert s.delete(k.url + f"{GROUPS}/{gid}").status_code == 204
    assert k.sql("SELECT count(*) FROM group_members").strip() == "0"


def test_members_cannot_manage_groups(kaito):
    k = kaito
    pw = k.add_user("bob@example.com")
    s = k.admin()
    gid = s.post(k.url + GROUPS, json={"name": "ops"}).json()["id"]
    bob = k.login("bob@example.com", pw)
    bid = bob.user["id"]
    for method, path in (("GET", GROUPS), ("POST", GROUPS),
                         ("GET", f"{GROUPS}/{gid}"),
                         ("PATCH", f"{GROUPS}/{gid}"),
                         ("DELETE", f"{GROUPS}/{gid}"),
                         ("GET", f"{GROUPS}/{gid}/members"),
                         ("PUT", f"{GROUPS}/{gid}/members/{bid}"),
                         ("DELETE", f"{GROUPS}/{gid}/members/{bid}")):
        r = bob.request(method, k.url + path, json={"name": "x"})
        assert r.status_code == 403, (method, path)
    assert s.get(k.url + f"{GROUPS}/{gid}").json()["members"] == []
