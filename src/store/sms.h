/*
 * store/sms.h -- the texts an inbox received, sealed, for as long as the
 * retention time keeps them.
 *
 * Why: one header for every query on the sms table. A text is stored
 * once per (inbox, provider message id): the unique index is what makes
 * a provider's redelivery harmless. Its content (sender, recipient, body,
 * extracted code and service) is one sealed value, sealed and opened in
 * vault/sms_seal.c with "sms:<id>:body"; in clear stay the inbox, the
 * provider's id, and the two times (paging and retention).
 *
 * ORDER: ids grow with every insert and are never reused (AUTOINCREMENT),
 *     and only the writer thread inserts, so id order is the order in
 *     which texts were stored and pushed to the streams.
 */
#ifndef KAITO_STORE_SMS_H
#define KAITO_STORE_SMS_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* A stored text, as read back. */
struct sms_row {
	int64_t id;
	int64_t inbox_id;
	int64_t received_at;		/* the provider's time, Unix seconds */
	int64_t stored_at;		/* ours */
	const unsigned char *sealed;	/* borrowed: valid during the
					 * callback only */
	size_t sealed_len;
};

/*
 * Insert a text with an empty sealed body (sealed right after by
 * store_sms_sealed_set, once the id is known). Returns 0 with *id set,
 * STORE_CONFLICT when (inbox_id, provider_id) is stored already (a
 * redelivery; *id is then that text's id), or -1.
 */
int store_sms_insert(struct store *st, int64_t inbox_id,
    const char *provider_id, int64_t received_at, int64_t stored_at,
    int64_t *id);

/* Write the sealed content of text id. Returns 0, STORE_NOTFOUND or -1. */
int store_sms_sealed_set(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n);

/* What store_sms_list reads. */
struct sms_query {
	int64_t inbox_id;	/* one inbox; 0: every inbox user_id may read */
	int64_t user_id;	/* with inbox_id 0 */
	int64_t after_id;	/* texts with id > after_id */
	int64_t min_stored_at;	/* and stored_at >= this (not expired) */
	int limit;		/* at most this many, 1..LIMIT_SMS_PAGE */
};

/*
 * Call cb for each text q selects, in id order. cb returns 0 to go on,
 * 1 to stop early (not an error), -1 to fail (then this returns -1).
 * Returns 0 or -1.
 */
int store_sms_list(struct store *st, const struct sms_query *q,
    int (*cb)(void *arg, const struct sms_row *m), void *arg);

/* The highest text id ever given out (0 when none): where a stream
 * without Last-Event-ID starts. Returns 0 or -1. */
int store_sms_last_id(struct store *st, int64_t *id);

/* Delete the texts stored before `before`; *n gets how many. Returns 0
 * or -1. */
int store_sms_expire(struct store *st, int64_t before, int64_t *n);

#endif
