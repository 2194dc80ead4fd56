/*
 * sqlite_directory.c -- the directory tables in SQLite; see
 * store/directory.h. The schema is migration v2 (migrations.c).
 */
#include <string.h>

#include "store/directory.h"
#include "store/store_int.h"

static const char SQL_STATE_GET[] =
	"SELECT generation, source, imported_at, entries, sync_url, etag,"
	" last_modified FROM directory_state WHERE id = 1";
static const char SQL_STATE_PUT[] =
	"INSERT OR REPLACE INTO directory_state (id, generation, source,"
	" imported_at, entries, sync_url, etag, last_modified)"
	" VALUES (1, ?1, ?2, ?3, ?4, nullif(?5, ''), nullif(?6, ''),"
	" nullif(?7, ''))";
static const char SQL_GENERATION[] =
	"SELECT generation FROM directory_state WHERE id = 1";
static const char SQL_PREV[] =
	"SELECT hash, changed_on FROM directory_entries WHERE domain = ?1";
static const char SQL_PUT[] =
	"INSERT OR REPLACE INTO directory_entries (domain, name, shape, entry,"
	" hash, changed_on, generation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_PRUNE[] =
	"DELETE FROM directory_entries WHERE generation <> ?1";
static const char SQL_COUNT[] = "SELECT count(*) FROM directory_entries";
static const char SQL_LOAD[] =
	"SELECT e.domain, e.name, e.shape, e.entry, e.changed_on,"
	" a.admin_notes, a.sharing_notes, a.verified_on, a.verified_by"
	" FROM directory_entries e LEFT JOIN directory_annotations a"
	" ON a.domain = e.domain ORDER BY e.name COLLATE NOCASE, e.domain";
static const char SQL_ANNOTATE[] =
	"INSERT INTO directory_annotations (domain, admin_notes,"
	" sharing_notes, verified_on, verified_by, updated_at)"
	" VALUES (?1, coalesce(?2, ''), coalesce(?3, ''),"
	" CASE WHEN ?4 THEN ?5 END, CASE WHEN ?4 THEN ?6 END, ?7)"
	" ON CONFLICT (domain) DO UPDATE SET"
	" admin_notes = coalesce(?2, admin_notes),"
	" sharing_notes = coalesce(?3, sharing_notes),"
	" verified_on = CASE WHEN ?4 THEN ?5 ELSE verified_on END,"
	" verified_by = CASE WHEN ?4 THEN ?6 ELSE verified_by END,"
	" updated_at = ?7";

int
store_dir_state_get(struct store *st, struct store_dir_state *s)
{
	sqlite3_stmt *q;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((q = store_stmt(st, SQL_STATE_GET)) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		s->generation = sqlite3_column_int64(q, 0);
		store_col_text(q, 1, s->source, sizeof(s->source));
		s->imported_at = sqlite3_column_int64(q, 2);
		s->entries = sqlite3_column_int64(q, 3);
		store_col_text(q, 4, s->sync_url, sizeof(s->sync_url));
		store_col_text(q, 5, s->etag, sizeof(s->etag));
		store_col_text(q, 6, s->last_modified,
		    sizeof(s->last_modified));
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    store_err(st, __func__);
	sqlite3_reset(q);
	return rc;
}

int
store_dir_state_put(struct store *st, const struct store_dir_state *s)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(st, SQL_STATE_PUT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, s->generation);
	sqlite3_bind_text(q, 2, s->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, s->imported_at);
	sqlite3_bind_int64(q, 4, s->entries);
	sqlite3_bind_text(q, 5, s->sync_url, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, s->etag, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, s->last_modified, -1, SQLITE_STATIC);
	return store_exec_stmt(st, q, __func__);
}

int
store_dir_generation(struct store *st, int64_t *gen)
{
	sqlite3_stmt *q;
	int rc;

	*gen = 0;
	if ((q = store_stmt(st, SQL_GENERATION)) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*gen = sqlite3_column_int64(q, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    store_err(st, __func__);
	sqlite3_reset(q);
	return rc;
}

int
store_dir_entry_prev(struct store *st, const char *domain,
    unsigned char hash[STORE_DIR_HASH], char changed_on[11])
{
	sqlite3_stmt *q;
	int rc;

	if ((q = store_stmt(st, SQL_PREV)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, domain, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(hash, 0, STORE_DIR_HASH);
		if (sqlite3_column_bytes(q, 0) == STORE_DIR_HASH)
			memcpy(hash, sqlite3_column_blob(q, 0), STORE_DIR_HASH);
		store_col_text(q, 1, changed_on, 11);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    store_err(st, __func__);
	sqlite3_reset(q);
	return rc;
}

int
store_dir_entry_put(struct store *st, const struct store_dir_row *row,
    int64_t gen)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(st, SQL_PUT)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, row->domain, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, row->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, row->shape);
	sqlite3_bind_text(q, 4, row->entry, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 5, row->hash, STORE_DIR_HASH, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, row->changed_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, gen);
	return store_exec_stmt(st, q, __func__);
}

int
store_dir_prune(struct store *st, int64_t gen, int64_t *removed)
{
	sqlite3_stmt *q;
	int rc;

	*removed = 0;
	if ((q = store_stmt(st, SQL_PRUNE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, gen);
	if ((rc = store_exec_stmt(st, q, __func__)) == 0)
		*removed = store_changes(st);
	return rc;
}

int
store_dir_count(struct store *st, int64_t *n)
{
	sqlite3_stmt *q;
	int rc;

	*n = 0;
	if ((q = store_stmt(st, SQL_COUNT)) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	rc = rc == SQLITE_ROW ? 0 : store_err(st, __func__);
	sqlite3_reset(q);
	return rc;
}

static const char *
col_or_null(sqlite3_stmt *q, int col)
{
	return sqlite3_column_type(q, col) == SQLITE_NULL ? NULL :
	    (const char *)sqlite3_column_text(q, col);
}

int
store_dir_load(struct store *st,
    int (*fn)(void *arg, const struct store_dir_row *row), void *arg)
{
	struct store_dir_row row;
	sqlite3_stmt *q;
	int rc;

	if ((q = store_stmt(st, SQL_LOAD)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&row, 0, sizeof(row));
		row.domain = (const char *)sqlite3_column_text(q, 0);
		row.name = (const char *)sqlite3_column_text(q, 1);
		row.shape = sqlite3_column_int(q, 2);
		row.entry = (const char *)sqlite3_column_text(q, 3);
		store_col_text(q, 4, row.changed_on, sizeof(row.changed_on));
		row.admin_notes = col_or_null(q, 5);
		row.sharing_notes = col_or_null(q, 6);
		row.verified_on = col_or_null(q, 7);
		row.verified_by = col_or_null(q, 8);
		if (row.domain == NULL || row.name == NULL ||
		    row.entry == NULL || fn(arg, &row) == -1) {
			sqlite3_reset(q);
			return -1;
		}
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : store_err(st, __func__);
}

int
store_dir_annotate(struct store *st, const char *domain,
    const char *admin_notes, const char *sharing_notes, int set_verified,
    const char *verified_on, const char *verified_by, int64_t now)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(st, SQL_ANNOTATE)) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, domain, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, admin_notes, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, sharing_notes, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 4, set_verified);
	sqlite3_bind_text(q, 5, verified_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, verified_by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, now);
	return store_exec_stmt(st, q, __func__);
}
