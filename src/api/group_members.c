/*
 * group_members.c -- GET /api/v1/groups/{id}/members and PUT/DELETE
 * /api/v1/groups/{id}/members/{user id} (administrators).
 *
 * Both changes are idempotent (204 whether or not anything changed; the
 * audit event says which in details.changed) and 404 when the group or
 * the user does not exist. Membership decides which codes a user sees,
 * so every call is audited, including refused ones.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "api/group_json.h"
#include "http/respond.h"
#include "store/groups.h"
#include "store/users.h"

#define JOB_NO_USER	10

static int
member_one(void *arg, const struct member_row *m)
{
	json_t *o = json_pack("{s:I, s:s}", "id", (json_int_t)m->user_id,
	    "email", m->email);

	return o != NULL && json_array_append_new(arg, o) == 0 ? 0 : -1;
}

json_t *
api_group_members_json(struct store *st, int64_t id)
{
	json_t *arr;

	if ((arr = json_array()) == NULL)
		return NULL;
	if (store_group_members(st, id, member_one, arr) != 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

int
api_group_respond(struct req *r, int status, int64_t id)
{
	struct store *st = store_thread();
	struct group_row g;
	json_t *members;
	int rc;

	if (st == NULL || (rc = store_group_get(st, id, &g)) == -1)
		return respond_500(r);
	if (rc == STORE_NOTFOUND)
		return respond_404(r, "no group %lld", (long long)id);
	if ((members = api_group_members_json(st, id)) == NULL)
		return respond_500(r);
	return respond_json(r, status, json_pack("{s:I, s:s, s:o}", "id",
	    (json_int_t)g.id, "name", g.name, "members", members));
}

int
api_group_members_list(struct req *r)
{
	struct store *st = store_thread();
	struct group_row g;
	json_t *members;
	int rc;

	if (st == NULL || (rc = store_group_get(st, r->ids[0], &g)) == -1)
		return respond_500(r);
	if (rc == STORE_NOTFOUND)
		return respond_404(r, "no group %lld", (long long)r->ids[0]);
	if ((members = api_group_members_json(st, r->ids[0])) == NULL)
		return respond_500(r);
	return respond_json(r, 200, json_pack("{s:o}", "members", members));
}

struct member_job {
	int64_t group_id;
	int64_t user_id;
	int add;			/* 1 PUT, 0 DELETE */
};

static int
member_run(struct store *st, void *arg, struct audit_event *ev)
{
	const struct member_job *j = arg;
	struct group_row g;
	struct user_row u;
	int rc, changed;

	if ((rc = store_group_get(st, j->group_id, &g)) != 0)
		return rc;
	audit_event_target(ev, "group", g.id, g.name);
	audit_event_detail(ev, "user_id", json_integer(j->user_id));
	if ((rc = store_user_by_id(st, j->user_id, &u)) != 0)
		return rc == STORE_NOTFOUND ? JOB_NO_USER : rc;
	sodium_memzero(u.pwhash, sizeof(u.pwhash));
	audit_event_detail(ev, "user", json_string(u.email));
	rc = j->add ? store_group_member_add(st, g.id, u.id, &changed) :
	    store_group_member_remove(st, g.id, u.id, &changed);
	if (rc != 0)
		return rc;
	audit_event_detail(ev, "changed", json_boolean(changed));
	return 0;
}

static int
member_finish(struct req *r, int rc)
{
	const struct member_job *j = r->job_arg;

	switch (rc) {
	case 0:
		return respond_empty(r, 204);
	case STORE_NOTFOUND:
		return respond_404(r, "no group %lld", (long long)j->group_id);
	case JOB_NO_USER:
		return respond_404(r, "no user %lld", (long long)j->user_id);
	default:
		return respond_503(r);
	}
}

static int
member_change(struct req *r, int add)
{
	struct member_job *j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	j->group_id = r->ids[0];
	j->user_id = r->ids[1];
	j->add = add;
	req_audit(r, add ? "group.member.add" : "group.member.remove");
	audit_event_target(&r->job.ev, "group", j->group_id, NULL);
	r->job.run = member_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, free, member_finish);
}

int
api_group_member_put(struct req *r)
{
	return member_change(r, 1);
}

int
api_group_member_delete(struct req *r)
{
	return member_change(r, 0);
}
