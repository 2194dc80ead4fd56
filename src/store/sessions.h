/*
 * store/sessions.h -- browser sessions and API tokens: the two ways a
 * caller proves who it is.
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
int store_session_touch(struct store *st, int64_t id, int64_t now);

int store_apitoken_insert(struct store *st, int64_t user_id,
    const char *name, const unsigned char hash[SECRET_HASH_LEN],
    const char *scopes, int64_t expires_at, int64_t *id);
int store_apitoken_touch(struct store *st, int64_t id, int64_t now);

#endif
