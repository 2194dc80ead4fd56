/*
 * jcs.c -- RFC 8785 canonical JSON; see jcs.h.
 *
 * NUMBERS: ECMAScript wants the shortest decimal digits that read back as
 *     the same double (choosing the nearest, then the even one, on ties),
 *     laid out by the exponent rules of Number::toString. printf's %.*e is
 *     correctly rounded, so the first precision from 1 to 17 whose output
 *     strtod reads back exactly gives those digits; the layout is then
 *     done here. Checked against RFC 8785 Appendix B in test_jcs.c.
 * STRINGS: a table sorts each byte into plain, escaped or the start of a
 *     multi-byte sequence, which is validated strictly (no overlongs, no
 *     surrogates, nothing above U+10FFFF); runs of plain bytes are copied
 *     at once, 16 bytes a step with SSE2 (8 with word tricks elsewhere).
 *     This loop is on the path of every audit append and verify.
 * ALREADY CANONICAL: jcs_object_is_canonical() recognizes a flat object
 *     that this file would write back byte for byte, so that `kaito audit
 *     verify` need not parse the details column of every row.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "audit/jcs.h"

#define SORT_ON_STACK	32	/* members sorted without allocating */

int
jcs_buf_init(struct jcs_buf *b, size_t max)
{
	b->cap = max < 1024 ? max + 1 : 1024;
	b->len = 0;
	b->max = max;
	if ((b->p = malloc(b->cap)) == NULL)
		return -1;
	b->p[0] = '\0';
	return 0;
}

