/*
 * fingerprint.h -- keyed fingerprints of secrets, for audit events.
 *
 * Why: an auditor must be able to tell which seed a reveal handed out
 * (was it the one that leaked?) without the log ever holding the seed. A
 * seed reveal records HMAC-SHA256(seed) under a per-install key, and an
 * administrator holding a seed can ask the server (POST
 * /api/v1/audit/fingerprint) for its fingerprint and search the log for
 * it. Without the root key nobody can compute or test fingerprints, so a
 * leaked log does not let anyone confirm a guessed seed. (Vault's
 * audit-hash, with its per-device salt, works the same way.)
 *
 * FORMAT: "hmac-sha256:" followed by 64 lower-case hex digits of
 *     HMAC-SHA256(key = keys_derive(KEY_AUDIT_FPR), message = the secret's
 *     bytes, as decoded from base32).
 */
#ifndef KAITO_AUDIT_FINGERPRINT_H
#define KAITO_AUDIT_FINGERPRINT_H

#include <stddef.h>

#define AUDIT_FPR_PREFIX	"hmac-sha256:"
#define AUDIT_FPR_LEN		(sizeof(AUDIT_FPR_PREFIX) - 1 + 64 + 1)

/* Write the fingerprint of seed[0..n) into out (NUL-terminated). Returns
 * 0, or -1 when the root key is not loaded. */
int audit_fingerprint(const unsigned char *seed, size_t n,
    char out[AUDIT_FPR_LEN]);

#endif
