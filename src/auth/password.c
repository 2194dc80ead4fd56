/*
 * password.c -- see password.h.
 */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "auth/password.h"
#include "kaito_limits.h"

static char dummy_hash[PASSWORD_HASH_LEN];	/* verified for unknown users */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
	char pw[25];

	password_generate(pw);
	password_hash(pw, strlen(pw), dummy_hash);
	sodium_memzero(pw, sizeof(pw));
}

int
password_check_policy(const char *pw, size_t n, struct errbuf *e)
{
	(void)pw;
	if (n < LIMIT_PASSWORD_MIN)
		return errbuf_set(e, "password must be at least %d characters",
		    LIMIT_PASSWORD_MIN);
	if (n > LIMIT_PASSWORD_MAX)
		return errbuf_set(e, "password longer than %d bytes",
		    LIMIT_PASSWORD_MAX);
	return 0;
}

int
password_hash(const char *pw, size_t n, char out[PASSWORD_HASH_LEN])
{
	return crypto_pwhash_str(out, pw, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

int
password_verify(const char *hash, const char *pw, size_t n)
{
	if (hash == NULL || hash[0] == '\0') {
		pthread_once(&dummy_once, make_dummy);
		if (crypto_pwhash_str_verify(dummy_hash, pw, n) == 0)
			return 0;	/* cannot happen; keeps the call */
		return 0;
	}
	return crypto_pwhash_str_verify(hash, pw, n) == 0;
}

void
password_generate(char out[25])
{
	static const char alphabet[] =
	    "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t i;

	for (i = 0; i < 24; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[24] = '\0';
}
