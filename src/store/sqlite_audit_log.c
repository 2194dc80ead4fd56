/*
 * sqlite_audit_log.c -- the audit log's Merkle tree in SQLite; see
 * store/audit_log.h.
 *
 * FORMAT: audit.lh is the row's leaf hash (audit/leaf.h). audit_tree
 *     (one row) holds size = the number of leaves = the highest seq, and
 *     frontier = the roots of the perfect subtrees that size splits into,
 *     largest first, 32 bytes each (audit/merkle.h). audit_node holds the
 *     root of every complete subtree of height >= AUDIT_NODE_MIN_LEVEL,
 *     keyed by level << 56 | index.
 * VALIDITY: size = MAX(seq), seq gapless from 1, the frontier and the
 *     nodes follow from the lh column, and lh from the rows. The store
 *     checks the first when a transaction first appends, and refuses to
 *     append otherwise; `kaito audit verify` checks all of it.
 * TRANSACTIONS: the frontier is read at the first append of a write
 *     transaction and kept in memory (struct audit_tree_state), copied at
 *     each savepoint and restored when one rolls back, and written back by
 *     store_commit() through store_tree_flush(). Nothing is cached across
 *     transactions: another process (a CLI command) may append between
 *     two of ours.
 * SCAN: store_audit_scan() hands rows to its caller through an SQL
 *     function rather than sqlite3_column_*(): reading 15 columns through
 *     the column API cost about 850 ns a row on our CI machine, through a
 *     function's protected values about 600 ns, and `kaito audit verify`
 *     is bound by this and SHA-256. The function sits in the WHERE clause
 *     and answers false, so one sqlite3_step() walks the whole range in
 *     rowid (seq) order, with no step and no result row per row; a scan
 *     to the end has no upper bound to test on each row. Pages come by
 *     pread: PRAGMA mmap_size measured 8 to 10% slower for this scan.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/jcs.h"
#include "store/audit.h"
#include "store/audit_log.h"
#include "store/store_int.h"
#include "util/log.h"

#define TREE_SAVE_MAX	16	/* nested savepoints followed */
#define BACKFILL_BATCH	512

struct tree_snapshot {
	int loaded;
	int dirty;
	struct merkle_frontier f;
};

struct audit_tree_state {
	int loaded;			/* f is this transaction's tree */
	int dirty;			/* f changed: written at commit */
	struct merkle_frontier f;
	int nsaved;			/* savepoints open */
	int overflow;			/* savepoints past TREE_SAVE_MAX */
	struct tree_snapshot saved[TREE_SAVE_MAX];
	struct jcs_buf leaf;		/* scratch: the leaf encoded */
	struct jcs_buf details;		/* scratch: canonical details */
	/* The scan under way (store_audit_scan). */
	int (*scan_cb)(void *, const struct audit_row *, const char *);
	void *scan_arg;
	int scan_rc;
};

static const char SQL_TREE_GET[] =
	"SELECT size, frontier, backfill_to FROM audit_tree WHERE id = 1";
static const char SQL_BACKFILL_GET[] =
	"SELECT size, backfill_to FROM audit_tree WHERE id = 1";
static const char SQL_TREE_PUT[] =
	"UPDATE audit_tree SET size = ?1, frontier = ?2 WHERE id = 1";
static const char SQL_CP_GET[] =
	"SELECT cp_size, cp_note FROM audit_tree WHERE id = 1";
static const char SQL_CP_PUT[] =
	"UPDATE audit_tree SET cp_size = ?1, cp_note = ?2 WHERE id = 1";
static const char SQL_MAX_SEQ[] = "SELECT COALESCE(MAX(seq), 0) FROM audit";
static const char SQL_NODE_PUT[] =
	"INSERT INTO audit_node (id, hash) VALUES (?1, ?2)";
