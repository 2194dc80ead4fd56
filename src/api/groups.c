/*
 * groups.c -- /api/v1/groups: list, create, read, rename, delete
 * (administrators; the router checks). Members are group_members.c.
 *
 * NAMES: util/name.h rules (1..LIMIT_NAME bytes, no control characters,
 *     no edge spaces), unique case-insensitively: 409 on a clash, decided
 *     by the UNIQUE index inside the writer job, so two concurrent
 *     creations cannot both win.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/fields.h"
#include "api/group_json.h"
#include "http/jv.h"
#include "http/respond.h"
#include "store/groups.h"

static int
list_one(void *arg, const struct group_row *g)
{
	json_t *o = json_pack("{s:I, s:s, s:I}", "id", (json_int_t)g->id,
	    "name", g->name, "members", (json_int_t)g->members);

	return o != NULL && json_array_append_new(arg, o) == 0 ? 0 : -1;
}

int
api_groups_list(struct req *r)
{
	struct store *st = store_thread();
	json_t *arr;

	if (st == NULL || (arr = json_array()) == NULL)
		return respond_500(r);
	if (store_group_list(st, list_one, arr) != 0) {
		json_decref(arr);
		return respond_500(r);
	}
	return respond_json(r, 200, json_pack("{s:o}", "groups", arr));
}

int
api_group_get(struct req *r)
{
	return api_group_respond(r, 200, r->ids[0]);
}

struct group_job {
	int64_t id;
	char name[LIMIT_NAME + 1];	/* the new name */
};

static int
group_finish(struct req *r, int rc)
{
	const struct group_job *j = r->job_arg;

	switch (rc) {
	case 0:
		if (strcmp(r->method, "DELETE") == 0)
			return respond_empty(r, 204);
		return api_group_respond(r, strcmp(r->method, "POST") == 0 ?
		    201 : 200, j->id);
	case STORE_NOTFOUND:
		return respond_404(r, "no group %lld", (long long)j->id);
	case STORE_CONFLICT:
		return respond_409(r, "a group with this name exists");
	default:
		return respond_503(r);
	}
}

static struct group_job *
group_job_new(struct req *r, const char *name)
{
	struct group_job *j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	j->id = r->ids[0];
	snprintf(j->name, sizeof(j->name), "%s", name ? name : "");
	return j;
}

static int
group_defer(struct req *r, struct group_job *j, const char *action,
    int (*run)(struct store *, void *, struct audit_event *))
{
	if (j == NULL)
		return respond_500(r);
	req_audit(r, action);
	audit_event_target(&r->job.ev, "group", j->id, j->name);
	r->job.run = run;
	r->job.audit_failure = 1;
	return req_defer(r, j, free, group_finish);
}

static int
group_create_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct group_job *j = arg;
	int rc;

	if ((rc = store_group_insert(st, j->name, &j->id)) != 0)
		return rc;
	ev->target_id = j->id;
	return 0;
}

int
api_groups_create(struct req *r)
{
	static const char *const keys[] = { "name", NULL };
	const char *name = NULL;

	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    field_name_or_400(r, r->json, "name", 1, &name) == -1)
		return 0;
	return group_defer(r, group_job_new(r, name), "group.create",
	    group_create_run);
}

static int
group_patch_run(struct store *st, void *arg, struct audit_event *ev)
{
	const struct group_job *j = arg;
	struct group_row g;
	int rc;

	if ((rc = store_group_get(st, j->id, &g)) != 0)
		return rc;
	audit_event_detail(ev, "old_name", json_string(g.name));
	return store_group_rename(st, j->id, j->name);
}

int
api_group_patch(struct req *r)
{
	static const char *const keys[] = { "name", NULL };
	const char *name = NULL;

	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    field_name_or_400(r, r->json, "name", 1, &name) == -1)
		return 0;
	return group_defer(r, group_job_new(r, name), "group.update",
	    group_patch_run);
}

static int
group_delete_run(struct store *st, void *arg, struct audit_event *ev)
{
	const struct group_job *j = arg;
	struct group_row g;
	int rc;

	if ((rc = store_group_get(st, j->id, &g)) != 0)
		return rc;
	audit_event_target(ev, "group", j->id, g.name);
	audit_event_detail(ev, "members", json_integer(g.members));
	return store_group_delete(st, j->id);
}

int
api_group_delete(struct req *r)
{
	return group_defer(r, group_job_new(r, NULL), "group.delete",
	    group_delete_run);
}
