/*
 * acl_token.h -- applying the permission rule to a request on a token.
 *
 * Why: handlers on /tokens/{id}... all start the same way: find the token,
 * work out the caller's level, refuse or go on. Doing it here means a
 * refusal always looks the same (404 without any grant, 403 below the
 * level needed, acl.h), and a refused code view or seed reveal is always
 * audited with outcome "denied" before it is answered (fail closed: when
 * the denial cannot be recorded, the answer is 503).
 */
#ifndef KAITO_ACL_TOKEN_H
#define KAITO_ACL_TOKEN_H

#include "acl/acl.h"
#include "http/req.h"
#include "store/tokens.h"

/*
 * Look up token r->ids[0] with the caller's grants and check action a.
 * Returns 0 when allowed, with *t filled and *level set to the caller's
 * level. Otherwise returns -1 with the refusal (or a 500) under way, and
 * *ret set to what the handler must return: 0 when answered, REQ_DEFERRED
 * while a denial is being audited.
 */
int acl_token_or_refuse(struct req *r, enum acl_action a,
    struct token_row *t, int *level, int *ret);

/*
 * The same decision again, inside the writer job that acts on it, on the
 * row as the job's transaction sees it: a grant revoked (or a token
 * deleted) after the handler's check cannot be used by a job already
 * queued. A handler fills a struct acl_job with acl_job_init(), the job's
 * run calls acl_job_check() first, and finish answers ACL_EREFUSED with
 * acl_job_refuse().
 */
struct acl_job {
	int64_t user_id;		/* the caller */
	int is_admin;
	enum acl_action action;
	int refused;			/* 403 or 404, set by acl_job_check */
};

/* Job result: refused on the re-check (ev's outcome is "denied"). */
#define ACL_EREFUSED	110

void acl_job_init(struct acl_job *c, const struct req *r, enum acl_action a);

/*
 * Read token id with c's grants into *t and decide. Returns 0 (allowed),
 * -1, or ACL_EREFUSED with c->refused set (404 also for an id that names
 * no token) and ev marked "denied" (the writer appends it when the job
 * has audit_failure set).
 */
int acl_job_check(struct store *st, int64_t id, struct acl_job *c,
    struct token_row *t, struct audit_event *ev);

/* Answer the refusal acl_job_check() decided. Returns 0. */
int acl_job_refuse(struct req *r, const struct acl_job *c);

#endif
