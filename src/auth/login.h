/*
 * login.h -- deciding a login: password, second factor, enrolment,
 * throttle, and the session it ends in.
 *
 * Why apart from api/session.c: the rules are the security of the whole
 * server, so they live in one module without HTTP in it. api/session.c
 * parses the body, runs login_check() on its worker thread and hands
 * login_run() to the writer; then it turns l->result into an answer.
 *
 * TWO HALVES: login_check() does the slow, read-only part (argon2id, the
 *     TOTP check) and decides a plan. login_run(), a writer job, re-checks
 *     what may have changed since (a lock, the user disabled, the seed
 *     reset, the same TOTP step used by a concurrent login), then makes
 *     the changes (session, throttle counts, enrolment) and fills the
 *     audit event in the same savepoint. Because the writer runs jobs one
 *     at a time, the throttle counts every failure and a TOTP step is
 *     accepted once, however many logins race.
 * INDISTINGUISHABLE: unknown e-mail, wrong password and disabled user all
 *     end in LOGIN_INVALID_CREDENTIALS, after one argon2id verification
 *     each (a dummy hash for unknown users); only the audit row says which.
 * AUDIT: every attempt leaves one event: user.login, user.login.fail
 *     (details.reason: unknown_user, password, disabled, otp,
 *     otp_required, enrollment_required) or user.login.throttled; a
 *     finished enrolment adds user.totp.enroll before user.login. The
 *     target is the user; for an e-mail that matches nobody, only its
 *     keyed fingerprint (details.email_fpr) is kept, never what was
 *     typed, which may be a password in the wrong field.
 */
#ifndef KAITO_AUTH_LOGIN_H
#define KAITO_AUTH_LOGIN_H

#include <stddef.h>
#include <stdint.h>

#include "audit/event.h"
#include "auth/login_totp.h"
#include "auth/secret.h"
#include "kaito_limits.h"
#include "store/store.h"

/* The zero values refuse, so a path that forgets to decide refuses. */
enum login_plan {
	LOGIN_PLAN_FAIL,		/* refused; maybe counted */
	LOGIN_PLAN_THROTTLED,		/* locked before we looked */
	LOGIN_PLAN_OTP_REQUIRED,	/* right password, no code given */
	LOGIN_PLAN_ENROLL_START,	/* show (maybe store) a pending seed */
	LOGIN_PLAN_ENROLL_FINISH,	/* first good code: enrol, log in */
	LOGIN_PLAN_OK			/* session */
};

enum login_result {
	LOGIN_INVALID_CREDENTIALS,
	LOGIN_OK,
	LOGIN_INVALID_OTP,
	LOGIN_OTP_REQUIRED,
	LOGIN_ENROLLMENT_REQUIRED,
	LOGIN_THROTTLED
};

struct login {
	/* Input (login_new). */
	char email[LIMIT_EMAIL + 1];	/* as typed */
	char ip[AUDIT_IP_LEN];
	char user_agent[LIMIT_USER_AGENT + 1];

	/* The plan (login_check). */
	enum login_plan plan;
	const char *reason;		/* static; audit details.reason */
	int bad_otp;			/* the refusal is invalid_otp */
	int replay;			/* the code was of a used step */
	int counted;			/* the refusal counts (throttle) */
	int64_t user_id;		/* 0: no such user */
	char user_email[LIMIT_EMAIL + 1];	/* as stored */
	int is_admin;
	int64_t step;			/* the accepted TOTP step */
	/* The sealed seed checked, and its length (0: none). */
	unsigned char seen[LOGIN_TOTP_SEALED_LEN];
	size_t seen_len;
	/* A sealed seed to store: new pending, or re-sealed enrolled. */
	unsigned char put[LOGIN_TOTP_SEALED_LEN];
	char session[SECRET_B64_LEN + 1];	/* cookie value (secret) */
	char csrf[SECRET_B64_LEN + 1];	/* CSRF token (secret) */

	/* The outcome (login_run). */
	enum login_result result;
	int64_t retry_after;		/* LOGIN_THROTTLED: seconds */
};

/* A new login for email from ip with user_agent; NULL when out of memory.
 * Free with login_free(). */
struct login *login_new(const char *email, const char *ip,
    const char *user_agent);

/* Wipe (tokens, seeds) and free. NULL-safe; a writer job's arg_free. */
void login_free(void *l);

/*
 * The read-only half: throttle, user, password (pw, n bytes), TOTP code
 * (otp, may be NULL). Sets l->plan and what it needs. Returns 0 or -1
 * (internal error). Slow: argon2id runs here.
 */
int login_check(struct login *l, struct store *st, const char *pw,
    size_t n, const char *otp);

/* The writer job (writer_job.run) for arg = struct login. Sets l->result
 * and fills ev. Returns 0, or -1 on a store error. */
int login_run(struct store *st, void *arg, struct audit_event *ev);

/* For LOGIN_ENROLLMENT_REQUIRED: the pending seed as base32 and as an
 * otpauth URI. Both are secrets: wipe them after use. Returns 0 or -1. */
int login_enrollment(const struct login *l, char *secret, size_t secretcap,
    char uri[LIMIT_OTP_URI]);

#endif
