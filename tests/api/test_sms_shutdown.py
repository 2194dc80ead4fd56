"""Stopping the server with event streams open: libmicrohttpd aborts when
stopped with a connection suspended, so the server must end every stream
first (quiesce, mark closing, resume all, wait, stop). The harness fails
the test if the server exits non-zero or a sanitizer speaks; the clients
must see a clean end of their streams."""
import signal
import socket
import time

from sms_helpers import (API, PUBLIC_URL, SSE, inbox_grant, make_inbox,
                         send_twilio)
from tokens_helpers import user


def test_stop_with_open_streams(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    toks = [user(k, f"u{i}@example.com") for i in range(3)]
    adm = k.apitoken(k.admin_email)
    ib = make_inbox(k, adm)
    inbox_grant(k, adm, ib, *[("user", f"u{i}@example.com", "read")
                              for i in range(3)])
    for i in range(40):
        assert send_twilio(k, ib, f"SM{i}", f"Code {600000 + i}").status_code \
            == 200
    idle = [SSE(k, f"{API}/inboxes/{ib}/stream", t) for t in toks]
    busy = SSE(k, f"{API}/inboxes/stream", toks[0])
    assert send_twilio(k, ib, "SM-x", "Code 999999").status_code == 200
    assert busy.next_event(5) is not None
    unread = SSE(k, f"{API}/inboxes/{ib}/stream", toks[1],
                 last_event_id=0)          # a replay nobody reads
    gone = SSE(k, f"{API}/inboxes/stream", toks[2])
    gone.close()                           # a client that went away
    time.sleep(0.2)
    t0 = time.time()
    k.stop()        # SIGTERM; asserts exit 0 and a clean log
    assert time.time() - t0 < 15
    for s in idle + [busy]:
        assert s.wait_end(5), "the stream did not end"
        assert s.ended
    unread.close()


def test_stop_right_after_connects(fresh):
    """Streams still being set up (their connect job in the writer, or a
    replay page on its way) when the signal comes: the requests are sent
    and the signal follows at once, without waiting for an answer."""
    k = fresh.start("--public-url", PUBLIC_URL)
    ann = user(k, "ann@example.com")
    adm = k.apitoken(k.admin_email)
    ib = make_inbox(k, adm)
    inbox_grant(k, adm, ib, ("user", "ann@example.com", "read"))
    for i in range(20):
        assert send_twilio(k, ib, f"SM{i}", f"Code {700000 + i}").status_code \
            == 200
    host, port = k.url.split("//")[1].split(":")
    socks = []
    for i in range(4):
        s = socket.create_connection((host, int(port)))
        s.sendall(f"GET {API}/inboxes/stream?after={i} HTTP/1.1\r\n"
                  f"Host: x\r\nAuthorization: Bearer {ann}\r\n\r\n"
                  .encode())
        socks.append(s)
    k.signal(signal.SIGTERM)
    for s in socks:
        s.settimeout(10)
        data = b""
        while True:     # whatever the answer, the server ends it
            try:
                piece = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not piece:
                break
            data += piece
        s.close()
    k.stop()
