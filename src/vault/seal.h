/*
 * seal.h -- sealing secrets at rest with their row identity bound in.
 *
 * Why: every seed, recovery code, webhook secret and login-TOTP seed is
 * stored sealed with XChaCha20-Poly1305 under the seal subkey, with the
 * row's identity ("token:42:seed") as associated data. A sealed value
 * copied to another row, or to another column of the same row, fails to
 * open: the database cannot be rearranged to hand one token's seed out
 * under another token's grants.
 *
 * FORMAT: sealed = version byte 0x01 || 24-byte random nonce ||
 *     ciphertext || 16-byte tag.
 */
#ifndef KAITO_VAULT_SEAL_H
#define KAITO_VAULT_SEAL_H

#include <stddef.h>
#include <stdint.h>

#define SEAL_VERSION	0x01
#define SEAL_OVERHEAD	(1 + 24 + 16)
#define SEAL_AD_MAX	64

/* Build the associated data for a row: "<table>:<id>:<column>". */
void seal_ad(char ad[SEAL_AD_MAX], const char *table, int64_t id,
    const char *column);

/*
 * Seal n bytes of pt into out, which holds n + SEAL_OVERHEAD bytes.
 * Returns 0 or -1 (keys not loaded). The caller wipes pt.
 */
int seal_seal(const unsigned char *pt, size_t n, const char *ad,
    unsigned char *out);

/*
 * Open n bytes of sealed into pt (n - SEAL_OVERHEAD bytes) and set *ptlen.
 * Returns 0, or -1 when the value is corrupt, was sealed for another row
 * or under another key. The caller wipes pt after use.
 */
int seal_open(const unsigned char *sealed, size_t n, const char *ad,
    unsigned char *pt, size_t *ptlen);

#endif
