/*
 * store/tokens.h -- the vault's tokens: their labels and parameters in
 * clear, their seeds, recovery codes and staged rotations sealed.
 *
 * Why: one header for every query on the tokens table, so a reviewer sees
 * that the store only ever moves sealed bytes: sealing and opening happen
 * in vault/token_seal.c with the row's id bound in, never here.
 *
 * SEALED COLUMNS (migrations.c): seed_sealed holds the raw secret bytes,
 * recovery_sealed a JSON array of strings, pending_sealed an otpauth URI,
 * each sealed with the associated data "tokens:<id>:<seed|recovery|pending>".
 * A row is inserted with an empty seed_sealed and sealed by the same job
 * right after, once its id is known (see api/token_create.c).
 */
#ifndef KAITO_STORE_TOKENS_H
#define KAITO_STORE_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "kaito_limits.h"
#include "otp/token.h"
#include "store/store.h"

/* A token's row as the API shows it, without any secret. */
struct token_row {
	int64_t id;
	char issuer[LIMIT_OTP_LABEL + 1];
	char account[LIMIT_OTP_LABEL + 1];
	enum otp_kind kind;
	enum otp_algo algo;
	unsigned digits;
	uint32_t period;		/* seconds; meaningless for HOTP */
	uint64_t counter;		/* next HOTP counter; 0 otherwise */
	char notes[LIMIT_NOTES + 1];
	int has_recovery;		/* recovery_sealed is set */
	int rotation_pending;		/* pending_sealed is set */
	char created_by[LIMIT_EMAIL + 1];	/* "" once the user is gone */
	int64_t created_at;
	int64_t updated_at;
	int user_level;			/* the asking user's own grant; 0 none */
	int group_level;		/* best grant of their groups; 0 none */
};

/* The sealed columns. */
enum token_sealed {
	TOKEN_SEALED_SEED,
	TOKEN_SEALED_RECOVERY,
	TOKEN_SEALED_PENDING
};

/*
 * Fill *t for token id, with the grant levels of user_id (0: none asked).
 * Returns 0, STORE_NOTFOUND or -1.
 */
int store_token_get(struct store *st, int64_t id, int64_t user_id,
    struct token_row *t);

/*
 * Call cb for every token user_id holds a grant on (directly or through a
 * group), or for every token when all is set, in id order. cb returns 0 to
 * go on or -1 to stop (then this returns -1). Returns 0 or -1.
 */
int store_token_list(struct store *st, int64_t user_id, int all,
    int (*cb)(void *arg, const struct token_row *t), void *arg);

/*
 * Insert a token with t's label and parameters (not its secret: the seed
 * column is left empty for store_token_sealed_set), notes and creator.
 * Returns 0 with *id set, or -1.
 */
int store_token_insert(struct store *st, const struct otp_token *t,
    const char *notes, int64_t created_by, int64_t *id);

/*
 * Read a copy of a sealed column into *out (malloc'd, n bytes; NULL when
 * the column is NULL or empty). The caller frees it. Returns 0,
 * STORE_NOTFOUND or -1.
 */
int store_token_sealed_get(struct store *st, int64_t id,
    enum token_sealed which, unsigned char **out, size_t *n);

/*
 * Write a sealed column (sealed NULL clears it; TOKEN_SEALED_SEED cannot be
 * cleared). Setting the pending column also sets pending_at. Returns 0,
 * STORE_NOTFOUND or -1.
 */
int store_token_sealed_set(struct store *st, int64_t id,
    enum token_sealed which, const unsigned char *sealed, size_t n);

/* Change the label and notes; NULL keeps a field. Returns 0,
 * STORE_NOTFOUND or -1. */
int store_token_update(struct store *st, int64_t id, const char *issuer,
    const char *account, const char *notes);

/* Delete the token (its grants go with it). Returns 0, STORE_NOTFOUND or
 * -1. */
int store_token_delete(struct store *st, int64_t id);

/*
 * Reserve the next counter of an HOTP token: the stored counter moves one
 * past it in the same statement, so no two callers get the same one.
 * Returns 0 with *counter set, STORE_NOTFOUND (no such HOTP token) or -1.
 */
int store_token_counter_take(struct store *st, int64_t id,
    uint64_t *counter);

/*
 * Replace the seed and the parameters (kind, algorithm, digits, period,
 * counter; not the label) with t's and the sealed seed, and clear any
 * staged rotation. With expect_pending, only if the staged rotation is
 * still exactly those bytes. Returns 0, STORE_NOTFOUND (no such token),
 * STORE_CONFLICT (the staged rotation changed) or -1.
 */
int store_token_reseed(struct store *st, int64_t id,
    const struct otp_token *t, const unsigned char *sealed, size_t n,
    const unsigned char *expect_pending, size_t expect_n);

/* Drop a staged rotation. Returns 0, STORE_CONFLICT (none staged) or -1. */
int store_token_pending_clear(struct store *st, int64_t id);

#endif
