/*
 * acl_token.c -- see acl_token.h.
 *
 * DENIALS: for actions whose refusal is audited (acl_audits_denial), the
 *     refusal is a writer job made of the audit event alone, and the
 *     answer (403/404) is given once it is durable. Ids that name no token
 *     are refused the same way, so the time to answer tells nothing about
 *     which ids exist, and probing shows up in the audit log.
 * RE-CHECK: acl_token_or_refuse() reads on the worker's connection, before
 *     the writer runs; acl_job_check() decides again inside the job, so
 *     the check and the act share one transaction.
 */
#include <stdlib.h>

#include "acl/acl_token.h"
#include "audit/token_target.h"
#include "http/respond.h"

/* Answer a refusal with status 403 or 404. */
static int
refuse(struct req *r, int status, enum acl_action a)
{
	if (status == 404)
		return respond_404(r, "no token %lld", (long long)r->ids[0]);
	return respond_403(r, "this needs the '%s' level on token %lld%s",
	    acl_level_name(acl_needed(a)), (long long)r->ids[0],
	    r->auth.is_admin && acl_needed(a) <= ACL_SEED ? " (being an "
	    "administrator gives no codes or seeds)" : "");
}

static void
deny_details(struct audit_event *ev, enum acl_action a)
{
	ev->outcome = "denied";
	audit_event_detail(ev, "needed",
	    json_string(acl_level_name(acl_needed(a))));
}

struct denial {
	int status;			/* 403 or 404 */
	enum acl_action action;
};

static int
denial_finish(struct req *r, int rc)
{
	struct denial *d = r->job_arg;

	if (rc != 0)
		return respond_503(r);
	return refuse(r, d->status, d->action);
}

/* Audit the refusal, then answer it. t is NULL for an unknown id. */
static int
deny_audited(struct req *r, enum acl_action a, const struct token_row *t,
    int status)
{
	struct denial *d;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return respond_500(r);
	d->status = status;
	d->action = a;
	req_audit(r, a == ACL_TOKEN_CODE ? "token.code.view" :
	    "token.seed.reveal");
	audit_target_token(&r->job.ev, r->ids[0], t ? t->issuer : NULL,
	    t ? t->account : NULL);
	deny_details(&r->job.ev, a);
	r->job.run = NULL;
	return req_defer(r, d, free, denial_finish);
}

int
acl_token_or_refuse(struct req *r, enum acl_action a, struct token_row *t,
    int *level, int *ret)
{
	struct store *st = store_thread();
	int rc, status;

	*ret = 0;
	if (st == NULL) {
		*ret = respond_500(r);
		return -1;
	}
	rc = store_token_get(st, r->ids[0], r->auth.user_id, t);
	if (rc == -1) {
		*ret = respond_500(r);
		return -1;
	}
	*level = rc == 0 ? acl_level(t->user_level, t->group_level) : ACL_NONE;
	status = rc == 0 ? acl_decide(*level, r->auth.is_admin, a) : 404;
	if (status == 0)
		return 0;
	if (acl_audits_denial(a))
		*ret = deny_audited(r, a, rc == 0 ? t : NULL, status);
	else
		*ret = refuse(r, status, a);
	return -1;
}

void
acl_job_init(struct acl_job *c, const struct req *r, enum acl_action a)
{
	c->user_id = r->auth.user_id;
	c->is_admin = r->auth.is_admin;
	c->action = a;
	c->refused = 0;
}

int
acl_job_check(struct store *st, int64_t id, struct acl_job *c,
    struct token_row *t, struct audit_event *ev)
{
	int rc;

	if ((rc = store_token_get(st, id, c->user_id, t)) == -1)
		return -1;
	/* An id that names no token is refused like a token without a
	 * grant: 404, audited "denied" for audited actions. */
	c->refused = rc == STORE_NOTFOUND ? 404 : acl_decide(acl_level(
	    t->user_level, t->group_level), c->is_admin, c->action);
	if (rc == 0)
		audit_target_token(ev, id, t->issuer, t->account);
	if (c->refused == 0)
		return 0;
	deny_details(ev, c->action);
	return ACL_EREFUSED;
}

int
acl_job_refuse(struct req *r, const struct acl_job *c)
{
	return refuse(r, c->refused, c->action);
}
