/*
 * store/inboxes.h -- the shared SMS inboxes: their numbers, providers and
 * sealed webhook secrets, and who may read or manage each.
 *
 * Why: one header for every query on the inboxes and inbox_grants tables.
 * The store only moves the sealed secret: it is sealed and opened in
 * vault/sms_seal.c with the row's id bound in ("inboxes:<id>:secret").
 * A row is inserted with an empty secret_sealed and sealed by the same
 * writer job right after, once its id is known (as tokens are).
 *
 * LEVELS: 1 read (the texts), 2 manage (also rename, re-key, delete,
 *     grants); acl/acl_inbox.c alone decides what they allow. Like
 *     tokens, the user's own grant and their groups' best grant are
 *     returned side by side.
 */
#ifndef KAITO_STORE_INBOXES_H
#define KAITO_STORE_INBOXES_H

#include <stddef.h>
#include <stdint.h>

#include "kaito_limits.h"
#include "store/grants.h"
#include "store/store.h"

#define INBOX_PROVIDER_MAX	32	/* longest provider name */
#define INBOX_NUMBER_MAX	16	/* E.164 with its '+' */

/* An inbox as the API shows it, without its secret. */
struct inbox_row {
	int64_t id;
	char name[LIMIT_NAME + 1];
	char number[INBOX_NUMBER_MAX + 1];	/* E.164 */
	char provider[INBOX_PROVIDER_MAX + 1];	/* sms_provider_find() name */
	char created_by[LIMIT_EMAIL + 1];	/* "" once the user is gone */
	int64_t created_at;
	int64_t updated_at;
	int user_level;			/* the asking user's own grant; 0 none */
	int group_level;		/* best grant of their groups; 0 none */
};

/* Fill *in for inbox id with user_id's grant levels (0: none asked).
 * Returns 0, STORE_NOTFOUND or -1. */
int store_inbox_get(struct store *st, int64_t id, int64_t user_id,
    struct inbox_row *in);

/* Call cb for every inbox user_id holds a grant on, or every inbox when
 * all is set, in id order. cb returns 0 to go on, -1 to stop (then this
 * returns -1). Returns 0 or -1. */
int store_inbox_list(struct store *st, int64_t user_id, int all,
    int (*cb)(void *arg, const struct inbox_row *in), void *arg);

/* Insert an inbox (secret left empty for store_inbox_secret_set). Returns
 * 0 with *id set, STORE_CONFLICT (the number has an inbox) or -1. */
int store_inbox_insert(struct store *st, const char *name,
    const char *number, const char *provider, int64_t created_by,
    int64_t *id);

/* Change name, number, provider; NULL keeps one. Returns 0,
 * STORE_NOTFOUND, STORE_CONFLICT (number taken) or -1. */
int store_inbox_update(struct store *st, int64_t id, const char *name,
    const char *number, const char *provider);

/* A copy of the sealed secret (malloc'd, n bytes; the caller frees).
 * Returns 0, STORE_NOTFOUND or -1. */
int store_inbox_secret_get(struct store *st, int64_t id, unsigned char **out,
    size_t *n);

/* Write the sealed secret. Returns 0, STORE_NOTFOUND or -1. */
int store_inbox_secret_set(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n);

/* Delete the inbox; its grants and texts go with it. Returns 0,
 * STORE_NOTFOUND or -1. */
int store_inbox_delete(struct store *st, int64_t id);

/* The grants on inbox id, groups first, each part by name (levels 1..2).
 * Free with store_grant_list_free(). Returns 0 or -1. */
int store_inbox_grants_get(struct store *st, int64_t id,
    struct grant_list *out);

/* Replace every grant on inbox id by the n rows of v (principal and
 * level). Returns 0, STORE_CONFLICT or -1. */
int store_inbox_grants_replace(struct store *st, int64_t id,
    const struct grant_row *v, size_t n);

/*
 * Call cb with the id of every user who may read inbox id now: a grant of
 * their own or through a group, and not disabled; each user once, in id
 * order. cb returns 0 or -1 (stop; this returns -1). Returns 0 or -1.
 */
int store_inbox_readers(struct store *st, int64_t id,
    int (*cb)(void *arg, int64_t user_id), void *arg);

#endif