static const char SQL_NODE_GET[] = "SELECT hash FROM audit_node WHERE id = ?1";
static const char SQL_NODES[] = "SELECT id, hash FROM audit_node ORDER BY id";
static const char SQL_LEAVES[] =
	"SELECT seq, lh FROM audit WHERE seq > ?1 AND seq <= ?2 ORDER BY seq";
#define SCAN_ROW \
	" kaito_audit_row(seq, ts_us, actor_type, actor_id, actor_email," \
	" ip, user_agent, channel, action, target_type, target_id," \
	" target_name, outcome, details, lh) ORDER BY seq"
static const char SQL_SCAN[] =
	"SELECT seq FROM audit WHERE seq > ?1 AND seq <= ?2 AND" SCAN_ROW;
/* To the end: no upper bound to test on every row. */
static const char SQL_SCAN_TAIL[] =
	"SELECT seq FROM audit WHERE seq > ?1 AND" SCAN_ROW;
static const char SQL_BACKFILL[] =
	"UPDATE audit SET lh = ?2, actor_email = COALESCE(?3, actor_email),"
	" ip = COALESCE(?4, ip), user_agent = COALESCE(?5, user_agent),"
	" target_name = COALESCE(?6, target_name) WHERE seq = ?1";

static struct audit_tree_state *
tree_get(struct store *st)
{
	struct audit_tree_state *t;

	if (st->tree != NULL)
		return st->tree;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if (jcs_buf_init(&t->leaf, AUDIT_LEAF_MAX) == -1 ||
	    jcs_buf_init(&t->details, AUDIT_LEAF_MAX) == -1) {
		jcs_buf_free(&t->leaf);
		free(t);
		return NULL;
	}
	merkle_frontier_init(&t->f);
	st->tree = t;
	return t;
}

void
store_tree_free(struct store *st)
{
	if (st->tree == NULL)
		return;
	jcs_buf_free(&st->tree->leaf);
	jcs_buf_free(&st->tree->details);
	free(st->tree);
	st->tree = NULL;
}

/* Copy only the live part of a frontier (a full one is 2 KiB). */
static void
frontier_copy(struct merkle_frontier *dst, const struct merkle_frontier *src)
{
	dst->size = src->size;
	dst->n = src->n;
	memcpy(dst->h, src->h, (size_t)src->n * sizeof(src->h[0]));
}

void
store_tree_begin(struct store *st)
{
	if (st->tree == NULL)
		return;
	st->tree->loaded = 0;
	st->tree->dirty = 0;
	st->tree->nsaved = 0;
	st->tree->overflow = 0;
}

void
store_tree_end(struct store *st)
{
	store_tree_begin(st);
}

int
store_tree_savepoint(struct store *st)
{
	struct audit_tree_state *t;
	struct tree_snapshot *s;

	if ((t = tree_get(st)) == NULL)
		return -1;
	if (t->nsaved >= TREE_SAVE_MAX) {
		/* Deeper than we follow: a rollback there forgets the cache,
		 * which is always correct (it is reloaded), just slower. */
		t->overflow++;
		return 0;
	}
	s = &t->saved[t->nsaved++];
	s->loaded = t->loaded;
	s->dirty = t->dirty;
	if (t->loaded)
		frontier_copy(&s->f, &t->f);
	return 0;
}

void
store_tree_release(struct store *st)
{
	struct audit_tree_state *t = st->tree;

	if (t == NULL)
		return;
	if (t->overflow > 0)
		t->overflow--;
	else if (t->nsaved > 0)
		t->nsaved--;
}

void
store_tree_rollback_to(struct store *st)
{
	struct audit_tree_state *t = st->tree;
	struct tree_snapshot *s;

	if (t == NULL)
		return;
	if (t->overflow > 0) {
		/* Within a savepoint we did not copy: the rolled-back state
		 * is not in memory. Only a reload is right; but the frontier
		 * on disk is the one of the transaction's start, so appends
		 * made before that savepoint would be lost. Refuse them: the
		 * caller's commit fails rather than write a wrong tree. */
		t->overflow--;
		t->loaded = 0;
		t->dirty = 1;		/* flush fails: store_tree_flush */
		return;
	}
	if (t->nsaved == 0)
		return;
	s = &t->saved[--t->nsaved];
	t->loaded = s->loaded;
	t->dirty = s->dirty;
	if (s->loaded)
		frontier_copy(&t->f, &s->f);
}

