"""The permission matrix: every endpoint, every kind of caller, the exact
status; and no seed material ever reaches a caller below `seed`.

Callers: no credentials, an expired API token, a revoked API token, a
disabled user, a user without a grant, users holding `code` (through a
group), `seed` and `manage` (their own grants), and an administrator
without a grant. Endpoints that change things get a fresh token per case,
so cases do not depend on each other's order. Every response (body and
headers) is searched for every encoding of the token's seed; only a
`seed` or `manage` caller's GET /seed may carry it.
"""
import pytest

from kaito import Kaito
from tokens_helpers import (API, add_group, assert_not_in, new_secret,
                            totp_uri)

CALLERS = ["none", "expired", "revoked", "disabled", "nogrant", "code",
           "seed", "manage", "admin"]
BAD = {"none": 401, "expired": 401, "revoked": 401, "disabled": 401}


def expect(**by_caller):
    """Expected status per caller; unauthenticated callers get 401."""
    table = dict(BAD)
    table.update(by_caller)
    missing = set(CALLERS) - set(table)
    assert not missing, missing
    return table


TOKEN_READ = expect(nogrant=404, code=200, seed=200, manage=200, admin=200)
CODE = expect(nogrant=404, code=200, seed=200, manage=200, admin=403)
SEED = expect(nogrant=404, code=403, seed=200, manage=200, admin=403)
MANAGE = expect(nogrant=404, code=403, seed=403, manage=200, admin=403)
MANAGE_204 = expect(nogrant=404, code=403, seed=403, manage=204, admin=403)
ROTATE = expect(nogrant=404, code=403, seed=202, manage=202, admin=403)
NOTHING_STAGED = expect(nogrant=404, code=403, seed=409, manage=409,
                        admin=403)
GRANTS = expect(nogrant=404, code=403, seed=403, manage=200, admin=200)
ANY_USER = expect(nogrant=200, code=200, seed=200, manage=200, admin=200)
ADMIN_ONLY = expect(nogrant=403, code=403, seed=403, manage=403, admin=200)
ADMIN_201 = expect(nogrant=403, code=403, seed=403, manage=403, admin=201)
ADMIN_204 = expect(nogrant=403, code=403, seed=403, manage=403, admin=204)
PUBLIC = {c: 200 for c in CALLERS}
# API tokens cannot mint API tokens, and a bearer has no session to end.
NO_BEARER_MINT = expect(nogrant=403, code=403, seed=403, manage=403,
                        admin=403)
NO_SESSION = expect(nogrant=400, code=400, seed=400, manage=400, admin=400)

NEW_SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# (name, method, path, body, expected, needs a fresh token)
ENDPOINTS = [
    ("tokens list", "GET", "/tokens", None, ANY_USER, False),
    ("tokens create", "POST", "/tokens",
     {"uri": totp_uri("GEZDGNBVGY3TQOJQ")},
     expect(nogrant=201, code=201, seed=201, manage=201, admin=201), False),
    ("token get", "GET", "/tokens/{id}", None, TOKEN_READ, False),
    ("token patch", "PATCH", "/tokens/{id}", {"notes": "x"}, MANAGE, True),
    ("token delete", "DELETE", "/tokens/{id}", None, MANAGE_204, True),
    ("code", "GET", "/tokens/{id}/code", None, CODE, False),
    ("seed", "GET", "/tokens/{id}/seed", None, SEED, False),
    ("rotate", "POST", "/tokens/{id}/rotate", {"secret": NEW_SEED},
     ROTATE, True),
    ("rotate confirm", "POST", "/tokens/{id}/rotate/confirm",
     {"code": "000000"}, NOTHING_STAGED, True),
    ("rotate cancel", "DELETE", "/tokens/{id}/rotate", None,
     NOTHING_STAGED, True),
    ("grants get", "GET", "/tokens/{id}/grants", None, GRANTS, False),
    ("grants put", "PUT", "/tokens/{id}/grants",
     {"grants": [{"user": "manage@example.com", "level": "manage"}]},
     GRANTS, True),
    ("users list", "GET", "/users", None, ADMIN_ONLY, False),
    ("users create", "POST", "/users", {"email": "new-{case}@example.com"},
     ADMIN_201, False),
    ("user get", "GET", "/users/{uid}", None, ADMIN_ONLY, False),
    ("user patch", "PATCH", "/users/{uid}", {"admin": False}, ADMIN_ONLY,
     False),
    ("user delete", "DELETE", "/users/{victim}", None, ADMIN_204, True),
    ("groups list", "GET", "/groups", None, ADMIN_ONLY, False),
    ("groups create", "POST", "/groups", {"name": "g-{case}"}, ADMIN_201,
     False),
    ("group get", "GET", "/groups/{gid}", None, ADMIN_ONLY, False),
    ("group patch", "PATCH", "/groups/{gid}", {"name": "g-{case}-r"},
     ADMIN_ONLY, False),
    ("group delete", "DELETE", "/groups/{spare_gid}", None, ADMIN_204, True),
    ("members list", "GET", "/groups/{gid}/members", None, ADMIN_ONLY,
     False),
    ("member put", "PUT", "/groups/{gid}/members/{uid}", None, ADMIN_204,
     False),
    ("member delete", "DELETE", "/groups/{spare_gid}/members/{uid}", None,
     ADMIN_204, True),
    ("settings get", "GET", "/settings", None, ADMIN_ONLY, False),
    ("settings patch", "PATCH", "/settings", {"member_totp_required": True},
     ADMIN_ONLY, False),
    ("audit", "GET", "/audit", None, ADMIN_ONLY, False),
    ("session get", "GET", "/session", None, ANY_USER, False),
    ("session delete", "DELETE", "/session", None, NO_SESSION, False),
    ("apitokens list", "GET", "/apitokens", None, ANY_USER, False),
    ("apitokens create", "POST", "/apitokens", {"name": "x"},
     NO_BEARER_MINT, False),
    ("directory report", "GET", "/directory/report", None, ANY_USER, False),
    ("directory search", "GET", "/directory?q=ns1", None, PUBLIC, False),
    ("healthz", "GET", "/healthz", None, PUBLIC, False),
    ("metrics", "GET", "/metrics", None, PUBLIC, False),
]


