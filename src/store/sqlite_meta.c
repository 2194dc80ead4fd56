/*
 * sqlite_meta.c -- the meta and settings tables.
 */
#include "store/meta.h"
#include "store/store_int.h"

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?1";
static const char SQL_META_PUT[] =
	"INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)";
static const char SQL_SETTING_GET[] =
	"SELECT value FROM settings WHERE key = ?1";
static const char SQL_SETTING_PUT[] =
	"INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)";

int
store_meta_get(struct store *st, const char *key, unsigned char **val,
    size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_META_GET)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		rc = store_col_blob(s, 0, val, n);
	else
		rc = rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

int
store_meta_put(struct store *st, const char *key, const unsigned char *val,
    size_t n)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_META_PUT)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, val, (int)n, SQLITE_STATIC);
	return store_exec_stmt(st, s, __func__);
}

int
store_setting_get(struct store *st, const char *key, char *out, size_t cap)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_SETTING_GET)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_col_text(s, 0, out, cap);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

int
store_setting_put(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_SETTING_PUT)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return store_exec_stmt(st, s, __func__);
}
