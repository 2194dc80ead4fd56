/*
 * seal.c -- XChaCha20-Poly1305 (libsodium's IETF construction) under the
 * seal subkey, read in place from keys.c's read-only guarded region.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "vault/keys.h"
#include "vault/seal.h"

void
seal_ad(char ad[SEAL_AD_MAX], const char *table, int64_t id,
    const char *column)
{
	snprintf(ad, SEAL_AD_MAX, "%.20s:%lld:%.20s", table, (long long)id,
	    column);
}

int
seal_seal(const unsigned char *pt, size_t n, const char *ad,
    unsigned char *out)
{
	unsigned char *nonce = out + 1;
	int rc;

	if (!keys_loaded())
		return -1;
	out[0] = SEAL_VERSION;
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	rc = crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + 24, NULL,
	    pt, n, (const unsigned char *)ad, strlen(ad), NULL, nonce,
	    keys_get(KEY_SEAL));
	return rc == 0 ? 0 : -1;
}

int
seal_open(const unsigned char *sealed, size_t n, const char *ad,
    unsigned char *pt, size_t *ptlen)
{
	unsigned long long len = 0;
	int rc;

	*ptlen = 0;
	if (!keys_loaded() || n < SEAL_OVERHEAD || sealed[0] != SEAL_VERSION)
		return -1;
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &len, NULL,
	    sealed + 1 + 24, n - 1 - 24, (const unsigned char *)ad,
	    strlen(ad), sealed + 1, keys_get(KEY_SEAL));
	if (rc != 0)
		return -1;
	*ptlen = (size_t)len;
	return 0;
}
