/*
 * errbuf.c -- see errbuf.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/errbuf.h"

int
errbuf_set(struct errbuf *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Append n bytes of s at *pos, truncating to fit msg. */
static void
errbuf_append(struct errbuf *e, size_t *pos, const char *s, size_t n)
{
	if (n > sizeof(e->msg) - 1 - *pos)
		n = sizeof(e->msg) - 1 - *pos;
	memcpy(e->msg + *pos, s, n);
	*pos += n;
	e->msg[*pos] = '\0';
}

int
errbuf_prefix(struct errbuf *e, const char *fmt, ...)
{
	char old[ERRBUF_LEN];
	char pre[ERRBUF_LEN];
	size_t pos = 0;
	va_list ap;

	if (e == NULL)
		return -1;
	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	errbuf_append(e, &pos, pre, strlen(pre));
	errbuf_append(e, &pos, ": ", 2);
	errbuf_append(e, &pos, old, strnlen(old, sizeof(old)));
	return -1;
}
