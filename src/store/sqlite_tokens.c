/*
 * sqlite_tokens.c -- tokens in SQLite; see store/tokens.h.
 *
 * Why here: every statement on the tokens table, so the only SQL that
 * touches seeds is in one file, and it only moves sealed bytes.
 * LEVELS: store_token_get() and store_token_list() return the asking
 *     user's own grant and the best grant of their groups side by side;
 *     acl/acl.c alone combines them into a level.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_int.h"
#include "store/tokens.h"

#define TOKEN_COLS \
	"t.id AS id, t.issuer, t.account, t.kind, t.algorithm, t.digits," \
	" t.period, t.counter, t.notes, t.recovery_sealed IS NOT NULL," \
	" t.pending_sealed IS NOT NULL, u.email, t.created_at, t.updated_at," \
	" (SELECT max(g.level) FROM grants g" \
	"   WHERE g.token_id = t.id AND g.user_id = ?2) AS ul," \
	" (SELECT max(g.level) FROM grants g JOIN group_members m" \
	"   ON m.group_id = g.group_id" \
	"   WHERE g.token_id = t.id AND m.user_id = ?2) AS gl" \
	" FROM tokens t LEFT JOIN users u ON u.id = t.created_by"

static const char SQL_GET[] =
	"SELECT " TOKEN_COLS " WHERE t.id = ?1";
static const char SQL_LIST[] =
	"SELECT * FROM (SELECT " TOKEN_COLS ")"
	" WHERE ?3 OR ul IS NOT NULL OR gl IS NOT NULL ORDER BY id";
static const char SQL_INSERT[] =
	"INSERT INTO tokens (issuer, account, kind, algorithm, digits, period,"
	" counter, notes, seed_sealed, created_by, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, x'', ?9, ?10, ?10)";
static const char SQL_SEED_GET[] =
	"SELECT seed_sealed FROM tokens WHERE id = ?1";
static const char SQL_RECOVERY_GET[] =
	"SELECT recovery_sealed FROM tokens WHERE id = ?1";
static const char SQL_PENDING_GET[] =
	"SELECT pending_sealed FROM tokens WHERE id = ?1";
static const char SQL_SEED_SET[] =
	"UPDATE tokens SET seed_sealed = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_RECOVERY_SET[] =
	"UPDATE tokens SET recovery_sealed = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_PENDING_SET[] =
	"UPDATE tokens SET pending_sealed = ?2,"
	" pending_at = CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END,"
	" updated_at = ?3 WHERE id = ?1";
static const char SQL_UPDATE[] =
	"UPDATE tokens SET issuer = coalesce(?2, issuer),"
	" account = coalesce(?3, account), notes = coalesce(?4, notes),"
	" updated_at = ?5 WHERE id = ?1";
static const char SQL_DELETE[] =
	"DELETE FROM tokens WHERE id = ?1";
static const char SQL_COUNTER_TAKE[] =
	"UPDATE tokens SET counter = counter + 1"
	" WHERE id = ?1 AND kind = 'hotp' AND counter < 9223372036854775807"
	" RETURNING counter - 1";
static const char SQL_RESEED[] =
	"UPDATE tokens SET kind = ?2, algorithm = ?3, digits = ?4, period = ?5,"
	" counter = ?6, seed_sealed = ?7, pending_sealed = NULL,"
	" pending_at = NULL, updated_at = ?8"
	" WHERE id = ?1 AND (?9 IS NULL OR pending_sealed = ?9)";
static const char SQL_EXISTS[] =
	"SELECT 1 FROM tokens WHERE id = ?1";
static const char SQL_PENDING_CLEAR[] =
	"UPDATE tokens SET pending_sealed = NULL, pending_at = NULL,"
	" updated_at = ?2 WHERE id = ?1 AND pending_sealed IS NOT NULL";

static void
token_from_row(sqlite3_stmt *s, struct token_row *t)
{
	const char *kind = (const char *)sqlite3_column_text(s, 3);
	const char *algo = (const char *)sqlite3_column_text(s, 4);

	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, t->issuer, sizeof(t->issuer));
	store_col_text(s, 2, t->account, sizeof(t->account));
	/* The schema's CHECK constraints allow only names these parse. */
	if (kind == NULL || otp_kind_parse(kind, strlen(kind), &t->kind) == -1)
		t->kind = OTP_TOTP;
	if (algo == NULL || otp_algo_parse(algo, strlen(algo), &t->algo) == -1)
		t->algo = OTP_SHA1;
	t->digits = (unsigned)sqlite3_column_int(s, 5);
	t->period = (uint32_t)sqlite3_column_int64(s, 6);
	t->counter = (uint64_t)sqlite3_column_int64(s, 7);
	store_col_text(s, 8, t->notes, sizeof(t->notes));
	t->has_recovery = sqlite3_column_int(s, 9);
	t->rotation_pending = sqlite3_column_int(s, 10);
	store_col_text(s, 11, t->created_by, sizeof(t->created_by));
	t->created_at = sqlite3_column_int64(s, 12);
	t->updated_at = sqlite3_column_int64(s, 13);
	t->user_level = sqlite3_column_int(s, 14);
	t->group_level = sqlite3_column_int(s, 15);
}

