/*
 * inboxes.c -- GET/POST /inboxes, GET/PATCH/DELETE /inboxes/{id}, and the
 * one rendering of an inbox as JSON (docs/api.md, "Inboxes").
 *
 * Why: an inbox is a phone number the team shares, the provider that
 * posts its texts to Kaito, and that provider's webhook secret, which is
 * sealed to the row and never shown again. Administrators create inboxes;
 * administrators and managers change and delete them. Changes are writer
 * jobs: the row and its audit event (inbox.create, inbox.update with the
 * names of the changed fields, inbox.delete) commit together, and the
 * answer comes after COMMIT. The secret is sealed with the row's id, so
 * a new inbox's row is inserted first and sealed by the same job.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "api/fields.h"
#include "api/sms_int.h"
#include "http/jv.h"
#include "http/respond.h"
#include "http/server.h"
#include "http/sse.h"
#include "sms/e164.h"
#include "sms/hook.h"
#include "vault/sms_seal.h"

json_t *
inbox_json(const struct inbox_row *in, int level)
{
	const char *lname = acl_inbox_level_name(level);
	const char *base = server_public_url();
	char path[64 + INBOX_PROVIDER_MAX], url[LIMIT_SMS_URL];

	snprintf(path, sizeof(path), "/hooks/sms/%s/%lld", in->provider,
	    (long long)in->id);
	if (base != NULL)
		snprintf(url, sizeof(url), "%s%s", base, path);
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:I, s:I}",
	    "id", (json_int_t)in->id,
	    "name", in->name,
	    "number", in->number,
	    "provider", in->provider,
	    "level", lname != NULL ? json_string(lname) : json_null(),
	    "webhook_path", path,
	    "webhook_url", base != NULL ? json_string(url) : json_null(),
	    "created_by", in->created_by[0] != '\0' ?
	    json_string(in->created_by) : json_null(),
	    "created_at", (json_int_t)in->created_at,
	    "updated_at", (json_int_t)in->updated_at);
}

int
inbox_job_failed(struct req *r, int rc, const struct acl_inbox_job *c,
    const char *conflict_msg)
{
	switch (rc) {
	case -1:
		return respond_503(r);
	case ACL_INBOX_EREFUSED:
		if (c != NULL)
			return acl_inbox_refuse(r, c->refused, c->action);
		break;
	case STORE_NOTFOUND:
		return respond_404(r, "no inbox %lld", (long long)r->ids[0]);
	case STORE_CONFLICT:
		return respond_409(r, "%s", conflict_msg);
	}
	return respond_500(r);
}

/* Re-read inbox id and answer status with it. */
static int
inbox_respond(struct req *r, int64_t id, int status)
{
	struct store *st = store_thread();
	struct inbox_row in;
	int rc;

	if (st == NULL || (rc = store_inbox_get(st, id, r->auth.user_id,
	    &in)) == -1)
		return respond_500(r);
	if (rc == STORE_NOTFOUND)
		return respond_404(r, "no inbox %lld", (long long)id);
	return respond_json(r, status, inbox_json(&in,
	    acl_inbox_level(in.user_level, in.group_level)));
}

/* --- fields ------------------------------------------------------------- */

/* What POST and PATCH may carry; NULL/0 when absent. */
struct inbox_input {
	const char *name;		/* borrowed from r->json */
	char number[E164_MAX + 1];	/* normalised */
	int set_number;
	const char *provider;		/* a provider's static name */
	const char *secret;		/* borrowed from r->json */
	size_t secret_len;
};

static int
inbox_input_or_400(struct req *r, int create, struct inbox_input *in)
{
	static const char *const keys[] = { "name", "number", "provider",
	    "secret", NULL };
	const struct sms_provider *p;
	const char *number = NULL, *provider = NULL;
	struct errbuf e;

	memset(in, 0, sizeof(*in));
	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    field_name_or_400(r, r->json, "name", create, &in->name) == -1 ||
	    jv_str_or_400(r, r->json, "number", create, 1, 64,
	    &number) == -1 ||
	    jv_str_or_400(r, r->json, "provider", create, 1, 64,
	    &provider) == -1 ||
	    jv_str_or_400(r, r->json, "secret", create, 1, LIMIT_SMS_SECRET,
	    &in->secret) == -1)
		return -1;
	if (number != NULL) {
		if (e164_normalize(number, in->number, &e) == -1)
			return respond_400(r, "number: %s", e.msg), -1;
		in->set_number = 1;
	}
	if (provider != NULL) {
		if ((p = sms_provider_find(provider)) == NULL)
			return respond_400(r, "provider must be twilio, "
			    "generic or android-sms-gateway"), -1;
		in->provider = p->name;
	}
	if (in->secret != NULL)
		in->secret_len = strlen(in->secret);
	if (!create && in->name == NULL && !in->set_number &&
	    in->provider == NULL && in->secret == NULL)
		return respond_400(r, "nothing to change: send name, number, "
		    "provider or secret"), -1;
	return 0;
}

