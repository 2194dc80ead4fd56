/*
 * proof_time.c -- how long inclusion and consistency proofs take on a
 * large log, as GET /api/v1/audit/proof/... computes them.
 *
 * Usage: proof_time DB [COUNT]
 *
 * Why: proofs must stay O(log n) reads however long the log grows (stored
 * subtree roots for complete subtrees of 256 leaves and more, leaf hashes
 * below that). Times COUNT (default 2000) random proofs of each kind,
 * each checked, in one read transaction, and prints the mean and the
 * worst in microseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sodium.h>

#include "audit/proofs.h"
#include "store/audit_log.h"
#include "util/jsonmem.h"
#include "util/log.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int
main(int argc, char **argv)
{
	struct merkle_hash lh, r1, r2, proof[MERKLE_PROOF_MAX];
	struct merkle_frontier f;
	struct errbuf e;
	struct store *st;
	double t, sum_i = 0, sum_c = 0, max_i = 0, max_c = 0;
	uint64_t n, m, seq;
	size_t len;
	int i, count = argc > 2 ? atoi(argv[2]) : 2000;

	if (argc < 2 || count < 1 || sodium_init() < 0) {
		fprintf(stderr, "usage: proof_time DB [COUNT]\n");
		return 2;
	}
	jsonmem_init();
	log_set_quiet(1);
	if ((st = store_open(argv[1], &e)) == NULL ||
	    store_begin_read(st) == -1 || store_audit_frontier(st, &f) == -1) {
		fprintf(stderr, "proof_time: %s\n", e.msg);
		return 1;
	}
	n = f.size;
	merkle_frontier_root(&f, &r2);
	for (i = 0; i < count; i++) {
		seq = 1 + randombytes_uniform((uint32_t)n);
		t = now_us();
		if (audit_proof_inclusion(st, seq, n, &lh, proof, &len) == -1)
			return 1;
		t = now_us() - t;
		if (merkle_verify_inclusion(seq - 1, n, &lh, proof, len, &r2))
			return fprintf(stderr, "bad inclusion proof\n"), 1;
		sum_i += t;
		max_i = t > max_i ? t : max_i;
		m = 1 + randombytes_uniform((uint32_t)n);
		t = now_us();
		if (audit_proof_consistency(st, m, n, proof, &len) == -1)
			return 1;
		t = now_us() - t;
		if (audit_proof_root(st, m, &r1) == -1 ||
		    merkle_verify_consistency(m, n, &r1, &r2, proof, len))
			return fprintf(stderr, "bad consistency proof\n"), 1;
		sum_c += t;
		max_c = t > max_c ? t : max_c;
	}
	store_commit(st);
	store_close(st);
	printf("proofs on %llu leaves: inclusion %.0f us mean, %.0f us worst; "
	    "consistency %.0f us mean, %.0f us worst (%d each)\n",
	    (unsigned long long)n, sum_i / count, max_i, sum_c / count, max_c,
	    count);
	return 0;
}
