/*
 * fetch.h -- one conditional HTTP GET with libcurl, for directory sync.
 *
 * Why: the 2FA Directory's maintainers ask users to cache the API files
 * and not to fetch them more than needed (Cloudflare may block heavy
 * traffic). A sync therefore sends the validators of its cached copy
 * (If-None-Match with the ETag, If-Modified-Since with the Last-Modified
 * date, both as the server sent them) and a 304 costs no body.
 *
 * LIMITS: http and https only (also after redirects, at most 3); connect
 *     timeout 15 s, whole transfer 120 s; a body over LIMIT_DIR_FILE is
 *     refused. Validators are kept only when they are printable ASCII of
 *     sane length, so a hostile server cannot inject headers through them.
 */
#ifndef KAITO_DIRECTORY_FETCH_H
#define KAITO_DIRECTORY_FETCH_H

#include <stddef.h>

#include "util/errbuf.h"

#define DIR_ETAG_MAX	256
#define DIR_DATE_MAX	63

struct dir_fetch {
	const char *url;			/* in */
	const char *etag;			/* in: validator, or NULL */
	const char *last_modified;		/* in: or NULL */
	long status;				/* out: 200 or 304 */
	char *body;				/* out, owned: on 200 */
	size_t len;
	char new_etag[DIR_ETAG_MAX + 1];	/* out: "" when none */
	char new_last_modified[DIR_DATE_MAX + 1];
};

/*
 * Fetch f->url. Returns 0 with f->status 200 (body set) or 304; or -1
 * with e set: "cannot reach URL: <reason>" when there is no answer, or
 * "URL answered HTTP <status>" for any other status.
 */
int dir_fetch(struct dir_fetch *f, struct errbuf *e);

/* Free the body. */
void dir_fetch_clear(struct dir_fetch *f);

#endif
