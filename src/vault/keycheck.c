/*
 * keycheck.c -- see keycheck.h. The value is the string "kaito keycheck
 * v1" sealed with associated data "meta:0:keycheck".
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/meta.h"
#include "vault/keycheck.h"
#include "vault/seal.h"

static const char check_value[] = "kaito keycheck v1";

int
keycheck_create(struct store *st)
{
	unsigned char sealed[sizeof(check_value) + SEAL_OVERHEAD];
	char ad[SEAL_AD_MAX];

	seal_ad(ad, "meta", 0, "keycheck");
	if (seal_seal((const unsigned char *)check_value, sizeof(check_value),
	    ad, sealed) == -1)
		return -1;
	return store_meta_put(st, "keycheck", sealed, sizeof(sealed));
}

int
keycheck_verify(struct store *st, struct errbuf *e)
{
	unsigned char *sealed = NULL, pt[sizeof(check_value)];
	char ad[SEAL_AD_MAX];
	size_t n = 0, ptlen = 0;
	int rc;

	rc = store_meta_get(st, "keycheck", &sealed, &n);
	if (rc == STORE_NOTFOUND)
		return errbuf_set(e, "the database was not initialised; run "
		    "'kaito init'");
	if (rc != 0)
		return errbuf_set(e, "cannot read the database");
	seal_ad(ad, "meta", 0, "keycheck");
	rc = n == sizeof(pt) + SEAL_OVERHEAD &&
	    seal_open(sealed, n, ad, pt, &ptlen) == 0 &&
	    ptlen == sizeof(check_value) &&
	    memcmp(pt, check_value, sizeof(pt)) == 0 ? 0 : -1;
	free(sealed);
	if (rc == -1)
		return errbuf_set(e, "the root key does not open this "
		    "database (wrong key file or KAITO_ROOT_KEY?)");
	return 0;
}
