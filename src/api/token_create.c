/*
 * token_create.c -- POST /tokens: add one token (uri, secret and
 * parameters, or a QR image) or every token of an export.
 *
 * Why its own file: creation is the one place where a row's id is not
 * known before the writer runs, so the seed travels in clear to the
 * writer job, which inserts the row, seals the seed (and recovery codes)
 * with that id bound in, writes them, and gives the creator `manage`, all
 * in one savepoint with the audit events: an import lands completely or
 * not at all, and never without its events.
 * VERIFY: "verify_code" (one token only) is checked before anything is
 *     queued; for HOTP the stored counter moves past the matched one.
 * AUDIT: one token.create per token; an import's events name the source
 *     and format, never a seed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "acl/acl.h"
#include "api/api.h"
#include "api/tokens_int.h"
#include "audit/token_target.h"
#include "http/jv.h"
#include "http/respond.h"
#include "otp/verify.h"
#include "store/audit.h"
#include "store/grants.h"
#include "util/jsonmem.h"
#include "util/log.h"
#include "vault/token_seal.h"

struct create_job {
	struct otp_list tokens;		/* seeds in clear; wiped on free */
	const char *notes;		/* borrowed from r->json */
	char *recovery;			/* JSON array text, or NULL; wiped */
	int64_t creator;
	const char *source;		/* "uri", "secret", "qr_image", "import" */
	const char *format;		/* import format name, or NULL */
	int64_t *ids;			/* tokens.n ids, filled by the job */
};

static void
create_free(void *arg)
{
	struct create_job *j = arg;

	if (j == NULL)
		return;
	otp_list_free(&j->tokens);
	jsonmem_free_string(j->recovery);
	free(j->ids);
	free(j);
}

/* Seal column which of token id from n bytes of pt and write it. */
static int
seal_write(struct store *st, int64_t id, enum token_sealed which,
    const void *pt, size_t n)
{
	unsigned char *sealed = NULL;
	size_t len = 0;
	int rc;

	if (token_seal(id, which, pt, n, &sealed, &len) == -1) {
		log_warnx("%s: cannot seal for token %lld", __func__,
		    (long long)id);
		return -1;
	}
	rc = store_token_sealed_set(st, id, which, sealed, len);
	free(sealed);
	return rc;
}

static int
create_one(struct store *st, struct create_job *j, const struct otp_token *t,
    int64_t *id)
{
	int rc;

	if ((rc = store_token_insert(st, t, j->notes, j->creator, id)) != 0 ||
	    (rc = seal_write(st, *id, TOKEN_SEALED_SEED, t->secret,
	    t->secret_len)) != 0)
		return rc;
	if (j->recovery != NULL && (rc = seal_write(st, *id,
	    TOKEN_SEALED_RECOVERY, j->recovery, strlen(j->recovery))) != 0)
		return rc;
	return store_grant_user_set(st, *id, j->creator, ACL_MANAGE);
}

static void
create_details(struct create_job *j, struct audit_event *ev)
{
	audit_event_detail(ev, "source", json_string(j->source));
	if (j->format != NULL) {
		audit_event_detail(ev, "format", json_string(j->format));
		audit_event_detail(ev, "import_count",
		    json_integer((json_int_t)j->tokens.n));
	}
}

/* An event for each token but the last, which gets the job's own. */
static int
append_event(struct store *st, struct create_job *j,
    const struct audit_event *model, const struct otp_token *t, int64_t id)
{
	struct audit_event ev;
	int rc;

	audit_event_init(&ev, &model->actor, "token.create");
	audit_target_token(&ev, id, t->issuer, t->account);
	create_details(j, &ev);
	rc = store_audit_append(st, &ev);
	audit_event_clear(&ev);
	return rc;
}

