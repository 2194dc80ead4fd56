"""Retention: texts older than --sms-retention are never shown and are
deleted by a periodic sweep, which is audited (sms.expire, actor system,
with the count only)."""
import time

from sms_helpers import (API, PUBLIC_URL, SSE, audit_rows, inbox_grant,
                         make_inbox, messages, send_twilio, sms_rows)
from tokens_helpers import user


def test_expired_texts_deleted(fresh):
    k = fresh.start("--public-url", PUBLIC_URL, "--sms-retention", "2s")
    ann = user(k, "ann@example.com")
    adm = k.apitoken(k.admin_email)
    ib = make_inbox(k, adm)
    inbox_grant(k, adm, ib, ("user", "ann@example.com", "read"))
    assert send_twilio(k, ib, "SM1", "Code 123456").status_code == 200
    assert send_twilio(k, ib, "SM2", "Code 654321").status_code == 200
    assert len(messages(k, ann, ib)) == 2
    deadline = time.time() + 10
    while sms_rows(k) and time.time() < deadline:
        time.sleep(0.2)
    assert sms_rows(k) == 0
    assert messages(k, ann, ib) == []
    # A replay asked for from the start finds nothing either.
    s = SSE(k, f"{API}/inboxes/{ib}/stream", ann, last_event_id=0)
    s.expect_none(0.3)
    s.close()
    ev = audit_rows(k, "sms.expire")
    assert sum(e["details"]["count"] for e in ev) == 2
    assert all(e["details"]["retention_s"] == 2 for e in ev)
    assert k.sql("SELECT DISTINCT actor_type FROM audit WHERE action = "
                 "'sms.expire'").strip() == "system"
    # A redelivery after expiry is a new text (the provider's id is only
    # remembered while its text is kept).
    assert send_twilio(k, ib, "SM1", "Code 123456").status_code == 200
    assert sms_rows(k) == 1


def test_not_shown_after_retention_even_before_the_sweep(fresh):
    """Reads apply the retention time themselves."""
    k = fresh.start("--public-url", PUBLIC_URL, "--sms-retention", "1h")
    ann = user(k, "ann@example.com")
    adm = k.apitoken(k.admin_email)
    ib = make_inbox(k, adm)
    inbox_grant(k, adm, ib, ("user", "ann@example.com", "read"))
    assert send_twilio(k, ib, "SM1", "Code 123456").status_code == 200
    k.sql("UPDATE sms SET stored_at = stored_at - 3601")
    assert messages(k, ann, ib) == []
    assert sms_rows(k) == 1


def test_retention_option_checked(fresh):
    for bad in ("0", "-1", "1w", "31d", "x", "5 h"):
        p = fresh.cli("serve", "--sms-retention", bad, check=False)
        assert p.returncode != 0, bad
        assert "retention" in p.stderr, p.stderr
