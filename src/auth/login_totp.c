/*
 * login_totp.c -- see login_totp.h.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/login_totp.h"
#include "otp/base32.h"
#include "otp/code.h"
#include "otp/uri.h"

#define TABLE	"users"

int
login_totp_new_pending(int64_t id, unsigned char sealed[LOGIN_TOTP_SEALED_LEN])
{
	unsigned char seed[LOGIN_TOTP_SECRET_LEN];
	char ad[SEAL_AD_MAX];
	int rc;

	randombytes_buf(seed, sizeof(seed));
	seal_ad(ad, TABLE, id, "totp_pending");
	rc = seal_seal(seed, sizeof(seed), ad, sealed);
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

int
login_totp_open(int64_t id, const char *column, const unsigned char *sealed,
    size_t n, const char *email, struct otp_token *t)
{
	char ad[SEAL_AD_MAX];
	size_t len;

	otp_token_init(t);
	if (n != LOGIN_TOTP_SEALED_LEN)
		return -1;
	seal_ad(ad, TABLE, id, column);
	if (seal_open(sealed, n, ad, t->secret, &len) == -1 ||
	    len != LOGIN_TOTP_SECRET_LEN) {
		otp_token_clear(t);
		return -1;
	}
	t->secret_len = len;
	snprintf(t->issuer, sizeof(t->issuer), "%s", LOGIN_TOTP_ISSUER);
	snprintf(t->account, sizeof(t->account), "%s", email);
	return 0;
}

int
login_totp_seal(int64_t id, const char *column, const struct otp_token *t,
    unsigned char sealed[LOGIN_TOTP_SEALED_LEN])
{
	char ad[SEAL_AD_MAX];

	if (t->secret_len != LOGIN_TOTP_SECRET_LEN)
		return -1;
	seal_ad(ad, TABLE, id, column);
	return seal_seal(t->secret, t->secret_len, ad, sealed);
}

static int
code_is_wellformed(const char *code)
{
	size_t i;

	for (i = 0; i < LOGIN_TOTP_CODE_LEN; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	return code[LOGIN_TOTP_CODE_LEN] == '\0';
}

int
login_totp_verify(const struct otp_token *t, const char *code, int64_t now,
    int64_t last_step, int64_t *step)
{
	struct otp_gen *g;
	char want[OTP_CODE_MAX + 1];
	int64_t s, cur;
	int rc = LOGIN_TOTP_NOMATCH;

	if (now < t->period || !code_is_wellformed(code))
		return LOGIN_TOTP_NOMATCH;
	if ((g = otp_gen_new(t, NULL)) == NULL)
		return -1;
	cur = now / t->period;
	/* All three steps are computed and compared whatever matches, so
	 * the time taken says nothing about which one did. */
	for (s = cur - 1; s <= cur + 1; s++) {
		if (otp_gen_code(g, (uint64_t)s, want) == -1) {
			rc = -1;
			break;
		}
		if (sodium_memcmp(want, code, LOGIN_TOTP_CODE_LEN) != 0)
			continue;
		if (s > last_step) {
			*step = s;	/* the latest, should two match */
			rc = LOGIN_TOTP_MATCH;
		} else if (rc == LOGIN_TOTP_NOMATCH)
			rc = LOGIN_TOTP_REPLAY;
	}
	sodium_memzero(want, sizeof(want));
	otp_gen_free(&g);
	return rc;
}

int
login_totp_enrollment(const struct otp_token *t, char *secret,
    size_t secretcap, char uri[LIMIT_OTP_URI])
{
	if (base32_encode(t->secret, t->secret_len, secret, secretcap) == -1)
		return -1;
	if (otp_uri_format(t, uri, LIMIT_OTP_URI) == -1) {
		sodium_memzero(secret, secretcap);
		return -1;
	}
	return 0;
}
