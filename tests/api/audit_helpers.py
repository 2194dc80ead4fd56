"""Independent re-implementations for checking kaito's audit log from
outside: RFC 8785 canonical JSON (for our events), RFC 6962/9162 Merkle
trees and proof verification with hashlib, C2SP signed notes with
PyNaCl (Ed25519), and libsodium's crypto_kdf with hashlib.blake2b, so the
tests can derive the audit keys from the data directory's root key.

Nothing here calls kaito's code: when these agree with kaito, two
implementations agree.
"""
import base64
import hashlib
import json
import os
import struct

import nacl.exceptions
import nacl.signing

KEY_AUDIT_SIGN = 2
KEY_AUDIT_FPR = 4


def sha256(b):
    return hashlib.sha256(b).digest()


def jcs(obj):
    """RFC 8785 for the values kaito's events hold (ASCII member names,
    integers below 2^53): sorted keys, no whitespace, UTF-8 as is."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def leaf_hash(event):
    e = {k: v for k, v in event.items() if k != "lh"}
    return sha256(b"\x00" + jcs(e))


def node(left, right):
    return sha256(b"\x01" + left + right)


def mth(leaves):
    """RFC 6962 2.1, recursively."""
    n = len(leaves)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(m, n, root1, root2, proof):
    """RFC 9162 2.1.4.2."""
    if m > n:
        return False
    if m == n:
        return not proof and root1 == root2
    if m == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if m & (m - 1) == 0:
        path.insert(0, root1)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == root1 and sr == root2 and sn == 0


def kdf(root_key, purpose):
    """libsodium crypto_kdf_derive_from_key(32, purpose, "kaito-v1")."""
    return hashlib.blake2b(b"", digest_size=32, key=root_key,
                           salt=struct.pack("<Q", purpose) + b"\0" * 8,
                           person=b"kaito-v1" + b"\0" * 8).digest()


def root_key(k):
    with open(os.path.join(k.data, "root.key"), "rb") as f:
        return f.read()


def signing_key(k):
    return nacl.signing.SigningKey(kdf(root_key(k), KEY_AUDIT_SIGN))


def parse_vkey(vkey):
    """NAME+HEXID+BASE64(0x01 || pk) -> (name, key id bytes, pk)."""
    name, hexid, b64 = vkey.strip().split("+", 2)
    raw = base64.b64decode(b64, validate=True)
    assert raw[0] == 1 and len(raw) == 33
    pk = raw[1:]
    kid = sha256(name.encode() + b"\n\x01" + pk)[:4]
    assert kid.hex() == hexid, "key id does not match"
    return name, kid, pk


def open_note(note, vkey):
    """Check a C2SP signed note against vkey; return its text."""
    name, kid, pk = parse_vkey(vkey)
    i = note.rindex("\n\n")
    text, sigs = note[:i + 1], note[i + 2:]
    assert note.endswith("\n")
    ok = False
    for line in sigs.splitlines():
        assert line.startswith("\u2014 ")
        sname, b64 = line[2:].split(" ")
        sig = base64.b64decode(b64, validate=True)
        if sname != name or sig[:4] != kid:
            continue
        try:
            nacl.signing.VerifyKey(pk).verify(text.encode(), sig[4:])
        except nacl.exceptions.BadSignatureError:
            raise AssertionError("bad signature")
        ok = True
    assert ok, "no signature by the key"
    return text


def parse_checkpoint(text):
    origin, size, root = text.split("\n")[:3]
    assert str(int(size)) == size
    return origin, int(size), base64.b64decode(root, validate=True)


def all_events(k, token, limit=100):
    """Every event through the pull API, following the cursor."""
    s = k.client(token)
    out, cursor = [], None
    while True:
        url = k.url + "/api/v1/audit/events?limit=%d" % limit
        if cursor:
            url += "&cursor=" + cursor
        r = s.get(url)
        assert r.status_code == 200, r.text
        page = r.json()
        out += page["events"]
        cursor = page["cursor"]
        if not page["has_more"]:
            return out
