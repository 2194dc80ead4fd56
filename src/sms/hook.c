/*
 * hook.c -- the provider table and what the providers share (see
 * hook.h and hook_int.h).
 */
#include <string.h>

#include <sodium.h>

#include "sms/e164.h"
#include "sms/hook_int.h"
#include "util/utf8.h"

static const struct sms_provider twilio = {
	"twilio", sms_twilio_verify, "text/xml",
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>"
};
static const struct sms_provider generic = {
	"generic", sms_generic_verify, "application/json", "{}"
};
static const struct sms_provider smsgate = {
	"android-sms-gateway", sms_smsgate_verify, "application/json", "{}"
};

const struct sms_provider *const sms_providers[] = {
	&twilio, &generic, &smsgate, NULL
};

const struct sms_provider *
sms_provider_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; sms_providers[i] != NULL; i++)
		if (strcmp(sms_providers[i]->name, name) == 0)
			return sms_providers[i];
	return NULL;
}

static const struct {
	int status;
	const char *name;
} rc_table[] = {
	[SMS_HOOK_OK] = { 200, "ok" },
	[SMS_HOOK_IGNORED] = { 200, "ignored" },
	[SMS_HOOK_SIGNATURE] = { 403, "bad_signature" },
	[SMS_HOOK_STALE] = { 403, "stale" },
	[SMS_HOOK_MISSING] = { 400, "missing_field" },
	[SMS_HOOK_MALFORMED] = { 400, "malformed" },
	[SMS_HOOK_TOO_LARGE] = { 413, "too_large" },
	[SMS_HOOK_INTERNAL] = { 500, "internal" },
};

int
sms_hook_status(int rc)
{
	if (rc < 0 || (size_t)rc >= sizeof(rc_table) / sizeof(rc_table[0]))
		return 500;
	return rc_table[rc].status;
}

const char *
sms_hook_rc_name(int rc)
{
	if (rc < 0 || (size_t)rc >= sizeof(rc_table) / sizeof(rc_table[0]))
		return "internal";
	return rc_table[rc].name;
}

void
sms_msg_clear(struct sms_msg *m)
{
	if (m != NULL)
		sodium_memzero(m, sizeof(*m));
}

int
hook_sig_header(const struct sms_hook_in *in, const char *name,
    size_t cap, const char **v, size_t *n, struct errbuf *e)
{
	const char *s = in->header != NULL ?
	    in->header(in->header_arg, name) : NULL;

	if (s == NULL || *s == '\0') {
		errbuf_set(e, "no %s header", name);
		return SMS_HOOK_SIGNATURE;
	}
	if ((*n = strnlen(s, cap + 1)) > cap) {
		errbuf_set(e, "%s header longer than %zu bytes", name, cap);
		return SMS_HOOK_SIGNATURE;
	}
	*v = s;
	return SMS_HOOK_OK;
}

int
hook_parse_unix(const char *s, size_t n, int64_t *t)
{
	int64_t x = 0;
	size_t i;

	if (n == 0 || n > 12)	/* 12 digits: past the year 30000 */
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*t = x;
	return 0;
}

int
hook_check_fresh(int64_t t, int64_t now, struct errbuf *e)
{
	int64_t d = now - t;

	if (d > LIMIT_SMS_TOLERANCE || d < -LIMIT_SMS_TOLERANCE) {
		errbuf_set(e, "timestamp %lld is %lld s %s our clock "
		    "(tolerance %d s)", (long long)t,
		    (long long)(d < 0 ? -d : d), d < 0 ? "ahead of" :
		    "behind", LIMIT_SMS_TOLERANCE);
		return SMS_HOOK_STALE;
	}
	return SMS_HOOK_OK;
}

