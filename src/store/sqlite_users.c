/*
 * sqlite_users.c -- users in SQLite.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_int.h"
#include "store/users.h"

#define USER_COLS "id, email, pwhash, is_admin, disabled, " \
	"totp_sealed IS NOT NULL, totp_last_step, created_at, updated_at"

static const char SQL_BY_EMAIL[] =
	"SELECT " USER_COLS " FROM users WHERE email = ?1";
static const char SQL_BY_ID[] =
	"SELECT " USER_COLS " FROM users WHERE id = ?1";
static const char SQL_INSERT[] =
	"INSERT INTO users (email, pwhash, is_admin, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?4)";
static const char SQL_COUNT[] = "SELECT count(*) FROM users";
static const char SQL_TOTP_GET[] =
	"SELECT totp_sealed FROM users WHERE id = ?1";
static const char SQL_TOTP_PENDING_GET[] =
	"SELECT totp_pending_sealed FROM users WHERE id = ?1";
static const char SQL_TOTP_SET[] =
	"UPDATE users SET totp_sealed = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_TOTP_PENDING_SET[] =
	"UPDATE users SET totp_pending_sealed = ?2, updated_at = ?3"
	" WHERE id = ?1";
static const char SQL_TOTP_STEP[] =
	"UPDATE users SET totp_last_step = ?2 WHERE id = ?1";

static void
user_from_row(sqlite3_stmt *s, struct user_row *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, u->email, sizeof(u->email));
	store_col_text(s, 2, u->pwhash, sizeof(u->pwhash));
	u->is_admin = sqlite3_column_int(s, 3);
	u->disabled = sqlite3_column_int(s, 4);
	u->has_totp = sqlite3_column_int(s, 5);
	u->totp_last_step = sqlite3_column_int64(s, 6);
	u->created_at = sqlite3_column_int64(s, 7);
	u->updated_at = sqlite3_column_int64(s, 8);
}

static int
user_fetch(struct store *st, sqlite3_stmt *s, struct user_row *u,
    const char *func)
{
	int rc;

	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		user_from_row(s, u);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, func);
}

int
store_user_by_email(struct store *st, const char *email, struct user_row *u)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_BY_EMAIL)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, email, -1, SQLITE_STATIC);
	return user_fetch(st, s, u, __func__);
}

int
store_user_by_id(struct store *st, int64_t id, struct user_row *u)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_BY_ID)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return user_fetch(st, s, u, __func__);
}

int
store_user_insert(struct store *st, const char *email, const char *pwhash,
    int is_admin, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_INSERT)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, email, -1, SQLITE_STATIC);
	if (pwhash != NULL)
		sqlite3_bind_text(s, 2, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, is_admin ? 1 : 0);
	sqlite3_bind_int64(s, 4, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_user_count(struct store *st, int64_t *n)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_COUNT)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_err(st, __func__);
}

int
store_user_totp_get(struct store *st, int64_t id, const char *column,
    unsigned char **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	s = store_stmt(st, strcmp(column, "totp") == 0 ? SQL_TOTP_GET :
	    SQL_TOTP_PENDING_GET);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		rc = store_col_blob(s, 0, out, n);
	else
		rc = rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

int
store_user_totp_set(struct store *st, int64_t id, const char *column,
    const unsigned char *sealed, size_t n)
{
	sqlite3_stmt *s;
	int rc;

	s = store_stmt(st, strcmp(column, "totp") == 0 ? SQL_TOTP_SET :
	    SQL_TOTP_PENDING_SET);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (sealed != NULL)
		sqlite3_bind_blob(s, 2, sealed, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return store_changes(st) == 0 ? STORE_NOTFOUND : 0;
}

int
store_user_totp_step(struct store *st, int64_t id, int64_t step)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_TOTP_STEP)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, step);
	return store_exec_stmt(st, s, __func__);
}
