"""kaito SIGKILLed at random moments during a burst of audited writes,
twenty times over the same data directory: after each kill the database
passes SQLite's integrity check, `kaito audit verify` passes (every
commit carried its rows, their leaf hashes, the tree and its checkpoint
together), no seq is missing, and every request that got its answer has
its event in the log."""
import base64
import random
import signal
import subprocess
import threading
import time

from kaito import KAITO

A = "/api/v1/audit"
ROUNDS = 20


def burst(k, token, stop, answered, tag):
    """Audited writes until stop is set; answered gets each fingerprint
    that came back 200."""
    s = k.client(token)
    i = 0
    while not stop.is_set():
        secret = base64.b32encode(b"%s-%06d" % (tag.encode(), i)).decode()
        i += 1
        try:
            r = s.post(k.url + A + "/fingerprint", json={"secret": secret},
                       timeout=5)
        except Exception:
            return              # the server is gone
        if r.status_code == 200:
            answered.append(r.json()["fingerprint"])


def kill(k):
    k.proc.send_signal(signal.SIGKILL)
    k.proc.wait(timeout=30)
    k.proc.stdout.close()
    k.log.close()
    k.proc = None


def test_sigkill_during_bursts_twenty_times(fresh):
    k = fresh
    token = k.apitoken(k.admin_email, "--name", "burst")
    rng = random.Random(4)
    answered = []
    for rnd in range(ROUNDS):
        k.start()
        stop = threading.Event()
        threads = [threading.Thread(target=burst, args=(
            k, token, stop, answered, "r%d-t%d" % (rnd, t)))
            for t in range(4)]
        for t in threads:
            t.start()
        # Also a CLI command appending from another process meanwhile.
        cli = subprocess.Popen([KAITO, "user", "add", "u%d@example.com" % rnd,
                                "--password-stdin", "--data", k.data],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=k.env)
        time.sleep(rng.uniform(0.05, 0.6))
        kill(k)
        stop.set()
        for t in threads:
            t.join()
        out, err = cli.communicate("password-%d-0123456789\n" % rnd,
                                   timeout=30)
        assert cli.returncode == 0, err
        assert k.sql("PRAGMA integrity_check").strip() == "ok", rnd
        out = k.cli("audit", "verify")
        assert out.startswith("ok: "), (rnd, out)
    seqs = [int(x) for x in k.sql("SELECT seq FROM audit ORDER BY seq")
            .split()]
    assert seqs == list(range(1, len(seqs) + 1))
    logged = set(k.sql("SELECT json_extract(details, '$.fingerprint') FROM"
                       " audit WHERE action = 'audit.fingerprint'").split())
    assert answered and set(answered) <= logged
    # The server comes back and goes on appending to the same tree.
    k.start()
    r = k.post(A + "/fingerprint", token, json={"secret": "JBSWY3DP"})
    assert r.status_code == 200
    k.stop()
    assert k.cli("audit", "verify").startswith("ok: ")
