/*
 * token_input.c -- reading a new seed from a request body: an otpauth
 * URI, a base32 secret with its parameters, a QR code image, or another
 * app's export. See tokens_int.h.
 *
 * Why one file: POST /tokens and POST /tokens/{id}/rotate take the same
 * shapes, and every path that handles a seed in clear should be in one
 * place a reviewer can read in one go.
 * SECRECY: decoded images, export files and URIs are wiped before they
 *     are released. Parser messages (otp/, qr/) name positions and fields,
 *     never secrets; the one exception, the offending character of a bad
 *     base32 or base64 string, is cut out by redact() before a message
 *     reaches the client, because it may be a mistyped character of a
 *     real seed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "api/tokens_int.h"
#include "http/jv.h"
#include "http/respond.h"
#include "otp/base32.h"
#include "otp/import.h"
#include "otp/uri.h"
#include "qr/scan.h"
#include "util/errbuf.h"
#include "util/jsonmem.h"
#include "util/utf8.h"

/* Longest "secret" text: the longest seed in base32, with room for the
 * spaces and hyphens people paste. */
#define SECRET_TEXT_MAX	(2 * BASE32_ENCODED_LEN(LIMIT_OTP_SECRET) + 16)

/* The stored counter is an SQLite INTEGER that views increment. */
#define COUNTER_MAX	((uint64_t)INT64_MAX - 2)

/* Cut "'x' " and "0xhh " after "character " out of a parser message. */
static void
redact(char *msg)
{
	char *p = msg, *q;
	size_t cut;

	while ((p = strstr(p, "character ")) != NULL) {
		p += strlen("character ");
		q = p;
		if (q[0] == '\'' && q[1] != '\0' && q[2] == '\'')
			cut = 3;
		else if (q[0] == '0' && q[1] == 'x' && q[2] != '\0' &&
		    q[3] != '\0')
			cut = 4;
		else
			continue;
		if (q[cut] == ' ')
			cut++;
		memmove(q, q + cut, strlen(q + cut) + 1);
	}
}

/* Answer 400 "what: parser message", redacted. */
static int
bad_input(struct req *r, const char *what, struct errbuf *e)
{
	redact(e->msg);
	respond_400(r, "%s: %s", what, e->msg);
	return -1;
}

/* Checks every source shares: what the store can hold. */
static int
storable_or_400(struct req *r, const char *what, const struct otp_token *t)
{
	if (t->kind == OTP_HOTP && t->counter > COUNTER_MAX)
		return respond_400(r, "%s: counter larger than %llu", what,
		    (unsigned long long)COUNTER_MAX), -1;
	return 0;
}

static int
add_or_400(struct req *r, struct otp_list *out, const struct otp_token *t,
    const char *what)
{
	struct errbuf e;

	if (storable_or_400(r, what, t) == -1)
		return -1;
	if (otp_list_add(out, t, &e) == -1)
		return bad_input(r, what, &e);
	return 0;
}

static int
from_uri(struct req *r, const char *what, const char *uri,
    struct otp_list *out)
{
	struct otp_token t;
	struct errbuf e;
	int rc = -1;

	if (strncasecmp(uri, "otpauth-migration:", 18) == 0) {
		respond_400(r, "%s: this is a Google Authenticator export; "
		    "send it as {\"import\":{\"format\":\"google\",...}}", what);
		return -1;
	}
	if (otp_uri_parse(uri, &t, &e, NULL) == -1)
		return bad_input(r, what, &e);
	rc = add_or_400(r, out, &t, what);
	otp_token_clear(&t);
	return rc;
}

