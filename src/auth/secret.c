/*
 * secret.c -- see secret.h. The hashing subkey sits in a sodium_malloc'd
 * read-only page for the life of the process: it is needed on every
 * request, and unlike the root key it can only hash, not decrypt.
 */
#include <string.h>

#include <sodium.h>

#include "auth/secret.h"
#include "vault/keys.h"

static unsigned char *hash_key;	/* KEY_LEN bytes, read-only */

int
secret_init(void)
{
	if (hash_key != NULL)
		return 0;
	if (!keys_loaded() || (hash_key = sodium_malloc(KEY_LEN)) == NULL)
		return -1;
	keys_derive(KEY_TOKEN_HASH, hash_key);
	sodium_mprotect_readonly(hash_key);
	return 0;
}

void
secret_free(void)
{
	if (hash_key == NULL)
		return;
	sodium_mprotect_readwrite(hash_key);
	sodium_free(hash_key);
	hash_key = NULL;
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
	    hash_key, KEY_LEN);
}
