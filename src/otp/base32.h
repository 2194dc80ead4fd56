/*
 * base32.h -- RFC 4648 base32, as people paste it.
 *
 * Why: TOTP seeds travel as base32 text typed or pasted by humans, so the
 * decoder forgives what is harmless (lower case, spaces, hyphens, missing
 * padding) and names the first thing it cannot accept, by character and
 * position, so the user can fix it.
 */
#ifndef KAITO_BASE32_H
#define KAITO_BASE32_H

#include <stddef.h>

struct errbuf;

/* Bytes needed to encode n bytes, without padding and without the NUL. */
#define BASE32_ENCODED_LEN(n)	(((n) * 8 + 4) / 5)

/*
 * Decode inlen characters of in into out, which holds outcap bytes, and
 * store the decoded length in *outlen. Upper and lower case are accepted,
 * spaces and hyphens are skipped, '=' padding is optional but must only
 * appear at the end. Returns 0, or -1 with e set (bad character and its
 * 1-based position, impossible length, or output too long). On failure
 * out is zeroed.
 */
int base32_decode(const char *in, size_t inlen, unsigned char *out,
    size_t outcap, size_t *outlen, struct errbuf *e);

/*
 * Encode n bytes of in as upper-case base32 without padding, NUL-terminated,
 * into out of outcap bytes. Returns 0, or -1 if outcap is smaller than
 * BASE32_ENCODED_LEN(n) + 1.
 */
int base32_encode(const unsigned char *in, size_t n, char *out, size_t outcap);

#endif