/* Named enum fields: "type" and "algorithm". */
static int
kind_algo_or_400(struct req *r, json_t *body, struct otp_token *t)
{
	const char *s = NULL;

	if (jv_str_or_400(r, body, "type", 0, 1, 16, &s) == -1)
		return -1;
	if (s != NULL && otp_kind_parse(s, strlen(s), &t->kind) == -1)
		return respond_400(r, "field 'type' must be totp, hotp or "
		    "steam"), -1;
	s = NULL;
	if (jv_str_or_400(r, body, "algorithm", 0, 1, 16, &s) == -1)
		return -1;
	if (s != NULL && otp_algo_parse(s, strlen(s), &t->algo) == -1)
		return respond_400(r, "field 'algorithm' must be SHA1, SHA256 "
		    "or SHA512"), -1;
	return 0;
}

/* The numeric parameters; defaults come from otp_token_init and kind. */
static int
numbers_or_400(struct req *r, json_t *body, struct otp_token *t)
{
	json_int_t digits = -1, period = OTP_DEFAULT_PERIOD, counter = -1;

	if (jv_int_or_400(r, body, "digits", 0, OTP_STEAM_DIGITS,
	    OTP_DIGITS_MAX, &digits) == -1 ||
	    jv_int_or_400(r, body, "period", 0, 1, UINT32_MAX, &period) == -1 ||
	    jv_int_or_400(r, body, "counter", 0, 0, (json_int_t)COUNTER_MAX,
	    &counter) == -1)
		return -1;
	if (counter >= 0 && t->kind != OTP_HOTP)
		return respond_400(r, "field 'counter' is for hotp tokens "
		    "only"), -1;
	if (t->kind == OTP_HOTP && json_object_get(body, "period") != NULL)
		return respond_400(r, "field 'period' is not for hotp "
		    "tokens"), -1;
	t->digits = digits >= 0 ? (unsigned)digits :
	    t->kind == OTP_STEAM ? OTP_STEAM_DIGITS : 6;
	t->period = (uint32_t)period;
	t->counter = counter >= 0 ? (uint64_t)counter : 0;
	return 0;
}

static int
from_secret(struct req *r, json_t *body, const char *secret,
    struct otp_list *out)
{
	struct otp_token t;
	struct errbuf e;
	int set, rc = -1;

	otp_token_init(&t);
	if (base32_decode(secret, strlen(secret), t.secret, sizeof(t.secret),
	    &t.secret_len, &e) == -1) {
		bad_input(r, "field 'secret'", &e);
		goto out;
	}
	if (t.secret_len == 0) {
		respond_400(r, "field 'secret' is empty");
		goto out;
	}
	if (kind_algo_or_400(r, body, &t) == -1 ||
	    numbers_or_400(r, body, &t) == -1 ||
	    token_label_or_400(r, body, "issuer", t.issuer, &set) == -1 ||
	    token_label_or_400(r, body, "account", t.account, &set) == -1)
		goto out;
	if (otp_token_check(&t, &e) == -1) {
		bad_input(r, "token", &e);
		goto out;
	}
	rc = add_or_400(r, out, &t, "token");
out:
	otp_token_clear(&t);
	return rc;
}

/* Decode base64 text (padding optional, line breaks ignored) into a new
 * buffer the caller wipes and frees. */
static int
base64_or_400(struct req *r, const char *what, const char *text,
    size_t len, unsigned char **out, size_t *outlen)
{
	int variant = memchr(text, '=', len) != NULL ?
	    sodium_base64_VARIANT_ORIGINAL :
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
	size_t cap = len / 4 * 3 + 3;

	*outlen = 0;
	if ((*out = malloc(cap)) == NULL)
		return respond_500(r), -1;
	if (sodium_base642bin(*out, cap, text, len, " \r\n\t", outlen, NULL,
	    variant) != 0) {
		free(*out);
		*out = NULL;
		return respond_400(r, "%s is not valid base64", what), -1;
	}
	return 0;
}

static void
bytes_free(unsigned char *p, size_t n)
{
	if (p == NULL)
		return;
	sodium_memzero(p, n);
	free(p);
}

