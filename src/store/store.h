/*
 * store.h -- the store: the only module that speaks SQL.
 *
 * Why: one place owns the schema, the statements and the transactions, so
 * a reviewer finds every query in src/store/ and a second backend can be
 * added behind these headers. This header is the core (open, migrate,
 * transactions); each domain has its own header (store/users.h,
 * store/tokens.h, ...) with its queries.
 *
 * THREADS: a struct store is one SQLite connection and is used by one
 * thread at a time. Each HTTP worker thread gets its own through
 * store_thread(); the audit writer thread owns another. SQLite runs in WAL
 * mode, so readers never wait for the writer.
 */
#ifndef KAITO_STORE_H
#define KAITO_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "util/errbuf.h"

struct store;			/* opaque; one connection */
struct sqlite3_stmt;

/* Expected outcomes, besides 0 (ok) and -1 (error, already logged). */
#define STORE_NOTFOUND	1	/* no such row */
#define STORE_CONFLICT	2	/* a unique constraint refused the write */

/*
 * Open (creating if needed) the database at path, apply pending
 * migrations and set WAL mode. Returns the store, or NULL with e set.
 * Close with store_close().
 */
struct store *store_open(const char *path, struct errbuf *e);

/* Close the connection and free its statements. NULL-safe. */
void store_close(struct store *st);

/*
 * The path every store_thread() connection opens; set once at start-up
 * before threads start. store_thread() returns this thread's connection,
 * opening it on first use (closed when the thread exits), or NULL.
 */
void store_set_path(const char *path);
struct store *store_thread(void);

/* Transactions. store_begin() takes the write lock at once (BEGIN
 * IMMEDIATE) so that a read-then-write transaction cannot fail half way.
 * Nested use is refused. Each returns 0 or -1. */
int store_begin(struct store *st);
int store_begin_read(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* Savepoints inside a transaction, for one job of a batch. */
int store_savepoint(struct store *st);
int store_release(struct store *st);
void store_rollback_to(struct store *st);

/* Schema version after migrations (for `kaito` diagnostics and tests). */
int store_schema_version(struct store *st);

/*
 * For the writer's connection only: commit without fsync (synchronous =
 * NORMAL), because the writer makes its commits durable itself by
 * fdatasync'ing the WAL file, whose path store_wal_path() gives, before it
 * acknowledges them. Returns 0 or -1.
 */
int store_commit_without_fsync(struct store *st);
int store_wal_path(struct store *st, char *out, size_t cap);

/* Rows changed by the last statement. */
int store_changes(struct store *st);

/* Make every later write fail (tests of fail-closed behaviour: a disk
 * that went read-only). Only honoured when the environment variable
 * KAITO_TEST_HOOKS=1 was set at start. */
void store_fail_writes(int on);
int store_writes_failing(void);

#endif
