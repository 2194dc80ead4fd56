/*
 * token_code.c -- GET /tokens/{id}/code: the current code, audited.
 *
 * Why: this is Kaito's main use, and its promise: a code is shown only
 * once the audit row saying who saw it is durable (fail closed).
 * ORDER: the writer job checks the caller's level (refusals are audited
 *     "denied" and answered 403/404), reads the parameters and sealed seed,
 *     reserves the HOTP counter (UPDATE .. RETURNING, so concurrent
 *     viewers get consecutive counters, never the same one), checks that
 *     the seed opens for this row, and appends token.code.view, all in one
 *     savepoint. Only after COMMIT succeeded does finish() open the seed
 *     and compute the code; a failed commit answers 503 and no code is
 *     ever computed. A seed that does not open (moved from another row,
 *     corrupt) fails the job: audited as "failure", answered 500.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sodium.h>

#include "acl/acl_token.h"
#include "api/api.h"
#include "api/tokens_int.h"
#include "audit/token_target.h"
#include "http/respond.h"
#include "otp/code.h"
#include "util/log.h"
#include "vault/token_seal.h"

struct code_job {
	int64_t id;
	struct acl_job acl;		/* re-checked by the job */
	struct token_row t;		/* parameters, read by the job */
	uint64_t counter;		/* HOTP: the reserved counter */
	unsigned char *sealed;		/* the sealed seed, read by the job */
	size_t sealed_len;
	struct otp_token otp;		/* opened by the job (to check that it
					   opens for this row), used by finish
					   only once the view is durable; wiped
					   on free */
};

static void
code_free(void *arg)
{
	struct code_job *j = arg;

	if (j == NULL)
		return;
	otp_token_clear(&j->otp);
	free(j->sealed);
	free(j);
}

/* The job's token: parameters, reserved counter and the seed (when
 * with_seed; the caller wipes t). */
static int
code_token(struct code_job *j, struct otp_token *t, int with_seed)
{
	token_otp_from_row(&j->t, t);
	t->counter = j->counter;
	if (!with_seed)
		return 0;
	return token_open_seed(j->id, j->sealed, j->sealed_len, t);
}

static int
code_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct code_job *j = arg;
	int rc;

	if ((rc = acl_job_check(st, j->id, &j->acl, &j->t, ev)) != 0)
		return rc;
	audit_target_token(ev, j->id, j->t.issuer, j->t.account);
	if (j->t.kind == OTP_HOTP) {
		if ((rc = store_token_counter_take(st, j->id,
		    &j->counter)) != 0)
			return rc == STORE_NOTFOUND ? -1 : rc;
		audit_event_detail(ev, "counter",
		    json_integer((json_int_t)j->counter));
	}
	if ((rc = store_token_sealed_get(st, j->id, TOKEN_SEALED_SEED,
	    &j->sealed, &j->sealed_len)) != 0)
		return rc;
	rc = code_token(j, &j->otp, 1);
	if (rc == -1) {
		log_warnx("%s: the seed of token %lld does not open",
		    __func__, (long long)j->id);
		return TOKEN_ESEAL;
	}
	return 0;
}

static int
code_finish(struct req *r, int rc)
{
	struct code_job *j = r->job_arg;
	char code[OTP_CODE_MAX + 1], body[128];
	const struct otp_token *t = &j->otp;
	int64_t now = (int64_t)time(NULL);
	int n = -1, ret;

	if (rc != 0)
		return token_job_failed(r, rc, &j->acl, "");
	/* Printed, not built with jansson: the hot path's whole answer. */
	if (otp_code_at(t, now, code, NULL) == 0)
		n = t->kind == OTP_HOTP ?
		    snprintf(body, sizeof(body), "{\"code\":\"%s\","
		    "\"period\":null,\"remaining\":null}", code) :
		    snprintf(body, sizeof(body), "{\"code\":\"%s\","
		    "\"period\":%u,\"remaining\":%u}", code, t->period,
		    otp_remaining(t, now));
	ret = n > 0 && (size_t)n < sizeof(body) ?
	    respond_text(r, 200, "application/json", body) : respond_500(r);
	sodium_memzero(code, sizeof(code));
	sodium_memzero(body, sizeof(body));
	return ret;
}

/*
 * No check on the worker's connection first: the job decides (and audits a
 * refusal as "denied") inside the writer's transaction anyway, and this is
 * the hottest path, so each view costs the database work once.
 */
int
api_token_code(struct req *r)
{
	struct code_job *j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	j->id = r->ids[0];
	acl_job_init(&j->acl, r, ACL_TOKEN_CODE);
	req_audit(r, "token.code.view");
	audit_target_token(&r->job.ev, j->id, NULL, NULL);
	r->job.run = code_run;
	r->job.auth_neutral = 1;	/* a view (and an HOTP counter) only */
	r->job.audit_failure = 1;
	return req_defer(r, j, code_free, code_finish);
}