static int
from_qr(struct req *r, json_t *v, struct otp_list *out)
{
	struct qr_texts texts = { NULL, 0 };
	struct errbuf e;
	unsigned char *img = NULL;
	size_t n = 0;
	int rc = -1;

	if (base64_or_400(r, "field 'qr_image'", json_string_value(v),
	    json_string_length(v), &img, &n) == -1)
		goto out;
	if (qr_decode_image(img, n, &texts, &e) == -1) {
		bad_input(r, "field 'qr_image'", &e);
		goto out;
	}
	if (texts.n != 1) {
		respond_400(r, "field 'qr_image': found %zu QR codes; send an "
		    "image with exactly one", texts.n);
		goto out;
	}
	if (strlen(texts.v[0].s) != texts.v[0].len) {
		respond_400(r, "field 'qr_image': the QR code is not an "
		    "otpauth:// URI");
		goto out;
	}
	rc = from_uri(r, "field 'qr_image'", texts.v[0].s, out);
out:
	qr_texts_free(&texts);
	bytes_free(img, n);
	return rc;
}

/* The export's bytes: "data" (text) or "data_base64". */
static int
import_data_or_400(struct req *r, json_t *imp, unsigned char **buf,
    size_t *len)
{
	json_t *d = json_object_get(imp, "data");
	json_t *b = json_object_get(imp, "data_base64");

	if ((d == NULL) == (b == NULL))
		return respond_400(r, "field 'import' needs exactly one of "
		    "'data' and 'data_base64'"), -1;
	if (b != NULL) {
		if (!json_is_string(b))
			return respond_400(r, "field 'data_base64' must be a "
			    "string"), -1;
		return base64_or_400(r, "field 'data_base64'",
		    json_string_value(b), json_string_length(b), buf, len);
	}
	if (!json_is_string(d))
		return respond_400(r, "field 'data' must be a string"), -1;
	*len = json_string_length(d);
	if ((*buf = malloc(*len + 1)) == NULL)
		return respond_500(r), -1;
	memcpy(*buf, json_string_value(d), *len + 1);
	return 0;
}

static int
from_import(struct req *r, json_t *imp, struct otp_list *out,
    const char **format)
{
	static const char *const keys[] = { "format", "data", "data_base64",
	    NULL };
	static const char *const names[] = { "google", "aegis", "2fas",
	    "andotp", "bitwarden" };
	enum import_format f;
	struct errbuf e;
	unsigned char *buf = NULL;
	const char *name = NULL;
	size_t len = 0, i;
	int rc = -1;

	if (!json_is_object(imp))
		return respond_400(r, "field 'import' must be an object"), -1;
	if (jv_only_keys_or_400(r, imp, keys) == -1 ||
	    jv_str_or_400(r, imp, "format", 1, 1, 16, &name) == -1)
		return -1;
	if (import_format_parse(name, &f) == -1)
		return respond_400(r, "field 'format' must be one of "
		    IMPORT_FORMAT_NAMES), -1;
	if (import_data_or_400(r, imp, &buf, &len) == -1)
		goto out;
	if (import_tokens(f, (const char *)buf, len, NULL, out, &e) == -1) {
		bad_input(r, "field 'import'", &e);
		goto out;
	}
	for (i = 0; i < out->n; i++)
		if (storable_or_400(r, "field 'import'", &out->v[i]) == -1)
			goto out;
	if (out->n == 0) {
		respond_400(r, "field 'import': the export holds no tokens");
		goto out;
	}
	*format = names[f];
	rc = 0;
out:
	bytes_free(buf, len);
	return rc;
}

