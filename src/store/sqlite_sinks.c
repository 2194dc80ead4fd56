/*
 * sqlite_sinks.c -- the SIEM sinks in SQLite; see store/sinks.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit/event.h"
#include "store/sinks.h"
#include "store/store_int.h"

#define SINK_COLS \
	"id, name, type, config, secret_sealed, source, enabled, version," \
	" acked_seq, acked_at, created_at, updated_at FROM sinks"

static const char SQL_GET[] = "SELECT " SINK_COLS " WHERE id = ?1";
static const char SQL_GET_NAME[] =
	"SELECT " SINK_COLS " WHERE name = ?1 COLLATE NOCASE";
static const char SQL_LIST[] = "SELECT " SINK_COLS " ORDER BY id";
static const char SQL_INSERT[] =
	"INSERT INTO sinks (name, type, config, source, enabled, acked_seq,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
static const char SQL_SECRET[] =
	"UPDATE sinks SET secret_sealed = ?2 WHERE id = ?1";
static const char SQL_UPDATE[] =
	"UPDATE sinks SET name = coalesce(?2, name),"
	" config = coalesce(?3, config),"
	" enabled = CASE WHEN ?4 < 0 THEN enabled ELSE ?4 END,"
	" version = version + 1, updated_at = ?5 WHERE id = ?1";
static const char SQL_DELETE[] = "DELETE FROM sinks WHERE id = ?1";
static const char SQL_CURSOR[] =
	"UPDATE sinks SET acked_seq = ?2, acked_at = ?3"
	" WHERE id = ?1 AND acked_seq < ?2";
static const char SQL_COUNT[] = "SELECT count(*) FROM sinks";
static const char SQL_MIN[] = "SELECT min(acked_seq), count(*) FROM sinks";

void
store_sink_row_clear(struct sink_row *row)
{
	free(row->config);
	if (row->sealed != NULL) {
		sodium_memzero(row->sealed, row->sealed_len);
		free(row->sealed);
	}
	memset(row, 0, sizeof(*row));
}

static int
row_from_stmt(sqlite3_stmt *s, struct sink_row *row)
{
	const unsigned char *cfg;

	memset(row, 0, sizeof(*row));
	row->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, row->name, sizeof(row->name));
	store_col_text(s, 2, row->type, sizeof(row->type));
	cfg = sqlite3_column_text(s, 3);
	if ((row->config = strdup(cfg != NULL ? (const char *)cfg : "{}")) ==
	    NULL)
		return -1;
	if (store_col_blob(s, 4, &row->sealed, &row->sealed_len) == -1) {
		store_sink_row_clear(row);
		return -1;
	}
	store_col_text(s, 5, row->source, sizeof(row->source));
	row->enabled = sqlite3_column_int(s, 6);
	row->version = sqlite3_column_int64(s, 7);
	row->acked_seq = sqlite3_column_int64(s, 8);
	row->acked_at = sqlite3_column_int64(s, 9);
	row->created_at = sqlite3_column_int64(s, 10);
	row->updated_at = sqlite3_column_int64(s, 11);
	return 0;
}

static int
get_one(struct store *st, sqlite3_stmt *s, struct sink_row *row,
    const char *func)
{
	int rc;

	memset(row, 0, sizeof(*row));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = row_from_stmt(s, row) == 0 ? 0 : -1;
	else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_err(st, func);
	sqlite3_reset(s);
	return rc;
}

int
store_sink_get(struct store *st, int64_t id, struct sink_row *row)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return get_one(st, s, row, __func__);
}

int
store_sink_get_by_name(struct store *st, const char *name,
    struct sink_row *row)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_GET_NAME)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return get_one(st, s, row, __func__);
}

int
store_sink_list(struct store *st,
    int (*cb)(void *, const struct sink_row *), void *arg)
{
	struct sink_row row;
	sqlite3_stmt *s;
	int rc, ret = 0;

	if ((s = store_stmt(st, SQL_LIST)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (row_from_stmt(s, &row) == -1) {
			ret = -1;
			break;
		}
		ret = cb(arg, &row);
		store_sink_row_clear(&row);
		if (ret != 0) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_err(st, __func__);
	sqlite3_reset(s);
	return ret;
}

int
store_sink_insert(struct store *st, const char *name, const char *type,
    const char *config, const char *source, int enabled, int64_t acked_seq,
    int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_INSERT)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, config, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, source, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, enabled ? 1 : 0);
	sqlite3_bind_int64(s, 6, acked_seq);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_sink_secret_set(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_SECRET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (sealed != NULL)
		sqlite3_bind_blob(s, 2, sealed, (int)n, SQLITE_STATIC);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return store_changes(st) == 1 ? 0 : STORE_NOTFOUND;
}

int
store_sink_update(struct store *st, int64_t id, const char *name,
    const char *config, int enabled)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_UPDATE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (name != NULL)
		sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	if (config != NULL)
		sqlite3_bind_text(s, 3, config, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, enabled);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)time(NULL));
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return store_changes(st) == 1 ? 0 : STORE_NOTFOUND;
}

int
store_sink_delete(struct store *st, int64_t id)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_DELETE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_exec_stmt(st, s, __func__)) != 0)
		return rc;
	return store_changes(st) == 1 ? 0 : STORE_NOTFOUND;
}

int
store_sink_cursor_set(struct store *st, int64_t id, int64_t seq)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_CURSOR)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, seq);
	sqlite3_bind_int64(s, 3, audit_now_us());
	return store_exec_stmt(st, s, __func__) == 0 ? 0 : -1;
}

int
store_sink_count(struct store *st, int64_t *n)
{
	sqlite3_stmt *s;
	int rc = -1;

	if ((s = store_stmt(st, SQL_COUNT)) == NULL)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*n = sqlite3_column_int64(s, 0);
		rc = 0;
	} else
		store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

int
store_sink_min_acked(struct store *st, int64_t *seq)
{
	sqlite3_stmt *s;
	int rc = -1;

	if ((s = store_stmt(st, SQL_MIN)) == NULL)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*seq = sqlite3_column_int(s, 1) > 0 ?
		    sqlite3_column_int64(s, 0) : -1;
		rc = 0;
	} else
		store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

static const char SQL_AUDIT_TIME[] = "SELECT ts_us FROM audit WHERE seq = ?1";

int
store_audit_time(struct store *st, int64_t seq, int64_t *ts_us)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, SQL_AUDIT_TIME)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*ts_us = sqlite3_column_int64(s, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}
