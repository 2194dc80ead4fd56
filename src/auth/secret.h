/*
 * secret.h -- bearer secrets (session cookies, CSRF tokens, API tokens):
 * making them and hashing them for storage.
 *
 * Why: a stolen database must not hand out live sessions or API tokens,
 * so only a keyed hash is stored: BLAKE2b-256 keyed with the token-hash
 * subkey. Lookups hash the presented value and compare in the index;
 * equal hashes mean equal tokens, and the key keeps an attacker with the
 * database alone from testing guesses offline.
 */
#ifndef KAITO_AUTH_SECRET_H
#define KAITO_AUTH_SECRET_H

#include <stddef.h>

#define SECRET_HASH_LEN	32
#define SECRET_RAW_LEN	32
/* base64url without padding of 32 bytes is 43 characters. */
#define SECRET_B64_LEN	43
#define APITOKEN_PREFIX	"kaito_"
#define APITOKEN_LEN	(sizeof(APITOKEN_PREFIX) - 1 + SECRET_B64_LEN)

/* Load the hashing subkey from the root key (after keys_load). */
int secret_init(void);
void secret_free(void);

/* Write a new random secret as base64url (SECRET_B64_LEN chars + NUL). */
void secret_new(char out[SECRET_B64_LEN + 1]);

/* Write a new API token: "kaito_" + a random secret. */
void secret_new_apitoken(char out[APITOKEN_LEN + 1]);

/* Hash n bytes of s into out. */
void secret_hash(const char *s, size_t n, unsigned char out[SECRET_HASH_LEN]);

#endif
