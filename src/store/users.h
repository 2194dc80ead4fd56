/*
 * store/users.h -- users: accounts, their flags, their login second
 * factor, and the administrator count the last-admin rule needs.
 *
 * Why one header: every query on the users table is here, so a reviewer
 * sees in one place which columns hold secrets (pwhash, the sealed TOTP
 * columns) and which functions hand them out.
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
	int has_totp_pending;		/* enrolment started */
	int64_t totp_last_step;		/* last accepted TOTP step */
	int64_t created_at;
	int64_t updated_at;
};

/* Called once per row; a non-zero return stops the walk and becomes the
 * walk's result. The row is borrowed for the call only. */
typedef int (*store_user_cb)(void *arg, const struct user_row *u);
typedef int (*store_name_cb)(void *arg, const char *name);

/* Fill *u. Returns 0, STORE_NOTFOUND or -1. Wipe u->pwhash after use.
 * E-mail addresses compare case-insensitively (ASCII). */
int store_user_by_email(struct store *st, const char *email,
    struct user_row *u);
int store_user_by_id(struct store *st, int64_t id, struct user_row *u);

/* Every user in id order, pwhash left empty. Returns 0, -1, or the
 * callback's non-zero value. */
int store_user_list(struct store *st, store_user_cb cb, void *arg);

/* The names of the groups user id belongs to, by name. Returns 0, -1 or
 * the callback's value. */
int store_user_groups(struct store *st, int64_t id, store_name_cb cb,
    void *arg);

/* Insert a user; pwhash may be NULL. Returns 0 with *id set,
 * STORE_CONFLICT (email taken) or -1. */
int store_user_insert(struct store *st, const char *email,
    const char *pwhash, int is_admin, int64_t *id);

/* Number of users (0 on a new install). Returns 0 or -1. */
int store_user_count(struct store *st, int64_t *n);

/* Number of administrators who are not disabled. Returns 0 or -1. */
int store_user_active_admins(struct store *st, int64_t *n);

/* Set is_admin and disabled. Returns 0, STORE_NOTFOUND or -1. */
int store_user_set_flags(struct store *st, int64_t id, int is_admin,
    int disabled);

/* Replace the password hash. Returns 0, STORE_NOTFOUND or -1. */
int store_user_set_pwhash(struct store *st, int64_t id, const char *pwhash);

/* Delete the user (sessions, API tokens, memberships and grants go with
 * it). Returns 0, STORE_NOTFOUND or -1. */
int store_user_delete(struct store *st, int64_t id);

/* Sealed login-TOTP columns ("totp" or "totp_pending"): read a copy
 * (caller wipes and frees *out; NULL when unset), or write (NULL clears).
 * Return 0, STORE_NOTFOUND or -1. */
int store_user_totp_get(struct store *st, int64_t id, const char *column,
    unsigned char **out, size_t *n);
int store_user_totp_set(struct store *st, int64_t id, const char *column,
    const unsigned char *sealed, size_t n);

/* Store a pending login-TOTP seed unless one is already pending; *stored
 * tells which. Returns 0, STORE_NOTFOUND or -1. */
int store_user_totp_pending_init(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n, int *stored);

/* Finish enrolment: totp_sealed = sealed, no pending seed, and step as
 * the last accepted step. Returns 0, STORE_NOTFOUND or -1. */
int store_user_totp_enroll(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n, int64_t step);

/* Forget the login TOTP: no seed, no pending seed, last step 0. Returns
 * 0, STORE_NOTFOUND or -1. */
int store_user_totp_reset(struct store *st, int64_t id);

/* Record the last accepted login TOTP step (replay guard). */
int store_user_totp_step(struct store *st, int64_t id, int64_t step);

#endif
