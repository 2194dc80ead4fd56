"""Faults under code views (issue 4, section 5).

- kaito SIGKILLed at random moments during a load of HOTP code views, ten
  times over the same data directory: every code a client received has
  its `token.code.view` event with the counter that made it, no counter
  was handed out twice, and the log verifies after each kill.
- The disk refuses writes for real (a file size limit of one byte set on
  the running server with prlimit: every write past the first byte of any
  file fails with EFBIG, as on a full or read-only disk): code views get
  503 with no code in them, no HOTP counter is used up, nothing is
  appended; when the limit is lifted the server goes on and the log
  verifies."""
import random
import signal
import subprocess
import threading
import time

from tokens_helpers import API, audit, create, hotp, new_secret, user

ROUNDS = 10
DIGITS = 8          # 10^8 codes: two counters never share one here


def hotp_uri(secret):
    return (f"otpauth://hotp/Faults:ops@example.com?secret={secret}"
            f"&digits={DIGITS}&counter=0&issuer=Faults")


def viewer(k, token, tid, stop, received):
    """Code views until stop is set or the server is gone; received gets
    every code that came back 200."""
    s = k.client(token)
    while not stop.is_set():
        try:
            r = s.get(f"{k.url}{API}/tokens/{tid}/code", timeout=5)
        except Exception:
            return
        if r.status_code == 200:
            received.append(r.json()["code"])


def kill(k):
    k.proc.send_signal(signal.SIGKILL)
    k.proc.wait(timeout=30)
    k.proc.stdout.close()
    k.log.close()
    k.proc = None


def viewed_counters(k):
    """The counters of the successful views of the log, in seq order."""
    return [e["details"]["counter"]
            for e in audit(k, "token.code.view", outcome="success")]


def test_sigkill_during_code_views_every_code_has_its_event(fresh):
    k = fresh
    k.start()
    tok = user(k, "ann@example.com")
    _, secret = new_secret()
    tid = create(k, tok, uri=hotp_uri(secret))["id"]
    rng = random.Random(7)
    received = []
    for rnd in range(ROUNDS):
        if rnd:
            k.start()
        stop = threading.Event()
        threads = [threading.Thread(target=viewer, args=(
            k, tok, tid, stop, received)) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.1, 0.5))
        kill(k)
        stop.set()
        for t in threads:
            t.join()
        assert k.cli("audit", "verify").startswith("ok: "), rnd
    counters = viewed_counters(k)
    assert len(counters) == len(set(counters)), "a counter given twice"
    by_code = {hotp(secret, c, DIGITS): c
               for c in range(max(counters) + 50)}
    assert received, "no view was answered before the kills"
    for code in received:
        assert code in by_code, "a code no counter made"
        assert by_code[code] in set(counters), \
            f"counter {by_code[code]} was answered without its event"


def set_file_size_limit(k, limit):
    """The soft limit only: raising it back needs no privilege."""
    subprocess.run(["prlimit", f"--pid={k.proc.pid}", f"--fsize={limit}:"],
                   check=True)


def audit_rows(k):
    return int(k.sql("SELECT count(*) FROM audit").strip())


def test_disk_refusing_writes_gives_503_and_no_code(kaito):
    k = kaito
    tok = user(k, "ann@example.com")
    _, secret = new_secret()
    tid = create(k, tok, uri=hotp_uri(secret))["id"]
    s = k.client(tok)
    first = s.get(f"{k.url}{API}/tokens/{tid}/code").json()["code"]
    assert first == hotp(secret, 0, DIGITS)
    before = audit_rows(k)
    set_file_size_limit(k, 1)
    try:
        for _ in range(3):
            r = s.get(f"{k.url}{API}/tokens/{tid}/code")
            assert r.status_code == 503, r.text
            assert r.json()["error"]["code"] == "unavailable"
            assert "code" not in r.json()
            for c in range(1, 6):
                assert hotp(secret, c, DIGITS) not in r.text
    finally:
        set_file_size_limit(k, "unlimited")
    assert audit_rows(k) == before
    # Back: the next view takes the next counter, and it is on the record.
    deadline = time.time() + 10
    while True:
        r = s.get(f"{k.url}{API}/tokens/{tid}/code")
        if r.status_code == 200 or time.time() > deadline:
            break
        time.sleep(0.1)
    assert r.status_code == 200, r.text
    assert r.json()["code"] == hotp(secret, 1, DIGITS)
    assert viewed_counters(k) == [0, 1]
    k.stop()
    assert k.cli("audit", "verify").startswith("ok: ")
