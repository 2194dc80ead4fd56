/*
 * sqlite_users.c -- users in SQLite; see store/users.h.
 *
 * The password hash is selected only by the single-user lookups (login
 * needs it); the list leaves it out, so a listing never carries one.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_int.h"
#include "store/users.h"

#define USER_COLS "id, email, pwhash, is_admin, disabled, " \
	"totp_sealed IS NOT NULL, totp_last_step, created_at, updated_at, " \
	"totp_pending_sealed IS NOT NULL"

static const char SQL_BY_EMAIL[] =
	"SELECT " USER_COLS " FROM users WHERE email = ?1";
static const char SQL_BY_ID[] =
	"SELECT " USER_COLS " FROM users WHERE id = ?1";
static const char SQL_LIST[] =
	"SELECT id, email, '', is_admin, disabled, totp_sealed IS NOT NULL,"
	" totp_last_step, created_at, updated_at,"
	" totp_pending_sealed IS NOT NULL FROM users ORDER BY id";
static const char SQL_GROUPS[] =
	"SELECT g.name FROM group_members m JOIN groups g ON g.id = m.group_id"
	" WHERE m.user_id = ?1 ORDER BY g.name";
static const char SQL_INSERT[] =
	"INSERT INTO users (email, pwhash, is_admin, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?4)";
static const char SQL_COUNT[] = "SELECT count(*) FROM users";
static const char SQL_ACTIVE_ADMINS[] =
	"SELECT count(*) FROM users WHERE is_admin = 1 AND disabled = 0";
static const char SQL_SET_FLAGS[] =
	"UPDATE users SET is_admin = ?2, disabled = ?3, updated_at = ?4"
	" WHERE id = ?1";
static const char SQL_SET_PWHASH[] =
	"UPDATE users SET pwhash = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_DELETE[] = "DELETE FROM users WHERE id = ?1";
static const char SQL_TOTP_GET[] =
	"SELECT totp_sealed FROM users WHERE id = ?1";
static const char SQL_TOTP_PENDING_GET[] =
	"SELECT totp_pending_sealed FROM users WHERE id = ?1";
static const char SQL_TOTP_SET[] =
	"UPDATE users SET totp_sealed = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_TOTP_PENDING_SET[] =
	"UPDATE users SET totp_pending_sealed = ?2, updated_at = ?3"
	" WHERE id = ?1";
static const char SQL_TOTP_PENDING_INIT[] =
	"UPDATE users SET totp_pending_sealed = ?2, updated_at = ?3"
	" WHERE id = ?1 AND totp_pending_sealed IS NULL";
static const char SQL_TOTP_ENROLL[] =
	"UPDATE users SET totp_sealed = ?2, totp_pending_sealed = NULL,"
	" totp_last_step = ?3, updated_at = ?4 WHERE id = ?1";
static const char SQL_TOTP_RESET[] =
	"UPDATE users SET totp_sealed = NULL, totp_pending_sealed = NULL,"
	" totp_last_step = 0, updated_at = ?2 WHERE id = ?1";
static const char SQL_TOTP_STEP[] =
	"UPDATE users SET totp_last_step = ?2 WHERE id = ?1";
static const char SQL_EXISTS[] = "SELECT 1 FROM users WHERE id = ?1";

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
	u->has_totp_pending = sqlite3_column_int(s, 9);
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
store_user_list(struct store *st, store_user_cb cb, void *arg)
{
	struct user_row u;
	sqlite3_stmt *s;
	int rc, cbrc = 0;

	if ((s = store_stmt(st, SQL_LIST)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		user_from_row(s, &u);
		if ((cbrc = cb(arg, &u)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (cbrc != 0)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
}

int
store_user_groups(struct store *st, int64_t id, store_name_cb cb, void *arg)
{
	sqlite3_stmt *s;
	int rc, cbrc = 0;

	if ((s = store_stmt(st, SQL_GROUPS)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((cbrc = cb(arg, (const char *)sqlite3_column_text(s,
		    0))) != 0)
			break;
	}
	sqlite3_reset(s);
	if (cbrc != 0)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
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

static int
count(struct store *st, const char *sql, int64_t *n, const char *func)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_err(st, func);
}

int
store_user_count(struct store *st, int64_t *n)
{
	return count(st, SQL_COUNT, n, __func__);
}

int
store_user_active_admins(struct store *st, int64_t *n)
{
	return count(st, SQL_ACTIVE_ADMINS, n, __func__);
}

/* Run an UPDATE or DELETE of one row by id: STORE_NOTFOUND when no row
 * changed. */
static int
exec_one(struct store *st, sqlite3_stmt *s, const char *func)
{
	int rc;

	if ((rc = store_exec_stmt(st, s, func)) != 0)
		return rc;
	return store_changes(st) == 0 ? STORE_NOTFOUND : 0;
}

int
store_user_set_flags(struct store *st, int64_t id, int is_admin,
    int disabled)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_SET_FLAGS)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, is_admin ? 1 : 0);
	sqlite3_bind_int(s, 3, disabled ? 1 : 0);
	sqlite3_bind_int64(s, 4, (int64_t)time(NULL));
	return exec_one(st, s, __func__);
}

int
store_user_set_pwhash(struct store *st, int64_t id, const char *pwhash)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_SET_PWHASH)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)time(NULL));
	return exec_one(st, s, __func__);
}

int
store_user_delete(struct store *st, int64_t id)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_DELETE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return exec_one(st, s, __func__);
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
	else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

int
store_user_totp_set(struct store *st, int64_t id, const char *column,
    const unsigned char *sealed, size_t n)
{
	sqlite3_stmt *s;

	s = store_stmt(st, strcmp(column, "totp") == 0 ? SQL_TOTP_SET :
	    SQL_TOTP_PENDING_SET);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (sealed != NULL)
		sqlite3_bind_blob(s, 2, sealed, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)time(NULL));
	return exec_one(st, s, __func__);
}

static int
user_exists(struct store *st, int64_t id, const char *func)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_EXISTS)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, func);
}

int
store_user_totp_pending_init(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n, int *stored)
{
	sqlite3_stmt *s;
	int rc;

	*stored = 0;
	if ((rc = user_exists(st, id, __func__)) != 0)
		return rc;
	if ((s = store_stmt(st, SQL_TOTP_PENDING_INIT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, sealed, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	*stored = store_changes(st) == 1;
	return 0;
}

int
store_user_totp_enroll(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n, int64_t step)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_TOTP_ENROLL)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, sealed, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, step);
	sqlite3_bind_int64(s, 4, (int64_t)time(NULL));
	return exec_one(st, s, __func__);
}

int
store_user_totp_reset(struct store *st, int64_t id)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_TOTP_RESET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (int64_t)time(NULL));
	return exec_one(st, s, __func__);
}

int
store_user_totp_step(struct store *st, int64_t id, int64_t step)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_TOTP_STEP)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, step);
	return exec_one(st, s, __func__);
}
