"""Webhooks end to end: a text signed by each provider's algorithm (in
Python, independently of Kaito) reaches an open stream with its code;
a bad signature is refused (403), stores nothing and is audited with the
reason only; a redelivery is stored once; the Twilio answer is empty
TwiML."""
import time

from sms_helpers import (API, NUMBER, PUBLIC_URL, SSE, TWILIO_TOKEN,
                         audit_rows, inbox_grant, make_inbox, messages,
                         send_generic, send_smsgate, send_twilio, sms_rows,
                         twilio_params, twilio_signature)
from tokens_helpers import user

NS1 = "Your NS1 verification code is 482913. It expires in 10 minutes."


def make_world(k, provider="twilio", number=NUMBER):
    ann = user(k, "ann@example.com")
    adm = k.apitoken(k.admin_email)
    inbox = make_inbox(k, adm, provider, number=number)
    inbox_grant(k, adm, inbox, ("user", "ann@example.com", "read"))
    return ann, adm, inbox


def test_twilio_signed_text_reaches_stream_with_code(fresh):
    k = fresh.start("--public-url", PUBLIC_URL + "/")  # trailing / ignored
    ann, _, inbox = make_world(k)
    s = SSE(k, f"{API}/inboxes/{inbox}/stream", ann)
    assert s.status == 200
    assert s.headers["content-type"].startswith("text/event-stream")
    assert s.headers["cache-control"] == "no-store"
    r = send_twilio(k, inbox, "SM" + "a" * 32, NS1)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "text/xml"
    assert r.text == '<?xml version="1.0" encoding="UTF-8"?><Response/>'
    ev = s.next_event(5)
    assert ev is not None and ev["event"] == "sms"
    m = ev["data"]
    assert set(m) == {"id", "inbox", "from", "to", "body", "code",
                      "service", "received_at"}
    assert m["code"] == "482913" and m["service"] == "NS1"
    assert m["inbox"] == inbox and m["body"] == NS1
    assert m["from"] == "+15550100999" and m["to"] == NUMBER
    assert ev["id"] == str(m["id"])
    assert abs(m["received_at"] - time.time()) < 60
    # Listed too, identically.
    assert messages(k, ann, inbox) == [m]
    rec = audit_rows(k, "sms.receive")
    assert len(rec) == 1 and rec[0]["target_id"] == inbox
    assert rec[0]["details"]["duplicate"] is False
    assert rec[0]["details"]["recipients"] == 1
    s.close()


