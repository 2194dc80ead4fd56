"""Last-Event-ID: a client that reconnects gets every text it missed, in
order, then the live ones, without a gap or a repeat -- also while texts
keep arriving during the reconnect, across replay pages, and on the
all-inbox stream (only inboxes the user may read)."""
import threading
import time

from sms_helpers import (API, PUBLIC_URL, SSE, audit_rows, inbox_grant,
                         make_inbox, send_twilio)
from tokens_helpers import user


def world(k):
    ann = user(k, "ann@example.com")
    adm = k.apitoken(k.admin_email)
    a = make_inbox(k, adm, number="+15550100123", name="A")
    inbox_grant(k, adm, a, ("user", "ann@example.com", "read"))
    return ann, adm, a


def ids(events):
    return [int(e["id"]) for e in events]


def test_reconnect_with_last_event_id_misses_nothing(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    ann, _, a = world(k)
    s = SSE(k, f"{API}/inboxes/{a}/stream", ann)
    for i in range(3):
        assert send_twilio(k, a, f"SM{i}", f"Code {100000 + i}").status_code \
            == 200
    got = s.events(3)
    assert ids(got) == [1, 2, 3]
    s.close()
    for i in range(3, 8):
        assert send_twilio(k, a, f"SM{i}", f"Code {100000 + i}").status_code \
            == 200
    s = SSE(k, f"{API}/inboxes/{a}/stream", ann, last_event_id=got[-1]["id"])
    replayed = s.events(5)
    assert ids(replayed) == [4, 5, 6, 7, 8]
    assert [e["data"]["code"] for e in replayed] == \
        [str(100000 + i) for i in range(3, 8)]
    s.expect_none(0.3)
    assert send_twilio(k, a, "SM-live", "Code 999999").status_code == 200
    assert ids(s.events(1)) == [9]
    # The replay is on the record: one event naming the ids.
    replays = [r for r in audit_rows(k, "sms.view")
               if r["details"].get("via") == "replay"]
    assert [r["details"]["messages"] for r in replays] == [[4, 5, 6, 7, 8]]
    # Without Last-Event-ID a stream starts at the newest text; ?after=
    # does what the header does (for the first EventSource connect).
    s2 = SSE(k, f"{API}/inboxes/{a}/stream", ann)
    s2.expect_none(0.3)
    s3 = SSE(k, f"{API}/inboxes/{a}/stream?after=7", ann)
    assert ids(s3.events(2)) == [8, 9]
    for x in (s, s2, s3):
        x.close()


def test_bad_last_event_id_400(kaito):
    k = kaito
    ann, _, a = world(k)
    for bad in ("x", "-1", "1.5", "99999999999999999999", "1 2", "0x10"):
        s = SSE(k, f"{API}/inboxes/{a}/stream", ann, last_event_id=bad)
        assert s.status == 400, bad
    assert SSE(k, f"{API}/inboxes/{a}/stream?after=-3", ann).status == 400


def test_reconnects_while_texts_keep_coming(fresh):
    """A sender posts texts without pause while a client drops and
    reconnects (with Last-Event-ID) again and again: the client sees
    every id exactly once, in increasing order."""
    k = fresh.start("--public-url", PUBLIC_URL)
    ann, _, a = world(k)
    stop = threading.Event()
    sent = []

    def sender():
        i = 0
        while not stop.is_set():
            r = send_twilio(k, a, f"SM{i}", f"Code {200000 + i}")
            assert r.status_code == 200
            sent.append(i)
            i += 1
    t = threading.Thread(target=sender)
    seen = []
    last = None
    s = SSE(k, f"{API}/inboxes/{a}/stream", ann, last_event_id=0)
    t.start()
    try:
        for round_ in range(8):
            deadline = time.time() + 0.4
            while time.time() < deadline:
                ev = s.next_event(deadline - time.time())
                if ev is not None:
                    seen.append(int(ev["id"]))
                    last = ev["id"]
            s.close()
            time.sleep(0.05)
            s = SSE(k, f"{API}/inboxes/{a}/stream", ann,
                    last_event_id=last or 0)
            assert s.status == 200
    finally:
        stop.set()
        t.join()
    total = len(sent)
    while len(seen) < total:
        ev = s.next_event(5)
        assert ev is not None, f"stuck at {len(seen)} of {total}"
        seen.append(int(ev["id"]))
    s.close()
    assert total > 20
    assert seen == list(range(1, total + 1))


def test_replay_over_several_pages(fresh):
    """More texts missed than one replay page holds (256): all come, in
    order, and the live ones after them."""
    k = fresh.start("--public-url", PUBLIC_URL)
    ann, _, a = world(k)
    n = 300
    for i in range(n):
        assert send_twilio(k, a, f"SM{i}", f"Code {300000 + i}").status_code \
            == 200
    s = SSE(k, f"{API}/inboxes/{a}/stream", ann, last_event_id=0)
    got = s.events(n, timeout=30)
    assert ids(got) == list(range(1, n + 1))
    assert send_twilio(k, a, "SM-live", "Code 777777").status_code == 200
    assert ids(s.events(1)) == [n + 1]
    pages = [len(r["details"]["messages"]) for r in audit_rows(k, "sms.view")
             if r["details"].get("via") == "replay"]
    assert sum(pages) == n and len(pages) >= 2
    s.close()


def test_all_inbox_replay_only_readable(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    ann, adm, a = world(k)
    b = make_inbox(k, adm, number="+15550100124", name="B")
    c = make_inbox(k, adm, number="+15550100125", name="C")
    inbox_grant(k, adm, c, ("user", "ann@example.com", "manage"))
    for i, (inbox, to) in enumerate([(a, "+15550100123"),
                                     (b, "+15550100124"),
                                     (c, "+15550100125")] * 2):
        assert send_twilio(k, inbox, f"SM{i}", f"Code {400000 + i}",
                           to=to).status_code == 200
    s = SSE(k, f"{API}/inboxes/stream", ann, last_event_id=0)
    got = s.events(4)
    assert [(int(e["id"]), e["data"]["inbox"]) for e in got] == \
        [(1, a), (3, c), (4, a), (6, c)]
    s.expect_none(0.3)
    per_inbox = sorted((r["target_id"], r["details"]["messages"])
                       for r in audit_rows(k, "sms.view")
                       if r["details"].get("via") == "replay")
    assert per_inbox == [(a, [1, 4]), (c, [3, 6])]
    s.close()
