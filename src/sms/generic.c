/*
 * generic.c -- Kaito's own inbound SMS webhook, for any sender that can
 * make an HTTPS request: signed the Standard Webhooks way
 * (standardwebhooks.com, 1.0), so every one of that specification's
 * libraries can produce it. docs/sms.md is the spec a sender follows.
 *
 * HEADERS: webhook-id (the message's id, the same on every redelivery:
 *     our deduplication key), webhook-timestamp (Unix seconds),
 *     webhook-signature ("v1,<base64 tag>", several separated by spaces
 *     while a secret is being rotated; any one may match).
 * SIGNATURE: tag = HMAC-SHA256(key, id "." timestamp "." raw body). The
 *     inbox secret "whsec_<base64>" gives the key as the base64-decoded
 *     rest (the specification's form); a secret without that prefix is
 *     used as is, as bytes.
 * FRESHNESS: a timestamp more than LIMIT_SMS_TOLERANCE (300 s) from our
 *     clock, either way, is refused after the signature has been checked
 *     (so "stale" always means authentic but old: a replay or a clock).
 * BODY: a JSON object: "from" (string), "to" (E.164), "body" (string),
 *     all required; "received_at" (Unix seconds, integer; default the
 *     timestamp); "type" (if present, anything but "sms.received" is
 *     acknowledged and ignored). Unknown members are ignored, so the
 *     format can grow.
 */
#include <string.h>

#include <sodium.h>

#include "sms/hook_int.h"
#include "sms/mac.h"

#define WHSEC_PREFIX	"whsec_"
#define SIG_LEN		32		/* HMAC-SHA256 */
#define SIG_MAX		8		/* signatures looked at in a header */

/* The HMAC key from the inbox secret, into key (LIMIT_SMS_SECRET). */
static int
secret_key(const unsigned char *secret, size_t n,
    unsigned char key[LIMIT_SMS_SECRET], size_t *keylen, struct errbuf *e)
{
	size_t plen = strlen(WHSEC_PREFIX);

	if (n == 0 || n > LIMIT_SMS_SECRET) {
		errbuf_set(e, "the inbox has no usable secret");
		return SMS_HOOK_SIGNATURE;
	}
	if (n > plen && memcmp(secret, WHSEC_PREFIX, plen) == 0) {
		if (sodium_base642bin(key, LIMIT_SMS_SECRET,
		    (const char *)secret + plen, n - plen, NULL, keylen,
		    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    *keylen == 0) {
			errbuf_set(e, "the inbox secret is not whsec_ and "
			    "base64");
			return SMS_HOOK_SIGNATURE;
		}
		return SMS_HOOK_OK;
	}
	memcpy(key, secret, n);
	*keylen = n;
	return SMS_HOOK_OK;
}

static int
compute_tag(const unsigned char *key, size_t keylen, const char *id,
    size_t idn, const char *ts, size_t tsn, const struct sms_hook_in *in,
    unsigned char tag[SMS_MAC_MAX])
{
	struct sms_mac mac;
	size_t len;

	if (sms_mac_init(&mac, SMS_MAC_SHA256, key, keylen) == -1)
		return -1;
	if (sms_mac_update(&mac, id, idn) == -1 ||
	    sms_mac_update(&mac, ".", 1) == -1 ||
	    sms_mac_update(&mac, ts, tsn) == -1 ||
	    sms_mac_update(&mac, ".", 1) == -1 ||
	    sms_mac_update(&mac, in->body, in->body_len) == -1) {
		sms_mac_free(&mac);
		return -1;
	}
	if (sms_mac_final(&mac, tag, &len) == -1 || len != SIG_LEN)
		return -1;
	return 0;
}

/* 1 when one "v1,<base64>" entry of the space-separated list matches. */
static int
any_signature_matches(const char *h, size_t n, const unsigned char *tag)
{
	unsigned char got[SIG_LEN + 3];
	const char *p = h, *end = h + n, *sp;
	size_t len, seen = 0;
	int match = 0;

	while (p < end && seen < SIG_MAX) {
		if ((sp = memchr(p, ' ', (size_t)(end - p))) == NULL)
			sp = end;
		if (sp - p > 3 && memcmp(p, "v1,", 3) == 0) {
			seen++;
			if (sodium_base642bin(got, sizeof(got), p + 3,
			    (size_t)(sp - p - 3), NULL, &len, NULL,
			    sodium_base64_VARIANT_ORIGINAL) == 0 &&
			    len == SIG_LEN && hook_tag_equal(got, tag, SIG_LEN))
				match = 1;
		}
		p = sp + 1;
	}
	sodium_memzero(got, sizeof(got));
	return match;
}

static int
check_signature(const struct sms_hook_in *in, const unsigned char *secret,
    size_t secret_len, const char **id, size_t *idn, int64_t *ts,
    struct errbuf *e)
{
	unsigned char key[LIMIT_SMS_SECRET], tag[SMS_MAC_MAX];
	const char *tsv, *sig;
	size_t tsn, sign, keylen = 0;
	int rc;

	if ((rc = hook_sig_header(in, "webhook-id", LIMIT_SMS_MSGID, id,
	    idn, e)) != SMS_HOOK_OK ||
	    (rc = hook_sig_header(in, "webhook-timestamp", 20, &tsv, &tsn,
	    e)) != SMS_HOOK_OK ||
	    (rc = hook_sig_header(in, "webhook-signature",
	    LIMIT_SMS_SIG_HEADER, &sig, &sign, e)) != SMS_HOOK_OK)
		return rc;
	if (hook_parse_unix(tsv, tsn, ts) == -1) {
		errbuf_set(e, "webhook-timestamp is not Unix seconds");
		return SMS_HOOK_SIGNATURE;
	}
	if ((rc = secret_key(secret, secret_len, key, &keylen, e)) !=
	    SMS_HOOK_OK)
		goto out;
	if (compute_tag(key, keylen, *id, *idn, tsv, tsn, in, tag) == -1) {
		errbuf_set(e, "HMAC-SHA256 failed");
		rc = SMS_HOOK_INTERNAL;
		goto out;
	}
	if (!any_signature_matches(sig, sign, tag)) {
		errbuf_set(e, "no webhook-signature matches");
		rc = SMS_HOOK_SIGNATURE;
		goto out;
	}
	rc = hook_check_fresh(*ts, in->now, e);
out:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(tag, sizeof(tag));
	return rc;
}

/* "type", when given, must be sms.received. */
static int
check_type(json_t *root, struct errbuf *e)
{
	const char *s;
	size_t n;
	int rc;

	if ((rc = hook_json_str(root, "type", 0, &s, &n, e)) != SMS_HOOK_OK)
		return rc;
	if (s != NULL && (n != 12 || memcmp(s, "sms.received", 12) != 0)) {
		errbuf_set(e, "event type is not sms.received");
		return SMS_HOOK_IGNORED;
	}
	return SMS_HOOK_OK;
}

static int
received_at(json_t *root, int64_t dflt, int64_t *t, struct errbuf *e)
{
	json_t *v = json_object_get(root, "received_at");

	*t = dflt;
	if (v == NULL || json_is_null(v))
		return SMS_HOOK_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		errbuf_set(e, "field 'received_at' is not Unix seconds");
		return SMS_HOOK_MALFORMED;
	}
	*t = json_integer_value(v);
	return SMS_HOOK_OK;
}

