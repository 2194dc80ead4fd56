/*
 * token_seal.h -- sealing a token's secrets to its row.
 *
 * Why: a token's seed, recovery codes and staged rotation are sealed with
 * the associated data "tokens:<id>:<seed|recovery|pending>" (seal.h), so a
 * sealed value copied to another token, or to another column, fails to
 * open and can never be served under the wrong token's grants. These
 * wrappers fix the table name and the column names in one place.
 */
#ifndef KAITO_VAULT_TOKEN_SEAL_H
#define KAITO_VAULT_TOKEN_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "otp/token.h"
#include "store/tokens.h"

/*
 * Seal n bytes of pt for column which of token id. *out is malloc'd
 * (*outlen bytes); the caller frees it (it holds no plaintext). Returns 0
 * or -1 (out of memory, keys not loaded).
 */
int token_seal(int64_t id, enum token_sealed which, const void *pt,
    size_t n, unsigned char **out, size_t *outlen);

/*
 * Open a sealed column of token id into a new buffer *pt (malloc'd,
 * NUL-terminated after *ptlen bytes) that the caller releases with
 * token_plain_free(). Returns 0, or -1 when the value does not open for
 * this row (corrupt, moved from another row, other key) or memory ran out.
 */
int token_open(int64_t id, enum token_sealed which,
    const unsigned char *sealed, size_t n, unsigned char **pt,
    size_t *ptlen);

/* Wipe and release a buffer from token_open(). NULL-safe; NULLs *pt. */
void token_plain_free(unsigned char **pt, size_t len);

/*
 * Open token id's sealed seed into t->secret, leaving t's other fields
 * alone. Returns 0, or -1 when it does not open or is not a valid seed
 * length (t->secret is wiped then).
 */
int token_open_seed(int64_t id, const unsigned char *sealed, size_t n,
    struct otp_token *t);

#endif
