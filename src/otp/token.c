/*
 * token.c -- defaults, validation, names and lists of OTP tokens.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "otp/token.h"
#include "util/errbuf.h"
#include "util/utf8.h"

void
otp_token_init(struct otp_token *t)
{
	memset(t, 0, sizeof(*t));
	t->kind = OTP_TOTP;
	t->algo = OTP_SHA1;
	t->digits = 6;
	t->period = OTP_DEFAULT_PERIOD;
}

void
otp_token_clear(struct otp_token *t)
{
	sodium_memzero(t, sizeof(*t));
}

int
otp_token_check(const struct otp_token *t, struct errbuf *e)
{
	if (t->secret_len == 0)
		return errbuf_set(e, "secret is empty");
	if (t->secret_len > LIMIT_OTP_SECRET)
		return errbuf_set(e, "secret longer than %d bytes",
		    LIMIT_OTP_SECRET);
	if (t->kind == OTP_STEAM) {
		if (t->digits != OTP_STEAM_DIGITS || t->algo != OTP_SHA1 ||
		    t->period != OTP_DEFAULT_PERIOD)
			return errbuf_set(e, "steam tokens use SHA1, 5 "
			    "characters and 30 s");
		return 0;
	}
	if (t->digits < OTP_DIGITS_MIN || t->digits > OTP_DIGITS_MAX)
		return errbuf_set(e, "digits %u out of range (%d to %d)",
		    t->digits, OTP_DIGITS_MIN, OTP_DIGITS_MAX);
	if (t->kind == OTP_TOTP && t->period < 1)
		return errbuf_set(e, "period must be at least 1 second");
	return 0;
}

int
otp_token_set_name(char dst[LIMIT_OTP_LABEL + 1], const char *s, size_t n,
    const char *what, struct errbuf *e)
{
	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n > LIMIT_OTP_LABEL)
		return errbuf_set(e, "%s longer than %d bytes", what,
		    LIMIT_OTP_LABEL);
	if (!utf8_valid(s, n))
		return errbuf_set(e, "%s is not valid UTF-8", what);
	if (utf8_has_control(s, n))
		return errbuf_set(e, "%s contains a control character", what);
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

const char *
otp_kind_name(enum otp_kind k)
{
	switch (k) {
	case OTP_HOTP:
		return "hotp";
	case OTP_STEAM:
		return "steam";
	case OTP_TOTP:
		break;
	}
	return "totp";
}

const char *
otp_algo_name(enum otp_algo a)
{
	switch (a) {
	case OTP_SHA256:
		return "SHA256";
	case OTP_SHA512:
		return "SHA512";
	case OTP_SHA1:
		break;
	}
	return "SHA1";
}

static int
name_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(s, name, n) == 0;
}

int
otp_kind_parse(const char *s, size_t n, enum otp_kind *k)
{
	if (name_is(s, n, "totp"))
		*k = OTP_TOTP;
	else if (name_is(s, n, "hotp"))
		*k = OTP_HOTP;
	else if (name_is(s, n, "steam"))
		*k = OTP_STEAM;
	else
		return -1;
	return 0;
}

int
otp_algo_parse(const char *s, size_t n, enum otp_algo *a)
{
	/* "HmacSHA1" is how some Android apps name it. */
	if (n > 4 && strncasecmp(s, "hmac", 4) == 0) {
		s += 4;
		n -= 4;
	}
	if (name_is(s, n, "sha1") || name_is(s, n, "sha-1"))
		*a = OTP_SHA1;
	else if (name_is(s, n, "sha256") || name_is(s, n, "sha-256"))
		*a = OTP_SHA256;
	else if (name_is(s, n, "sha512") || name_is(s, n, "sha-512"))
		*a = OTP_SHA512;
	else
		return -1;
	return 0;
}

int
otp_list_add(struct otp_list *l, const struct otp_token *t, struct errbuf *e)
{
	struct otp_token *nv;
	size_t ncap;

	if (l->n == LIMIT_IMPORT_TOKENS)
		return errbuf_set(e, "more than %d tokens", LIMIT_IMPORT_TOKENS);
	if (l->n == l->cap) {
		ncap = l->cap ? l->cap * 2 : 8;
		if (ncap > LIMIT_IMPORT_TOKENS)
			ncap = LIMIT_IMPORT_TOKENS;
		/* Not realloc: the old block holds seeds and must be wiped. */
		if ((nv = calloc(ncap, sizeof(*nv))) == NULL)
			return errbuf_set(e, "out of memory");
		if (l->n > 0)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		if (l->v != NULL)
			sodium_memzero(l->v, l->cap * sizeof(*l->v));
		free(l->v);
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = *t;
	return 0;
}

void
otp_list_free(struct otp_list *l)
{
	if (l->v != NULL)
		sodium_memzero(l->v, l->cap * sizeof(*l->v));
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
