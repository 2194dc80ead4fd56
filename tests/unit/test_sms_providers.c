/*
 * test_sms_providers.c -- inbound SMS webhooks: for Twilio, the generic
 * (Standard Webhooks) hook and android-sms-gateway, requests signed by
 * an independent implementation (gen_sms_vectors.py, Python's hmac) and
 * the providers' own documented vectors, then every way a request can be
 * wrong: signature, tampered or added fields, reordering, other URLs,
 * stale and replayed timestamps, missing and mistyped fields, oversize
 * bodies. Also the E.164 table and the provider table.
 */
#include "unit.h"

#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "sms/e164.h"
#include "sms/hook.h"
#include "sms_vectors.h"

/* --- fake requests ----------------------------------------------------- */

struct hdr {
	const char *name, *value;
};

static const char *
hdr_get(void *arg, const char *name)
{
	const struct hdr *h = arg;

	for (; h->name != NULL; h++)
		if (strcasecmp(h->name, name) == 0)
			return h->value;
	return NULL;
}

static int
run(sms_verify_fn fn, const char *body, size_t len, const char *url,
    struct hdr *h, const char *secret, int64_t now, struct sms_msg *m,
    struct errbuf *e)
{
	struct sms_hook_in in = { body, len, url, hdr_get, h, now };

	e->msg[0] = '\0';
	return fn(&in, (const unsigned char *)secret, strlen(secret), m, e);
}

#define NOW	1718000000

static int
twilio(const char *body, const char *url, const char *sig,
    const char *token, struct sms_msg *m, struct errbuf *e)
{
	struct hdr h[] = { { "X-Twilio-Signature", sig }, { NULL, NULL } };

	return run(sms_twilio_verify, body, strlen(body), url, h, token, NOW,
	    m, e);
}

