/*
 * seal.c -- XChaCha20-Poly1305 (libsodium's IETF construction) under the
 * seal subkey. The subkey is derived per call and wiped at once, so no
 * long-lived copy of it sits in ordinary memory.
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
	unsigned char key[KEY_LEN];
	unsigned char *nonce = out + 1;
	int rc;

	if (!keys_loaded())
		return -1;
	keys_derive(KEY_SEAL, key);
	out[0] = SEAL_VERSION;
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	rc = crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + 24, NULL,
	    pt, n, (const unsigned char *)ad, strlen(ad), NULL, nonce, key);
	sodium_memzero(key, sizeof(key));
	return rc == 0 ? 0 : -1;
}

int
seal_open(const unsigned char *sealed, size_t n, const char *ad,
    unsigned char *pt, size_t *ptlen)
{
	unsigned char key[KEY_LEN];
	unsigned long long len = 0;
	int rc;

	*ptlen = 0;
	if (!keys_loaded() || n < SEAL_OVERHEAD || sealed[0] != SEAL_VERSION)
		return -1;
	keys_derive(KEY_SEAL, key);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &len, NULL,
	    sealed + 1 + 24, n - 1 - 24, (const unsigned char *)ad,
	    strlen(ad), sealed + 1, key);
	sodium_memzero(key, sizeof(key));
	if (rc != 0)
		return -1;
	*ptlen = (size_t)len;
	return 0;
}
