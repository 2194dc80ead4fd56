"""The SIEM sinks API (GET/POST /api/v1/audit/sinks, GET/PATCH/DELETE
/api/v1/audit/sinks/{id}) and the sinks file (kaito serve --sinks):
administrators only, input checked field by field (a bad definition
changes nothing), secrets write-only and sealed to their row, every change
audited, file sinks read-only through the API, state in /metrics."""
import json
import os
import signal
import subprocess

from kaito import KAITO
from sink_helpers import (SINKS, add_sink, make_certs, make_events, read,
                          wait_delivered, wait_until)

TOKEN = "hec-token-0f3c2a9e-5b1d-4c7a-9e21-6d0b8f4a1c55"
KEY = "webhook-key-2b4c4d5e8f90a1b2c3d4"


def err(r):
    return r.json()["error"]


def file_sink(k, name="jsonl", **extra):
    d = {"name": name, "type": "file",
         "path": os.path.join(k.dir, name + ".jsonl")}
    d.update(extra)
    return d


def test_crud_and_audit(kaito):
    k = kaito
    tok = k.apitoken(k.admin_email, "--name", "admin")
    assert k.get(SINKS, tok).json() == {"sinks": []}
    s = add_sink(k, tok, **file_sink(k, batch_max=50))
    assert s["name"] == "jsonl" and s["type"] == "file"
    assert s["source"] == "api" and s["enabled"] is True
    assert s["batch_max"] == 50 and s["secrets"] == []
    for key in ("acked_seq", "head_seq", "lag_events", "lag_seconds",
                "last_error", "last_success_at", "delivered", "errors",
                "retries", "running", "healthy"):
        assert key in s["state"], key
    sid = s["id"]
    wait_delivered(k, tok, sid)
    got = k.get("%s/%d" % (SINKS, sid), tok).json()
    assert got["state"]["healthy"] and got["state"]["running"]
    assert got["state"]["last_error"] is None
    assert [x["id"] for x in k.get(SINKS, tok).json()["sinks"]] == [sid]

    r = k.patch("%s/%d" % (SINKS, sid), tok,
                json={"name": "lines", "enabled": False, "batch_max": None})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "lines" and r.json()["enabled"] is False
    assert "batch_max" not in r.json()      # back to its default
    assert r.json()["version"] == 2
    assert r.json()["state"]["running"] is False

    assert k.delete("%s/%d" % (SINKS, sid), tok).status_code == 204
    assert k.get("%s/%d" % (SINKS, sid), tok).status_code == 404
    assert k.delete("%s/%d" % (SINKS, sid), tok).status_code == 404

    rows = k.audit()
    ev = {a["action"]: a for a in rows if a["action"].startswith(
        "audit.sink.")}
    assert set(ev) == {"audit.sink.create", "audit.sink.update",
                       "audit.sink.delete"}
    assert ev["audit.sink.create"]["target_type"] == "sink"
    assert ev["audit.sink.create"]["target_id"] == sid
    assert ev["audit.sink.create"]["outcome"] == "success"
    assert json.loads(ev["audit.sink.update"]["details"])["fields"] == \
        ["name", "enabled", "batch_max"]
    assert ev["audit.sink.delete"]["target_name"] == "lines"


