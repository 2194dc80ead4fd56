/*
 * code.c -- HOTP/TOTP/Steam code generation on OpenSSL's EVP_MAC.
 *
 * ALGORITHM (RFC 4226 section 5.3): HS = HMAC(K, counter as 8 bytes, big
 *     endian); o = low 4 bits of HS's last byte; P = HS[o..o+3] as a big
 *     endian integer with its top bit cleared (31 bits). HOTP/TOTP:
 *     P mod 10^digits, zero-padded. Steam: 5 times, emit
 *     alphabet[P mod 26] then P /= 26.
 * PERFORMANCE: the EVP_MAC object is fetched once per process, and each
 *     thread keeps an unkeyed context per algorithm to duplicate, so a new
 *     generator costs a copy and the key schedule, not a digest lookup by
 *     name. An otp_gen is keyed once; each code after that re-inits with
 *     a NULL key, which OpenSSL serves from the saved ipad/opad state.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>

#include "otp/code.h"
#include "util/errbuf.h"

static const char steam_alphabet[] = "23456789BCDFGHJKMNPQRTVWXY";

struct otp_gen {
	EVP_MAC_CTX *ctx;	/* owned; keyed with the seed */
	enum otp_kind kind;
	unsigned digits;
};

static EVP_MAC *hmac_method;	/* fetched once; shared, read-only */
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;
static pthread_key_t tmpl_key;	/* per thread: struct hmac_templates */

/*
 * Per thread, one unkeyed HMAC context per algorithm with its digest
 * already resolved. Duplicating one costs a few copies; building one from
 * scratch means resolving the digest by name. They hold no key material.
 */
struct hmac_templates {
	EVP_MAC_CTX *ctx[3];	/* indexed by enum otp_algo; NULL until used */
};

static void
templates_free(void *p)
{
	struct hmac_templates *t = p;
	size_t i;

	for (i = 0; i < 3; i++)
		EVP_MAC_CTX_free(t->ctx[i]);
	free(t);
}

static void
hmac_fetch(void)
{
	hmac_method = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
	if (pthread_key_create(&tmpl_key, templates_free) != 0) {
		EVP_MAC_free(hmac_method);
		hmac_method = NULL;
	}
}

/* OSSL_PARAM wants a mutable string; OpenSSL only reads it. */
static char *
digest_name(enum otp_algo a)
{
	static char sha1[] = OSSL_DIGEST_NAME_SHA1;
	static char sha256[] = OSSL_DIGEST_NAME_SHA2_256;
	static char sha512[] = OSSL_DIGEST_NAME_SHA2_512;

	switch (a) {
	case OTP_SHA256:
		return sha256;
	case OTP_SHA512:
		return sha512;
	case OTP_SHA1:
		break;
	}
	return sha1;
}

/* This thread's unkeyed template for algo, made on first use. */
static EVP_MAC_CTX *
hmac_template(enum otp_algo algo)
{
	struct hmac_templates *t;
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx;

	if ((t = pthread_getspecific(tmpl_key)) == NULL) {
		if ((t = calloc(1, sizeof(*t))) == NULL)
			return NULL;
		if (pthread_setspecific(tmpl_key, t) != 0) {
			free(t);
			return NULL;
		}
	}
	if (t->ctx[algo] != NULL)
		return t->ctx[algo];
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    digest_name(algo), 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_MAC_CTX_new(hmac_method)) == NULL ||
	    EVP_MAC_CTX_set_params(ctx, params) != 1) {
		EVP_MAC_CTX_free(ctx);
		return NULL;
	}
	return t->ctx[algo] = ctx;
}

