/*
 * token_seal.c -- see token_seal.h.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "vault/seal.h"
#include "vault/token_seal.h"

static const char *const column[] = {
	[TOKEN_SEALED_SEED] = "seed",
	[TOKEN_SEALED_RECOVERY] = "recovery",
	[TOKEN_SEALED_PENDING] = "pending",
};

int
token_seal(int64_t id, enum token_sealed which, const void *pt, size_t n,
    unsigned char **out, size_t *outlen)
{
	char ad[SEAL_AD_MAX];

	*out = NULL;
	*outlen = 0;
	seal_ad(ad, "tokens", id, column[which]);
	if ((*out = malloc(n + SEAL_OVERHEAD)) == NULL)
		return -1;
	if (seal_seal(pt, n, ad, *out) == -1) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*outlen = n + SEAL_OVERHEAD;
	return 0;
}

int
token_open(int64_t id, enum token_sealed which, const unsigned char *sealed,
    size_t n, unsigned char **pt, size_t *ptlen)
{
	char ad[SEAL_AD_MAX];

	*pt = NULL;
	*ptlen = 0;
	if (sealed == NULL || n < SEAL_OVERHEAD)
		return -1;
	seal_ad(ad, "tokens", id, column[which]);
	if ((*pt = malloc(n - SEAL_OVERHEAD + 1)) == NULL)
		return -1;
	if (seal_open(sealed, n, ad, *pt, ptlen) == -1) {
		token_plain_free(pt, n - SEAL_OVERHEAD + 1);
		*ptlen = 0;
		return -1;
	}
	(*pt)[*ptlen] = '\0';
	return 0;
}

void
token_plain_free(unsigned char **pt, size_t len)
{
	if (*pt == NULL)
		return;
	sodium_memzero(*pt, len);
	free(*pt);
	*pt = NULL;
}

int
token_open_seed(int64_t id, const unsigned char *sealed, size_t n,
    struct otp_token *t)
{
	unsigned char *pt = NULL;
	size_t len = 0;
	int rc = -1;

	if (token_open(id, TOKEN_SEALED_SEED, sealed, n, &pt, &len) == -1)
		goto out;
	if (len == 0 || len > sizeof(t->secret))
		goto out;
	memcpy(t->secret, pt, len);
	t->secret_len = len;
	rc = 0;
out:
	token_plain_free(&pt, len);
	if (rc == -1) {
		sodium_memzero(t->secret, sizeof(t->secret));
		t->secret_len = 0;
	}
	return rc;
}
