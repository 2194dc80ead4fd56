/*
 * fuzz_import.h -- the driver the five importer harnesses share
 * (fuzz_import_<format>.c each call fuzz_import() with their format).
 *
 * Properties checked on top of memory safety, leaks and UB:
 * - ALL OR NOTHING: the list starts with one token of our own; a failed
 *   import leaves exactly that token, untouched, and every byte of the
 *   list past it zero (what the import appended was wiped), and says why;
 * - every token a successful import yields passes otp_token_check() and
 *   formats to a URI that parses back to the same token;
 * - skip_unsupported only ever adds: an input that imports strictly
 *   imports the same tokens with skipping on, and without a warning.
 */
#ifndef KAITO_FUZZ_IMPORT_H
#define KAITO_FUZZ_IMPORT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "otp/import.h"
#include "otp/uri.h"
#include "util/jsonmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_warn(void *arg, const char *msg)
{
	size_t *n = arg;

	if (msg == NULL || msg[0] == '\0' || strlen(msg) >= ERRBUF_LEN)
		abort();
	(*n)++;
}

static int
fuzz_same_token(const struct otp_token *a, const struct otp_token *b)
{
	return a->kind == b->kind && a->algo == b->algo &&
	    a->digits == b->digits && a->secret_len == b->secret_len &&
	    memcmp(a->secret, b->secret, a->secret_len) == 0 &&
	    strcmp(a->issuer, b->issuer) == 0 &&
	    strcmp(a->account, b->account) == 0 &&
	    a->counter == b->counter &&
	    (a->kind == OTP_HOTP || a->period == b->period);
}

/* Import once; check the list afterwards. Returns the import's result. */
static int
fuzz_import_once(enum import_format f, const char *buf, size_t size,
    int skip, struct otp_list *l, size_t *nwarn)
{
	static char uri[LIMIT_OTP_URI];
	struct import_opts opts = { skip, fuzz_warn, nwarn };
	struct otp_token mine, back;
	struct errbuf e = { "" }, w;
	const unsigned char *p;
	size_t i;
	int rc;

	if (otp_uri_parse("otpauth://hotp/Mine:me?secret=MFRGGZDFMZTWQ2LK"
	    "&counter=9", &mine, &e, &w) == -1 || otp_list_add(l, &mine,
	    &e) == -1)
		abort();
	rc = import_tokens(f, buf, size, &opts, l, &e);
	if (l->n < 1 || !fuzz_same_token(&l->v[0], &mine))
		abort();
	if (rc == -1) {
		if (l->n != 1 || e.msg[0] == '\0')
			abort();
		p = (const unsigned char *)(l->v + 1);
		for (i = 0; i < (l->cap - 1) * sizeof(*l->v); i++)
			if (p[i] != 0)
				abort();
	} else {
		for (i = 1; i < l->n; i++) {
			if (otp_token_check(&l->v[i], NULL) == -1 ||
			    otp_uri_format(&l->v[i], uri, sizeof(uri)) == -1 ||
			    otp_uri_parse(uri, &back, &e, &w) == -1 ||
			    !fuzz_same_token(&l->v[i], &back))
				abort();
			otp_token_clear(&back);
		}
	}
	otp_token_clear(&mine);
	return rc;
}

static int
fuzz_import(enum import_format f, const uint8_t *data, size_t size)
{
	static int ready;
	struct otp_list strict = { NULL, 0, 0 }, skip = { NULL, 0, 0 };
	size_t i, nwarn_strict = 0, nwarn_skip = 0;
	int rc_strict, rc_skip;

	if (!ready) {
		if (sodium_init() < 0)
			abort();
		jsonmem_init();
		ready = 1;
	}
	rc_strict = fuzz_import_once(f, (const char *)data, size, 0, &strict,
	    &nwarn_strict);
	rc_skip = fuzz_import_once(f, (const char *)data, size, 1, &skip,
	    &nwarn_skip);
	if (rc_strict == 0) {
		/* Strict success: nothing was unsupported, so skipping
		 * changes nothing (warnings about incomplete batches aside,
		 * which both runs give alike). */
		if (rc_skip != 0 || skip.n != strict.n ||
		    nwarn_skip != nwarn_strict)
			abort();
		for (i = 0; i < strict.n; i++)
			if (!fuzz_same_token(&strict.v[i], &skip.v[i]))
				abort();
	}
	otp_list_free(&strict);
	otp_list_free(&skip);
	return 0;
}

#endif
