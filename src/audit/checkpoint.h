/*
 * checkpoint.h -- signing the audit log's tree head: C2SP checkpoints with
 * the install's Ed25519 key, each also appended to the log.
 *
 * Why: a signed root commits the key holder to every row under it, so a
 * row changed or removed later no longer matches a checkpoint that a
 * verifier, a SIEM or a witness already holds. Appending each checkpoint
 * as an `audit.checkpoint` event sends it wherever the events go.
 *
 * WHEN: the writer calls audit_checkpoint() at the end of every group
 *     commit (and CLI commands at the end of theirs), in the same
 *     transaction, so the checkpoint is durable with the rows it covers.
 *     It signs the tree of size n (everything so far) and then appends
 *     the event as row n + 1: that row is covered by the next checkpoint,
 *     so there is no loop. It signs only when rows other than the last
 *     checkpoint's own event were added, unless forced (the idle
 *     heartbeat, at least every 60 s).
 * KEY: Ed25519 seed = keys_derive(KEY_AUDIT_SIGN); key name = origin =
 *     "kaito.local/<install id>", the install id being the meta value
 *     "install_id" (random, made by the schema step that created the
 *     tree). The expanded key is kept in guarded memory, no access
 *     between uses, and wiped by audit_signer_forget().
 */
#ifndef KAITO_AUDIT_CHECKPOINT_H
#define KAITO_AUDIT_CHECKPOINT_H

#include "audit/note.h"
#include "store/store.h"

#define AUDIT_ORIGIN_PREFIX	"kaito.local/"
#define AUDIT_INSTALL_ID_MAX	64
#define AUDIT_NOTE_MAX		1024	/* ours are about 200 bytes */

/* The install id into out. Returns 0 or -1. */
int audit_install_id(struct store *st, char out[AUDIT_INSTALL_ID_MAX]);

/* The origin line and key name, "kaito.local/<install id>". 0 or -1. */
int audit_origin(struct store *st, char out[NOTE_NAME_MAX + 1]);

/* This install's verifier (public) key. Needs the root key loaded.
 * Returns 0 or -1. */
int audit_verifier(struct store *st, struct note_verifier *v);

/*
 * In st's open write transaction: sign a checkpoint of the tree as it
 * stands, record it as the latest, and append it as an audit.checkpoint
 * event. Skipped (returns 0) when the root key is not loaded, the log is
 * empty, or nothing but the last checkpoint's event was added and force
 * is 0. Returns 1 when it signed, 0 when skipped, -1 on error (the caller
 * rolls back what it did; see writer.c).
 */
int audit_checkpoint(struct store *st, int force);

/* Wipe and release the cached signing key. */
void audit_signer_forget(void);

#endif