int
store_tree_flush(struct store *st)
{
	struct audit_tree_state *t = st->tree;
	sqlite3_stmt *s;

	if (t == NULL || !t->dirty)
		return 0;
	if (!t->loaded) {
		log_warnx("%s: audit tree lost in a nested savepoint; "
		    "refusing to commit", __func__);
		return -1;
	}
	if ((s = store_stmt(st, SQL_TREE_PUT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)t->f.size);
	sqlite3_bind_blob(s, 2, t->f.h[0].b, (int)MERKLE_FRONTIER_BYTES(&t->f),
	    SQLITE_STATIC);
	if (store_exec_stmt(st, s, __func__) != 0)
		return -1;
	t->dirty = 0;
	return 0;
}

/* Read the stored frontier; *backfill_to too when not NULL. */
static int
frontier_read(struct store *st, struct merkle_frontier *f,
    int64_t *backfill_to)
{
	sqlite3_stmt *s;
	int rc = -1;

	if ((s = store_stmt(st, SQL_TREE_GET)) == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_err(st, __func__);
		goto out;
	}
	if (merkle_frontier_load(f, (uint64_t)sqlite3_column_int64(s, 0),
	    sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1)) ==
	    -1) {
		log_warnx("%s: the stored audit frontier is malformed",
		    __func__);
		goto out;
	}
	if (backfill_to != NULL)
		*backfill_to = sqlite3_column_int64(s, 2);
	rc = 0;
out:
	sqlite3_reset(s);
	return rc;
}

int
store_audit_max_seq(struct store *st, int64_t *seq)
{
	sqlite3_stmt *s;
	int rc = -1;

	if ((s = store_stmt(st, SQL_MAX_SEQ)) == NULL)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		rc = 0;
	} else
		store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

/* This transaction's tree, read on first use and checked against the
 * table: rows the tree does not know mean someone wrote behind us. */
static int
tree_load(struct store *st, struct audit_tree_state *t)
{
	int64_t backfill_to, max;

	if (t->loaded)
		return 0;
	if (frontier_read(st, &t->f, &backfill_to) == -1 ||
	    store_audit_max_seq(st, &max) == -1)
		return -1;
	if (backfill_to > (int64_t)t->f.size) {
		log_warnx("%s: audit rows from before the tree are not hashed "
		    "yet", __func__);
		return -1;
	}
	if (max != (int64_t)t->f.size) {
		log_warnx("%s: the audit table has %lld rows but its tree "
		    "covers %llu: the table was changed outside kaito; "
		    "refusing to append (run `kaito audit verify`)", __func__,
		    (long long)max, (unsigned long long)t->f.size);
		return -1;
	}
	t->loaded = 1;
	t->dirty = 0;
	return 0;
}

int
store_audit_frontier(struct store *st, struct merkle_frontier *f)
{
	if (st->tree != NULL && st->tree->loaded) {
		frontier_copy(f, &st->tree->f);
		return 0;
	}
	return frontier_read(st, f, NULL);
}

