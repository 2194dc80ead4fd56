/*
 * html.h -- building server-rendered HTML safely.
 *
 * Why: pages show strings that came from outside (the 2FA Directory
 * dataset, annotations). The rule is in the function names: html_raw()
 * takes markup the code itself wrote, html_text() escapes everything it
 * is given (& < > " '), for element content and for double-quoted
 * attribute values alike, and html_url_param() percent-encodes a query
 * value. A page is built in one growing buffer, capped at LIMIT_HTML_PAGE,
 * and handed to the response whole.
 */
#ifndef KAITO_HTTP_HTML_H
#define KAITO_HTTP_HTML_H

#include <stddef.h>

#include "http/req.h"

#define LIMIT_HTML_PAGE	(2 * 1024 * 1024)

struct html {
	char *buf;		/* owned; NUL-terminated */
	size_t len, cap;
	int failed;		/* out of memory or over the cap */
};

void html_init(struct html *h);
void html_free(struct html *h);

/* Append markup written by the code (never data). */
void html_raw(struct html *h, const char *s);

/* Append s escaped for element content or a quoted attribute. */
void html_text(struct html *h, const char *s);

/* Append formatted markup; arguments must not be data (numbers only). */
void html_printf(struct html *h, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

/* Append s percent-encoded for a URL query value. */
void html_url_param(struct html *h, const char *s);

/* Answer with the page as text/html (500 when building it failed); the
 * buffer is handed over and h is left empty. Returns 0. */
int html_respond(struct req *r, int status, struct html *h);

#endif
