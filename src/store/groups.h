/*
 * store/groups.h -- groups of users and their members.
 *
 * Why: grants go to groups, so "who is in ops" decides who sees which
 * codes; every query that changes that answer is here. Names are unique
 * case-insensitively (COLLATE NOCASE, ASCII), so "Ops" and "ops" cannot
 * both exist and confuse a reader of the grants.
 */
#ifndef KAITO_STORE_GROUPS_H
#define KAITO_STORE_GROUPS_H

#include <stdint.h>

#include "kaito_limits.h"
#include "store/store.h"

struct group_row {
	int64_t id;
	char name[LIMIT_NAME + 1];
	int64_t members;		/* number of members */
	int64_t created_at;
};

struct member_row {
	int64_t user_id;
	char email[LIMIT_EMAIL + 1];
};

typedef int (*store_group_cb)(void *arg, const struct group_row *g);
typedef int (*store_member_cb)(void *arg, const struct member_row *m);

/* Every group by name. Returns 0, -1 or the callback's non-zero value. */
int store_group_list(struct store *st, store_group_cb cb, void *arg);

/* One group. Return 0, STORE_NOTFOUND or -1. */
int store_group_get(struct store *st, int64_t id, struct group_row *g);
int store_group_by_name(struct store *st, const char *name,
    struct group_row *g);

/* Insert; 0 with *id set, STORE_CONFLICT (name taken) or -1. */
int store_group_insert(struct store *st, const char *name, int64_t *id);

/* Rename; 0, STORE_NOTFOUND, STORE_CONFLICT or -1. */
int store_group_rename(struct store *st, int64_t id, const char *name);

/* Delete (memberships and grants go with it); 0, STORE_NOTFOUND or -1. */
int store_group_delete(struct store *st, int64_t id);

/* Members by e-mail. Returns 0, -1 or the callback's non-zero value. */
int store_group_members(struct store *st, int64_t id, store_member_cb cb,
    void *arg);

/* Add or remove a member; *changed says whether anything changed (both
 * are idempotent). The group and the user must exist (else
 * STORE_CONFLICT from the foreign keys on add). Returns 0, STORE_CONFLICT
 * or -1. */
int store_group_member_add(struct store *st, int64_t group_id,
    int64_t user_id, int *changed);
int store_group_member_remove(struct store *st, int64_t group_id,
    int64_t user_id, int *changed);

#endif
