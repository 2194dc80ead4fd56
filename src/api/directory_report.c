/*
 * directory_report.c -- GET /api/v1/directory/report and the token link.
 *
 * The report lists the tokens the caller can use (administrators: every
 * token) with the service each belongs to, its score, and a hint where
 * the service offers something stronger than the shared code the team
 * holds; a summary counts tokens by score. It needs a login: unlike the
 * directory itself it describes the team's accounts.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/directory_link.h"
#include "directory/catalog.h"
#include "directory/guide.h"
#include "directory/view.h"
#include "http/respond.h"
#include "otp/token.h"
#include "store/tokens.h"

json_t *
directory_link_json(const char *issuer)
{
	struct dir_catalog *cat = dir_catalog_current();
	const struct dir_entry *e = NULL;
	json_t *o;

	if (cat != NULL && issuer[0] != '\0')
		e = directory_match(&cat->idx, issuer, NULL);
	o = e != NULL ? dir_entry_link_json(e) : json_null();
	dir_catalog_release(&cat);
	return o;
}

struct report {
	struct dir_catalog *cat;	/* borrowed reference */
	json_t *rows;
	int by_score[6];		/* index 1..5 */
	int matched, total;
};

static json_t *
report_row(struct report *rep, const struct token_row *t)
{
	const struct dir_entry *e;
	char hint[512];
	const char *h = NULL;

	e = rep->cat != NULL && t->issuer[0] != '\0' ?
	    directory_match(&rep->cat->idx, t->issuer, NULL) : NULL;
	if (e != NULL) {
		rep->matched++;
		if (e->score >= 1 && e->score <= 5)
			rep->by_score[e->score]++;
		h = dir_upgrade_hint(e, t->kind == OTP_HOTP, hint,
		    sizeof(hint));
	}
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}",
	    "id", (json_int_t)t->id, "issuer", t->issuer,
	    "account", t->account, "type", otp_kind_name(t->kind),
	    "directory", e != NULL ? dir_entry_link_json(e) : json_null(),
	    "hint", h != NULL ? json_string(h) : json_null());
}

static int
report_add(void *arg, const struct token_row *t)
{
	struct report *rep = arg;

	rep->total++;
	return json_array_append_new(rep->rows, report_row(rep, t));
}

static json_t *
summary(const struct report *rep)
{
	json_t *by = json_object();
	double sum = 0;
	char k[2] = { 0, 0 };
	int s;

	for (s = 1; by != NULL && s <= 5; s++) {
		k[0] = (char)('0' + s);
		json_object_set_new(by, k, json_integer(rep->by_score[s]));
		sum += (double)s * rep->by_score[s];
	}
	return json_pack("{s:i, s:i, s:o, s:o}", "tokens", rep->total,
	    "matched", rep->matched, "average_score", rep->matched ?
	    json_real(sum / rep->matched) : json_null(), "by_score", by);
}

int
api_directory_report(struct req *r)
{
	struct store *st = store_thread();
	struct report rep;
	json_t *o;

	memset(&rep, 0, sizeof(rep));
	if (st == NULL || (rep.rows = json_array()) == NULL)
		return respond_500(r);
	rep.cat = dir_catalog_current();
	if (store_token_list(st, r->auth.user_id, r->auth.is_admin,
	    report_add, &rep) == -1) {
		json_decref(rep.rows);
		dir_catalog_release(&rep.cat);
		return respond_500(r);
	}
	o = json_pack("{s:o, s:o, s:s, s:s}", "tokens", rep.rows,
	    "summary", summary(&rep), "attribution", DIR_ATTRIBUTION,
	    "license", DIR_LICENSE_NOTE);
	dir_catalog_release(&rep.cat);
	return respond_json(r, 200, o);
}
