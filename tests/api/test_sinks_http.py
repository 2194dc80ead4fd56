"""Splunk HEC and the signed webhook against a small receiver in the test
(sink_helpers.Receiver): headers, token, channel, the batch format and
the HMAC signature are checked on every request; indexer acknowledgement
holds the cursor until the receiver says true; refusals (5xx) are
retried until the receiver takes everything, in order; the token and the
key never reach kaito's log."""
import json
import time

import pytest

from sink_helpers import (Receiver, add_sink, make_certs, make_events, read,
                          sink_state, wait_delivered, wait_until)

TOKEN = "0f3c2a9e-5b1d-4c7a-9e21-6d0b8f4a1c55"
KEY = b"kaito-webhook-key-0123456789"


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_certs(str(tmp_path_factory.mktemp("certs")))


@pytest.fixture
def receivers():
    made = []

    def make(*a, **kw):
        r = Receiver(*a, **kw)
        made.append(r)
        return r
    yield make
    for r in made:
        r.stop()


def seqs(rcv):
    return [e["event"]["seq"] for e in rcv.events]


def check_all_in_order(rcv, head):
    s = seqs(rcv)
    first = list(dict.fromkeys(s))            # first arrivals
    assert first[:head] == list(range(1, head + 1)), s
    assert rcv.problems == []


def hec_def(rcv, certs=None, **extra):
    d = {"name": "hec", "type": "hec", "url": rcv.url, "token": TOKEN,
         "retry_max_s": 1, "timeout_s": 2}
    if certs:
        d["tls_ca"] = read(certs["ca"])
    d.update(extra)
    return d


def test_hec_acks_over_pinned_https(kaito, receivers, certs):
    k = kaito
    rcv = receivers("hec", token=TOKEN, acks=True, certs=certs)
    tok = k.apitoken(k.admin_email, "--name", "admin")
    sid = add_sink(k, tok, hec_def(rcv, certs, ack=True, index="security",
                                   batch_max=7))["id"]
    make_events(k, tok, 30)
    head = wait_delivered(k, tok, sid, at_least=30)
    check_all_in_order(rcv, head)
    ev = rcv.events[0]
    assert ev["index"] == "security" and ev["sourcetype"] == "kaito:audit"
    assert ev["fields"]["kaito_seq"] == str(ev["event"]["seq"])
    assert ev["fields"]["kaito_id"].endswith(":%d" % ev["event"]["seq"])
    assert abs(ev["time"] - ev["event"]["ts_us"] / 1e6) < 1e-5
    posts = [p for p, h, b in rcv.requests
             if p == "/services/collector/event"]
    assert len(posts) >= head // 7
    channels = {h["X-Splunk-Request-Channel"] for p, h, b in rcv.requests}
    assert len(channels) == 1
    assert any(p == "/services/collector/ack" for p, h, b in rcv.requests)
    # Another CA: the receiver is not trusted, nothing more is sent.
    other = add_sink(k, tok, hec_def(rcv, name="other",
                                     tls_ca=read(certs["other_ca"])))
    st = wait_until(lambda: (lambda x: x if x["errors"] else None)(
        sink_state(k, tok, other["id"])), 20)
    assert st["acked_seq"] == 0 and "certificate" in st["last_error"]


def test_hec_withheld_acks_hold_the_cursor(kaito, receivers):
    k = kaito
    rcv = receivers("hec", token=TOKEN, acks=True)
    rcv.withhold_acks = True
    tok = k.apitoken(k.admin_email, "--name", "admin")
    sid = add_sink(k, tok, hec_def(rcv, ack=True))["id"]
    make_events(k, tok, 10)
    end = time.time() + 5
    while time.time() < end:
        assert sink_state(k, tok, sid)["acked_seq"] == 0
        time.sleep(0.2)
    st = sink_state(k, tok, sid)
    assert st["errors"] >= 1 and "still false" in st["last_error"]
    assert rcv.events == []
    rcv.withhold_acks = False
    head = wait_delivered(k, tok, sid, at_least=10)
    check_all_in_order(rcv, head)
    assert sink_state(k, tok, sid)["retries"] >= 1


def test_hec_refused_then_taken(kaito, receivers):
    k = kaito
    rcv = receivers("hec", token=TOKEN)
    rcv.refuse = 503
    tok = k.apitoken(k.admin_email, "--name", "admin")
    sid = add_sink(k, tok, hec_def(rcv))["id"]
    make_events(k, tok, 10)
    st = wait_until(lambda: (lambda x: x if x["errors"] >= 3 else None)(
        sink_state(k, tok, sid)), 30)
    assert st["acked_seq"] == 0 and "HTTP 503" in st["last_error"]
    assert not st["healthy"]
    rcv.refuse = None
    make_events(k, tok, 10, tag="more")
    head = wait_delivered(k, tok, sid, at_least=20)
    check_all_in_order(rcv, head)
    assert sink_state(k, tok, sid)["healthy"]
    k.stop()
    assert TOKEN not in open(k.log_path).read()


def test_webhook_signed(kaito, receivers):
    k = kaito
    rcv = receivers("webhook", key=KEY)
    tok = k.apitoken(k.admin_email, "--name", "admin")
    sid = add_sink(k, tok, {"name": "wh", "type": "webhook",
                            "url": rcv.url + "/audit?x=1",
                            "secret": KEY.decode(), "batch_max": 5,
                            "retry_max_s": 1})["id"]
    make_events(k, tok, 12)
    head = wait_delivered(k, tok, sid, at_least=12)
    check_all_in_order(rcv, head)
    for path, h, body in rcv.requests:
        assert path == "/audit?x=1"
        n = len(json.loads(body)["events"])
        assert 1 <= n <= 5
        first, last = h["webhook-id"].split(":")[1].split("-")
        assert int(last) - int(first) + 1 == n
    # 5xx, then back: the same batch (same webhook-id) comes again.
    rcv.refuse = 500
    n = len(rcv.requests)
    make_events(k, tok, 3, tag="late")
    wait_until(lambda: len(rcv.requests) >= n + 2, 20)
    ids = [h["webhook-id"] for p, h, b in rcv.requests[n:n + 2]]
    assert ids[0] == ids[1]
    rcv.refuse = None
    head = wait_delivered(k, tok, sid, at_least=head + 3)
    check_all_in_order(rcv, head)
    k.stop()
    log = open(k.log_path).read()
    assert KEY.decode() not in log


def test_webhook_whsec_key(kaito, receivers):
    import base64
    k = kaito
    raw = b"\x01\x02" * 16
    rcv = receivers("webhook", key=raw)
    tok = k.apitoken(k.admin_email, "--name", "admin")
    sid = add_sink(k, tok, {"name": "wh", "type": "webhook", "url": rcv.url,
                            "secret": "whsec_" +
                            base64.b64encode(raw).decode()})["id"]
    make_events(k, tok, 3)
    head = wait_delivered(k, tok, sid, at_least=3)
    check_all_in_order(rcv, head)
