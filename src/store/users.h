/*
 * store/users.h -- users.
 */
#ifndef KAITO_STORE_USERS_H
#define KAITO_STORE_USERS_H

#include <stddef.h>
#include <stdint.h>

#include "kaito_limits.h"
#include "store/store.h"

struct user_row {
	int64_t id;
	char email[LIMIT_EMAIL + 1];
	char pwhash[128];		/* "" when the user has no password */
	int is_admin;
	int disabled;
	int has_totp;			/* login TOTP enrolled */
	int64_t totp_last_step;		/* last accepted login TOTP step */
	int64_t created_at;
	int64_t updated_at;
};

/* Fill *u. Returns 0, STORE_NOTFOUND or -1. Wipe u->pwhash after use. */
int store_user_by_email(struct store *st, const char *email,
    struct user_row *u);
int store_user_by_id(struct store *st, int64_t id, struct user_row *u);

/* Insert a user; pwhash may be NULL. Returns 0 with *id set,
 * STORE_CONFLICT (email taken) or -1. */
int store_user_insert(struct store *st, const char *email,
    const char *pwhash, int is_admin, int64_t *id);

/* Number of users (0 on a new install). Returns 0 or -1. */
int store_user_count(struct store *st, int64_t *n);

/* Sealed login-TOTP columns ("totp" or "totp_pending"): read a copy
 * (caller wipes and frees *out; NULL when unset), or write (NULL clears).
 * Return 0, STORE_NOTFOUND or -1. */
int store_user_totp_get(struct store *st, int64_t id, const char *column,
    unsigned char **out, size_t *n);
int store_user_totp_set(struct store *st, int64_t id, const char *column,
    const unsigned char *sealed, size_t n);

/* Record the last accepted login TOTP step (replay guard). */
int store_user_totp_step(struct store *st, int64_t id, int64_t step);

#endif
