/*
 * keys.h -- the root key and the subkeys derived from it.
 *
 * Why: one 32-byte root key protects everything at rest. It is loaded once
 * (from the key file `kaito init` writes with mode 0600, or from
 * KAITO_ROOT_KEY) and never used directly: each purpose gets its own
 * subkey through crypto_kdf, so a key leaked from one use cannot be
 * replayed in another.
 *
 * MEMORY: at load, every subkey is derived once into one sodium_malloc'd
 * region (guard pages, mlock'd, excluded from core dumps), which is then
 * made read-only; the root key itself is wiped and freed. Reading a
 * subkey is a pointer dereference. (Toggling page protection around each
 * use, as an earlier version did, cost two mprotect calls and a TLB
 * shootdown per code view: 40% of the server's time under load.)
 */
#ifndef KAITO_VAULT_KEYS_H
#define KAITO_VAULT_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "util/errbuf.h"

#define KEY_LEN	32

/* Subkey purposes; the numbers are part of the on-disk format. */
enum key_purpose {
	KEY_SEAL = 1,		/* XChaCha20-Poly1305 for secrets at rest */
	KEY_AUDIT_SIGN = 2,	/* Ed25519 seed for audit checkpoints */
	KEY_TOKEN_HASH = 3,	/* keyed BLAKE2b of session and API tokens */
	KEY_AUDIT_FPR = 4,	/* HMAC fingerprints of seeds in audit events */
	KEY_WEBHOOK = 5		/* reserved: webhook signing */
};

/*
 * Create a new random root key in path (mode 0600, O_EXCL: an existing
 * file is never overwritten). Returns 0 or -1 with e set.
 */
int keys_create_file(const char *path, struct errbuf *e);

/*
 * Load the root key: from the environment variable KAITO_ROOT_KEY (64 hex
 * digits) when set, else from path, which must be a regular file of 32
 * bytes not readable by group or others. The variable is removed from the
 * environment after reading. Returns 0 or -1 with e set.
 */
int keys_load(const char *path, struct errbuf *e);

/* 1 once a root key is loaded. */
int keys_loaded(void);

/* The subkey for purpose (KEY_LEN bytes, read-only memory), valid until
 * keys_unload(). keys_load must have succeeded. */
const unsigned char *keys_get(enum key_purpose purpose);

/* Copy the subkey for purpose into out (the caller wipes it). */
void keys_derive(enum key_purpose purpose, unsigned char out[KEY_LEN]);

/* Wipe and release the subkeys. */
void keys_unload(void);

#endif