def test_bad_definitions_change_nothing(kaito):
    k = kaito
    tok = k.apitoken(k.admin_email, "--name", "admin")
    cases = [
        ({"type": "file", "path": "/tmp/x"}, "name"),
        ({"name": "x", "path": "/tmp/x"}, "type"),
        ({"name": "x", "type": "file", "path": "/tmp/x", "bogus": 1},
         "bogus"),
        ({"name": "x", "type": "syslog", "host": "h", "port": 70000},
         "port"),
        ({"name": "x", "type": "syslog", "host": "h", "port": 1,
          "transport": "udp"}, "transport"),
        ({"name": "x", "type": "syslog", "host": "h", "port": 1},
         "tls_ca"),
        ({"name": "x", "type": "syslog", "host": "h", "port": 1,
          "tls_ca": "-----BEGIN CERTIFICATE-----\nnope\n"}, "tls_ca"),
        ({"name": "x", "type": "hec", "url": "https://h", "token": TOKEN,
          "ack": "yes"}, "ack"),
        ({"name": "x", "type": "hec", "url": "gopher://h/" + TOKEN,
          "token": TOKEN}, "url"),
        ({"name": "x", "type": "webhook", "url": "https://h/x",
          "secret": "short"}, "secret"),
        ({"name": "x", "type": "file", "path": "relative.jsonl"}, "path"),
        ({"name": "x", "type": "file", "path": "/tmp/x", "start": "now"},
         "start"),
        ({"name": "x", "type": "file", "path": "/tmp/x",
          "enabled": "yes"}, "enabled"),
    ]
    before = len(k.audit())
    for body, field in cases:
        r = k.post(SINKS, tok, json=body)
        assert r.status_code == 400, (body, r.text)
        e = err(r)
        assert e["code"] and field in e["message"], (body, e)
        assert TOKEN not in r.text
    assert k.get(SINKS, tok).json() == {"sinks": []}
    assert len(k.audit()) == before
    assert k.post(SINKS, tok, data="[1]", headers={
        "Content-Type": "application/json"}).status_code == 400
    big = {"name": "x", "type": "file", "path": "/" + "a" * 70000}
    r = k.post(SINKS, tok, json=big)
    assert r.status_code == 413 and err(r)["code"] == "payload_too_large"

    s = add_sink(k, tok, **file_sink(k))
    url = "%s/%d" % (SINKS, s["id"])
    for body, field in [({"type": "hec"}, "type"), ({"start": "end"},
                        "start"), ({"path": "x"}, "path"),
                        ({"port": 1}, "port"), ({}, "nothing")]:
        r = k.patch(url, tok, json=body)
        assert r.status_code == 400 and field in err(r)["message"], r.text
    assert k.get(url, tok).json()["version"] == 1
    r = k.post(SINKS, tok, json=file_sink(k, name="JSONL"))
    assert r.status_code == 409, r.text


def test_admins_only_and_csrf(kaito):
    k = kaito
    k.add_user("bob@example.com")
    bob = k.apitoken("bob@example.com", "--name", "bob")
    tok = k.apitoken(k.admin_email, "--name", "admin")
    assert k.get(SINKS, bob).status_code == 403
    assert k.post(SINKS, bob, json=file_sink(k)).status_code == 403
    assert k.get(SINKS).status_code == 401
    s = add_sink(k, tok, **file_sink(k))
    assert k.delete("%s/%d" % (SINKS, s["id"]), bob).status_code == 403
    admin = k.admin()
    r = admin.get(k.url + SINKS)
    assert r.status_code == 200 and len(r.json()["sinks"]) == 1
    del admin.headers["X-CSRF-Token"]
    r = admin.post(k.url + SINKS, json=file_sink(k, name="other"))
    assert r.status_code == 403, r.text
    r = admin.delete(k.url + "%s/%d" % (SINKS, s["id"]))
    assert r.status_code == 403, r.text
    assert len(k.get(SINKS, tok).json()["sinks"]) == 1


