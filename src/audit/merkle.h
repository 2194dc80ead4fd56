/*
 * merkle.h -- the RFC 6962 / RFC 9162 Merkle tree of the audit log: leaf
 * and node hashes, the compact frontier that grows the tree one leaf at a
 * time, tree heads of any range, and inclusion and consistency proofs
 * (making and checking them).
 *
 * Why: every audit row is a leaf, so one 32-byte root commits to the whole
 * log, a signed root (a checkpoint) commits the log's key to it, and
 * anyone can check with O(log n) hashes that an event is in the log or
 * that a later log extends an earlier one without rewriting it.
 *
 * FORMAT (RFC 6962 2.1, SHA-256):
 *     leaf hash  = SHA-256(0x00 || entry)
 *     node hash  = SHA-256(0x01 || left || right)
 *     MTH({})    = SHA-256("")
 *     MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of
 *                  two smaller than n.
 *     A perfect subtree is named by (level, index): the 2^level leaves
 *     [index << level, (index + 1) << level).
 * FRONTIER: for a tree of size n, the roots of the perfect subtrees that
 *     the binary digits of n cut it into, largest (leftmost) first: one
 *     hash per bit set in n. Appending a leaf merges the trailing roots
 *     of equal height, like a binary counter's carry.
 *
 * This module is pure: no I/O. Proofs read hashes through a struct
 * merkle_source, which the store backs with stored nodes and leaves.
 */
#ifndef KAITO_AUDIT_MERKLE_H
#define KAITO_AUDIT_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_LEN		32
#define MERKLE_MAX_HEIGHT	64	/* frontier entries, at most */
#define MERKLE_PROOF_MAX	130	/* hashes in any proof, and margin */

struct merkle_hash {
	unsigned char b[MERKLE_HASH_LEN];
};

struct merkle_frontier {
	uint64_t size;			/* leaves appended */
	int n;				/* entries in h: popcount(size) */
	struct merkle_hash h[MERKLE_MAX_HEIGHT];	/* largest first */
};

/* Plain SHA-256 (for callers that put the 0x00 in front themselves). */
void merkle_sha256(const void *data, size_t n, struct merkle_hash *out);

/* SHA-256(0x00 || data). */
void merkle_leaf_hash(const void *data, size_t n, struct merkle_hash *out);

/* SHA-256(0x01 || l || r). */
void merkle_node_hash(const struct merkle_hash *l, const struct merkle_hash *r,
    struct merkle_hash *out);

/* The root of the empty tree, SHA-256(""). */
void merkle_empty_root(struct merkle_hash *out);

/* An empty tree. */
void merkle_frontier_init(struct merkle_frontier *f);

/*
 * Append one leaf hash. For every perfect subtree of height >= 1 that the
 * leaf completes, done(arg, level, index, root) is called (if done is not
 * NULL) from the lowest to the highest. Returns 0, or -1 when the tree is
 * full or done returned -1 (the frontier is then unchanged).
 */
int merkle_frontier_append(struct merkle_frontier *f,
    const struct merkle_hash *leaf,
    int (*done)(void *arg, unsigned level, uint64_t index,
	const struct merkle_hash *root),
    void *arg);

/* The tree head (MTH) of the frontier's tree. */
void merkle_frontier_root(const struct merkle_frontier *f,
    struct merkle_hash *out);

/*
 * Load a frontier from its stored form: size and popcount(size) hashes of
 * 32 bytes, largest subtree first (blob, n bytes). Returns 0, or -1 when n
 * does not fit size.
 */
int merkle_frontier_load(struct merkle_frontier *f, uint64_t size,
    const unsigned char *blob, size_t n);

/* The stored form: f->n * 32 bytes starting at f->h[0].b. */
#define MERKLE_FRONTIER_BYTES(f)	((size_t)(f)->n * MERKLE_HASH_LEN)

/*
 * Where proofs read hashes from. node() gives the root of the perfect
 * subtree (level, index) when the source keeps it: 0, 1 when it does not
 * (it is then computed from smaller parts), or -1 on error; node may be
 * NULL. leaves() fills out with the leaf hashes [lo, hi): 0 or -1. Ranges
 * of at most leaf_batch leaves are hashed from their leaves in one read.
 */
struct merkle_source {
	int (*node)(void *arg, unsigned level, uint64_t index,
	    struct merkle_hash *out);
	int (*leaves)(void *arg, uint64_t lo, uint64_t hi,
	    struct merkle_hash *out);
	void *arg;
	uint64_t leaf_batch;		/* at least 1; at most 256 */
};

/* MTH of the leaves [lo, hi) (lo < hi). Returns 0 or -1. */
int merkle_range_root(const struct merkle_source *src, uint64_t lo,
    uint64_t hi, struct merkle_hash *out);

/*
 * The inclusion proof (audit path, RFC 9162 2.1.3.1) of leaf index in the
 * tree of the first size leaves, leaf to root, into proof (room for
 * MERKLE_PROOF_MAX). Returns 0 with *n set, or -1 (index >= size, or a
 * read failed).
 */
int merkle_inclusion_proof(const struct merkle_source *src, uint64_t index,
    uint64_t size, struct merkle_hash *proof, size_t *n);

/*
 * The consistency proof (RFC 9162 2.1.4.1) between the trees of the first
 * m and the first n leaves, 0 < m <= n, into proof (room for
 * MERKLE_PROOF_MAX). Empty when m == n. Returns 0 with *len set, or -1.
 */
int merkle_consistency_proof(const struct merkle_source *src, uint64_t m,
    uint64_t n, struct merkle_hash *proof, size_t *len);

/* Check an inclusion proof (RFC 9162 2.1.3.2). Returns 0 when it holds,
 * else -1. */
int merkle_verify_inclusion(uint64_t index, uint64_t size,
    const struct merkle_hash *leaf, const struct merkle_hash *proof,
    size_t n, const struct merkle_hash *root);

/* Check a consistency proof (RFC 9162 2.1.4.2); m == n needs an empty
 * proof and equal roots, m == 0 an empty proof. Returns 0 or -1. */
int merkle_verify_consistency(uint64_t m, uint64_t n,
    const struct merkle_hash *root1, const struct merkle_hash *root2,
    const struct merkle_hash *proof, size_t len);

#endif
