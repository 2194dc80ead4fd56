/*
 * users.c -- GET /api/v1/users, POST /api/v1/users, GET /api/v1/users/{id}
 * (administrators; the router checks). PATCH and DELETE are user_edit.c.
 *
 * CREATE: the e-mail must be new (case-insensitively, 409 otherwise);
 *     the password is checked against the policy and hashed here, on the
 *     worker thread (argon2id, 50-100 ms: acceptable for an admin action).
 *     Without a password Kaito generates one and returns it once, in the
 *     201 answer only: it is never logged or audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "api/fields.h"
#include "api/user_json.h"
#include "auth/password.h"
#include "http/jv.h"
#include "http/respond.h"

static int
add_name(void *arg, const char *name)
{
	return json_array_append_new(arg, json_string(name)) == 0 ? 0 : -1;
}

json_t *
api_user_json(struct store *st, const struct user_row *u)
{
	json_t *groups;

	if ((groups = json_array()) == NULL)
		return NULL;
	if (store_user_groups(st, u->id, add_name, groups) != 0) {
		json_decref(groups);
		return NULL;
	}
	return json_pack("{s:I, s:s, s:b, s:b, s:b, s:o, s:I}",
	    "id", (json_int_t)u->id, "email", u->email,
	    "is_admin", u->is_admin, "disabled", u->disabled,
	    "totp_enrolled", u->has_totp, "groups", groups,
	    "created_at", (json_int_t)u->created_at);
}

int
api_user_respond(struct req *r, int status, int64_t id, json_t *extra)
{
	struct store *st = store_thread();
	struct user_row u;
	json_t *o;
	int rc;

	if (st == NULL || (rc = store_user_by_id(st, id, &u)) == -1) {
		json_decref(extra);
		return respond_500(r);
	}
	sodium_memzero(u.pwhash, sizeof(u.pwhash));
	if (rc == STORE_NOTFOUND) {
		json_decref(extra);
		return respond_404(r, "no user %lld", (long long)id);
	}
	if ((o = api_user_json(st, &u)) != NULL && extra != NULL)
		json_object_update(o, extra);
	json_decref(extra);
	return respond_json(r, status, o);
}

static int
list_one(void *arg, const struct user_row *u)
{
	json_t *o = api_user_json(store_thread(), u);

	if (o == NULL || json_array_append_new(arg, o) == -1)
		return -1;
	return 0;
}

int
api_users_list(struct req *r)
{
	struct store *st = store_thread();
	json_t *arr;

	if (st == NULL || (arr = json_array()) == NULL)
		return respond_500(r);
	if (store_user_list(st, list_one, arr) != 0) {
		json_decref(arr);
		return respond_500(r);
	}
	return respond_json(r, 200, json_pack("{s:o}", "users", arr));
}

int
api_user_get(struct req *r)
{
	return api_user_respond(r, 200, r->ids[0], NULL);
}

struct user_create {
	char email[LIMIT_EMAIL + 1];
	int admin;
	char pwhash[PASSWORD_HASH_LEN];
	char generated[25];		/* "" unless Kaito made it */
	int64_t id;
};

static void
user_create_free(void *arg)
{
	if (arg == NULL)
		return;
	sodium_memzero(arg, sizeof(struct user_create));
	free(arg);
}

static int
user_create_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct user_create *c = arg;
	int rc;

	audit_event_target(ev, "user", 0, c->email);
	audit_event_detail(ev, "admin", json_boolean(c->admin));
	if ((rc = store_user_insert(st, c->email, c->pwhash, c->admin,
	    &c->id)) != 0)
		return rc;
	ev->target_id = c->id;
	return 0;
}

static int
user_create_finish(struct req *r, int rc)
{
	const struct user_create *c = r->job_arg;

	if (rc == STORE_CONFLICT)
		return respond_409(r, "a user with this e-mail address exists");
	if (rc != 0)
		return respond_503(r);
	return api_user_respond(r, 201, c->id, c->generated[0] == '\0' ?
	    NULL : json_pack("{s:s}", "password", c->generated));
}

int
api_users_create(struct req *r)
{
	static const char *const keys[] = { "email", "password", "admin",
	    NULL };
	const char *email = NULL, *pw = NULL;
	struct user_create *c;
	size_t n = 0;
	int admin = 0, rc;

	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    field_email_or_400(r, r->json, "email", 1, &email) == -1 ||
	    field_password_or_400(r, r->json, "password", 0, 1, &pw,
	    &n) == -1 ||
	    jv_bool_or_400(r, r->json, "admin", 0, &admin) == -1)
		return 0;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return respond_500(r);
	snprintf(c->email, sizeof(c->email), "%s", email);
	c->admin = admin;
	if (pw == NULL) {
		password_generate(c->generated);
		pw = c->generated;
		n = strlen(pw);
	}
	if ((rc = password_hash(pw, n, c->pwhash)) == -1) {
		user_create_free(c);
		return respond_500(r);
	}
	req_audit(r, "user.create");
	r->job.run = user_create_run;
	r->job.audit_failure = 1;
	return req_defer(r, c, user_create_free, user_create_finish);
}
