/*
 * twilio.c -- Twilio's inbound SMS webhook.
 *
 * FORMAT: POST, application/x-www-form-urlencoded: MessageSid, From, To,
 *     Body, and a growing set of others (AccountSid, NumMedia, FromCity,
 *     MediaUrl0, ...), every one of them signed.
 * SIGNATURE: X-Twilio-Signature = base64(HMAC-SHA1(auth token, URL ||
 *     name1 || value1 || name2 || value2 ...)), URL being the exact URL
 *     Twilio requested (query string as sent, not re-sorted), and the
 *     POST fields decoded and sorted by name, then value, byte order
 *     (twilio-node; for inbound SMS names never repeat). Twilio's own
 *     validators also accept the URL with its port removed, or with the
 *     scheme's default port added, because proxies differ in what they
 *     pass on; so do we, and nothing else.
 * NOT SUPPORTED: the HMAC-SHA256 "Webhooks Rules" signature (header
 *     X-Twilio-Webhooks-Signature-Settings) and JSON bodies signed
 *     through bodySHA256: Twilio sends neither for inbound SMS.
 * CHECKS: the form is parsed first (the signature covers decoded
 *     fields), then the signature, and only then the fields: MessageSid,
 *     From, To (E.164) and Body must each be present exactly once.
 *     Twilio sends no timestamp: received_at is the time of the request.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sms/hook_int.h"
#include "sms/mac.h"
#include "util/form.h"

#define TWILIO_SIG_LEN	20	/* HMAC-SHA1 */

/* Order of two fields: by name, then by value, bytewise. */
static int
field_cmp(const void *a, const void *b)
{
	const struct form_field *x = *(const struct form_field *const *)a;
	const struct form_field *y = *(const struct form_field *const *)b;
	size_t n;
	int c;

	n = x->name_len < y->name_len ? x->name_len : y->name_len;
	if ((c = memcmp(x->name, y->name, n)) != 0)
		return c;
	if (x->name_len != y->name_len)
		return x->name_len < y->name_len ? -1 : 1;
	n = x->value_len < y->value_len ? x->value_len : y->value_len;
	if ((c = memcmp(x->value, y->value, n)) != 0)
		return c;
	if (x->value_len != y->value_len)
		return x->value_len < y->value_len ? -1 : 1;
	return 0;
}

/* The tag over url and the sorted fields. Returns 0 or -1. */
static int
compute_tag(const unsigned char *key, size_t keylen, const char *url,
    size_t urllen, const struct form_field *const *sorted, size_t n,
    unsigned char tag[SMS_MAC_MAX])
{
	struct sms_mac mac;
	size_t i, len;

	if (sms_mac_init(&mac, SMS_MAC_SHA1, key, keylen) == -1)
		return -1;
	if (sms_mac_update(&mac, url, urllen) == -1)
		goto fail;
	for (i = 0; i < n; i++)
		if (sms_mac_update(&mac, sorted[i]->name,
		    sorted[i]->name_len) == -1 ||
		    sms_mac_update(&mac, sorted[i]->value,
		    sorted[i]->value_len) == -1)
			goto fail;
	if (sms_mac_final(&mac, tag, &len) == -1 || len != TWILIO_SIG_LEN)
		return -1;
	return 0;
fail:
	sms_mac_free(&mac);
	return -1;
}

/*
 * The other spelling of url's port into alt (altcap bytes): without the
 * port when it has one, with the scheme's default port (443, 80) when it
 * has none. Returns the length, or 0 when there is no other spelling.
 */
static size_t
url_port_variant(const char *url, size_t n, char *alt, size_t altcap)
{
	const char *p, *auth, *end, *host, *colon, *port;

	if ((p = strstr(url, "://")) == NULL ||
	    (size_t)(p - url) != strcspn(url, ":/?#"))
		return 0;		/* no scheme */
	auth = p + 3;
	for (end = auth; end < url + n && *end != '/' && *end != '?' &&
	    *end != '#'; end++)
		;
	for (host = end; host > auth && host[-1] != '@'; host--)
		;
	colon = NULL;
	for (p = host; p < end; p++)
		if (*p == ']')
			colon = NULL;	/* an IPv6 literal's colons */
		else if (*p == ':')
			colon = p;
	if (colon != NULL) {		/* drop ":port" */
		if ((size_t)(colon - url) + (size_t)(url + n - end) >= altcap)
			return 0;
		memcpy(alt, url, (size_t)(colon - url));
		memcpy(alt + (colon - url), end, (size_t)(url + n - end));
		return (size_t)(colon - url) + (size_t)(url + n - end);
	}
	if ((size_t)(auth - url) == 8 && strncmp(url, "https://", 8) == 0)
		port = ":443";
	else if ((size_t)(auth - url) == 7 && strncmp(url, "http://", 7) == 0)
		port = ":80";
	else
		return 0;
	if (n + strlen(port) >= altcap)
		return 0;
	memcpy(alt, url, (size_t)(end - url));
	memcpy(alt + (end - url), port, strlen(port));
	memcpy(alt + (end - url) + strlen(port), end, (size_t)(url + n - end));
	return n + strlen(port);
}

