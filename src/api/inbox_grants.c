/*
 * inbox_grants.c -- GET and PUT /inboxes/{id}/grants: who may read an
 * inbox's texts, and who may manage it.
 *
 * Why: like a token's grants (grants.c), replacing them is all or nothing
 * and on the record: the writer job re-checks the caller, resolves every
 * group name and user e-mail inside its transaction (an unknown one or a
 * principal named twice refuses the list, 400), writes the new list and
 * appends grant.change (target type "inbox") with the lists before and
 * after. A stream already open is checked again at every text pushed to
 * it (sms_fanout.c), so a revoked grant takes effect at the next text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/grant_list.h"
#include "api/sms_int.h"
#include "http/jv.h"
#include "http/respond.h"
#include "store/grants.h"

struct grants_job {
	int64_t id;
	struct acl_inbox_job acl;	/* re-checked by the job */
	struct grant_row *v;		/* n rows, resolved by the job */
	size_t n;
	json_t *after;			/* the new list, for the answer */
	char why[200];			/* why the job refused the list */
};

static void
grants_free(void *arg)
{
	struct grants_job *j = arg;

	if (j == NULL)
		return;
	free(j->v);
	json_decref(j->after);
	free(j);
}

static const struct grant_levels inbox_levels = {
	acl_inbox_level_parse, acl_inbox_level_name, "\"read\" or \"manage\"",
	"read or manage",
};

static int
grants_read(struct store *st, int64_t id, json_t **out)
{
	struct grant_list l;

	if (store_inbox_grants_get(st, id, &l) == -1)
		return -1;
	*out = grant_list_json(&l, &inbox_levels);
	store_grant_list_free(&l);
	return *out != NULL ? 0 : -1;
}

static int
grants_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct grants_job *j = arg;
	struct inbox_row in;
	json_t *before = NULL;
	int rc;

	if ((rc = acl_inbox_job_check(st, j->id, &j->acl, &in, ev)) != 0)
		return rc;
	if ((rc = grant_list_resolve(st, j->v, j->n, j->why,
	    sizeof(j->why))) != 0)
		return rc == 1 ? SMS_EINPUT : rc;
	if (grants_read(st, j->id, &before) == -1)
		return -1;
	if ((rc = store_inbox_grants_replace(st, j->id, j->v, j->n)) != 0 ||
	    (rc = grants_read(st, j->id, &j->after)) != 0) {
		json_decref(before);
		return rc;
	}
	audit_event_detail(ev, "before", before);
	audit_event_detail(ev, "after", json_incref(j->after));
	return 0;
}

static int
grants_finish(struct req *r, int rc)
{
	struct grants_job *j = r->job_arg;

	if (rc == SMS_EINPUT)
		return respond_400(r, "%s", j->why);
	if (rc != 0)
		return inbox_job_failed(r, rc, &j->acl, "the inbox or a "
		    "grantee changed meanwhile; try again");
	return respond_json(r, 200, json_pack("{s:O}", "grants", j->after));
}

int
api_inbox_grants_get(struct req *r)
{
	struct store *st = store_thread();
	struct inbox_row in;
	json_t *a = NULL;
	int level, ret;

	if (acl_inbox_or_refuse(r, ACL_INBOX_GRANTS, &in, &level, &ret) == -1)
		return ret;
	if (st == NULL || grants_read(st, in.id, &a) == -1)
		return respond_500(r);
	return respond_json(r, 200, json_pack("{s:o}", "grants", a));
}

int
api_inbox_grants_put(struct req *r)
{
	static const char *const keys[] = { "grants", NULL };
	struct grants_job *j = NULL;
	struct inbox_row in;
	json_t *a = NULL;
	size_t i;
	int level, ret = 0;

	if (acl_inbox_or_refuse(r, ACL_INBOX_GRANTS, &in, &level, &ret) == -1)
		return ret;
	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    jv_array_or_400(r, r->json, "grants", 1, LIMIT_INBOX_GRANTS,
	    &a) == -1)
		return 0;
	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->v = calloc(json_array_size(a) + 1, sizeof(*j->v))) == NULL) {
		ret = respond_500(r);
		goto out;
	}
	j->id = in.id;
	acl_inbox_job_init(&j->acl, r, ACL_INBOX_GRANTS);
	j->n = json_array_size(a);
	for (i = 0; i < j->n; i++)
		if (grant_parse_or_400(r, json_array_get(a, i), i,
		    &j->v[i], &inbox_levels) == -1)
			goto out;
	req_audit(r, "grant.change");
	acl_inbox_target(&r->job.ev, in.id, &in);
	r->job.run = grants_run;
	ret = req_defer(r, j, grants_free, grants_finish);
	j = NULL;
out:
	grants_free(j);
	return ret;
}
