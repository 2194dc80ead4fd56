/*
 * tokens.c -- GET /tokens, GET/PATCH/DELETE /tokens/{id}, and the one
 * rendering of a token as JSON (docs/api.md, "Tokens").
 *
 * Why: the token's metadata, never its seed. Changes are writer jobs: the
 * row and its audit event (token.update with the names of the changed
 * fields only, token.delete) commit together, and the answer comes after
 * COMMIT. POST /tokens is in token_create.c.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "acl/acl_token.h"
#include "api/api.h"
#include "api/directory_link.h"
#include "api/tokens_int.h"
#include "audit/token_target.h"
#include "http/jv.h"
#include "http/respond.h"
#include "util/jsonmem.h"
#include "vault/token_seal.h"

json_t *
token_json(const struct token_row *t, int level)
{
	const char *lname = acl_level_name(level);
	int hotp = t->kind == OTP_HOTP;

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:s, s:o,"
	    " s:b, s:b, s:o, s:I, s:I, s:o}",
	    "id", (json_int_t)t->id,
	    "issuer", t->issuer,
	    "account", t->account,
	    "type", otp_kind_name(t->kind),
	    "algorithm", otp_algo_name(t->algo),
	    "digits", (int)t->digits,
	    "period", hotp ? json_null() : json_integer(t->period),
	    "counter", hotp ? json_integer((json_int_t)t->counter) :
	    json_null(),
	    "notes", t->notes,
	    "level", lname != NULL ? json_string(lname) : json_null(),
	    "has_recovery_codes", t->has_recovery,
	    "rotation_pending", t->rotation_pending,
	    "created_by", t->created_by[0] != '\0' ?
	    json_string(t->created_by) : json_null(),
	    "created_at", (json_int_t)t->created_at,
	    "updated_at", (json_int_t)t->updated_at,
	    "directory", directory_link_json(t->issuer));
}

void
token_otp_from_row(const struct token_row *row, struct otp_token *t)
{
	otp_token_init(t);
	t->kind = row->kind;
	t->algo = row->algo;
	t->digits = row->digits;
	t->period = row->period;
	t->counter = row->counter;
	memcpy(t->issuer, row->issuer, sizeof(t->issuer));
	memcpy(t->account, row->account, sizeof(t->account));
}

int
token_respond(struct req *r, int64_t id, int status)
{
	struct store *st = store_thread();
	struct token_row t;
	int rc;

	if (st == NULL || (rc = store_token_get(st, id, r->auth.user_id,
	    &t)) == -1)
		return respond_500(r);
	if (rc == STORE_NOTFOUND)
		return respond_404(r, "no token %lld", (long long)id);
	return respond_json(r, status, token_json(&t,
	    acl_level(t.user_level, t.group_level)));
}

int
token_job_failed(struct req *r, int rc, const struct acl_job *acl,
    const char *conflict_msg)
{
	switch (rc) {
	case -1:
		return respond_503(r);
	case ACL_EREFUSED:
		if (acl != NULL)
			return acl_job_refuse(r, acl);
		break;
	case STORE_NOTFOUND:
		return respond_404(r, "no token %lld", (long long)r->ids[0]);
	case STORE_CONFLICT:
		return respond_409(r, "%s", conflict_msg);
	}
	return respond_500(r);
}

/* --- GET /tokens ------------------------------------------------------ */

static int
list_add(void *arg, const struct token_row *t)
{
	json_t *o = token_json(t, acl_level(t->user_level, t->group_level));

	return o != NULL && json_array_append_new(arg, o) == 0 ? 0 : -1;
}

int
api_tokens_list(struct req *r)
{
	struct store *st = store_thread();
	const char *all = req_query(r, "all");
	json_t *a;
	int want_all = all != NULL && strcmp(all, "true") == 0;

	if (all != NULL && !want_all && strcmp(all, "false") != 0)
		return respond_400(r, "parameter 'all' must be true or false");
	if (want_all && !r->auth.is_admin)
		return respond_403(r, "only administrators may list all "
		    "tokens");
	if (st == NULL || (a = json_array()) == NULL)
		return respond_500(r);
	if (store_token_list(st, r->auth.user_id, want_all, list_add,
	    a) == -1) {
		json_decref(a);
		return respond_500(r);
	}
	return respond_json(r, 200, json_pack("{s:o}", "tokens", a));
}

/* --- GET /tokens/{id} ------------------------------------------------- */

int
api_token_get(struct req *r)
{
	struct token_row t;
	int level, ret;

	if (acl_token_or_refuse(r, ACL_TOKEN_READ, &t, &level, &ret) == -1)
		return ret;
	return respond_json(r, 200, token_json(&t, level));
}

/* --- PATCH /tokens/{id} ----------------------------------------------- */

struct patch_job {
	int64_t id;
	struct acl_job acl;		/* re-checked by the job */
	char issuer[LIMIT_OTP_LABEL + 1];
	char account[LIMIT_OTP_LABEL + 1];
	const char *notes;		/* borrowed from r->json; NULL: keep */
	int set_issuer, set_account, set_recovery;
	unsigned char *recovery;	/* sealed; NULL clears */
	size_t recovery_len;
};

