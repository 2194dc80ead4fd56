"""Kaito's syslog sinks against a real rsyslog (Debian's rsyslogd, run by
the test on 127.0.0.1): RFC 5424 with octet counting over plain TCP, TLS
and mutual TLS (ossl and gtls drivers) and RELP (imrelp), and CEF. Every
event arrives, in order, and what rsyslog's own parser makes of each
message (app-name, msgid, structured data through mmpstrucdata, the
message) is the event the pull API shows, escapes included; the event in
the message recomputes to its leaf hash. TLS trusts only the pinned CA,
and the mutual-TLS listener refuses a sink without its certificate."""
import json
import re
import socket
from datetime import datetime

import pytest

from audit_helpers import leaf_hash
from sink_helpers import (Rsyslog, add_sink, event_rows, make_certs,
                          make_events, read, seqs_of, sink_state,
                          wait_delivered, wait_until)

TRICKY = 'N"S\\1] x=y|z'         # a sink name: ", \ and ] escaped in SD


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_certs(str(tmp_path_factory.mktemp("certs")))


@pytest.fixture
def rsyslog(request, certs):
    servers = []

    def start(kinds, driver="ossl"):
        r = Rsyslog(kinds, driver, certs).start()
        servers.append(r)
        return r
    yield start
    for r in servers:
        r.cleanup()


def syslog_def(name, r, kind, **extra):
    d = {"name": name, "type": "syslog", "host": "127.0.0.1",
         "port": r.ports[kind],
         "transport": {"tcp": "tcp", "relp": "relp", "cef": "tcp"}.get(
             kind, "tls")}
    if d["transport"] == "tls":
        d["tls_ca"] = read(r.certs["ca"])
    if kind == "mtls":
        d["tls_cert"] = read(r.certs["cli_cert"])
        d["tls_key"] = read(r.certs["cli_key"])
    if kind == "cef":
        d["format"] = "cef"
    d.update(extra)
    return d


def check_5424(parsed, events, pid):
    """Each message rsyslog parsed against the event of its seq."""
    seqs = seqs_of(parsed)
    assert sorted(set(seqs)) == list(range(1, max(events) + 1))
    assert seqs == sorted(seqs)               # in order
    install = None
    for m in parsed:
        sd = m["sd"][0]["kaito@32473"]
        ev = events[int(sd["seq"])]
        assert m["app"] == "kaito" and m["procid"] == str(pid)
        assert m["msgid"] == ev["action"][:32]
        assert m["host"] == socket.gethostname()
        sev = {"success": 6, "denied": 5, "failure": 4}[ev["outcome"]]
        assert m["pri"] == str(13 * 8 + sev)
        ts = datetime.fromisoformat(m["ts"].replace("Z", "+00:00"))
        assert round(ts.timestamp() * 1e6) == ev["ts_us"]
        i, seq = sd["id"].split(":")
        assert int(seq) == ev["seq"] and re.fullmatch("[0-9a-z]+", i)
        assert install in (None, i)
        install = i
        assert sd["action"] == ev["action"]
        assert sd["outcome"] == ev["outcome"]
        assert sd["actor_type"] == ev["actor"]["type"]
        assert sd.get("actor_email") == ev["actor"]["email"]
        assert sd.get("target_name") == ev["target"]["name"]
        assert sd["lh"] == ev["lh"]
        body = m["msg"]
        assert body.startswith("\ufeff")
        got = json.loads(body[1:])
        assert got == ev
        assert leaf_hash(got).hex() == ev["lh"]


def test_rfc5424_tcp_tls_mtls_relp(kaito, rsyslog):
    k = kaito
    r = rsyslog(("tcp", "tls", "mtls", "relp"))
    tok = k.apitoken(k.admin_email, "--name", "admin")
    ids = {}
    for kind in ("tcp", "tls", "mtls", "relp"):
        ids[kind] = add_sink(k, tok, syslog_def(kind, r, kind))["id"]
    add_sink(k, tok, {"name": TRICKY, "type": "file",
                      "path": k.dir + "/x.jsonl"})
    make_events(k, tok, 40)
    heads = {kind: wait_delivered(k, tok, sid, at_least=40)
             for kind, sid in ids.items()}
    events = event_rows(k, tok)
    for kind in ids:
        wait_until(lambda: len(set(seqs_of(r.parsed(kind)))) >=
                   heads[kind], 10, what=kind)
        parsed = [m for m in r.parsed(kind)
                  if int(m["sd"][0]["kaito@32473"]["seq"]) <= heads[kind]]
        check_5424(parsed, {s: e for s, e in events.items()
                            if s <= heads[kind]}, k.proc.pid)
        names = [m["sd"][0]["kaito@32473"].get("target_name")
                 for m in parsed]
        assert TRICKY in names
        assert "audit.checkpoint" in [m["msgid"] for m in parsed]
        # Octet counting: what rsyslog received is one message each.
        assert all(x.startswith("<") for x in r.raw(kind))
        st = sink_state(k, tok, ids[kind])
        assert st["errors"] == 0 and st["healthy"]


