/*
 * token_seed.c -- GET /tokens/{id}/seed: the seed, as base32 and as an
 * otpauth URI, with the recovery codes; audited as token.seed.reveal.
 *
 * Why: the one way a seed leaves Kaito, for callers holding the `seed`
 * level (to move a token elsewhere, or to enrol a hardware token).
 * ORDER: as for codes (token_code.c): the writer job reads the sealed
 *     values, checks they open for this row and appends the event; the
 *     seed is opened for the answer only after COMMIT succeeded. The event
 *     says whether recovery codes were included, never what they are.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "acl/acl_token.h"
#include "api/api.h"
#include "api/tokens_int.h"
#include "audit/token_target.h"
#include "http/respond.h"
#include "otp/base32.h"
#include "otp/uri.h"
#include "util/log.h"
#include "vault/token_seal.h"

struct seed_job {
	int64_t id;
	struct acl_job acl;		/* re-checked by the job */
	struct token_row t;		/* parameters, read by the job */
	unsigned char *seed;		/* sealed */
	size_t seed_len;
	unsigned char *recovery;	/* sealed, or NULL */
	size_t recovery_len;
};

static void
seed_free(void *arg)
{
	struct seed_job *j = arg;

	if (j == NULL)
		return;
	free(j->seed);
	free(j->recovery);
	free(j);
}

/* The recovery codes as a JSON array (empty when none), or NULL when
 * they do not open. */
static json_t *
seed_recovery(const struct seed_job *j)
{
	unsigned char *pt = NULL;
	size_t len = 0;
	json_t *a;

	if (j->recovery == NULL)
		return json_array();
	if (token_open(j->id, TOKEN_SEALED_RECOVERY, j->recovery,
	    j->recovery_len, &pt, &len) == -1)
		return NULL;
	a = json_loadb((const char *)pt, len, 0, NULL);
	token_plain_free(&pt, len);
	if (a != NULL && !json_is_array(a)) {
		json_decref(a);
		a = NULL;
	}
	return a;
}

/* Check that both sealed values open for this row. */
static int
seed_check(const struct seed_job *j)
{
	struct otp_token t;
	json_t *rec;
	int rc;

	otp_token_init(&t);
	rc = token_open_seed(j->id, j->seed, j->seed_len, &t);
	otp_token_clear(&t);
	if (rc == 0 && (rec = seed_recovery(j)) != NULL)
		json_decref(rec);
	else
		rc = -1;
	return rc;
}

static int
seed_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct seed_job *j = arg;
	int rc;

	if ((rc = acl_job_check(st, j->id, &j->acl, &j->t, ev)) != 0)
		return rc;
	audit_target_token(ev, j->id, j->t.issuer, j->t.account);
	if ((rc = store_token_sealed_get(st, j->id, TOKEN_SEALED_SEED,
	    &j->seed, &j->seed_len)) != 0 ||
	    (rc = store_token_sealed_get(st, j->id, TOKEN_SEALED_RECOVERY,
	    &j->recovery, &j->recovery_len)) != 0)
		return rc;
	audit_event_detail(ev, "recovery_codes", json_boolean(j->recovery !=
	    NULL));
	if (seed_check(j) == -1) {
		log_warnx("%s: a sealed value of token %lld does not open",
		    __func__, (long long)j->id);
		return TOKEN_ESEAL;
	}
	return 0;
}

/* {"secret","uri","recovery_codes"}, or NULL. */
static json_t *
seed_json(const struct seed_job *j)
{
	char b32[BASE32_ENCODED_LEN(LIMIT_OTP_SECRET) + 1];
	char uri[LIMIT_OTP_URI];
	struct otp_token t;
	json_t *o = NULL, *rec = NULL;

	token_otp_from_row(&j->t, &t);
	if (token_open_seed(j->id, j->seed, j->seed_len, &t) == -1 ||
	    base32_encode(t.secret, t.secret_len, b32, sizeof(b32)) == -1 ||
	    otp_uri_format(&t, uri, sizeof(uri)) == -1 ||
	    (rec = seed_recovery(j)) == NULL)
		goto out;
	o = json_pack("{s:s, s:s, s:o}", "secret", b32, "uri", uri,
	    "recovery_codes", rec);
	rec = NULL;
out:
	json_decref(rec);
	otp_token_clear(&t);
	sodium_memzero(b32, sizeof(b32));
	sodium_memzero(uri, sizeof(uri));
	return o;
}

static int
seed_finish(struct req *r, int rc)
{
	struct seed_job *j = r->job_arg;
	json_t *o;

	if (rc != 0)
		return token_job_failed(r, rc, &j->acl, "");
	if ((o = seed_json(r->job_arg)) == NULL)
		return respond_500(r);
	return respond_json(r, 200, o);
}

int
api_token_seed(struct req *r)
{
	struct seed_job *j;
	struct token_row t;
	int level, ret;

	if (acl_token_or_refuse(r, ACL_TOKEN_SEED, &t, &level, &ret) == -1)
		return ret;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	j->id = t.id;
	acl_job_init(&j->acl, r, ACL_TOKEN_SEED);
	req_audit(r, "token.seed.reveal");
	audit_target_token(&r->job.ev, t.id, t.issuer, t.account);
	r->job.run = seed_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, seed_free, seed_finish);
}
