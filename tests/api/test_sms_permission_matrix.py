"""The inbox permission matrix: every inbox endpoint, every kind of caller,
the exact status; and no text (body or code) ever reaches a caller below
`read`.

Callers: no credentials, an expired API token, a revoked API token, a
disabled user, a user without a grant, a user holding `read` through a
group, a user holding `manage` (own grant), and an administrator without
a grant (who manages inboxes but reads no text). Endpoints that change
things get a fresh inbox per case. The shared inbox holds one text; every
response (body and headers; for streams, what they send in half a second
after asking for everything with ?after=0) is searched for its body and
code, which only `read` and `manage` callers of the text endpoints may
see. The webhook is public: credentials neither help nor hurt it.
"""
import pytest

from kaito import Kaito
from sms_helpers import (API, PUBLIC_URL, SSE, make_inbox, send_twilio,
                         twilio_params)
from tokens_helpers import add_group

CALLERS = ["none", "expired", "revoked", "disabled", "nogrant", "read",
           "manage", "admin"]
BAD = {"none": 401, "expired": 401, "revoked": 401, "disabled": 401}
BODY = "Your Acme login code is 846203. Do not share it."
CODE = "846203"


def expect(**by_caller):
    table = dict(BAD)
    table.update(by_caller)
    assert set(table) == set(CALLERS), set(CALLERS) - set(table)
    return table


ANY_USER = expect(nogrant=200, read=200, manage=200, admin=200)
ADMIN_201 = expect(nogrant=403, read=403, manage=403, admin=201)
GET = expect(nogrant=404, read=200, manage=200, admin=200)
EDIT = expect(nogrant=404, read=403, manage=200, admin=200)
EDIT_204 = expect(nogrant=404, read=403, manage=204, admin=204)
TEXTS = expect(nogrant=404, read=200, manage=200, admin=403)
HOOK = {c: 403 for c in CALLERS}
READERS = ("read", "manage")

# (name, method, path, body, expected, fresh inbox, is a stream, texts)
ENDPOINTS = [
    ("list", "GET", "/inboxes", None, ANY_USER, False, False, False),
    ("list all", "GET", "/inboxes?all=false", None, ANY_USER, False, False,
     False),
    ("create", "POST", "/inboxes",
     {"name": "n", "number": "{number}", "provider": "twilio",
      "secret": "s"}, ADMIN_201, False, False, False),
    ("get", "GET", "/inboxes/{id}", None, GET, False, False, False),
    ("patch", "PATCH", "/inboxes/{id}", {"name": "renamed"}, EDIT, True,
     False, False),
    ("delete", "DELETE", "/inboxes/{id}", None, EDIT_204, True, False,
     False),
    ("grants get", "GET", "/inboxes/{id}/grants", None, EDIT, False, False,
     False),
    ("grants put", "PUT", "/inboxes/{id}/grants",
     {"grants": [{"user": "manage@example.com", "level": "manage"}]}, EDIT,
     True, False, False),
    ("messages", "GET", "/inboxes/{id}/messages", None, TEXTS, False, False,
     True),
    ("stream", "GET", "/inboxes/{id}/stream?after=0", None, TEXTS, False,
     True, True),
    ("stream all", "GET", "/inboxes/stream?after=0", None, ANY_USER, False,
     True, True),
]


class World:
    def __init__(self):
        k = self.k = Kaito()
        k.start("--public-url", PUBLIC_URL)
        self.tok = {"none": None}
        for who in ("nogrant", "read", "manage", "disabled", "expired",
                    "revoked"):
            k.add_user(f"{who}@example.com")
            self.tok[who] = k.apitoken(f"{who}@example.com")
        self.tok["admin"] = k.apitoken(k.admin_email)
        add_group(k, "viewers", "read@example.com")
        self.numbers = 100
        self.shared = self.new_inbox()
        r = send_twilio(k, self.shared, "SM-shared", BODY,
                        to=self.number_of[self.shared])
        assert r.status_code == 200, r.text
        k.sql("UPDATE api_tokens SET expires_at = 1 WHERE user_id = "
              "(SELECT id FROM users WHERE email = 'expired@example.com')")
        k.sql("UPDATE api_tokens SET revoked_at = 1 WHERE user_id = "
              "(SELECT id FROM users WHERE email = 'revoked@example.com')")
        uid = k.sql("SELECT id FROM users WHERE email = "
                    "'disabled@example.com'").strip()
        r = k.patch(f"{API}/users/{uid}", self.tok["admin"],
                    json={"disabled": True})
        assert r.status_code == 200, r.text

    number_of = {}

    def next_number(self):
        self.numbers += 1
        return f"+1555010{self.numbers:04d}"

    def new_inbox(self):
        number = self.next_number()
        ib = make_inbox(self.k, self.tok["admin"], number=number)
        self.number_of[ib] = number
        r = self.k.put(f"{API}/inboxes/{ib}/grants", self.tok["admin"],
                       json={"grants": [
                           {"group": "viewers", "level": "read"},
                           {"user": "manage@example.com", "level": "manage"},
                           {"user": "disabled@example.com",
                            "level": "manage"},
                           {"user": "expired@example.com", "level": "manage"},
                           {"user": "revoked@example.com",
                            "level": "manage"}]})
        assert r.status_code == 200, r.text
        return ib


@pytest.fixture(scope="module")
def world():
    w = World()
    yield w
    w.k.cleanup()


def fill(value, values):
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, values) for v in value]
    return value


CASES = [(e, c) for e in ENDPOINTS for c in CALLERS]


@pytest.mark.parametrize("endpoint,caller", CASES,
                         ids=[f"{e[0]}-{c}" for e, c in CASES])
def test_matrix(world, endpoint, caller):
    name, method, template, body, expected, fresh, stream, texts = endpoint
    k = world.k
    values = {"id": world.new_inbox() if fresh else world.shared,
              "number": world.next_number()}
    path = API + fill(template, values)
    if stream:
        s = SSE(k, path, world.tok[caller])
        status = s.status
        if status == 200:
            s.next_event(0.5)
            s.close()
            blob = s.body
        else:
            blob = repr(s.error).encode()
        blob += repr(sorted(s.headers.items())).encode()
    else:
        r = k.client(world.tok[caller]).request(
            method, k.url + path, json=fill(body, values))
        status = r.status_code
        blob = r.content + repr(sorted(r.headers.items())).encode()
        if status >= 400:
            assert set(r.json()) == {"error"}
            assert set(r.json()["error"]) == {"code", "message"}
    assert status == expected[caller], \
        f"{method} {path} as {caller}: {status} {blob[:200]}"
    may_read = texts and caller in READERS
    if may_read:
        assert CODE.encode() in blob and BODY.encode() in blob, name
    else:
        assert CODE.encode() not in blob, f"{name} as {caller} leaked"
        assert b"Acme login" not in blob, f"{name} as {caller} leaked"


@pytest.mark.parametrize("caller", CALLERS)
def test_hook_is_public_credentials_do_nothing(world, caller):
    """An unsigned webhook is 403 whoever sends it, and a signed one 200:
    the provider's signature is the only authentication."""
    k = world.k
    params = twilio_params("SM-" + caller, "Code 123456",
                           to=world.number_of[world.shared])
    r = k.client(world.tok[caller]).post(
        f"{k.url}/hooks/sms/twilio/{world.shared}", data=params)
    assert r.status_code == HOOK[caller]