/* --- GET /inboxes ------------------------------------------------------ */

static int
list_add(void *arg, const struct inbox_row *in)
{
	json_t *o = inbox_json(in, acl_inbox_level(in->user_level,
	    in->group_level));

	return o != NULL && json_array_append_new(arg, o) == 0 ? 0 : -1;
}

int
api_inboxes_list(struct req *r)
{
	struct store *st = store_thread();
	int all = 0, rc;
	json_t *a;

	if ((rc = query_bool_or_400(r, "all", &all)) == -1)
		return 0;
	if (all && !r->auth.is_admin)
		return respond_403(r, "only administrators may list all "
		    "inboxes");
	if (st == NULL || (a = json_array()) == NULL)
		return respond_500(r);
	if (store_inbox_list(st, r->auth.user_id, all, list_add, a) == -1) {
		json_decref(a);
		return respond_500(r);
	}
	return respond_json(r, 200, json_pack("{s:o}", "inboxes", a));
}

/* --- POST /inboxes ------------------------------------------------------- */

struct create_job {
	char name[LIMIT_NAME + 1];
	char number[E164_MAX + 1];
	const char *provider;		/* static */
	char secret[LIMIT_SMS_SECRET + 1];	/* wiped on free */
	size_t secret_len;
	int64_t creator;
	int64_t id;			/* set by the job */
};

static void
create_free(void *arg)
{
	if (arg == NULL)
		return;
	sodium_memzero(arg, sizeof(struct create_job));
	free(arg);
}

static int
create_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct create_job *j = arg;
	struct inbox_row in;
	unsigned char *sealed = NULL;
	size_t n = 0;
	int rc;

	if ((rc = store_inbox_insert(st, j->name, j->number, j->provider,
	    j->creator, &j->id)) != 0)
		return rc;
	if (sms_seal(SMS_SEALED_SECRET, j->id, j->secret, j->secret_len,
	    &sealed, &n) == -1)
		return -1;
	rc = store_inbox_secret_set(st, j->id, sealed, n);
	free(sealed);
	if (rc != 0)
		return rc;
	memset(&in, 0, sizeof(in));
	snprintf(in.name, sizeof(in.name), "%s", j->name);
	snprintf(in.number, sizeof(in.number), "%s", j->number);
	acl_inbox_target(ev, j->id, &in);
	audit_event_detail(ev, "provider", json_string(j->provider));
	return 0;
}

static int
create_finish(struct req *r, int rc)
{
	struct create_job *j = r->job_arg;

	if (rc != 0)
		return inbox_job_failed(r, rc, NULL, "an inbox with this "
		    "number exists");
	return inbox_respond(r, j->id, 201);
}

int
api_inboxes_create(struct req *r)
{
	struct inbox_input in;
	struct create_job *j;

	if (inbox_input_or_400(r, 1, &in) == -1)
		return 0;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	snprintf(j->name, sizeof(j->name), "%s", in.name);
	memcpy(j->number, in.number, sizeof(j->number));
	j->provider = in.provider;
	memcpy(j->secret, in.secret, in.secret_len);
	j->secret_len = in.secret_len;
	j->creator = r->auth.user_id;
	req_audit(r, "inbox.create");
	audit_event_target(&r->job.ev, "inbox", 0, in.name);
	r->job.run = create_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, create_free, create_finish);
}

/* --- GET /inboxes/{id} ------------------------------------------------- */

int
api_inbox_get(struct req *r)
{
	struct inbox_row in;
	int level, ret;

	if (acl_inbox_or_refuse(r, ACL_INBOX_GET, &in, &level, &ret) == -1)
		return ret;
	return respond_json(r, 200, inbox_json(&in, level));
}

/* --- PATCH /inboxes/{id} ----------------------------------------------- */

