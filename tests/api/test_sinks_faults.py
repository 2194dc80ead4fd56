"""Faults: the receiver goes down for a while and comes back (RELP and TLS
to rsyslog): everything reaches it, in order, nothing missing (repeats
allowed: receivers drop them by id). kaito SIGKILLed at random moments
during bursts, twenty times over one data directory, with a RELP sink and
a file sink: after each restart the database is intact and verifies, and
at the end no seq is missing at rsyslog, and the file holds each event
exactly once and verifies on its own with the public key."""
import base64
import json
import os
import random
import signal
import subprocess
import threading
import time

import pytest

from kaito import KAITO

from sink_helpers import (Rsyslog, add_sink, make_certs, make_events, read,
                          seqs_of, sink_state, wait_delivered, wait_until)


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_certs(str(tmp_path_factory.mktemp("certs")))


def all_arrived(r, kind, head):
    """Every seq 1..head arrived; first arrivals in seq order."""
    first = list(dict.fromkeys(s for s in seqs_of(r.parsed(kind))
                               if s <= head))
    return first == list(range(1, head + 1))


@pytest.mark.parametrize("kind", ["relp", "tls"])
def test_receiver_down_then_back(kaito, certs, kind):
    k = kaito
    r = Rsyslog((kind,), certs=certs).start()
    try:
        tok = k.apitoken(k.admin_email, "--name", "admin")
        d = {"name": kind, "type": "syslog", "host": "127.0.0.1",
             "port": r.ports[kind], "transport": kind, "retry_max_s": 1,
             "timeout_s": 5, "batch_max": 20}
        if kind == "tls":
            d["tls_ca"] = read(certs["ca"])
        sid = add_sink(k, tok, d)["id"]
        make_events(k, tok, 10)
        head = wait_delivered(k, tok, sid, at_least=10)
        wait_until(lambda: all_arrived(r, kind, head), 10)
        r.stop()
        make_events(k, tok, 150, tag="outage")
        st = wait_until(lambda: (lambda x: x if x["errors"] >= 2 else
                                 None)(sink_state(k, tok, sid)), 30)
        assert st["lag_events"] >= 150 and not st["healthy"]
        assert st["lag_seconds"] > 0
        time.sleep(1)
        r.start()
        head = wait_delivered(k, tok, sid, 60, at_least=head + 150)
        wait_until(lambda: all_arrived(r, kind, head), 15,
                   what="every seq at rsyslog")
        st = sink_state(k, tok, sid)
        assert st["healthy"] and st["last_error"]   # kept for the record
    finally:
        r.cleanup()


ROUNDS = 20


def burst(k, token, stop, tag):
    s = k.client(token)
    i = 0
    while not stop.is_set():
        secret = base64.b32encode(b"%s-%06d" % (tag.encode(), i)).decode()
        i += 1
        try:
            s.post(k.url + "/api/v1/audit/fingerprint",
                   json={"secret": secret.rstrip("=")}, timeout=5)
        except Exception:
            return


def kill(k):
    k.proc.send_signal(signal.SIGKILL)
    k.proc.wait(timeout=30)
    k.proc.stdout.close()
    k.log.close()
    k.proc = None


def test_sigkill_during_bursts_loses_nothing_at_the_sinks(fresh, certs):
    k = fresh
    r = Rsyslog(("relp",), certs=certs).start()
    jsonl = os.path.join(k.dir, "sink.jsonl")
    try:
        tok = k.apitoken(k.admin_email, "--name", "burst")
        k.start()
        relp = add_sink(k, tok, {"name": "relp", "type": "syslog",
                                 "host": "127.0.0.1",
                                 "port": r.ports["relp"],
                                 "transport": "relp", "batch_max": 50,
                                 "retry_max_s": 1})["id"]
        filesink = add_sink(k, tok, {"name": "file", "type": "file",
                                     "path": jsonl, "batch_max": 30})["id"]
        kill(k)
        rng = random.Random(7)
        for rnd in range(ROUNDS):
            k.start()
            stop = threading.Event()
            threads = [threading.Thread(target=burst, args=(
                k, tok, stop, "r%d-t%d" % (rnd, t))) for t in range(3)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.05, 0.5))
            kill(k)
            stop.set()
            for t in threads:
                t.join()
            assert k.sql("PRAGMA integrity_check").strip() == "ok", rnd
            out = k.cli("audit", "verify")
            assert out.startswith("ok: "), (rnd, out)
        k.start()
        make_events(k, tok, 3, tag="last")
        for sid in (relp, filesink):
            head = wait_delivered(k, tok, sid, 60, at_least=3)
        seqs = [int(x) for x in k.sql("SELECT seq FROM audit ORDER BY seq")
                .split()]
        assert seqs == list(range(1, len(seqs) + 1))
        wait_until(lambda: all_arrived(r, "relp", head), 20,
                   what="every seq at rsyslog")
        lines = [json.loads(x) for x in open(jsonl)]
        got = [e["seq"] for e in lines]
        assert got == list(range(1, len(got) + 1))      # exactly once
        assert len(got) >= head
        with open(os.path.join(k.dir, "pub"), "w") as f:
            f.write(k.cli("audit", "pubkey"))
        p = subprocess.run([KAITO, "audit", "verify", "--file", jsonl,
                            "--pubkey", os.path.join(k.dir, "pub")],
                           capture_output=True, text=True)
        assert p.returncode == 0 and p.stdout.startswith("ok: "), p.stdout
        k.stop()
    finally:
        r.cleanup()


def test_file_sink_cuts_a_torn_line_and_repeats_nothing(fresh):
    k = fresh
    path = os.path.join(k.dir, "audit.jsonl")
    foreign = os.path.join(k.dir, "notes.txt")
    with open(foreign, "w") as f:
        f.write("line one\nno line feed here")
    k.start()
    tok = k.apitoken(k.admin_email, "--name", "admin")
    sid = add_sink(k, tok, {"name": "f", "type": "file", "path": path,
                            "batch_max": 4})["id"]
    make_events(k, tok, 10)
    head = wait_delivered(k, tok, sid, at_least=10)
    k.stop()
    # A crash in the middle of a write, before the cursor's commit.
    with open(path, "a") as f:
        f.write('{"action":"token.code.vi')
    k.sql("UPDATE sinks SET acked_seq = 3")
    k.start()
    bad = add_sink(k, tok, {"name": "foreign", "type": "file",
                            "path": foreign, "retry_max_s": 1})["id"]
    make_events(k, tok, 5, tag="after")
    head = wait_delivered(k, tok, sid, at_least=head + 5)
    got = [json.loads(x)["seq"] for x in open(path)]
    assert got == list(range(1, len(got) + 1)) and len(got) >= head
    st = wait_until(lambda: (lambda x: x if x["errors"] else None)(
        sink_state(k, tok, bad)), 20)
    assert "not a sink file" in st["last_error"]
    assert open(foreign).read() == "line one\nno line feed here"
    k.stop()
