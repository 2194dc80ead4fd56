"""The server itself: health, metrics, routing errors, body limits,
security headers and the CLI-made credentials."""


def test_healthz(kaito):
    r = kaito.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_security_headers(kaito):
    r = kaito.get("/healthz")
    assert r.headers["Cache-Control"] == "no-store"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]


def test_index_page(kaito):
    r = kaito.get("/")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert "/api/v1/" in r.text


def test_unknown_path_404(kaito):
    r = kaito.get("/api/v1/nope")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_wrong_method_405_with_allow(kaito):
    r = kaito.put("/api/v1/session")
    assert r.status_code == 405
    assert set(r.headers["Allow"].split(", ")) == {"POST", "GET", "DELETE"}
    assert r.json()["error"]["code"] == "method_not_allowed"


def test_bad_ids_are_404(kaito):
    for path in ("/api/v1/tokens/0/code", "/api/v1/tokens/-1/code",
                 "/api/v1/tokens/01/code", "/api/v1/tokens/abc/code",
                 "/api/v1/tokens/99999999999999999999/code"):
        assert kaito.get(path).status_code == 404, path


def test_unauthenticated_401(kaito):
    r = kaito.get("/api/v1/tokens")
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthenticated"
    r = kaito.get("/api/v1/tokens", token="kaito_not-a-real-token")
    assert r.status_code == 401
    r = kaito.client().get(kaito.url + "/api/v1/tokens",
                           headers={"Authorization": "Basic eDp5"})
    assert r.status_code == 401


def test_body_over_limit_413(kaito):
    r = kaito.post("/api/v1/session", data="x" * (65 * 1024),
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"


def test_json_required_415_and_bad_json_400(kaito):
    r = kaito.post("/api/v1/session", data="email=a")
    assert r.status_code == 415
    r = kaito.post("/api/v1/session", data="{nope",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert "invalid JSON" in r.json()["error"]["message"]
    r = kaito.post("/api/v1/session", data="[1]",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 400


def test_metrics_count_requests(kaito):
    kaito.get("/healthz")
    kaito.get("/api/v1/tokens")
    text = kaito.get("/metrics").text
    assert 'kaito_http_requests_total{route="/healthz",method="GET",' \
        'status="200"}' in text
    assert 'route="/api/v1/tokens",method="GET",status="401"' in text
    assert "kaito_http_request_duration_seconds_bucket" in text
    assert "kaito_audit_queue_depth " in text


def test_api_token_from_cli_authenticates(kaito):
    kaito.add_user("bob@example.com")
    token = kaito.apitoken("bob@example.com", "--name", "ci")
    assert token.startswith("kaito_")
    r = kaito.get("/api/v1/tokens", token=token)
    assert r.status_code != 401
    # Only a keyed hash is stored, never the token.
    dump = kaito.sql(".dump")
    assert token not in dump and token[6:] not in dump
