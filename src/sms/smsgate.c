/*
 * smsgate.c -- the webhook of SMS Gateway for Android
 * (github.com/capcom6/android-sms-gateway, "SMSGate"): an app that turns
 * an Android phone with a SIM card into the inbox's number, posting each
 * text it receives to Kaito, in local, cloud or private mode alike.
 *
 * FORMAT (the app's WebHookEventDTO, Gson): POST, application/json:
 *     {"deviceId":"...","event":"sms:received","id":"Ey6ECgOkVVFjz3CL48B8C",
 *      "payload":{"messageId":"abc123","message":"...","phoneNumber":
 *      "6505551212","simNumber":1,
 *      "receivedAt":"2024-06-22T15:46:11.000+07:00"},
 *      "webhookId":"..."}
 *     "id" is the event's, kept across the app's retries: our
 *     deduplication key (payload.messageId, a hash of the content that
 *     the app says is not unique, only when "id" is absent, as in old
 *     versions). Other events (sms:sent, sms:delivered, system:ping, ...)
 *     are acknowledged and ignored. The app does not say which of its
 *     numbers received the text: "to" stays empty and the inbox's own
 *     number stands for it. phoneNumber is kept as the phone shows it
 *     (often national, or a sender name).
 * SIGNATURE (the app's PayloadSingingPlugin, sic): X-Timestamp = Unix seconds
 *     at sending, X-Signature = lower-case hex of HMAC-SHA256(signing
 *     key, raw body || X-Timestamp). The key is the string set in the
 *     app's Settings > Webhooks > Signing Key, used as its UTF-8 bytes.
 * FRESHNESS: the timestamp is taken anew for each attempt, so anything
 *     more than LIMIT_SMS_TOLERANCE from our clock is a replay (or a
 *     phone with a wrong clock); refused after the signature check.
 *     receivedAt, in the phone's zone, becomes received_at; when absent
 *     or unreadable the signed X-Timestamp stands in.
 */
#include <string.h>

#include <sodium.h>

#include "sms/hook_int.h"
#include "sms/mac.h"
#include "util/rfc3339.h"

#define SIG_LEN		32		/* HMAC-SHA256 */

static int
check_signature(const struct sms_hook_in *in, const unsigned char *secret,
    size_t secret_len, int64_t *ts, struct errbuf *e)
{
	unsigned char want[SIG_LEN], tag[SMS_MAC_MAX];
	struct sms_mac mac;
	const char *sig, *tsv;
	size_t sign, tsn, got, len;
	int rc = SMS_HOOK_SIGNATURE;

	if ((rc = hook_sig_header(in, "X-Signature", 2 * SIG_LEN, &sig,
	    &sign, e)) != SMS_HOOK_OK ||
	    (rc = hook_sig_header(in, "X-Timestamp", 20, &tsv, &tsn, e)) !=
	    SMS_HOOK_OK)
		return rc;
	if (sodium_hex2bin(want, sizeof(want), sig, sign, NULL, &got,
	    NULL) != 0 || got != SIG_LEN) {
		errbuf_set(e, "X-Signature is not a hex HMAC-SHA256");
		return SMS_HOOK_SIGNATURE;
	}
	if (hook_parse_unix(tsv, tsn, ts) == -1) {
		errbuf_set(e, "X-Timestamp is not Unix seconds");
		return SMS_HOOK_SIGNATURE;
	}
	if (secret_len == 0) {
		errbuf_set(e, "the inbox has no signing key");
		return SMS_HOOK_SIGNATURE;
	}
	if (sms_mac_init(&mac, SMS_MAC_SHA256, secret, secret_len) == -1)
		goto internal;
	if (sms_mac_update(&mac, in->body, in->body_len) == -1 ||
	    sms_mac_update(&mac, tsv, tsn) == -1) {
		sms_mac_free(&mac);
		goto internal;
	}
	if (sms_mac_final(&mac, tag, &len) == -1 || len != SIG_LEN)
		goto internal;
	rc = hook_tag_equal(tag, want, SIG_LEN);
	sodium_memzero(tag, sizeof(tag));
	if (!rc) {
		errbuf_set(e, "X-Signature does not match");
		return SMS_HOOK_SIGNATURE;
	}
	return hook_check_fresh(*ts, in->now, e);
internal:
	errbuf_set(e, "HMAC-SHA256 failed");
	return SMS_HOOK_INTERNAL;
}

