/*
 * fuzz_sms_webhook.c -- libFuzzer harness for the inbound SMS webhooks:
 * the form parser (Twilio) and the JSON paths (generic, Android gateway).
 *
 * INPUT: byte 0 chooses the path (low two bits: Twilio, generic, Android
 *     gateway, or the bare parsers: form, RFC 3339, E.164) and whether
 *     the harness signs the rest correctly (bit 2), so that the field
 *     checks behind the signature are reached too, not only refusals.
 *     Signatures are made here with OpenSSL directly.
 * PROPERTIES: a request the harness did not sign is never accepted; an
 *     accepted message is within its caps, UTF-8 without control
 *     characters (the body keeps tab and line breaks), its "to" E.164
 *     or empty; a refusal leaves the message wiped; every result maps to
 *     an HTTP status; the code extractor runs on every accepted body.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "sms/e164.h"
#include "sms/extract.h"
#include "sms/hook.h"
#include "util/form.h"
#include "util/rfc3339.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define URL	"https://kaito.example.com/hooks/sms/twilio/3"
#define TOKEN	"9f2e5b1c7a3d4e6f8091a2b3c4d5e6f7"
#define WHSEC	"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define ID	"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
#define TS	1718000000
#define TS_STR	"1718000000"

struct hdrs {
	const char *name[3], *value[3];
};

static const char *
hdr_get(void *arg, const char *name)
{
	struct hdrs *h = arg;
	int i;

	for (i = 0; i < 3 && h->name[i] != NULL; i++)
		if (strcasecmp(h->name[i], name) == 0)
			return h->value[i];
	return NULL;
}

static int
cmp_field(const void *a, const void *b)
{
	const struct form_field *x = *(const struct form_field *const *)a;
	const struct form_field *y = *(const struct form_field *const *)b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/* Twilio's signature of the body's fields, or "" when it has none. */
static void
sign_twilio(const char *body, size_t n, char *out, size_t cap)
{
	const struct form_field *sorted[LIMIT_SMS_FORM_FIELDS];
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen;
	struct form f;
	struct errbuf e;
	char *msg;
	size_t i, len = strlen(URL);

	out[0] = '\0';
	if (form_parse(body, n, &f, &e) == -1)
		return;
	for (i = 0; i < f.n; i++) {
		sorted[i] = &f.f[i];
		len += f.f[i].name_len + f.f[i].value_len;
	}
	/* strcmp order equals memcmp order: no NUL inside (refused). */
	qsort(sorted, f.n, sizeof(sorted[0]), cmp_field);
	if ((msg = malloc(len + 1)) == NULL)
		abort();
	strcpy(msg, URL);
	len = strlen(URL);
	for (i = 0; i < f.n; i++) {
		memcpy(msg + len, sorted[i]->name, sorted[i]->name_len);
		len += sorted[i]->name_len;
		memcpy(msg + len, sorted[i]->value, sorted[i]->value_len);
		len += sorted[i]->value_len;
	}
	HMAC(EVP_sha1(), TOKEN, (int)strlen(TOKEN), (unsigned char *)msg, len,
	    mac, &maclen);
	sodium_bin2base64(out, cap, mac, maclen,
	    sodium_base64_VARIANT_ORIGINAL);
	free(msg);
	form_free(&f);
}

static void
sign_generic(const char *body, size_t n, char *out, size_t cap)
{
	unsigned char key[64], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen;
	size_t keylen, len = strlen(ID) + strlen(TS_STR) + 2;
	char *msg;

	if (sodium_base642bin(key, sizeof(key), &WHSEC[6], strlen(WHSEC) - 6,
	    NULL, &keylen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    (msg = malloc(len + n + 1)) == NULL)
		abort();
	snprintf(msg, len + 1, "%s.%s.", ID, TS_STR);
	memcpy(msg + len, body, n);
	HMAC(EVP_sha256(), key, (int)keylen, (unsigned char *)msg, len + n,
	    mac, &maclen);
	memcpy(out, "v1,", 3);
	sodium_bin2base64(out + 3, cap - 3, mac, maclen,
	    sodium_base64_VARIANT_ORIGINAL);
	free(msg);
}

static void
sign_smsgate(const char *body, size_t n, char *out, size_t cap)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen;
	char *msg;

	if ((msg = malloc(n + strlen(TS_STR) + 1)) == NULL)
		abort();
	memcpy(msg, body, n);
	memcpy(msg + n, TS_STR, strlen(TS_STR));
	HMAC(EVP_sha256(), TOKEN, (int)strlen(TOKEN), (unsigned char *)msg,
	    n + strlen(TS_STR), mac, &maclen);
	sodium_bin2hex(out, cap, mac, maclen);
	free(msg);
}

