/*
 * store/throttle.h -- the login_throttle table: failed logins counted per
 * key ("user:<email>" or "ip:<address>"), and the lock they lead to.
 *
 * Why in the database and not in memory: a restart must not reset an
 * attacker's count, and every node of a cluster must see the same lock.
 * Writes go through the writer like every other change; the policy (how
 * many, how long) is auth/throttle.c's.
 */
#ifndef KAITO_STORE_THROTTLE_H
#define KAITO_STORE_THROTTLE_H

#include <stdint.h>

#include "store/store.h"

struct throttle_row {
	int64_t failures;		/* since window_start */
	int64_t window_start;		/* unix seconds */
	int64_t locked_until;		/* unix seconds; past: unlocked */
};

/* Read key's row. Returns 0, STORE_NOTFOUND or -1. */
int store_throttle_get(struct store *st, const char *key,
    struct throttle_row *t);

/* Insert or replace key's row. Returns 0 or -1. */
int store_throttle_put(struct store *st, const char *key,
    const struct throttle_row *t);

/* Forget key. Returns 0 or -1. */
int store_throttle_delete(struct store *st, const char *key);

/* Delete rows whose window and lock both ended before before. Returns 0
 * or -1. */
int store_throttle_prune(struct store *st, int64_t before);

#endif
