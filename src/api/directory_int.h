/*
 * directory_int.h -- what the directory's JSON handlers and HTML pages
 * share; not for use outside src/api/directory*.c.
 */
#ifndef KAITO_API_DIRECTORY_INT_H
#define KAITO_API_DIRECTORY_INT_H

#include <stddef.h>

#include "directory/catalog.h"
#include "directory/search.h"
#include "http/html.h"
#include "http/req.h"

#define DIR_PAGE_DEFAULT	20	/* results per API page */
#define DIR_HTML_PAGE		50	/* results per HTML page */

/* A search request: the query and its page. */
struct dir_request {
	struct dir_query q;
	size_t limit;
	size_t offset;
};

/*
 * Read q, method, category, region, limit and offset from the query
 * string into dr (strings borrowed from the request). Returns 0, or -1
 * with a message for people in err.
 */
int dir_request_parse(struct req *r, struct dir_request *dr,
    size_t default_limit, char *err, size_t errlen);

/* Run dr's search on c. *hits (free it) gets at most offset + limit hits;
 * *total all of them. Returns 0 or -1 (out of memory). */
int dir_request_search(const struct dir_catalog *c,
    const struct dir_request *dr, struct dir_hit **hits, size_t *total);

/* Page frame: head (title escaped), the header, and the footer with the
 * attribution and licence notice. */
void dir_html_head(struct html *h, const char *title);
void dir_html_foot(struct html *h);

/* The current catalog or a 503 already queued (returns NULL). */
struct dir_catalog *dir_catalog_or_503(struct req *r, int html);

#endif
