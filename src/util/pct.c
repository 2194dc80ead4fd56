/*
 * pct.c -- see pct.h.
 */
#include <string.h>

#include "util/errbuf.h"
#include "util/pct.h"

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
pct_decode(const char *s, size_t n, char *out, size_t outcap,
    size_t *outlen, int flags, const char *what, struct errbuf *e)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= n)
				hi = lo = -1;
			else {
				hi = hexval((unsigned char)s[i + 1]);
				lo = hexval((unsigned char)s[i + 2]);
			}
			if (hi < 0 || lo < 0)
				return errbuf_set(e, "%s: '%%' at position %zu "
				    "is not followed by two hex digits", what,
				    i + 1);
			c = (unsigned char)(hi << 4 | lo);
			if (c == 0)
				return errbuf_set(e, "%s: %%00 at position "
				    "%zu", what, i + 1);
			i += 2;
		} else if (c == '+' && (flags & PCT_PLUS_SPACE))
			c = ' ';
		if (o + 1 >= outcap)
			return errbuf_set(e, "%s too long", what);
		out[o++] = (char)c;
	}
	out[o] = '\0';
	*outlen = o;
	return 0;
}

static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

int
pct_encode_append(const char *s, size_t n, char *out, size_t outcap,
    size_t *pos)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, o = *pos;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (o + (unreserved(c) ? 1 : 3) >= outcap) {
			out[*pos] = '\0';
			return -1;
		}
		if (unreserved(c))
			out[o++] = (char)c;
		else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	*pos = o;
	return 0;
}

int
pct_append_raw(const char *s, char *out, size_t outcap, size_t *pos)
{
	size_t n = strlen(s);

	if (*pos + n >= outcap)
		return -1;
	memcpy(out + *pos, s, n + 1);
	*pos += n;
	return 0;
}
