/*
 * token_rotate.c -- replacing a token's seed: POST /tokens/{id}/rotate
 * (stage, or replace at once with a matching "verify_code"),
 * POST /tokens/{id}/rotate/confirm and DELETE /tokens/{id}/rotate.
 *
 * Why staged: when a service re-enrols 2FA, the new seed must not replace
 * the old one until someone has shown the service accepts it, or the team
 * is locked out. The staged seed is kept as an otpauth URI sealed to the
 * row's "pending" column; confirming with a code that matches it swaps it
 * in (parameters too; the label stays).
 * RACES: confirm writes only if the staged value is still the one whose
 *     code was checked (store_token_reseed with expect_pending), else 409.
 * AUDIT: token.rotate.stage, token.rotate.confirm ("immediate" when done
 *     in one step), token.rotate.cancel; no seed, URI or code in them.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "acl/acl_token.h"
#include "api/api.h"
#include "api/tokens_int.h"
#include "audit/token_target.h"
#include "http/jv.h"
#include "http/respond.h"
#include "otp/uri.h"
#include "otp/verify.h"
#include "vault/token_seal.h"

struct rotate_job {
	int64_t id;
	struct acl_job acl;		/* re-checked by the job */
	struct otp_token params;	/* new parameters; secret wiped */
	unsigned char *sealed;		/* the new seed, or the staged URI */
	size_t sealed_len;
	unsigned char *expect;		/* confirm: the staged value checked */
	size_t expect_len;
	int stage;			/* stage rather than replace */
	int immediate;			/* replaced by POST .../rotate */
};

static void
rotate_free(void *arg)
{
	struct rotate_job *j = arg;

	if (j == NULL)
		return;
	free(j->sealed);
	free(j->expect);
	otp_token_clear(&j->params);
	free(j);
}

static int
rotate_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct rotate_job *j = arg;
	struct token_row t;
	int rc;

	if ((rc = acl_job_check(st, j->id, &j->acl, &t, ev)) != 0)
		return rc;
	if (j->stage)
		return store_token_sealed_set(st, j->id, TOKEN_SEALED_PENDING,
		    j->sealed, j->sealed_len);
	return store_token_reseed(st, j->id, &j->params, j->sealed,
	    j->sealed_len, j->expect, j->expect_len);
}

static int
rotate_finish(struct req *r, int rc)
{
	struct rotate_job *j = r->job_arg;

	if (rc != 0)
		return token_job_failed(r, rc, &j->acl, "the staged rotation "
		    "changed meanwhile; try again");
	if (j->stage)
		return respond_json(r, 202, json_pack("{s:b}",
		    "rotation_pending", 1));
	return token_respond(r, j->id, 200);
}

/*
 * Fill j from the new seed t: sealed as the token's seed (replace), or
 * as an otpauth URI in the pending column (stage). Wipes nothing of t.
 */
static int
rotate_seal(struct rotate_job *j, const struct otp_token *t)
{
	char uri[LIMIT_OTP_URI];
	int rc;

	j->params = *t;
	sodium_memzero(j->params.secret, sizeof(j->params.secret));
	if (!j->stage)
		return token_seal(j->id, TOKEN_SEALED_SEED, t->secret,
		    t->secret_len, &j->sealed, &j->sealed_len);
	if (otp_uri_format(t, uri, sizeof(uri)) == -1)
		return -1;
	rc = token_seal(j->id, TOKEN_SEALED_PENDING, uri, strlen(uri),
	    &j->sealed, &j->sealed_len);
	sodium_memzero(uri, sizeof(uri));
	return rc;
}

/* Defer j with the event action; j is the request's from now on. */
static int
rotate_defer(struct req *r, struct rotate_job *j, const struct token_row *t,
    const char *action)
{
	acl_job_init(&j->acl, r, ACL_TOKEN_ROTATE);
	req_audit(r, action);
	audit_target_token(&r->job.ev, t->id, t->issuer, t->account);
	if (j->immediate)
		audit_event_detail(&r->job.ev, "immediate", json_true());
	r->job.run = rotate_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, rotate_free, rotate_finish);
}

/* verify code against t; HOTP moves t's counter past the match.
 * Returns 0, or -1 answered (422 on a mismatch). */
static int
verify_or_422(struct req *r, struct otp_token *t, const char *code)
{
	uint64_t next = 0;
	int m;

	if ((m = otp_verify(t, (int64_t)time(NULL), code, &next)) == -1)
		return respond_500(r), -1;
	if (m == 0)
		return respond_error(r, 422, "code_mismatch", "the code does "
		    "not match the new seed; nothing was changed"), -1;
	if (t->kind == OTP_HOTP)
		t->counter = next;
	return 0;
}