static void
patch_free(void *arg)
{
	struct patch_job *j = arg;

	if (j == NULL)
		return;
	free(j->recovery);
	sodium_memzero(j, sizeof(*j));
	free(j);
}

static int
patch_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct patch_job *j = arg;
	struct token_row t;
	int rc;

	if ((rc = acl_job_check(st, j->id, &j->acl, &t, ev)) != 0)
		return rc;
	rc = store_token_update(st, j->id, j->set_issuer ? j->issuer : NULL,
	    j->set_account ? j->account : NULL, j->notes);
	if (rc == 0 && j->set_recovery)
		rc = store_token_sealed_set(st, j->id, TOKEN_SEALED_RECOVERY,
		    j->recovery, j->recovery_len);
	return rc;
}

static int
patch_finish(struct req *r, int rc)
{
	struct patch_job *j = r->job_arg;

	if (rc != 0)
		return token_job_failed(r, rc, &j->acl, "");
	return token_respond(r, r->ids[0], 200);
}

/* Parse the body into j; name the fields that change in the event. */
static int
patch_parse_or_400(struct req *r, const struct token_row *t,
    struct patch_job *j)
{
	json_t *fields = json_array();
	char *rec = NULL;
	int rc = -1;

	if (fields == NULL ||
	    token_label_or_400(r, r->json, "issuer", j->issuer,
	    &j->set_issuer) == -1 ||
	    token_label_or_400(r, r->json, "account", j->account,
	    &j->set_account) == -1 ||
	    jv_text_or_400(r, r->json, "notes", 0, LIMIT_NOTES,
	    &j->notes) == -1 ||
	    token_recovery_or_400(r, r->json, &j->set_recovery, &rec) == -1)
		goto out;
	if (rec != NULL && token_seal(t->id, TOKEN_SEALED_RECOVERY, rec,
	    strlen(rec), &j->recovery, &j->recovery_len) == -1) {
		respond_500(r);
		goto out;
	}
	if (j->set_issuer && strcmp(j->issuer, t->issuer) != 0)
		json_array_append_new(fields, json_string("issuer"));
	if (j->set_account && strcmp(j->account, t->account) != 0)
		json_array_append_new(fields, json_string("account"));
	if (j->notes != NULL && strcmp(j->notes, t->notes) != 0)
		json_array_append_new(fields, json_string("notes"));
	if (j->set_recovery)
		json_array_append_new(fields, json_string("recovery_codes"));
	audit_event_detail(&r->job.ev, "fields", fields);
	fields = NULL;
	rc = 0;
out:
	json_decref(fields);
	jsonmem_free_string(rec);
	return rc;
}

int
api_token_patch(struct req *r)
{
	static const char *const keys[] = { "issuer", "account", "notes",
	    "recovery_codes", NULL };
	struct patch_job *j = NULL;
	struct token_row t;
	int level, ret = 0;

	if (acl_token_or_refuse(r, ACL_TOKEN_MANAGE, &t, &level, &ret) == -1)
		return ret;
	if (jv_only_keys_or_400(r, r->json, keys) == -1)
		return 0;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	j->id = t.id;
	acl_job_init(&j->acl, r, ACL_TOKEN_MANAGE);
	req_audit(r, "token.update");
	audit_target_token(&r->job.ev, t.id, t.issuer, t.account);
	if (patch_parse_or_400(r, &t, j) == -1)
		goto out;
	r->job.run = patch_run;
	r->job.audit_failure = 1;
	ret = req_defer(r, j, patch_free, patch_finish);
	j = NULL;
out:
	patch_free(j);
	return ret;
}

/* --- DELETE /tokens/{id} ---------------------------------------------- */

struct delete_job {
	int64_t id;
	struct acl_job acl;		/* re-checked by the job */
};

static int
delete_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct delete_job *j = arg;
	struct token_row t;
	int rc;

	if ((rc = acl_job_check(st, j->id, &j->acl, &t, ev)) != 0)
		return rc;
	return store_token_delete(st, j->id);
}

static int
delete_finish(struct req *r, int rc)
{
	struct delete_job *j = r->job_arg;

	if (rc != 0)
		return token_job_failed(r, rc, &j->acl, "");
	return respond_empty(r, 204);
}

int
api_token_delete(struct req *r)
{
	struct delete_job *j;
	struct token_row t;
	int level, ret;

	if (acl_token_or_refuse(r, ACL_TOKEN_MANAGE, &t, &level, &ret) == -1)
		return ret;
	if ((j = malloc(sizeof(*j))) == NULL)
		return respond_500(r);
	j->id = t.id;
	acl_job_init(&j->acl, r, ACL_TOKEN_MANAGE);
	req_audit(r, "token.delete");
	audit_target_token(&r->job.ev, t.id, t.issuer, t.account);
	r->job.run = delete_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, free, delete_finish);
}
