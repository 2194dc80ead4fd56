/*
 * sqlite_sessions.c -- sessions and API tokens in SQLite.
 */
#include <string.h>
#include <time.h>

#include "store/sessions.h"
#include "store/store_int.h"

static const char SQL_SESSION_LOOKUP[] =
	"SELECT u.id, u.email, u.is_admin, u.disabled, s.id, s.expires_at,"
	" s.last_seen, s.csrf_hash"
	" FROM sessions s JOIN users u ON u.id = s.user_id"
	" WHERE s.token_hash = ?1";
static const char SQL_APITOKEN_LOOKUP[] =
	"SELECT u.id, u.email, u.is_admin, u.disabled, t.id,"
	" coalesce(t.expires_at, 0), coalesce(t.revoked_at, 0),"
	" coalesce(t.last_used_at, 0), t.scopes"
	" FROM api_tokens t JOIN users u ON u.id = t.user_id"
	" WHERE t.token_hash = ?1";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (user_id, token_hash, csrf_hash, created_at,"
	" last_seen, expires_at, ip, user_agent)"
	" VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE id = ?1";
static const char SQL_SESSION_DELETE_USER[] =
	"DELETE FROM sessions WHERE user_id = ?1";
static const char SQL_SESSION_TOUCH[] =
	"UPDATE sessions SET last_seen = ?2 WHERE id = ?1";
static const char SQL_APITOKEN_INSERT[] =
	"INSERT INTO api_tokens (user_id, name, token_hash, scopes,"
	" created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_APITOKEN_TOUCH[] =
	"UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1";

static int
lookup(struct store *st, const char *sql,
    const unsigned char hash[SECRET_HASH_LEN], struct credential *c,
    int is_session)
{
	sqlite3_stmt *s;
	const void *b;
	int rc;

	memset(c, 0, sizeof(*c));
	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, hash, SECRET_HASH_LEN, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_NOTFOUND :
		    store_err(st, __func__);
	}
	c->user_id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, c->email, sizeof(c->email));
	c->is_admin = sqlite3_column_int(s, 2);
	c->disabled = sqlite3_column_int(s, 3);
	if (is_session) {
		c->session_id = sqlite3_column_int64(s, 4);
		c->expires_at = sqlite3_column_int64(s, 5);
		c->last_seen = sqlite3_column_int64(s, 6);
		b = sqlite3_column_blob(s, 7);
		if (b != NULL && sqlite3_column_bytes(s, 7) == SECRET_HASH_LEN)
			memcpy(c->csrf_hash, b, SECRET_HASH_LEN);
	} else {
		c->apitoken_id = sqlite3_column_int64(s, 4);
		c->expires_at = sqlite3_column_int64(s, 5);
		c->revoked_at = sqlite3_column_int64(s, 6);
		c->last_seen = sqlite3_column_int64(s, 7);
		store_col_text(s, 8, c->scopes, sizeof(c->scopes));
	}
	sqlite3_reset(s);
	return 0;
}

int
store_session_lookup(struct store *st,
    const unsigned char hash[SECRET_HASH_LEN], struct credential *c)
{
	return lookup(st, SQL_SESSION_LOOKUP, hash, c, 1);
}

int
store_apitoken_lookup(struct store *st,
    const unsigned char hash[SECRET_HASH_LEN], struct credential *c)
{
	return lookup(st, SQL_APITOKEN_LOOKUP, hash, c, 0);
}

int
store_session_insert(struct store *st, int64_t user_id,
    const unsigned char token_hash[SECRET_HASH_LEN],
    const unsigned char csrf_hash[SECRET_HASH_LEN], int64_t expires_at,
    const char *ip, const char *user_agent, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_SESSION_INSERT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_blob(s, 2, token_hash, SECRET_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, csrf_hash, SECRET_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (int64_t)time(NULL));
	sqlite3_bind_int64(s, 5, expires_at);
	sqlite3_bind_text(s, 6, ip, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, user_agent, -1, SQLITE_STATIC);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
exec_id(struct store *st, const char *sql, int64_t id, const char *func)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_exec_stmt(st, s, func);
}

int
store_session_delete(struct store *st, int64_t id)
{
	return exec_id(st, SQL_SESSION_DELETE, id, __func__);
}

int
store_session_delete_user(struct store *st, int64_t user_id)
{
	return exec_id(st, SQL_SESSION_DELETE_USER, user_id, __func__);
}

