/*
 * login.c -- the read-only half of a login: login_check(); see login.h.
 * The writer half is login_run.c.
 *
 * COST: password_verify() is argon2id with libsodium's interactive limits,
 *     about 50-100 ms of CPU and 64 MiB, and it runs on the HTTP worker
 *     thread that took the request, stalling the other connections of that
 *     thread meanwhile. That is acceptable for a team's login rate, and
 *     the throttle bounds what an attacker can make us spend per account
 *     and per address; a dedicated hashing pool is the fix if it shows.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth/login.h"
#include "auth/password.h"
#include "auth/settings.h"
#include "auth/throttle.h"
#include "store/users.h"

static pthread_once_t warm_once = PTHREAD_ONCE_INIT;

/* password_verify() makes its dummy hash (for unknown users) on first
 * use, which would make the first unknown e-mail slower than a known
 * one. Make it before the first login of any kind looks anything up. */
static void
warm_dummy_hash(void)
{
	password_verify(NULL, "x", 1);
}

struct login *
login_new(const char *email, const char *ip, const char *user_agent)
{
	struct login *l;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	snprintf(l->email, sizeof(l->email), "%s", email);
	snprintf(l->ip, sizeof(l->ip), "%s", ip);
	snprintf(l->user_agent, sizeof(l->user_agent), "%s", user_agent);
	return l;
}

void
login_free(void *arg)
{
	struct login *l = arg;

	if (l == NULL)
		return;
	sodium_memzero(l, sizeof(*l));
	free(l);
}

static void
refuse(struct login *l, const char *reason, int counted, int bad_otp)
{
	l->plan = LOGIN_PLAN_FAIL;
	l->reason = reason;
	l->counted = counted;
	l->bad_otp = bad_otp;
}

/* Keep a copy of the sealed seed we checked, so that the writer job can
 * tell whether it is still the one stored. */
static int
remember_seed(struct login *l, const unsigned char *sealed, size_t n)
{
	if (n != sizeof(l->seen))
		return -1;
	memcpy(l->seen, sealed, n);
	l->seen_len = n;
	return 0;
}

/* Check otp against the seed in column; plan what follows a good code. */
static int
check_code(struct login *l, struct store *st, const char *column,
    const char *otp, int64_t last_step)
{
	struct otp_token t;
	unsigned char *sealed = NULL;
	size_t n = 0;
	int rc = -1, m;

	if (store_user_totp_get(st, l->user_id, column, &sealed, &n) != 0 ||
	    sealed == NULL || remember_seed(l, sealed, n) == -1 ||
	    login_totp_open(l->user_id, column, sealed, n, l->user_email,
	    &t) == -1)
		goto out;	/* a seed that does not open: internal error */
	if (otp == NULL) {
		l->plan = strcmp(column, "totp") == 0 ?
		    LOGIN_PLAN_OTP_REQUIRED : LOGIN_PLAN_ENROLL_START;
		rc = 0;
	} else if ((m = login_totp_verify(&t, otp, (int64_t)time(NULL),
	    last_step, &l->step)) == LOGIN_TOTP_MATCH) {
		l->plan = strcmp(column, "totp") == 0 ? LOGIN_PLAN_OK :
		    LOGIN_PLAN_ENROLL_FINISH;
		rc = l->plan == LOGIN_PLAN_OK ? 0 :
		    login_totp_seal(l->user_id, "totp", &t, l->put);
	} else if (m != -1) {
		l->replay = m == LOGIN_TOTP_REPLAY;
		refuse(l, "otp", 1, 1);
		rc = 0;
	}
	otp_token_clear(&t);
out:
	if (sealed != NULL) {
		sodium_memzero(sealed, n);
		free(sealed);
	}
	return rc;
}

/* The second factor for a user whose password was right. */
static int
second_factor(struct login *l, struct store *st, const struct user_row *u,
    const char *otp)
{
	struct settings set;

	if (u->has_totp)
		return check_code(l, st, "totp", otp, u->totp_last_step);
	if (settings_get(st, &set) == -1)
		return -1;
	if (!u->is_admin && !set.member_totp_required) {
		l->plan = LOGIN_PLAN_OK;	/* no second factor asked */
		return 0;
	}
	if (u->has_totp_pending)
		return check_code(l, st, "totp_pending", otp,
		    u->totp_last_step);
	l->plan = LOGIN_PLAN_ENROLL_START;
	return 0;
}

int
login_check(struct login *l, struct store *st, const char *pw, size_t n,
    const char *otp)
{
	struct user_row u;
	const char *scope;
	int found, ok, rc;

	pthread_once(&warm_once, warm_dummy_hash);
	rc = throttle_locked(st, l->email, l->ip, (int64_t)time(NULL),
	    &l->retry_after, &scope);
	if (rc != 0) {
		l->plan = LOGIN_PLAN_THROTTLED; /* no hashing */
		return rc == 1 ? 0 : -1;
	}
	if ((rc = store_user_by_email(st, l->email, &u)) == -1)
		return -1;
	found = rc == 0;
	ok = password_verify(found ? u.pwhash : NULL, pw, n);
	sodium_memzero(u.pwhash, sizeof(u.pwhash));
	if (!found) {
		refuse(l, "unknown_user", 1, 0);
		return 0;
	}
	l->user_id = u.id;
	l->is_admin = u.is_admin;
	memcpy(l->user_email, u.email, sizeof(l->user_email));
	if (!ok)
		refuse(l, "password", 1, 0);
	else if (u.disabled)
		refuse(l, "disabled", 1, 0);
	else if (second_factor(l, st, &u, otp) == -1)
		return -1;
	if (l->plan == LOGIN_PLAN_OK || l->plan == LOGIN_PLAN_ENROLL_FINISH) {
		secret_new(l->session);
		secret_new(l->csrf);
	}
	/* A fresh pending seed, stored by the job only if none is by then
	 * (one seed per enrolment, however many tries). */
	if (l->plan == LOGIN_PLAN_ENROLL_START &&
	    login_totp_new_pending(l->user_id, l->put) == -1)
		return -1;
	return 0;
}

int
login_enrollment(const struct login *l, char *secret, size_t secretcap,
    char uri[LIMIT_OTP_URI])
{
	struct otp_token t;
	int rc;

	if (login_totp_open(l->user_id, "totp_pending", l->seen, l->seen_len,
	    l->user_email, &t) == -1)
		return -1;
	rc = login_totp_enrollment(&t, secret, secretcap, uri);
	otp_token_clear(&t);
	return rc;
}
