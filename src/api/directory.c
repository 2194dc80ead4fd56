/*
 * directory.c -- GET /api/v1/directory (search) and
 * GET /api/v1/directory/{domain}: public, read-only, from memory.
 *
 * Why public: the directory holds only public data (the 2FA Directory
 * dataset) and Kaito's notes on it; no token or user appears here. The
 * answers carry the attribution the dataset's licence asks for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/directory_int.h"
#include "directory/view.h"
#include "http/respond.h"
#include "kaito_limits.h"
#include "util/utf8.h"

static int
lower_word(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

static int
size_param(struct req *r, const char *name, size_t min, size_t max,
    size_t *out)
{
	const char *v = req_query(r, name);
	char *end;
	unsigned long long n;

	if (v == NULL || v[0] == '\0')
		return 0;
	if (v[0] < '0' || v[0] > '9')
		return -1;
	n = strtoull(v, &end, 10);
	if (*end != '\0' || n < min || n > max)
		return -1;
	*out = (size_t)n;
	return 0;
}

int
dir_request_parse(struct req *r, struct dir_request *dr,
    size_t default_limit, char *err, size_t errlen)
{
	const char *m = req_query(r, "method");

	memset(dr, 0, sizeof(*dr));
	dr->q.method = -1;
	dr->limit = default_limit;
	dr->q.q = req_query(r, "q");
	dr->q.category = req_query(r, "category");
	dr->q.region = req_query(r, "region");
	if (dr->q.q != NULL && (strlen(dr->q.q) > LIMIT_DIR_QUERY ||
	    !utf8_valid(dr->q.q, strlen(dr->q.q)) ||
	    utf8_has_control(dr->q.q, strlen(dr->q.q))))
		return snprintf(err, errlen, "q: at most %d bytes of UTF-8 "
		    "text", LIMIT_DIR_QUERY), -1;
	if (m != NULL && m[0] != '\0' && (dr->q.method =
	    dir_method_parse(m)) == -1)
		return snprintf(err, errlen, "method: one of totp, u2f, sms, "
		    "email, call, biometric, custom-software, "
		    "custom-hardware"), -1;
	if (dr->q.category != NULL && dr->q.category[0] != '\0' &&
	    !lower_word(dr->q.category, 1, 32))
		return snprintf(err, errlen, "category: a category id such "
		    "as banking"), -1;
	if (dr->q.region != NULL && dr->q.region[0] != '\0' &&
	    !lower_word(dr->q.region, 2, 2))
		return snprintf(err, errlen, "region: a two-letter country "
		    "code such as us"), -1;
	if (size_param(r, "limit", 1, LIMIT_DIR_PAGE, &dr->limit) == -1 ||
	    size_param(r, "offset", 0, LIMIT_DIR_ENTRIES, &dr->offset) == -1)
		return snprintf(err, errlen, "limit: 1 to %d; offset: 0 to "
		    "%d", LIMIT_DIR_PAGE, LIMIT_DIR_ENTRIES), -1;
	return 0;
}

int
dir_request_search(const struct dir_catalog *c, const struct dir_request *dr,
    struct dir_hit **hits, size_t *total)
{
	size_t cap = dr->offset + dr->limit;

	if (cap > c->set->n)
		cap = c->set->n;
	if ((*hits = calloc(cap ? cap : 1, sizeof(**hits))) == NULL)
		return -1;
	if (dir_search(&c->idx, &dr->q, *hits, cap, total) == -1) {
		free(*hits);
		*hits = NULL;
		return -1;
	}
	return 0;
}

struct dir_catalog *
dir_catalog_or_503(struct req *r, int html)
{
	struct dir_catalog *c = dir_catalog_current();

	if (c != NULL)
		return c;
	if (html)
		respond_text(r, 503, "text/plain; charset=utf-8",
		    "The directory is not loaded.\n");
	else
		respond_error(r, 503, "unavailable", "the directory is not "
		    "loaded");
	return NULL;
}

static json_t *
attribution(json_t *o)
{
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "attribution", json_string(DIR_ATTRIBUTION));
	json_object_set_new(o, "license", json_string(DIR_LICENSE_NOTE));
	return o;
}

static json_t *
results(const struct dir_hit *hits, size_t from, size_t to)
{
	json_t *a = json_array();
	size_t i;

	for (i = from; a != NULL && i < to; i++)
		json_array_append_new(a, dir_hit_json(&hits[i]));
	return a;
}

int
api_directory_search(struct req *r)
{
	struct dir_catalog *c;
	struct dir_request dr;
	struct dir_hit *hits = NULL;
	size_t total = 0, to;
	char err[200];
	int rc;

	if (dir_request_parse(r, &dr, DIR_PAGE_DEFAULT, err, sizeof(err)) ==
	    -1)
		return respond_400(r, "%s", err);
	if ((c = dir_catalog_or_503(r, 0)) == NULL)
		return 0;
	if (dir_request_search(c, &dr, &hits, &total) == -1) {
		dir_catalog_release(&c);
		return respond_500(r);
	}
	to = dr.offset + dr.limit < total ? dr.offset + dr.limit : total;
	rc = respond_json(r, 200, attribution(json_pack("{s:I, s:I, s:I, s:o}",
	    "total", (json_int_t)total, "offset", (json_int_t)dr.offset,
	    "limit", (json_int_t)dr.limit, "results",
	    results(hits, dr.offset < to ? dr.offset : to, to))));
	free(hits);
	dir_catalog_release(&c);
	return rc;
}

int
api_directory_get(struct req *r)
{
	const struct dir_entry *e;
	struct dir_catalog *c;
	int rc;

	if ((c = dir_catalog_or_503(r, 0)) == NULL)
		return 0;
	if ((e = dir_index_domain(&c->idx, r->name)) == NULL)
		rc = respond_404(r, "%s is not in the directory", r->name);
	else
		rc = respond_json(r, 200, attribution(dir_entry_json(e)));
	dir_catalog_release(&c);
	return rc;
}
