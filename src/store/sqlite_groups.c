/*
 * sqlite_groups.c -- groups and memberships in SQLite; see store/groups.h.
 */
#include <string.h>
#include <time.h>

#include "store/groups.h"
#include "store/store_int.h"

#define GROUP_COLS "g.id, g.name, g.created_at," \
	" (SELECT count(*) FROM group_members m WHERE m.group_id = g.id)"

static const char SQL_LIST[] =
	"SELECT " GROUP_COLS " FROM groups g ORDER BY g.name, g.id";
static const char SQL_GET[] =
	"SELECT " GROUP_COLS " FROM groups g WHERE g.id = ?1";
static const char SQL_BY_NAME[] =
	"SELECT " GROUP_COLS " FROM groups g WHERE g.name = ?1";
static const char SQL_INSERT[] =
	"INSERT INTO groups (name, created_at) VALUES (?1, ?2)";
static const char SQL_RENAME[] = "UPDATE groups SET name = ?2 WHERE id = ?1";
static const char SQL_DELETE[] = "DELETE FROM groups WHERE id = ?1";
static const char SQL_MEMBERS[] =
	"SELECT u.id, u.email FROM group_members m"
	" JOIN users u ON u.id = m.user_id WHERE m.group_id = ?1"
	" ORDER BY u.email, u.id";
static const char SQL_MEMBER_ADD[] =
	"INSERT OR IGNORE INTO group_members (group_id, user_id)"
	" VALUES (?1, ?2)";
static const char SQL_MEMBER_REMOVE[] =
	"DELETE FROM group_members WHERE group_id = ?1 AND user_id = ?2";

static void
group_from_row(sqlite3_stmt *s, struct group_row *g)
{
	memset(g, 0, sizeof(*g));
	g->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, g->name, sizeof(g->name));
	g->created_at = sqlite3_column_int64(s, 2);
	g->members = sqlite3_column_int64(s, 3);
}

int
store_group_list(struct store *st, store_group_cb cb, void *arg)
{
	struct group_row g;
	sqlite3_stmt *s;
	int rc, cbrc = 0;

	if ((s = store_stmt(st, SQL_LIST)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		group_from_row(s, &g);
		if ((cbrc = cb(arg, &g)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (cbrc != 0)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
}

static int
group_fetch(struct store *st, sqlite3_stmt *s, struct group_row *g,
    const char *func)
{
	int rc;

	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		group_from_row(s, g);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, func);
}

int
store_group_get(struct store *st, int64_t id, struct group_row *g)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return group_fetch(st, s, g, __func__);
}

int
store_group_by_name(struct store *st, const char *name, struct group_row *g)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_BY_NAME)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return group_fetch(st, s, g, __func__);
}

int
store_group_insert(struct store *st, const char *name, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_INSERT)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_group_rename(struct store *st, int64_t id, const char *name)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_RENAME)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return store_changes(st) == 0 ? STORE_NOTFOUND : 0;
}

int
store_group_delete(struct store *st, int64_t id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_DELETE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return store_changes(st) == 0 ? STORE_NOTFOUND : 0;
}

int
store_group_members(struct store *st, int64_t id, store_member_cb cb,
    void *arg)
{
	struct member_row m;
	sqlite3_stmt *s;
	int rc, cbrc = 0;

	if ((s = store_stmt(st, SQL_MEMBERS)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&m, 0, sizeof(m));
		m.user_id = sqlite3_column_int64(s, 0);
		store_col_text(s, 1, m.email, sizeof(m.email));
		if ((cbrc = cb(arg, &m)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (cbrc != 0)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
}

static int
member_change(struct store *st, const char *sql, int64_t group_id,
    int64_t user_id, int *changed, const char *func)
{
	sqlite3_stmt *s;
	int rc;

	*changed = 0;
	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	sqlite3_bind_int64(s, 2, user_id);
	if ((rc = store_exec_stmt(st, s, func)) != 0)
		return rc;
	*changed = store_changes(st) > 0;
	return 0;
}

int
store_group_member_add(struct store *st, int64_t group_id, int64_t user_id,
    int *changed)
{
	return member_change(st, SQL_MEMBER_ADD, group_id, user_id, changed,
	    __func__);
}

int
store_group_member_remove(struct store *st, int64_t group_id,
    int64_t user_id, int *changed)
{
	return member_change(st, SQL_MEMBER_REMOVE, group_id, user_id,
	    changed, __func__);
}
