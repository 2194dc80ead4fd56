/*
 * login_run.c -- the writer half of a login: login_run(); see login.h.
 *
 * Runs in the writer's savepoint, one job at a time, so what it reads
 * (throttle rows, the user, the TOTP seed and last step) cannot change
 * before what it writes (counts, session, enrolment, last step) and the
 * audit event land together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth/authn.h"
#include "auth/login.h"
#include "auth/throttle.h"
#include "store/audit.h"
#include "store/sessions.h"
#include "store/users.h"

static void
throttled(struct login *l, struct audit_event *ev, const char *scope)
{
	l->result = LOGIN_THROTTLED;
	if (l->retry_after < 1)
		l->retry_after = 1;
	ev->action = "user.login.throttled";
	ev->outcome = "denied";
	audit_event_detail(ev, "scope", json_string(scope));
}

static int
fail(struct store *st, struct login *l, struct audit_event *ev, int64_t now)
{
	if (l->counted && throttle_fail(st, l->email, l->ip, now) == -1)
		return -1;
	l->result = l->bad_otp ? LOGIN_INVALID_OTP : LOGIN_INVALID_CREDENTIALS;
	ev->action = "user.login.fail";
	ev->outcome = "failure";
	audit_event_detail(ev, "reason", json_string(l->reason));
	if (l->replay)
		audit_event_detail(ev, "replay", json_true());
	return 0;
}

/* A refusal decided here, from what changed since login_check(). */
static int
refuse(struct store *st, struct login *l, struct audit_event *ev,
    int64_t now, const char *reason, int counted, int bad_otp)
{
	l->plan = LOGIN_PLAN_FAIL;
	l->reason = reason;
	l->counted = counted;
	l->bad_otp = bad_otp;
	return fail(st, l, ev, now);
}

/* Not a failure of the user's: the next step of the protocol. */
static int
prompt(struct login *l, struct audit_event *ev, enum login_result result,
    const char *reason)
{
	l->result = result;
	ev->action = "user.login.fail";
	ev->outcome = "failure";
	audit_event_detail(ev, "reason", json_string(reason));
	return 0;
}

/* 1 when column still holds the sealed seed login_check() checked. */
static int
same_seed(struct store *st, const struct login *l, const char *column)
{
	unsigned char *sealed = NULL;
	size_t n = 0;
	int same;

	if (store_user_totp_get(st, l->user_id, column, &sealed, &n) != 0)
		return 0;
	same = sealed != NULL && n == l->seen_len &&
	    memcmp(sealed, l->seen, n) == 0;
	if (sealed != NULL) {
		sodium_memzero(sealed, n);
		free(sealed);
	}
	return same;
}

static int
enroll_start(struct store *st, struct login *l, struct audit_event *ev)
{
	unsigned char *sealed = NULL;
	size_t n = 0;
	int stored, rc = -1;

	if (store_user_totp_pending_init(st, l->user_id, l->put,
	    sizeof(l->put), &stored) != 0)
		goto out;
	if (stored) {
		memcpy(l->seen, l->put, sizeof(l->put));
		l->seen_len = sizeof(l->put);
	} else {
		/* One is pending already: show that one again. */
		if (store_user_totp_get(st, l->user_id, "totp_pending",
		    &sealed, &n) != 0 || n != sizeof(l->seen))
			goto out;
		memcpy(l->seen, sealed, n);
		l->seen_len = n;
	}
	rc = prompt(l, ev, LOGIN_ENROLLMENT_REQUIRED, "enrollment_required");
out:
	if (sealed != NULL) {
		sodium_memzero(sealed, n);
		free(sealed);
	}
	return rc;
}

static int
audit_enroll(struct store *st, const struct audit_event *ev,
    const struct user_row *u)
{
	struct audit_event e;
	int rc;

	audit_event_init(&e, &ev->actor, "user.totp.enroll");
	audit_event_target(&e, "user", u->id, u->email);
	rc = store_audit_append(st, &e);
	audit_event_clear(&e);
	return rc;
}

/* From here on the actor is the user: password and code proved it. */
static void
actor_is_user(struct audit_event *ev, const struct user_row *u)
{
	ev->actor.type = "user";
	ev->actor.id = u->id;
	snprintf(ev->actor.email, sizeof(ev->actor.email), "%s", u->email);
}

