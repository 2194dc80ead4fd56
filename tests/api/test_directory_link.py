"""The vault's link to the 2FA directory: a token whose issuer names a
service shows that service's methods, documentation and score, and the
readiness report scores the team's tokens with hints."""
import os

import pytest

from kaito import Kaito
from tokens_helpers import API, create, new_secret, totp_uri, user

SNAP = os.environ.get("KAITO_DIRECTORY_SNAPSHOT", os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "data",
    "2fa-directory"))


@pytest.fixture
def kd():
    k = Kaito()
    k.cli("directory", "import", SNAP)
    k.start()
    yield k
    k.cleanup()


def test_token_shows_its_service(kd):
    ann = user(kd, "ann@example.com")
    _, s = new_secret()
    ns1 = create(kd, ann, uri=totp_uri(s, issuer="NS1"))
    assert ns1["directory"]["domain"] == "ns1.com"
    assert ns1["directory"]["methods"] == ["totp"]
    assert ns1["directory"]["page"] == "/directory/ns1.com"
    assert 1 <= ns1["directory"]["score"] <= 5
    other = create(kd, ann, uri=totp_uri(s, issuer="Our Own VPN"))
    assert other["directory"] is None
    listed = {t["issuer"]: t["directory"] for t in
              kd.get(API + "/tokens", ann).json()["tokens"]}
    assert listed["NS1"]["name"] == "NS1"
    assert listed["Our Own VPN"] is None


def test_readiness_report(kd):
    ann = user(kd, "ann@example.com")
    bob = user(kd, "bob@example.com")
    _, s = new_secret()
    for issuer in ("NS1", "GitHub", "Cloudflare", "Nowhere Corp"):
        create(kd, ann, uri=totp_uri(s, issuer=issuer))
    create(kd, ann, uri=f"otpauth://hotp/GitHub:h?secret={s}&counter=0")
    r = kd.get(API + "/directory/report", ann)
    assert r.status_code == 200
    rep = r.json()
    rows = {(t["issuer"], t["type"]): t for t in rep["tokens"]}
    assert rep["summary"]["tokens"] == 5
    assert rep["summary"]["matched"] == 4
    assert sum(rep["summary"]["by_score"].values()) == 4
    assert rows[("Nowhere Corp", "totp")]["directory"] is None
    # NS1 has nothing stronger than TOTP; GitHub and Cloudflare have keys.
    assert rows[("NS1", "totp")]["hint"] is None
    assert "hardware security keys" in rows[("GitHub", "totp")]["hint"]
    assert "hardware security keys" in rows[("Cloudflare", "totp")]["hint"]
    assert rep["attribution"] == \
        "Data sourced from 2FA Directory by 2factorauth."
    # Bob has no grant on any of them: his report is empty. Anonymous
    # callers get none (the report describes the team's accounts).
    assert kd.get(API + "/directory/report", bob).json()["summary"][
        "tokens"] == 0
    assert kd.get(API + "/directory/report").status_code == 401
