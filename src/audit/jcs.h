/*
 * jcs.h -- RFC 8785 JSON Canonicalization Scheme (JCS): one exact byte
 * string for a JSON value, so that a hash of it means the same thing to
 * every reader.
 *
 * Why: an audit row's leaf hash is taken over its canonical JSON, and a
 * SIEM, a script or another verifier must be able to rebuild those bytes
 * from the event it received with any RFC 8785 library.
 *
 * RULES (RFC 8785 3.2): no whitespace; object members sorted by their
 *     names as arrays of UTF-16 code units; strings as UTF-8 with only
 *     '"', '\\' and U+0000..U+001F escaped (\b \t \n \f \r short forms,
 *     the rest \u00xx in lower-case hex), '/' and non-ASCII left as they
 *     are; numbers as ECMAScript's Number.prototype.toString gives them
 *     (integers of magnitude up to 2^53 in plain decimal); literals as
 *     true, false, null. Invalid UTF-8 and non-finite numbers are errors.
 */
#ifndef KAITO_AUDIT_JCS_H
#define KAITO_AUDIT_JCS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

/* A growable output buffer with a cap; always NUL-terminated. */
struct jcs_buf {
	char *p;		/* owned */
	size_t len;		/* bytes written, without the NUL */
	size_t cap;		/* allocated */
	size_t max;		/* writes that would pass this fail */
};

/* Start an empty buffer that may grow to max bytes. Returns 0 or -1. */
int jcs_buf_init(struct jcs_buf *b, size_t max);

/* Release the buffer. NULL-safe on b->p. */
void jcs_buf_free(struct jcs_buf *b);

/* Append n raw bytes. Returns 0, or -1 past the cap or out of memory. */
int jcs_buf_add_slow(struct jcs_buf *b, const void *p, size_t n);

static inline int
jcs_buf_add(struct jcs_buf *b, const void *p, size_t n)
{
	/* The common case, inline: it fits (leaf encoding calls this for
	 * every member name). */
	if (n < b->cap - b->len && b->len + n <= b->max) {
		memcpy(b->p + b->len, p, n);
		b->len += n;
		b->p[b->len] = '\0';
		return 0;
	}
	return jcs_buf_add_slow(b, p, n);
}

/* Make sure n more bytes fit. Returns 0 or -1. */
int jcs_buf_reserve_slow(struct jcs_buf *b, size_t n);

static inline int
jcs_buf_reserve(struct jcs_buf *b, size_t n)
{
	/* Inline when it already fits: leaf encoding asks twice a row. */
	if (n <= b->max && b->len <= b->max - n && b->len + n < b->cap)
		return 0;
	return jcs_buf_reserve_slow(b, n);
}

/* Append a string literal or other raw text. */
int jcs_buf_str(struct jcs_buf *b, const char *s);

/* Append s[0..n) as a canonical JSON string, quotes included. Returns 0,
 * or -1 when s is not valid UTF-8 (or the buffer is full). */
int jcs_string(struct jcs_buf *b, const char *s, size_t n);

/*
 * The writers under jcs_string and jcs_int, for encoders that reserve
 * room once for a whole document (leaf.c): write at o, which has room for
 * 6 * n + 2 bytes (a string) or 21 (an integer's digits), and return the
 * end; NULL when str is not valid UTF-8. The integer must be at most
 * 2^53 (larger ones go through jcs_number).
 */
char *jcs_write_string(char *o, const char *str, size_t n);
char *jcs_write_uint(char *o, uint64_t u);

/* Append an integer (magnitudes above 2^53 go through jcs_number, as a
 * JavaScript reader would see them). */
int jcs_int(struct jcs_buf *b, int64_t v);

/* Append a number as ECMAScript serializes it. -1 for NaN or infinity. */
int jcs_number(struct jcs_buf *b, double v);

/* Append the canonical form of any JSON value. Returns 0 or -1. */
int jcs_value(struct jcs_buf *b, const json_t *v);

/*
 * 1 when text[0..n) is a JSON object that jcs_value() would write back
 * byte for byte, because it already has the simple canonical shape: no
 * whitespace; member names of plain ASCII without escapes, in strictly
 * increasing order; values that are strings without escapes or control
 * bytes (valid UTF-8), integers of at most 15 digits with no leading zero
 * and no "-0", true, false or null. 0 says nothing: the text may still be
 * canonical, or not JSON at all; parse it. Lets a reader skip the parse
 * of a stored canonical object (`kaito audit verify`).
 */
int jcs_object_is_canonical(const char *text, size_t n);

/* 1 if s[0..n) is valid UTF-8 in the strict sense above (NUL allowed). */
int jcs_utf8_valid(const char *s, size_t n);

/*
 * A copy of s[0..n) with each byte that does not start a valid UTF-8
 * sequence replaced by U+FFFD, NUL-terminated, in a new buffer (caller
 * frees); *outlen gets its length. NULL when out of memory.
 */
char *jcs_utf8_fix(const char *s, size_t n, size_t *outlen);

/* Compare two valid UTF-8 strings as arrays of UTF-16 code units (the
 * member order of RFC 8785 3.2.3): <0, 0 or >0. */
int jcs_key_cmp(const char *a, size_t an, const char *b, size_t bn);

#endif
