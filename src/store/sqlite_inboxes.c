/*
 * sqlite_inboxes.c -- inboxes and their grants in SQLite; see
 * store/inboxes.h.
 *
 * Why here: every statement on the inboxes and inbox_grants tables. The
 * secret only ever passes through as sealed bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/inboxes.h"
#include "store/store_int.h"

#define INBOX_COLS \
	"i.id AS id, i.name, i.number, i.provider, u.email, i.created_at," \
	" i.updated_at," \
	" (SELECT max(g.level) FROM inbox_grants g" \
	"   WHERE g.inbox_id = i.id AND g.user_id = ?2) AS ul," \
	" (SELECT max(g.level) FROM inbox_grants g JOIN group_members m" \
	"   ON m.group_id = g.group_id" \
	"   WHERE g.inbox_id = i.id AND m.user_id = ?2) AS gl" \
	" FROM inboxes i LEFT JOIN users u ON u.id = i.created_by"

static const char SQL_GET[] =
	"SELECT " INBOX_COLS " WHERE i.id = ?1";
static const char SQL_LIST[] =
	"SELECT * FROM (SELECT " INBOX_COLS ")"
	" WHERE ?3 OR ul IS NOT NULL OR gl IS NOT NULL ORDER BY id";
static const char SQL_INSERT[] =
	"INSERT INTO inboxes (name, number, provider, secret_sealed,"
	" created_by, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, x'', ?4, ?5, ?5)";
static const char SQL_UPDATE[] =
	"UPDATE inboxes SET name = coalesce(?2, name),"
	" number = coalesce(?3, number), provider = coalesce(?4, provider),"
	" updated_at = ?5 WHERE id = ?1";
static const char SQL_SECRET_GET[] =
	"SELECT secret_sealed FROM inboxes WHERE id = ?1";
static const char SQL_SECRET_SET[] =
	"UPDATE inboxes SET secret_sealed = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_DELETE[] =
	"DELETE FROM inboxes WHERE id = ?1";
static const char SQL_GRANTS[] =
	"SELECT 1, g.group_id, gr.name, g.level FROM inbox_grants g"
	" JOIN groups gr ON gr.id = g.group_id WHERE g.inbox_id = ?1"
	" UNION ALL"
	" SELECT 0, g.user_id, u.email, g.level FROM inbox_grants g"
	" JOIN users u ON u.id = g.user_id WHERE g.inbox_id = ?1"
	" ORDER BY 1 DESC, 3 COLLATE NOCASE, 2";
static const char SQL_GRANT_COUNT[] =
	"SELECT count(*) FROM inbox_grants WHERE inbox_id = ?1";
static const char SQL_GRANTS_CLEAR[] =
	"DELETE FROM inbox_grants WHERE inbox_id = ?1";
static const char SQL_GRANT_INSERT[] =
	"INSERT INTO inbox_grants (inbox_id, group_id, user_id, level)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_READERS[] =
	"SELECT u.id FROM users u WHERE u.disabled = 0 AND u.id IN ("
	"   SELECT user_id FROM inbox_grants"
	"    WHERE inbox_id = ?1 AND user_id IS NOT NULL"
	"   UNION"
	"   SELECT m.user_id FROM inbox_grants g JOIN group_members m"
	"    ON m.group_id = g.group_id WHERE g.inbox_id = ?1)"
	" ORDER BY u.id";

static void
inbox_from_row(sqlite3_stmt *s, struct inbox_row *in)
{
	memset(in, 0, sizeof(*in));
	in->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, in->name, sizeof(in->name));
	store_col_text(s, 2, in->number, sizeof(in->number));
	store_col_text(s, 3, in->provider, sizeof(in->provider));
	store_col_text(s, 4, in->created_by, sizeof(in->created_by));
	in->created_at = sqlite3_column_int64(s, 5);
	in->updated_at = sqlite3_column_int64(s, 6);
	in->user_level = sqlite3_column_int(s, 7);
	in->group_level = sqlite3_column_int(s, 8);
}

int
store_inbox_get(struct store *st, int64_t id, int64_t user_id,
    struct inbox_row *in)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, user_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		inbox_from_row(s, in);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, __func__);
}

int
store_inbox_list(struct store *st, int64_t user_id, int all,
    int (*cb)(void *arg, const struct inbox_row *in), void *arg)
{
	struct inbox_row in;
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_LIST)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_int(s, 3, all != 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		inbox_from_row(s, &in);
		if (cb(arg, &in) == -1) {
			sqlite3_reset(s);
			return -1;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
}

int
store_inbox_insert(struct store *st, const char *name, const char *number,
    const char *provider, int64_t created_by, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_INSERT)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, provider, -1, SQLITE_STATIC);
	if (created_by != 0)
		sqlite3_bind_int64(s, 4, created_by);
	sqlite3_bind_int64(s, 5, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_inbox_update(struct store *st, int64_t id, const char *name,
    const char *number, const char *provider)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_UPDATE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (name != NULL)
		sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	if (number != NULL)
		sqlite3_bind_text(s, 3, number, -1, SQLITE_STATIC);
	if (provider != NULL)
		sqlite3_bind_text(s, 4, provider, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return sqlite3_changes(st->db) == 1 ? 0 : STORE_NOTFOUND;
}

int
store_inbox_secret_get(struct store *st, int64_t id, unsigned char **out,
    size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = store_stmt(st, SQL_SECRET_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		rc = store_col_blob(s, 0, out, n) == 0 ? 0 : -1;
	else
		rc = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

int
store_inbox_secret_set(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_SECRET_SET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, sealed, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return sqlite3_changes(st->db) == 1 ? 0 : STORE_NOTFOUND;
}

int
store_inbox_delete(struct store *st, int64_t id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_DELETE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return sqlite3_changes(st->db) == 1 ? 0 : STORE_NOTFOUND;
}

int
store_inbox_grants_get(struct store *st, int64_t id, struct grant_list *out)
{
	return store_grant_rows_get(st, SQL_GRANT_COUNT, SQL_GRANTS, id, out);
}

int
store_inbox_grants_replace(struct store *st, int64_t id,
    const struct grant_row *v, size_t n)
{
	return store_grant_rows_replace(st, SQL_GRANTS_CLEAR, SQL_GRANT_INSERT,
	    id, v, n);
}

int
store_inbox_readers(struct store *st, int64_t id,
    int (*cb)(void *arg, int64_t user_id), void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_READERS)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (cb(arg, sqlite3_column_int64(s, 0)) == -1) {
			sqlite3_reset(s);
			return -1;
		}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
}