def test_text_without_code_has_null_code(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    ann, _, inbox = make_world(k)
    s = SSE(k, f"{API}/inboxes/{inbox}/stream", ann)
    assert send_twilio(k, inbox, "SM1", "See you at 10:30, Bob").status_code \
        == 200
    m = s.next_event(5)["data"]
    assert m["code"] is None and m["service"] is None
    s.close()


def test_bad_signature_refused_stores_nothing_audited(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    ann, _, inbox = make_world(k)
    s = SSE(k, f"{API}/inboxes/{inbox}/stream", ann)
    secret_body = "Your code is 774411 (do not share)"
    cases = [
        ("wrong token", dict(token="0" * 32)),
        ("wrong url", dict(sign_url=f"{PUBLIC_URL}/hooks/sms/twilio/999")),
        ("wrong host", dict(base="https://evil.example.com")),
    ]
    for what, kw in cases:
        r = send_twilio(k, inbox, "SM-bad", secret_body, **kw)
        assert r.status_code == 403, (what, r.text)
        assert r.json()["error"]["code"] == "forbidden"
        assert "774411" not in r.text
    # No signature at all, and a body changed after signing.
    params = twilio_params("SM-bad2", secret_body)
    r = k.post(f"/hooks/sms/twilio/{inbox}", data=params)
    assert r.status_code == 403
    sig = twilio_signature(TWILIO_TOKEN, f"{PUBLIC_URL}/hooks/sms/twilio/"
                           f"{inbox}", params)
    params["Body"] = "Your code is 000000"
    r = k.post(f"/hooks/sms/twilio/{inbox}", data=params,
               headers={"X-Twilio-Signature": sig})
    assert r.status_code == 403
    assert sms_rows(k) == 0
    s.expect_none(0.5)
    refused = audit_rows(k, "sms.webhook.refused")
    assert len(refused) == 5
    for row in refused:
        assert row["outcome"] == "denied" and row["target_id"] == inbox
        assert row["details"] == {"provider": "twilio",
                                  "reason": "bad_signature"}
    assert audit_rows(k, "sms.receive") == []
    assert "774411" not in k.sql("SELECT actor_email, ip, user_agent,"
                                 " target_name, details FROM audit")
    s.close()


def test_redelivery_stored_once(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    ann, _, inbox = make_world(k)
    s = SSE(k, f"{API}/inboxes/{inbox}/stream", ann)
    for _ in range(3):
        r = send_twilio(k, inbox, "SM-same", "Code 112233")
        assert r.status_code == 200
        assert r.headers["Content-Type"] == "text/xml"
    assert sms_rows(k) == 1
    assert len(s.events(1)) == 1
    s.expect_none(0.5)          # pushed once
    dup = [r["details"]["duplicate"] for r in audit_rows(k, "sms.receive")]
    assert dup == [False, True, True]
    # The same provider id in another inbox is another text.
    adm = k.apitoken(k.admin_email)
    other = make_inbox(k, adm, "twilio", number="+15550100124")
    assert send_twilio(k, other, "SM-same", "Code 112233",
                       to="+15550100124").status_code == 200
    assert sms_rows(k) == 2
    s.close()


def test_text_for_another_number_refused(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    _, _, inbox = make_world(k)
    r = send_twilio(k, inbox, "SM-x", "Code 445566", to="+15550100999")
    assert r.status_code == 400
    assert sms_rows(k) == 0
    [row] = audit_rows(k, "sms.webhook.refused")
    assert row["details"]["reason"] == "wrong_number"


def test_unknown_inbox_and_wrong_provider_404(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    _, _, inbox = make_world(k)
    assert send_twilio(k, 999, "SM1", "x").status_code == 404
    r = send_generic(k, inbox, "msg_1", "Code 123456")
    assert r.status_code == 404      # the inbox takes Twilio
    assert k.post("/hooks/sms/nope/1", data="x").status_code == 404
    assert k.get(f"/hooks/sms/twilio/{inbox}").status_code == 405
    assert sms_rows(k) == 0


def test_twilio_url_from_host_without_public_url(kaito):
    """Without --public-url the signed URL is the scheme and Host the
    request came with, plus the path."""
    k = kaito
    _, _, inbox = make_world(k)
    base = k.url            # http://127.0.0.1:PORT, as requests sends Host
    assert send_twilio(k, inbox, "SM1", "Code 123456",
                       base=base).status_code == 200
    assert send_twilio(k, inbox, "SM2", "Code 123456").status_code == 403


def test_body_over_limit_413(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    _, _, inbox = make_world(k)
    r = k.post(f"/hooks/sms/twilio/{inbox}", data="Body=" + "x" * 40000,
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert sms_rows(k) == 0


def test_generic_webhook_end_to_end(kaito):
    k = kaito
    ann, _, inbox = make_world(k, "generic")
    s = SSE(k, f"{API}/inboxes/{inbox}/stream", ann)
    body = "Ihr Google-Bestätigungscode lautet 482913."
    r = send_generic(k, inbox, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", body,
                     extra={"received_at": 1717999998})
    assert r.status_code == 200, r.text
    m = s.next_event(5)["data"]
    assert m["code"] == "482913" and m["service"] == "Google"
    assert m["body"] == body and m["received_at"] == 1717999998
    assert m["from"] == "+4915112345678" and m["to"] == NUMBER
    # A retry (same id, fresh timestamp and signature) is stored once.
    assert send_generic(k, inbox, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
                        body).status_code == 200
    assert sms_rows(k) == 1
    # Stale (more than 5 minutes old) and wrongly signed: 403.
    r = send_generic(k, inbox, "msg_old", "Code 111111",
                     ts=int(time.time()) - 301)
    assert r.status_code == 403
    r = send_generic(k, inbox, "msg_bad", "Code 222222",
                     secret="whsec_" + "A" * 32)
    assert r.status_code == 403
    reasons = [r["details"]["reason"]
               for r in audit_rows(k, "sms.webhook.refused")]
    assert reasons == ["stale", "bad_signature"]
    assert sms_rows(k) == 1
    # An authentic event that is not a text: 200, nothing stored.
    r = send_generic(k, inbox, "msg_ping", "x",
                     extra={"type": "sms.status"})
    assert r.status_code == 200 and sms_rows(k) == 1
    s.expect_none(0.3)
    s.close()


def test_android_gateway_end_to_end(kaito):
    k = kaito
    ann, _, inbox = make_world(k, "android-sms-gateway")
    s = SSE(k, f"{API}/inboxes/stream", ann)
    r = send_smsgate(k, inbox, "Ey6ECgOkVVFjz3CL48B8C",
                     "<#> 739104 is your Microsoft account security code")
    assert r.status_code == 200, r.text
    m = s.next_event(5)["data"]
    assert m["code"] == "739104"
    assert m["from"] == "6505551212"
    assert m["to"] == NUMBER       # the gateway does not say: the inbox's
    r = send_smsgate(k, inbox, "Ey6ECgOkVVFjz3CL48B8D", "Code 1",
                     key="wrong-key")
    assert r.status_code == 403
    r = send_smsgate(k, inbox, "Ey6ECgOkVVFjz3CL48B8E", "Code 2",
                     ts=int(time.time()) - 1000)
    assert r.status_code == 403
    assert sms_rows(k) == 1
    s.close()


def test_secret_change_takes_effect_at_once(kaito):
    k = kaito
    ann, adm, inbox = make_world(k, "generic")
    r = k.patch(f"{API}/inboxes/{inbox}", adm,
                json={"secret": "whsec_" + "B" * 32})
    assert r.status_code == 200
    assert send_generic(k, inbox, "m1", "Code 123456").status_code == 403
    assert send_generic(k, inbox, "m2", "Code 123456",
                        secret="whsec_" + "B" * 32).status_code == 200
