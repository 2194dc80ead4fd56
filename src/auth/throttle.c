/*
 * throttle.c -- see throttle.h.
 *
 * KEYS: "user:" + throttle_email_fpr(email), and "ip:" + the client
 *     address as text. The fingerprint is a keyed BLAKE2b (auth/secret.h)
 *     of "login-email:" and the e-mail in ASCII lower case (users.email
 *     compares with COLLATE NOCASE, so Ann@x and ann@x are one account
 *     and one count); the prefix keeps it apart from token hashes.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit/event.h"
#include "auth/secret.h"
#include "auth/throttle.h"
#include "kaito_limits.h"
#include "store/throttle.h"

#define KEY_MAX		(8 + THROTTLE_FPR_LEN + AUDIT_IP_LEN)
#define FPR_PREFIX	"login-email:"

void
throttle_email_fpr(const char *email, char out[THROTTLE_FPR_LEN + 1])
{
	char buf[sizeof(FPR_PREFIX) + LIMIT_EMAIL];
	unsigned char h[SECRET_HASH_LEN];
	size_t i, n;

	n = (size_t)snprintf(buf, sizeof(buf), "%s%s", FPR_PREFIX, email);
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	for (i = sizeof(FPR_PREFIX) - 1; i < n; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] - 'A' + 'a');
	secret_hash(buf, n, h);
	sodium_bin2hex(out, THROTTLE_FPR_LEN + 1, h, THROTTLE_FPR_LEN / 2);
	sodium_memzero(buf, sizeof(buf));
	sodium_memzero(h, sizeof(h));
}

static void
account_key(char key[KEY_MAX], const char *email)
{
	char fpr[THROTTLE_FPR_LEN + 1];

	throttle_email_fpr(email, fpr);
	snprintf(key, KEY_MAX, "user:%s", fpr);
}

static void
address_key(char key[KEY_MAX], const char *ip)
{
	snprintf(key, KEY_MAX, "ip:%s", ip);
}

/* Seconds left on key's lock into *left (0 when none). 0 or -1. */
static int
lock_left(struct store *st, const char *key, int64_t now, int64_t *left)
{
	struct throttle_row t;
	int rc;

	*left = 0;
	if ((rc = store_throttle_get(st, key, &t)) == STORE_NOTFOUND)
		return 0;
	if (rc != 0)
		return -1;
	if (t.locked_until > now)
		*left = t.locked_until - now;
	return 0;
}

int
throttle_locked(struct store *st, const char *email, const char *ip,
    int64_t now, int64_t *retry_after, const char **scope)
{
	char key[KEY_MAX];
	int64_t acct, addr;

	account_key(key, email);
	if (lock_left(st, key, now, &acct) == -1)
		return -1;
	address_key(key, ip);
	if (lock_left(st, key, now, &addr) == -1)
		return -1;
	if (acct == 0 && addr == 0)
		return 0;
	*scope = acct >= addr ? "account" : "address";
	*retry_after = acct >= addr ? acct : addr;
	return 1;
}

/* One more failure on key; lock it when max is reached. */
static int
count_failure(struct store *st, const char *key, int64_t max, int64_t now)
{
	struct throttle_row t;
	int rc;

	if ((rc = store_throttle_get(st, key, &t)) == -1)
		return -1;
	if (rc == STORE_NOTFOUND || t.window_start + THROTTLE_WINDOW <= now) {
		t.failures = 0;
		t.window_start = now;
	}
	if (++t.failures >= max) {
		/* Locked; the count starts again when the lock ends. */
		t.locked_until = now + THROTTLE_LOCK;
		t.failures = 0;
		t.window_start = now;
	}
	return store_throttle_put(st, key, &t);
}

int
throttle_fail(struct store *st, const char *email, const char *ip,
    int64_t now)
{
	char key[KEY_MAX];

	account_key(key, email);
	if (count_failure(st, key, THROTTLE_ACCOUNT_MAX, now) == -1)
		return -1;
	address_key(key, ip);
	if (count_failure(st, key, THROTTLE_ADDRESS_MAX, now) == -1)
		return -1;
	/* Rows whose window and lock are both over carry nothing. */
	return store_throttle_prune(st, now - THROTTLE_WINDOW);
}

int
throttle_clear_account(struct store *st, const char *email)
{
	char key[KEY_MAX];

	account_key(key, email);
	return store_throttle_delete(st, key);
}
