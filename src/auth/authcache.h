/*
 * authcache.h -- recently checked API tokens, so a busy script's bearer
 * token is not looked up in the database on every request.
 *
 * CORRECTNESS: every entry is stamped with the credential generation read
 * before its database lookup. The writer bumps the generation after every
 * commit that may have changed who is who (any job not marked
 * auth_neutral: revocations, disabled users, deleted tokens, new
 * passwords...), once the change is visible to readers. An entry whose
 * stamp is older than the current generation is a miss. So a revocation
 * is honoured by the first request that starts after its commit, exactly
 * as without the cache. Expiry is checked on every hit. Only this process
 * changes credentials (CLI commands only create them); a change made
 * behind its back (an operator's SQL) is seen within AUTHCACHE_TTL_MS,
 * the most an entry is trusted for.
 */
#ifndef KAITO_AUTH_AUTHCACHE_H
#define KAITO_AUTH_AUTHCACHE_H

#include <stdint.h>

#include "auth/secret.h"
#include "store/sessions.h"

#define AUTHCACHE_TTL_MS	1000

/* The current generation (read it before a database lookup). */
uint64_t authcache_generation(void);

/* Called by the writer after a commit that may change credentials. */
void authcache_bump(void);

/* Look up hash; 1 with *c filled when a current entry exists, else 0. */
int authcache_get(const unsigned char hash[SECRET_HASH_LEN],
    struct credential *c);

/* Remember c for hash, stamped with gen (read before the lookup). */
void authcache_put(const unsigned char hash[SECRET_HASH_LEN],
    const struct credential *c, uint64_t gen);

#endif
