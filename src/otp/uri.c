/*
 * uri.c -- otpauth:// parse and format.
 *
 * GRAMMAR (Key Uri Format, as apps actually write it):
 *     otpauth://TYPE/LABEL?PARAMS
 *     TYPE   = totp | hotp | steam                    (any case)
 *     LABEL  = [ISSUER (":" | "%3A") *" "] ACCOUNT    (percent-encoded)
 *     PARAMS = NAME "=" VALUE *("&" NAME "=" VALUE)   (percent-encoded;
 *              '+' is a space, as form encoders and Android read it)
 *     secret (required, base32), issuer, algorithm (SHA1, SHA256, SHA512),
 *     digits (6..10; 5 for Steam), period (>= 1 s), counter (hotp only,
 *     required), encoder=steam (turns a totp URI into a Steam token).
 *     Other parameters (image, color, ...) are ignored; a parameter given
 *     twice is an error, because two apps would read it differently.
 * SPLIT: the label splits at its first literal ':'; if it has none, at its
 *     first "%3A". The formatter writes a literal ':' and encodes colons
 *     inside names, so every name round-trips.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "otp/base32.h"
#include "otp/uri.h"
#include "util/pct.h"

#define SCHEME "otpauth://"
#define MIGRATION_SCHEME "otpauth-migration:"

/* What the parameters said, before they are reconciled with the label. */
struct uri_params {
	int have_secret, have_issuer, have_algo, have_digits, have_period;
	int have_counter, have_encoder;
	int steam_encoder;		/* encoder=steam */
	char issuer[LIMIT_OTP_LABEL + 1];
};

static int
parse_u64(const char *s, size_t n, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > 20)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (x > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	if (x > max)
		return -1;
	*v = x;
	return 0;
}

/* Split the label (percent-encoded, n bytes) into issuer and account. */
static int
parse_label(const char *s, size_t n, char issuer[LIMIT_OTP_LABEL + 1],
    struct otp_token *t, struct errbuf *e)
{
	char buf[LIMIT_OTP_URI];
	const char *colon;
	size_t isslen = 0, acclen, len, skip = 1;

	issuer[0] = '\0';
	if ((colon = memchr(s, ':', n)) == NULL) {
		for (colon = s; colon + 3 <= s + n; colon++)
			if (strncasecmp(colon, "%3a", 3) == 0)
				break;
		skip = 3;
		if (colon + 3 > s + n)
			colon = NULL;
	}
	if (colon != NULL) {
		if (pct_decode(s, (size_t)(colon - s), buf, sizeof(buf),
		    &isslen, 0, "label", e) == -1)
			return -1;
		if (otp_token_set_name(issuer, buf, isslen, "label issuer",
		    e) == -1)
			return -1;
		len = n - (size_t)(colon - s) - skip;
		s = colon + skip;
		n = len;
		while (n > 0 && (*s == ' ' ||
		    (n >= 3 && strncmp(s, "%20", 3) == 0))) {
			size_t step = *s == ' ' ? 1 : 3;
			s += step;
			n -= step;
		}
	}
	if (pct_decode(s, n, buf, sizeof(buf), &acclen, 0, "label", e) == -1)
		return -1;
	return otp_token_set_name(t->account, buf, acclen, "account", e);
}

static int
param_secret(const char *v, size_t n, struct otp_token *t, struct errbuf *e)
{
	char buf[LIMIT_OTP_URI];
	size_t len;
	int rc = -1;

	if (pct_decode(v, n, buf, sizeof(buf), &len, PCT_PLUS_SPACE,
	    "secret", e) == -1)
		goto out;
	if (base32_decode(buf, len, t->secret, sizeof(t->secret),
	    &t->secret_len, e) == -1) {
		errbuf_prefix(e, "secret");
		goto out;
	}
	if (t->secret_len == 0) {
		errbuf_set(e, "secret is empty");
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(buf, sizeof(buf));
	return rc;
}

/* Apply one decoded NAME=VALUE pair. value is still percent-encoded. */
static int
apply_param(const char *name, size_t nlen, const char *v, size_t vlen,
    struct otp_token *t, struct uri_params *p, struct errbuf *e)
{
	char buf[LIMIT_OTP_URI];
	size_t len;
	uint64_t x;

#define IS(s) (nlen == strlen(s) && strncasecmp(name, s, nlen) == 0)
#define ONCE(flag, s) do { \
	if (p->flag) \
		return errbuf_set(e, "parameter '%s' given twice", s); \
	p->flag = 1; \
} while (0)
	if (IS("secret")) {
		ONCE(have_secret, "secret");
		return param_secret(v, vlen, t, e);
	}
	if (pct_decode(v, vlen, buf, sizeof(buf), &len, PCT_PLUS_SPACE,
	    "parameter", e) == -1)
		return -1;
	if (IS("issuer")) {
		ONCE(have_issuer, "issuer");
		return otp_token_set_name(p->issuer, buf, len, "issuer", e);
	}
	if (IS("algorithm")) {
		ONCE(have_algo, "algorithm");
		if (otp_algo_parse(buf, len, &t->algo) == -1)
			return errbuf_set(e, "unknown algorithm '%.32s' (SHA1, "
			    "SHA256 or SHA512)", buf);
		return 0;
	}
	if (IS("digits")) {
		ONCE(have_digits, "digits");
		if (parse_u64(buf, len, 99, &x) == -1)
			return errbuf_set(e, "digits '%.32s' is not a number",
			    buf);
		t->digits = (unsigned)x;
		return 0;
	}
	if (IS("period")) {
		ONCE(have_period, "period");
		if (parse_u64(buf, len, UINT32_MAX, &x) == -1 || x < 1)
			return errbuf_set(e, "period '%.32s' is not a whole "
			    "number of seconds from 1", buf);
		t->period = (uint32_t)x;
		return 0;
	}
	if (IS("counter")) {
		ONCE(have_counter, "counter");
		if (parse_u64(buf, len, UINT64_MAX, &x) == -1)
			return errbuf_set(e, "counter '%.32s' is not a "
			    "non-negative integer", buf);
		t->counter = x;
		return 0;
	}
	if (IS("encoder")) {
		ONCE(have_encoder, "encoder");
		p->steam_encoder = len == 5 && strncasecmp(buf, "steam", 5) == 0;
		return 0;
	}
#undef IS
#undef ONCE
	return 0;	/* image, color, ...: not ours to judge */
}