def test_secrets_write_only_and_sealed(kaito):
    k = kaito
    tok = k.apitoken(k.admin_email, "--name", "admin")
    hec = add_sink(k, tok, {"name": "hec", "type": "hec", "enabled": False,
                            "url": "https://127.0.0.1:9/", "token": TOKEN,
                            "ack": True})
    wh = add_sink(k, tok, name="wh", type="webhook", enabled=False,
                  url="https://127.0.0.1:9/hook", secret=KEY)
    assert hec["secrets"] == ["token"] and wh["secrets"] == ["secret"]
    texts = [json.dumps(hec), json.dumps(wh), k.get(SINKS, tok).text]
    # A change of another field keeps the secret; a new one replaces it.
    r = k.patch("%s/%d" % (SINKS, hec["id"]), tok, json={"ack": False})
    assert r.status_code == 200 and r.json()["secrets"] == ["token"]
    texts.append(r.text)
    r = k.patch("%s/%d" % (SINKS, hec["id"]), tok,
                json={"token": TOKEN[::-1], "url": "https://h/" + "x y"})
    assert r.status_code == 400
    texts.append(r.text)
    r = k.patch("%s/%d" % (SINKS, hec["id"]), tok,
                json={"token": TOKEN[::-1]})
    assert r.status_code == 200
    upd = [a for a in k.audit("audit.sink.update")]
    assert json.loads(upd[-1]["details"])["fields"] == ["token"]
    texts += [json.dumps(k.audit()), r.text]
    db = k.sql("SELECT config, hex(secret_sealed) FROM sinks")
    texts.append(db)
    for t in texts:
        for secret in (TOKEN, KEY, TOKEN[::-1]):
            assert secret not in t
            assert secret.encode().hex().upper() not in t
    # Sealed to its row: copied to another row, it does not open there.
    k.sql("UPDATE sinks SET secret_sealed = (SELECT secret_sealed FROM "
          "sinks WHERE id = %d) WHERE id = %d" % (wh["id"], hec["id"]))
    got = {s["name"]: s for s in k.get(SINKS, tok).json()["sinks"]}
    assert got["hec"]["secrets"] == [] and got["wh"]["secrets"] == ["secret"]
    r = k.patch("%s/%d" % (SINKS, hec["id"]), tok, json={"enabled": True})
    assert r.status_code == 400 and "do not open" in err(r)["message"]
    k.stop()
    log = open(k.log_path).read()
    for secret in (TOKEN, KEY, TOKEN[::-1]):
        assert secret not in log


def test_tls_key_write_only(kaito, tmp_path):
    k = kaito
    tok = k.apitoken(k.admin_email, "--name", "admin")
    c = make_certs(str(tmp_path))
    key = read(c["cli_key"])
    body = key.split("-----")[2].strip().splitlines()[0]
    s = add_sink(k, tok, {"name": "mtls", "type": "syslog", "enabled": False,
                          "host": "127.0.0.1", "port": 9, "tls_ca":
                          read(c["ca"]), "tls_cert": read(c["cli_cert"]),
                          "tls_key": key})
    assert s["secrets"] == ["tls_key"] and "tls_key" not in s
    # A key that does not fit the certificate: named, not quoted.
    r = k.patch("%s/%d" % (SINKS, s["id"]), tok,
                json={"tls_cert": read(c["srv_cert"])})
    assert r.status_code == 400
    assert "tls_key: does not belong to tls_cert" in err(r)["message"]
    texts = [json.dumps(s), r.text, k.get(SINKS, tok).text,
             json.dumps(k.audit()), k.sql("SELECT * FROM sinks")]
    k.stop()
    texts.append(open(k.log_path).read())
    for t in texts:
        assert body not in t


def test_changes_fail_closed(kaito):
    k = kaito
    tok = k.apitoken(k.admin_email, "--name", "admin")
    s = add_sink(k, tok, **file_sink(k))
    k.signal(signal.SIGUSR2)            # test hook: commits fail
    try:
        r = k.post(SINKS, tok, json=file_sink(k, name="other"))
        assert r.status_code == 503, r.text
        r = k.patch("%s/%d" % (SINKS, s["id"]), tok, json={"batch_max": 3})
        assert r.status_code == 503, r.text
        assert k.delete("%s/%d" % (SINKS, s["id"]), tok).status_code == 503
    finally:
        k.signal(signal.SIGUSR2)
    wait_until(lambda: k.get("/healthz").status_code == 200)
    got = k.get(SINKS, tok).json()["sinks"]
    assert [x["name"] for x in got] == ["jsonl"]
    assert got[0]["version"] == 1 and "batch_max" not in got[0]


def test_metrics(kaito):
    k = kaito
    tok = k.apitoken(k.admin_email, "--name", "admin")
    s = add_sink(k, tok, **file_sink(k, name='we"ird\\name'))
    make_events(k, tok, 5)
    seq = wait_delivered(k, tok, s["id"], at_least=5)
    text = k.get("/metrics").text
    label = 'sink="we\\"ird\\\\name",id="%d"' % s["id"]
    line = [x for x in text.splitlines()
            if x.startswith("kaito_sink_acked_seq{" + label)]
    assert line and int(float(line[0].split()[-1])) >= seq
    for m in ("kaito_sink_up", "kaito_sink_lag_events",
              "kaito_sink_lag_seconds", "kaito_sink_delivered_total",
              "kaito_sink_errors_total", "kaito_sink_retries_total",
              "kaito_sink_last_success_timestamp_seconds",
              "kaito_audit_durable_seq"):
        assert "# TYPE " + m in text, m