int
hook_tag_equal(const unsigned char *a, const unsigned char *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

/* Copy s[0..n) to dst (cap bytes + NUL) when it is 1..cap bytes of
 * UTF-8 without control characters. */
static int
set_text(char *dst, size_t cap, const char *s, size_t n, const char *what,
    struct errbuf *e)
{
	if (n == 0) {
		errbuf_set(e, "%s is empty", what);
		return SMS_HOOK_MISSING;
	}
	if (n > cap) {
		errbuf_set(e, "%s longer than %zu bytes", what, cap);
		return SMS_HOOK_TOO_LARGE;
	}
	if (!utf8_valid(s, n) || utf8_has_control(s, n)) {
		errbuf_set(e, "%s is not UTF-8 text without control "
		    "characters", what);
		return SMS_HOOK_MALFORMED;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	return SMS_HOOK_OK;
}

int
hook_set_id(struct sms_msg *m, const char *s, size_t n, const char *what,
    struct errbuf *e)
{
	size_t i;
	int rc;

	if ((rc = set_text(m->id, LIMIT_SMS_MSGID, s, n, what, e)) !=
	    SMS_HOOK_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (s[i] == ' ' || (unsigned char)s[i] >= 0x80) {
			m->id[0] = '\0';
			errbuf_set(e, "%s is not printable ASCII without "
			    "spaces", what);
			return SMS_HOOK_MALFORMED;
		}
	return SMS_HOOK_OK;
}

int
hook_set_from(struct sms_msg *m, const char *s, size_t n,
    const char *what, struct errbuf *e)
{
	return set_text(m->from, LIMIT_SMS_ADDR, s, n, what, e);
}

int
hook_set_to(struct sms_msg *m, const char *s, size_t n, const char *what,
    struct errbuf *e)
{
	int rc;

	if ((rc = set_text(m->to, LIMIT_SMS_ADDR, s, n, what, e)) !=
	    SMS_HOOK_OK)
		return rc;
	if (!e164_valid(s, n)) {
		m->to[0] = '\0';
		errbuf_set(e, "%s is not an E.164 number", what);
		return SMS_HOOK_MALFORMED;
	}
	return SMS_HOOK_OK;
}

int
hook_set_body(struct sms_msg *m, const char *s, size_t n,
    const char *what, struct errbuf *e)
{
	size_t i;

	if (n > LIMIT_SMS_BODY) {
		errbuf_set(e, "%s longer than %d bytes", what,
		    LIMIT_SMS_BODY);
		return SMS_HOOK_TOO_LARGE;
	}
	if (!utf8_valid(s, n)) {
		errbuf_set(e, "%s is not valid UTF-8", what);
		return SMS_HOOK_MALFORMED;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		m->body[i] = (c < 0x20 && c != '\t' && c != '\n' &&
		    c != '\r') || c == 0x7f ? ' ' : (char)c;
	}
	m->body[n] = '\0';
	m->body_len = n;
	return SMS_HOOK_OK;
}

int
hook_json_object(const char *body, size_t n, json_t **root,
    struct errbuf *e)
{
	json_error_t err;
	int rc = SMS_HOOK_OK;

	*root = json_loadb(body, n, JSON_REJECT_DUPLICATES, &err);
	if (*root == NULL) {
		errbuf_set(e, "body is not valid JSON (line %d, column %d)",
		    err.line, err.column);
		rc = SMS_HOOK_MALFORMED;
	} else if (!json_is_object(*root)) {
		json_decref(*root);
		*root = NULL;
		errbuf_set(e, "body is not a JSON object");
		rc = SMS_HOOK_MALFORMED;
	}
	sodium_memzero(&err, sizeof(err));	/* its text quotes the body */
	return rc;
}

int
hook_json_str(json_t *o, const char *key, int required, const char **s,
    size_t *n, struct errbuf *e)
{
	json_t *v = json_object_get(o, key);

	*s = NULL;
	*n = 0;
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return SMS_HOOK_OK;
		errbuf_set(e, "missing field '%s'", key);
		return SMS_HOOK_MISSING;
	}
	if (!json_is_string(v)) {
		errbuf_set(e, "field '%s' is not a string", key);
		return SMS_HOOK_MALFORMED;
	}
	*s = json_string_value(v);
	*n = json_string_length(v);
	return SMS_HOOK_OK;
}