/* Record a completed subtree root when it is high enough to keep. */
static int
node_done(void *arg, unsigned level, uint64_t index,
    const struct merkle_hash *root)
{
	struct store *st = arg;
	sqlite3_stmt *s;

	if (level < AUDIT_NODE_MIN_LEVEL)
		return 0;
	if ((s = store_stmt(st, SQL_NODE_PUT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)((uint64_t)level << 56 |
	    index));
	sqlite3_bind_blob(s, 2, root->b, MERKLE_HASH_LEN, SQLITE_STATIC);
	return store_exec_stmt(st, s, __func__) == 0 ? 0 : -1;
}

int
store_tree_prepare(struct store *st, struct audit_row *row,
    struct merkle_hash *lh)
{
	struct audit_tree_state *t;
	struct errbuf e;

	if ((t = tree_get(st)) == NULL || tree_load(st, t) == -1)
		return -1;
	row->seq = (int64_t)t->f.size + 1;
	if (audit_leaf_hash(row, &t->leaf, lh, &e) == -1) {
		log_warnx("%s: seq %lld: %s", __func__, (long long)row->seq,
		    e.msg);
		return -1;
	}
	return 0;
}

int
store_tree_push(struct store *st, const struct merkle_hash *lh)
{
	struct audit_tree_state *t = st->tree;

	if (t == NULL || !t->loaded ||
	    merkle_frontier_append(&t->f, lh, node_done, st) == -1)
		return -1;
	t->dirty = 1;
	return 0;
}

struct jcs_buf *
store_tree_details_buf(struct store *st)
{
	struct audit_tree_state *t = tree_get(st);

	return t != NULL ? &t->details : NULL;
}

int
store_audit_checkpoint_get(struct store *st, uint64_t *size, char **note)
{
	sqlite3_stmt *s;
	const unsigned char *txt;
	int rc = -1;

	if (note != NULL)
		*note = NULL;
	if ((s = store_stmt(st, SQL_CP_GET)) == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_err(st, __func__);
		goto out;
	}
	*size = (uint64_t)sqlite3_column_int64(s, 0);
	if (note != NULL && (txt = sqlite3_column_text(s, 1)) != NULL &&
	    (*note = strdup((const char *)txt)) == NULL)
		goto out;
	rc = 0;
out:
	sqlite3_reset(s);
	return rc;
}

static const char SQL_CP_UPTO[] =
	"SELECT json_extract(details, '$.note') FROM audit"
	" WHERE action = 'audit.checkpoint' AND seq <= ?1"
	" ORDER BY seq DESC LIMIT 1";

int
store_audit_checkpoint_upto(struct store *st, uint64_t max_seq, char **note)
{
	sqlite3_stmt *s;
	const unsigned char *txt;
	int rc;

	*note = NULL;
	if ((s = store_stmt(st, SQL_CP_UPTO)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)max_seq);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && (txt = sqlite3_column_text(s, 0)) != NULL &&
	    (*note = strdup((const char *)txt)) == NULL)
		rc = SQLITE_NOMEM;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, __func__);
	return 0;
}

int
store_audit_checkpoint_put(struct store *st, uint64_t size, const char *note)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, SQL_CP_PUT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)size);
	sqlite3_bind_text(s, 2, note, -1, SQLITE_STATIC);
	return store_exec_stmt(st, s, __func__) == 0 ? 0 : -1;
}

/* A TEXT column; SQL NULL (for which sqlite3_value_text gives NULL) is
 * null. (An out-of-memory NULL reads as null too, and the leaf then fails
 * to match: verify reports the row rather than pass it.) */
static void
val_text(sqlite3_value *v, struct audit_text *t)
{
	if ((t->p = (const char *)sqlite3_value_text(v)) == NULL) {
		t->n = 0;
		return;
	}
	t->n = (size_t)sqlite3_value_bytes(v);
}

/* An INTEGER column (nullable when null is not NULL). Fills *out (and
 * *null) in every case; -1 when the value has another type. */
static int
val_int(sqlite3_value *v, int64_t *out, int *null)
{
	int type = sqlite3_value_type(v);

	*out = 0;
	if (null != NULL)
		*null = type == SQLITE_NULL;
	if (type == SQLITE_INTEGER)
		*out = sqlite3_value_int64(v);
	else if (type != SQLITE_NULL || null == NULL)
		return -1;
	return 0;
}

/* The stored leaf hash: a 32-byte BLOB, or NULL. -1 for anything else. */
static int
val_lh(sqlite3_value *v, const unsigned char **lh)
{
	int type = sqlite3_value_type(v);

	*lh = NULL;
	if (type == SQLITE_NULL)
		return 0;
	if (type != SQLITE_BLOB || sqlite3_value_bytes(v) != MERKLE_HASH_LEN)
		return -1;
	*lh = sqlite3_value_blob(v);
	return 0;
}

