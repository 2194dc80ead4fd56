/*
 * html.c -- see html.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/html.h"
#include "http/respond.h"

void
html_init(struct html *h)
{
	memset(h, 0, sizeof(*h));
}

void
html_free(struct html *h)
{
	free(h->buf);
	html_init(h);
}

static int
reserve(struct html *h, size_t n)
{
	size_t ncap;
	char *nb;

	if (h->failed)
		return -1;
	if (h->len + n + 1 <= h->cap)
		return 0;
	if (h->len + n + 1 > LIMIT_HTML_PAGE) {
		h->failed = 1;
		return -1;
	}
	ncap = h->cap ? h->cap : 16 * 1024;
	while (ncap < h->len + n + 1)
		ncap *= 2;
	if ((nb = realloc(h->buf, ncap)) == NULL) {
		h->failed = 1;
		return -1;
	}
	h->buf = nb;
	h->cap = ncap;
	return 0;
}

static void
append(struct html *h, const char *s, size_t n)
{
	if (reserve(h, n) == -1)
		return;
	memcpy(h->buf + h->len, s, n);
	h->len += n;
	h->buf[h->len] = '\0';
}

void
html_raw(struct html *h, const char *s)
{
	append(h, s, strlen(s));
}

void
html_text(struct html *h, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		append(h, run, (size_t)(s - run));
		html_raw(h, rep);
		run = s + 1;
	}
	append(h, run, (size_t)(s - run));
}

void
html_printf(struct html *h, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		h->failed = 1;
		return;
	}
	append(h, buf, (size_t)n);
}

void
html_url_param(struct html *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[3];

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL) {
			append(h, s, 1);
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 15];
		append(h, esc, 3);
	}
}

int
html_respond(struct req *r, int status, struct html *h)
{
	int rc;

	if (h->failed || h->buf == NULL) {
		html_free(h);
		return respond_500(r);
	}
	rc = respond_text(r, status, "text/html; charset=utf-8", h->buf);
	html_free(h);
	return rc;
}
