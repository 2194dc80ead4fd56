/*
 * form.c -- see form.h. Decoded text is never longer than its encoding,
 * so one buffer of the body's size plus a NUL per name and per value
 * holds every field: one allocation, one wipe.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util/form.h"
#include "util/pct.h"

/* Decode s[0..n) to *pos in f->buf and NUL-terminate it. */
static int
decode_part(struct form *f, size_t *pos, const char *s, size_t n,
    const char **out, size_t *outlen, const char *what, struct errbuf *e)
{
	if (pct_decode(s, n, f->buf + *pos, f->buf_len - *pos, outlen,
	    PCT_PLUS_SPACE, what, e) == -1)
		return -1;
	*out = f->buf + *pos;
	*pos += *outlen + 1;
	return 0;
}

static int
parse_pair(struct form *f, size_t *pos, const char *p, size_t len,
    struct errbuf *e)
{
	struct form_field *ff;
	const char *eq;
	size_t nlen;

	if (f->n == LIMIT_SMS_FORM_FIELDS)
		return errbuf_set(e, "form has more than %d fields",
		    LIMIT_SMS_FORM_FIELDS);
	ff = &f->f[f->n];
	eq = memchr(p, '=', len);
	nlen = eq != NULL ? (size_t)(eq - p) : len;
	if (nlen == 0)
		return errbuf_set(e, "form field %zu has no name", f->n + 1);
	if (decode_part(f, pos, p, nlen, &ff->name, &ff->name_len,
	    "form field name", e) == -1)
		return -1;
	if (ff->name_len > LIMIT_SMS_FORM_NAME)
		return errbuf_set(e, "form field %zu: name longer than %d "
		    "bytes", f->n + 1, LIMIT_SMS_FORM_NAME);
	if (eq == NULL)
		eq = p + len - 1;	/* value: the empty string after it */
	if (decode_part(f, pos, eq + 1, (size_t)(p + len - eq - 1),
	    &ff->value, &ff->value_len, "form field value", e) == -1)
		return -1;
	f->n++;
	return 0;
}

int
form_parse(const char *s, size_t n, struct form *f, struct errbuf *e)
{
	const char *p = s, *end = s + n, *amp;
	size_t pos = 0;

	memset(f, 0, sizeof(*f));
	if ((p = memchr(s, '\0', n)) != NULL)
		return errbuf_set(e, "form has a NUL byte at position %zu",
		    (size_t)(p - s) + 1);
	p = s;
	f->buf_len = n + 2 * LIMIT_SMS_FORM_FIELDS + 2;
	if ((f->buf = malloc(f->buf_len)) == NULL)
		return errbuf_set(e, "out of memory");
	while (p < end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp > p && parse_pair(f, &pos, p, (size_t)(amp - p),
		    e) == -1) {
			form_free(f);
			return -1;
		}
		p = amp + 1;
	}
	return 0;
}

const struct form_field *
form_get(const struct form *f, const char *name, size_t *count)
{
	const struct form_field *first = NULL;
	size_t i, len = strlen(name), c = 0;

	for (i = 0; i < f->n; i++) {
		if (f->f[i].name_len != len ||
		    memcmp(f->f[i].name, name, len) != 0)
			continue;
		if (first == NULL)
			first = &f->f[i];
		c++;
	}
	if (count != NULL)
		*count = c;
	return first;
}

void
form_free(struct form *f)
{
	if (f == NULL)
		return;
	if (f->buf != NULL) {
		sodium_memzero(f->buf, f->buf_len);
		free(f->buf);
	}
	memset(f, 0, sizeof(*f));
}