/* Check and use the second factor; 0 to go on, 1 refused, -1 error. */
static int
second_factor(struct store *st, struct login *l, struct audit_event *ev,
    const struct user_row *u, int64_t now)
{
	const char *column = l->plan == LOGIN_PLAN_OK ? "totp" : "totp_pending";

	if (l->seen_len == 0) {		/* no second factor was asked */
		if (!u->has_totp)
			return 0;
		prompt(l, ev, LOGIN_OTP_REQUIRED, "otp_required");
		return 1;		/* enrolled meanwhile */
	}
	if (!same_seed(st, l, column) ||
	    (l->plan == LOGIN_PLAN_ENROLL_FINISH && u->has_totp))
		return refuse(st, l, ev, now, "otp", 0, 1) == -1 ? -1 : 1;
	/* A concurrent login used this step first. */
	if (l->step <= u->totp_last_step) {
		l->replay = 1;
		return refuse(st, l, ev, now, "otp", 1, 1) == -1 ? -1 : 1;
	}
	if (l->plan == LOGIN_PLAN_OK)
		return store_user_totp_step(st, u->id, l->step) == 0 ? 0 : -1;
	actor_is_user(ev, u);
	if (store_user_totp_enroll(st, u->id, l->put, sizeof(l->put),
	    l->step) != 0 || audit_enroll(st, ev, u) == -1)
		return -1;
	return 0;
}

static int
open_session(struct store *st, struct login *l, struct audit_event *ev,
    const struct user_row *u, int64_t now)
{
	unsigned char th[SECRET_HASH_LEN], ch[SECRET_HASH_LEN];
	int64_t id;
	int rc;

	secret_hash(l->session, strlen(l->session), th);
	secret_hash(l->csrf, strlen(l->csrf), ch);
	rc = store_session_insert(st, u->id, th, ch, now + SESSION_TTL, l->ip,
	    l->user_agent, &id);
	sodium_memzero(th, sizeof(th));
	sodium_memzero(ch, sizeof(ch));
	if (rc != 0 || throttle_clear_account(st, l->email) == -1)
		return -1;
	l->result = LOGIN_OK;
	audit_event_detail(ev, "session", json_integer(id));
	return 0;
}

static int
login_user(struct store *st, struct login *l, struct audit_event *ev,
    int64_t now)
{
	struct user_row u;
	int rc;

	if ((rc = store_user_by_id(st, l->user_id, &u)) == -1)
		return -1;
	sodium_memzero(u.pwhash, sizeof(u.pwhash));
	if (rc == STORE_NOTFOUND)
		return refuse(st, l, ev, now, "unknown_user", 1, 0);
	if (u.disabled)
		return refuse(st, l, ev, now, "disabled", 1, 0);
	if (l->plan == LOGIN_PLAN_OTP_REQUIRED)
		return prompt(l, ev, LOGIN_OTP_REQUIRED, "otp_required");
	if (l->plan == LOGIN_PLAN_ENROLL_START)
		return enroll_start(st, l, ev);
	if ((rc = second_factor(st, l, ev, &u, now)) != 0)
		return rc == 1 ? 0 : -1;
	actor_is_user(ev, &u);
	return open_session(st, l, ev, &u, now);
}

int
login_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct login *l = arg;
	int64_t now = (int64_t)time(NULL);
	char fpr[THROTTLE_FPR_LEN + 1];
	const char *scope = "account";
	int rc;

	ev->actor.channel = "web";
	/* The e-mail of a user, or a fingerprint of what was typed: an
	 * address that matches nobody may be a misplaced password. */
	audit_event_target(ev, "user", l->user_id, l->user_email);
	if (l->user_id == 0) {
		throttle_email_fpr(l->email, fpr);
		audit_event_detail(ev, "email_fpr", json_string(fpr));
	}
	if ((rc = throttle_locked(st, l->email, l->ip, now, &l->retry_after,
	    &scope)) == -1)
		return -1;
	if (rc == 1 || l->plan == LOGIN_PLAN_THROTTLED) {
		throttled(l, ev, scope);
		return 0;
	}
	if (l->plan == LOGIN_PLAN_FAIL)
		return fail(st, l, ev, now);
	return login_user(st, l, ev, now);
}
