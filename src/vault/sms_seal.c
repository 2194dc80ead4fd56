/*
 * sms_seal.c -- see sms_seal.h.
 */
#include <stdlib.h>

#include <sodium.h>

#include "vault/seal.h"
#include "vault/sms_seal.h"

static void
ad_for(enum sms_sealed which, int64_t id, char ad[SEAL_AD_MAX])
{
	if (which == SMS_SEALED_SECRET)
		seal_ad(ad, "inboxes", id, "secret");
	else
		seal_ad(ad, "sms", id, "body");
}

int
sms_seal(enum sms_sealed which, int64_t id, const void *pt, size_t n,
    unsigned char **out, size_t *outlen)
{
	char ad[SEAL_AD_MAX];

	*outlen = 0;
	ad_for(which, id, ad);
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
sms_open(enum sms_sealed which, int64_t id, const unsigned char *sealed,
    size_t n, unsigned char **pt, size_t *ptlen)
{
	char ad[SEAL_AD_MAX];

	*pt = NULL;
	*ptlen = 0;
	if (sealed == NULL || n < SEAL_OVERHEAD)
		return -1;
	ad_for(which, id, ad);
	if ((*pt = malloc(n - SEAL_OVERHEAD + 1)) == NULL)
		return -1;
	if (seal_open(sealed, n, ad, *pt, ptlen) == -1) {
		sms_plain_free(pt, n - SEAL_OVERHEAD + 1);
		*ptlen = 0;
		return -1;
	}
	(*pt)[*ptlen] = '\0';
	return 0;
}

void
sms_plain_free(unsigned char **pt, size_t len)
{
	if (*pt == NULL)
		return;
	sodium_memzero(*pt, len);
	free(*pt);
	*pt = NULL;
}
