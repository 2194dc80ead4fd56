/*
 * sqlite_grants.c -- grants in SQLite; see store/grants.h.
 *
 * Why here: the grants table's statements, and the name-to-id lookups a
 * grant list needs, in one place. Replacing a list is a DELETE and one
 * INSERT per row; it runs inside the writer's savepoint, so readers see
 * the old list or the new one, never a mix.
 */
#include <stdlib.h>
#include <string.h>

#include "store/grants.h"
#include "store/store_int.h"

static const char SQL_LIST[] =
	"SELECT 1, g.group_id, gr.name, g.level FROM grants g"
	" JOIN groups gr ON gr.id = g.group_id WHERE g.token_id = ?1"
	" UNION ALL"
	" SELECT 0, g.user_id, u.email, g.level FROM grants g"
	" JOIN users u ON u.id = g.user_id WHERE g.token_id = ?1"
	" ORDER BY 1 DESC, 3 COLLATE NOCASE, 2";
static const char SQL_COUNT[] =
	"SELECT count(*) FROM grants WHERE token_id = ?1";
static const char SQL_CLEAR[] =
	"DELETE FROM grants WHERE token_id = ?1";
static const char SQL_INSERT[] =
	"INSERT INTO grants (token_id, group_id, user_id, level)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_USER_SET[] =
	"INSERT INTO grants (token_id, user_id, level) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (token_id, user_id) WHERE user_id IS NOT NULL"
	" DO UPDATE SET level = excluded.level";
static const char SQL_GROUP_ID[] =
	"SELECT id FROM groups WHERE name = ?1";
static const char SQL_USER_ID[] =
	"SELECT id FROM users WHERE email = ?1";

static int
grant_count(struct store *st, const char *sql, int64_t id, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_err(st, __func__);
}

int
store_grant_rows_get(struct store *st, const char *sql_count,
    const char *sql_list, int64_t id, struct grant_list *out)
{
	sqlite3_stmt *s;
	size_t cap;
	int rc = SQLITE_DONE;

	out->v = NULL;
	out->n = 0;
	if (grant_count(st, sql_count, id, &cap) == -1)
		return -1;
	if (cap == 0)
		return 0;
	if ((out->v = calloc(cap, sizeof(*out->v))) == NULL)
		return -1;
	if ((s = store_stmt(st, sql_list)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while (out->n < cap && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct grant_row *g = &out->v[out->n++];

		g->is_group = sqlite3_column_int(s, 0);
		g->principal = sqlite3_column_int64(s, 1);
		store_col_text(s, 2, g->name, sizeof(g->name));
		g->level = sqlite3_column_int(s, 3);
	}
	sqlite3_reset(s);
	if (out->n < cap && rc != SQLITE_DONE) {
		store_err(st, __func__);
		goto fail;
	}
	return 0;
fail:
	store_grant_list_free(out);
	return -1;
}

int
store_grants_get(struct store *st, int64_t token_id, struct grant_list *out)
{
	return store_grant_rows_get(st, SQL_COUNT, SQL_LIST, token_id, out);
}

void
store_grant_list_free(struct grant_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
store_grant_rows_replace(struct store *st, const char *sql_clear,
    const char *sql_insert, int64_t id, const struct grant_row *v, size_t n)
{
	sqlite3_stmt *s;
	size_t i;
	int rc;

	if ((s = store_stmt(st, sql_clear)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		if ((s = store_stmt(st, sql_insert)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, v[i].is_group ? 2 : 3, v[i].principal);
		sqlite3_bind_int(s, 4, v[i].level);
		if ((rc = store_exec_stmt(st, s, __func__)) != 0)
			return rc;
	}
	return 0;
}

int
store_grants_replace(struct store *st, int64_t token_id,
    const struct grant_row *v, size_t n)
{
	return store_grant_rows_replace(st, SQL_CLEAR, SQL_INSERT, token_id,
	    v, n);
}

int
store_grant_user_set(struct store *st, int64_t token_id, int64_t user_id,
    int level)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_USER_SET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, token_id);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_int(s, 3, level);
	rc = store_exec_stmt(st, s, __func__);
	return rc == 0 ? 0 : -1;
}

static int
lookup_id(struct store *st, const char *sql, const char *name, int64_t *id,
    const char *func)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, func);
}

int
store_grant_group_id(struct store *st, const char *name, int64_t *id)
{
	return lookup_id(st, SQL_GROUP_ID, name, id, __func__);
}

int
store_grant_user_id(struct store *st, const char *email, int64_t *id)
{
	return lookup_id(st, SQL_USER_ID, email, id, __func__);
}
