/*
 * authn.c -- see authn.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "audit/writer.h"
#include "auth/authcache.h"
#include "auth/authn.h"
#include "auth/secret.h"
#include "http/respond.h"
#include "store/sessions.h"
#include "util/log.h"

/* A last-seen update, sent to the writer without waiting for it. */
struct touch_job {
	struct writer_job job;
	int64_t id;
	int is_session;
};

static int
touch_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct touch_job *t = arg;
	int64_t now = (int64_t)time(NULL);

	(void)ev;
	return t->is_session ? store_session_touch(st, t->id, now) :
	    store_apitoken_touch(st, t->id, now);
}

static void
touch_done(void *arg, int rc)
{
	(void)rc;
	free(arg);
}

static void
touch_later(struct credential *c)
{
	struct touch_job *t;
	int64_t now = (int64_t)time(NULL);

	if (now - c->last_seen < TOUCH_INTERVAL)
		return;
	c->last_seen = now;	/* also in the cached copy: one touch a minute */
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return;
	t->is_session = c->session_id != 0;
	t->id = t->is_session ? c->session_id : c->apitoken_id;
	t->job.run = touch_run;
	t->job.auth_neutral = 1;	/* last-seen changes nobody's rights */
	t->job.arg = t;
	t->job.done = touch_done;
	t->job.done_arg = t;
	if (writer_submit(&t->job) == -1)
		free(t);
}

void
authn_anonymous(struct req *r)
{
	memset(&r->actor, 0, sizeof(r->actor));
	r->actor.type = "anonymous";
	r->actor.channel = "api";
	memcpy(r->actor.ip, r->ip, sizeof(r->actor.ip));
	memcpy(r->actor.user_agent, r->user_agent,
	    sizeof(r->actor.user_agent));
}

static void
fill_auth(struct req *r, const struct credential *c)
{
	r->auth.authenticated = 1;
	r->auth.user_id = c->user_id;
	memcpy(r->auth.email, c->email, sizeof(r->auth.email));
	r->auth.is_admin = c->is_admin;
	r->auth.session_id = c->session_id;
	r->auth.apitoken_id = c->apitoken_id;
	memcpy(r->auth.scopes, c->scopes, sizeof(r->auth.scopes));
	authn_anonymous(r);
	r->actor.type = "user";
	r->actor.id = c->user_id;
	r->actor.apitoken_id = c->apitoken_id;
	r->actor.channel = c->session_id ? "web" : "api";
	memcpy(r->actor.email, c->email, sizeof(r->actor.email));
}

static int
unauthenticated(struct req *r, const char *why)
{
	respond_header(r, "WWW-Authenticate", "Bearer realm=\"kaito\"");
	return respond_error(r, 401, "unauthenticated", "%s", why), -1;
}

static int
check_bearer(struct req *r, struct store *st, const char *token)
{
	unsigned char hash[SECRET_HASH_LEN];
	struct credential c;
	int64_t now = (int64_t)time(NULL);
	uint64_t gen;
	int rc;

	secret_hash(token, strlen(token), hash);
	gen = authcache_generation();	/* before the lookup: authcache.h */
	if (authcache_get(hash, &c))
		rc = 0;
	else if ((rc = store_apitoken_lookup(st, hash, &c)) == 0)
		authcache_put(hash, &c, gen);
	if (rc == -1)
		return respond_500(r), -1;
	if (rc == STORE_NOTFOUND)
		return unauthenticated(r, "unknown API token");
	if (c.revoked_at != 0)
		return unauthenticated(r, "this API token was revoked");
	if (c.expires_at != 0 && c.expires_at <= now)
		return unauthenticated(r, "this API token has expired");
	if (c.disabled)
		return unauthenticated(r, "this user is disabled");
	fill_auth(r, &c);
	touch_later(&c);
	authcache_put(hash, &c, gen);
	return 0;
}

static int
method_is_safe(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

static int
check_session(struct req *r, struct store *st, const char *cookie)
{
	unsigned char hash[SECRET_HASH_LEN], csrf[SECRET_HASH_LEN];
	struct credential c;
	const char *token;
	int64_t now = (int64_t)time(NULL);
	int rc;

	secret_hash(cookie, strlen(cookie), hash);
	rc = store_session_lookup(st, hash, &c);
	if (rc == -1)
		return respond_500(r), -1;
	if (rc == STORE_NOTFOUND)
		return unauthenticated(r, "session unknown or ended; log in");
	if (c.expires_at <= now || c.last_seen + SESSION_IDLE <= now)
		return unauthenticated(r, "session expired; log in again");
	if (c.disabled)
		return unauthenticated(r, "this user is disabled");
	if (!method_is_safe(r->method)) {
		token = req_header(r, "X-CSRF-Token");
		if (token == NULL)
			return respond_403(r, "missing X-CSRF-Token header"), -1;
		secret_hash(token, strlen(token), csrf);
		if (sodium_memcmp(csrf, c.csrf_hash, SECRET_HASH_LEN) != 0)
			return respond_403(r, "bad X-CSRF-Token"), -1;
	}
	fill_auth(r, &c);
	touch_later(&c);
	return 0;
}

int
authn_or_401(struct req *r)
{
	struct store *st = store_thread();
	const char *authz = req_header(r, "Authorization");
	const char *cookie;

	if (st == NULL)
		return respond_500(r), -1;
	if (authz != NULL) {
		if (strncasecmp(authz, "Bearer ", 7) != 0)
			return unauthenticated(r, "Authorization must be "
			    "'Bearer <API token>'");
		return check_bearer(r, st, authz + 7);
	}
	if ((cookie = req_cookie(r, SESSION_COOKIE)) != NULL)
		return check_session(r, st, cookie);
	return unauthenticated(r, "log in, or send an API token");
}
