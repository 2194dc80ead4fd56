/*
 * sqlite_throttle.c -- the login_throttle table; see store/throttle.h.
 */
#include <string.h>

#include "store/store_int.h"
#include "store/throttle.h"

static const char SQL_GET[] =
	"SELECT failures, window_start, locked_until FROM login_throttle"
	" WHERE key = ?1";
static const char SQL_PUT[] =
	"INSERT OR REPLACE INTO login_throttle (key, failures, window_start,"
	" locked_until) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_DELETE[] = "DELETE FROM login_throttle WHERE key = ?1";
static const char SQL_PRUNE[] =
	"DELETE FROM login_throttle WHERE window_start < ?1"
	" AND locked_until < ?1";

int
store_throttle_get(struct store *st, const char *key, struct throttle_row *t)
{
	sqlite3_stmt *s;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((s = store_stmt(st, SQL_GET)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		t->failures = sqlite3_column_int64(s, 0);
		t->window_start = sqlite3_column_int64(s, 1);
		t->locked_until = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, __func__);
}

int
store_throttle_put(struct store *st, const char *key,
    const struct throttle_row *t)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_PUT)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, t->failures);
	sqlite3_bind_int64(s, 3, t->window_start);
	sqlite3_bind_int64(s, 4, t->locked_until);
	return store_exec_stmt(st, s, __func__) == 0 ? 0 : -1;
}

int
store_throttle_delete(struct store *st, const char *key)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_DELETE)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return store_exec_stmt(st, s, __func__) == 0 ? 0 : -1;
}

int
store_throttle_prune(struct store *st, int64_t before)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_PRUNE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, before);
	return store_exec_stmt(st, s, __func__) == 0 ? 0 : -1;
}