static int
check_signature(const struct sms_hook_in *in, const unsigned char *secret,
    size_t secret_len, const struct form *f, struct errbuf *e)
{
	const struct form_field *sorted[LIMIT_SMS_FORM_FIELDS];
	unsigned char want[TWILIO_SIG_LEN], tag[SMS_MAC_MAX];
	char alt[LIMIT_SMS_URL + 8];
	const char *hv;
	size_t hn, got, urllen, altlen, i;
	int rc;

	if ((rc = hook_sig_header(in, "X-Twilio-Signature", 64, &hv, &hn,
	    e)) != SMS_HOOK_OK)
		return rc;
	if (sodium_base642bin(want, sizeof(want), hv, hn, NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || got != sizeof(want)) {
		errbuf_set(e, "X-Twilio-Signature is not a base64 HMAC-SHA1");
		return SMS_HOOK_SIGNATURE;
	}
	if (in->url == NULL || (urllen = strnlen(in->url,
	    LIMIT_SMS_URL + 1)) == 0 || urllen > LIMIT_SMS_URL) {
		errbuf_set(e, "no public URL (or longer than %d bytes) to "
		    "check the signature against", LIMIT_SMS_URL);
		return SMS_HOOK_SIGNATURE;
	}
	for (i = 0; i < f->n; i++)
		sorted[i] = &f->f[i];
	qsort(sorted, f->n, sizeof(sorted[0]), field_cmp);
	if (compute_tag(secret, secret_len, in->url, urllen, sorted, f->n,
	    tag) == -1)
		goto internal;
	if (hook_tag_equal(tag, want, sizeof(want)))
		goto ok;
	altlen = url_port_variant(in->url, urllen, alt, sizeof(alt));
	if (altlen > 0) {
		if (compute_tag(secret, secret_len, alt, altlen, sorted, f->n,
		    tag) == -1)
			goto internal;
		if (hook_tag_equal(tag, want, sizeof(want)))
			goto ok;
	}
	sodium_memzero(tag, sizeof(tag));
	if (in->header(in->header_arg,
	    "X-Twilio-Webhooks-Signature-Settings") != NULL)
		errbuf_set(e, "X-Twilio-Signature does not match (HMAC-SHA256 "
		    "webhook rules are not supported)");
	else
		errbuf_set(e, "X-Twilio-Signature does not match");
	return SMS_HOOK_SIGNATURE;
internal:
	sodium_memzero(tag, sizeof(tag));
	errbuf_set(e, "HMAC-SHA1 failed");
	return SMS_HOOK_INTERNAL;
ok:
	sodium_memzero(tag, sizeof(tag));
	return SMS_HOOK_OK;
}

/* The field called name, present exactly once. */
static int
one_field(const struct form *f, const char *name,
    const struct form_field **ff, struct errbuf *e)
{
	size_t count;

	*ff = form_get(f, name, &count);
	if (count == 0) {
		errbuf_set(e, "missing field '%s'", name);
		return SMS_HOOK_MISSING;
	}
	if (count > 1) {
		errbuf_set(e, "field '%s' given %zu times", name, count);
		return SMS_HOOK_MALFORMED;
	}
	return SMS_HOOK_OK;
}

static int
copy_fields(const struct form *f, struct sms_msg *m, struct errbuf *e)
{
	const struct form_field *sid, *from, *to, *body;
	int rc;

	if ((rc = one_field(f, "MessageSid", &sid, e)) != SMS_HOOK_OK ||
	    (rc = one_field(f, "From", &from, e)) != SMS_HOOK_OK ||
	    (rc = one_field(f, "To", &to, e)) != SMS_HOOK_OK ||
	    (rc = one_field(f, "Body", &body, e)) != SMS_HOOK_OK)
		return rc;
	if ((rc = hook_set_id(m, sid->value, sid->value_len, "MessageSid",
	    e)) != SMS_HOOK_OK ||
	    (rc = hook_set_from(m, from->value, from->value_len, "From",
	    e)) != SMS_HOOK_OK ||
	    (rc = hook_set_to(m, to->value, to->value_len, "To",
	    e)) != SMS_HOOK_OK)
		return rc;
	return hook_set_body(m, body->value, body->value_len, "Body", e);
}

int
sms_twilio_verify(const struct sms_hook_in *in,
    const unsigned char *secret, size_t secret_len, struct sms_msg *m,
    struct errbuf *e)
{
	struct form f;
	int rc;

	memset(&f, 0, sizeof(f));
	sms_msg_clear(m);
	if (in->body_len > LIMIT_SMS_WEBHOOK) {
		errbuf_set(e, "body longer than %d bytes", LIMIT_SMS_WEBHOOK);
		return SMS_HOOK_TOO_LARGE;
	}
	if (secret_len == 0) {
		errbuf_set(e, "the inbox has no auth token");
		return SMS_HOOK_SIGNATURE;
	}
	if (form_parse(in->body, in->body_len, &f, e) == -1) {
		errbuf_prefix(e, "body");
		return SMS_HOOK_MALFORMED;
	}
	if ((rc = check_signature(in, secret, secret_len, &f, e)) !=
	    SMS_HOOK_OK)
		goto out;
	if ((rc = copy_fields(&f, m, e)) != SMS_HOOK_OK)
		goto out;
	m->received_at = in->now;
out:
	if (rc != SMS_HOOK_OK)
		sms_msg_clear(m);
	form_free(&f);
	return rc;
}
