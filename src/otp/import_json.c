/*
 * import_json.c -- typed access to the JSON that four of the importers
 * read (Aegis, 2FAS, andOTP, Bitwarden), through jansson.
 *
 * Why: every field of an export is untrusted, and a seed where a number
 * belongs must give a clear error, not a crash or a silent zero. These
 * helpers check each field's type and range and word the errors the same
 * way for all formats. The parse refuses duplicate keys: two "secret"
 * keys would mean whatever the last parser to read the file chose.
 * SECRECY: jansson's error text quotes the input near the error, and the
 * input holds seeds, so messages carry only a fixed phrase, the line and
 * the column; the jansson error struct is wiped. The strings jansson
 * copies are wiped on free by the allocator of util/jsonmem.c, which
 * whoever calls the importers installs.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "otp/import_int.h"

static const char *
load_error_phrase(const json_error_t *err)
{
	switch (json_error_code(err)) {
	case json_error_invalid_utf8:
		return "not valid UTF-8";
	case json_error_premature_end_of_input:
		return "JSON ends too early";
	case json_error_end_of_input_expected:
		return "data after the end of the JSON";
	case json_error_wrong_type:
		return "not a JSON object or array";
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return "NUL character in JSON";
	case json_error_duplicate_key:
		return "duplicate key in JSON";
	case json_error_numeric_overflow:
		return "number too large in JSON";
	case json_error_stack_overflow:
		return "JSON nested too deeply";
	case json_error_out_of_memory:
		return "out of memory reading JSON";
	default:
		return "not valid JSON";
	}
}

int
import_json_load(const char *buf, size_t len, json_t **root,
    struct errbuf *e)
{
	json_error_t err;
	int rc = -1;

	if ((*root = json_loadb(buf, len, JSON_REJECT_DUPLICATES,
	    &err)) == NULL) {
		errbuf_set(e, "%s (line %d, column %d)",
		    load_error_phrase(&err), err.line, err.column);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(&err, sizeof(err));
	return rc;
}

int
import_json_str(json_t *o, const char *key, const char **s, size_t *n,
    struct errbuf *e)
{
	json_t *v = json_object_get(o, key);

	*s = NULL;
	*n = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return errbuf_set(e, "%s is not a string", key);
	*s = json_string_value(v);
	*n = json_string_length(v);
	return 0;
}

int
import_json_int(json_t *o, const char *key, int *have, long long *v,
    struct errbuf *e)
{
	json_t *j = json_object_get(o, key);

	*have = 0;
	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_integer(j))
		return errbuf_set(e, "%s is not an integer", key);
	*v = json_integer_value(j);
	*have = 1;
	return 0;
}

int
import_json_bool(json_t *o, const char *key, int *have, int *v,
    struct errbuf *e)
{
	json_t *j = json_object_get(o, key);

	*have = 0;
	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_boolean(j))
		return errbuf_set(e, "%s is not true or false", key);
	*v = json_is_true(j);
	*have = 1;
	return 0;
}

int
import_json_digits(json_t *o, const char *key, struct otp_token *t,
    int *have, struct errbuf *e)
{
	long long v;
	int h;

	if (import_json_int(o, key, &h, &v, e) == -1)
		return -1;
	if (have != NULL)
		*have = h;
	if (!h)
		return 0;
	/* otp_token_check() judges the kind's range; this only keeps the
	 * value representable. */
	if (v < 0 || v > 99)
		return errbuf_set(e, "digits %lld out of range (%d to %d)", v,
		    OTP_DIGITS_MIN, OTP_DIGITS_MAX);
	t->digits = (unsigned)v;
	return 0;
}

int
import_json_period(json_t *o, const char *key, struct otp_token *t,
    struct errbuf *e)
{
	long long v;
	int h;

	if (import_json_int(o, key, &h, &v, e) == -1)
		return -1;
	if (!h)
		return 0;
	if (v < 1 || v > (long long)UINT32_MAX)
		return errbuf_set(e, "period %lld is not a whole number of "
		    "seconds from 1", v);
	t->period = (uint32_t)v;
	return 0;
}

int
import_json_counter(json_t *o, const char *key, struct otp_token *t,
    int *have, struct errbuf *e)
{
	long long v;
	int h;

	if (import_json_int(o, key, &h, &v, e) == -1)
		return -1;
	if (have != NULL)
		*have = h;
	if (!h)
		return 0;
	if (v < 0)
		return errbuf_set(e, "counter %lld is negative", v);
	t->counter = (uint64_t)v;
	return 0;
}

int
import_quotable(const char *s, size_t n)
{
	size_t i;

	if (n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return 0;
	return 1;
}

int
import_json_algo(struct import_ctx *c, const struct import_entry *en,
    json_t *o, const char *key, struct otp_token *t)
{
	const char *s;
	size_t n;

	if (import_json_str(o, key, &s, &n, c->e) == -1)
		return -1;
	if (s == NULL || otp_algo_parse(s, n, &t->algo) == 0)
		return 0;
	if (!import_quotable(s, n))
		return import_unsupported(c, en, "%s is not supported (SHA1, "
		    "SHA256 or SHA512)", key);
	return import_unsupported(c, en, "%s '%.*s' is not supported (SHA1, "
	    "SHA256 or SHA512)", key, (int)n, s);
}