/* The one source present, or NULL with 400 queued. */
static const char *
source_or_400(struct req *r, json_t *body, int flags)
{
	static const char *const sources[] = { "uri", "secret", "qr_image",
	    "import" };
	static const char *const params[] = { "issuer", "account", "type",
	    "algorithm", "digits", "period", "counter" };
	const char *found = NULL;
	size_t i;

	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		if (json_object_get(body, sources[i]) == NULL)
			continue;
		if (found != NULL)
			return respond_400(r, "send only one of 'uri', "
			    "'secret', 'qr_image'%s", flags &
			    TOKEN_INPUT_IMPORT ? ", 'import'" : ""), NULL;
		found = sources[i];
	}
	if (found == NULL || (strcmp(found, "import") == 0 &&
	    !(flags & TOKEN_INPUT_IMPORT)))
		return respond_400(r, "send one of 'uri', 'secret', "
		    "'qr_image'%s", flags & TOKEN_INPUT_IMPORT ?
		    ", 'import'" : ""), NULL;
	for (i = 0; strcmp(found, "secret") != 0 &&
	    i < sizeof(params) / sizeof(params[0]); i++)
		if (json_object_get(body, params[i]) != NULL)
			return respond_400(r, "field '%s' goes with 'secret' "
			    "only", params[i]), NULL;
	return found;
}

int
token_input_or_400(struct req *r, json_t *body, int flags,
    struct otp_list *out, const char **import_format)
{
	const char *src, *s = NULL;

	*import_format = NULL;
	if ((src = source_or_400(r, body, flags)) == NULL)
		return -1;
	if (strcmp(src, "import") == 0)
		return from_import(r, json_object_get(body, "import"), out,
		    import_format);
	if (strcmp(src, "uri") == 0) {
		if (jv_str_or_400(r, body, "uri", 1, 1, LIMIT_OTP_URI,
		    &s) == -1)
			return -1;
		return from_uri(r, "field 'uri'", s, out);
	}
	if (strcmp(src, "secret") == 0) {
		if (jv_str_or_400(r, body, "secret", 1, 1, SECRET_TEXT_MAX,
		    &s) == -1)
			return -1;
		return from_secret(r, body, s, out);
	}
	/* Not jv_str_or_400: base64 often comes with line breaks. */
	if (!json_is_string(json_object_get(body, "qr_image")))
		return respond_400(r, "field 'qr_image' must be a string"), -1;
	return from_qr(r, json_object_get(body, "qr_image"), out);
}

int
token_recovery_or_400(struct req *r, json_t *body, int *set, char **json)
{
	json_t *a = NULL, *v;
	size_t i, n;

	*set = 0;
	*json = NULL;
	if (jv_array_or_400(r, body, "recovery_codes", 0,
	    LIMIT_RECOVERY_CODES, &a) == -1)
		return -1;
	if (a == NULL)
		return json_object_get(body, "recovery_codes") == NULL ? 0 :
		    (*set = 1, 0);	/* null clears, like [] */
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			return respond_400(r, "recovery_codes[%zu] must be a "
			    "string", i), -1;
		n = json_string_length(v);
		if (n < 1 || n > LIMIT_RECOVERY_LEN)
			return respond_400(r, "recovery_codes[%zu] must be 1 to "
			    "%d bytes long", i, LIMIT_RECOVERY_LEN), -1;
		if (memchr(json_string_value(v), '\0', n) != NULL ||
		    utf8_has_control(json_string_value(v), n))
			return respond_400(r, "recovery_codes[%zu] contains a "
			    "control character", i), -1;
	}
	*set = 1;
	if (json_array_size(a) > 0 &&
	    (*json = json_dumps(a, JSON_COMPACT)) == NULL)
		return respond_500(r), -1;
	return 0;
}

int
token_label_or_400(struct req *r, json_t *body, const char *key,
    char dst[LIMIT_OTP_LABEL + 1], int *set)
{
	const char *s = NULL;
	struct errbuf e;

	*set = 0;
	if (jv_str_or_400(r, body, key, 0, 0, LIMIT_OTP_LABEL, &s) == -1)
		return -1;
	if (s == NULL)
		return 0;
	if (otp_token_set_name(dst, s, strlen(s), key, &e) == -1)
		return respond_400(r, "field '%s': %s", key, e.msg), -1;
	*set = 1;
	return 0;
}

int
token_code_or_400(struct req *r, json_t *body, const char *key,
    int required, const char **code)
{
	return jv_str_or_400(r, body, key, required, 1, 32, code);
}
