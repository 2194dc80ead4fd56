/*
 * verify.h -- checking an audit log offline: every leaf, the tree, every
 * checkpoint's signature, and checkpoints held outside the log, with
 * nothing but the log's public key.
 *
 * Why: this is what `kaito audit verify` runs on the database or on an
 * export, and what makes the log tamper-evident rather than merely
 * append-only by convention. It streams: rows are fed in seq order and
 * memory stays O(log n) (plus the stored-node check's n/128 hashes).
 *
 * RULES (docs/audit.md "Verification"), the first broken one is reported
 * with the first bad seq (or the range it must lie in):
 *   1. seq runs 1, 2, 3... (or on from a partial export's start);
 *   2. each row encodes as a leaf, and its stored leaf hash (database
 *      column lh, export member "lh") equals the recomputed one;
 *   3. each audit.checkpoint event carries a note signed by the key,
 *      naming the key's log, for the tree of all rows before it, whose
 *      root equals the recomputed root;
 *   4. each held checkpoint (--checkpoint files, the database's latest,
 *      an export's header) is signed by the key and either matches the
 *      recomputed root at its size or lies beyond the end of the log
 *      (then the log was truncated);
 *   5. every row is covered by a verified checkpoint, but for the last
 *      row when it is the newest checkpoint's own event;
 *   6. (database) the stored frontier and subtree roots match the rows.
 */
#ifndef KAITO_AUDIT_VERIFY_H
#define KAITO_AUDIT_VERIFY_H

#include <stdint.h>

#include "audit/leaf.h"
#include "audit/merkle.h"
#include "audit/note.h"

struct audit_verify;		/* opaque */

struct audit_verify_result {
	int ok;			/* 1: everything held */
	int64_t bad_lo;		/* first bad seq; 0 when the problem is
				   not a row (a held checkpoint's
				   signature) */
	int64_t bad_hi;		/* bad_lo when exact, else the range's
				   end */
	char msg[512];		/* what is wrong, from the seqs on */
	uint64_t rows;		/* rows checked */
	uint64_t checkpoints;	/* checkpoint events verified */
	uint64_t held;		/* held checkpoints matched */
	struct merkle_frontier tree;	/* the recomputed tree */
};

/* A verifier for the log signed by key. record_nodes: keep the stored-
 * subtree roots for audit_verify_node(). NULL on out of memory. */
struct audit_verify *audit_verify_new(const struct note_verifier *key,
    int record_nodes);

void audit_verify_free(struct audit_verify *v);

/* Continue a log whose first f->size rows are not in hand (a partial
 * export): their tree is taken as given, to be confirmed by the next
 * checkpoint. Call before the first row. */
void audit_verify_start(struct audit_verify *v,
    const struct merkle_frontier *f);

/* Hold a checkpoint from outside the log; source names it in messages
 * (copied). Returns 0, or -1 when it is not a checkpoint signed by the
 * key (the result says why). */
int audit_verify_hold(struct audit_verify *v, const char *note, size_t n,
    const char *source);

/* Feed the next row (invalid: the column of a wrong type, or NULL).
 * Returns 0 to go on, 1 once the log is known bad. */
int audit_verify_row(struct audit_verify *v, const struct audit_row *row,
    const char *invalid);

/* End of the rows: checks held checkpoints past the end and coverage.
 * Returns 0 or 1 (bad). */
int audit_verify_finish(struct audit_verify *v);

/* After finish: the database's stored frontier must be the recomputed
 * one. Returns 0 or 1. */
int audit_verify_frontier(struct audit_verify *v,
    const struct merkle_frontier *stored);

/* After finish: one stored subtree root; then audit_verify_nodes_end()
 * with the count seen checks that none is missing. Return 0 or 1. */
int audit_verify_node(struct audit_verify *v, unsigned level, uint64_t index,
    const struct merkle_hash *h);
int audit_verify_nodes_end(struct audit_verify *v, uint64_t seen);

/* Mark the log bad for a reason found outside (a read error at a seq). */
void audit_verify_fail(struct audit_verify *v, int64_t lo, int64_t hi,
    const char *fmt, ...) __attribute__((__format__(printf, 4, 5)));

/* 1 once the log is known bad. */
int audit_verify_bad(const struct audit_verify *v);

/*
 * Run v over the database's log in one read transaction: the latest
 * checkpoint is held, then every row, the stored frontier and subtree
 * roots are checked. Returns 0 when the log was read (the result says
 * whether it holds), -1 when it could not be read.
 */
struct store;
int audit_verify_db(struct store *st, struct audit_verify *v);

void audit_verify_get(const struct audit_verify *v,
    struct audit_verify_result *r);

#endif
