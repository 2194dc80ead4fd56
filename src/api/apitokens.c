/*
 * apitokens.c -- /api/v1/apitokens: a user's bearer tokens for scripts.
 *
 * RULES: a token is created for the caller only, and only from a login
 *     session: an API token cannot mint another (a leaked token must not
 *     outlive its own revocation through a child). The only scope is
 *     audit:read, for administrators only (403 otherwise); expires_days is
 *     1..3650, or absent for no expiry. The token is in the 201 answer
 *     and nowhere else: the store keeps its keyed hash, the audit event
 *     its id and name. Listing shows the caller's own tokens (?all=true:
 *     everyone's, for administrators). Revoking is for the owner or an
 *     administrator; someone else's token is 404 to a member, so ids do
 *     not reveal what exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "api/api.h"
#include "api/fields.h"
#include "auth/secret.h"
#include "http/jv.h"
#include "http/respond.h"
#include "store/sessions.h"

#define SCOPE_AUDIT_READ	"audit:read"
#define MAX_EXPIRES_DAYS	3650
#define MAX_SCOPES		8

static json_t *
time_or_null(int64_t t)
{
	return t != 0 ? json_integer(t) : json_null();
}

static json_t *
scopes_json(const char *scopes)
{
	json_t *arr = json_array();
	const char *p = scopes, *sp;

	while (arr != NULL && *p != '\0') {
		sp = strchr(p, ' ');
		json_array_append_new(arr, json_stringn(p, sp ? (size_t)(sp -
		    p) : strlen(p)));
		p = sp ? sp + 1 : p + strlen(p);
	}
	return arr;
}

static json_t *
apitoken_json(const struct apitoken_row *t)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:I, s:o, s:o, s:o}",
	    "id", (json_int_t)t->id, "name", t->name, "user", t->user_email,
	    "scopes", scopes_json(t->scopes),
	    "created_at", (json_int_t)t->created_at,
	    "expires_at", time_or_null(t->expires_at),
	    "revoked_at", time_or_null(t->revoked_at),
	    "last_used_at", time_or_null(t->last_used_at));
}

static int
list_one(void *arg, const struct apitoken_row *t)
{
	json_t *o = apitoken_json(t);

	return o != NULL && json_array_append_new(arg, o) == 0 ? 0 : -1;
}

int
api_apitokens_list(struct req *r)
{
	struct store *st = store_thread();
	json_t *arr;
	int all = 0;

	if (query_bool_or_400(r, "all", &all) == -1)
		return 0;
	if (all && !r->auth.is_admin)
		return respond_403(r, "all=true is for administrators");
	if (st == NULL || (arr = json_array()) == NULL)
		return respond_500(r);
	if (store_apitoken_list(st, all ? 0 : r->auth.user_id, list_one,
	    arr) != 0) {
		json_decref(arr);
		return respond_500(r);
	}
	return respond_json(r, 200, json_pack("{s:o}", "apitokens", arr));
}

struct apitoken_job {
	int64_t id;
	int64_t user_id;		/* owner (create) or caller (revoke) */
	int is_admin;			/* the caller (revoke) */
	char name[LIMIT_NAME + 1];
	char scopes[64];
	int64_t expires_at;		/* 0: never */
	char token[APITOKEN_LEN + 1];	/* the secret (create) */
};

static void
apitoken_job_free(void *arg)
{
	if (arg == NULL)
		return;
	sodium_memzero(arg, sizeof(struct apitoken_job));
	free(arg);
}

static int
create_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct apitoken_job *j = arg;
	unsigned char hash[SECRET_HASH_LEN];
	int rc;

	audit_event_target(ev, "apitoken", 0, j->name);
	audit_event_detail(ev, "scopes", json_string(j->scopes));
	audit_event_detail(ev, "expires_at", time_or_null(j->expires_at));
	secret_hash(j->token, strlen(j->token), hash);
	rc = store_apitoken_insert(st, j->user_id, j->name, hash, j->scopes,
	    j->expires_at, &j->id);
	sodium_memzero(hash, sizeof(hash));
	ev->target_id = j->id;
	return rc;
}