struct otp_gen *
otp_gen_new(const struct otp_token *t, struct errbuf *e)
{
	struct otp_gen *g;
	EVP_MAC_CTX *tmpl;

	if (otp_token_check(t, e) == -1)
		return NULL;
	pthread_once(&hmac_once, hmac_fetch);
	if (hmac_method == NULL || (tmpl = hmac_template(t->algo)) == NULL) {
		errbuf_set(e, "OpenSSL HMAC unavailable");
		return NULL;
	}
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		errbuf_set(e, "out of memory");
		return NULL;
	}
	g->kind = t->kind;
	g->digits = t->digits;
	if ((g->ctx = EVP_MAC_CTX_dup(tmpl)) == NULL ||
	    EVP_MAC_init(g->ctx, t->secret, t->secret_len, NULL) != 1) {
		errbuf_set(e, "OpenSSL HMAC initialisation failed");
		otp_gen_free(&g);
		return NULL;
	}
	return g;
}

void
otp_gen_free(struct otp_gen **gp)
{
	if (*gp == NULL)
		return;
	EVP_MAC_CTX_free((*gp)->ctx);	/* OpenSSL cleanses HMAC key state */
	sodium_memzero(*gp, sizeof(**gp));
	free(*gp);
	*gp = NULL;
}

/* RFC 4226 dynamic truncation of an HMAC of len bytes to 31 bits. */
static uint32_t
dynamic_truncate(const unsigned char *hs, size_t len)
{
	unsigned off = hs[len - 1] & 0x0f;

	return ((uint32_t)(hs[off] & 0x7f) << 24) |
	    ((uint32_t)hs[off + 1] << 16) |
	    ((uint32_t)hs[off + 2] << 8) |
	    (uint32_t)hs[off + 3];
}

static void
render_decimal(uint32_t p, unsigned digits, char *out)
{
	uint64_t v = p;
	unsigned i;

	/* 10^10 exceeds 2^31, so 10 digits print p itself, zero-padded. */
	for (i = digits; i > 0; i--) {
		out[i - 1] = (char)('0' + v % 10);
		v /= 10;
	}
	out[digits] = '\0';
}

static void
render_steam(uint32_t p, char *out)
{
	unsigned i;

	for (i = 0; i < OTP_STEAM_DIGITS; i++) {
		out[i] = steam_alphabet[p % (sizeof(steam_alphabet) - 1)];
		p /= sizeof(steam_alphabet) - 1;
	}
	out[OTP_STEAM_DIGITS] = '\0';
}

int
otp_gen_code(struct otp_gen *g, uint64_t counter, char *out)
{
	unsigned char msg[8], hs[EVP_MAX_MD_SIZE];
	size_t hslen = 0;
	uint32_t p;
	int i;

	for (i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	if (EVP_MAC_init(g->ctx, NULL, 0, NULL) != 1 ||
	    EVP_MAC_update(g->ctx, msg, sizeof(msg)) != 1 ||
	    EVP_MAC_final(g->ctx, hs, &hslen, sizeof(hs)) != 1 || hslen < 20)
		return -1;
	p = dynamic_truncate(hs, hslen);
	sodium_memzero(hs, sizeof(hs));
	if (g->kind == OTP_STEAM)
		render_steam(p, out);
	else
		render_decimal(p, g->digits, out);
	return 0;
}

int
otp_time_step(const struct otp_token *t, int64_t now, uint64_t *step,
    struct errbuf *e)
{
	if (now < 0)
		return errbuf_set(e, "time %lld is before 1970",
		    (long long)now);
	*step = (uint64_t)now / (t->period ? t->period : OTP_DEFAULT_PERIOD);
	return 0;
}

uint32_t
otp_remaining(const struct otp_token *t, int64_t now)
{
	uint32_t period = t->period ? t->period : OTP_DEFAULT_PERIOD;

	if (now < 0)
		return period;
	return period - (uint32_t)((uint64_t)now % period);
}

int
otp_code_at(const struct otp_token *t, int64_t now, char *out,
    struct errbuf *e)
{
	struct otp_gen *g;
	uint64_t counter = t->counter;
	int rc;

	if (t->kind != OTP_HOTP && otp_time_step(t, now, &counter, e) == -1)
		return -1;
	if ((g = otp_gen_new(t, e)) == NULL)
		return -1;
	if ((rc = otp_gen_code(g, counter, out)) == -1)
		errbuf_set(e, "OpenSSL HMAC failed");
	otp_gen_free(&g);
	return rc;
}
