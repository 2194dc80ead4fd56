/*
 * test_merkle.c -- the RFC 6962 tree: known answers from the Certificate
 * Transparency test tree (as transparency-dev/merkle and Go's CT code
 * carry them), then every inclusion and consistency proof of every tree up
 * to 64 leaves against a naive recursive MTH, proofs that must fail, and
 * the frontier's completed subtrees.
 */
#include "unit.h"

#include <sodium.h>

#include "audit/merkle.h"

/* The CT test leaves: "", 00, 10, 2021, 3031, 40414243, 50..57, 60..6f. */
static const char *const leaf_hex[] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

/* MTH of the first 1..8 of them. */
static const char *const root_hex[] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

/* Inclusion proofs: leaf (1-based), tree size, path. */
static const struct {
	uint64_t leaf, size;
	const char *path[3];
	size_t n;
} incl_kat[] = {
	{ 1, 1, { NULL }, 0 },
	{ 1, 8, { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" }, 3 },
	{ 6, 8, { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
		  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" }, 3 },
	{ 3, 3, { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" }, 1 },
	{ 2, 5, { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" }, 3 },
};

/* Consistency proofs: sizes m, n, proof. */
static const struct {
	uint64_t m, n;
	const char *proof[3];
	size_t len;
} cons_kat[] = {
	{ 1, 1, { NULL }, 0 },
	{ 1, 8, { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" }, 3 },
	{ 6, 8, { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
		  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" }, 3 },
	{ 2, 5, { "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" }, 2 },
	{ 6, 7, { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
		  "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" }, 3 },
};

static void
hex_hash(const char *hex, struct merkle_hash *h)
{
	size_t n;

	assert_int_equal(sodium_hex2bin(h->b, sizeof(h->b), hex, strlen(hex),
	    NULL, &n, NULL), 0);
	assert_int_equal(n, MERKLE_HASH_LEN);
}

static void
assert_hash_hex(const struct merkle_hash *h, const char *hex)
{
	char got[2 * MERKLE_HASH_LEN + 1];

	sodium_bin2hex(got, sizeof(got), h->b, MERKLE_HASH_LEN);
	assert_string_equal(got, hex);
}

#define MAXLEAVES 64

static struct merkle_hash leaves[MAXLEAVES];

/* Leaf i: the CT leaves first, then 32-bit big-endian counters. */
static void
make_leaves(void)
{
	unsigned char buf[64];
	size_t n, i;

	for (i = 0; i < MAXLEAVES; i++) {
		if (i < ARRAY_LEN(leaf_hex)) {
			sodium_hex2bin(buf, sizeof(buf), leaf_hex[i],
			    strlen(leaf_hex[i]), NULL, &n, NULL);
		} else {
			buf[0] = (unsigned char)(i >> 24);
			buf[1] = (unsigned char)(i >> 16);
			buf[2] = (unsigned char)(i >> 8);
			buf[3] = (unsigned char)i;
			n = 4;
		}
		merkle_leaf_hash(buf, n, &leaves[i]);
	}
}

/* RFC 6962's recursive MTH, the plain way. */
static void
naive_mth(uint64_t lo, uint64_t hi, struct merkle_hash *out)
{
	struct merkle_hash l, r;
	uint64_t k = 1;

	if (hi - lo == 1) {
		*out = leaves[lo];
		return;
	}
	while (k * 2 < hi - lo)
		k *= 2;
	naive_mth(lo, lo + k, &l);
	naive_mth(lo + k, hi, &r);
	merkle_node_hash(&l, &r, out);
}

static int reads;

static int
mem_leaves(void *arg, uint64_t lo, uint64_t hi, struct merkle_hash *out)
{
	(void)arg;
	reads++;
	if (hi > MAXLEAVES)
		return -1;
	memcpy(out, &leaves[lo], (hi - lo) * sizeof(*out));
	return 0;
}

/* Stored nodes: every perfect subtree of 4 leaves and more. */
static int
mem_node(void *arg, unsigned level, uint64_t index, struct merkle_hash *out)
{
	(void)arg;
	if (level < 2)
		return 1;
	naive_mth(index << level, (index + 1) << level, out);
	return 0;
}

static const struct merkle_source plain_src = { NULL, mem_leaves, NULL, 1 };
static const struct merkle_source node_src = { mem_node, mem_leaves, NULL, 4 };

static void
test_empty_and_kat_roots(void **state)
{
	struct merkle_frontier f;
	struct merkle_hash root;
	size_t i;

	(void)state;
	merkle_frontier_init(&f);
	merkle_frontier_root(&f, &root);
	assert_hash_hex(&root, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b9"
	    "34ca495991b7852b855");
	for (i = 0; i < ARRAY_LEN(root_hex); i++) {
		assert_int_equal(merkle_frontier_append(&f, &leaves[i], NULL,
		    NULL), 0);
		merkle_frontier_root(&f, &root);
		assert_hash_hex(&root, root_hex[i]);
		assert_int_equal(merkle_range_root(&plain_src, 0, i + 1,
		    &root), 0);
		assert_hash_hex(&root, root_hex[i]);
	}
}

static void
test_inclusion_kat(void **state)
{
	struct merkle_hash proof[MERKLE_PROOF_MAX], want, root;
	size_t i, k, n;

	(void)state;
	for (i = 0; i < ARRAY_LEN(incl_kat); i++) {
		assert_int_equal(merkle_inclusion_proof(&plain_src,
		    incl_kat[i].leaf - 1, incl_kat[i].size, proof, &n), 0);
		assert_int_equal(n, incl_kat[i].n);
		for (k = 0; k < n; k++) {
			hex_hash(incl_kat[i].path[k], &want);
			assert_memory_equal(proof[k].b, want.b,
			    MERKLE_HASH_LEN);
		}
		hex_hash(root_hex[incl_kat[i].size - 1], &root);
		assert_int_equal(merkle_verify_inclusion(incl_kat[i].leaf - 1,
		    incl_kat[i].size, &leaves[incl_kat[i].leaf - 1], proof, n,
		    &root), 0);
	}
}

static void
test_consistency_kat(void **state)
{
	struct merkle_hash proof[MERKLE_PROOF_MAX], want, r1, r2;
	size_t i, k, n;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cons_kat); i++) {
		assert_int_equal(merkle_consistency_proof(&plain_src,
		    cons_kat[i].m, cons_kat[i].n, proof, &n), 0);
		assert_int_equal(n, cons_kat[i].len);
		for (k = 0; k < n; k++) {
			hex_hash(cons_kat[i].proof[k], &want);
			assert_memory_equal(proof[k].b, want.b,
			    MERKLE_HASH_LEN);
		}
		hex_hash(root_hex[cons_kat[i].m - 1], &r1);
		hex_hash(root_hex[cons_kat[i].n - 1], &r2);
		assert_int_equal(merkle_verify_consistency(cons_kat[i].m,
		    cons_kat[i].n, &r1, &r2, proof, n), 0);
	}
}

/* Every proof of every tree up to 64 leaves, from both sources, checks;
 * a proof with one bit flipped, or checked for the wrong index or size,
 * does not. */
static void
test_all_proofs_small_trees(void **state)
{
	struct merkle_hash proof[MERKLE_PROOF_MAX], proof2[MERKLE_PROOF_MAX];
	struct merkle_hash r1, r2, bad;
	uint64_t m, n, i;
	size_t len, len2, k;

	(void)state;
	for (n = 1; n <= MAXLEAVES; n++) {
		naive_mth(0, n, &r2);
		assert_int_equal(merkle_range_root(&node_src, 0, n, &r1), 0);
		assert_memory_equal(r1.b, r2.b, MERKLE_HASH_LEN);
		for (i = 0; i < n; i++) {
			assert_int_equal(merkle_inclusion_proof(&plain_src, i,
			    n, proof, &len), 0);
			assert_int_equal(merkle_inclusion_proof(&node_src, i, n,
			    proof2, &len2), 0);
			assert_int_equal(len, len2);
			assert_memory_equal(proof, proof2,
			    len * sizeof(proof[0]));
			assert_int_equal(merkle_verify_inclusion(i, n,
			    &leaves[i], proof, len, &r2), 0);
			if (n > 1)
				assert_int_equal(merkle_verify_inclusion(
				    (i + 1) % n, n, &leaves[i], proof, len,
				    &r2), -1);
			assert_int_equal(merkle_verify_inclusion(i, 2 * n + 1,
			    &leaves[i], proof, len, &r2), -1);
			for (k = 0; k < len; k++) {
				proof[k].b[k % 32] ^= 0x10;
				assert_int_equal(merkle_verify_inclusion(i, n,
				    &leaves[i], proof, len, &r2), -1);
				proof[k].b[k % 32] ^= 0x10;
			}
		}
		for (m = 1; m <= n; m++) {
			naive_mth(0, m, &r1);
			assert_int_equal(merkle_consistency_proof(&plain_src, m,
			    n, proof, &len), 0);
			assert_int_equal(merkle_consistency_proof(&node_src, m,
			    n, proof2, &len2), 0);
			assert_int_equal(len, len2);
			assert_memory_equal(proof, proof2,
			    len * sizeof(proof[0]));
			assert_int_equal(merkle_verify_consistency(m, n, &r1,
			    &r2, proof, len), 0);
			if (m < n) {
				bad = r1;
				bad.b[0] ^= 1;
				assert_int_equal(merkle_verify_consistency(m, n,
				    &bad, &r2, proof, len), -1);
				assert_int_equal(merkle_verify_consistency(m, n,
				    &r1, &bad, proof, len), -1);
				if (len > 0)
					assert_int_equal(
					    merkle_verify_consistency(m, n,
					    &r1, &r2, proof, len - 1), -1);
			}
		}
	}
}

struct seen {
	unsigned level[MAXLEAVES];
	uint64_t index[MAXLEAVES];
	struct merkle_hash h[MAXLEAVES];
	int n;
};

static int
record(void *arg, unsigned level, uint64_t index, const struct merkle_hash *h)
{
	struct seen *s = arg;

	s->level[s->n] = level;
	s->index[s->n] = index;
	s->h[s->n++] = *h;
	return 0;
}

/* The frontier reports each perfect subtree once, when it completes, with
 * the right name and root; it survives storing and loading. */
static void
test_frontier_nodes_and_load(void **state)
{
	struct merkle_frontier f, g;
	struct merkle_hash want, r1, r2;
	struct seen s;
	uint64_t i;
	int k, total = 0;

	(void)state;
	merkle_frontier_init(&f);
	for (i = 0; i < MAXLEAVES; i++) {
		s.n = 0;
		assert_int_equal(merkle_frontier_append(&f, &leaves[i], record,
		    &s), 0);
		/* Leaf i completes one subtree per trailing 1 bit of i. */
		assert_int_equal(s.n, __builtin_ctzll(~i));
		for (k = 0; k < s.n; k++) {
			assert_int_equal(s.level[k], (unsigned)k + 1);
			assert_int_equal(s.index[k], i >> (k + 1));
			naive_mth(s.index[k] << s.level[k],
			    (s.index[k] + 1) << s.level[k], &want);
			assert_memory_equal(s.h[k].b, want.b, MERKLE_HASH_LEN);
		}
		total += s.n;
		assert_int_equal(f.n, __builtin_popcountll(i + 1));
		assert_int_equal(merkle_frontier_load(&g, f.size, f.h[0].b,
		    MERKLE_FRONTIER_BYTES(&f)), 0);
		merkle_frontier_root(&f, &r1);
		merkle_frontier_root(&g, &r2);
		assert_memory_equal(r1.b, r2.b, MERKLE_HASH_LEN);
		assert_int_equal(merkle_frontier_load(&g, f.size + 1, f.h[0].b,
		    MERKLE_FRONTIER_BYTES(&f)),
		    __builtin_popcountll(f.size + 1) == f.n ? 0 : -1);
	}
	assert_int_equal(total, MAXLEAVES - 1);	/* n - 1 inner nodes */
}

/* With stored nodes, a proof reads few leaf batches. */
static void
test_proof_reads_are_bounded(void **state)
{
	struct merkle_hash proof[MERKLE_PROOF_MAX];
	size_t len;

	(void)state;
	reads = 0;
	assert_int_equal(merkle_inclusion_proof(&node_src, 37, 61, proof,
	    &len), 0);
	assert_true(reads <= 3);
	reads = 0;
	assert_int_equal(merkle_consistency_proof(&node_src, 37, 61, proof,
	    &len), 0);
	assert_true(reads <= 4);
	assert_int_equal(merkle_inclusion_proof(&node_src, 61, 61, proof,
	    &len), -1);
	assert_int_equal(merkle_consistency_proof(&node_src, 0, 61, proof,
	    &len), -1);
	assert_int_equal(merkle_consistency_proof(&node_src, 62, 61, proof,
	    &len), -1);
}

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	make_leaves();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_kat_roots),
		cmocka_unit_test(test_inclusion_kat),
		cmocka_unit_test(test_consistency_kat),
		cmocka_unit_test(test_all_proofs_small_trees),
		cmocka_unit_test(test_frontier_nodes_and_load),
		cmocka_unit_test(test_proof_reads_are_bounded),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
