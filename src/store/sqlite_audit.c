/*
 * sqlite_audit.c -- audit rows in SQLite.
 *
 * APPEND: each row is written with the next seq and its leaf hash, and
 *     hashed into the log's Merkle tree in the same transaction
 *     (sqlite_audit_log.c). Details are stored as their canonical JSON
 *     (RFC 8785), the form the leaf hash covers.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/jcs.h"
#include "audit/leaf.h"
#include "store/audit.h"
#include "store/store_int.h"
#include "util/compat.h"
#include "util/log.h"

static const char SQL_APPEND[] =
	"INSERT INTO audit (seq, ts_us, actor_type, actor_id, actor_email, ip,"
	" user_agent, channel, action, target_type, target_id, target_name,"
	" outcome, details, lh) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	" ?10, ?11, ?12, ?13, ?14, ?15)";

static void
bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL || v[0] == '\0')
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* A text column of the row: "" and NULL are null. Text that is not valid
 * UTF-8 (a user agent, a name cut in the middle of a character) gets
 * U+FFFD for each bad byte, in *fixed (freed by the caller): the leaf is
 * canonical JSON, which must be UTF-8. */
static int
row_text(struct audit_text *t, const char *v, char **fixed)
{
	*fixed = NULL;
	if (v == NULL || v[0] == '\0') {
		t->p = NULL;
		t->n = 0;
		return 0;
	}
	t->p = v;
	t->n = strlen(v);
	if (jcs_utf8_valid(t->p, t->n))
		return 0;
	if ((*fixed = jcs_utf8_fix(t->p, t->n, &t->n)) == NULL)
		return -1;
	t->p = *fixed;
	return 0;
}

static void
bind_row_text(sqlite3_stmt *s, int i, const struct audit_text *t)
{
	if (t->p == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, t->p, (int)t->n, SQLITE_STATIC);
}

static void
bind_id_or_null(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

/* Append within the open transaction; see store_audit_append. */
static int
append_in_tx(struct store *st, struct audit_event *ev)
{
	struct audit_row row;
	struct merkle_hash lh;
	struct jcs_buf *details;
	sqlite3_stmt *s;
	char *fixed[6] = { NULL };
	size_t i;
	int rc = -1;

	memset(&row, 0, sizeof(row));
	if (ev->ts_us == 0)
		ev->ts_us = audit_now_us();
	if ((details = store_tree_details_buf(st)) == NULL)
		return -1;
	details->len = 0;
	if (ev->details != NULL ? jcs_value(details, ev->details) == -1 ||
	    !json_is_object(ev->details) : jcs_buf_str(details, "{}") == -1) {
		log_warnx("%s: %s: details are not a canonical JSON object",
		    __func__, ev->action);
		return -1;
	}
	row.ts_us = ev->ts_us;
	row.actor_id = ev->actor.id;
	row.actor_id_null = ev->actor.id == 0;
	row.target_id = ev->target_id;
	row.target_id_null = ev->target_id == 0;
	row.details.p = details->p;
	row.details.n = details->len;
	if (row_text(&row.actor_type, ev->actor.type, &fixed[0]) == -1 ||
	    row_text(&row.actor_email, ev->actor.email, &fixed[1]) == -1 ||
	    row_text(&row.ip, ev->actor.ip, &fixed[2]) == -1 ||
	    row_text(&row.user_agent, ev->actor.user_agent, &fixed[3]) == -1 ||
	    row_text(&row.target_name, ev->target_name, &fixed[4]) == -1 ||
	    row_text(&row.channel, ev->actor.channel, &fixed[5]) == -1)
		goto out;
	row.action.p = ev->action;
	row.action.n = strlen(ev->action);
	row.outcome.p = ev->outcome;
	row.outcome.n = strlen(ev->outcome);
	if (ev->target_type != NULL && ev->target_type[0] != '\0') {
		row.target_type.p = ev->target_type;
		row.target_type.n = strlen(ev->target_type);
	}
	if (store_tree_prepare(st, &row, &lh) == -1)
		goto out;
	if ((s = store_stmt(st, SQL_APPEND)) == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, row.seq);
	sqlite3_bind_int64(s, 2, row.ts_us);
	bind_row_text(s, 3, &row.actor_type);
	bind_id_or_null(s, 4, ev->actor.id);
	bind_row_text(s, 5, &row.actor_email);
	bind_row_text(s, 6, &row.ip);
	bind_row_text(s, 7, &row.user_agent);
	bind_row_text(s, 8, &row.channel);
	bind_row_text(s, 9, &row.action);
	bind_row_text(s, 10, &row.target_type);
	bind_id_or_null(s, 11, ev->target_id);
	bind_row_text(s, 12, &row.target_name);
	bind_row_text(s, 13, &row.outcome);
	sqlite3_bind_text(s, 14, row.details.p, (int)row.details.n,
	    SQLITE_STATIC);
	sqlite3_bind_blob(s, 15, lh.b, MERKLE_HASH_LEN, SQLITE_STATIC);
	if (store_exec_stmt(st, s, __func__) != 0 ||
	    store_tree_push(st, &lh) == -1)
		goto out;
	ev->seq = row.seq;
	rc = 0;
out:
	for (i = 0; i < nitems(fixed); i++)
		free(fixed[i]);
	return rc;
}

int
store_audit_append(struct store *st, struct audit_event *ev)
{
	int rc;

	if (st->in_tx)
		return append_in_tx(st, ev);
	/* The tree is written back at commit: give the append one. */
	if (store_begin(st) == -1)
		return -1;
	if ((rc = append_in_tx(st, ev)) == -1) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}

static const char SQL_LIST[] =
	"SELECT seq, ts_us, actor_type, actor_id, actor_email, ip, user_agent,"
	" channel, action, target_type, target_id, target_name, outcome,"
	" details FROM audit"
	" WHERE seq > ?1"
	"   AND (?2 = 0 OR actor_id = ?2)"
	"   AND (?3 IS NULL OR target_type = ?3)"
	"   AND (?4 = 0 OR target_id = ?4)"
	"   AND (?5 IS NULL OR action = ?5 OR (?6 IS NOT NULL AND"
	"        substr(action, 1, length(?6)) = ?6))"
	"   AND (?7 = 0 OR ts_us >= ?7)"
	"   AND (?8 = 0 OR ts_us < ?8)"
	"   AND (?10 = 0 OR seq <= ?10)"
	" ORDER BY seq LIMIT ?9";

static const char SQL_TS_AT[] = "SELECT ts_us FROM audit WHERE seq = ?1";
static const char SQL_SEQ_MAX[] = "SELECT COALESCE(MAX(seq), 0) FROM audit";

/* ts_us of row seq (rows are gapless from 1). Returns 0 or -1. */
static int
ts_at(struct store *st, int64_t seq, int64_t *ts)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_TS_AT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	rc = sqlite3_step(s);
	*ts = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_err(st, __func__);
}

