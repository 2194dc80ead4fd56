/*
 * store_int.h -- what the store's domain files share; not for use outside
 * src/store/.
 */
#ifndef KAITO_STORE_INT_H
#define KAITO_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

#define STMT_CACHE 128		/* prepared statements kept per connection */

struct stmt_slot {
	const char *sql;	/* the static string; identity is the pointer */
	sqlite3_stmt *stmt;	/* prepared once, reset after each use */
};

struct audit_tree_state;		/* sqlite_audit_log.c */

struct store {
	sqlite3 *db;				/* owned */
	int in_tx;				/* inside BEGIN .. COMMIT */
	struct stmt_slot cache[STMT_CACHE];	/* open-addressed by pointer */
	struct audit_tree_state *tree;		/* owned; NULL until first use */
};

/*
 * The prepared statement for sql (a string literal or other static
 * string: the cache keys on its address), reset and with bindings
 * cleared. Returns NULL on error (logged). Do not finalize it.
 */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);

/* Log an SQLite error with the calling function's name; returns -1. */
int store_err(struct store *st, const char *func);

/* Map a failed step's result: a constraint violation to STORE_CONFLICT,
 * anything else to -1 (logged). */
int store_step_err(struct store *st, int rc, const char *func);

/* Run a statement that returns no rows; 0, STORE_CONFLICT or -1. */
int store_exec_stmt(struct store *st, sqlite3_stmt *s, const char *func);

/* Copy column col as a NUL-terminated string into dst (cap bytes),
 * truncating; NULL becomes "". */
void store_col_text(sqlite3_stmt *s, int col, char *dst, size_t cap);

/* Copy a BLOB column into a new malloc'd buffer (wiped on free by the
 * caller); *n gets its size. NULL column gives *out = NULL and 0. Returns
 * 0 or -1. */
int store_col_blob(sqlite3_stmt *s, int col, unsigned char **out, size_t *n);

/* Fail-write hook for tests; returns 1 when writes must fail now. */
int store_fail_hook(void);

/*
 * The audit tree's life with the transaction (sqlite_audit_log.c; see
 * store/audit_log.h). sqlite.c calls these around its own work: _open
 * after migrations (hashes rows from before the tree, once), _begin after
 * BEGIN, _flush before COMMIT (0 or -1: then the commit fails), _end after
 * COMMIT or ROLLBACK, the savepoint trio with theirs, _free on close.
 */
int store_tree_open(struct store *st, struct errbuf *e);
void store_tree_begin(struct store *st);
int store_tree_flush(struct store *st);
void store_tree_end(struct store *st);
int store_tree_savepoint(struct store *st);
void store_tree_release(struct store *st);
void store_tree_rollback_to(struct store *st);
void store_tree_free(struct store *st);

/*
 * Appending (sqlite_audit.c): _prepare gives row the next seq and hashes
 * it into *lh (the tree is loaded and checked first); after the row is
 * inserted, _push adds lh to the tree (storing completed subtree roots).
 * Both return 0 or -1. _details_buf is scratch space for the canonical
 * details of the row being appended.
 */
struct audit_row;
struct merkle_hash;
struct jcs_buf;
int store_tree_prepare(struct store *st, struct audit_row *row,
    struct merkle_hash *lh);
int store_tree_push(struct store *st, const struct merkle_hash *lh);
struct jcs_buf *store_tree_details_buf(struct store *st);

/*
 * A grant list of one token or inbox (sqlite_grants.c), for the tables
 * that share its shape: sql_count and sql_list take the id as ?1, the
 * list selecting (is_group, principal, name, level); sql_clear deletes
 * the id's rows, sql_insert takes (id, group_id, user_id, level).
 * Return 0 or -1 (replace: a store_exec_stmt code).
 */
struct grant_list;
struct grant_row;
int store_grant_rows_get(struct store *st, const char *sql_count,
    const char *sql_list, int64_t id, struct grant_list *out);
int store_grant_rows_replace(struct store *st, const char *sql_clear,
    const char *sql_insert, int64_t id, const struct grant_row *v, size_t n);

/* The schema, in order; migrations.c. */
extern const char *const store_migrations[];

#endif
