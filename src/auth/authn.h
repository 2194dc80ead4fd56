/*
 * authn.h -- who is calling: API token or session cookie.
 *
 * Why: one function decides identity for every authenticated route, so
 * expiry, revocation, disabled users and CSRF are checked in one place.
 *
 * RULES: "Authorization: Bearer kaito_..." wins when present (and then no
 *     cookie is looked at; no CSRF needed, since browsers never add that
 *     header by themselves). Otherwise the kaito_session cookie; on
 *     methods other than GET and HEAD its X-CSRF-Token header must match
 *     the session's CSRF token. Sessions expire SESSION_TTL after login or
 *     SESSION_IDLE after their last use, whichever is first.
 */
#ifndef KAITO_AUTH_AUTHN_H
#define KAITO_AUTH_AUTHN_H

#include "http/req.h"

#define SESSION_COOKIE	"kaito_session"
#define SESSION_TTL	(12 * 3600)
#define SESSION_IDLE	(2 * 3600)
#define TOUCH_INTERVAL	60	/* seconds between last-seen updates */

/* Fill r->auth and r->actor, or answer 401 (or 403 for a CSRF failure)
 * and return -1. */
int authn_or_401(struct req *r);

/* Fill r->actor for an anonymous caller (public routes). */
void authn_anonymous(struct req *r);

#endif