/* kaito_audit_row(15 columns): hand one row to the running scan. */
static void
scan_row_fn(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	struct store *st = sqlite3_user_data(ctx);
	struct audit_tree_state *t = st->tree;
	struct audit_row r;
	const char *invalid = NULL;
	int rc;

	if (argc != 15 || t == NULL || t->scan_cb == NULL) {
		sqlite3_result_error(ctx, "kaito_audit_row outside a scan", -1);
		return;
	}
	memset(&r, 0, sizeof(r));	/* (measured: clearing costs nothing) */
	if (val_int(v[0], &r.seq, NULL) == -1) {
		sqlite3_result_error(ctx, "audit.seq is not an integer", -1);
		t->scan_rc = -1;
		return;
	}
	if (val_int(v[1], &r.ts_us, NULL) == -1)
		invalid = "ts_us";
	val_text(v[2], &r.actor_type);
	if (val_int(v[3], &r.actor_id, &r.actor_id_null) == -1)
		invalid = "actor_id";
	val_text(v[4], &r.actor_email);
	val_text(v[5], &r.ip);
	val_text(v[6], &r.user_agent);
	val_text(v[7], &r.channel);
	val_text(v[8], &r.action);
	val_text(v[9], &r.target_type);
	if (val_int(v[10], &r.target_id, &r.target_id_null) == -1)
		invalid = "target_id";
	val_text(v[11], &r.target_name);
	val_text(v[12], &r.outcome);
	val_text(v[13], &r.details);
	if (val_lh(v[14], &r.lh) == -1)
		invalid = "lh";
	if ((rc = t->scan_cb(t->scan_arg, &r, invalid)) != 0) {
		t->scan_rc = rc;
		sqlite3_result_error(ctx, "scan stopped", -1);
		return;
	}
	sqlite3_result_int(ctx, 0);	/* false: the row is not returned */
}

int
store_audit_scan(struct store *st, int64_t after, int64_t upto,
    int (*cb)(void *, const struct audit_row *, const char *), void *arg)
{
	struct audit_tree_state *t;
	sqlite3_stmt *s;
	int rc;

	if ((t = tree_get(st)) == NULL || t->scan_cb != NULL)
		return -1;		/* no nested scans */
	if ((s = store_stmt(st, upto > 0 ? SQL_SCAN : SQL_SCAN_TAIL)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, after);
	if (upto > 0)
		sqlite3_bind_int64(s, 2, upto);
	t->scan_cb = cb;
	t->scan_arg = arg;
	t->scan_rc = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	sqlite3_reset(s);
	t->scan_cb = NULL;
	t->scan_arg = NULL;
	if (t->scan_rc != 0)
		return t->scan_rc;
	if (rc != SQLITE_DONE)
		return store_err(st, __func__);
	return 0;
}

int
store_audit_leaves(struct store *st, uint64_t lo, uint64_t hi,
    struct merkle_hash *out)
{
	sqlite3_stmt *s;
	uint64_t i = 0;
	int rc;

	if ((s = store_stmt(st, SQL_LEAVES)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)lo);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)hi);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (i >= hi - lo ||
		    sqlite3_column_int64(s, 0) != (sqlite3_int64)(lo + i + 1) ||
		    sqlite3_column_bytes(s, 1) != MERKLE_HASH_LEN)
			break;
		memcpy(out[i].b, sqlite3_column_blob(s, 1), MERKLE_HASH_LEN);
		i++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, __func__);
	if (i != hi - lo) {
		log_warnx("%s: leaf hashes of seq %llu..%llu are missing",
		    __func__, (unsigned long long)lo + 1,
		    (unsigned long long)hi);
		return -1;
	}
	return 0;
}

