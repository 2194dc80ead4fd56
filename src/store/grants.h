/*
 * store/grants.h -- who may use a token, and how much.
 *
 * Why: a grant gives one group or one user a level on one token (1 code,
 * 2 seed, 3 manage; migrations.c). These are the rows; acl/acl.c decides
 * what they mean. Principals are named by group name or user e-mail in
 * the API, and resolved to ids here, inside the writer's transaction, so
 * a grant can never point at a group that was renamed or removed halfway.
 */
#ifndef KAITO_STORE_GRANTS_H
#define KAITO_STORE_GRANTS_H

#include <stddef.h>
#include <stdint.h>

#include "kaito_limits.h"
#include "store/store.h"

struct grant_row {
	int is_group;			/* 1: group_id; 0: user_id */
	int64_t principal;		/* the group's or the user's id */
	char name[LIMIT_EMAIL + 1];	/* group name or user e-mail */
	int level;			/* 1..3 */
};

struct grant_list {
	struct grant_row *v;		/* owned; n rows */
	size_t n;
};

/*
 * The grants on token_id, groups first, each part ordered by name.
 * Returns 0 with *out filled (free with store_grant_list_free()), or -1.
 */
int store_grants_get(struct store *st, int64_t token_id,
    struct grant_list *out);

/* Free the rows; leave *l empty. NULL-safe on the rows. */
void store_grant_list_free(struct grant_list *l);

/*
 * Replace every grant on token_id by the n rows of v (principal and level
 * are used; names are not). Returns 0, STORE_CONFLICT (a row twice, or a
 * principal that is gone) or -1.
 */
int store_grants_replace(struct store *st, int64_t token_id,
    const struct grant_row *v, size_t n);

/* Give user_id level on token_id, replacing their own grant. Returns 0
 * or -1. */
int store_grant_user_set(struct store *st, int64_t token_id,
    int64_t user_id, int level);

/* The id of a group by name, or of a user by e-mail (both compared
 * case-insensitively, as the schema's NOCASE collation does). Return 0,
 * STORE_NOTFOUND or -1. */
int store_grant_group_id(struct store *st, const char *name, int64_t *id);
int store_grant_user_id(struct store *st, const char *email, int64_t *id);

#endif
