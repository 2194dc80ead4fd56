/*
 * throttle.h -- the login throttle: too many failed logins lock an
 * account, or an address, for a while.
 *
 * Why: argon2id makes each guess expensive offline; this makes guesses
 * scarce online. POLICY (docs/api.md): THROTTLE_ACCOUNT_MAX failures for
 * one e-mail address, or THROTTLE_ADDRESS_MAX from one client address,
 * within THROTTLE_WINDOW seconds lock that e-mail or address for
 * THROTTLE_LOCK seconds. The e-mail is counted whether or not a user has
 * it, so a lock does not reveal which accounts exist. A successful login
 * clears its account's count (not its address's: one good account must
 * not launder an address's guesses at others).
 *
 * Reads (throttle_locked) run anywhere; the writes run inside writer jobs,
 * which serialises them, so concurrent failures are all counted.
 */
#ifndef KAITO_AUTH_THROTTLE_H
#define KAITO_AUTH_THROTTLE_H

#include <stdint.h>

#include "store/store.h"

#define THROTTLE_FPR_LEN	32	/* hex digits of a fingerprint */

#define THROTTLE_WINDOW		(15 * 60)
#define THROTTLE_LOCK		(15 * 60)
#define THROTTLE_ACCOUNT_MAX	5
#define THROTTLE_ADDRESS_MAX	20

/*
 * Whether email or ip is locked at now. Returns 0 (not locked), 1 (locked:
 * *retry_after gets the seconds left, at least 1, and *scope "account" or
 * "address") or -1.
 */
int throttle_locked(struct store *st, const char *email, const char *ip,
    int64_t now, int64_t *retry_after, const char **scope);

/* Count one failure for email and for ip, locking what reached its limit.
 * Returns 0 or -1. */
int throttle_fail(struct store *st, const char *email, const char *ip,
    int64_t now);

/*
 * A keyed fingerprint of email (any case) as hex, NUL-terminated: what
 * the throttle table and the audit log keep instead of an e-mail address
 * that matches no user, which may well be a password typed into the
 * wrong field. Needs secret_init().
 */
void throttle_email_fpr(const char *email, char out[THROTTLE_FPR_LEN + 1]);

/* Forget email's failures after a successful login. Returns 0 or -1. */
int throttle_clear_account(struct store *st, const char *email);

#endif
