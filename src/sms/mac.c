/*
 * mac.c -- see mac.h. The HMAC method is fetched once per process; each
 * MAC gets its own context (a webhook is rare next to a code view, so
 * no per-thread templates as in otp/code.c).
 */
#include <pthread.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "sms/mac.h"

static EVP_MAC *hmac_method;	/* fetched once; shared, read-only */
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;

static void
hmac_fetch(void)
{
	hmac_method = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
}

int
sms_mac_init(struct sms_mac *m, enum sms_mac_alg alg, const void *key,
    size_t keylen)
{
	static char sha1[] = OSSL_DIGEST_NAME_SHA1;
	static char sha256[] = OSSL_DIGEST_NAME_SHA2_256;
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx;

	m->ctx = NULL;
	if (keylen == 0 || pthread_once(&hmac_once, hmac_fetch) != 0 ||
	    hmac_method == NULL)
		return -1;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    alg == SMS_MAC_SHA1 ? sha1 : sha256, 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_MAC_CTX_new(hmac_method)) == NULL)
		return -1;
	if (EVP_MAC_init(ctx, key, keylen, params) != 1) {
		EVP_MAC_CTX_free(ctx);
		return -1;
	}
	m->ctx = ctx;
	return 0;
}

int
sms_mac_update(struct sms_mac *m, const void *p, size_t n)
{
	if (m->ctx == NULL)
		return -1;
	if (n == 0)
		return 0;
	return EVP_MAC_update(m->ctx, p, n) == 1 ? 0 : -1;
}

int
sms_mac_final(struct sms_mac *m, unsigned char out[SMS_MAC_MAX],
    size_t *len)
{
	int rc = -1;

	if (m->ctx != NULL &&
	    EVP_MAC_final(m->ctx, out, len, SMS_MAC_MAX) == 1)
		rc = 0;
	sms_mac_free(m);
	return rc;
}

void
sms_mac_free(struct sms_mac *m)
{
	if (m == NULL || m->ctx == NULL)
		return;
	EVP_MAC_CTX_free(m->ctx);
	m->ctx = NULL;
}
