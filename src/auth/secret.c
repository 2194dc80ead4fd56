/*
 * secret.c -- see secret.h. The hashing subkey is read in place from the
 * keys module's read-only guarded region.
 */
#include <string.h>

#include <sodium.h>

#include "auth/secret.h"
#include "vault/keys.h"

int
secret_init(void)
{
	return keys_loaded() ? 0 : -1;
}

void
secret_free(void)
{
}

void
secret_new(char out[SECRET_B64_LEN + 1])
{
	unsigned char raw[SECRET_RAW_LEN];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SECRET_B64_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
secret_new_apitoken(char out[APITOKEN_LEN + 1])
{
	memcpy(out, APITOKEN_PREFIX, sizeof(APITOKEN_PREFIX) - 1);
	secret_new(out + sizeof(APITOKEN_PREFIX) - 1);
}

void
secret_hash(const char *s, size_t n, unsigned char out[SECRET_HASH_LEN])
{
	crypto_generichash(out, SECRET_HASH_LEN, (const unsigned char *)s, n,
	    keys_get(KEY_TOKEN_HASH), KEY_LEN);
}