/* The first seq in 1..max whose ts_us is >= t (max + 1 when none). */
static int
first_seq_at(struct store *st, int64_t max, int64_t t, int64_t *seq)
{
	int64_t lo = 1, hi = max + 1, mid, ts;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ts_at(st, mid, &ts) == -1)
			return -1;
		if (ts >= t)
			hi = mid;
		else
			lo = mid + 1;
	}
	*seq = lo;
	return 0;
}

/*
 * Turn since/until into seq bounds: rows get their time from the writer
 * as they get their seq, so time grows with seq (a clock stepped back
 * while serving could hide a few rows at a bound; the per-row time test
 * stays in the query). *upto 0 means no bound.
 */
static int
time_to_seq_bounds(struct store *st, const struct audit_filter *f,
    int64_t *after, int64_t *upto)
{
	sqlite3_stmt *s;
	int64_t max, seq;
	int rc;

	*after = f->after_seq;
	*upto = 0;
	if (f->since_us == 0 && f->until_us == 0)
		return 0;
	if ((s = store_stmt(st, SQL_SEQ_MAX)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	max = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_err(st, __func__);
	if (f->since_us != 0) {
		if (first_seq_at(st, max, f->since_us, &seq) == -1)
			return -1;
		if (seq - 1 > *after)
			*after = seq - 1;
	}
	if (f->until_us != 0) {
		if (first_seq_at(st, max, f->until_us, &seq) == -1)
			return -1;
		*upto = seq - 1 > 0 ? seq - 1 : -1;	/* -1: nothing */
	}
	return 0;
}

static json_t *
col_json_text(sqlite3_stmt *s, int col)
{
	const char *t = (const char *)sqlite3_column_text(s, col);

	return t != NULL ? json_string(t) : json_null();
}

static json_t *
col_json_id(sqlite3_stmt *s, int col)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return json_null();
	return json_integer(sqlite3_column_int64(s, col));
}

static json_t *
audit_row_json(sqlite3_stmt *s)
{
	const char *d = (const char *)sqlite3_column_text(s, 13);
	json_t *details = d ? json_loads(d, 0, NULL) : NULL;

	return json_pack("{s:I, s:I, s:{s:o, s:o, s:o, s:o, s:o, s:o},"
	    " s:o, s:{s:o, s:o, s:o}, s:o, s:o}",
	    "seq", (json_int_t)sqlite3_column_int64(s, 0),
	    "ts_us", (json_int_t)sqlite3_column_int64(s, 1),
	    "actor",
		"type", col_json_text(s, 2),
		"id", col_json_id(s, 3),
		"email", col_json_text(s, 4),
		"ip", col_json_text(s, 5),
		"user_agent", col_json_text(s, 6),
		"channel", col_json_text(s, 7),
	    "action", col_json_text(s, 8),
	    "target",
		"type", col_json_text(s, 9),
		"id", col_json_id(s, 10),
		"name", col_json_text(s, 11),
	    "outcome", col_json_text(s, 12),
	    "details", details ? details : json_object());
}

int
store_audit_list(struct store *st, const struct audit_filter *f,
    json_t **rows)
{
	sqlite3_stmt *s;
	json_t *arr, *row;
	size_t alen = f->action ? strlen(f->action) : 0;
	char prefix[128];
	int64_t after, upto;
	int rc;

	*rows = NULL;
	if (time_to_seq_bounds(st, f, &after, &upto) == -1 ||
	    (s = store_stmt(st, SQL_LIST)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 10, upto);
	sqlite3_bind_int64(s, 2, f->actor_id);
	bind_text_or_null(s, 3, f->target_type);
	sqlite3_bind_int64(s, 4, f->target_id);
	bind_text_or_null(s, 5, f->action);
	if (alen > 0 && alen < sizeof(prefix) && f->action[alen - 1] == '*') {
		memcpy(prefix, f->action, alen - 1);
		prefix[alen - 1] = '\0';
		sqlite3_bind_text(s, 6, prefix, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(s, 7, f->since_us);
	sqlite3_bind_int64(s, 8, f->until_us);
	sqlite3_bind_int(s, 9, f->limit);
	if ((arr = json_array()) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((row = audit_row_json(s)) == NULL ||
		    json_array_append_new(arr, row) == -1) {
			json_decref(arr);
			sqlite3_reset(s);
			return -1;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		return store_err(st, __func__);
	}
	*rows = arr;
	return 0;
}
