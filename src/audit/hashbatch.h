/*
 * hashbatch.h -- SHA-256 of several independent messages at once.
 *
 * Why: `kaito audit verify` hashes every row's leaf (a browser row's is
 * 391 bytes, seven SHA-256 blocks). With the CPU's SHA extensions one
 * SHA-256 is latency-bound: each pair of rounds waits on the last, about
 * 45 ns a block on our CI machine, while the SHA unit could take another
 * message's rounds in between. Intel's multi-buffer library (libIPSec_MB,
 * Debian's libipsec-mb) interleaves two messages that way; this module
 * hands it a batch. Where that library or the SHA extensions are missing,
 * OpenSSL hashes the batch one message after the other. The digests are
 * the same either way (tests/unit/test_hashbatch.c).
 */
#ifndef KAITO_AUDIT_HASHBATCH_H
#define KAITO_AUDIT_HASHBATCH_H

#include <stddef.h>

#include "audit/merkle.h"

struct hashbatch;		/* opaque; one per thread that hashes */

/* A hasher: the multi-buffer one when this machine has it (force_plain:
 * never, for tests). NULL on out of memory. */
struct hashbatch *hashbatch_new(int force_plain);

void hashbatch_free(struct hashbatch *hb);

/* out[i] = SHA-256(msg[i][0..len[i])) for i < n. */
void hashbatch_sha256(struct hashbatch *hb, size_t n,
    const unsigned char *const msg[], const size_t len[],
    struct merkle_hash out[]);

/* Which engine hashes: "ipsec-mb" or "openssl" (for benchmarks). */
const char *hashbatch_engine(const struct hashbatch *hb);

#endif