static int
create_finish(struct req *r, int rc)
{
	const struct apitoken_job *j = r->job_arg;
	struct store *st = store_thread();
	struct apitoken_row t;
	json_t *o;

	if (rc != 0)
		return respond_503(r);
	if (st == NULL || store_apitoken_get(st, j->id, &t) != 0 ||
	    (o = apitoken_json(&t)) == NULL)
		return respond_500(r);
	json_object_set_new(o, "token", json_string(j->token));
	return respond_json(r, 201, o);
}

/* The scopes array into j->scopes; -1 with 400/403 queued. */
static int
parse_scopes(struct req *r, struct apitoken_job *j)
{
	json_t *arr = NULL, *v;
	size_t i;

	if (jv_array_or_400(r, r->json, "scopes", 0, MAX_SCOPES, &arr) == -1)
		return -1;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) ||
		    strcmp(json_string_value(v), SCOPE_AUDIT_READ) != 0)
			return respond_400(r, "unknown scope in 'scopes'; the "
			    "only scope is " SCOPE_AUDIT_READ), -1;
		snprintf(j->scopes, sizeof(j->scopes), "%s", SCOPE_AUDIT_READ);
	}
	if (j->scopes[0] != '\0' && !r->auth.is_admin)
		return respond_403(r, "the " SCOPE_AUDIT_READ " scope is for "
		    "administrators"), -1;
	return 0;
}

int
api_apitokens_create(struct req *r)
{
	static const char *const keys[] = { "name", "expires_days", "scopes",
	    NULL };
	struct apitoken_job *j;
	const char *name = NULL;
	json_int_t days = 0;

	if (r->auth.apitoken_id != 0)
		return respond_403(r, "an API token cannot create API tokens; "
		    "log in to make one");
	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    field_name_or_400(r, r->json, "name", 1, &name) == -1 ||
	    jv_int_or_400(r, r->json, "expires_days", 0, 1, MAX_EXPIRES_DAYS,
	    &days) == -1)
		return 0;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	if (parse_scopes(r, j) == -1) {
		apitoken_job_free(j);
		return 0;
	}
	j->user_id = r->auth.user_id;
	snprintf(j->name, sizeof(j->name), "%s", name);
	j->expires_at = days ? (int64_t)time(NULL) + days * 86400 : 0;
	secret_new_apitoken(j->token);
	req_audit(r, "apitoken.create");
	r->job.run = create_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, apitoken_job_free, create_finish);
}

static int
revoke_run(struct store *st, void *arg, struct audit_event *ev)
{
	const struct apitoken_job *j = arg;
	struct apitoken_row t;
	int rc;

	if ((rc = store_apitoken_get(st, j->id, &t)) != 0)
		return rc;
	audit_event_target(ev, "apitoken", t.id, t.name);
	audit_event_detail(ev, "user", json_string(t.user_email));
	if (!j->is_admin && t.user_id != j->user_id) {
		ev->outcome = "denied";
		return STORE_NOTFOUND;
	}
	if (t.revoked_at != 0)
		audit_event_detail(ev, "already_revoked", json_true());
	return store_apitoken_revoke(st, t.id, (int64_t)time(NULL));
}

static int
revoke_finish(struct req *r, int rc)
{
	const struct apitoken_job *j = r->job_arg;

	if (rc == STORE_NOTFOUND)
		return respond_404(r, "no API token %lld", (long long)j->id);
	if (rc != 0)
		return respond_503(r);
	return respond_empty(r, 204);
}

int
api_apitoken_delete(struct req *r)
{
	struct apitoken_job *j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	j->id = r->ids[0];
	j->user_id = r->auth.user_id;
	j->is_admin = r->auth.is_admin;
	req_audit(r, "apitoken.revoke");
	audit_event_target(&r->job.ev, "apitoken", j->id, NULL);
	r->job.run = revoke_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, apitoken_job_free, revoke_finish);
}
