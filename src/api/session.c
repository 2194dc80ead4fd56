/*
 * session.c -- POST, GET and DELETE /api/v1/session: logging in and out.
 *
 * Why this file is thin: the rules of a login live in auth/login.[ch];
 * here the body is checked, the answer chosen, and the cookie set.
 * COOKIE: kaito_session=<secret>; HttpOnly (no script reads it);
 *     SameSite=Strict (no other site's page sends it); Path=/; Max-Age of
 *     the session's hard lifetime; Secure when served over TLS. The CSRF
 *     token goes in the JSON body only, for the page to echo in
 *     X-CSRF-Token. Only keyed hashes of both are stored.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "api/fields.h"
#include "auth/authn.h"
#include "auth/login.h"
#include "http/jv.h"
#include "http/respond.h"
#include "otp/base32.h"
#include "store/sessions.h"

#define COOKIE_ATTRS	"HttpOnly; SameSite=Strict; Path=/"

static int
set_cookie(struct req *r, const char *value, int max_age)
{
	return respond_header(r, "Set-Cookie", "%s=%s; %s; Max-Age=%d%s",
	    SESSION_COOKIE, value, COOKIE_ATTRS, max_age,
	    r->tls ? "; Secure" : "");
}

static json_t *
user_view(int64_t id, const char *email, int is_admin)
{
	return json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id, "email",
	    email, "is_admin", is_admin);
}

static int
answer_enrollment(struct req *r, const struct login *l)
{
	char secret[BASE32_ENCODED_LEN(LOGIN_TOTP_SECRET_LEN) + 1];
	char uri[LIMIT_OTP_URI];
	json_t *body;

	if (login_enrollment(l, secret, sizeof(secret), uri) == -1)
		return respond_500(r);
	body = json_pack("{s:{s:s, s:s}, s:{s:s, s:s}}", "error", "code",
	    "otp_enrollment_required", "message", "enrol this secret in an "
	    "authenticator app, then log in again with its code as 'otp'",
	    "enrollment", "secret", secret, "uri", uri);
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(uri, sizeof(uri));
	return respond_json(r, 401, body);
}

static int
answer_ok(struct req *r, const struct login *l)
{
	if (set_cookie(r, l->session, SESSION_TTL) == -1)
		return respond_500(r);
	return respond_json(r, 200, json_pack("{s:o, s:s}", "user",
	    user_view(l->user_id, l->user_email, l->is_admin), "csrf_token",
	    l->csrf));
}

static int
session_create_finish(struct req *r, int rc)
{
	const struct login *l = r->job_arg;

	if (rc != 0)
		return respond_503(r);
	switch (l->result) {
	case LOGIN_OK:
		return answer_ok(r, l);
	case LOGIN_THROTTLED:
		respond_header(r, "Retry-After", "%lld",
		    (long long)l->retry_after);
		return respond_error(r, 429, "too_many_requests", "too many "
		    "failed logins; try again in %lld seconds",
		    (long long)l->retry_after);
	case LOGIN_INVALID_OTP:
		return respond_error(r, 401, "invalid_otp", "wrong code, or "
		    "a code already used; wait for the next one");
	case LOGIN_OTP_REQUIRED:
		return respond_error(r, 401, "otp_required", "enter the code "
		    "from your authenticator app as 'otp'");
	case LOGIN_ENROLLMENT_REQUIRED:
		return answer_enrollment(r, l);
	case LOGIN_INVALID_CREDENTIALS:
	default:
		return respond_error(r, 401, "invalid_credentials", "wrong "
		    "e-mail or password");
	}
}

int
api_session_create(struct req *r)
{
	static const char *const keys[] = { "email", "password", "otp", NULL };
	const char *email = NULL, *pw = NULL, *otp = NULL;
	struct store *st;
	struct login *l;
	size_t n = 0;

	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    field_email_or_400(r, r->json, "email", 1, &email) == -1 ||
	    field_password_or_400(r, r->json, "password", 1, 0, &pw,
	    &n) == -1 ||
	    jv_str_or_400(r, r->json, "otp", 0, 1, 16, &otp) == -1)
		return 0;
	if ((st = store_thread()) == NULL ||
	    (l = login_new(email, r->ip, r->user_agent)) == NULL)
		return respond_500(r);
	/* argon2id on this worker thread: see the COST note in login.c. */
	if (login_check(l, st, pw, n, otp) == -1) {
		login_free(l);
		return respond_500(r);
	}
	req_audit(r, "user.login");
	r->job.run = login_run;
	r->job.audit_failure = 1;
	return req_defer(r, l, login_free, session_create_finish);
}

int
api_session_get(struct req *r)
{
	return respond_json(r, 200, json_pack("{s:o, s:s}", "user",
	    user_view(r->auth.user_id, r->auth.email, r->auth.is_admin),
	    "via", r->auth.session_id != 0 ? "session" : "apitoken"));
}

static int
logout_run(struct store *st, void *arg, struct audit_event *ev)
{
	const int64_t *id = arg;

	(void)ev;
	return store_session_delete(st, *id);
}

static int
session_delete_finish(struct req *r, int rc)
{
	if (rc != 0)
		return respond_503(r);
	if (set_cookie(r, "", 0) == -1)
		return respond_500(r);
	return respond_empty(r, 204);
}

int
api_session_delete(struct req *r)
{
	int64_t *id;

	if (r->auth.session_id == 0)
		return respond_400(r, "an API token has no session to end; "
		    "revoke it with DELETE /api/v1/apitokens/{id}");
	if ((id = malloc(sizeof(*id))) == NULL)
		return respond_500(r);
	*id = r->auth.session_id;
	req_audit(r, "user.logout");
	audit_event_target(&r->job.ev, "user", r->auth.user_id, r->auth.email);
	r->job.run = logout_run;
	return req_defer(r, id, free, session_delete_finish);
}
