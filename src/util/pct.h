/*
 * pct.h -- RFC 3986 percent-encoding for URI components.
 *
 * Why: otpauth:// labels and parameters are percent-encoded; decoding must
 * refuse malformed escapes instead of guessing, and encoding must produce
 * what every authenticator app reads back.
 */
#ifndef KAITO_PCT_H
#define KAITO_PCT_H

#include <stddef.h>

struct errbuf;

/*
 * Decode n bytes of s into out (outcap bytes; the result is NUL-terminated,
 * so it needs at most n + 1). "%XX" becomes one byte. With
 * PCT_PLUS_SPACE, '+' becomes ' ' (query strings, as form encoders and
 * Android's Uri write them); otherwise it stays '+'.
 * Returns 0 with *outlen set, or -1 with e set for a '%' without two hex
 * digits after it, a decoded NUL, or an output that does not fit. what
 * names the component in the message.
 */
#define PCT_PLUS_SPACE	0x1

int pct_decode(const char *s, size_t n, char *out, size_t outcap,
    size_t *outlen, int flags, const char *what, struct errbuf *e);

/*
 * Append the encoding of n bytes of s to out at *pos (outcap bytes in all;
 * the result stays NUL-terminated). Unreserved characters (ALPHA, DIGIT,
 * "-._~") are kept; every other byte becomes %XX. Returns 0, or -1 when it
 * does not fit (out is then left NUL-terminated at the old *pos).
 */
int pct_encode_append(const char *s, size_t n, char *out, size_t outcap,
    size_t *pos);

/* Append the literal string s (no encoding). Returns 0 or -1 as above. */
int pct_append_raw(const char *s, char *out, size_t outcap, size_t *pos);

#endif
