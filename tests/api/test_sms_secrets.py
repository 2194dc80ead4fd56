"""Texts are secrets: their bodies and codes are sealed at rest, and never
appear in the server's log or in any audit row -- accepted, refused,
listed, streamed or replayed."""
from sms_helpers import (API, PUBLIC_URL, SSE, inbox_grant, make_inbox,
                         messages, send_generic, send_twilio)
from tokens_helpers import db_bytes, server_log, user

MARK = "Zebrafinch"        # a word that appears nowhere else


def test_bodies_and_codes_stay_secret(fresh):
    k = fresh.start("--public-url", PUBLIC_URL)
    ann = user(k, "ann@example.com")
    adm = k.apitoken(k.admin_email)
    tw = make_inbox(k, adm)
    gen = make_inbox(k, adm, "generic", number="+15550100124")
    inbox_grant(k, adm, tw, ("user", "ann@example.com", "read"))
    inbox_grant(k, adm, gen, ("user", "ann@example.com", "read"))
    live = SSE(k, f"{API}/inboxes/stream", ann)
    texts = [(f"{MARK} code 918273 for you", "918273"),
             (f"Your {MARK} PIN: 564738", "564738")]
    assert send_twilio(k, tw, "SM1", texts[0][0]).status_code == 200
    assert send_generic(k, gen, "msg_1", texts[1][0],
                        to="+15550100124").status_code == 200
    # Refused ones too: wrong signature, wrong number, malformed.
    assert send_twilio(k, tw, "SM2", f"{MARK} 112358",
                       token="x" * 32).status_code == 403
    assert send_twilio(k, tw, "SM3", f"{MARK} 132134",
                       to="+15550100999").status_code == 400
    r = k.post(f"/hooks/sms/generic/{gen}", data=f"{MARK} 314159",
               headers={"webhook-id": "m", "webhook-timestamp": "1",
                        "webhook-signature": "v1,AAAA"})
    assert r.status_code == 403 and MARK not in r.text
    assert [e["data"]["code"] for e in live.events(2)] == ["918273", "564738"]
    assert len(messages(k, ann, tw)) == 1
    replay = SSE(k, f"{API}/inboxes/stream", ann, last_event_id=0)
    assert len(replay.events(2)) == 2
    secrets = [MARK, "918273", "564738", "112358", "132134", "314159"]
    # Every text column (not seq and ts_us: a 16-digit time may hold any
    # six digits by chance).
    audit = k.sql("SELECT actor_type, actor_id, actor_email, ip, user_agent,"
                  " channel, action, target_type, target_id, target_name,"
                  " outcome, details FROM audit")
    log = server_log(k).decode(errors="replace")
    blob = db_bytes(k)
    for s in secrets:
        assert s not in audit, f"{s} in the audit log"
        assert s not in log, f"{s} in the server log"
        assert s.encode() not in blob, f"{s} in the database"
    live.close()
    replay.close()