/* Only sms:received is a text for the inbox. */
static int
check_event(json_t *root, struct errbuf *e)
{
	const char *s;
	size_t n;
	int rc;

	if ((rc = hook_json_str(root, "event", 1, &s, &n, e)) != SMS_HOOK_OK)
		return rc;
	if (n != 12 || memcmp(s, "sms:received", 12) != 0) {
		errbuf_set(e, "event is not sms:received");
		return SMS_HOOK_IGNORED;
	}
	return SMS_HOOK_OK;
}

/* The event id, or for old versions of the app payload.messageId. */
static int
copy_id(json_t *root, json_t *payload, struct sms_msg *m, struct errbuf *e)
{
	const char *s;
	size_t n;
	int rc;

	if ((rc = hook_json_str(root, "id", 0, &s, &n, e)) != SMS_HOOK_OK)
		return rc;
	if (s != NULL)
		return hook_set_id(m, s, n, "id", e);
	if ((rc = hook_json_str(payload, "messageId", 0, &s, &n, e)) !=
	    SMS_HOOK_OK)
		return rc;
	if (s == NULL) {
		errbuf_set(e, "missing field 'id' (and payload.messageId)");
		return SMS_HOOK_MISSING;
	}
	return hook_set_id(m, s, n, "payload.messageId", e);
}

static int
copy_fields(json_t *root, int64_t ts, struct sms_msg *m, struct errbuf *e)
{
	json_t *payload;
	const char *from, *body, *at;
	size_t fromn, bodyn, atn;
	int rc;

	if ((rc = check_event(root, e)) != SMS_HOOK_OK)
		return rc;
	payload = json_object_get(root, "payload");
	if (payload == NULL || json_is_null(payload)) {
		errbuf_set(e, "missing field 'payload'");
		return SMS_HOOK_MISSING;
	}
	if (!json_is_object(payload)) {
		errbuf_set(e, "field 'payload' is not an object");
		return SMS_HOOK_MALFORMED;
	}
	if ((rc = copy_id(root, payload, m, e)) != SMS_HOOK_OK ||
	    (rc = hook_json_str(payload, "phoneNumber", 1, &from, &fromn,
	    e)) != SMS_HOOK_OK ||
	    (rc = hook_json_str(payload, "message", 1, &body, &bodyn, e)) !=
	    SMS_HOOK_OK ||
	    (rc = hook_json_str(payload, "receivedAt", 0, &at, &atn, e)) !=
	    SMS_HOOK_OK)
		return rc;
	if ((rc = hook_set_from(m, from, fromn, "payload.phoneNumber", e)) !=
	    SMS_HOOK_OK ||
	    (rc = hook_set_body(m, body, bodyn, "payload.message", e)) !=
	    SMS_HOOK_OK)
		return rc;
	if (at == NULL || rfc3339_parse(at, atn, &m->received_at) == -1)
		m->received_at = ts;
	return SMS_HOOK_OK;
}

int
sms_smsgate_verify(const struct sms_hook_in *in,
    const unsigned char *secret, size_t secret_len, struct sms_msg *m,
    struct errbuf *e)
{
	json_t *root = NULL;
	int64_t ts = 0;
	int rc;

	sms_msg_clear(m);
	if (in->body_len > LIMIT_SMS_WEBHOOK) {
		errbuf_set(e, "body longer than %d bytes", LIMIT_SMS_WEBHOOK);
		return SMS_HOOK_TOO_LARGE;
	}
	if ((rc = check_signature(in, secret, secret_len, &ts, e)) !=
	    SMS_HOOK_OK)
		goto out;
	if ((rc = hook_json_object(in->body, in->body_len, &root, e)) !=
	    SMS_HOOK_OK)
		goto out;
	rc = copy_fields(root, ts, m, e);
out:
	if (rc != SMS_HOOK_OK)
		sms_msg_clear(m);
	json_decref(root);
	return rc;
}
