/*
 * sqlite.c -- the store's core on SQLite: connections, migrations,
 * transactions and the per-connection statement cache.
 *
 * DURABILITY: WAL mode with synchronous=FULL, so a COMMIT returns only
 *     after the WAL is fsync'd; the audit log's fail-closed promise rests
 *     on this. The writer thread's connection is the exception: it
 *     commits with synchronous=NORMAL and fdatasyncs the WAL itself, in
 *     another thread, before it acknowledges a batch (audit/writer.c), so
 *     the next batch runs while the last one is being made durable. foreign_keys=ON; busy_timeout 5 s (CLI commands may write
 *     while the server runs).
 * TEMP: temp_store = MEMORY. Each writer job runs in a savepoint, whose
 *     statement journal (the pages it changed, to roll back to) SQLite
 *     keeps in memory up to 64 KiB and then spills to a temporary file; a
 *     job that fans a text out to 250 users changes ~300 pages, and the
 *     temporary file's writes took a quarter of the writer's time
 *     (bench/smsfanout). The journal lives only until the job's RELEASE.
 * MIGRATIONS: store_migrations[i] takes the schema from version i to
 *     i + 1, applied in one transaction each; PRAGMA user_version holds
 *     the version. A database newer than this binary is refused.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/store_int.h"
#include "util/log.h"

static char *thread_path;		/* set once before threads start */
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;
static volatile int fail_writes;	/* test hook */

int
store_err(struct store *st, const char *func)
{
	log_warnx("%s: sqlite: %s", func, sqlite3_errmsg(st->db));
	return -1;
}

int
store_step_err(struct store *st, int rc, const char *func)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return STORE_CONFLICT;
	return store_err(st, func);
}

int
store_exec_stmt(struct store *st, sqlite3_stmt *s, const char *func)
{
	int rc;

	if (s == NULL)
		return -1;
	if (store_fail_hook())
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	return store_step_err(st, rc, func);
}

void
store_col_text(sqlite3_stmt *s, int col, char *dst, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(s, col) : 0;

	if (cap == 0)
		return;
	if (n >= cap)
		n = cap - 1;
	if (n > 0)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

int
store_col_blob(sqlite3_stmt *s, int col, unsigned char **out, size_t *n)
{
	const void *p = sqlite3_column_blob(s, col);
	int len = sqlite3_column_bytes(s, col);

	*out = NULL;
	*n = 0;
	if (p == NULL || len <= 0)
		return 0;
	if ((*out = malloc((size_t)len)) == NULL)
		return -1;
	memcpy(*out, p, (size_t)len);
	*n = (size_t)len;
	return 0;
}

static size_t
slot_hash(const char *sql)
{
	uintptr_t h = (uintptr_t)sql;

	return (size_t)((h >> 4) ^ (h >> 12)) % STMT_CACHE;
}

sqlite3_stmt *
store_stmt(struct store *st, const char *sql)
{
	size_t i, h = slot_hash(sql);
	struct stmt_slot *slot;

	for (i = 0; i < STMT_CACHE; i++) {
		slot = &st->cache[(h + i) % STMT_CACHE];
		if (slot->sql == sql) {
			sqlite3_reset(slot->stmt);
			sqlite3_clear_bindings(slot->stmt);
			return slot->stmt;
		}
		if (slot->sql == NULL)
			break;
	}
	if (i == STMT_CACHE) {
		log_warnx("%s: statement cache full", __func__);
		return NULL;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &slot->stmt, NULL) != SQLITE_OK) {
		store_err(st, __func__);
		slot->stmt = NULL;
		return NULL;
	}
	slot->sql = sql;
	return slot->stmt;
}

static int
exec_sql(struct store *st, const char *sql, const char *func)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_warnx("%s: sqlite: %s", func, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
store_schema_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int
migrate(struct store *st, struct errbuf *e)
{
	int have = store_schema_version(st), want = 0;
	char sql[64];

	while (store_migrations[want] != NULL)
		want++;
	if (have < 0)
		return errbuf_set(e, "cannot read the schema version");
	if (have > want)
		return errbuf_set(e, "database schema %d is newer than this "
		    "kaito (%d); upgrade kaito", have, want);
	for (; have < want; have++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    have + 1);
		if (exec_sql(st, "BEGIN IMMEDIATE", __func__) == -1)
			return errbuf_set(e, "cannot lock the database");
		if (exec_sql(st, store_migrations[have], __func__) == -1 ||
		    exec_sql(st, sql, __func__) == -1 ||
		    exec_sql(st, "COMMIT", __func__) == -1) {
			exec_sql(st, "ROLLBACK", __func__);
			return errbuf_set(e, "migration %d failed", have + 1);
		}
	}
	return 0;
}

