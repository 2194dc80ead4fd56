"""Inboxes and their grants: create, list, get, patch, delete; every field
checked (400 names it, nothing changes); the secret is never shown and is
sealed at rest; changes audited; the message listing pages and is
audited as one sms.view per listing."""
from sms_helpers import (API, PUBLIC_URL, TWILIO_TOKEN, audit_rows,
                         inbox_grant, make_inbox, messages, send_twilio)
from tokens_helpers import add_group, db_bytes, user


def test_create_get_list(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    adm = k.apitoken(k.admin_email)
    ann = user(k, "ann@example.com")
    r = k.post(API + "/inboxes", adm, json={
        "name": "ops phone", "number": "+1 (555) 010-0123",
        "provider": "twilio", "secret": TWILIO_TOKEN})
    assert r.status_code == 201, r.text
    ib = r.json()
    assert ib["number"] == "+15550100123"        # normalised
    assert ib["provider"] == "twilio" and ib["level"] is None
    assert ib["webhook_path"] == f"/hooks/sms/twilio/{ib['id']}"
    assert ib["webhook_url"] == PUBLIC_URL + ib["webhook_path"]
    assert ib["created_by"] == k.admin_email
    assert "secret" not in r.text and TWILIO_TOKEN not in r.text
    assert k.get(f"{API}/inboxes/{ib['id']}", adm).json() == ib
    # Lists: the caller's inboxes; admins may ask for all.
    assert k.get(API + "/inboxes", adm).json() == {"inboxes": []}
    assert k.get(API + "/inboxes?all=true", adm).json()["inboxes"] == [ib]
    assert k.get(API + "/inboxes?all=true", ann).status_code == 403
    assert k.get(API + "/inboxes?all=maybe", adm).status_code == 400
    inbox_grant(k, adm, ib["id"], ("user", "ann@example.com", "read"))
    [mine] = k.get(API + "/inboxes", ann).json()["inboxes"]
    assert mine["level"] == "read" and mine["id"] == ib["id"]
    ev = audit_rows(k, "inbox.create")
    assert len(ev) == 1 and ev[0]["details"] == {"provider": "twilio"}
    # The secret is sealed: not in the database or its WAL, in any case.
    blob = db_bytes(k)
    assert TWILIO_TOKEN.encode() not in blob
    assert TWILIO_TOKEN.upper().encode() not in blob


def test_create_validation(kaito):
    k = kaito
    adm = k.apitoken(k.admin_email)
    ok = {"name": "ops", "number": "+15550100123", "provider": "twilio",
          "secret": "s3cret"}
    cases = [
        ({**ok, "extra": 1}, "unknown field 'extra'"),
        ({k_: v for k_, v in ok.items() if k_ != "secret"}, "secret"),
        ({**ok, "number": "5550100123"}, "number:"),
        ({**ok, "number": "+2811234567"}, "number:"),
        ({**ok, "number": 15550100123}, "number"),
        ({**ok, "provider": "vonage"}, "provider"),
        ({**ok, "name": ""}, "name"),
        ({**ok, "name": " ops"}, "name"),
        ({**ok, "secret": ""}, "secret"),
        ({**ok, "secret": "a\nb"}, "secret"),
        ({**ok, "secret": "x" * 257}, "secret"),
    ]
    for body, word in cases:
        r = k.post(API + "/inboxes", adm, json=body)
        assert r.status_code == 400, (body, r.text)
        assert word in r.json()["error"]["message"], (word, r.text)
        assert "s3cret" not in r.text
    assert k.sql("SELECT count(*) FROM inboxes").strip() == "0"
    assert make_inbox(k, adm, number="+15550100123")
    r = k.post(API + "/inboxes", adm, json={**ok, "number": "0015550100123"})
    assert r.status_code == 409
    ann = user(k, "ann@example.com")
    assert k.post(API + "/inboxes", ann, json=ok).status_code == 403


def test_patch_and_delete(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    adm = k.apitoken(k.admin_email)
    mgr = user(k, "mgr@example.com")
    ib = make_inbox(k, adm)
    other = make_inbox(k, adm, number="+15550100124")
    inbox_grant(k, adm, ib, ("user", "mgr@example.com", "manage"))
    r = k.patch(f"{API}/inboxes/{ib}", mgr, json={"name": "front desk"})
    assert r.status_code == 200 and r.json()["name"] == "front desk"
    assert r.json()["level"] == "manage"
    assert k.patch(f"{API}/inboxes/{ib}", mgr, json={}).status_code == 400
    r = k.patch(f"{API}/inboxes/{ib}", mgr, json={"provider": "generic"})
    assert r.status_code == 400 and "secret" in r.json()["error"]["message"]
    r = k.patch(f"{API}/inboxes/{ib}", mgr,
                json={"provider": "generic", "secret": "whsec_" + "C" * 32})
    assert r.status_code == 200
    assert r.json()["webhook_path"] == f"/hooks/sms/generic/{ib}"
    assert k.patch(f"{API}/inboxes/{ib}", mgr,
                   json={"number": "+15550100124"}).status_code == 409
    fields = [(e["outcome"], e["details"]["fields"])
              for e in audit_rows(k, "inbox.update")]
    assert fields == [("success", ["name"]),
                      ("success", ["provider", "secret"]),
                      ("failure", ["number"])]     # the 409, on record
    # mgr has no grant on the other inbox.
    assert k.patch(f"{API}/inboxes/{other}", mgr,
                   json={"name": "x"}).status_code == 404
    assert k.delete(f"{API}/inboxes/{other}", mgr).status_code == 404
    assert k.delete(f"{API}/inboxes/{ib}", mgr).status_code == 204
    assert k.get(f"{API}/inboxes/{ib}", adm).status_code == 404
    assert k.sql("SELECT count(*) FROM inbox_grants").strip() == "0"
    assert len(audit_rows(k, "inbox.delete")) == 1


def test_grants_validation_and_levels(kaito):
    k = kaito
    adm = k.apitoken(k.admin_email)
    ann = user(k, "ann@example.com")
    bob = user(k, "bob@example.com")
    add_group(k, "ops", "bob@example.com")
    ib = make_inbox(k, adm)
    me = {"user": "ann@example.com", "level": "manage"}
    for body, word in [
            ({"grants": [me, {"group": "nope", "level": "read"}]},
             "no group named 'nope'"),
            ({"grants": [me, {"user": "ANN@example.com", "level": "read"}]},
             "names the same user"),
            ({"grants": [me, {"group": "ops", "level": "code"}]},
             "read or manage"),
            ({"grants": [{"group": "ops"}]}, "must be"),
            ({"grants": "x"}, "grants"),
            ({"other": []}, "unknown field")]:
        r = k.put(f"{API}/inboxes/{ib}/grants", adm, json=body)
        assert r.status_code == 400 and word in r.text, (body, r.text)
    assert audit_rows(k, "grant.change") == []
    got = inbox_grant(k, adm, ib, ("group", "OPS", "read"),
                      ("user", "ann@example.com", "manage"))
    assert got == [{"group": "ops", "level": "read"},
                   {"user": "ann@example.com", "level": "manage"}]
    # ann manages: she reads the grants and changes them; bob reads only.
    assert k.get(f"{API}/inboxes/{ib}/grants", ann).json()["grants"] == got
    assert k.get(f"{API}/inboxes/{ib}/grants", bob).status_code == 403
    assert k.get(f"{API}/inboxes/{ib}", bob).json()["level"] == "read"
    [ev] = audit_rows(k, "grant.change")
    assert ev["target_id"] == ib and ev["details"]["after"] == got


def test_message_listing_pages_and_is_audited(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    adm = k.apitoken(k.admin_email)
    ann = user(k, "ann@example.com")
    ib = make_inbox(k, adm)
    inbox_grant(k, adm, ib, ("user", "ann@example.com", "read"))
    for i in range(5):
        assert send_twilio(k, ib, f"SM{i}", f"Code {500000 + i}").status_code \
            == 200
    r = k.get(f"{API}/inboxes/{ib}/messages?limit=2", ann).json()
    assert [m["id"] for m in r["messages"]] == [1, 2]
    assert r["next_after"] == 2
    r = k.get(f"{API}/inboxes/{ib}/messages?after=4&limit=2", ann).json()
    assert [m["id"] for m in r["messages"]] == [5] and r["next_after"] is None
    assert [m["code"] for m in messages(k, ann, ib)] == \
        [str(500000 + i) for i in range(5)]
    for bad in ("limit=0", "limit=1001", "after=-1", "after=x"):
        assert k.get(f"{API}/inboxes/{ib}/messages?{bad}",
                     ann).status_code == 400
    # Administrators manage inboxes but read no text without a grant:
    # refused, and the refusal is on the record.
    r = k.get(f"{API}/inboxes/{ib}/messages", adm)
    assert r.status_code == 403
    views = audit_rows(k, "sms.view")
    listed = [v["details"]["messages"] for v in views
              if v["outcome"] == "success"]
    assert listed == [[1, 2], [5], [1, 2, 3, 4, 5]]
    denied = [v for v in views if v["outcome"] == "denied"]
    assert len(denied) == 1 and denied[0]["actor_email"] == k.admin_email
    assert denied[0]["details"] == {"needed": "read"}
