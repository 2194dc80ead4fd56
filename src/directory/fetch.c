/*
 * fetch.c -- see fetch.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "directory/fetch.h"
#include "kaito_limits.h"

struct sink {
	struct dir_fetch *f;
	size_t cap;
	int too_big;
};

static size_t
on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb, ncap;
	char *nb;

	if (s->f->len + n > LIMIT_DIR_FILE) {
		s->too_big = 1;
		return 0;
	}
	if (s->f->len + n + 1 > s->cap) {
		ncap = s->cap ? s->cap : 64 * 1024;
		while (ncap < s->f->len + n + 1)
			ncap *= 2;
		if ((nb = realloc(s->f->body, ncap)) == NULL)
			return 0;
		s->f->body = nb;
		s->cap = ncap;
	}
	memcpy(s->f->body + s->f->len, data, n);
	s->f->len += n;
	s->f->body[s->f->len] = '\0';
	return n;
}

/* Keep a header value if it is printable ASCII and fits. */
static void
keep(const char *v, size_t n, char *out, size_t cap)
{
	size_t i;

	while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' ||
	    v[n - 1] == ' '))
		n--;
	while (n > 0 && *v == ' ') {
		v++;
		n--;
	}
	if (n == 0 || n >= cap)
		return;
	for (i = 0; i < n; i++)
		if (v[i] < 0x20 || v[i] > 0x7e)
			return;
	memcpy(out, v, n);
	out[n] = '\0';
}

static size_t
on_header(char *line, size_t size, size_t nmemb, void *arg)
{
	struct dir_fetch *f = arg;
	size_t n = size * nmemb;

	if (n > 5 && strncasecmp(line, "HTTP/", 5) == 0) {
		f->new_etag[0] = '\0';		/* a new response (redirect) */
		f->new_last_modified[0] = '\0';
	} else if (n > 5 && strncasecmp(line, "ETag:", 5) == 0)
		keep(line + 5, n - 5, f->new_etag, sizeof(f->new_etag));
	else if (n > 14 && strncasecmp(line, "Last-Modified:", 14) == 0)
		keep(line + 14, n - 14, f->new_last_modified,
		    sizeof(f->new_last_modified));
	return n;
}

static struct curl_slist *
validators(const struct dir_fetch *f)
{
	struct curl_slist *h = NULL, *t;
	char line[DIR_ETAG_MAX + 32];

	if (f->etag != NULL && f->etag[0] != '\0') {
		snprintf(line, sizeof(line), "If-None-Match: %s", f->etag);
		if ((t = curl_slist_append(h, line)) == NULL)
			goto fail;
		h = t;
	}
	if (f->last_modified != NULL && f->last_modified[0] != '\0') {
		snprintf(line, sizeof(line), "If-Modified-Since: %s",
		    f->last_modified);
		if ((t = curl_slist_append(h, line)) == NULL)
			goto fail;
		h = t;
	}
	return h;
fail:
	curl_slist_free_all(h);
	return NULL;
}

static void
setup(CURL *c, struct dir_fetch *f, struct sink *s, struct curl_slist *h,
    char *err)
{
	curl_easy_setopt(c, CURLOPT_URL, f->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "kaito-directory-sync");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
	if (h != NULL)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
}

int
dir_fetch(struct dir_fetch *f, struct errbuf *e)
{
	char err[CURL_ERROR_SIZE] = "";
	struct sink s = { .f = f };
	struct curl_slist *h = NULL;
	CURLcode cc;
	CURL *c;
	int rc = -1;

	f->status = 0;
	f->new_etag[0] = f->new_last_modified[0] = '\0';
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (c = curl_easy_init()) == NULL)
		return errbuf_set(e, "cannot start libcurl");
	h = validators(f);
	setup(c, f, &s, h, err);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
	if (s.too_big)
		errbuf_set(e, "%s: larger than %d bytes", f->url,
		    LIMIT_DIR_FILE);
	else if (cc != CURLE_OK)
		errbuf_set(e, "cannot reach %s: %s", f->url,
		    err[0] ? err : curl_easy_strerror(cc));
	else if (f->status != 200 && f->status != 304)
		errbuf_set(e, "%s answered HTTP %ld", f->url, f->status);
	else
		rc = 0;
	if (rc == -1 || f->status == 304)
		dir_fetch_clear(f);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	curl_global_cleanup();
	return rc;
}

void
dir_fetch_clear(struct dir_fetch *f)
{
	free(f->body);
	f->body = NULL;
	f->len = 0;
}
