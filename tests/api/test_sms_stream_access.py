"""Who receives a text on the streams: only users who may read its inbox,
checked at connect and again for every text (a grant revoked, a token
revoked, a user disabled while a stream is open take effect at the next
text); administrators manage inboxes but read no text; each delivery is
one sms.view event per user; the caps answer 429."""
import time

from sms_helpers import (API, PUBLIC_URL, SSE, audit_rows, inbox_grant,
                         make_inbox, send_twilio)
from tokens_helpers import add_group, user


def world(k):
    """Inbox A granted to ann (user, read) and to group ops (bob, read);
    inbox B granted to carl only; dave has nothing."""
    toks = {e: user(k, f"{e}@example.com")
            for e in ("ann", "bob", "carl", "dave")}
    toks["admin"] = k.apitoken(k.admin_email)
    add_group(k, "ops", "bob@example.com")
    a = make_inbox(k, toks["admin"], number="+15550100123", name="A")
    b = make_inbox(k, toks["admin"], number="+15550100124", name="B")
    inbox_grant(k, toks["admin"], a, ("user", "ann@example.com", "read"),
                ("group", "ops", "read"))
    inbox_grant(k, toks["admin"], b, ("user", "carl@example.com", "manage"))
    return toks, a, b


def test_no_grant_never_receives_on_any_stream(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    toks, a, b = world(k)
    # dave: 404 on A's stream (no grant: not even its existence); his
    # all-inbox stream opens but stays silent.
    s = SSE(k, f"{API}/inboxes/{a}/stream", toks["dave"])
    assert s.status == 404
    dave_all = SSE(k, f"{API}/inboxes/stream", toks["dave"])
    assert dave_all.status == 200
    # The administrator: 403 on A's stream, silence on the other.
    s = SSE(k, f"{API}/inboxes/{a}/stream", toks["admin"])
    assert s.status == 403 and "administrator" in s.error["error"]["message"]
    adm_all = SSE(k, f"{API}/inboxes/stream", toks["admin"])
    # carl reads B only.
    carl_a = SSE(k, f"{API}/inboxes/{a}/stream", toks["carl"])
    assert carl_a.status == 404
    carl_all = SSE(k, f"{API}/inboxes/stream", toks["carl"])
    ann_a = SSE(k, f"{API}/inboxes/{a}/stream", toks["ann"])
    bob_all = SSE(k, f"{API}/inboxes/stream", toks["bob"])
    assert send_twilio(k, a, "SM1", "Code 123456").status_code == 200
    assert send_twilio(k, b, "SM2", "Code 654321",
                       to="+15550100124").status_code == 200
    assert ann_a.next_event(5)["data"]["code"] == "123456"
    assert bob_all.next_event(5)["data"]["code"] == "123456"
    assert carl_all.next_event(5)["data"]["code"] == "654321"
    for s in (dave_all, adm_all, ann_a, bob_all, carl_all):
        s.expect_none(0.5)
    # Refused stream opens are audited like refused listings.
    denied = [r for r in audit_rows(k, "sms.view")
              if r["outcome"] == "denied"]
    assert len(denied) == 3
    views = [(r["actor_email"], r["target_id"], r["details"]["via"])
             for r in audit_rows(k, "sms.view") if r["outcome"] == "success"]
    assert sorted(views) == sorted([("ann@example.com", a, "stream"),
                                    ("bob@example.com", a, "stream"),
                                    ("carl@example.com", b, "stream")])


def test_revoked_grant_stops_delivery(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    toks, a, _ = world(k)
    ann_a = SSE(k, f"{API}/inboxes/{a}/stream", toks["ann"])
    ann_all = SSE(k, f"{API}/inboxes/stream", toks["ann"])
    bob_a = SSE(k, f"{API}/inboxes/{a}/stream", toks["bob"])
    assert send_twilio(k, a, "SM1", "Code 111111").status_code == 200
    for s in (ann_a, ann_all, bob_a):
        assert s.next_event(5)["data"]["code"] == "111111"
    # ann loses A; bob leaves the group (a membership is a grant too).
    inbox_grant(k, toks["admin"], a, ("group", "ops", "read"))
    r = k.delete(f"{API}/groups/1/members/"
                 + k.sql("SELECT id FROM users WHERE email = "
                         "'bob@example.com'").strip(), toks["admin"])
    assert r.status_code == 204
    assert send_twilio(k, a, "SM2", "Code 222222").status_code == 200
    # Not delivered; her and bob's streams of A are ended, ann's
    # all-inbox stream stays open but says nothing.
    assert ann_a.next_event(2) is None and ann_a.wait_end(5)
    assert bob_a.next_event(2) is None and bob_a.wait_end(5)
    ann_all.expect_none(1)
    assert not ann_all.ended
    assert b"222222" not in ann_a.body + ann_all.body + bob_a.body
    # A new stream is refused now.
    assert SSE(k, f"{API}/inboxes/{a}/stream", toks["ann"]).status == 404
    # Granted again: the all-inbox stream carries A's texts again.
    inbox_grant(k, toks["admin"], a, ("user", "ann@example.com", "read"))
    assert send_twilio(k, a, "SM3", "Code 333333").status_code == 200
    assert ann_all.next_event(5)["data"]["code"] == "333333"
    delivered = [r["details"]["messages"] for r in audit_rows(k, "sms.view")
                 if r["actor_email"] == "ann@example.com"
                 and r["outcome"] == "success"]
    assert delivered == [[1], [3]]     # one per text and user
    ann_all.close()


def test_revoked_token_and_disabled_user_end_streams(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    toks, a, _ = world(k)
    ann = SSE(k, f"{API}/inboxes/stream", toks["ann"])
    bob = SSE(k, f"{API}/inboxes/stream", toks["bob"])
    tid = k.get(API + "/apitokens", toks["ann"]).json()["apitokens"][0]["id"]
    assert k.delete(f"{API}/apitokens/{tid}", toks["ann"]).status_code == 204
    bob_id = k.sql("SELECT id FROM users WHERE email = 'bob@example.com'")
    r = k.patch(f"{API}/users/{bob_id.strip()}", toks["admin"],
                json={"disabled": True})
    assert r.status_code == 200
    assert send_twilio(k, a, "SM1", "Code 123456").status_code == 200
    for s in (ann, bob):
        assert s.next_event(2) is None and s.wait_end(5)
        assert b"123456" not in s.body
    assert audit_rows(k, "sms.view") == []


def test_one_event_per_user_with_several_streams(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    toks, a, _ = world(k)
    streams = [SSE(k, f"{API}/inboxes/{a}/stream", toks["ann"]),
               SSE(k, f"{API}/inboxes/{a}/stream", toks["ann"]),
               SSE(k, f"{API}/inboxes/stream", toks["ann"])]
    assert send_twilio(k, a, "SM1", "Code 123456").status_code == 200
    for s in streams:
        assert s.next_event(5)["data"]["code"] == "123456"
    [ev] = audit_rows(k, "sms.view")
    assert ev["details"] == {"messages": [1], "streams": 3, "via": "stream"}
    for s in streams:
        s.close()


def test_stream_caps_429(fresh):
    k = fresh.start("--public-url", PUBLIC_URL, "--max-streams", "6",
                    "--sse-heartbeat", "1")
    toks, a, _ = world(k)
    mine = [SSE(k, f"{API}/inboxes/stream", toks["ann"]) for _ in range(4)]
    assert all(s.status == 200 for s in mine)
    s = SSE(k, f"{API}/inboxes/stream", toks["ann"])
    assert s.status == 429 and s.headers.get("retry-after")
    assert s.error["error"]["code"] == "too_many_requests"
    bob = [SSE(k, f"{API}/inboxes/stream", toks["bob"]) for _ in range(2)]
    assert [s.status for s in bob] == [200, 200]
    assert SSE(k, f"{API}/inboxes/stream", toks["carl"]).status == 429
    # A closed stream frees its place: a suspended connection is not
    # polled, so the server notices when a write fails (the first one
    # after the close draws the reset, the next fails): heartbeats here.
    mine[0].close()
    assert send_twilio(k, a, "SM1", "Code 123456").status_code == 200
    for s in mine[1:]:
        assert s.next_event(5) is not None
    deadline = time.time() + 10
    while time.time() < deadline:
        s = SSE(k, f"{API}/inboxes/stream", toks["carl"])
        if s.status == 200:
            break
        time.sleep(0.2)
    assert s.status == 200
    text = k.get("/metrics").text
    assert "kaito_sse_streams 6" in text


def test_heartbeat_on_idle_stream(fresh):
    k = fresh.start("--public-url", PUBLIC_URL, "--sse-heartbeat", "1")
    toks, a, _ = world(k)
    s = SSE(k, f"{API}/inboxes/{a}/stream", toks["ann"])
    assert s.next_event(2.5) is None
    assert ": ka" in s.comments
    assert not s.ended


def test_deleted_inbox_ends_its_streams(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    toks, a, _ = world(k)
    s = SSE(k, f"{API}/inboxes/{a}/stream", toks["ann"])
    assert k.delete(f"{API}/inboxes/{a}", toks["admin"]).status_code == 204
    assert s.wait_end(5)


def test_head_on_a_stream_is_refused(fresh):
    """A HEAD would replay texts, and record them as seen, without ever
    sending them."""
    k = fresh.start("--public-url", PUBLIC_URL)
    toks, a, _ = world(k)
    assert send_twilio(k, a, "SM1", "Code 123456").status_code == 200
    for path in (f"{API}/inboxes/{a}/stream?after=0",
                 f"{API}/inboxes/stream?after=0"):
        r = k.client(toks["ann"]).head(k.url + path)
        assert r.status_code == 405 and r.headers["Allow"] == "GET"
    assert [v for v in audit_rows(k, "sms.view")
            if v["outcome"] == "success"] == []
