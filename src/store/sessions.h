/*
 * store/sessions.h -- browser sessions and API tokens: the two ways a
 * caller proves who it is.
 *
 * Only keyed hashes of session cookies, CSRF tokens and API tokens are
 * stored (auth/secret.h); nothing here ever returns a hash to a caller
 * outside auth/ except the CSRF hash it must compare.
 */
#ifndef KAITO_STORE_SESSIONS_H
#define KAITO_STORE_SESSIONS_H

#include <stdint.h>

#include <jansson.h>

#include "auth/secret.h"
#include "kaito_limits.h"
#include "store/store.h"

/* What a presented session cookie or API token resolves to. */
struct credential {
	int64_t user_id;
	char email[LIMIT_EMAIL + 1];
	int is_admin;
	int disabled;			/* the user is disabled */
	int64_t session_id;		/* or 0 */
	int64_t apitoken_id;		/* or 0 */
	int64_t expires_at;		/* 0: never */
	int64_t revoked_at;		/* API tokens; 0: live */
	int64_t last_seen;		/* sessions: last_seen; tokens: last_used_at */
	unsigned char csrf_hash[SECRET_HASH_LEN];	/* sessions */
	char scopes[128];		/* API tokens */
};

/* Look up by token hash. Returns 0, STORE_NOTFOUND or -1. The caller
 * checks expiry, revocation and the user's state. */
int store_session_lookup(struct store *st,
    const unsigned char hash[SECRET_HASH_LEN], struct credential *c);
int store_apitoken_lookup(struct store *st,
    const unsigned char hash[SECRET_HASH_LEN], struct credential *c);

int store_session_insert(struct store *st, int64_t user_id,
    const unsigned char token_hash[SECRET_HASH_LEN],
    const unsigned char csrf_hash[SECRET_HASH_LEN], int64_t expires_at,
    const char *ip, const char *user_agent, int64_t *id);
int store_session_delete(struct store *st, int64_t id);
int store_session_delete_user(struct store *st, int64_t user_id);
/* Delete user_id's sessions except keep_id (0: all). Returns 0 or -1. */
int store_session_delete_user_except(struct store *st, int64_t user_id,
    int64_t keep_id);
int store_session_touch(struct store *st, int64_t id, int64_t now);

int store_apitoken_insert(struct store *st, int64_t user_id,
    const char *name, const unsigned char hash[SECRET_HASH_LEN],
    const char *scopes, int64_t expires_at, int64_t *id);
int store_apitoken_touch(struct store *st, int64_t id, int64_t now);

/* An API token as listings show it: never the token, never its hash. */
struct apitoken_row {
	int64_t id;
	int64_t user_id;
	char user_email[LIMIT_EMAIL + 1];
	char name[LIMIT_NAME + 1];
	char scopes[128];		/* space-separated */
	int64_t created_at;
	int64_t expires_at;		/* 0: never */
	int64_t revoked_at;		/* 0: live */
	int64_t last_used_at;		/* 0: never used */
};

typedef int (*store_apitoken_cb)(void *arg, const struct apitoken_row *t);

/* API tokens of user_id (0: everyone's) in id order. Returns 0, -1 or
 * the callback's non-zero value. */
int store_apitoken_list(struct store *st, int64_t user_id,
    store_apitoken_cb cb, void *arg);

/* One API token by id. Returns 0, STORE_NOTFOUND or -1. */
int store_apitoken_get(struct store *st, int64_t id, struct apitoken_row *t);

/* Set revoked_at = now unless already revoked (then nothing changes).
 * Returns 0 or -1. */
int store_apitoken_revoke(struct store *st, int64_t id, int64_t now);

/*
 * Whether a credential still holds at time now, for a stream opened with
 * it: a session that exists and has not reached its absolute expiry (an
 * open stream is use, so the idle limit is not applied), or an API token
 * neither revoked nor expired; and in both cases a user not disabled.
 * Exactly one of session_id and apitoken_id is non-zero. Returns 0 (it
 * holds), STORE_NOTFOUND (it does not) or -1.
 */
int store_credential_live(struct store *st, int64_t session_id,
    int64_t apitoken_id, int64_t now);

#endif
