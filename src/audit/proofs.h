/*
 * proofs.h -- inclusion and consistency proofs of the stored audit log.
 *
 * Why: a SIEM or an auditor holding a checkpoint can ask for O(log n)
 * hashes that prove an event is under it, or that a newer checkpoint
 * extends an older one, instead of fetching the whole log.
 *
 * HOW: merkle.h's RFC 9162 proofs over a source backed by the store:
 *     complete subtrees of 256 leaves and more are read from audit_node
 *     (one indexed lookup each), smaller ones are hashed from their leaves,
 *     read 256 at a time from the lh column and cached for the proof. A
 *     proof thus costs O(log n) lookups and at most a few 256-row reads,
 *     whatever the size of the log (docs/audit.md has the measurements).
 *     Call inside store_begin_read() for a consistent view.
 */
#ifndef KAITO_AUDIT_PROOFS_H
#define KAITO_AUDIT_PROOFS_H

#include <stddef.h>
#include <stdint.h>

#include "audit/merkle.h"
#include "store/store.h"

/* The root of the tree of the first size rows (size <= the log's). */
int audit_proof_root(struct store *st, uint64_t size, struct merkle_hash *root);

/* The leaf hash of seq and its inclusion proof in the tree of the first
 * size rows (1 <= seq <= size <= the log's). Returns 0 or -1. */
int audit_proof_inclusion(struct store *st, uint64_t seq, uint64_t size,
    struct merkle_hash *lh, struct merkle_hash *proof, size_t *n);

/* The consistency proof between the trees of the first m and n rows
 * (1 <= m <= n <= the log's). Returns 0 or -1. */
int audit_proof_consistency(struct store *st, uint64_t m, uint64_t n,
    struct merkle_hash *proof, size_t *len);

/* The frontier of the tree of the first size rows (for exports that
 * start after them). Returns 0 or -1. */
int audit_proof_frontier(struct store *st, uint64_t size,
    struct merkle_frontier *f);

#endif