def test_tls_gtls_driver(kaito, rsyslog):
    k = kaito
    r = rsyslog(("tls", "mtls"), driver="gtls")
    tok = k.apitoken(k.admin_email, "--name", "admin")
    ids = {kind: add_sink(k, tok, syslog_def(kind, r, kind))["id"]
           for kind in ("tls", "mtls")}
    make_events(k, tok, 10)
    events = event_rows(k, tok)
    for kind, sid in ids.items():
        head = wait_delivered(k, tok, sid, at_least=10)
        wait_until(lambda: len(set(seqs_of(r.parsed(kind)))) >= head, 10)
        check_5424([m for m in r.parsed(kind) if int(
            m["sd"][0]["kaito@32473"]["seq"]) <= head],
            {s: e for s, e in events.items() if s <= head}, k.proc.pid)


def test_tls_pins_the_ca_and_mtls_needs_the_cert(kaito, rsyslog):
    k = kaito
    r = rsyslog(("tls", "mtls"))
    tok = k.apitoken(k.admin_email, "--name", "admin")
    other = add_sink(k, tok, syslog_def(
        "other-ca", r, "tls", tls_ca=read(r.certs["other_ca"]),
        retry_max_s=1))
    wrong_name = add_sink(k, tok, syslog_def(
        "wrong-name", r, "tls", tls_server_name="siem.example.com",
        retry_max_s=1))
    nocert = syslog_def("no-cert", r, "mtls", retry_max_s=1)
    del nocert["tls_cert"], nocert["tls_key"]
    nocert = add_sink(k, tok, nocert)
    make_events(k, tok, 3)
    for s in (other, wrong_name, nocert):
        st = wait_until(lambda: (lambda x: x if x["errors"] >= 2 else
                                 None)(sink_state(k, tok, s["id"])), 30)
        assert st["acked_seq"] == 0 and not st["healthy"]
        assert st["last_error"]
    assert "certificate" in sink_state(k, tok, other["id"])["last_error"]
    assert "certificate" in sink_state(k, tok, wrong_name["id"])[
        "last_error"]
    assert r.parsed("tls") == [] and r.parsed("mtls") == []
    # Given its certificate, the same sink delivers everything.
    rq = k.patch("/api/v1/audit/sinks/%d" % nocert["id"], tok, json={
        "tls_cert": read(r.certs["cli_cert"]),
        "tls_key": read(r.certs["cli_key"])})
    assert rq.status_code == 200, rq.text
    head = wait_delivered(k, tok, nocert["id"], at_least=3)
    wait_until(lambda: len(set(seqs_of(r.parsed("mtls")))) >= head, 10)
    assert sorted(set(seqs_of(r.parsed("mtls"))))[:head] == \
        list(range(1, head + 1))


def cef_unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(
        m.group(1), m.group(1)), s)


def parse_cef(msg):
    """CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Ext
    with '\\|' and '\\\\' escaped in the header, '\\=' '\\\\' '\\n' in
    values; returns (header list, extension dict)."""
    assert msg.startswith("CEF:")
    head, i = [], 4
    cur = ""
    while len(head) < 7:
        c = msg[i]
        if c == "\\":
            cur += msg[i + 1]
            i += 2
            continue
        if c == "|":
            head.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    ext = msg[i:]
    # Keys are words followed by an unescaped '='.
    keys = list(re.finditer(r"(?:^| )([A-Za-z0-9_]+)=(?<!\\=)", ext))
    out = {}
    for n, m in enumerate(keys):
        end = keys[n + 1].start() if n + 1 < len(keys) else len(ext)
        out[m.group(1)] = cef_unescape(ext[m.end():end])
    return head, out


def test_cef(kaito, rsyslog):
    k = kaito
    r = rsyslog(("cef",))
    tok = k.apitoken(k.admin_email, "--name", "admin")
    sid = add_sink(k, tok, syslog_def("cef", r, "cef"))["id"]
    add_sink(k, tok, {"name": TRICKY + "\\=\\n", "type": "file",
                      "path": k.dir + "/x.jsonl"})
    make_events(k, tok, 5)
    head = wait_delivered(k, tok, sid, at_least=5)
    events = event_rows(k, tok)
    wait_until(lambda: len(r.parsed("cef")) >= head, 10)
    seen = []
    for m in r.parsed("cef")[:head]:
        assert m["sd"] == [] and m["app"] == "kaito"
        head7, ext = parse_cef(m["msg"])
        assert head7[:3] == ["0", "Kaito", "Kaito"]
        seq = int(ext["cn2"])
        ev = events[seq]
        seen.append(seq)
        assert head7[4] == ev["action"] == ext["act"] == m["msgid"]
        assert 0 <= int(head7[6]) <= 10
        assert ext["externalId"].endswith(":%d" % seq)
        assert int(ext["rt"]) == ev["ts_us"] // 1000
        assert ext.get("cs3") == ev["target"]["name"]
        assert ext["cs4"] == ev["lh"]
        assert ext["outcome"] == ev["outcome"]
    assert seen == list(range(1, head + 1))
    assert TRICKY + "\\=\\n" in [events[s]["target"]["name"] for s in seen]
    raw = r.raw("cef")
    assert len(raw) >= head and all(x.startswith("<") for x in raw)