static int
parse_params(const char *q, size_t n, struct otp_token *t,
    struct uri_params *p, struct errbuf *e)
{
	const char *start = q, *end = q + n, *amp, *eq;

	while (q < end) {
		if ((amp = memchr(q, '&', (size_t)(end - q))) == NULL)
			amp = end;
		if (amp > q) {
			/* Not quoted: a seed pasted without "secret="
			 * would be the "name". */
			if ((eq = memchr(q, '=', (size_t)(amp - q))) == NULL)
				return errbuf_set(e, "a parameter without '=' "
				    "at position %zu of the query",
				    (size_t)(q - start) + 1);
			if (apply_param(q, (size_t)(eq - q), eq + 1,
			    (size_t)(amp - eq - 1), t, p, e) == -1)
				return -1;
		}
		q = amp + 1;
	}
	return 0;
}

/* Reconcile the type, Steam conventions and the issuer sources. */
static int
finish_token(struct otp_token *t, const struct uri_params *p,
    const char *label_issuer, struct errbuf *e, struct errbuf *warn)
{
	if (!p->have_secret)
		return errbuf_set(e, "missing secret");
	if (p->steam_encoder && t->kind == OTP_TOTP)
		t->kind = OTP_STEAM;
	if (t->kind == OTP_HOTP && !p->have_counter)
		return errbuf_set(e, "hotp URI without counter");
	if (t->kind == OTP_STEAM && !p->have_digits)
		t->digits = OTP_STEAM_DIGITS;
	if (t->kind == OTP_STEAM && t->digits != OTP_STEAM_DIGITS)
		return errbuf_set(e, "steam tokens have 5 characters, not %u",
		    t->digits);
	if (t->kind != OTP_HOTP)
		t->counter = 0;
	if (p->have_issuer) {
		if (label_issuer[0] != '\0' &&
		    strcmp(label_issuer, p->issuer) != 0)
			errbuf_set(warn, "label issuer \"%.64s\" differs from "
			    "issuer parameter \"%.64s\"; using the parameter",
			    label_issuer, p->issuer);
		memcpy(t->issuer, p->issuer, sizeof(t->issuer));
	} else
		memcpy(t->issuer, label_issuer, sizeof(t->issuer));
	return otp_token_check(t, e);
}

static int
parse_type(const char *s, size_t n, struct otp_token *t, struct errbuf *e)
{
	if (n == 0)
		return errbuf_set(e, "missing type (totp, hotp or steam)");
	if (otp_kind_parse(s, n, &t->kind) == -1)
		return errbuf_set(e, "unknown type '%.*s' (totp, hotp or "
		    "steam)", (int)(n > 32 ? 32 : n), s);
	return 0;
}

static int
check_chars(const char *uri, size_t n, struct errbuf *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)uri[i] < 0x20 || uri[i] == 0x7f)
			return errbuf_set(e, "control character at position "
			    "%zu", i + 1);
	return 0;
}

