"""latency.py -- code views at a steady rate, and the time from each
event's commit to its line in rsyslog's output files.

Why: a SIEM is only a witness if events reach it promptly. The load is
RATE code views per second (open loop: request k is due at k / RATE
seconds, whatever the earlier ones did), spread over THREADS keep-alive
connections. Each output file is followed with `tail -F` (inotify), and
each line is stamped when it arrives; its event's ts_us is the time the
writer appended the row, inside the transaction that committed it, so
"arrival - ts_us" is commit-to-file latency plus the commit's own fsync
(a slight overestimate). Prints p50/p99/max per file, for code views.

usage: latency.py URL BEARER PATH RATE SECONDS NAME=FILE...
"""
import http.client
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

SEQ = re.compile(rb'seq="(\d+)"')
TS = re.compile(rb'"ts_us":(\d+)')
THREADS = 8


def follow(path, out, stop):
    """Stamp each new line of path: out[seq] = arrival - ts (seconds)."""
    p = subprocess.Popen(["tail", "-n", "+1", "-F", path],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         bufsize=0)
    buf = b""
    while not stop.is_set():
        chunk = p.stdout.read1(65536) if hasattr(p.stdout, "read1") else \
            p.stdout.read(65536)
        now = time.time()
        if not chunk:
            break
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for line in lines:
            if b"token.code.view" not in line:
                continue
            s, t = SEQ.search(line), TS.search(line)
            if s and t and int(s.group(1)) not in out:
                out[int(s.group(1))] = now - int(t.group(1)) / 1e6
    p.kill()


def load(url, bearer, path, rate, seconds, i, ok, failed):
    u = urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    hdr = {"Authorization": "Bearer " + bearer}
    n = int(rate * seconds)
    t0 = START
    for k in range(i, n, THREADS):
        due = t0 + k / rate
        d = due - time.time()
        if d > 0:
            time.sleep(d)
        c.request("GET", path, headers=hdr)
        r = c.getresponse()
        r.read()
        if r.status == 200:
            ok.append(k)
        else:
            failed.append(r.status)


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def main():
    global START
    url, bearer, path = sys.argv[1:4]
    rate, seconds = float(sys.argv[4]), float(sys.argv[5])
    files = dict(a.split("=", 1) for a in sys.argv[6:])
    stop = threading.Event()
    got = {name: {} for name in files}
    readers = [threading.Thread(target=follow, args=(f, got[n], stop),
                                daemon=True) for n, f in files.items()]
    for t in readers:
        t.start()
    time.sleep(0.5)
    before = {n: len(v) for n, v in got.items()}
    ok, failed = [], []
    START = time.time() + 0.2
    workers = [threading.Thread(target=load, args=(
        url, bearer, path, rate, seconds, i, ok, failed))
        for i in range(THREADS)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    took = time.time() - START
    end = time.time() + 30
    while time.time() < end and any(len(v) - before[n] < len(ok)
                                    for n, v in got.items()):
        time.sleep(0.1)
    stop.set()
    print("load: %d code views in %.1f s (%.0f/s), %d failed" % (
        len(ok), took, len(ok) / took, len(failed)))
    for n, v in got.items():
        lat = [x * 1000 for x in list(v.values())[before[n]:]]
        if not lat:
            print("%s: no lines arrived" % n)
            continue
        print("%-5s commit -> line in rsyslog's file: p50 %.1f ms  p99 "
              "%.1f ms  max %.1f ms  (%d events%s)" % (
                  n, pct(lat, 50), pct(lat, 99), max(lat), len(lat),
                  "" if len(lat) >= len(ok) else ", MISSING %d" %
                  (len(ok) - len(lat))))


START = 0.0
if __name__ == "__main__":
    main()
