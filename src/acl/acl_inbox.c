/*
 * acl_inbox.c -- see acl_inbox.h.
 *
 * DENIALS: a refused text read (listing or stream) is a writer job made
 *     of its audit event alone (sms.view, outcome denied), answered once
 *     it is durable; ids that name no inbox are refused the same way, so
 *     the time to answer says nothing about which ids exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl_inbox.h"
#include "http/respond.h"

static int
clamp(int level)
{
	return level >= ACL_INBOX_READ && level <= ACL_INBOX_MANAGE ? level :
	    ACL_INBOX_NONE;
}

int
acl_inbox_level(int user_level, int group_level)
{
	int u = clamp(user_level), g = clamp(group_level);

	return u > g ? u : g;
}

int
acl_inbox_needed(enum acl_inbox_action a)
{
	switch (a) {
	case ACL_INBOX_GET:
	case ACL_INBOX_TEXTS:
		return ACL_INBOX_READ;
	case ACL_INBOX_EDIT:
	case ACL_INBOX_GRANTS:
		break;
	}
	return ACL_INBOX_MANAGE;	/* unknown actions need the most */
}

int
acl_inbox_decide(int level, int is_admin, enum acl_inbox_action a)
{
	level = clamp(level);
	if (level >= acl_inbox_needed(a))
		return 0;
	if (is_admin)
		return a == ACL_INBOX_TEXTS ? 403 : 0;
	return level == ACL_INBOX_NONE ? 404 : 403;
}

const char *
acl_inbox_level_name(int level)
{
	switch (level) {
	case ACL_INBOX_READ:
		return "read";
	case ACL_INBOX_MANAGE:
		return "manage";
	}
	return NULL;
}

int
acl_inbox_level_parse(const char *s, int *level)
{
	int l;

	for (l = ACL_INBOX_READ; l <= ACL_INBOX_MANAGE; l++)
		if (strcmp(s, acl_inbox_level_name(l)) == 0) {
			*level = l;
			return 0;
		}
	return -1;
}

void
acl_inbox_target(struct audit_event *ev, int64_t id,
    const struct inbox_row *in)
{
	char name[LIMIT_NAME + INBOX_NUMBER_MAX + 8];

	if (in == NULL) {
		audit_event_target(ev, "inbox", id, NULL);
		return;
	}
	snprintf(name, sizeof(name), "%s (%s)", in->name, in->number);
	audit_event_target(ev, "inbox", id, name);
}

int
acl_inbox_refuse(struct req *r, int status, enum acl_inbox_action a)
{
	if (status == 404)
		return respond_404(r, "no inbox %lld", (long long)r->ids[0]);
	return respond_403(r, "this needs the '%s' level on inbox %lld%s",
	    acl_inbox_level_name(acl_inbox_needed(a)), (long long)r->ids[0],
	    r->auth.is_admin && a == ACL_INBOX_TEXTS ? " (being an "
	    "administrator lets you manage inboxes, not read their texts)" :
	    "");
}

static void
deny_details(struct audit_event *ev, enum acl_inbox_action a)
{
	ev->outcome = "denied";
	audit_event_detail(ev, "needed",
	    json_string(acl_inbox_level_name(acl_inbox_needed(a))));
}

struct denial {
	int status;
	enum acl_inbox_action action;
};

static int
denial_finish(struct req *r, int rc)
{
	struct denial *d = r->job_arg;

	if (rc != 0)
		return respond_503(r);
	return acl_inbox_refuse(r, d->status, d->action);
}

int
acl_inbox_or_refuse(struct req *r, enum acl_inbox_action a,
    struct inbox_row *in, int *level, int *ret)
{
	struct store *st = store_thread();
	struct denial *d;
	int rc, status;

	*ret = 0;
	if (st == NULL || (rc = store_inbox_get(st, r->ids[0],
	    r->auth.user_id, in)) == -1) {
		*ret = respond_500(r);
		return -1;
	}
	*level = rc == 0 ? acl_inbox_level(in->user_level, in->group_level) :
	    ACL_INBOX_NONE;
	status = rc == 0 ? acl_inbox_decide(*level, r->auth.is_admin, a) : 404;
	if (status == 0)
		return 0;
	if (a != ACL_INBOX_TEXTS) {
		*ret = acl_inbox_refuse(r, status, a);
		return -1;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		*ret = respond_500(r);
		return -1;
	}
	d->status = status;
	d->action = a;
	req_audit(r, "sms.view");
	acl_inbox_target(&r->job.ev, r->ids[0], rc == 0 ? in : NULL);
	deny_details(&r->job.ev, a);
	r->job.run = NULL;
	*ret = req_defer(r, d, free, denial_finish);
	return -1;
}

void
acl_inbox_job_init(struct acl_inbox_job *c, const struct req *r,
    enum acl_inbox_action a)
{
	c->user_id = r->auth.user_id;
	c->is_admin = r->auth.is_admin;
	c->action = a;
	c->refused = 0;
}

int
acl_inbox_job_check(struct store *st, int64_t id, struct acl_inbox_job *c,
    struct inbox_row *in, struct audit_event *ev)
{
	int rc;

	if ((rc = store_inbox_get(st, id, c->user_id, in)) == -1)
		return -1;
	c->refused = rc == STORE_NOTFOUND ? 404 : acl_inbox_decide(
	    acl_inbox_level(in->user_level, in->group_level), c->is_admin,
	    c->action);
	if (rc == 0)
		acl_inbox_target(ev, id, in);
	if (c->refused == 0)
		return 0;
	deny_details(ev, c->action);
	return ACL_INBOX_EREFUSED;
}
