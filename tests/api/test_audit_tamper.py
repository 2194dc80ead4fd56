"""Tampering with the audit log behind kaito's back, through sqlite3 and
on exports: each kind makes `kaito audit verify` exit 1 and name the
first bad seq (or, for a fork re-signed with the real key, the commit it
lies in) -- a modified, deleted, inserted or reordered row, a leaf hash
rewritten to match, a tail truncated behind a checkpoint held outside,
and a history forked and re-signed by running kaito itself on an old copy
of the data directory."""
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess

import pytest

from audit_helpers import jcs
from kaito import KAITO, Kaito

A = "/api/v1/audit"


def fingerprints(k, token, n, tag="A"):
    for i in range(n):
        r = k.post(A + "/fingerprint", token,
                   json={"secret": base64.b32encode(
                       b"seed-%s-%04d" % (tag.encode(), i)).decode()})
        assert r.status_code == 200, r.text


def verify(data, *extra):
    p = subprocess.run([KAITO, "audit", "verify", "--data", data, *extra],
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def first_bad(out):
    m = re.search(r"first bad seq: (\d+)", out)
    assert m, out
    return int(m.group(1))


def sql(data, query):
    subprocess.run(["sqlite3", os.path.join(data, "kaito.db"), query],
                   check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def log():
    """A stopped kaito whose log has several commits, its public key,
    the checkpoint an outsider saved, and a copy of the data directory
    from the middle of its history (t1)."""
    k = Kaito()
    k.start()
    tok = k.apitoken(k.admin_email, "--name", "auditor")
    fingerprints(k, tok, 4)
    k.stop()
    t1 = os.path.join(k.dir, "t1")
    shutil.copytree(k.data, t1)
    t1_rows = int(k.sql("SELECT max(seq) FROM audit").strip())
    k.start()
    fingerprints(k, tok, 4, "B")
    held = os.path.join(k.dir, "held.note")
    with open(held, "w") as f:
        f.write(k.get(A + "/checkpoint", tok).text)
    k.stop()
    pub = os.path.join(k.dir, "pub")
    with open(pub, "w") as f:
        f.write(k.cli("audit", "pubkey"))
    export = os.path.join(k.dir, "export.jsonl")
    with open(export, "w") as f:
        f.write(k.cli("audit", "export"))
    k.t1, k.t1_rows, k.held, k.pub, k.export = t1, t1_rows, held, pub, export
    k.rows = int(k.sql("SELECT max(seq) FROM audit").strip())
    yield k
    k.cleanup()


def tampered(log, query):
    d = os.path.join(log.dir, "copy")
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(log.data, d)
    sql(d, query)
    return d


def event_seq(log, action, nth=0):
    return int(log.sql("SELECT seq FROM audit WHERE action = '%s' ORDER BY"
                       " seq LIMIT 1 OFFSET %d" % (action, nth)).strip())


def test_untouched_log_verifies(log):
    for extra in ((), ("--pubkey", log.pub), ("--pubkey", log.pub,
                                              "--checkpoint", log.held)):
        rc, out = verify(log.data, *extra)
        assert rc == 0, out
        assert out.startswith("ok: %d events" % log.rows)


@pytest.mark.parametrize("name,query,seq", [
    ("update", "UPDATE audit SET outcome = 'denied' WHERE seq = {s}", "s"),
    ("update details", "UPDATE audit SET details = '{{\"fingerprint\":"
     "\"hmac-sha256:00\"}}' WHERE seq = {s}", "s"),
    ("delete", "DELETE FROM audit WHERE seq = {s}", "s"),
    ("reorder", "UPDATE audit SET seq = -1 WHERE seq = {s};"
     "UPDATE audit SET seq = {s} WHERE seq = {s} + 2;"
     "UPDATE audit SET seq = {s} + 2 WHERE seq = -1", "s"),
    ("insert in the middle", "UPDATE audit SET seq = -seq WHERE seq >= {s};"
     "UPDATE audit SET seq = 1 - seq WHERE seq < 0;"
     "INSERT INTO audit (seq, ts_us, actor_type, channel, action, outcome)"
     " VALUES ({s}, 1, 'system', 'system', 'x', 'success')", "s"),
    ("insert at the end", "INSERT INTO audit (ts_us, actor_type, channel,"
     " action, outcome) VALUES (1, 'system', 'system', 'x', 'success')",
     "end"),
])
def test_sqlite_tampering_is_named(log, name, query, seq):
    s = event_seq(log, "audit.fingerprint", 2)
    want = s if seq == "s" else log.rows + 1
    d = tampered(log, query.format(s=s))
    for extra in ((), ("--pubkey", log.pub, "--checkpoint", log.held)):
        rc, out = verify(d, *extra)
        assert rc == 1, (name, out)
        assert first_bad(out) == want, (name, out)
        assert "seq %d" % want in out


def test_rehashed_row_is_caught_by_the_next_checkpoint(log):
    """The attacker also rewrites the leaf hash (no key is needed for
    that): the next signed checkpoint no longer matches."""
    s = event_seq(log, "audit.fingerprint", 5)
    d = tampered(log, "UPDATE audit SET outcome = 'denied' WHERE seq = %d"
                 % s)
    ev = json.loads(subprocess.run(
        [KAITO, "audit", "export", "--data", d], capture_output=True,
        text=True, check=True).stdout.splitlines()[s])
    assert ev["seq"] == s
    ev.pop("lh")
    lh = hashlib.sha256(b"\0" + jcs(ev)).hexdigest()
    sql(d, "UPDATE audit SET lh = x'%s' WHERE seq = %d" % (lh, s))
    rc, out = verify(d)
    assert rc == 1, out
    m = re.search(r"seq (\d+)\.\.(\d+): the rows do not match the "
                  r"checkpoint", out)
    assert m and int(m.group(1)) <= s <= int(m.group(2)), out


def test_truncated_behind_a_held_checkpoint(log):
    """An old copy (a restored backup, or rows deleted and the tree rolled
    back) verifies alone, but not against a checkpoint saved later."""
    rc, out = verify(log.t1, "--pubkey", log.pub)
    assert rc == 0, out
    rc, out = verify(log.t1, "--pubkey", log.pub, "--checkpoint", log.held)
    assert rc == 1, out
    assert first_bad(out) == log.t1_rows + 1
    assert "truncated" in out
    # The same, deleting the tail of the current log in place.
    d = tampered(log, "DELETE FROM audit WHERE seq > %d" % (log.rows - 6))
    rc, out = verify(d, "--checkpoint", log.held)
    assert rc == 1 and first_bad(out) == log.rows - 5, out


def test_fork_resigned_with_the_real_key(log):
    """Run kaito itself on the old copy: it appends other events and signs
    them with the real key. The fork is consistent in itself, but not with
    the checkpoints the original already gave out (here: all of them, as
    a SIEM holding the exported stream would)."""
    d = os.path.join(log.dir, "fork")
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(log.t1, d)
    for i in range(6):
        subprocess.run([KAITO, "user", "add", "fork%d@example.com" % i,
                        "--data", d], check=True, capture_output=True)
    rc, out = verify(d)
    assert rc == 0, out               # alone, it looks fine
    rc, out = verify(d, "--checkpoint", log.held)
    assert rc == 1 and "fork" in out, out
    rc, out = verify(d, "--checkpoint", log.export)
    assert rc == 1 and "fork" in out, out
    lo, hi = re.search(r"seq (\d+)\.\.(\d+)", out).groups()
    assert int(lo) <= log.t1_rows + 1 <= int(hi), out
    # The range is one commit: the last agreeing checkpoint bounds it.
    assert int(hi) - int(lo) < 4, out


def test_tampered_export(log):
    lines = open(log.export).read().splitlines()
    assert json.loads(lines[0])["checkpoint"]
    rc, out = run_file(log, lines)
    assert rc == 0, out
    # Modified, deleted, reordered lines; an unknown member.
    s = 5
    ev = json.loads(lines[s])
    assert ev["seq"] == s
    mod = dict(ev, outcome="denied")
    for name, new, want in (
            ("modified", lines[:s] + [json.dumps(mod)] + lines[s + 1:], s),
            ("deleted", lines[:s] + lines[s + 1:], s),
            ("reordered", lines[:s] + [lines[s + 1], lines[s]] +
             lines[s + 2:], s),
            ("truncated", lines[:-3], len(lines) - 3)):
        rc, out = run_file(log, new)
        assert rc == 1, name
        assert first_bad(out) == want, (name, out)
    rc, out = run_file(log, lines[:s] + [json.dumps(dict(ev, x=1))])
    assert rc == 1 and "exactly the members" in out
    # A wrong key is refused outright.
    other = Kaito()
    try:
        with open(os.path.join(log.dir, "other.pub"), "w") as f:
            f.write(other.cli("audit", "pubkey"))
        p = subprocess.run([KAITO, "audit", "verify", "--file", log.export,
                            "--pubkey", os.path.join(log.dir, "other.pub")],
                           capture_output=True, text=True)
        assert p.returncode == 1 and "not signed by" in p.stderr
    finally:
        other.cleanup()


def run_file(log, lines):
    path = os.path.join(log.dir, "t.jsonl")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    p = subprocess.run([KAITO, "audit", "verify", "--file", path, "--pubkey",
                        log.pub], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def test_partial_export_verifies(log):
    k = log
    out = subprocess.run([KAITO, "audit", "export", "--since", "7", "--data",
                          k.data], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert json.loads(out[0])["tree"]["size"] == 7
    rc, res = run_file(log, out)
    assert rc == 0, res
    # Its tree line is checked by the next checkpoint.
    t = json.loads(out[0])
    t["tree"]["frontier"][0] = "00" * 32
    rc, res = run_file(log, [json.dumps(t)] + out[1:])
    assert rc == 1, res


def test_usage(log):
    p = subprocess.run([KAITO, "audit", "verify", "--file", log.export],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "--pubkey" in p.stderr
    p = subprocess.run([KAITO, "audit", "verify", "--bogus"],
                       capture_output=True, text=True)
    assert p.returncode == 2
    p = subprocess.run([KAITO, "audit", "verify", "--file", "/nonexistent",
                        "--pubkey", log.pub], capture_output=True, text=True)
    assert p.returncode == 1
    # Reading commands never create a database where there is none.
    empty = os.path.join(log.dir, "empty")
    os.mkdir(empty)
    for args in (("export",), ("verify", "--pubkey", log.pub)):
        p = subprocess.run([KAITO, "audit", *args, "--data", empty],
                           capture_output=True, text=True)
        assert p.returncode == 1 and "no database" in p.stderr, args
    assert os.listdir(empty) == []