class World:
    """One server with every kind of caller and a shared token."""

    def __init__(self):
        k = self.k = Kaito()
        k.start()
        self.tok = {"none": None}
        for who in ("owner", "nogrant", "code", "seed", "manage",
                    "disabled", "expired", "revoked"):
            k.add_user(f"{who}@example.com")
            self.tok[who] = k.apitoken(f"{who}@example.com")
        self.tok["admin"] = k.apitoken(k.admin_email)
        add_group(k, "viewers", "code@example.com")
        self.seeds = []
        self.shared = self.new_token()
        # Now break the three bad credentials.
        k.sql("UPDATE api_tokens SET expires_at = 1 WHERE user_id = "
              "(SELECT id FROM users WHERE email = 'expired@example.com')")
        tid = self.k.get(API + "/apitokens", self.tok["revoked"]).json()[
            "apitokens"][0]["id"]
        assert k.sql(f"UPDATE api_tokens SET revoked_at = 1 WHERE id = "
                     f"{tid}") == ""
        r = k.patch(API + "/users/" + str(self.uid("disabled")),
                    self.tok["admin"], json={"disabled": True})
        assert r.status_code == 200, r.text
        self.gid = self.group("g-main")
        self.case = 0

    def uid(self, who):
        return int(self.k.sql(f"SELECT id FROM users WHERE email = "
                              f"'{who}@example.com'").strip())

    def group(self, name):
        r = self.k.post(API + "/groups", self.tok["admin"],
                        json={"name": name})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def new_token(self):
        """A token owned by `owner`, granted to every kind of caller."""
        raw, s = new_secret()
        r = self.k.post(API + "/tokens", self.tok["owner"],
                        json={"uri": totp_uri(s)})
        assert r.status_code == 201, r.text
        tid = r.json()["id"]
        r = self.k.put(f"{API}/tokens/{tid}/grants", self.tok["owner"],
                       json={"grants": [
                           {"user": "owner@example.com", "level": "manage"},
                           {"group": "viewers", "level": "code"},
                           {"user": "seed@example.com", "level": "seed"},
                           {"user": "manage@example.com", "level": "manage"},
                           {"user": "disabled@example.com",
                            "level": "manage"},
                           {"user": "expired@example.com", "level": "manage"},
                           {"user": "revoked@example.com",
                            "level": "manage"}]})
        assert r.status_code == 200, r.text
        self.seeds.append(raw)
        return tid, raw

    def path(self, template, fresh):
        self.case += 1
        tid, raw = self.new_token() if fresh else self.shared
        values = {"id": tid, "uid": self.uid("nogrant"), "gid": self.gid,
                  "case": self.case}
        if "{victim}" in template:
            self.k.add_user(f"victim{self.case}@example.com")
            values["victim"] = self.uid(f"victim{self.case}")
        if "{spare_gid}" in template:
            values["spare_gid"] = self.group(f"spare-{self.case}")
            self.k.put(f"{API}/groups/{values['spare_gid']}/members/"
                       f"{values['uid']}", self.tok["admin"])
        return template.format(**values), raw


@pytest.fixture(scope="module")
def world():
    w = World()
    yield w
    w.k.cleanup()


def fill(body, case):
    if body is None:
        return None
    out = {}
    for key, value in body.items():
        out[key] = value.format(case=case) if isinstance(value, str) and \
            "{case}" in value else value
    return out


CASES = [(e, c) for e in ENDPOINTS for c in CALLERS]


@pytest.mark.parametrize("endpoint,caller", CASES,
                         ids=[f"{e[0]}-{c}" for e, c in CASES])
def test_matrix(world, endpoint, caller):
    name, method, template, body, expected, fresh = endpoint
    path, raw = world.path(template, fresh)
    url = path if path in ("/healthz", "/metrics") else API + path
    r = world.k.client(world.tok[caller]).request(
        method, world.k.url + url, json=fill(body, world.case))
    assert r.status_code == expected[caller], \
        f"{method} {url} as {caller}: {r.status_code} {r.text[:200]}"
    reveals = name == "seed" and caller in ("seed", "manage")
    blob = r.content + repr(sorted(r.headers.items())).encode()
    for seed in world.seeds:
        if reveals and seed == raw:
            continue
        assert_not_in(blob, seed, f"{method} {url} as {caller}")
    if r.status_code >= 400:
        assert set(r.json()) == {"error"}
        assert set(r.json()["error"]) == {"code", "message"}