static int
create_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct create_job *j = arg;
	const struct otp_token *t;
	size_t i;
	int rc;

	for (i = 0; i < j->tokens.n; i++) {
		t = &j->tokens.v[i];
		if ((rc = create_one(st, j, t, &j->ids[i])) != 0)
			return rc;
		if (i + 1 < j->tokens.n &&
		    append_event(st, j, ev, t, j->ids[i]) == -1)
			return -1;
	}
	t = &j->tokens.v[j->tokens.n - 1];
	audit_target_token(ev, j->ids[j->tokens.n - 1], t->issuer,
	    t->account);
	return 0;
}

static int
create_finish(struct req *r, int rc)
{
	struct create_job *j = r->job_arg;
	struct store *st = store_thread();
	struct token_row *t = NULL;
	json_t *a = NULL;
	size_t i;

	if (rc != 0)
		return token_job_failed(r, rc, NULL, "");
	if (j->format == NULL)
		return token_respond(r, j->ids[0], 201);
	if (st == NULL || (a = json_array()) == NULL ||
	    (t = malloc(sizeof(*t))) == NULL)
		goto fail;
	for (i = 0; i < j->tokens.n; i++) {
		if (store_token_get(st, j->ids[i], r->auth.user_id, t) != 0 ||
		    json_array_append_new(a, token_json(t, acl_level(
		    t->user_level, t->group_level))) == -1)
			goto fail;
	}
	free(t);
	return respond_json(r, 201, json_pack("{s:o}", "tokens", a));
fail:
	free(t);
	json_decref(a);
	return respond_500(r);
}

/* verify_code against the one new token; HOTP moves the counter on. */
static int
verify_or_422(struct req *r, struct create_job *j, const char *code)
{
	struct otp_token *t = &j->tokens.v[0];
	uint64_t next = 0;
	int m;

	if (j->tokens.n != 1)
		return respond_400(r, "field 'verify_code' is for a single "
		    "token, not an import"), -1;
	if ((m = otp_verify(t, (int64_t)time(NULL), code, &next)) == -1)
		return respond_500(r), -1;
	if (m == 0)
		return respond_error(r, 422, "code_mismatch", "verify_code "
		    "does not match this seed now; nothing was saved"), -1;
	if (t->kind == OTP_HOTP)
		t->counter = next;
	return 0;
}

/* Everything the body says, into j. Returns 0 or -1 (answered). */
static int
create_parse(struct req *r, struct create_job *j)
{
	const char *code = NULL;
	int set;

	if (token_input_or_400(r, r->json, TOKEN_INPUT_IMPORT, &j->tokens,
	    &j->format) == -1 ||
	    jv_text_or_400(r, r->json, "notes", 0, LIMIT_NOTES,
	    &j->notes) == -1 ||
	    token_recovery_or_400(r, r->json, &set, &j->recovery) == -1 ||
	    token_code_or_400(r, r->json, "verify_code", 0, &code) == -1)
		return -1;
	if (code != NULL && verify_or_422(r, j, code) == -1)
		return -1;
	if ((j->ids = calloc(j->tokens.n, sizeof(*j->ids))) == NULL)
		return respond_500(r), -1;
	j->source = j->format != NULL ? "import" :
	    json_object_get(r->json, "uri") ? "uri" :
	    json_object_get(r->json, "secret") ? "secret" : "qr_image";
	return 0;
}

int
api_tokens_create(struct req *r)
{
	static const char *const keys[] = { "uri", "secret", "issuer",
	    "account", "type", "algorithm", "digits", "period", "counter",
	    "qr_image", "import", "notes", "recovery_codes", "verify_code",
	    NULL };
	struct create_job *j;
	int ret = 0;

	if (jv_only_keys_or_400(r, r->json, keys) == -1)
		return 0;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	j->creator = r->auth.user_id;
	if (create_parse(r, j) == -1)
		goto out;
	req_audit(r, "token.create");
	create_details(j, &r->job.ev);
	r->job.run = create_run;
	r->job.audit_failure = 1;
	ret = req_defer(r, j, create_free, create_finish);
	j = NULL;
out:
	create_free(j);
	return ret;
}