int
api_token_rotate(struct req *r)
{
	static const char *const keys[] = { "uri", "secret", "type",
	    "algorithm", "digits", "period", "counter", "qr_image",
	    "verify_code", NULL };
	struct otp_list l = { NULL, 0, 0 };
	struct rotate_job *j = NULL;
	struct token_row t;
	const char *fmt, *code = NULL;
	int level, ret = 0;

	if (acl_token_or_refuse(r, ACL_TOKEN_ROTATE, &t, &level, &ret) == -1)
		return ret;
	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    token_input_or_400(r, r->json, 0, &l, &fmt) == -1 ||
	    token_code_or_400(r, r->json, "verify_code", 0, &code) == -1)
		goto out;
	memcpy(l.v[0].issuer, t.issuer, sizeof(t.issuer));
	memcpy(l.v[0].account, t.account, sizeof(t.account));
	if (code != NULL && verify_or_422(r, &l.v[0], code) == -1)
		goto out;
	if ((j = calloc(1, sizeof(*j))) == NULL) {
		ret = respond_500(r);
		goto out;
	}
	j->id = t.id;
	j->stage = code == NULL;
	j->immediate = !j->stage;
	if (rotate_seal(j, &l.v[0]) == -1) {
		ret = respond_500(r);
		goto out;
	}
	ret = rotate_defer(r, j, &t, j->stage ? "token.rotate.stage" :
	    "token.rotate.confirm");
	j = NULL;
out:
	rotate_free(j);
	otp_list_free(&l);
	return ret;
}

/* The staged seed of token t into *staged, with its sealed bytes in j.
 * Returns 0, or -1 answered (409 when nothing is staged). */
static int
staged_or_409(struct req *r, struct rotate_job *j, struct otp_token *staged)
{
	struct store *st = store_thread();
	unsigned char *uri = NULL;
	size_t len = 0;
	int rc;

	if (st == NULL || (rc = store_token_sealed_get(st, j->id,
	    TOKEN_SEALED_PENDING, &j->expect, &j->expect_len)) == -1)
		return respond_500(r), -1;
	if (rc == STORE_NOTFOUND)
		return respond_404(r, "no token %lld", (long long)j->id), -1;
	if (j->expect == NULL)
		return respond_409(r, "no rotation is staged"), -1;
	rc = token_open(j->id, TOKEN_SEALED_PENDING, j->expect, j->expect_len,
	    &uri, &len);
	if (rc == 0)
		rc = otp_uri_parse((const char *)uri, staged, NULL, NULL);
	token_plain_free(&uri, len);
	if (rc == -1)
		return respond_500(r), -1;
	return 0;
}

int
api_token_rotate_confirm(struct req *r)
{
	static const char *const keys[] = { "code", NULL };
	struct rotate_job *j = NULL;
	struct otp_token staged;
	struct token_row t;
	const char *code = NULL;
	int level, ret = 0;

	otp_token_init(&staged);
	if (acl_token_or_refuse(r, ACL_TOKEN_ROTATE, &t, &level, &ret) == -1)
		return ret;
	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    token_code_or_400(r, r->json, "code", 1, &code) == -1)
		goto out;
	if ((j = calloc(1, sizeof(*j))) == NULL) {
		ret = respond_500(r);
		goto out;
	}
	j->id = t.id;
	if (staged_or_409(r, j, &staged) == -1 ||
	    verify_or_422(r, &staged, code) == -1)
		goto out;
	if (rotate_seal(j, &staged) == -1) {
		ret = respond_500(r);
		goto out;
	}
	ret = rotate_defer(r, j, &t, "token.rotate.confirm");
	j = NULL;
out:
	rotate_free(j);
	otp_token_clear(&staged);
	return ret;
}

struct cancel_job {
	int64_t id;
	struct acl_job acl;		/* re-checked by the job */
};

static int
cancel_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct cancel_job *j = arg;
	struct token_row t;
	int rc;

	if ((rc = acl_job_check(st, j->id, &j->acl, &t, ev)) != 0)
		return rc;
	return store_token_pending_clear(st, j->id);
}

static int
cancel_finish(struct req *r, int rc)
{
	struct cancel_job *j = r->job_arg;

	if (rc != 0)
		return token_job_failed(r, rc, &j->acl,
		    "no rotation is staged");
	return respond_empty(r, 204);
}

int
api_token_rotate_cancel(struct req *r)
{
	struct cancel_job *j;
	struct token_row t;
	int level, ret;

	if (acl_token_or_refuse(r, ACL_TOKEN_ROTATE, &t, &level, &ret) == -1)
		return ret;
	if (!t.rotation_pending)
		return respond_409(r, "no rotation is staged");
	if ((j = malloc(sizeof(*j))) == NULL)
		return respond_500(r);
	j->id = t.id;
	acl_job_init(&j->acl, r, ACL_TOKEN_ROTATE);
	req_audit(r, "token.rotate.cancel");
	audit_target_token(&r->job.ev, t.id, t.issuer, t.account);
	r->job.run = cancel_run;
	return req_defer(r, j, free, cancel_finish);
}