static int
text_ok(const char *s, int body)
{
	size_t n = strlen(s), i;

	if (!utf8_valid(s, n))
		return 0;
	if (!body)
		return !utf8_has_control(s, n);
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t' &&
		    s[i] != '\n' && s[i] != '\r') || s[i] == 0x7f)
			return 0;
	return 1;
}

static void
check_msg(int rc, int signed_ok, const struct sms_msg *m)
{
	struct sms_extract x;
	const unsigned char *p = (const unsigned char *)m;
	size_t i;

	if (sms_hook_status(rc) < 200 || sms_hook_status(rc) > 500)
		abort();
	if (rc != SMS_HOOK_OK) {
		for (i = 0; i < sizeof(*m); i++)
			if (p[i] != 0)
				abort();
		return;
	}
	if (!signed_ok)
		abort();	/* a forgery got through */
	if (m->id[0] == '\0' || m->from[0] == '\0' || !text_ok(m->id, 0) ||
	    !text_ok(m->from, 0) || !text_ok(m->to, 0) ||
	    !text_ok(m->body, 1) || m->body_len != strlen(m->body) ||
	    m->body_len > LIMIT_SMS_BODY)
		abort();
	if (m->to[0] != '\0' && !e164_valid(m->to, strlen(m->to)))
		abort();
	if (sms_extract(m->body, m->body_len, &x) != 0)
		abort();
	sms_extract_clear(&x);
}

/* The bare parsers, on the same bytes. */
static void
parsers(const char *s, size_t n)
{
	char e164[E164_MAX + 1], *z;
	struct errbuf e;
	struct form f;
	int64_t t;
	size_t i;

	if (form_parse(s, n, &f, &e) == 0) {
		for (i = 0; i < f.n; i++)
			if (strlen(f.f[i].name) != f.f[i].name_len ||
			    strlen(f.f[i].value) != f.f[i].value_len ||
			    f.f[i].name_len == 0 ||
			    f.f[i].name_len > LIMIT_SMS_FORM_NAME)
				abort();
		form_free(&f);
	}
	(void)rfc3339_parse(s, n, &t);
	if ((z = strndup(s, n)) == NULL)
		abort();
	if (e164_normalize(z, e164, &e) == 0 &&
	    !e164_valid(e164, strlen(e164)))
		abort();
	free(z);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hdrs h;
	struct sms_hook_in in;
	struct sms_msg m;
	struct errbuf e;
	char sig[128] = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
	const char *body;
	int rc, mode, sign;

	if (size < 1 || size > LIMIT_SMS_WEBHOOK + 64)
		return 0;
	mode = data[0] & 3;
	sign = (data[0] & 4) != 0;
	body = (const char *)data + 1;
	size--;
	memset(&h, 0, sizeof(h));
	in = (struct sms_hook_in){ body, size, URL, hdr_get, &h, TS };
	switch (mode) {
	case 0:
		if (sign)
			sign_twilio(body, size, sig, sizeof(sig));
		h.name[0] = "X-Twilio-Signature";
		h.value[0] = sig;
		rc = sms_twilio_verify(&in, (const unsigned char *)TOKEN,
		    strlen(TOKEN), &m, &e);
		break;
	case 1:
		if (sign)
			sign_generic(body, size, sig, sizeof(sig));
		h.name[0] = "webhook-id";
		h.value[0] = ID;
		h.name[1] = "webhook-timestamp";
		h.value[1] = TS_STR;
		h.name[2] = "webhook-signature";
		h.value[2] = sig;
		rc = sms_generic_verify(&in, (const unsigned char *)WHSEC,
		    strlen(WHSEC), &m, &e);
		break;
	case 2:
		if (sign)
			sign_smsgate(body, size, sig, sizeof(sig));
		h.name[0] = "X-Signature";
		h.value[0] = sig;
		h.name[1] = "X-Timestamp";
		h.value[1] = TS_STR;
		rc = sms_smsgate_verify(&in, (const unsigned char *)TOKEN,
		    strlen(TOKEN), &m, &e);
		break;
	default:
		parsers(body, size);
		return 0;
	}
	check_msg(rc, sign, &m);
	sms_msg_clear(&m);
	return 0;
}
