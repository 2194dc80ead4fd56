/*
 * sqlite_audit.c -- audit rows in SQLite.
 */
#include <string.h>

#include <jansson.h>

#include "store/audit.h"
#include "store/store_int.h"
#include "util/jsonmem.h"

static const char SQL_APPEND[] =
	"INSERT INTO audit (ts_us, actor_type, actor_id, actor_email, ip,"
	" user_agent, channel, action, target_type, target_id, target_name,"
	" outcome, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	" ?11, ?12, ?13)";

static void
bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL || v[0] == '\0')
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void
bind_id_or_null(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

int
store_audit_append(struct store *st, struct audit_event *ev)
{
	sqlite3_stmt *s;
	char *details = NULL;
	int rc;

	if ((s = store_stmt(st, SQL_APPEND)) == NULL)
		return -1;
	if (ev->ts_us == 0)
		ev->ts_us = audit_now_us();
	if (ev->details != NULL &&
	    (details = json_dumps(ev->details, JSON_COMPACT | JSON_SORT_KEYS)) ==
	    NULL)
		return -1;
	sqlite3_bind_int64(s, 1, ev->ts_us);
	sqlite3_bind_text(s, 2, ev->actor.type, -1, SQLITE_STATIC);
	bind_id_or_null(s, 3, ev->actor.id);
	bind_text_or_null(s, 4, ev->actor.email);
	bind_text_or_null(s, 5, ev->actor.ip);
	bind_text_or_null(s, 6, ev->actor.user_agent);
	sqlite3_bind_text(s, 7, ev->actor.channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, ev->action, -1, SQLITE_STATIC);
	bind_text_or_null(s, 9, ev->target_type);
	bind_id_or_null(s, 10, ev->target_id);
	bind_text_or_null(s, 11, ev->target_name);
	sqlite3_bind_text(s, 12, ev->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, details ? details : "{}", -1, SQLITE_STATIC);
	rc = store_exec_stmt(st, s, __func__);
	jsonmem_free_string(details);
	if (rc != 0)
		return -1;
	ev->seq = sqlite3_last_insert_rowid(st->db);
	return 0;
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
	" ORDER BY seq LIMIT ?9";

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
	int rc;

	*rows = NULL;
	if ((s = store_stmt(st, SQL_LIST)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, f->after_seq);
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