void
jcs_buf_free(struct jcs_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Make room for n more bytes and the NUL. */
int
jcs_buf_reserve_slow(struct jcs_buf *b, size_t n)
{
	size_t ncap;
	char *np;

	if (n > b->max || b->len > b->max - n)
		return -1;
	if (b->len + n + 1 <= b->cap)
		return 0;
	ncap = b->cap * 2;
	while (ncap < b->len + n + 1)
		ncap *= 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	if ((np = realloc(b->p, ncap)) == NULL)
		return -1;
	b->p = np;
	b->cap = ncap;
	return 0;
}

int
jcs_buf_add_slow(struct jcs_buf *b, const void *p, size_t n)
{
	if (jcs_buf_reserve(b, n) == -1)
		return -1;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
jcs_buf_str(struct jcs_buf *b, const char *s)
{
	return jcs_buf_add(b, s, strlen(s));
}

/* Byte classes for strings: 0 plain, 1 escaped, 2 starts a multi-byte
 * sequence (or is invalid). */
static const unsigned char byte_class[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* '"' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,	/* '\\' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	[0x80 ... 0xff] = 2,
};

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;	/* nothing above U+10FFFF */
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

int
jcs_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(s + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

char *
jcs_utf8_fix(const char *str, size_t n, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, o = 0, k;
	char *out;

	if (n > (SIZE_MAX - 1) / 3 || (out = malloc(n * 3 + 1)) == NULL)
		return NULL;
	while (i < n) {
		if (s[i] < 0x80)
			k = 1;
		else if ((k = utf8_seq(s + i, n - i)) == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);	/* U+FFFD */
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
#define HAS_ZERO(v)	(((v) - ONES) & ~(v) & HIGHS)

/* Whether the 8 (or 4) bytes of w are all plain: ASCII, not control,
 * not '"' or '\\'. */
static int
plain8(uint64_t w)
{
	return ((w & HIGHS) | ((w - 0x20 * ONES) & ~w & HIGHS) |
	    HAS_ZERO(w ^ (0x22 * ONES)) | HAS_ZERO(w ^ (0x5c * ONES))) == 0;
}

static int
plain4(uint32_t w)
{
	return plain8((uint64_t)w | 0x2020202000000000ULL);
}

/*
 * Copy the last r (under 16) bytes of a string when all are plain, with
 * two overlapping loads and stores of 8 or 4 bytes (so no byte loop and
 * no read past the end). Returns 1 when copied, 0 when a byte needs a
 * look (the byte loop then takes over).
 */
static int
copy_tail(char *o, const unsigned char *s, size_t r)
{
	uint64_t a, b;
	uint32_t c, d;

	if (r >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + r - 8, 8);
		if (!plain8(a) || !plain8(b))
			return 0;
		memcpy(o, &a, 8);
		memcpy(o + r - 8, &b, 8);
		return 1;
	}
	if (r >= 4) {
		memcpy(&c, s, 4);
		memcpy(&d, s + r - 4, 4);
		if (!plain4(c) || !plain4(d))
			return 0;
		memcpy(o, &c, 4);
		memcpy(o + r - 4, &d, 4);
		return 1;
	}
	return 0;
}

/*
 * Copy the run of plain bytes at s + *ip, advancing *ip and *op: 16 bytes
 * a step with SSE2 (8 elsewhere), then the rest of the string at once
 * when it is all plain; what is left goes to the byte loop. A signed
 * compare with 0x20 catches control bytes and, being negative, every byte
 * from 0x80 on. The vector store may write past what is kept: the room
 * for 6 bytes out per byte in covers it.
 */
static void
copy_plain(char **op, const unsigned char *s, size_t *ip, size_t n)
{
	size_t i = *ip;
	char *o = *op;
#ifdef __SSE2__
	const __m128i ctl = _mm_set1_epi8(0x20);
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');
	__m128i v, m;
	unsigned mask;

	while (i + 16 <= n) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		m = _mm_or_si128(_mm_cmplt_epi8(v, ctl), _mm_or_si128(
		    _mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
		_mm_storeu_si128((__m128i *)(void *)o, v);
		if ((mask = (unsigned)_mm_movemask_epi8(m)) != 0) {
			*op = o + __builtin_ctz(mask);
			*ip = i + (size_t)__builtin_ctz(mask);
			return;
		}
		o += 16;
		i += 16;
	}
#else
	uint64_t w;

	while (i + 16 <= n) {
		memcpy(&w, s + i, 8);
		if (!plain8(w))
			break;
		memcpy(o, &w, 8);
		o += 8;
		i += 8;
	}
#endif
	if (i < n && copy_tail(o, s + i, n - i)) {
		o += n - i;
		i = n;
	}
	*op = o;
	*ip = i;
}

/* Write the escape of the control, quote or backslash byte c. */
static char *
put_escape(char *o, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	*o++ = '\\';
	switch (c) {
	case '"': *o++ = '"'; break;
	case '\\': *o++ = '\\'; break;
	case '\b': *o++ = 'b'; break;
	case '\t': *o++ = 't'; break;
	case '\n': *o++ = 'n'; break;
	case '\f': *o++ = 'f'; break;
	case '\r': *o++ = 'r'; break;
	default:
		memcpy(o, "u00", 3);
		o[3] = hex[c >> 4];
		o[4] = hex[c & 15];
		o += 5;
	}
	return o;
}

char *
jcs_write_string(char *o, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k;

	*o++ = '"';
	while (i < n) {
		copy_plain(&o, s, &i, n);
		while (i < n && byte_class[s[i]] == 0)
			*o++ = (char)s[i++];
		if (i == n)
			break;
		if (byte_class[s[i]] == 2) {
			if ((k = utf8_seq(s + i, n - i)) == 0)
				return NULL;
			memcpy(o, s + i, k);
			o += k;
			i += k;
			continue;
		}
		o = put_escape(o, s[i++]);
	}
	*o++ = '"';
	return o;
}

int
jcs_string(struct jcs_buf *b, const char *str, size_t n)
{
	char *o;

	if (n > (SIZE_MAX - 2) / 6 || jcs_buf_reserve(b, 6 * n + 2) == -1)
		return -1;
	if ((o = jcs_write_string(b->p + b->len, str, n)) == NULL) {
		b->p[b->len] = '\0';
		return -1;
	}
	*o = '\0';
	b->len = (size_t)(o - b->p);
	return 0;
}

#define EXACT_INT_MAX	9007199254740992LL	/* 2^53 */

static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930"
    "31323334353637383940414243444546474849505152535455565758596061"
    "62636465666768697071727374757677787980818283848586878889909192"
    "93949596979899";

/* Write x (below 10^8) in as many digits as it takes. */
static char *
put_small(char *o, uint32_t x)
{
	char *end = o + 1 + (x >= 10) + (x >= 100) + (x >= 1000) +
	    (x >= 10000) + (x >= 100000) + (x >= 1000000) + (x >= 10000000);
	char *p = end;

	while (x >= 100) {
		p -= 2;
		memcpy(p, digit_pairs + (x % 100) * 2, 2);
		x /= 100;
	}
	if (x >= 10)
		memcpy(p - 2, digit_pairs + x * 2, 2);
	else
		p[-1] = (char)('0' + x);
	return end;
}

/* Write x (below 10^8) as exactly 8 digits. */
static char *
put8(char *o, uint32_t x)
{
	uint32_t hi = x / 10000, lo = x % 10000;

	memcpy(o, digit_pairs + (hi / 100) * 2, 2);
	memcpy(o + 2, digit_pairs + (hi % 100) * 2, 2);
	memcpy(o + 4, digit_pairs + (lo / 100) * 2, 2);
	memcpy(o + 6, digit_pairs + (lo % 100) * 2, 2);
	return o + 8;
}

/*
 * Eight digits at a time, in 32-bit pieces whose digits do not wait on
 * each other (a time in microseconds has 16): snprintf cost more than the
 * rest of a leaf, and a plain divide-by-100 loop is one long chain.
 */
char *
jcs_write_uint(char *o, uint64_t u)
{
	if (u < 100000000)
		return put_small(o, (uint32_t)u);
	if (u < 10000000000000000ULL)
		o = put_small(o, (uint32_t)(u / 100000000));
	else {
		o = put_small(o, (uint32_t)(u / 10000000000000000ULL));
		o = put8(o, (uint32_t)(u / 100000000 % 100000000));
	}
	return put8(o, (uint32_t)(u % 100000000));
}

int
jcs_int(struct jcs_buf *b, int64_t v)
{
	char *o;

	if (v > EXACT_INT_MAX || v < -EXACT_INT_MAX)
		return jcs_number(b, (double)v);
	if (jcs_buf_reserve(b, 24) == -1)
		return -1;
	o = b->p + b->len;
	if (v < 0) {
		*o++ = '-';
		v = -v;
	}
	o = jcs_write_uint(o, (uint64_t)v);
	*o = '\0';
	b->len = (size_t)(o - b->p);
	return 0;
}

int
jcs_number(struct jcs_buf *b, double v)
{
	char tmp[40], digits[20], out[48];
	const char *p;
	int prec, k = 0, n, e, i, o = 0;

	if (!isfinite(v))
		return -1;
	if (v == 0)			/* also -0 */
		return jcs_buf_add(b, "0", 1);
	if (v < 0) {
		out[o++] = '-';
		v = -v;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	/* tmp is "d[.ddd]e[+-]xx": collect the digits, then the exponent. */
	for (p = tmp; *p != 'e'; p++)
		if (*p != '.')
			digits[k++] = *p;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	e = (int)strtol(p + 1, NULL, 10);
	n = e + 1;		/* v = 0.d1d2...dk * 10^n */
	if (k <= n && n <= 21) {
		memcpy(out + o, digits, (size_t)k);
		o += k;
		for (i = 0; i < n - k; i++)
			out[o++] = '0';
	} else if (0 < n && n <= 21) {
		memcpy(out + o, digits, (size_t)n);
		o += n;
		out[o++] = '.';
		memcpy(out + o, digits + n, (size_t)(k - n));
		o += k - n;
	} else if (-6 < n && n <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (i = 0; i < -n; i++)
			out[o++] = '0';
		memcpy(out + o, digits, (size_t)k);
		o += k;
	} else {
		out[o++] = digits[0];
		if (k > 1) {
			out[o++] = '.';
			memcpy(out + o, digits + 1, (size_t)(k - 1));
			o += k - 1;
		}
		o += snprintf(out + o, sizeof(out) - (size_t)o, "e%c%d",
		    n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
	return jcs_buf_add(b, out, (size_t)o);
}

/* Decode the code point at *s (valid UTF-8), advancing *s. */
static uint32_t
next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];

	if (c < 0x80) {
		*s += 1;
		return c;
	}
	if (c < 0xe0) {
		*s += 2;
		return ((c & 0x1f) << 6) | (p[1] & 0x3f);
	}
	if (c < 0xf0) {
		*s += 3;
		return ((c & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) |
		    (p[2] & 0x3f);
	}
	*s += 4;
	return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) |
	    ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
}

/* A code point's UTF-16 code units, as one sortable number: the first
 * unit in the high half. */
static uint32_t
utf16_key(uint32_t cp)
{
	if (cp < 0x10000)
		return cp << 16;
	cp -= 0x10000;
	return ((0xd800 + (cp >> 10)) << 16) | (0xdc00 + (cp & 0x3ff));
}

int
jcs_key_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	const unsigned char *p = (const unsigned char *)a, *pe = p + an;
	const unsigned char *q = (const unsigned char *)b, *qe = q + bn;
	uint32_t x, y;

	while (p < pe && q < qe) {
		if (*p < 0x80 && *q < 0x80) {
			if (*p != *q)
				return *p < *q ? -1 : 1;
			p++;
			q++;
			continue;
		}
		x = utf16_key(next_cp(&p));
		y = utf16_key(next_cp(&q));
		if (x != y)
			return x < y ? -1 : 1;
	}
	return (p < pe) - (q < qe);
}

struct member {
	const char *key;
	size_t len;
	json_t *value;
};

static int
member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	return jcs_key_cmp(x->key, x->len, y->key, y->len);
}

/* jansson's iteration API takes json_t *, though it does not write. */
static json_t *
unconst(const json_t *v)
{
	union {
		const json_t *c;
		json_t *m;
	} u = { .c = v };

	return u.m;
}

static int
object_value(struct jcs_buf *b, const json_t *obj)
{
	struct member stack[SORT_ON_STACK], *m = stack;
	size_t n = json_object_size(obj), i = 0;
	const char *key;
	json_t *v;
	int rc = -1;

	if (n > SORT_ON_STACK && (m = calloc(n, sizeof(*m))) == NULL)
		return -1;
	json_object_foreach(unconst(obj), key, v) {
		m[i].key = key;
		m[i].len = json_object_iter_key_len(
		    json_object_key_to_iter(key));
		m[i].value = v;
		i++;
	}
	qsort(m, n, sizeof(*m), member_cmp);
	if (jcs_buf_add(b, "{", 1) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if ((i > 0 && jcs_buf_add(b, ",", 1) == -1) ||
		    jcs_string(b, m[i].key, m[i].len) == -1 ||
		    jcs_buf_add(b, ":", 1) == -1 ||
		    jcs_value(b, m[i].value) == -1)
			goto out;
	}
	rc = jcs_buf_add(b, "}", 1);
out:
	if (m != stack)
		free(m);
	return rc;
}

int
jcs_value(struct jcs_buf *b, const json_t *v)
{
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return object_value(b, v);
	case JSON_ARRAY:
		if (jcs_buf_add(b, "[", 1) == -1)
			return -1;
		for (i = 0; i < json_array_size(v); i++)
			if ((i > 0 && jcs_buf_add(b, ",", 1) == -1) ||
			    jcs_value(b, json_array_get(v, i)) == -1)
				return -1;
		return jcs_buf_add(b, "]", 1);
	case JSON_STRING:
		return jcs_string(b, json_string_value(v),
		    json_string_length(v));
	case JSON_INTEGER:
		return jcs_int(b, json_integer_value(v));
	case JSON_REAL:
		return jcs_number(b, json_real_value(v));
	case JSON_TRUE:
		return jcs_buf_add(b, "true", 4);
	case JSON_FALSE:
		return jcs_buf_add(b, "false", 5);
	case JSON_NULL:
		return jcs_buf_add(b, "null", 4);
	}
	return -1;
}

/* --- text already in canonical form --------------------------------- */

/* A cursor over the text being checked. */
struct canon {
	const unsigned char *p;		/* next byte */
	const unsigned char *end;
};

/* A string without escapes or control bytes, in valid UTF-8; names
 * (ascii) must be plain ASCII, whose byte order is RFC 8785's order. Sets
 * *s and *n to its contents. */
static int
canon_string(struct canon *c, int ascii, const unsigned char **s, size_t *n)
{
	const unsigned char *p = c->p;
	size_t k;

	if (p == c->end || *p++ != '"')
		return 0;
	*s = p;
	while (p < c->end && *p != '"') {
		if (*p == '\\' || *p < 0x20)
			return 0;
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (ascii || (k = utf8_seq(p, (size_t)(c->end - p))) == 0)
			return 0;
		p += k;
	}
	if (p == c->end)
		return 0;
	*n = (size_t)(p - *s);
	c->p = p + 1;
	return 1;
}

/* An integer as JCS writes it: no leading zero, no "-0", and at most 15
 * digits (well within 2^53). */
static int
canon_int(struct canon *c)
{
	const unsigned char *p = c->p, *d;

	if (p < c->end && *p == '-')
		p++;
	d = p;
	while (p < c->end && *p >= '0' && *p <= '9')
		p++;
	if (p == d || p - d > 15 || (*d == '0' && (p - d > 1 || d > c->p)))
		return 0;
	c->p = p;
	return 1;
}

static int
canon_literal(struct canon *c, const char *lit, size_t n)
{
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return 0;
	c->p += n;
	return 1;
}

static int
canon_value(struct canon *c)
{
	const unsigned char *s;
	size_t n;

	if (c->p == c->end)
		return 0;
	switch (*c->p) {
	case '"':
		return canon_string(c, 0, &s, &n);
	case 't':
		return canon_literal(c, "true", 4);
	case 'f':
		return canon_literal(c, "false", 5);
	case 'n':
		return canon_literal(c, "null", 4);
	default:
		return canon_int(c);
	}
}

int
jcs_object_is_canonical(const char *text, size_t n)
{
	struct canon c = { (const unsigned char *)text,
	    (const unsigned char *)text + n };
	const unsigned char *key, *prev = NULL;
	size_t klen, plen = 0;
	int cmp;

	if (n < 2 || text[0] != '{')
		return 0;
	c.p++;
	if (*c.p == '}')
		return n == 2;
	for (;;) {
		if (!canon_string(&c, 1, &key, &klen))
			return 0;
		/* Names strictly increasing: sorted, and no duplicates. */
		if (prev != NULL) {
			cmp = memcmp(prev, key, plen < klen ? plen : klen);
			if (cmp > 0 || (cmp == 0 && plen >= klen))
				return 0;
		}
		prev = key;
		plen = klen;
		if (!canon_literal(&c, ":", 1) || !canon_value(&c))
			return 0;
		if (c.p == c.end)
			return 0;
		if (*c.p == '}')
			return c.p + 1 == c.end;
		if (*c.p++ != ',')
			return 0;
	}
}