struct patch_job {
	int64_t id;
	struct acl_inbox_job acl;	/* re-checked by the job */
	char name[LIMIT_NAME + 1];
	char number[E164_MAX + 1];
	int set_name, set_number;
	const char *provider;		/* static; NULL: keep */
	unsigned char *sealed;		/* the new secret, sealed; NULL: keep */
	size_t sealed_len;
};

static void
patch_free(void *arg)
{
	struct patch_job *j = arg;

	if (j == NULL)
		return;
	free(j->sealed);
	free(j);
}

static int
patch_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct patch_job *j = arg;
	struct inbox_row in;
	json_t *fields;
	int rc;

	if ((rc = acl_inbox_job_check(st, j->id, &j->acl, &in, ev)) != 0)
		return rc;
	if ((fields = json_array()) == NULL)
		return -1;
	if (j->set_name && strcmp(j->name, in.name) != 0)
		json_array_append_new(fields, json_string("name"));
	if (j->set_number && strcmp(j->number, in.number) != 0)
		json_array_append_new(fields, json_string("number"));
	if (j->provider != NULL && strcmp(j->provider, in.provider) != 0)
		json_array_append_new(fields, json_string("provider"));
	if (j->sealed != NULL)
		json_array_append_new(fields, json_string("secret"));
	audit_event_detail(ev, "fields", fields);
	rc = store_inbox_update(st, j->id, j->set_name ? j->name : NULL,
	    j->set_number ? j->number : NULL, j->provider);
	if (rc == 0 && j->sealed != NULL)
		rc = store_inbox_secret_set(st, j->id, j->sealed,
		    j->sealed_len);
	return rc;
}

static int
patch_finish(struct req *r, int rc)
{
	struct patch_job *j = r->job_arg;

	if (rc != 0)
		return inbox_job_failed(r, rc, &j->acl, "an inbox with this "
		    "number exists");
	return inbox_respond(r, r->ids[0], 200);
}

int
api_inbox_patch(struct req *r)
{
	struct inbox_input input;
	struct patch_job *j;
	struct inbox_row in;
	int level, ret;

	if (acl_inbox_or_refuse(r, ACL_INBOX_EDIT, &in, &level, &ret) == -1)
		return ret;
	if (inbox_input_or_400(r, 0, &input) == -1)
		return 0;
	if (input.provider != NULL && strcmp(input.provider,
	    in.provider) != 0 && input.secret == NULL)
		return respond_400(r, "a new provider needs its secret: send "
		    "secret too");
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	j->id = in.id;
	acl_inbox_job_init(&j->acl, r, ACL_INBOX_EDIT);
	if ((j->set_name = input.name != NULL))
		snprintf(j->name, sizeof(j->name), "%s", input.name);
	if ((j->set_number = input.set_number))
		memcpy(j->number, input.number, sizeof(j->number));
	j->provider = input.provider;
	if (input.secret != NULL && sms_seal(SMS_SEALED_SECRET, in.id,
	    input.secret, input.secret_len, &j->sealed,
	    &j->sealed_len) == -1) {
		patch_free(j);
		return respond_500(r);
	}
	req_audit(r, "inbox.update");
	acl_inbox_target(&r->job.ev, in.id, &in);
	r->job.run = patch_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, patch_free, patch_finish);
}

/* --- DELETE /inboxes/{id} ---------------------------------------------- */

struct delete_job {
	int64_t id;
	struct acl_inbox_job acl;	/* re-checked by the job */
};

static int
delete_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct delete_job *j = arg;
	struct inbox_row in;
	int rc;

	if ((rc = acl_inbox_job_check(st, j->id, &j->acl, &in, ev)) != 0)
		return rc;
	return store_inbox_delete(st, j->id);
}

static int
delete_finish(struct req *r, int rc)
{
	struct delete_job *j = r->job_arg;

	if (rc != 0)
		return inbox_job_failed(r, rc, &j->acl, "");
	sse_hub_close_topic(j->id);	/* its own streams end */
	return respond_empty(r, 204);
}

int
api_inbox_delete(struct req *r)
{
	struct delete_job *j;
	struct inbox_row in;
	int level, ret;

	if (acl_inbox_or_refuse(r, ACL_INBOX_EDIT, &in, &level, &ret) == -1)
		return ret;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	j->id = in.id;
	acl_inbox_job_init(&j->acl, r, ACL_INBOX_EDIT);
	req_audit(r, "inbox.delete");
	acl_inbox_target(&r->job.ev, in.id, &in);
	r->job.run = delete_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, free, delete_finish);
}
