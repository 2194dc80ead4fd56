/*
 * fuzz_uri.c -- libFuzzer harness for the otpauth:// parser.
 *
 * Property checked on top of memory safety: every URI that parses formats
 * to a URI that parses back to the same token.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "otp/uri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same_token(const struct otp_token *a, const struct otp_token *b)
{
	return a->kind == b->kind && a->algo == b->algo &&
	    a->digits == b->digits && a->secret_len == b->secret_len &&
	    memcmp(a->secret, b->secret, a->secret_len) == 0 &&
	    strcmp(a->issuer, b->issuer) == 0 &&
	    strcmp(a->account, b->account) == 0 &&
	    a->counter == b->counter &&
	    (a->kind == OTP_HOTP || a->period == b->period);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char uri[LIMIT_OTP_URI + 2], out[LIMIT_OTP_URI];
	struct otp_token t, u;
	struct errbuf e, w;

	if (size > LIMIT_OTP_URI + 1)
		return 0;
	memcpy(uri, data, size);
	uri[size] = '\0';
	if (otp_uri_parse(uri, &t, &e, &w) == -1)
		return 0;
	if (otp_uri_format(&t, out, sizeof(out)) == -1 ||
	    otp_uri_parse(out, &u, &e, &w) == -1 || !same_token(&t, &u))
		abort();
	otp_token_clear(&t);
	otp_token_clear(&u);
	return 0;
}