static int
copy_fields(json_t *root, int64_t ts, struct sms_msg *m, struct errbuf *e)
{
	const char *from, *to, *body;
	size_t fromn, ton, bodyn;
	int rc;

	if ((rc = check_type(root, e)) != SMS_HOOK_OK ||
	    (rc = hook_json_str(root, "from", 1, &from, &fromn, e)) !=
	    SMS_HOOK_OK ||
	    (rc = hook_json_str(root, "to", 1, &to, &ton, e)) !=
	    SMS_HOOK_OK ||
	    (rc = hook_json_str(root, "body", 1, &body, &bodyn, e)) !=
	    SMS_HOOK_OK)
		return rc;
	if ((rc = hook_set_from(m, from, fromn, "from", e)) != SMS_HOOK_OK ||
	    (rc = hook_set_to(m, to, ton, "to", e)) != SMS_HOOK_OK ||
	    (rc = hook_set_body(m, body, bodyn, "body", e)) != SMS_HOOK_OK)
		return rc;
	return received_at(root, ts, &m->received_at, e);
}

int
sms_generic_verify(const struct sms_hook_in *in,
    const unsigned char *secret, size_t secret_len, struct sms_msg *m,
    struct errbuf *e)
{
	json_t *root = NULL;
	const char *id = NULL;
	size_t idn = 0;
	int64_t ts = 0;
	int rc;

	sms_msg_clear(m);
	if (in->body_len > LIMIT_SMS_WEBHOOK) {
		errbuf_set(e, "body longer than %d bytes", LIMIT_SMS_WEBHOOK);
		return SMS_HOOK_TOO_LARGE;
	}
	if ((rc = check_signature(in, secret, secret_len, &id, &idn, &ts,
	    e)) != SMS_HOOK_OK)
		goto out;
	if ((rc = hook_set_id(m, id, idn, "webhook-id", e)) != SMS_HOOK_OK)
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
