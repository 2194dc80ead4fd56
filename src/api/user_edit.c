/*
 * user_edit.c -- PATCH and DELETE /api/v1/users/{id} (administrators).
 *
 * RULES, checked in the writer job so that two admins acting at once
 * cannot both pass them: the last active administrator (is_admin and not
 * disabled) cannot be demoted, disabled or deleted, and nobody deletes
 * themself (409 for both, audited as denied). Disabling a user ends all
 * their sessions (their API tokens stop working through authn.c's
 * disabled check); a new password or a TOTP reset ends their other
 * sessions too, keeping only the caller's own when they edit themself.
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
#include "store/sessions.h"
#include "store/users.h"

#define JOB_LAST_ADMIN	10	/* would leave no active admin */
#define JOB_SELF	11	/* an admin deleting themself */

struct user_edit {
	int64_t id;			/* the user edited */
	int64_t caller_id;
	int64_t caller_session;		/* 0 for API tokens */
	int admin;			/* -1: unchanged */
	int disabled;			/* -1: unchanged */
	int reset_totp;
	int new_password;
	char pwhash[PASSWORD_HASH_LEN];
};

static void
user_edit_free(void *arg)
{
	if (arg == NULL)
		return;
	sodium_memzero(arg, sizeof(struct user_edit));
	free(arg);
}

/* Load the user and name it in the event. 0, STORE_NOTFOUND or -1. */
static int
load_target(struct store *st, int64_t id, struct user_row *u,
    struct audit_event *ev)
{
	int rc;

	if ((rc = store_user_by_id(st, id, u)) != 0)
		return rc;
	sodium_memzero(u->pwhash, sizeof(u->pwhash));
	audit_event_target(ev, "user", id, u->email);
	return 0;
}

/* JOB_LAST_ADMIN when u is the only active administrator. */
static int
last_admin_check(struct store *st, const struct user_row *u,
    struct audit_event *ev)
{
	int64_t n;

	if (!u->is_admin || u->disabled)
		return 0;
	if (store_user_active_admins(st, &n) == -1)
		return -1;
	if (n > 1)
		return 0;
	ev->outcome = "denied";
	return JOB_LAST_ADMIN;
}

static int
apply_credentials(struct store *st, const struct user_edit *e,
    struct audit_event *ev)
{
	int rc;

	if (e->new_password) {
		if ((rc = store_user_set_pwhash(st, e->id, e->pwhash)) != 0)
			return rc;
		audit_event_detail(ev, "password_changed", json_true());
	}
	if (e->reset_totp) {
		if ((rc = store_user_totp_reset(st, e->id)) != 0)
			return rc;
		audit_event_detail(ev, "totp_reset", json_true());
	}
	return 0;
}

static int
user_patch_run(struct store *st, void *arg, struct audit_event *ev)
{
	const struct user_edit *e = arg;
	struct user_row u;
	int admin, disabled, rc;

	if ((rc = load_target(st, e->id, &u, ev)) != 0)
		return rc;
	admin = e->admin == -1 ? u.is_admin : e->admin;
	disabled = e->disabled == -1 ? u.disabled : e->disabled;
	if ((!admin || disabled) &&
	    (rc = last_admin_check(st, &u, ev)) != 0)
		return rc;
	if (e->admin != -1)
		audit_event_detail(ev, "admin", json_boolean(admin));
	if (e->disabled != -1)
		audit_event_detail(ev, "disabled", json_boolean(disabled));
	if ((rc = store_user_set_flags(st, e->id, admin, disabled)) != 0 ||
	    (rc = apply_credentials(st, e, ev)) != 0)
		return rc;
	if (disabled)
		return store_session_delete_user(st, e->id);
	if (e->new_password || e->reset_totp)
		return store_session_delete_user_except(st, e->id,
		    e->id == e->caller_id ? e->caller_session : 0);
	return 0;
}

static int
user_edit_finish(struct req *r, int rc)
{
	const struct user_edit *e = r->job_arg;

	switch (rc) {
	case 0:
		if (strcmp(r->method, "DELETE") == 0)
			return respond_empty(r, 204);
		return api_user_respond(r, 200, e->id, NULL);
	case STORE_NOTFOUND:
		return respond_404(r, "no user %lld", (long long)e->id);
	case JOB_LAST_ADMIN:
		return respond_409(r, "this is the last active administrator; "
		    "make another administrator first");
	case JOB_SELF:
		return respond_409(r, "you cannot delete yourself; ask another "
		    "administrator");
	default:
		return respond_503(r);
	}
}

static struct user_edit *
user_edit_new(struct req *r)
{
	struct user_edit *e;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	e->id = r->ids[0];
	e->caller_id = r->auth.user_id;
	e->caller_session = r->auth.session_id;
	e->admin = e->disabled = -1;
	return e;
}

/* Read the PATCH body into e; -1 with 400 queued. */
static int
patch_fields(struct req *r, struct user_edit *e)
{
	static const char *const keys[] = { "admin", "disabled", "password",
	    "reset_totp", NULL };
	const char *pw = NULL;
	size_t n = 0;

	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    jv_bool_or_400(r, r->json, "admin", 0, &e->admin) == -1 ||
	    jv_bool_or_400(r, r->json, "disabled", 0, &e->disabled) == -1 ||
	    jv_bool_or_400(r, r->json, "reset_totp", 0, &e->reset_totp) == -1 ||
	    field_password_or_400(r, r->json, "password", 0, 1, &pw,
	    &n) == -1)
		return -1;
	if (e->admin == -1 && e->disabled == -1 && !e->reset_totp &&
	    pw == NULL)
		return respond_400(r, "nothing to change: give admin, "
		    "disabled, password or reset_totp"), -1;
	if (pw != NULL) {
		e->new_password = 1;
		if (password_hash(pw, n, e->pwhash) == -1)
			return respond_500(r), -1;
	}
	return 0;
}

int
api_user_patch(struct req *r)
{
	struct user_edit *e;

	if ((e = user_edit_new(r)) == NULL)
		return respond_500(r);
	if (patch_fields(r, e) == -1) {
		user_edit_free(e);
		return 0;
	}
	req_audit(r, "user.update");
	audit_event_target(&r->job.ev, "user", e->id, NULL);
	r->job.run = user_patch_run;
	r->job.audit_failure = 1;
	return req_defer(r, e, user_edit_free, user_edit_finish);
}

static int
user_delete_run(struct store *st, void *arg, struct audit_event *ev)
{
	const struct user_edit *e = arg;
	struct user_row u;
	int rc;

	if ((rc = load_target(st, e->id, &u, ev)) != 0)
		return rc;
	if (e->id == e->caller_id) {
		ev->outcome = "denied";
		return JOB_SELF;
	}
	if ((rc = last_admin_check(st, &u, ev)) != 0)
		return rc;
	return store_user_delete(st, e->id);
}

int
api_user_delete(struct req *r)
{
	struct user_edit *e;

	if ((e = user_edit_new(r)) == NULL)
		return respond_500(r);
	req_audit(r, "user.delete");
	audit_event_target(&r->job.ev, "user", e->id, NULL);
	r->job.run = user_delete_run;
	r->job.audit_failure = 1;
	return req_defer(r, e, user_edit_free, user_edit_finish);
}
