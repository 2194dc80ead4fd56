/*
 * audit.c -- GET /api/v1/audit: reading the audit log (administrators, or
 * API tokens with the audit:read scope; the router checks).
 *
 * QUERY: actor=USER_ID, token=TOKEN_ID (events whose target is that
 *     token), action=NAME or a prefix ending in '*' (characters a-z, '.'
 *     and a final '*'), since= and until= in microseconds like ts_us
 *     (since inclusive, until exclusive), after=SEQ (paging), limit=1..
 *     LIMIT_AUDIT_PAGE (default 100). Every parameter is checked; a bad
 *     one is 400, never ignored, so a typo cannot widen a SIEM's query
 *     silently into something else.
 * PAGING: events come in seq order; next_after is the last seq of a full
 *     page (pass it as after= for the next), null when this page was not
 *     full.
 */
#include <string.h>

#include "api/api.h"
#include "api/fields.h"
#include "http/respond.h"
#include "store/audit.h"

#define DEFAULT_LIMIT	100
#define ACTION_MAX	64

/* a-z and '.', with at most one '*', at the end. */
static int
action_ok(const char *a)
{
	size_t n = strlen(a), i;

	if (n == 0 || n > ACTION_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (a[i] == '*' && i == n - 1)
			continue;
		if (!(a[i] >= 'a' && a[i] <= 'z') && a[i] != '.')
			return 0;
	}
	return 1;
}

/* Fill f from the query; -1 with 400 queued. */
static int
parse_filter(struct req *r, struct audit_filter *f)
{
	int64_t limit = DEFAULT_LIMIT, token = 0;

	memset(f, 0, sizeof(*f));
	if (query_int_or_400(r, "actor", 1, INT64_MAX, &f->actor_id) == -1 ||
	    query_int_or_400(r, "token", 1, INT64_MAX, &token) == -1 ||
	    query_int_or_400(r, "since", 0, INT64_MAX, &f->since_us) == -1 ||
	    query_int_or_400(r, "until", 0, INT64_MAX, &f->until_us) == -1 ||
	    query_int_or_400(r, "after", 0, INT64_MAX, &f->after_seq) == -1 ||
	    query_int_or_400(r, "limit", 1, LIMIT_AUDIT_PAGE, &limit) == -1)
		return -1;
	if (token != 0) {
		f->target_type = "token";
		f->target_id = token;
	}
	f->action = req_query(r, "action");
	if (f->action != NULL && !action_ok(f->action))
		return respond_400(r, "query parameter 'action' must be an "
		    "action name (a-z and '.'), optionally ending in '*'"), -1;
	f->limit = (int)limit;
	return 0;
}

int
api_audit_list(struct req *r)
{
	struct store *st = store_thread();
	struct audit_filter f;
	json_t *rows, *last;
	size_t n;

	if (parse_filter(r, &f) == -1)
		return 0;
	if (st == NULL || store_audit_list(st, &f, &rows) == -1)
		return respond_500(r);
	n = json_array_size(rows);
	last = n == (size_t)f.limit ? json_object_get(json_array_get(rows,
	    n - 1), "seq") : NULL;
	return respond_json(r, 200, json_pack("{s:o, s:O}", "events", rows,
	    "next_after", last != NULL ? last : json_null()));
}