int
store_audit_node(struct store *st, unsigned level, uint64_t index,
    struct merkle_hash *out)
{
	sqlite3_stmt *s;
	int rc;

	if (level < AUDIT_NODE_MIN_LEVEL || level > 63)
		return 1;
	if ((s = store_stmt(st, SQL_NODE_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)((uint64_t)level << 56 |
	    index));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == MERKLE_HASH_LEN) {
		memcpy(out->b, sqlite3_column_blob(s, 0), MERKLE_HASH_LEN);
		rc = 0;
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = 1;
	else
		rc = store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

int
store_audit_nodes(struct store *st,
    int (*cb)(void *, unsigned, uint64_t, const struct merkle_hash *),
    void *arg)
{
	struct merkle_hash h;
	sqlite3_stmt *s;
	uint64_t id;
	int rc, ret = 0;

	if ((s = store_stmt(st, SQL_NODES)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		id = (uint64_t)sqlite3_column_int64(s, 0);
		memset(h.b, 0, sizeof(h.b));
		if (sqlite3_column_bytes(s, 1) == MERKLE_HASH_LEN)
			memcpy(h.b, sqlite3_column_blob(s, 1), MERKLE_HASH_LEN);
		if ((ret = cb(arg, (unsigned)(id >> 56),
		    id & (((uint64_t)1 << 56) - 1), &h)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret != 0)
		return ret;
	if (rc != SQLITE_DONE)
		return store_err(st, __func__);
	return 0;
}

/* --- hashing rows from before the tree (schema v1), once --------------- */

struct backfill_item {
	int64_t seq;
	struct merkle_hash lh;
	char *fixed[4];		/* email, ip, user agent, target name; or
				   NULL when unchanged (fixed UTF-8) */
};

struct backfill {
	struct store *st;
	int64_t expect;		/* next seq */
	size_t n;
	struct backfill_item items[BACKFILL_BATCH];
	struct errbuf *e;
};

/* Replace t by a valid-UTF-8 copy when it is not valid; *fixed owns it. */
static int
fix_text(struct audit_text *t, char **fixed)
{
	size_t n;

	*fixed = NULL;
	if (t->p == NULL || jcs_utf8_valid(t->p, t->n))
		return 0;
	if ((*fixed = jcs_utf8_fix(t->p, t->n, &n)) == NULL)
		return -1;
	t->p = *fixed;
	t->n = n;
	return 0;
}

static int
backfill_row(void *arg, const struct audit_row *row, const char *invalid)
{
	struct backfill *b = arg;
	struct backfill_item *it = &b->items[b->n];
	struct audit_row r = *row;
	struct errbuf e;

	if (row->seq != b->expect)
		return errbuf_set(b->e, "audit row %lld is missing",
		    (long long)b->expect), -2;
	if (invalid != NULL && strcmp(invalid, "lh") != 0)
		return errbuf_set(b->e, "audit row %lld: column %s has a wrong "
		    "type", (long long)row->seq, invalid), -2;
	r.lh = NULL;
	memset(it, 0, sizeof(*it));
	it->seq = row->seq;
	if (fix_text(&r.actor_email, &it->fixed[0]) == -1 ||
	    fix_text(&r.ip, &it->fixed[1]) == -1 ||
	    fix_text(&r.user_agent, &it->fixed[2]) == -1 ||
	    fix_text(&r.target_name, &it->fixed[3]) == -1)
		return -2;
	if (audit_leaf_hash(&r, &b->st->tree->leaf, &it->lh, &e) == -1)
		return errbuf_set(b->e, "audit row %lld: %s",
		    (long long)row->seq, e.msg), -2;
	b->n++;
	b->expect++;
	return b->n == BACKFILL_BATCH ? 1 : 0;
}

/* Write one batch's hashes (and fixed texts), and grow the tree. */
static int
backfill_apply(struct backfill *b)
{
	sqlite3_stmt *s;
	size_t i, k;
	int rc = 0;

	for (i = 0; i < b->n && rc == 0; i++) {
		struct backfill_item *it = &b->items[i];

		if ((s = store_stmt(b->st, SQL_BACKFILL)) == NULL) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(s, 1, it->seq);
		sqlite3_bind_blob(s, 2, it->lh.b, MERKLE_HASH_LEN,
		    SQLITE_STATIC);
		/* Unbound (NULL) texts keep their column. */
		for (k = 0; k < 4; k++)
			if (it->fixed[k] != NULL)
				sqlite3_bind_text(s, (int)k + 3, it->fixed[k],
				    -1, SQLITE_STATIC);
		rc = store_exec_stmt(b->st, s, __func__) == 0 &&
		    store_tree_push(b->st, &it->lh) == 0 ? 0 : -1;
	}
	for (i = 0; i < b->n; i++)
		for (k = 0; k < 4; k++)
			free(b->items[i].fixed[k]);
	b->n = 0;
	return rc;
}

/* Whether rows from before the tree wait to be hashed. 1 yes, 0 no, -1. */
static int
backfill_pending(struct store *st, int64_t *to)
{
	sqlite3_stmt *s;
	int rc = -1;

	if ((s = store_stmt(st, SQL_BACKFILL_GET)) == NULL)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*to = sqlite3_column_int64(s, 1);
		rc = *to > sqlite3_column_int64(s, 0);
	} else
		store_err(st, __func__);
	sqlite3_reset(s);
	return rc;
}

int
store_tree_open(struct store *st, struct errbuf *e)
{
	struct audit_tree_state *t;
	struct backfill *b = NULL;
	int64_t backfill_to;
	int rc;

	e->msg[0] = '\0';
	if (sqlite3_create_function_v2(st->db, "kaito_audit_row", 15,
	    SQLITE_UTF8 | SQLITE_DIRECTONLY, st, scan_row_fn, NULL, NULL,
	    NULL) != SQLITE_OK)
		return errbuf_set(e, "cannot register the audit scan");
	/* Only the first open after the tree's schema step has work; a
	 * damaged tree is left for appends to refuse and verify to name. */
	if ((rc = backfill_pending(st, &backfill_to)) == -1)
		return errbuf_set(e, "cannot read the audit tree");
	if (rc == 0)
		return 0;
	if ((t = tree_get(st)) == NULL || (b = calloc(1, sizeof(*b))) == NULL)
		return errbuf_set(e, "out of memory");
	if (store_begin(st) == -1) {
		free(b);
		return errbuf_set(e, "cannot lock the database");
	}
	/* Another process may have done it meanwhile. */
	if (frontier_read(st, &t->f, &backfill_to) == -1)
		goto fail;
	t->loaded = 1;
	b->st = st;
	b->e = e;
	b->expect = (int64_t)t->f.size + 1;
	while (b->expect <= backfill_to) {
		rc = store_audit_scan(st, b->expect - 1, backfill_to,
		    backfill_row, b);
		if (rc < 0 && rc != -1)
			goto fail;
		if (rc == -1) {
			errbuf_set(e, "cannot read the audit log");
			goto fail;
		}
		if (b->n == 0)
			break;
		if (backfill_apply(b) == -1) {
			errbuf_set(e, "cannot store audit leaf hashes");
			goto fail;
		}
	}
	if (b->expect <= backfill_to) {
		errbuf_set(e, "audit row %lld is missing",
		    (long long)b->expect);
		goto fail;
	}
	if (store_commit(st) == -1) {
		errbuf_set(e, "cannot store the audit tree");
		free(b);
		return -1;
	}
	log_info("%s: hashed %lld audit rows into the tree", __func__,
	    (long long)backfill_to);
	free(b);
	return 0;
fail:
	for (size_t i = 0; i < b->n; i++)
		for (size_t k = 0; k < 4; k++)
			free(b->items[i].fixed[k]);
	store_rollback(st);
	free(b);
	if (e->msg[0] == '\0')
		errbuf_set(e, "cannot hash the audit log into its tree");
	return -1;
}

