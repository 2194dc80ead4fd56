/*
 * fingerprint.c -- see fingerprint.h.
 */
#include <string.h>

#include <sodium.h>

#include "audit/fingerprint.h"
#include "vault/keys.h"

int
audit_fingerprint(const unsigned char *seed, size_t n,
    char out[AUDIT_FPR_LEN])
{
	unsigned char key[KEY_LEN], mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	size_t plen = sizeof(AUDIT_FPR_PREFIX) - 1;

	if (!keys_loaded())
		return -1;
	keys_derive(KEY_AUDIT_FPR, key);
	crypto_auth_hmacsha256_init(&st, key, sizeof(key));
	crypto_auth_hmacsha256_update(&st, seed, n);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, AUDIT_FPR_PREFIX, plen);
	sodium_bin2hex(out + plen, AUDIT_FPR_LEN - plen, mac, sizeof(mac));
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	return 0;
}
