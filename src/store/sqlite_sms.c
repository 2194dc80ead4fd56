/*
 * sqlite_sms.c -- stored texts in SQLite; see store/sms.h.
 *
 * Why here: every statement on the sms table. The content only passes
 * through as sealed bytes. A read of "every inbox this user may read"
 * decides readability in the same statement as the read, so a page of
 * the all-inboxes stream never holds a text of an inbox the user lost.
 */
#include <string.h>

#include "store/sms.h"
#include "store/store_int.h"

static const char SQL_INSERT[] =
	"INSERT INTO sms (inbox_id, provider_id, received_at, stored_at,"
	" body_sealed) VALUES (?1, ?2, ?3, ?4, x'')"
	" ON CONFLICT (inbox_id, provider_id) DO NOTHING";
static const char SQL_FIND[] =
	"SELECT id FROM sms WHERE inbox_id = ?1 AND provider_id = ?2";
static const char SQL_SEALED_SET[] =
	"UPDATE sms SET body_sealed = ?2 WHERE id = ?1";
static const char SQL_LIST_ONE[] =
	"SELECT id, inbox_id, received_at, stored_at, body_sealed FROM sms"
	" WHERE inbox_id = ?1 AND id > ?2 AND stored_at >= ?3"
	" ORDER BY id LIMIT ?4";
static const char SQL_LIST_READABLE[] =
	"SELECT id, inbox_id, received_at, stored_at, body_sealed FROM sms"
	" WHERE id > ?2 AND stored_at >= ?3 AND inbox_id IN ("
	"   SELECT inbox_id FROM inbox_grants WHERE user_id = ?1"
	"   UNION"
	"   SELECT g.inbox_id FROM inbox_grants g JOIN group_members m"
	"    ON m.group_id = g.group_id WHERE m.user_id = ?1)"
	" ORDER BY id LIMIT ?4";
static const char SQL_LAST_ID[] =
	"SELECT coalesce((SELECT seq FROM sqlite_sequence"
	" WHERE name = 'sms'), 0)";
static const char SQL_EXPIRE[] =
	"DELETE FROM sms WHERE stored_at < ?1";

int
store_sms_insert(struct store *st, int64_t inbox_id, const char *provider_id,
    int64_t received_at, int64_t stored_at, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_INSERT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, inbox_id);
	sqlite3_bind_text(s, 2, provider_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, received_at);
	sqlite3_bind_int64(s, 4, stored_at);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	if (sqlite3_changes(st->db) == 1) {
		*id = sqlite3_last_insert_rowid(st->db);
		return 0;
	}
	/* A redelivery: name the text already stored. */
	if ((s = store_stmt(st, SQL_FIND)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, inbox_id);
	sqlite3_bind_text(s, 2, provider_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_err(st, __func__);
	return STORE_CONFLICT;
}

int
store_sms_sealed_set(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_SEALED_SET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, sealed, (int)n, SQLITE_STATIC);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return sqlite3_changes(st->db) == 1 ? 0 : STORE_NOTFOUND;
}

int
store_sms_list(struct store *st, const struct sms_query *q,
    int (*cb)(void *arg, const struct sms_row *m), void *arg)
{
	struct sms_row m;
	sqlite3_stmt *s;
	int rc, stop = 0;

	s = store_stmt(st, q->inbox_id != 0 ? SQL_LIST_ONE : SQL_LIST_READABLE);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, q->inbox_id != 0 ? q->inbox_id : q->user_id);
	sqlite3_bind_int64(s, 2, q->after_id);
	sqlite3_bind_int64(s, 3, q->min_stored_at);
	sqlite3_bind_int(s, 4, q->limit);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&m, 0, sizeof(m));
		m.id = sqlite3_column_int64(s, 0);
		m.inbox_id = sqlite3_column_int64(s, 1);
		m.received_at = sqlite3_column_int64(s, 2);
		m.stored_at = sqlite3_column_int64(s, 3);
		m.sealed = sqlite3_column_blob(s, 4);
		m.sealed_len = (size_t)sqlite3_column_bytes(s, 4);
		switch (cb(arg, &m)) {
		case 0:
			break;
		case 1:
			stop = 1;
			break;
		default:
			sqlite3_reset(s);
			return -1;
		}
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return store_err(st, __func__);
	return 0;
}

int
store_sms_last_id(struct store *st, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_LAST_ID)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_err(st, __func__);
}

int
store_sms_expire(struct store *st, int64_t before, int64_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	if ((s = store_stmt(st, SQL_EXPIRE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, before);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return -1;
	*n = sqlite3_changes(st->db);
	return 0;
}
