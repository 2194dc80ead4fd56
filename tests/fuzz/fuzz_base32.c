/*
 * fuzz_base32.c -- libFuzzer harness for the base32 decoder.
 *
 * Besides "no crash, no leak", it checks a property: whatever decodes
 * must re-encode to a string that decodes to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "otp/base32.h"
#include "util/errbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char out[64], again[64];
	char enc[BASE32_ENCODED_LEN(sizeof(out)) + 1];
	size_t n, m;
	struct errbuf e;

	if (base32_decode((const char *)data, size, out, sizeof(out), &n,
	    &e) == -1)
		return 0;
	if (base32_encode(out, n, enc, sizeof(enc)) == -1 ||
	    base32_decode(enc, strlen(enc), again, sizeof(again), &m, &e) == -1 ||
	    m != n || memcmp(out, again, n) != 0)
		abort();
	return 0;
}
