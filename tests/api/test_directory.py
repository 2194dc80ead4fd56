"""The 2FA directory over HTTP: the public search API, the entry API, and
the server-rendered pages (content, escaping of hostile dataset strings,
valid HTML5, attribution), with the full snapshot imported through the
CLI. The snapshot is read from ../shared/data/2fa-directory (or
KAITO_DIRECTORY_SNAPSHOT); it is never copied into the repository."""
import json
import os
import subprocess
import time

import html5lib
import pytest

from kaito import Kaito

SNAP = os.environ.get("KAITO_DIRECTORY_SNAPSHOT", os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "data",
    "2fa-directory"))
ATTRIBUTION = "Data sourced from 2FA Directory by 2factorauth."
HOSTILE = '<script>alert("x")</script> & \'Co\''


@pytest.fixture(scope="module")
def kd():
    """One server for the module, with the snapshot imported."""
    k = Kaito()
    k.cli("directory", "import", SNAP)
    k.start()
    yield k
    k.cleanup()


def valid_html(text):
    html5lib.HTMLParser(strict=True).parse(text)
    p = subprocess.run(["tidy", "-q", "-e", "--show-warnings", "yes"],
                       input=text, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def test_search_api_ranks_and_tolerates_typos(kd):
    for q, first in (("gitbub", "github.com"), ("ns 1", "ns1.com"),
                     ("cloudflar", "cloudflare.com"),
                     ("gmail.com", "mail.google.com")):
        r = kd.get("/api/v1/directory", params={"q": q})
        assert r.status_code == 200
        body = r.json()
        assert body["results"][0]["domain"] == first, (q, body)
        assert body["attribution"] == ATTRIBUTION


def test_search_api_filters_and_pages(kd):
    r = kd.get("/api/v1/directory", params={"method": "u2f", "limit": 200})
    body = r.json()
    assert body["total"] == 200 and len(body["results"]) == 200
    assert all("u2f" in e["methods"] for e in body["results"])
    r = kd.get("/api/v1/directory",
               params={"category": "banking", "method": "totp",
                       "region": "de", "limit": 5, "offset": 5})
    body = r.json()
    assert body["offset"] == 5 and len(body["results"]) <= 5
    for e in body["results"]:
        assert "banking" in e["categories"] and "totp" in e["methods"]
    r = kd.get("/api/v1/directory")
    assert r.json()["total"] == 2566


@pytest.mark.parametrize("params", [
    {"method": "pigeon"}, {"category": "Bank1"}, {"region": "usa"},
    {"limit": "0"}, {"limit": "201"}, {"offset": "-1"}, {"q": "x" * 129},
    {"q": b"\xff\xfe"}, {"q": "a\x01b"}])
def test_search_api_bad_params_400(kd, params):
    r = kd.get("/api/v1/directory", params=params)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "bad_request"


def test_entry_api(kd):
    r = kd.get("/api/v1/directory/ns1.com")
    assert r.status_code == 200
    e = r.json()
    assert e["name"] == "NS1" and e["methods"] == ["totp"]
    assert e["score"] == 4 and e["documentation"].startswith("https://")
    assert e["attribution"] == ATTRIBUTION and "MIT" in e["license"]
    assert kd.get("/api/v1/directory/SKYPE.com").json()["name"] == \
        "Microsoft Teams"
    r = kd.get("/api/v1/directory/nothing.example")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    # Not host names: no route. ("report" is the vault report, which
    # needs a login.)
    for bad in ("..", "a..b", "x%2Fy.com", "localhost"):
        assert kd.get("/api/v1/directory/" + bad).status_code == 404
    assert kd.get("/api/v1/directory/report").status_code == 401


def test_entry_page_content(kd):
    r = kd.get("/directory/ns1.com")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    t = r.text
    valid_html(t)
    assert "Yes, NS1 supports two-factor authentication." in t
    assert ("<tr><td>TOTP (authenticator app)</td><td class=\"yes\">"
            "&#10003; supported</td></tr>") in t
    for method in ("Hardware security key (U2F/WebAuthn)", "SMS", "Email",
                   "Phone call", "Biometric", "Custom app",
                   "Custom hardware"):
        assert ("<tr><td>%s</td><td class=\"no\">&#10007; not supported"
                % method) in t, method
    assert 'href="https://ns1.com/articles/enabling-2-factor-' in t
    assert "<p class=\"score\">4 / 5</p>" in t
    assert "How the score is worked out" in t
    assert "How to enable it" in t and "Sharing it with your team" in t
    assert "Last verified" in t and "Questions" in t
    assert ATTRIBUTION in t and 'href="/directory/license"' in t
    assert 'name="viewport"' in t


def test_entry_page_custom_names_and_no_2fa(kd):
    t = kd.get("/directory/github.com").text
    valid_html(t)
    assert "Custom app (GitHub Mobile)</td><td class=\"yes\">" in t
    assert "Account recovery: <a rel=\"noopener noreferrer\" href=" in t
    no = [e for e in kd.get("/api/v1/directory",
                            params={"limit": 200}).json()["results"]
          if not e["supports_2fa"]][0]
    t = kd.get("/directory/" + no["domain"]).text
    valid_html(t)
    assert "does not support two-factor authentication." in t
    assert "Ask them for 2FA" in t
    assert ATTRIBUTION in t


def test_search_page(kd):
    r = kd.get("/directory", params={"q": "bank", "method": "totp"})
    assert r.status_code == 200
    valid_html(r.text)
    assert "services match." in r.text and ATTRIBUTION in r.text
    assert '<option value="totp" selected>' in r.text
    assert r.text.count('<tr><td><a href="/directory/') >= 3
    r = kd.get("/directory")
    valid_html(r.text)
    assert "next &rarr;" in r.text
    assert kd.get("/directory", params={"method": "x"}).status_code == 400


def test_license_and_missing_pages(kd):
    r = kd.get("/directory/license")
    valid_html(r.text)
    assert "Permission is hereby granted, free of charge" in r.text
    assert "Josh Davis" in r.text and "2factorauth and Contributors" in r.text
    r = kd.get("/directory/nothing.example")
    assert r.status_code == 404
    valid_html(r.text)
    assert 'href="/directory?q=nothing.example"' in r.text


def test_hostile_strings_are_escaped_and_import_reloads(kd, tmp_path):
    crafted = {"hostile.example": {
        "name": HOSTILE, "domain": "hostile.example",
        "tfa": ["custom-software", "totp"],
        "custom-software": ['<img src=x onerror="alert(1)">'],
        "notes": "</p><script>alert(2)</script><p>",
        "documentation": "https://hostile.example/?a=1&b=%22x",
        "categories": ["other"]}}
    f = tmp_path / "crafted.json"
    f.write_text(json.dumps(crafted))
    before = kd.get("/api/v1/directory").json()["total"]
    kd.cli("directory", "import", str(f), "--merge")
    deadline = time.time() + 5
    while kd.get("/api/v1/directory").json()["total"] == before:
        assert time.time() < deadline, "the server did not reload"
        time.sleep(0.2)
    t = kd.get("/directory/hostile.example").text
    valid_html(t)
    assert "<script>" not in t and "<img src=x" not in t
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " \
        "&#39;Co&#39;" in t
    assert "&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;&lt;p&gt;" in t
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in t
    assert 'href="https://hostile.example/?a=1&amp;b=%22x"' in t
    assert ATTRIBUTION in t
    t = kd.get("/directory", params={"q": HOSTILE}).text
    valid_html(t)
    assert "<script>" not in t
    assert kd.get("/api/v1/directory/hostile.example").json()["name"] == \
        HOSTILE