static int
parse_uri(const char *uri, struct otp_token *t, struct uri_params *p,
    char label_issuer[LIMIT_OTP_LABEL + 1], struct errbuf *e)
{
	size_t n = strlen(uri);
	const char *type, *slash, *label, *query, *end;

	if (n > LIMIT_OTP_URI)
		return errbuf_set(e, "URI longer than %d bytes",
		    LIMIT_OTP_URI);
	if (strncasecmp(uri, MIGRATION_SCHEME, strlen(MIGRATION_SCHEME)) == 0)
		return errbuf_set(e, "this is a Google Authenticator export "
		    "(otpauth-migration); use 'kaito import google'");
	if (strncasecmp(uri, SCHEME, strlen(SCHEME)) != 0)
		return errbuf_set(e, "not an otpauth:// URI");
	if (check_chars(uri, n, e) == -1)
		return -1;
	type = uri + strlen(SCHEME);
	if ((end = strchr(type, '#')) == NULL)
		end = uri + n;
	if ((query = memchr(type, '?', (size_t)(end - type))) == NULL)
		query = end;
	if ((slash = memchr(type, '/', (size_t)(query - type))) == NULL)
		slash = query;
	if (parse_type(type, (size_t)(slash - type), t, e) == -1)
		return -1;
	label = slash < query ? slash + 1 : slash;
	if (parse_label(label, (size_t)(query - label), label_issuer, t,
	    e) == -1)
		return -1;
	if (query == end)
		return errbuf_set(e, "missing secret");
	return parse_params(query + 1, (size_t)(end - query - 1), t, p, e);
}

int
otp_uri_parse(const char *uri, struct otp_token *t, struct errbuf *e,
    struct errbuf *warn)
{
	struct uri_params p;
	char label_issuer[LIMIT_OTP_LABEL + 1];

	memset(&p, 0, sizeof(p));
	if (warn != NULL)
		warn->msg[0] = '\0';
	otp_token_init(t);
	if (parse_uri(uri, t, &p, label_issuer, e) == -1 ||
	    finish_token(t, &p, label_issuer, e, warn) == -1) {
		otp_token_clear(t);
		return -1;
	}
	return 0;
}

static int
append_u64(uint64_t v, char *out, size_t outcap, size_t *pos)
{
	char num[24];
	int i = (int)sizeof(num) - 1;

	num[i] = '\0';
	do {
		num[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	return pct_append_raw(num + i, out, outcap, pos);
}

static int
format_label(const struct otp_token *t, char *out, size_t outcap,
    size_t *pos)
{
	int colon_in_account = strchr(t->account, ':') != NULL;

	if (t->issuer[0] != '\0' || colon_in_account) {
		if (pct_encode_append(t->issuer, strlen(t->issuer), out,
		    outcap, pos) == -1 ||
		    pct_append_raw(":", out, outcap, pos) == -1)
			return -1;
	}
	return pct_encode_append(t->account, strlen(t->account), out, outcap,
	    pos);
}

static int
format_params(const struct otp_token *t, char *out, size_t outcap,
    size_t *pos)
{
	char secret[BASE32_ENCODED_LEN(LIMIT_OTP_SECRET) + 1];
	int rc = -1;

	if (base32_encode(t->secret, t->secret_len, secret,
	    sizeof(secret)) == -1)
		goto out;
	if (pct_append_raw("?secret=", out, outcap, pos) == -1 ||
	    pct_append_raw(secret, out, outcap, pos) == -1)
		goto out;
	if (t->issuer[0] != '\0' &&
	    (pct_append_raw("&issuer=", out, outcap, pos) == -1 ||
	    pct_encode_append(t->issuer, strlen(t->issuer), out, outcap,
	    pos) == -1))
		goto out;
	if (pct_append_raw("&algorithm=", out, outcap, pos) == -1 ||
	    pct_append_raw(otp_algo_name(t->algo), out, outcap, pos) == -1 ||
	    pct_append_raw("&digits=", out, outcap, pos) == -1 ||
	    append_u64(t->digits, out, outcap, pos) == -1)
		goto out;
	if (t->kind == OTP_HOTP)
		rc = pct_append_raw("&counter=", out, outcap, pos) == -1 ? -1 :
		    append_u64(t->counter, out, outcap, pos);
	else
		rc = pct_append_raw("&period=", out, outcap, pos) == -1 ? -1 :
		    append_u64(t->period, out, outcap, pos);
out:
	sodium_memzero(secret, sizeof(secret));
	return rc;
}

int
otp_uri_format(const struct otp_token *t, char *out, size_t outcap)
{
	size_t pos = 0;

	if (outcap == 0 || otp_token_check(t, NULL) == -1)
		return -1;
	out[0] = '\0';
	if (pct_append_raw(SCHEME, out, outcap, &pos) == -1 ||
	    pct_append_raw(otp_kind_name(t->kind), out, outcap, &pos) == -1 ||
	    pct_append_raw("/", out, outcap, &pos) == -1 ||
	    format_label(t, out, outcap, &pos) == -1 ||
	    format_params(t, out, outcap, &pos) == -1) {
		sodium_memzero(out, outcap);
		return -1;
	}
	return 0;
}
