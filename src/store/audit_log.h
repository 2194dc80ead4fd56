/*
 * store/audit_log.h -- the audit log's Merkle tree in the store: its head
 * and frontier, the latest checkpoint, stored leaf hashes and subtree
 * roots, and a fast scan of the rows in seq order.
 *
 * Why: the tree must move in the same transaction as the rows it covers,
 * whoever appends them (the writer's batches, CLI commands), so the
 * store keeps it: store_audit_append() (store/audit.h) hashes each row
 * into the tree, and the frontier is written back just before COMMIT.
 *
 * TREE STATE: leaf i (from 0) is the row with seq i + 1; seq is gapless.
 *     Within a write transaction the frontier is read once, then kept in
 *     memory on the connection, following savepoints, and written back by
 *     store_commit(). Appending refuses to work (fail closed) when rows
 *     exist beyond the stored tree: someone wrote the table behind the
 *     store's back, and `kaito audit verify` will name the row.
 */
#ifndef KAITO_STORE_AUDIT_LOG_H
#define KAITO_STORE_AUDIT_LOG_H

#include <stdint.h>

#include <jansson.h>

#include "audit/leaf.h"
#include "audit/merkle.h"
#include "store/store.h"

/* Complete subtrees of 2^AUDIT_NODE_MIN_LEVEL leaves and more are stored;
 * smaller ones are hashed from their leaves. */
#define AUDIT_NODE_MIN_LEVEL	8

/* The tree as this connection sees it (in a write transaction: with its
 * appends so far). Returns 0 or -1. */
int store_audit_frontier(struct store *st, struct merkle_frontier *f);

/* The latest checkpoint: its tree size (0: none yet) and, when note is
 * not NULL, its signed note in a new buffer (caller frees; NULL when
 * none). Returns 0 or -1. */
int store_audit_checkpoint_get(struct store *st, uint64_t *size, char **note);

/* The newest checkpoint whose own audit.checkpoint event has a seq of at
 * most max_seq (the durable horizon): its note in a new buffer (caller
 * frees), or *note NULL when there is none. Returns 0 or -1. */
int store_audit_checkpoint_upto(struct store *st, uint64_t max_seq,
    char **note);

/* Record the latest checkpoint (in the current transaction). 0 or -1. */
int store_audit_checkpoint_put(struct store *st, uint64_t size,
    const char *note);

/*
 * Call cb(arg, row) for each row with after < seq <= upto (upto 0: to the
 * end), in seq order, with row->lh the stored leaf hash (or NULL).
 * Columns of the wrong storage type give row->invalid. Stops when cb
 * returns non-zero and returns that value; else 0, or -1 on error. Use
 * inside store_begin_read() for one consistent view.
 */
int store_audit_scan(struct store *st, int64_t after, int64_t upto,
    int (*cb)(void *arg, const struct audit_row *row,
	const char *invalid),
    void *arg);

/* The stored leaf hashes of leaves [lo, hi) (seq lo + 1 .. hi). Returns 0,
 * or -1 (a row missing or without its hash). */
int store_audit_leaves(struct store *st, uint64_t lo, uint64_t hi,
    struct merkle_hash *out);

/* The stored root of the complete subtree (level, index): 0, 1 when not
 * stored, -1 on error. */
int store_audit_node(struct store *st, unsigned level, uint64_t index,
    struct merkle_hash *out);

/* Call cb for every stored subtree root, in key order. Stops and returns
 * cb's value when non-zero; else 0 or -1. */
int store_audit_nodes(struct store *st,
    int (*cb)(void *arg, unsigned level, uint64_t index,
	const struct merkle_hash *h),
    void *arg);

/* The highest seq in the table (0 when empty). Returns 0 or -1. */
int store_audit_max_seq(struct store *st, int64_t *seq);

#endif
