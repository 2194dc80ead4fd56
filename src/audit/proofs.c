/*
 * proofs.c -- proofs from the stored log; see proofs.h.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/proofs.h"
#include "store/audit_log.h"

#define CHUNK	((uint64_t)1 << AUDIT_NODE_MIN_LEVEL)

struct store_source {
	struct store *st;
	uint64_t size;			/* no leaf read at or past */
	uint64_t chunk;			/* the cached chunk's number */
	uint64_t chunk_n;		/* its leaves; 0: none cached */
	struct merkle_hash leaves[CHUNK];
};

static int
src_node(void *arg, unsigned level, uint64_t index, struct merkle_hash *out)
{
	struct store_source *s = arg;

	return store_audit_node(s->st, level, index, out);
}

static int
src_leaves(void *arg, uint64_t lo, uint64_t hi, struct merkle_hash *out)
{
	struct store_source *s = arg;
	uint64_t c = lo / CHUNK, start = c * CHUNK, end;

	if (hi > start + CHUNK)		/* not within one chunk */
		return store_audit_leaves(s->st, lo, hi, out);
	if (s->chunk_n == 0 || s->chunk != c) {
		end = start + CHUNK < s->size ? start + CHUNK : s->size;
		if (store_audit_leaves(s->st, start, end, s->leaves) == -1)
			return -1;
		s->chunk = c;
		s->chunk_n = end - start;
	}
	if (hi - start > s->chunk_n)
		return -1;
	memcpy(out, &s->leaves[lo - start], (hi - lo) * sizeof(*out));
	return 0;
}

/* A source over the first size rows; free() it. */
static struct store_source *
source_new(struct store *st, uint64_t size, struct merkle_source *src)
{
	struct store_source *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->st = st;
	s->size = size;
	src->node = src_node;
	src->leaves = src_leaves;
	src->arg = s;
	src->leaf_batch = CHUNK;
	return s;
}

int
audit_proof_root(struct store *st, uint64_t size, struct merkle_hash *root)
{
	struct merkle_source src;
	struct store_source *s;
	int rc;

	if (size == 0) {
		merkle_empty_root(root);
		return 0;
	}
	if ((s = source_new(st, size, &src)) == NULL)
		return -1;
	rc = merkle_range_root(&src, 0, size, root);
	free(s);
	return rc;
}

int
audit_proof_inclusion(struct store *st, uint64_t seq, uint64_t size,
    struct merkle_hash *lh, struct merkle_hash *proof, size_t *n)
{
	struct merkle_source src;
	struct store_source *s;
	int rc = -1;

	*n = 0;
	if (seq == 0 || seq > size)
		return -1;
	if ((s = source_new(st, size, &src)) == NULL)
		return -1;
	if (src_leaves(s, seq - 1, seq, lh) == 0)
		rc = merkle_inclusion_proof(&src, seq - 1, size, proof, n);
	free(s);
	return rc;
}

int
audit_proof_consistency(struct store *st, uint64_t m, uint64_t n,
    struct merkle_hash *proof, size_t *len)
{
	struct merkle_source src;
	struct store_source *s;
	int rc;

	*len = 0;
	if ((s = source_new(st, n, &src)) == NULL)
		return -1;
	rc = merkle_consistency_proof(&src, m, n, proof, len);
	free(s);
	return rc;
}

int
audit_proof_frontier(struct store *st, uint64_t size,
    struct merkle_frontier *f)
{
	struct merkle_source src;
	struct store_source *s;
	uint64_t lo = 0, w;
	int b, rc = 0;

	merkle_frontier_init(f);
	if (size == 0)
		return 0;
	if ((s = source_new(st, size, &src)) == NULL)
		return -1;
	/* One perfect subtree per bit of size, the largest first. */
	for (b = 63; b >= 0 && rc == 0; b--) {
		if ((size >> b & 1) == 0)
			continue;
		w = (uint64_t)1 << b;
		rc = merkle_range_root(&src, lo, lo + w, &f->h[f->n++]);
		lo += w;
	}
	f->size = size;
	free(s);
	return rc;
}
