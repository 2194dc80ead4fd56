/*
 * router.h -- the routing table and its matcher.
 *
 * Why: every endpoint is one line of routes.c with its method, its path
 * pattern, its handler and its flags, so a reviewer sees at a glance what
 * is public, what needs a session, what needs an admin, and what takes a
 * body. The dispatcher enforces the flags; handlers never re-check them.
 */
#ifndef KAITO_HTTP_ROUTER_H
#define KAITO_HTTP_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"

/* Route flags. */
#define R_PUBLIC	0x01	/* no authentication */
#define R_ADMIN		0x02	/* authenticated admins only */
#define R_JSON		0x04	/* body is a JSON object, parsed into r->json */
#define R_UPLOAD	0x08	/* body may be a large upload (LIMIT_BODY_UPLOAD) */
#define R_ENROLL	0x10	/* allowed to a session still enrolling TOTP */
#define R_AUDIT_READ	0x20	/* admins, or API tokens with scope audit:read */
#define R_HOOK		0x40	/* a provider's webhook: raw body of at most
				 * LIMIT_SMS_WEBHOOK, any content type */

struct route {
	const char *method;	/* "GET", "POST", ... */
	const char *pattern;	/* "/api/v1/tokens/:id/code"; also the metric label */
	req_handler handler;
	int flags;
};

/* The table, terminated by a NULL method (routes.c). */
extern const struct route routes[];

/* Number of routes (for metrics arrays). */
size_t routes_count(void);

/*
 * Match method and path. Returns 200 with *out and ids[] set; 404 when no
 * pattern matches the path; 405 when patterns match the path but not the
 * method, with the allowed methods written to allow ("GET, PUT").
 * :id segments match decimal integers from 1 to 2^63-1 only.
 */
int router_match(const char *method, const char *path,
    const struct route **out, int64_t ids[REQ_MAX_IDS], char *allow,
    size_t allowlen);

/*
 * router_match, and the text of a :name segment copied to name
 * (REQ_NAME_MAX + 1 bytes; "" when the route has none). A :name segment
 * matches a host name only: 1 to 253 letters, digits, '-' and '.', with
 * at least one dot, no empty label, starting and ending with a letter or
 * digit. So "/api/v1/directory/report" never matches
 * "/api/v1/directory/:name", and no '%', '/', or ".." gets through.
 */
int router_match_name(const char *method, const char *path,
    const struct route **out, int64_t ids[REQ_MAX_IDS], char *name,
    char *allow, size_t allowlen);

#endif