struct store *
store_open(const char *path, struct errbuf *e)
{
	struct store *st;

	if ((st = calloc(1, sizeof(*st))) == NULL) {
		errbuf_set(e, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		errbuf_set(e, "%s: %s", path, st->db ?
		    sqlite3_errmsg(st->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (exec_sql(st, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
	    "PRAGMA secure_delete = ON; PRAGMA trusted_schema = OFF; "
	    "PRAGMA temp_store = MEMORY",
	    __func__) == -1) {
		errbuf_set(e, "%s: cannot configure the database", path);
		goto fail;
	}
	if (migrate(st, e) == -1 || store_tree_open(st, e) == -1)
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	store_tree_free(st);
	for (i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st);
}

static void
thread_store_free(void *p)
{
	store_close(p);
}

static void
thread_key_init(void)
{
	pthread_key_create(&thread_key, thread_store_free);
}

void
store_set_path(const char *path)
{
	free(thread_path);
	thread_path = strdup(path);
	pthread_once(&thread_once, thread_key_init);
}

struct store *
store_thread(void)
{
	struct store *st;
	struct errbuf e;

	if (thread_path == NULL)
		return NULL;
	if ((st = pthread_getspecific(thread_key)) != NULL)
		return st;
	if ((st = store_open(thread_path, &e)) == NULL) {
		log_warnx("%s: %s", __func__, e.msg);
		return NULL;
	}
	if (pthread_setspecific(thread_key, st) != 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_BEGIN_READ[] = "BEGIN DEFERRED";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_SAVEPOINT[] = "SAVEPOINT job";
static const char SQL_RELEASE[] = "RELEASE job";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO job";

/* Transactions and savepoints run once per writer batch or job: prepared,
 * not parsed each time. */
static int
exec_cached(struct store *st, const char *sql, const char *func)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, func);
}

int
store_begin(struct store *st)
{
	if (st->in_tx) {
		log_warnx("%s: nested transaction", __func__);
		return -1;
	}
	if (exec_cached(st, SQL_BEGIN, __func__) == -1)
		return -1;
	st->in_tx = 1;
	store_tree_begin(st);
	return 0;
}

int
store_begin_read(struct store *st)
{
	if (st->in_tx) {
		log_warnx("%s: nested transaction", __func__);
		return -1;
	}
	if (exec_cached(st, SQL_BEGIN_READ, __func__) == -1)
		return -1;
	st->in_tx = 1;
	store_tree_begin(st);
	return 0;
}

int
store_commit(struct store *st)
{
	if (store_fail_hook() || store_tree_flush(st) == -1) {
		store_rollback(st);
		return -1;
	}
	if (exec_cached(st, SQL_COMMIT, __func__) == -1) {
		store_rollback(st);
		return -1;
	}
	st->in_tx = 0;
	store_tree_end(st);
	return 0;
}

void
store_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db) == 0)
		exec_sql(st, "ROLLBACK", __func__);
	st->in_tx = 0;
	store_tree_end(st);
}

int
store_savepoint(struct store *st)
{
	if (store_tree_savepoint(st) == -1)
		return -1;
	if (exec_cached(st, SQL_SAVEPOINT, __func__) == -1) {
		store_tree_release(st);
		return -1;
	}
	return 0;
}

int
store_release(struct store *st)
{
	if (exec_cached(st, SQL_RELEASE, __func__) == -1)
		return -1;
	store_tree_release(st);
	return 0;
}

void
store_rollback_to(struct store *st)
{
	if (exec_cached(st, SQL_ROLLBACK_TO, __func__) == 0)
		exec_cached(st, SQL_RELEASE, __func__);
	store_tree_rollback_to(st);
}

int
store_commit_without_fsync(struct store *st)
{
	return exec_sql(st, "PRAGMA synchronous = NORMAL", __func__);
}

int
store_wal_path(struct store *st, char *out, size_t cap)
{
	const char *db = sqlite3_db_filename(st->db, "main");
	int n;

	if (db == NULL || db[0] == '\0')
		return -1;
	n = snprintf(out, cap, "%s-wal", db);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int
store_changes(struct store *st)
{
	return sqlite3_changes(st->db);
}

void
store_fail_writes(int on)
{
	const char *hooks = getenv("KAITO_TEST_HOOKS");

	if (hooks != NULL && strcmp(hooks, "1") == 0)
		fail_writes = on;
}

int
store_writes_failing(void)
{
	return fail_writes;
}

int
store_fail_hook(void)
{
	return fail_writes;
}