static void
expect(int got, int want, const struct errbuf *e, const char *msg)
{
	if (got != want)
		fail_msg("got %s (%s), want %s", sms_hook_rc_name(got), e->msg,
		    sms_hook_rc_name(want));
	if (msg != NULL && strstr(e->msg, msg) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", e->msg, msg);
}

/* A wiped message: a refusal leaves no text behind. */
static void
assert_wiped(const struct sms_msg *m)
{
	const unsigned char *p = (const unsigned char *)m;
	size_t i;

	for (i = 0; i < sizeof(*m); i++)
		assert_int_equal(p[i], 0);
}

/* --- Twilio --------------------------------------------------------------- */

/* The example of Twilio's "Validating requests" documentation (auth token
 * 12345): a voice request, so the signature checks out and then the SMS
 * fields are missing. */
static void
test_twilio_documented_vector(void **state)
{
	struct sms_msg m;
	struct errbuf e;

	(void)state;
	expect(twilio("CallSid=CA1234567890ABCDE&Caller=%2B14158675309"
	    "&Digits=1234&From=%2B14158675309&To=%2B18005551212",
	    "https://mycompany.com/myapp.php?foo=1&bar=2",
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "12345", &m, &e),
	    SMS_HOOK_MISSING, &e, "missing field 'MessageSid'");
	expect(twilio("CallSid=CA1234567890ABCDE&Caller=%2B14158675309"
	    "&Digits=1234&From=%2B14158675309&To=%2B18005551212",
	    "https://mycompany.com/myapp.php?foo=1&bar=2",
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "12346", &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "does not match");
}

static void
test_twilio_inbound_sms(void **state)
{
	struct sms_msg m;
	struct errbuf e;

	(void)state;
	expect(twilio(TWILIO_SMS_BODY, TWILIO_URL, TWILIO_SMS_SIG,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_OK, &e, NULL);
	assert_string_equal(m.id, "SM4f0b6ee7c1d2a3b4c5d6e7f8091a2b3c");
	assert_string_equal(m.from, "+15550100999");
	assert_string_equal(m.to, "+15550100123");
	assert_string_equal(m.body, TWILIO_SMS_TEXT);
	assert_int_equal(m.body_len, strlen(TWILIO_SMS_TEXT));
	assert_int_equal(m.received_at, NOW);
	sms_msg_clear(&m);
	assert_wiped(&m);
}

/* Form fields in any order: the signature sorts them. */
static void
test_twilio_reordered(void **state)
{
	struct sms_msg m;
	struct errbuf e;

	(void)state;
	expect(twilio(TWILIO_SMS_BODY_REORDERED, TWILIO_URL, TWILIO_SMS_SIG,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_OK, &e, NULL);
	assert_string_equal(m.body, TWILIO_SMS_TEXT);
}

/* The URL with or without the default port, and a query string kept as
 * it was sent. */
static void
test_twilio_urls(void **state)
{
	struct sms_msg m;
	struct errbuf e;

	(void)state;
	expect(twilio(TWILIO_SMS_BODY, TWILIO_URL, TWILIO_SMS_SIG_PORT443,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_OK, &e, NULL);
	expect(twilio(TWILIO_SMS_BODY,
	    "https://kaito.example.com:443/hooks/sms/twilio/3", TWILIO_SMS_SIG,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_OK, &e, NULL);
	expect(twilio(TWILIO_SMS_BODY, TWILIO_QUERY_URL, TWILIO_QUERY_SIG,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_OK, &e, NULL);
	/* Like Twilio's own validators, the URL without its port is tried
	 * whatever the port: signed for the host alone, still the same
	 * host, path and secret. */
	expect(twilio(TWILIO_SMS_BODY,
	    "https://kaito.example.com:8443/hooks/sms/twilio/3",
	    TWILIO_SMS_SIG, TWILIO_TOKEN, &m, &e), SMS_HOOK_OK, &e, NULL);
	/* Another inbox, another port, another scheme, a re-sorted query. */
	expect(twilio(TWILIO_SMS_BODY,
	    "https://kaito.example.com/hooks/sms/twilio/4", TWILIO_SMS_SIG,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_SIGNATURE, &e, NULL);
	assert_wiped(&m);
	expect(twilio(TWILIO_SMS_BODY,
	    "https://kaito.example.com:8443/hooks/sms/twilio/3",
	    TWILIO_SMS_SIG_PORT443, TWILIO_TOKEN, &m, &e), SMS_HOOK_SIGNATURE,
	    &e, NULL);
	expect(twilio(TWILIO_SMS_BODY,
	    "http://kaito.example.com/hooks/sms/twilio/3", TWILIO_SMS_SIG,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_SIGNATURE, &e, NULL);
	expect(twilio(TWILIO_SMS_BODY, TWILIO_URL "?a=1&b=2",
	    TWILIO_QUERY_SIG, TWILIO_TOKEN, &m, &e), SMS_HOOK_SIGNATURE, &e,
	    NULL);
	expect(twilio(TWILIO_SMS_BODY, "", TWILIO_SMS_SIG, TWILIO_TOKEN, &m,
	    &e), SMS_HOOK_SIGNATURE, &e, "no public URL");
}

/* Replace the first occurrence of from by to in a copy of s. */
static char *
edit(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	char *out;
	size_t n;

	assert_non_null(p);
	n = strlen(s) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, s, (size_t)(p - s));
	memcpy(out + (p - s), to, strlen(to));
	strcpy(out + (p - s) + strlen(to), p + strlen(from));
	return out;
}

static void
test_twilio_tampered(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char *b;

	(void)state;
	/* One digit of the code. */
	b = edit(TWILIO_SMS_BODY, "482913", "482914");
	expect(twilio(b, TWILIO_URL, TWILIO_SMS_SIG, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "X-Twilio-Signature does not match");
	assert_null(strstr(e.msg, "48291"));	/* no text in errors */
	free(b);
	/* Another sender. */
	b = edit(TWILIO_SMS_BODY, "From=%2B15550100999", "From=%2B15550100998");
	expect(twilio(b, TWILIO_URL, TWILIO_SMS_SIG, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, NULL);
	free(b);
	/* A field added, a field dropped. */
	b = edit(TWILIO_SMS_BODY, "ToCountry=US&", "ToCountry=US&Extra=1&");
	expect(twilio(b, TWILIO_URL, TWILIO_SMS_SIG, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, NULL);
	free(b);
	b = edit(TWILIO_SMS_BODY, "ToCountry=US&", "");
	expect(twilio(b, TWILIO_URL, TWILIO_SMS_SIG, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, NULL);
	free(b);
	/* '+' and "%20" decode alike: the signature covers decoded values. */
	b = edit(TWILIO_SMS_BODY, "Your+NS1", "Your%20NS1");
	expect(twilio(b, TWILIO_URL, TWILIO_SMS_SIG, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_OK, &e, NULL);
	free(b);
}

static void
test_twilio_bad_signatures(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char sig[] = TWILIO_SMS_SIG;
	struct hdr none[] = { { NULL, NULL } };
	struct hdr two[] = { { "X-Twilio-Signature", TWILIO_SMS_SIG },
	    { "X-Twilio-Webhooks-Signature-Settings",
	    "key=k1,algorithm=HMAC_SHA256" }, { NULL, NULL } };

	(void)state;
	sig[3] = sig[3] == 'A' ? 'B' : 'A';
	expect(twilio(TWILIO_SMS_BODY, TWILIO_URL, sig, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "does not match");
	expect(twilio(TWILIO_SMS_BODY, TWILIO_URL, TWILIO_SMS_SIG,
	    "0f2e5b1c7a3d4e6f8091a2b3c4d5e6f7", &m, &e), SMS_HOOK_SIGNATURE,
	    &e, NULL);
	expect(twilio(TWILIO_SMS_BODY, TWILIO_URL, "", TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "no X-Twilio-Signature header");
	expect(twilio(TWILIO_SMS_BODY, TWILIO_URL, "not base64!",
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_SIGNATURE, &e, "not a base64");
	/* A SHA-256 tag where a SHA-1 one belongs. */
	expect(twilio(TWILIO_SMS_BODY, TWILIO_URL,
	    "K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=", TWILIO_TOKEN, &m,
	    &e), SMS_HOOK_SIGNATURE, &e, "not a base64 HMAC-SHA1");
	expect(run(sms_twilio_verify, TWILIO_SMS_BODY,
	    strlen(TWILIO_SMS_BODY), TWILIO_URL, none, TWILIO_TOKEN, NOW, &m,
	    &e), SMS_HOOK_SIGNATURE, &e, "no X-Twilio-Signature header");
	expect(twilio(TWILIO_SMS_BODY, TWILIO_URL, TWILIO_SMS_SIG, "", &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "no auth token");
	/* Still checked the Twilio way when the other header is there. */
	expect(run(sms_twilio_verify, TWILIO_SMS_BODY,
	    strlen(TWILIO_SMS_BODY), TWILIO_URL, two, TWILIO_TOKEN, NOW, &m,
	    &e), SMS_HOOK_OK, &e, NULL);
	two[0].value = sig;
	expect(run(sms_twilio_verify, TWILIO_SMS_BODY,
	    strlen(TWILIO_SMS_BODY), TWILIO_URL, two, TWILIO_TOKEN, NOW, &m,
	    &e), SMS_HOOK_SIGNATURE, &e, "not supported");
}

static void
test_twilio_fields(void **state)
{
	struct sms_msg m;
	struct errbuf e;

	(void)state;
	expect(twilio(TWILIO_NO_TO_BODY, TWILIO_URL, TWILIO_NO_TO_SIG,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_MISSING, &e, "missing field 'To'");
	assert_wiped(&m);
	expect(twilio(TWILIO_TWO_FROM_BODY, TWILIO_URL, TWILIO_TWO_FROM_SIG,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_MALFORMED, &e,
	    "field 'From' given 2 times");
	expect(twilio(TWILIO_BAD_TO_BODY, TWILIO_URL, TWILIO_BAD_TO_SIG,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_MALFORMED, &e,
	    "To is not an E.164 number");
	assert_wiped(&m);
}

/*
 * Twilio's algorithm once more, independently of src/sms: for requests
 * built here (sizes the generator should not have to write out).
 */
static void
twilio_sign(const char *token, const char *url, const char *const *kv,
    size_t n, char *out, size_t outcap)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen;
	const char *sorted[32];
	size_t i, j, len = strlen(url);
	char *msg;

	assert_true(n <= 16);
	for (i = 0; i < n; i++)
		sorted[i] = kv[2 * i];
	for (i = 0; i < n; i++)		/* names are distinct here */
		for (j = i + 1; j < n; j++)
			if (strcmp(sorted[j], sorted[i]) < 0) {
				const char *t = sorted[i];

				sorted[i] = sorted[j];
				sorted[j] = t;
			}
	for (i = 0; i < 2 * n; i++)
		len += strlen(kv[i]);
	msg = malloc(len + 1);
	assert_non_null(msg);
	strcpy(msg, url);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (sorted[i] == kv[2 * j]) {
				strcat(msg, kv[2 * j]);
				strcat(msg, kv[2 * j + 1]);
			}
	assert_non_null(HMAC(EVP_sha1(), token, (int)strlen(token),
	    (unsigned char *)msg, strlen(msg), mac, &maclen));
	sodium_bin2base64(out, outcap, mac, maclen,
	    sodium_base64_VARIANT_ORIGINAL);
	free(msg);
}

/* kv pairs as a form body (values with only unreserved characters, or
 * written already encoded as their decoded value equals). */
static char *
form_of(const char *const *kv, size_t n)
{
	size_t i, len = 1;
	char *b;

	for (i = 0; i < 2 * n; i++)
		len += strlen(kv[i]) + 1;
	b = calloc(1, len);
	assert_non_null(b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(b, "&");
		strcat(b, kv[2 * i]);
		strcat(b, "=");
		strcat(b, kv[2 * i + 1]);
	}
	return b;
}

static void
test_twilio_oversize(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char sig[64], *big, *body;
	const char *kv[] = { "MessageSid", "SM1", "From", "+15550100999",
	    "To", "+15550100123", "Body", NULL };
	const char *enc[] = { "MessageSid", "SM1", "From", "%2B15550100999",
	    "To", "%2B15550100123", "Body", NULL };

	(void)state;
	/* A whole body over the cap: refused before anything else. */
	big = malloc(LIMIT_SMS_WEBHOOK + 2);
	assert_non_null(big);
	memset(big, 'a', LIMIT_SMS_WEBHOOK + 1);
	big[LIMIT_SMS_WEBHOOK + 1] = '\0';
	expect(twilio(big, TWILIO_URL, TWILIO_SMS_SIG, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_TOO_LARGE, &e, "body longer than");
	/* A signed Body one byte over LIMIT_SMS_BODY, and one at it. */
	big[LIMIT_SMS_BODY + 1] = '\0';
	kv[7] = enc[7] = big;
	twilio_sign(TWILIO_TOKEN, TWILIO_URL, kv, 4, sig, sizeof(sig));
	body = form_of(enc, 4);
	expect(twilio(body, TWILIO_URL, sig, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_TOO_LARGE, &e, "Body longer than 8192 bytes");
	free(body);
	big[LIMIT_SMS_BODY] = '\0';
	twilio_sign(TWILIO_TOKEN, TWILIO_URL, kv, 4, sig, sizeof(sig));
	body = form_of(enc, 4);
	expect(twilio(body, TWILIO_URL, sig, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_OK, &e, NULL);
	assert_int_equal(m.body_len, LIMIT_SMS_BODY);
	free(body);
	free(big);
}

/* Control characters in a text become spaces; tab and line breaks stay;
 * invalid UTF-8 and a NUL are refused. */
static void
test_twilio_body_text(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char sig[64], *body;
	const char *dec[] = { "MessageSid", "SM1", "From", "+15550100999",
	    "To", "+15550100123", "Body", "a\033[2Jb\tc\r\nd\177" };

	(void)state;
	twilio_sign(TWILIO_TOKEN, TWILIO_URL, dec, 4, sig, sizeof(sig));
	body = strdup("MessageSid=SM1&From=%2B15550100999&To=%2B15550100123"
	    "&Body=a%1B[2Jb%09c%0D%0Ad%7F");
	expect(twilio(body, TWILIO_URL, sig, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_OK, &e, NULL);
	assert_string_equal(m.body, "a [2Jb\tc\r\nd ");
	free(body);
	dec[7] = "\xff";
	twilio_sign(TWILIO_TOKEN, TWILIO_URL, dec, 4, sig, sizeof(sig));
	expect(twilio("MessageSid=SM1&From=%2B15550100999&To=%2B15550100123"
	    "&Body=%FF", TWILIO_URL, sig, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_MALFORMED, &e, "Body is not valid UTF-8");
	expect(twilio("MessageSid=SM1&Body=%00", TWILIO_URL, sig,
	    TWILIO_TOKEN, &m, &e), SMS_HOOK_MALFORMED, &e, "%00");
}

static void
test_twilio_malformed_forms(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char *many;
	size_t i;

	(void)state;
	expect(twilio("Body=%ZZ", TWILIO_URL, TWILIO_SMS_SIG, TWILIO_TOKEN,
	    &m, &e), SMS_HOOK_MALFORMED, &e, "not followed by two hex");
	expect(twilio("=x", TWILIO_URL, TWILIO_SMS_SIG, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_MALFORMED, &e, "has no name");
	many = malloc(LIMIT_SMS_FORM_FIELDS * 4 + 8);
	assert_non_null(many);
	many[0] = '\0';
	for (i = 0; i <= LIMIT_SMS_FORM_FIELDS; i++)
		strcat(many, "a=1&");
	expect(twilio(many, TWILIO_URL, TWILIO_SMS_SIG, TWILIO_TOKEN, &m, &e),
	    SMS_HOOK_MALFORMED, &e, "more than 100 fields");
	free(many);
}

/* --- generic (Standard Webhooks) ----------------------------------------- */

static int
generic(const char *body, const char *id, const char *ts, const char *sig,
    const char *secret, int64_t now, struct sms_msg *m, struct errbuf *e)
{
	struct hdr h[] = { { "webhook-id", id }, { "webhook-timestamp", ts },
	    { "webhook-signature", sig }, { NULL, NULL } };

	return run(sms_generic_verify, body, strlen(body), "", h, secret, now,
	    m, e);
}

/* The Standard Webhooks specification's own vector: the signature is
 * accepted, and then the body lacks Kaito's fields. */
static void
test_generic_spec_vector(void **state)
{
	struct sms_msg m;
	struct errbuf e;

	(void)state;
	expect(generic("{\"test\": 2432232314}", "msg_p5jXN8AQM9LWM0D4loKWxJek",
	    "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
	    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 1614265330, &m, &e),
	    SMS_HOOK_MISSING, &e, "missing field 'from'");
	expect(generic("{\"test\": 2432232315}", "msg_p5jXN8AQM9LWM0D4loKWxJek",
	    "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
	    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 1614265330, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "no webhook-signature matches");
}

static void
test_generic_ok(void **state)
{
	struct sms_msg m;
	struct errbuf e;

	(void)state;
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS + 1, &m, &e), SMS_HOOK_OK, &e, NULL);
	assert_string_equal(m.id, GENERIC_ID);
	assert_string_equal(m.from, "+4915112345678");
	assert_string_equal(m.to, "+15550100123");
	assert_string_equal(m.body,
	    "Ihr Google-Best\xc3\xa4tigungscode lautet 482913.");
	assert_int_equal(m.received_at, GENERIC_TS - 2);
	/* No received_at: the signed timestamp stands in; an alphanumeric
	 * sender ID is a sender too. */
	expect(generic(GENERIC_BODY2, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG2,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_OK, &e, NULL);
	assert_string_equal(m.from, "AMAZON");
	assert_int_equal(m.received_at, GENERIC_TS);
	/* A secret without the whsec_ prefix is the key itself. */
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR,
	    GENERIC_RAW_SIG, GENERIC_RAW_SECRET, GENERIC_TS, &m, &e),
	    SMS_HOOK_OK, &e, NULL);
}

/* While a secret rotates, senders list several signatures. */
static void
test_generic_rotation(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char v2[] = GENERIC_SIG;

	(void)state;
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR,
	    "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= " GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_OK, &e, NULL);
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR,
	    "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7"
	    "AZdpXwVLPo3mNl8EM+m7TBAg== " GENERIC_SIG, GENERIC_SECRET,
	    GENERIC_TS, &m, &e), SMS_HOOK_OK, &e, NULL);
	/* The right tag under another version is not a v1 signature. */
	v2[1] = '2';
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, v2,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e, NULL);
}

static void
test_generic_tampered(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char *b;

	(void)state;
	b = edit(GENERIC_BODY, "482913", "482914");
	expect(generic(b, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e,
	    "no webhook-signature matches");
	assert_null(strstr(e.msg, "48291"));
	assert_wiped(&m);
	free(b);
	/* The id and the timestamp are signed too. */
	expect(generic(GENERIC_BODY, "msg_other", GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e, NULL);
	expect(generic(GENERIC_BODY, GENERIC_ID, "1718000001", GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e, NULL);
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==", GENERIC_TS, &m,
	    &e), SMS_HOOK_SIGNATURE, &e, NULL);
}

/* A replay: the same request, later. Within the window it verifies again
 * with the same id (the store stores it once); past it, it is stale. */
static void
test_generic_stale_and_replay(void **state)
{
	struct sms_msg m;
	struct errbuf e;

	(void)state;
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS + 300, &m, &e), SMS_HOOK_OK, &e, NULL);
	assert_string_equal(m.id, GENERIC_ID);
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS + 301, &m, &e), SMS_HOOK_STALE, &e,
	    "301 s behind our clock");
	assert_wiped(&m);
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS - 300, &m, &e), SMS_HOOK_OK, &e, NULL);
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS - 301, &m, &e), SMS_HOOK_STALE, &e,
	    "ahead of our clock");
	/* Stale and forged is forged. */
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR,
	    "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=", GENERIC_SECRET,
	    GENERIC_TS + 3600, &m, &e), SMS_HOOK_SIGNATURE, &e, NULL);
}

static void
test_generic_headers(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	struct hdr h[] = { { "webhook-id", GENERIC_ID },
	    { "webhook-signature", GENERIC_SIG }, { NULL, NULL } };
	char longid[LIMIT_SMS_MSGID + 2];

	(void)state;
	expect(run(sms_generic_verify, GENERIC_BODY, strlen(GENERIC_BODY), "",
	    h, GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e,
	    "no webhook-timestamp header");
	expect(generic(GENERIC_BODY, "", GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e,
	    "no webhook-id header");
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, "",
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e,
	    "no webhook-signature header");
	expect(generic(GENERIC_BODY, GENERIC_ID, "17180000.5", GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e,
	    "not Unix seconds");
	memset(longid, 'a', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	expect(generic(GENERIC_BODY, longid, GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e,
	    "webhook-id header longer than 128 bytes");
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    "whsec_!!!!", GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e,
	    "not whsec_ and base64");
	expect(generic(GENERIC_BODY, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    "", GENERIC_TS, &m, &e), SMS_HOOK_SIGNATURE, &e,
	    "no usable secret");
}

static void
test_generic_bodies(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char *big;

	(void)state;
#define G(b, s) generic(b, GENERIC_ID, GENERIC_TS_STR, s, GENERIC_SECRET, \
	GENERIC_TS, &m, &e)
	expect(G(GENERIC_STATUS_BODY, GENERIC_STATUS_SIG), SMS_HOOK_IGNORED,
	    &e, "not sms.received");
	assert_wiped(&m);
	expect(G(GENERIC_NO_TO_BODY, GENERIC_NO_TO_SIG), SMS_HOOK_MISSING, &e,
	    "missing field 'to'");
	expect(G(GENERIC_BAD_TO_BODY, GENERIC_BAD_TO_SIG), SMS_HOOK_MALFORMED,
	    &e, "to is not an E.164 number");
	expect(G(GENERIC_NUM_FROM_BODY, GENERIC_NUM_FROM_SIG),
	    SMS_HOOK_MALFORMED, &e, "field 'from' is not a string");
	expect(G(GENERIC_BAD_AT_BODY, GENERIC_BAD_AT_SIG), SMS_HOOK_MALFORMED,
	    &e, "received_at");
	expect(G(GENERIC_ARRAY_BODY, GENERIC_ARRAY_SIG), SMS_HOOK_MALFORMED,
	    &e, "not a JSON object");
	expect(G(GENERIC_DUP_BODY, GENERIC_DUP_SIG), SMS_HOOK_MALFORMED, &e,
	    "not valid JSON");
	expect(G(GENERIC_NOTJSON_BODY, GENERIC_NOTJSON_SIG),
	    SMS_HOOK_MALFORMED, &e, "not valid JSON");
#undef G
	big = malloc(LIMIT_SMS_WEBHOOK + 2);
	assert_non_null(big);
	memset(big, ' ', LIMIT_SMS_WEBHOOK + 1);
	big[LIMIT_SMS_WEBHOOK + 1] = '\0';
	expect(generic(big, GENERIC_ID, GENERIC_TS_STR, GENERIC_SIG,
	    GENERIC_SECRET, GENERIC_TS, &m, &e), SMS_HOOK_TOO_LARGE, &e, NULL);
	free(big);
}

/* --- android-sms-gateway ----------------------------------------------- */

static int
asg(const char *body, const char *ts, const char *sig, const char *key,
    int64_t now, struct sms_msg *m, struct errbuf *e)
{
	struct hdr h[] = { { "X-Signature", sig }, { "X-Timestamp", ts },
	    { NULL, NULL } };

	return run(sms_smsgate_verify, body, strlen(body), "", h, key, now,
	    m, e);
}

static void
test_smsgate_ok(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char upper[] = ASG_SIG;
	size_t i;

	(void)state;
	expect(asg(ASG_BODY, ASG_TS_STR, ASG_SIG, ASG_KEY, ASG_TS + 5, &m, &e),
	    SMS_HOOK_OK, &e, NULL);
	assert_string_equal(m.id, "Ey6ECgOkVVFjz3CL48B8C");
	assert_string_equal(m.from, "6505551212");
	assert_string_equal(m.to, "");
	assert_string_equal(m.body,
	    "Your Uber code: 4821. Never share this code.");
	/* 2024-06-22T15:46:11+07:00 */
	assert_int_equal(m.received_at, 1719045971);
	for (i = 0; upper[i] != '\0'; i++)
		if (upper[i] >= 'a' && upper[i] <= 'f')
			upper[i] = (char)(upper[i] - 'a' + 'A');
	expect(asg(ASG_BODY, ASG_TS_STR, upper, ASG_KEY, ASG_TS, &m, &e),
	    SMS_HOOK_OK, &e, NULL);
}

static void
test_smsgate_refused(void **state)
{
	struct sms_msg m;
	struct errbuf e;
	char *b;
	char sig[] = ASG_SIG;

	(void)state;
	b = edit(ASG_BODY, "4821", "4822");
	expect(asg(b, ASG_TS_STR, ASG_SIG, ASG_KEY, ASG_TS, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "X-Signature does not match");
	free(b);
	sig[0] = sig[0] == '0' ? '1' : '0';
	expect(asg(ASG_BODY, ASG_TS_STR, sig, ASG_KEY, ASG_TS, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "does not match");
	expect(asg(ASG_BODY, "1719046001", ASG_SIG, ASG_KEY, ASG_TS, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, NULL);
	expect(asg(ASG_BODY, ASG_TS_STR, ASG_SIG, "x9T2kq7LmA4vR1pz", ASG_TS,
	    &m, &e), SMS_HOOK_SIGNATURE, &e, NULL);
	expect(asg(ASG_BODY, ASG_TS_STR, "", ASG_KEY, ASG_TS, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "no X-Signature header");
	expect(asg(ASG_BODY, "", ASG_SIG, ASG_KEY, ASG_TS, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "no X-Timestamp header");
	expect(asg(ASG_BODY, ASG_TS_STR, "zz", ASG_KEY, ASG_TS, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "not a hex HMAC-SHA256");
	expect(asg(ASG_BODY, ASG_TS_STR, ASG_SIG, "", ASG_TS, &m, &e),
	    SMS_HOOK_SIGNATURE, &e, "no signing key");
	/* Replayed six minutes later, or from a phone clock far ahead. */
	expect(asg(ASG_BODY, ASG_TS_STR, ASG_SIG, ASG_KEY, ASG_TS + 360, &m,
	    &e), SMS_HOOK_STALE, &e, "360 s behind");
	assert_wiped(&m);
	expect(asg(ASG_BODY, ASG_TS_STR, ASG_SIG, ASG_KEY, ASG_TS - 3600, &m,
	    &e), SMS_HOOK_STALE, &e, "ahead of our clock");
}

static void
test_smsgate_events_and_fields(void **state)
{
	struct sms_msg m;
	struct errbuf e;

	(void)state;
#define S(b, s) asg(b, ASG_TS_STR, s, ASG_KEY, ASG_TS, &m, &e)
	expect(S(ASG_PING_BODY, ASG_PING_SIG), SMS_HOOK_IGNORED, &e,
	    "not sms:received");
	/* Old versions: no event id, payload.messageId instead; receivedAt
	 * that is not RFC 3339: the signed timestamp stands in. */
	expect(S(ASG_OLD_BODY, ASG_OLD_SIG), SMS_HOOK_OK, &e, NULL);
	assert_string_equal(m.id, "69bde8d0");
	assert_string_equal(m.from, "+15550100999");
	assert_int_equal(m.received_at, ASG_TS);
	expect(S(ASG_NOID_BODY, ASG_NOID_SIG), SMS_HOOK_MISSING, &e,
	    "missing field 'id'");
	expect(S(ASG_NOPAYLOAD_BODY, ASG_NOPAYLOAD_SIG), SMS_HOOK_MISSING, &e,
	    "missing field 'payload'");
	expect(S(ASG_PAYLOADSTR_BODY, ASG_PAYLOADSTR_SIG), SMS_HOOK_MALFORMED,
	    &e, "'payload' is not an object");
	expect(S(ASG_NOMSG_BODY, ASG_NOMSG_SIG), SMS_HOOK_MISSING, &e,
	    "missing field 'message'");
#undef S
}

/* --- the provider table -------------------------------------------------- */

static void
test_provider_table(void **state)
{
	const struct sms_provider *p;

	(void)state;
	assert_non_null(p = sms_provider_find("twilio"));
	assert_ptr_equal(p->verify, sms_twilio_verify);
	assert_string_equal(p->reply_type, "text/xml");
	assert_non_null(strstr(p->reply_body, "<Response/>"));
	assert_non_null(p = sms_provider_find("generic"));
	assert_ptr_equal(p->verify, sms_generic_verify);
	assert_non_null(p = sms_provider_find("android-sms-gateway"));
	assert_ptr_equal(p->verify, sms_smsgate_verify);
	assert_null(sms_provider_find("Twilio"));
	assert_null(sms_provider_find(""));
	assert_null(sms_provider_find(NULL));
	assert_null(sms_providers[3]);

	assert_int_equal(sms_hook_status(SMS_HOOK_OK), 200);
	assert_int_equal(sms_hook_status(SMS_HOOK_IGNORED), 200);
	assert_int_equal(sms_hook_status(SMS_HOOK_SIGNATURE), 403);
	assert_int_equal(sms_hook_status(SMS_HOOK_STALE), 403);
	assert_int_equal(sms_hook_status(SMS_HOOK_MISSING), 400);
	assert_int_equal(sms_hook_status(SMS_HOOK_MALFORMED), 400);
	assert_int_equal(sms_hook_status(SMS_HOOK_TOO_LARGE), 413);
	assert_int_equal(sms_hook_status(SMS_HOOK_INTERNAL), 500);
	assert_int_equal(sms_hook_status(99), 500);
	assert_int_equal(sms_hook_status(-1), 500);
	assert_string_equal(sms_hook_rc_name(SMS_HOOK_SIGNATURE),
	    "bad_signature");
	assert_string_equal(sms_hook_rc_name(SMS_HOOK_STALE), "stale");
	assert_string_equal(sms_hook_rc_name(42), "internal");
}

/* --- E.164 --------------------------------------------------------------- */

static const struct {
	const char *s;
	int valid;
} e164_cases[] = {
	{ "+15550100123", 1 },		/* NANP: 10 digits after +1 */
	{ "+4915112345678", 1 },	/* Germany, mobile */
	{ "+442079460958", 1 },		/* UK */
	{ "+33612345678", 1 },		/* France */
	{ "+819012345678", 1 },		/* Japan */
	{ "+8613812345678", 1 },	/* China */
	{ "+2906123", 1 },		/* Saint Helena: 7 digits */
	{ "+6834002", 1 },		/* Niue */
	{ "+380441234567", 1 },		/* Ukraine */
	{ "+998901234567", 1 },		/* Uzbekistan */
	{ "+882345678901", 1 },		/* international networks */
	{ "+123456789012345", 0 },	/* +1 with 14 digits */
	{ "+1555010012", 0 },		/* +1 with 9 */
	{ "+491234567890123456", 0 },	/* 18 digits */
	{ "+4912345", 1 },
	{ "+491234", 0 },		/* 6 digits */
	{ "15550100123", 0 },		/* no '+' */
	{ "+0123456789", 0 },		/* no country 0 */
	{ "+2801234567", 0 },		/* 28x is spare */
	{ "+4221234567", 0 },		/* 422 is spare */
	{ "+6711234567", 0 },		/* Guam moved to +1 */
	{ "+6931234567", 0 },		/* 693 is spare */
	{ "+9991234567", 0 },
	{ "+1 5550100123", 0 },		/* canonical form has no spaces */
	{ "+", 0 },
	{ "", 0 },
	{ "+1555010012a", 0 },
	{ "++15550100123", 0 },
};

static void
test_e164_valid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(e164_cases); i++)
		if (e164_valid(e164_cases[i].s, strlen(e164_cases[i].s)) !=
		    e164_cases[i].valid)
			fail_msg("case %zu \"%s\": want %d", i, e164_cases[i].s,
			    e164_cases[i].valid);
}

static const struct {
	const char *in, *out, *err;
} e164_norm[] = {
	{ "+1 (555) 010-0123", "+15550100123", NULL },
	{ "+49 151 1234 5678", "+4915112345678", NULL },
	{ "0044 20 7946 0958", "+442079460958", NULL },
	{ "  +33 6.12.34.56.78 ", "+33612345678", NULL },
	{ "+81/90/1234/5678", "+819012345678", NULL },
	{ "555-010-0123", NULL, "must start with '+'" },
	{ "+1 555 010 012", NULL, "+1 numbers have 10 digits" },
	{ "+28 1234 5678", NULL, "no country has code +281" },
	{ "+49 151 1234 5678 9999", NULL, "more than 15 digits" },
	{ "+49 12", NULL, "has 4 digits (7 to 15)" },
	{ "+49 151 1234x5678", NULL, "unexpected character at position 13" },
	{ "+4915112345678 ext. 5", NULL, "unexpected character" },
};

static void
test_e164_normalize(void **state)
{
	char out[E164_MAX + 1];
	struct errbuf e;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < ARRAY_LEN(e164_norm); i++) {
		e.msg[0] = '\0';
		rc = e164_normalize(e164_norm[i].in, out, &e);
		if (e164_norm[i].out != NULL) {
			if (rc != 0 || strcmp(out, e164_norm[i].out) != 0)
				fail_msg("case %zu: got %d \"%s\" (%s)", i, rc,
				    out, e.msg);
			assert_true(e164_valid(out, strlen(out)));
		} else if (rc != -1 || strstr(e.msg, e164_norm[i].err) == NULL)
			fail_msg("case %zu: got %d \"%s\", want \"%s\"", i, rc,
			    e.msg, e164_norm[i].err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twilio_documented_vector),
		cmocka_unit_test(test_twilio_inbound_sms),
		cmocka_unit_test(test_twilio_reordered),
		cmocka_unit_test(test_twilio_urls),
		cmocka_unit_test(test_twilio_tampered),
		cmocka_unit_test(test_twilio_bad_signatures),
		cmocka_unit_test(test_twilio_fields),
		cmocka_unit_test(test_twilio_oversize),
		cmocka_unit_test(test_twilio_body_text),
		cmocka_unit_test(test_twilio_malformed_forms),
		cmocka_unit_test(test_generic_spec_vector),
		cmocka_unit_test(test_generic_ok),
		cmocka_unit_test(test_generic_rotation),
		cmocka_unit_test(test_generic_tampered),
		cmocka_unit_test(test_generic_stale_and_replay),
		cmocka_unit_test(test_generic_headers),
		cmocka_unit_test(test_generic_bodies),
		cmocka_unit_test(test_smsgate_ok),
		cmocka_unit_test(test_smsgate_refused),
		cmocka_unit_test(test_smsgate_events_and_fields),
		cmocka_unit_test(test_provider_table),
		cmocka_unit_test(test_e164_valid),
		cmocka_unit_test(test_e164_normalize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