static int
exec_id_time(struct store *st, const char *sql, int64_t id, int64_t now,
    const char *func)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	return store_exec_stmt(st, s, func);
}

int
store_session_touch(struct store *st, int64_t id, int64_t now)
{
	return exec_id_time(st, SQL_SESSION_TOUCH, id, now, __func__);
}

int
store_apitoken_insert(struct store *st, int64_t user_id, const char *name,
    const unsigned char hash[SECRET_HASH_LEN], const char *scopes,
    int64_t expires_at, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_APITOKEN_INSERT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, hash, SECRET_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, scopes, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, (int64_t)time(NULL));
	if (expires_at > 0)
		sqlite3_bind_int64(s, 6, expires_at);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_apitoken_touch(struct store *st, int64_t id, int64_t now)
{
	return exec_id_time(st, SQL_APITOKEN_TOUCH, id, now, __func__);
}

static const char SQL_SESSION_DELETE_EXCEPT[] =
	"DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2";
#define APITOKEN_COLS "t.id, t.user_id, u.email, t.name, t.scopes," \
	" t.created_at, coalesce(t.expires_at, 0), coalesce(t.revoked_at, 0)," \
	" coalesce(t.last_used_at, 0)"
static const char SQL_APITOKEN_LIST[] =
	"SELECT " APITOKEN_COLS " FROM api_tokens t"
	" JOIN users u ON u.id = t.user_id"
	" WHERE ?1 = 0 OR t.user_id = ?1 ORDER BY t.id";
static const char SQL_APITOKEN_GET[] =
	"SELECT " APITOKEN_COLS " FROM api_tokens t"
	" JOIN users u ON u.id = t.user_id WHERE t.id = ?1";
static const char SQL_APITOKEN_REVOKE[] =
	"UPDATE api_tokens SET revoked_at = ?2"
	" WHERE id = ?1 AND revoked_at IS NULL";

int
store_session_delete_user_except(struct store *st, int64_t user_id,
    int64_t keep_id)
{
	return exec_id_time(st, SQL_SESSION_DELETE_EXCEPT, user_id, keep_id,
	    __func__);
}

static void
apitoken_from_row(sqlite3_stmt *s, struct apitoken_row *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(s, 0);
	t->user_id = sqlite3_column_int64(s, 1);
	store_col_text(s, 2, t->user_email, sizeof(t->user_email));
	store_col_text(s, 3, t->name, sizeof(t->name));
	store_col_text(s, 4, t->scopes, sizeof(t->scopes));
	t->created_at = sqlite3_column_int64(s, 5);
	t->expires_at = sqlite3_column_int64(s, 6);
	t->revoked_at = sqlite3_column_int64(s, 7);
	t->last_used_at = sqlite3_column_int64(s, 8);
}

int
store_apitoken_list(struct store *st, int64_t user_id, store_apitoken_cb cb,
    void *arg)
{
	struct apitoken_row t;
	sqlite3_stmt *s;
	int rc, cbrc = 0;

	if ((s = store_stmt(st, SQL_APITOKEN_LIST)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		apitoken_from_row(s, &t);
		if ((cbrc = cb(arg, &t)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (cbrc != 0)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
}

int
store_apitoken_get(struct store *st, int64_t id, struct apitoken_row *t)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_APITOKEN_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		apitoken_from_row(s, t);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, __func__);
}

int
store_apitoken_revoke(struct store *st, int64_t id, int64_t now)
{
	return exec_id_time(st, SQL_APITOKEN_REVOKE, id, now, __func__);
}

static const char SQL_SESSION_LIVE[] =
	"SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id"
	" WHERE s.id = ?1 AND s.expires_at > ?2 AND u.disabled = 0";
static const char SQL_APITOKEN_LIVE[] =
	"SELECT 1 FROM api_tokens t JOIN users u ON u.id = t.user_id"
	" WHERE t.id = ?1 AND t.revoked_at IS NULL"
	" AND (t.expires_at IS NULL OR t.expires_at > ?2) AND u.disabled = 0";

int
store_credential_live(struct store *st, int64_t session_id,
    int64_t apitoken_id, int64_t now)
{
	sqlite3_stmt *s;
	int rc;

	s = store_stmt(st, session_id != 0 ? SQL_SESSION_LIVE :
	    SQL_APITOKEN_LIVE);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, session_id != 0 ? session_id : apitoken_id);
	sqlite3_bind_int64(s, 2, now);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, __func__);
}
