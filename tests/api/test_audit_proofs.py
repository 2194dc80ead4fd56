"""The tamper-evident audit log over HTTP, checked by an independent
implementation (audit_helpers: hashlib, PyNaCl): checkpoints are C2SP
notes signed by the Ed25519 key derived from the root key; every event's
leaf hash, every checkpoint event, every inclusion and consistency proof
holds; the pull API pages with its cursor; who may read; the fingerprint
endpoint; failing closed; and idle heartbeat checkpoints."""
import base64
import hashlib
import hmac
import signal
import time

from audit_helpers import (KEY_AUDIT_FPR, all_events, jcs, kdf, leaf_hash,
                           mth, open_note, parse_checkpoint, parse_vkey,
                           root_key, signing_key, verify_consistency,
                           verify_inclusion)
from kaito import Kaito

A = "/api/v1/audit"


def fingerprints(k, token, n):
    for i in range(n):
        r = k.post(A + "/fingerprint", token,
                   json={"secret": "JBSWY3DPEHPK3PX%s" % "ABCDEFGHIJ"[i % 10]})
        assert r.status_code == 200, r.text


def admin_token(k):
    return k.apitoken(k.admin_email, "--name", "auditor")


def test_checkpoint_is_signed_by_the_derived_key(kaito):
    k = kaito
    tok = admin_token(k)
    fingerprints(k, tok, 3)
    vkey = k.cli("audit", "pubkey").strip()
    name, _, pk = parse_vkey(vkey)
    # The verifier key is the public half of KDF(root key, 2).
    assert pk == bytes(signing_key(k).verify_key)
    assert name.startswith("kaito.local/")
    r = k.get(A + "/checkpoint", tok)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/plain")
    origin, size, root = parse_checkpoint(open_note(r.text, vkey))
    assert origin == name and size >= 5 and len(root) == 32
    j = k.get(A + "/checkpoint", tok,
              headers={"Accept": "application/json"}).json()
    assert j["checkpoint"] == r.text and j["verifier_key"] == vkey
    assert j["size"] == size and base64.b64decode(j["root"]) == root
    # A changed byte breaks the signature.
    bad = r.text.replace("\n%d\n" % size, "\n%d\n" % (size + 1), 1)
    try:
        open_note(bad, vkey)
        raise AssertionError("a forged size verified")
    except AssertionError as e:
        assert "signature" in str(e)


def test_events_leaves_and_checkpoint_events(kaito):
    k = kaito
    tok = admin_token(k)
    fingerprints(k, tok, 7)
    vkey = k.cli("audit", "pubkey").strip()
    evs = all_events(k, tok, limit=3)
    assert [e["seq"] for e in evs] == list(range(1, len(evs) + 1))
    leaves = []
    checkpoints = 0
    for e in evs:
        assert set(e) == {"action", "actor", "details", "outcome", "seq",
                          "target", "ts_us", "v", "lh"}
        lh = leaf_hash(e)
        assert lh.hex() == e["lh"], e["seq"]
        if e["action"] == "audit.checkpoint":
            origin, size, root = parse_checkpoint(
                open_note(e["details"]["note"], vkey))
            assert size == e["seq"] - 1
            assert root == mth(leaves), e["seq"]
            checkpoints += 1
        leaves.append(lh)
    assert checkpoints >= 2
    # No event holds a secret; the fingerprint events hold fingerprints.
    fp = [e for e in evs if e["action"] == "audit.fingerprint"]
    assert len(fp) == 7
    assert all(e["details"]["fingerprint"].startswith("hmac-sha256:")
               for e in fp)
    assert "JBSWY3DP" not in jcs(evs).decode()
    # The latest checkpoint covers all but its own event.
    _, size, root = parse_checkpoint(open_note(
        k.get(A + "/checkpoint", tok).text, vkey))
    assert size == len(leaves) - 1 and root == mth(leaves[:size])


def test_pull_api_cursor(kaito):
    k = kaito
    tok = admin_token(k)
    fingerprints(k, tok, 2)
    s = k.client(tok)
    page = s.get(k.url + A + "/events?limit=2").json()
    assert len(page["events"]) == 2 and page["has_more"]
    seen = [e["seq"] for e in page["events"]]
    while page["has_more"]:
        page = s.get(k.url + A + "/events?limit=2&cursor=" +
                     page["cursor"]).json()
        seen += [e["seq"] for e in page["events"]]
    assert seen == list(range(1, len(seen) + 1))
    # At the end: no events, the same cursor, has_more false; new events
    # then come from that cursor on.
    end = s.get(k.url + A + "/events?cursor=" + page["cursor"]).json()
    assert end["events"] == [] and end["cursor"] == page["cursor"]
    assert end["has_more"] is False
    fingerprints(k, tok, 1)
    more = s.get(k.url + A + "/events?cursor=" + end["cursor"]).json()
    assert more["events"][0]["seq"] == seen[-1] + 1
    # Default page size 100.
    assert len(s.get(k.url + A + "/events").json()["events"]) <= 100
    for q in ("limit=0", "limit=1001", "limit=x", "cursor=nope",
              "cursor=" + base64.urlsafe_b64encode(b"v2:3").decode().strip(
                  "="), "cursor=%%%%"):
        r = s.get(k.url + A + "/events?" + q)
        assert r.status_code == 400, q