int
store_token_get(struct store *st, int64_t id, int64_t user_id,
    struct token_row *t)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, user_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		token_from_row(s, t);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, __func__);
}

int
store_token_list(struct store *st, int64_t user_id, int all,
    int (*cb)(void *arg, const struct token_row *t), void *arg)
{
	struct token_row *t;
	sqlite3_stmt *s;
	int rc, ret = 0;

	if ((s = store_stmt(st, SQL_LIST)) == NULL)
		return -1;
	if ((t = malloc(sizeof(*t))) == NULL)
		return -1;
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_int(s, 3, all ? 1 : 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		token_from_row(s, t);
		if (cb(arg, t) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_err(st, __func__);
	sqlite3_reset(s);
	free(t);
	return ret;
}

int
store_token_insert(struct store *st, const struct otp_token *t,
    const char *notes, int64_t created_by, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_INSERT)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, t->issuer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, t->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, otp_kind_name(t->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, otp_algo_name(t->algo), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, (int)t->digits);
	sqlite3_bind_int64(s, 6, (int64_t)t->period);
	sqlite3_bind_int64(s, 7, (int64_t)t->counter);
	sqlite3_bind_text(s, 8, notes != NULL ? notes : "", -1, SQLITE_STATIC);
	if (created_by != 0)
		sqlite3_bind_int64(s, 9, created_by);
	sqlite3_bind_int64(s, 10, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc == STORE_CONFLICT ? -1 : rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_token_sealed_get(struct store *st, int64_t id, enum token_sealed which,
    unsigned char **out, size_t *n)
{
	static const char *const sql[] = {
		[TOKEN_SEALED_SEED] = SQL_SEED_GET,
		[TOKEN_SEALED_RECOVERY] = SQL_RECOVERY_GET,
		[TOKEN_SEALED_PENDING] = SQL_PENDING_GET,
	};
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = store_stmt(st, sql[which])) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		rc = store_col_blob(s, 0, out, n);
	else
		rc = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

int
store_token_sealed_set(struct store *st, int64_t id, enum token_sealed which,
    const unsigned char *sealed, size_t n)
{
	static const char *const sql[] = {
		[TOKEN_SEALED_SEED] = SQL_SEED_SET,
		[TOKEN_SEALED_RECOVERY] = SQL_RECOVERY_SET,
		[TOKEN_SEALED_PENDING] = SQL_PENDING_SET,
	};
	sqlite3_stmt *s;
	int rc;

	if (which == TOKEN_SEALED_SEED && (sealed == NULL || n == 0))
		return -1;
	if ((s = store_stmt(st, sql[which])) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (sealed != NULL)
		sqlite3_bind_blob(s, 2, sealed, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc == STORE_CONFLICT ? -1 : rc;
	return store_changes(st) == 0 ? STORE_NOTFOUND : 0;
}

int
store_token_update(struct store *st, int64_t id, const char *issuer,
    const char *account, const char *notes)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_UPDATE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (issuer != NULL)
		sqlite3_bind_text(s, 2, issuer, -1, SQLITE_STATIC);
	if (account != NULL)
		sqlite3_bind_text(s, 3, account, -1, SQLITE_STATIC);
	if (notes != NULL)
		sqlite3_bind_text(s, 4, notes, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc == STORE_CONFLICT ? -1 : rc;
	return store_changes(st) == 0 ? STORE_NOTFOUND : 0;
}

int
store_token_delete(struct store *st, int64_t id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_DELETE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc == STORE_CONFLICT ? -1 : rc;
	return store_changes(st) == 0 ? STORE_NOTFOUND : 0;
}

int
store_token_counter_take(struct store *st, int64_t id, uint64_t *counter)
{
	sqlite3_stmt *s;
	int rc;

	if (store_fail_hook())
		return -1;
	if ((s = store_stmt(st, SQL_COUNTER_TAKE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*counter = (uint64_t)sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);	/* finish the statement */
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_err(st, __func__);
}

static int
token_exists(struct store *st, int64_t id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_EXISTS)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
}

int
store_token_reseed(struct store *st, int64_t id, const struct otp_token *t,
    const unsigned char *sealed, size_t n,
    const unsigned char *expect_pending, size_t expect_n)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_RESEED)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, otp_kind_name(t->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, otp_algo_name(t->algo), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, (int)t->digits);
	sqlite3_bind_int64(s, 5, (int64_t)t->period);
	sqlite3_bind_int64(s, 6, (int64_t)t->counter);
	sqlite3_bind_blob(s, 7, sealed, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, (int64_t)time(NULL));
	if (expect_pending != NULL)
		sqlite3_bind_blob(s, 9, expect_pending, (int)expect_n,
		    SQLITE_STATIC);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc == STORE_CONFLICT ? -1 : rc;
	if (store_changes(st) == 1)
		return 0;
	if ((rc = token_exists(st, id)) == -1)
		return -1;
	return rc ? STORE_CONFLICT : STORE_NOTFOUND;
}

int
store_token_pending_clear(struct store *st, int64_t id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_PENDING_CLEAR)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (int64_t)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc == STORE_CONFLICT ? -1 : rc;
	return store_changes(st) == 0 ? STORE_CONFLICT : 0;
}