def test_sinks_file(fresh):
    k = fresh
    path = os.path.join(k.dir, "sinks.json")
    hook = {"name": "wh", "type": "webhook", "enabled": False,
            "url": "https://127.0.0.1:9/hook", "secret": KEY}

    def write(*defs):
        with open(path, "w") as f:
            json.dump({"sinks": list(defs)}, f)

    write(file_sink(k, batch_max=10), hook)
    k.start("--sinks", path)
    tok = k.apitoken(k.admin_email, "--name", "admin")
    got = {s["name"]: s for s in k.get(SINKS, tok).json()["sinks"]}
    assert set(got) == {"jsonl", "wh"}
    assert got["jsonl"]["source"] == "file" and got["wh"]["enabled"] is False
    assert got["wh"]["secrets"] == ["secret"]
    r = k.patch("%s/%d" % (SINKS, got["jsonl"]["id"]), tok,
                json={"batch_max": 5})
    assert r.status_code == 409 and "sinks file" in err(r)["message"]
    assert k.delete("%s/%d" % (SINKS, got["wh"]["id"]),
                    tok).status_code == 409
    api = add_sink(k, tok, **file_sink(k, name="api"))
    wait_delivered(k, tok, got["jsonl"]["id"])
    k.stop()
    created = [a["target_name"] for a in k.audit("audit.sink.create")]
    assert created == ["jsonl", "wh", "api"]

    # Changed, removed, and the same again: update, delete, nothing.
    write(file_sink(k, batch_max=20))
    k.start("--sinks", path)
    got = {s["name"]: s for s in k.get(SINKS, tok).json()["sinks"]}
    assert set(got) == {"jsonl", "api"} and got["jsonl"]["batch_max"] == 20
    k.stop()
    n = len(k.audit())
    k.start("--sinks", path)
    k.stop()
    assert [a["action"] for a in k.audit()[n:]
            if a["action"].startswith("audit.sink")] == []
    upd = k.audit("audit.sink.update")
    assert json.loads(upd[-1]["details"])["fields"] == ["batch_max"]
    assert [a["target_name"] for a in k.audit("audit.sink.delete")] == ["wh"]

    # Bad files: serve refuses to start, names the problem, changes nothing.
    before = k.sql("SELECT id, name, version FROM sinks ORDER BY id")
    bad = [
        ({"sinks": [file_sink(k), dict(hook, secret="short")]},
         "sinks[1] (wh): secret"),
        ({"sinks": [file_sink(k), file_sink(k, name="JSONL")]},
         "defined twice"),
        ({"sinks": [file_sink(k, name="api")]}, "made through the API"),
        ({"sinks": [dict(file_sink(k), type="hec", url="https://h",
                         token=TOKEN)]}, "type"),
        ({"sink": []}, '{"sinks":[...]}'),
    ]
    for doc, msg in bad:
        with open(path, "w") as f:
            json.dump(doc, f)
        p = subprocess.run([KAITO, "serve", "--data", k.data, "--listen",
                            "127.0.0.1:0", "--sinks", path],
                           capture_output=True, text=True, env=k.env,
                           timeout=30)
        assert p.returncode != 0
        assert msg in p.stderr, (msg, p.stderr)
        assert TOKEN not in p.stderr and KEY not in p.stderr
    with open(path, "w") as f:
        f.write('{"sinks": [{"name": "x", "token": "%s"' % TOKEN)
    p = subprocess.run([KAITO, "serve", "--data", k.data, "--listen",
                        "127.0.0.1:0", "--sinks", path],
                       capture_output=True, text=True, env=k.env, timeout=30)
    assert p.returncode != 0 and "not JSON" in p.stderr
    assert TOKEN not in p.stderr
    assert k.sql("SELECT id, name, version FROM sinks ORDER BY id") == before
    wait_until(lambda: True)