def test_inclusion_and_consistency_proofs(kaito):
    k = kaito
    tok = admin_token(k)
    fingerprints(k, tok, 6)
    s = k.client(tok)
    evs = all_events(k, tok)
    leaves = [bytes.fromhex(e["lh"]) for e in evs]
    size = len(leaves)
    roots = [mth(leaves[:n]) for n in range(size + 1)]
    for n in (1, 2, 3, 7, size):
        for seq in range(1, n + 1):
            r = s.get(k.url + A + "/proof/inclusion?seq=%d&size=%d" %
                      (seq, n))
            assert r.status_code == 200, r.text
            p = r.json()
            assert p["seq"] == seq and p["size"] == n
            assert p["leaf_index"] == seq - 1 and p["lh"] == evs[seq - 1]["lh"]
            proof = [bytes.fromhex(h) for h in p["hashes"]]
            assert verify_inclusion(seq - 1, n, leaves[seq - 1], proof,
                                    roots[n]), (seq, n)
            assert not verify_inclusion(seq - 1, n, leaves[seq - 1], proof,
                                        roots[n - 1] if n > 1 else b"x"), \
                (seq, n)
    for m in range(1, size + 1):
        for n in sorted({m, m + 1, size} - {size + 1}):
            r = s.get(k.url + A + "/proof/consistency?from=%d&to=%d" %
                      (m, n))
            assert r.status_code == 200, r.text
            proof = [bytes.fromhex(h) for h in r.json()["hashes"]]
            assert verify_consistency(m, n, roots[m], roots[n], proof), \
                (m, n)
    # size and to default to the latest checkpoint's size.
    cp = k.get(A + "/checkpoint", tok,
               headers={"Accept": "application/json"}).json()["size"]
    assert s.get(k.url + A + "/proof/inclusion?seq=1").json()["size"] == cp
    assert s.get(k.url + A + "/proof/consistency?from=1").json()["to"] == cp


def test_proof_parameters(kaito):
    k = kaito
    tok = admin_token(k)
    s = k.client(tok)
    for q in ("", "seq=0", "seq=-1", "seq=x", "seq=1&size=0",
              "seq=1&size=99999", "seq=5&size=3", "seq=01",
              "seq=99999999999999999999"):
        r = s.get(k.url + A + "/proof/inclusion?" + q)
        assert r.status_code == 400, q
        assert r.json()["error"]["code"] == "bad_request"
    for q in ("", "from=0", "from=3&to=2", "from=1&to=99999"):
        assert s.get(k.url + A + "/proof/consistency?" + q).status_code \
            == 400, q


def test_who_may_read(kaito):
    k = kaito
    k.add_user("bob@example.com")
    bob = k.apitoken("bob@example.com")
    # A SIEM connector: a non-admin service user whose token has the
    # audit:read scope.
    k.add_user("siem@example.com")
    siem = k.apitoken("siem@example.com", "--scope", "audit:read")
    for path in ("/checkpoint", "/events", "/proof/inclusion?seq=1",
                 "/proof/consistency?from=1"):
        assert k.get(A + path).status_code == 401, path
        assert k.get(A + path, bob).status_code == 403, path
        assert k.get(A + path, siem).status_code == 200, path
    r = k.post(A + "/fingerprint", bob, json={"secret": "JBSWY3DP"})
    assert r.status_code == 403
    assert k.get(A + "/fingerprint", siem).status_code == 405


def test_fingerprint(kaito):
    k = kaito
    tok = admin_token(k)
    seed = base64.b32decode("JBSWY3DPEHPK3PXP")
    want = "hmac-sha256:" + hmac.new(kdf(root_key(k), KEY_AUDIT_FPR), seed,
                                     hashlib.sha256).hexdigest()
    for spelling in ("JBSWY3DPEHPK3PXP", "jbsw y3dp ehpk 3pxp",
                     "JBSW-Y3DP-EHPK-3PXP"):
        r = k.post(A + "/fingerprint", tok, json={"secret": spelling})
        assert r.status_code == 200, r.text
        assert r.json() == {"fingerprint": want}
    other = k.post(A + "/fingerprint", tok,
                   json={"secret": "JBSWY3DPEHPK3PXQ"}).json()["fingerprint"]
    assert other != want
    for body in ({"secret": "not base32!"}, {"secret": ""}, {},
                 {"secret": "JBSWY3DP", "x": 1}, {"secret": 5}):
        r = k.post(A + "/fingerprint", tok, json=body)
        assert r.status_code == 400, body
        assert "JBSWY3DP" not in r.text
    evs = [e for e in all_events(k, tok) if e["action"] ==
           "audit.fingerprint"]
    assert len(evs) == 4 and evs[0]["details"] == {"fingerprint": want}
    assert evs[0]["actor"]["email"] == k.admin_email
    # Fails closed: no answer when its event cannot be committed.
    k.signal(signal.SIGUSR2)
    time.sleep(0.2)
    r = k.post(A + "/fingerprint", tok, json={"secret": "JBSWY3DP"})
    assert r.status_code == 503 and "hmac" not in r.text
    k.signal(signal.SIGUSR2)
    time.sleep(0.2)
    assert k.post(A + "/fingerprint", tok,
                  json={"secret": "JBSWY3DP"}).status_code == 200


def test_idle_heartbeat_checkpoints():
    k = Kaito(env={"KAITO_AUDIT_CHECKPOINT_SECONDS": "1"})
    try:
        k.start()
        tok = admin_token(k)
        vkey = k.cli("audit", "pubkey").strip()

        def size():
            note = k.get(A + "/checkpoint", tok).text
            return parse_checkpoint(open_note(note, vkey))[1]

        first = size()
        time.sleep(3.5)
        assert size() >= first + 2
        k.stop()
        out = k.cli("audit", "verify")
        assert out.startswith("ok: ")
    finally:
        k.cleanup()
