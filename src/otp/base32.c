/*
 * base32.c -- RFC 4648 section 6 base32 decode and encode.
 *
 * FORMAT: each character carries 5 bits, most significant first; 8
 *     characters make 5 bytes. A final group of 2, 4, 5 or 7 characters
 *     carries 1, 2, 3 or 4 bytes; 1, 3 or 6 leftover characters cannot
 *     come from any byte string and are rejected.
 * LENIENCY: 'a'-'z' are read as 'A'-'Z'; ' ' and '-' (grouping that
 *     authenticator apps display) are skipped; padding may be absent. Any
 *     '=' must be followed only by more '=' (and skipped characters).
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "otp/base32.h"
#include "util/errbuf.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* Value of an upper- or lower-case base32 digit, or -1. */
static int
base32_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

static int
base32_bad_char(struct errbuf *e, unsigned char c, size_t pos)
{
	if (c >= 0x21 && c < 0x7f)
		return errbuf_set(e, "bad base32 character '%c' at position %zu",
		    c, pos + 1);
	return errbuf_set(e, "bad base32 character 0x%02x at position %zu",
	    c, pos + 1);
}

int
base32_decode(const char *in, size_t inlen, unsigned char *out,
    size_t outcap, size_t *outlen, struct errbuf *e)
{
	uint32_t acc = 0;	/* bits not yet written, right-aligned */
	unsigned nbits = 0;	/* how many bits of acc are pending */
	size_t ndigits = 0, n = 0, i;
	int padding = 0;
	int v;

	*outlen = 0;
	for (i = 0; i < inlen; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == ' ' || c == '-')
			continue;
		if (c == '=') {
			padding = 1;
			continue;
		}
		if ((v = base32_value(c)) == -1 || padding) {
			if (padding && v != -1)
				errbuf_set(e, "base32 character '%c' after "
				    "padding at position %zu", c, i + 1);
			else
				base32_bad_char(e, c, i);
			goto fail;
		}
		ndigits++;
		acc = (acc << 5) | (uint32_t)v;
		nbits += 5;
		if (nbits >= 8) {
			if (n == outcap) {
				errbuf_set(e, "base32 value longer than %zu "
				    "bytes", outcap);
				goto fail;
			}
			nbits -= 8;
			out[n++] = (unsigned char)(acc >> nbits);
			acc &= (1u << nbits) - 1;
		}
	}
	switch (ndigits % 8) {
	case 1: case 3: case 6:
		errbuf_set(e, "base32 length %zu is impossible (a group of "
		    "8 cannot end after 1, 3 or 6 characters)", ndigits);
		goto fail;
	}
	*outlen = n;
	return 0;
fail:
	sodium_memzero(out, outcap);
	return -1;
}

int
base32_encode(const unsigned char *in, size_t n, char *out, size_t outcap)
{
	uint32_t acc = 0;
	unsigned nbits = 0;
	size_t i, o = 0;

	if (outcap < BASE32_ENCODED_LEN(n) + 1)
		return -1;
	for (i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		nbits += 8;
		while (nbits >= 5) {
			nbits -= 5;
			out[o++] = alphabet[(acc >> nbits) & 31];
		}
		acc &= (1u << nbits) - 1;
	}
	if (nbits > 0)
		out[o++] = alphabet[(acc << (5 - nbits)) & 31];
	out[o] = '\0';
	return 0;
}
